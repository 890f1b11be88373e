"""Printing as an office worker expects it: preview and PDF without a printer,
“no printer” only when printing, after the scope; the scope dialog starts on what is
shown and remembers the choice; a PDF is offered under the release's title in the
documents folder, then opened from the message that says where it went."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.summary import SummaryTarget
from desktop_app.ui import dialogs, i18n, print_render, printing
from desktop_app.ui.dialogs import pdf_saved as real_pdf_saved  # before the window's tests patch it
from desktop_app.ui.printing import Scope, preselected_scope
from desktop_app.ui.scope_dialog import ScopeDialog
from tests.ui.test_search import type_query

TAB_CONTENTS = 0


@pytest.fixture
def no_printer(monkeypatch):
    """A machine without printers; the preview dialog shows, counts its pages and closes."""
    pages: list[int] = []

    def fake_exec(dialog):
        dialog.show()
        pages.append(dialog.findChild(QPrintPreviewWidget).pageCount())
        dialog.close()
        return 0

    monkeypatch.setattr(print_render.QPrinterInfo, "availablePrinters", staticmethod(list))
    monkeypatch.setattr(printing.QPrintPreviewDialog, "exec", fake_exec)
    return pages


def scopes(*kinds: str) -> list[Scope]:
    return [Scope(kind, SummaryTarget.document(number + 1), kind) for number, kind in enumerate(kinds)]


def test_the_scope_dialog_starts_on_what_is_shown_not_on_the_search():
    """Before: “Current search results” was always first and chosen, even while the user
    read a document in the tree."""
    offered = scopes("search", "document")
    assert preselected_scope(offered, "document", None) == 1
    assert preselected_scope(scopes("ticked", "section", "search", "document"), "section", None) == 1
    assert preselected_scope(scopes("ticked", "section", "document"), "section", "ticked") == 0
    assert preselected_scope(offered, None, "document") == 1
    assert preselected_scope(offered, "section", None) == 0


def test_the_scope_dialog_shows_each_scope_in_full_and_checks_the_one_given(qtbot):
    long = "当前检索结果：" + "网格员 AND 平安建设 OR 扫黑除恶专项斗争 " * 4
    dialog = ScopeDialog(["勾选的段落（3）", long, "整篇文档"], 2)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert [label.text() for label in dialog.labels] == ["勾选的段落（3）", long, "整篇文档"]
    assert dialog.chosen() == 2 and dialog.buttons[2].isChecked()
    label = dialog.labels[1]
    assert label.wordWrap() and label.height() >= label.heightForWidth(label.width())  # every line shows
    assert dialog.width() <= 700
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)  # the text chooses its scope too
    assert dialog.chosen() == 1


def print_actions(window) -> printing.PrintActions:
    """The window's File → Print… actions (a child of the window, as they live as long)."""
    return window.findChild(printing.PrintActions, "print_actions")


def scope_offer(dialog_calls) -> tuple[list[str], int]:
    (_parent, labels, current), = dialog_calls.named("choose_print_scope")
    return labels, current


def test_reading_a_document_after_a_search_preselects_the_document_and_the_choice_is_kept(
        window, qtbot, dialog_calls, tmp_path):
    type_query(window, qtbot, "网格员")
    doc_id = window.session.documents[0].id
    window._show_tab(TAB_CONTENTS)
    window.show_document(doc_id)
    assert window.print_focus() == "document"
    dialog_calls.answers["choose_print_scope"] = None  # cancelled
    print_actions(window).pdf_action.trigger()
    labels, current = scope_offer(dialog_calls)
    assert labels[current] == "整篇文档" and any("网格员" in label for label in labels)
    assert dialog_calls.named("save_file") == []  # cancelled: nothing asked further

    search = next(i for i, label in enumerate(labels) if "网格员" in label)
    dialog_calls.answers["choose_print_scope"] = search  # this time the user prints the search
    dialog_calls.calls.clear()
    print_actions(window).pdf_action.trigger()
    assert printing.read_str(printing.open_settings(), printing.SCOPE_KEY) == "search"

    window.show_section(window.search_panel.model.hits()[0].section_id)  # via the tree, say
    window._show_tab(TAB_CONTENTS)
    window.show_document(doc_id)
    dialog_calls.calls.clear()
    dialog_calls.answers["choose_print_scope"] = None
    print_actions(window).pdf_action.trigger()
    labels, current = scope_offer(dialog_calls)
    assert labels[current] == "整篇文档"  # what is shown wins over the remembered search


def test_without_a_printer_preview_works_and_print_says_so_only_after_the_scope(
        window, qtbot, dialog_calls, no_printer):
    """Before: Print Preview asked for the scope, then refused: “no printer installed”."""
    type_query(window, qtbot, "网格员")  # two scopes at least: the section and the search
    dialog_calls.answers["choose_print_scope"] = 0
    print_actions(window).preview_action.trigger()
    assert no_printer and no_printer[0] >= 1
    assert dialog_calls.named("show_error") == []
    dialog_calls.calls.clear()
    print_actions(window).print_action.trigger()
    names = [name for name, _args in dialog_calls.calls]
    assert names == ["choose_print_scope", "show_error"]
    assert "打印机" in dialog_calls.named("show_error")[0][1].text


def test_pdf_export_starts_in_the_documents_folder_with_the_releases_title_and_remembers_the_folder(
        window, dialog_calls, tmp_path, no_printer):
    """Before: the dialog offered “<title>.pdf” relative to the program's working folder."""
    doc_id = window.session.documents[0].id
    window.show_document(doc_id)
    title = window.kb().document(doc_id).title
    out = tmp_path / "exports" / "summary.pdf"
    out.parent.mkdir()
    dialog_calls.answers["save_file"] = str(out)
    print_actions(window).pdf_action.trigger()
    (_parent, _caption, suggested, _filter), = dialog_calls.named("save_file")
    suggested = Path(suggested)
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    assert suggested.parent == (documents if documents.is_dir() else Path.home())
    assert suggested.is_absolute() and suggested.suffix == ".pdf"
    assert suggested.stem == printing._file_name(title)[:-4] and "000_fdae" not in suggested.name
    assert out.is_file() and dialog_calls.named("pdf_saved") == [(window, out)]

    dialog_calls.calls.clear()
    print_actions(window).pdf_action.trigger()
    (_parent, _caption, suggested, _filter), = dialog_calls.named("save_file")
    assert Path(suggested).parent == out.parent  # the folder used last


def test_a_sections_pdf_is_named_after_its_release_and_heading(window):
    kb = window.kb()
    doc = kb.document(window.session.documents[0].id)
    section = next(s for s in doc.sections if s.kind == "achievement")
    target = SummaryTarget.sections([section.id])
    name = printing.suggested_pdf_name(kb, target, printing.core_summary.build_summary(kb, target))
    assert name.startswith(printing._file_name(doc.title)[:10]) and name.endswith(".pdf")
    assert "/" not in name and "\\n" not in name


@pytest.fixture
def chinese(qapp):
    translations = i18n.Translations()
    translations.install("zh_CN")
    yield
    translations.remove()


def test_the_saved_message_opens_the_file_or_its_folder(chinese, tmp_path, monkeypatch):
    pdf = tmp_path / "摘要.pdf"
    pdf.write_bytes(b"%PDF")
    opened = []
    monkeypatch.setattr(dialogs.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    for wanted, expected in (("打开文件", str(pdf)), ("打开所在文件夹", str(tmp_path))):
        def click(box, wanted=wanted):
            texts = [b.text() for b in box.buttons()]
            assert "打开文件" in texts and "打开所在文件夹" in texts and str(pdf) in box.text()
            next(b for b in box.buttons() if b.text() == wanted).click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", click)
        real_pdf_saved(None, pdf)
        assert opened[-1] == expected
