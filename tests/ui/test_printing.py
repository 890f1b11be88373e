"""Printed summaries: real text in the PDF, pages laid out by hand, printing refused sanely."""
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QKeySequence, QPageSize
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QMainWindow

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.summary import SummaryTarget, build_summary, document_summary
from desktop_app.selftest import pdf_text
from desktop_app.ui import dialogs, print_render, printing
from desktop_app.ui.printing import (
    Measure,
    layout_summary,
    make_pdf_writer,
    make_printer,
    paginate,
    write_pdf,
)

REPO = Path(__file__).resolve().parents[2]
MARKUP = "<b>x</b><script>alert(1)</script>"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    with KnowledgeBase.open(tmp_path_factory.mktemp("kb"), seed=True) as knowledge_base:
        yield knowledge_base


@pytest.fixture(autouse=True)
def _app(qapp):
    print_render.load_bundled_font()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def _numbered_sections(kb):
    doc_id = kb.documents()[0].id
    return [s for s in kb.sections(doc_id) if s.info.kind in ("achievement", "priority")]


def _fonts_embedded(path: Path) -> list[bool]:
    """For every font a page uses: is its glyph program inside the PDF?"""
    found = []
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                found.append(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    return found


def test_each_section_pdf_has_its_heading_and_every_metric_as_real_text(kb, tmp_path):
    sections = _numbered_sections(kb)
    assert len(sections) == 10
    for record in sections:
        path = tmp_path / f"section-{record.info.id}.pdf"
        write_pdf(build_summary(kb, SummaryTarget.sections([record.info.id])), path)
        text = _squash("".join(_pdf_pages(path)))
        assert "\ufffd" not in text
        assert pdf_text(path.read_bytes()).unmapped == 0, "glyphs without a character print as boxes"
        assert _squash(record.info.heading) in text
        for metric in record.metrics:
            assert _squash(metric.text) in text, metric.text
        assert _squash(record.doc.title) in text  # the source line names the release
        assert all(_fonts_embedded(path))


def test_document_pdf_has_all_headings_in_order_and_page_numbers(kb, tmp_path):
    path = tmp_path / "doc.pdf"
    doc_id = kb.documents()[0].id
    pages = write_pdf(build_summary(kb, SummaryTarget.document(doc_id)), path)
    texts = [_squash(t) for t in _pdf_pages(path)]
    assert len(texts) == pages >= 2
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页/共{pages}页" in text
        assert "打印日期" in text
    whole = "".join(texts)
    positions = [whole.find(_squash(s.info.heading)) for s in _numbered_sections(kb)]
    assert -1 not in positions and positions == sorted(positions)


def test_markup_in_an_imported_document_prints_as_text(kb, tmp_path):
    seed = (REPO / "seeds" / "000_fdae50e4b2650f6d.txt").read_text(encoding="utf-8")
    marked = seed.replace("健全完善网格员队伍管理", f"健全完善网格员{MARKUP}队伍管理")
    source = tmp_path / "markup.txt"
    source.write_text(marked, encoding="utf-8")
    report = kb.import_paths([source])
    doc_id = report.imported[0][1]
    try:
        summary = build_summary(kb, SummaryTarget.document(doc_id))
        html = summary.html()
        assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>" not in html
        path = tmp_path / "markup.pdf"
        write_pdf(summary, path)
        assert MARKUP in _squash("".join(_pdf_pages(path)))
    finally:
        kb.delete_document(doc_id)


def test_table_rows_never_split_and_headings_never_end_a_page(kb, tmp_path):
    """On small pages, many breaks: each row whole, each header repeated, no stranded heading."""
    doc_id = kb.documents()[0].id
    summary = build_summary(kb, SummaryTarget.document(doc_id))
    printer = make_pdf_writer(tmp_path / "a6.pdf", page_size=QPageSize(QPageSize.PageSizeId.A6))
    layout = layout_summary(summary, printer)
    blocks = summary.blocks
    assert len(layout.pages) > 5
    for page in layout.pages:
        for piece in page:
            if blocks[piece.index].role in ("table_row", "table_head", "heading", "kicker"):
                assert (piece.y0, piece.y1) == (0, layout.documents[piece.index].size().height())
        assert not blocks[page[-1].index].keep_with_next
        first = blocks[page[0].index]
        if first.role == "table_row":
            pytest.fail("a continued table starts without its header")
    continued = [p for p in layout.pages if blocks[p[0].index].role == "table_head"
                 and blocks[p[1].index].role == "table_row"
                 and p[0].index != p[1].index - 1]
    assert continued, "expected at least one table continued with its header repeated"


def test_paginate_keeps_a_heading_with_the_start_of_the_next_block():
    items = [Measure(80), Measure(10, keep_with_next=True, role="heading"),
             Measure(50, breaks=(20, 30, 40))]
    pages = paginate(items, 100)
    assert [[p.index for p in page] for page in pages] == [[0], [1, 2]]


def test_paginate_splits_paragraphs_only_at_their_breaks():
    items = [Measure(55), Measure(60, breaks=(15, 30, 45))]
    pages = paginate(items, 100)
    assert [(p.index, p.y0, p.y1) for p in pages[0]] == [(0, 0, 55), (1, 0, 45)]
    assert [(p.index, p.y0, p.y1, p.top) for p in pages[1]] == [(1, 45, 60, 0)]


def test_paginate_repeats_the_table_header_on_a_continued_page():
    items = [Measure(70), Measure(10, keep_with_next=True, table=1, role="table_head")]
    items += [Measure(12, table=1, role="table_row") for _ in range(3)]
    pages = paginate(items, 100)
    assert [[p.index for p in page] for page in pages] == [[0, 1, 2], [1, 3, 4]]


def test_paginate_drops_space_before_at_the_top_of_a_page():
    pages = paginate([Measure(90), Measure(20, space_before=15)], 100)
    assert pages[1][0].top == 0


def test_printing_without_a_printer_is_refused_and_preview_and_pdf_export_still_work(kb, tmp_path, monkeypatch):
    """Before: the preview was refused too, with “no printer”."""
    shown, previewed = [], []

    def fake_exec(dialog):
        dialog.show()
        previewed.append(dialog.findChild(QPrintPreviewWidget).pageCount())
        dialog.close()
        return 0

    monkeypatch.setattr(print_render.QPrinterInfo, "availablePrinters", staticmethod(list))
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    monkeypatch.setattr(printing, "QPrintDialog", None)  # must never be reached
    monkeypatch.setattr(printing.QPrintPreviewDialog, "exec", fake_exec)
    target = SummaryTarget.sections([_numbered_sections(kb)[0].info.id])
    assert printing.print_dialog(None, kb, target) is False
    assert len(shown) == 1
    assert "No printer" in shown[0].text and "Export PDF" in shown[0].advice
    assert printing.print_preview(None, kb, target) is True
    assert previewed and previewed[0] >= 1 and len(shown) == 1
    path = printing.export_pdf(None, kb, target, tmp_path / "out.pdf")
    assert path is not None and path.exists()
    assert _squash(_numbered_sections(kb)[0].info.heading) in _squash("".join(_pdf_pages(path)))


def test_pdf_export_never_asks_the_print_system(kb, tmp_path, monkeypatch):
    """Making a QPrinter (or listing printers) asks CUPS over TCP: PDF export must do neither
    (the subprocess check with a listening port is in test_no_network.py)."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("PDF export reached the print system")

    monkeypatch.setattr(print_render, "QPrinter", refuse)
    monkeypatch.setattr(print_render.QPrinterInfo, "availablePrinters", staticmethod(refuse))
    monkeypatch.setattr(print_render.QPrinterInfo, "defaultPrinter", staticmethod(refuse))
    target = SummaryTarget.sections([_numbered_sections(kb)[0].info.id])
    path = printing.export_pdf(None, kb, target, tmp_path / "quiet.pdf")
    assert path is not None and _pdf_pages(path)


def test_an_unwritable_pdf_names_the_file(kb, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    target = SummaryTarget.sections([_numbered_sections(kb)[0].info.id])
    blocked = tmp_path / "folder.pdf"
    blocked.mkdir()  # a folder where the file should go: the PDF writer cannot open it
    assert printing.export_pdf(None, kb, target, blocked) is None
    assert shown and str(blocked) in shown[0].full_text()


def test_unknown_section_shows_a_message_instead_of_a_traceback(kb, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    assert printing.export_pdf(None, kb, SummaryTarget.sections([99999]), tmp_path / "x.pdf") is None
    assert shown and "99999" in shown[0].text
    assert not (tmp_path / "x.pdf").exists()


def test_print_preview_renders_the_summary(kb, monkeypatch):
    pages = []

    def fake_exec(dialog):
        dialog.show()
        pages.append(dialog.findChild(QPrintPreviewWidget).pageCount())
        dialog.close()
        return 0

    monkeypatch.setattr(print_render.QPrinterInfo, "availablePrinters", staticmethod(lambda: ["lp"]))
    monkeypatch.setattr(printing.QPrintPreviewDialog, "exec", fake_exec)
    doc_id = kb.documents()[0].id
    assert printing.print_preview(None, kb, SummaryTarget.document(doc_id))
    assert pages and pages[0] >= 2


def test_page_size_is_a4_by_default_and_remembered(tmp_path):
    assert printing.remembered_page_size().id() == QPageSize.PageSizeId.A4
    printing.remember_page_size(make_printer(page_size=QPageSize(QPageSize.PageSizeId.A5)))
    assert printing.remembered_page_size().id() == QPageSize.PageSizeId.A5
    assert make_printer().pageLayout().pageSize().id() == QPageSize.PageSizeId.A5
    assert make_pdf_writer(tmp_path / "x.pdf").pageLayout().pageSize().id() == QPageSize.PageSizeId.A5


class _Window(QMainWindow):
    """Stands in for the main window (a printing.PrintableWindow): a File menu with Quit
    and no anchor for the print actions, and the selection hooks."""

    def __init__(self, kb, section_ids=(), checked=(), doc_id=None, search=None):
        super().__init__()
        self._kb = kb
        self.file_menu = self.menuBar().addMenu("File")
        self.menus = SimpleNamespace(file=self.file_menu, print_anchor=None)
        self.quit_action = self.file_menu.addAction("Quit")
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self._hooks = (list(section_ids), list(checked), doc_id, search)

    def kb(self):
        return self._kb

    def print_focus(self):
        return None

    def current_section_ids(self):
        return self._hooks[0]

    def checked_section_ids(self):
        return self._hooks[1]

    def current_doc_id(self):
        return self._hooks[2]

    def current_search(self):
        return self._hooks[3]


def test_file_menu_gets_print_preview_and_pdf_before_quit(kb, qtbot):
    window = _Window(kb)
    qtbot.addWidget(window)
    actions = printing.install_print_actions(window)
    menu_actions = window.file_menu.actions()
    assert menu_actions.index(actions.print_action) < menu_actions.index(window.quit_action)
    assert QKeySequence("Ctrl+P") in actions.print_action.shortcuts()
    assert {actions.preview_action, actions.pdf_action} <= set(menu_actions)


def test_export_pdf_action_prints_the_current_section(kb, qtbot, tmp_path, monkeypatch):
    record = _numbered_sections(kb)[1]
    window = _Window(kb, section_ids=[record.info.id])
    qtbot.addWidget(window)
    actions = printing.install_print_actions(window)
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(tmp_path / "current"))
    saved = []
    monkeypatch.setattr(dialogs, "pdf_saved", lambda parent, path: saved.append(path))
    actions.pdf_action.trigger()
    assert saved == [tmp_path / "current.pdf"]
    text = _squash("".join(_pdf_pages(tmp_path / "current.pdf")))
    assert _squash(record.info.heading) in text


def test_scopes_offer_ticked_sections_search_current_section_and_document(kb):
    window = _Window(kb, section_ids=[3], checked=[3, 9], doc_id=1, search="网格员")
    scopes = printing.available_scopes(window)
    targets = [s.target for s in scopes]
    assert targets == [SummaryTarget.sections([3, 9]), SummaryTarget.sections([3]),
                       SummaryTarget.search("网格员"), SummaryTarget.document(1)]
    assert printing.choose_scope(None, scopes[1:2]) == SummaryTarget.sections([3])


def test_search_summary_pdf_marks_both_sections_that_mention_the_word(kb, tmp_path):
    path = tmp_path / "search.pdf"
    write_pdf(build_summary(kb, SummaryTarget.search("网格员")), path)
    text = _squash("".join(_pdf_pages(path)))
    assert "检索结果：网格员" in text
    assert "社会治理基层基础持续夯实筑牢" in text and "进一步夯实网格化管理根基" in text


def test_cli_writes_pdf_and_html_headless(kb, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    data = tmp_path / "cli-data"
    section = _numbered_sections(kb)[0]
    for option, name in (("--pdf", "s.pdf"), ("--html", "s.html")):
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "summary", "--section", str(section.info.id),
             option, str(tmp_path / name), "--data-dir", str(data)],
            check=True, cwd=REPO, env=env, capture_output=True, timeout=120,
        )
    assert _squash(section.info.heading) in _squash("".join(_pdf_pages(tmp_path / "s.pdf")))
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert section.info.heading in html and "<table" in html


def test_cli_reports_an_unknown_section_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "summary", "--section", "4242", "--html",
         str(tmp_path / "x.html"), "--data-dir", str(tmp_path / "d")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "4242" in result.stderr and "Traceback" not in result.stderr


def test_document_summary_without_sections_still_prints_one_page(kb, tmp_path):
    doc = kb.documents()[0]
    assert write_pdf(document_summary(doc, []), tmp_path / "empty.pdf") == 1


def test_many_exports_in_one_process_do_not_abort_python(tmp_path):
    """Guards the PySide6 pin: 6.12.0 on Python 3.11 drops a reference to None on every void
    call and aborts the interpreter after a few exports (none_dealloc)."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop_app.core.kb import KnowledgeBase\n"
        "from desktop_app.core.summary import SummaryTarget, build_summary\n"
        "from desktop_app.ui.printing import write_pdf\n"
        "app = QApplication(['t'])\n"
        f"with KnowledgeBase.open({str(tmp_path / 'd')!r}) as kb:\n"
        "    summary = build_summary(kb, SummaryTarget.document(kb.documents()[0].id))\n"
        f"for _ in range(12): write_pdf(summary, {str(tmp_path / 'x.pdf')!r})\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-500:]


def test_real_window_exports_the_section_it_shows(window, dialog_calls, tmp_path, monkeypatch):
    """File → Export PDF… on Zhiku's own window, with the “用” priority open."""
    actions = window.findChild(printing.PrintActions, "print_actions")
    file_actions = window.menus.file.actions()
    assert file_actions.index(actions.pdf_action) < file_actions.index(window.commands.backup)
    assert QKeySequence("Ctrl+P") in actions.print_action.shortcuts()
    kb = window.kb()
    record = [s for s in _numbered_sections(kb) if s.info.keyword == "用"][0]
    window.show_section(record.info.id)
    offered = []
    monkeypatch.setattr(printing, "choose_scope",
                        lambda parent, scopes: offered.extend(scopes) or scopes[0].target)
    dialog_calls.answers["save_file"] = str(tmp_path / "window.pdf")
    actions.pdf_action.trigger()
    assert offered[0].target == SummaryTarget.sections([record.info.id])
    assert SummaryTarget.document(record.info.doc_id) in [s.target for s in offered]
    text = _squash("".join(_pdf_pages(tmp_path / "window.pdf")))
    assert _squash(record.info.heading) in text


# ------------------------------------------------ a PDF is written whole or not at all

needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
def test_summary_refuses_a_device_as_its_pdf(kb, capsys):
    """Before: `summary --pdf /dev/full` printed "/dev/full (5 页 / pages)" and exited 0."""
    from desktop_app.cli import main

    assert main(["summary", "--doc", "1", "--pdf", "/dev/full", "--data-dir", str(kb.data_dir)]) == 2
    err = capsys.readouterr().err
    assert "不是普通文件" in err and "not a regular file" in err and "/dev/full" in err
    assert Path("/dev/full").is_char_device()


def _disk_full_beside(monkeypatch, tmp_path) -> Path:
    """Every PDF's temporary file is a link to /dev/full: each write fails with ENOSPC,
    as on a full disk."""
    link = tmp_path / ".full.tmp"
    link.symlink_to("/dev/full")
    monkeypatch.setattr(print_render, "temporary_beside", lambda path: link)
    return link


@needs_dev_full
def test_a_full_disk_exits_2_and_leaves_the_earlier_pdf(kb, tmp_path, monkeypatch, capsys):
    """QPdfWriter reports no write error: the PDF was truncated and "5 pages" printed."""
    from desktop_app.cli import main

    link = _disk_full_beside(monkeypatch, tmp_path)
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"%PDF earlier")
    assert main(["summary", "--doc", "1", "--pdf", str(out), "--data-dir", str(kb.data_dir)]) == 2
    captured = capsys.readouterr()
    assert "磁盘空间不足" in captured.err and "No space left on device" in captured.err
    assert str(out) in captured.err and captured.out == ""
    assert out.read_bytes() == b"%PDF earlier" and not link.exists() and not link.is_symlink()
    assert Path("/dev/full").is_char_device()


@needs_dev_full
def test_the_window_says_the_pdf_was_not_written_on_a_full_disk(kb, tmp_path, monkeypatch):
    _disk_full_beside(monkeypatch, tmp_path)
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    out = tmp_path / "export.pdf"
    assert printing.export_pdf(None, kb, SummaryTarget.document(1), out) is None
    assert not out.exists() and len(shown) == 1
    assert str(out) in shown[0].text and "space" in shown[0].text.lower()


def test_a_written_pdf_is_whole_and_no_temporary_file_stays(kb, tmp_path):
    out = tmp_path / "whole.pdf"
    assert write_pdf(build_summary(kb, SummaryTarget.document(1)), out) > 1
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
    assert [p.name for p in tmp_path.iterdir()] == ["whole.pdf"]
