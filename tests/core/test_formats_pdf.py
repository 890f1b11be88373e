"""Importing PDF releases: the text layer read in order with its wrapped lines
joined, in the encodings Chinese PDFs use; encrypted, scanned, garbled, oversized and
damaged PDFs refused with what to do."""
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from desktop_app.core import formats, formats_pdf, parser
from desktop_app.core.errors import InputError
from tests.hostile import pdfs

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
RELEASE = CORPUS / "10_daqing-rural-economy-2014.txt"


def comparable(document) -> tuple[list, list]:
    """What a release is found to hold, without offsets (which depend on line breaks)."""
    sections = [(s.kind, s.number, s.heading) for s in document.sections]
    metrics = [(m.text, m.value, m.unit, m.kind, m.label, m.section) for m in document.metrics]
    return sections, metrics


@pytest.fixture(scope="module")
def from_text():
    return comparable(parser.parse_text(RELEASE.read_text("utf-8"), file=RELEASE.name))


@pytest.mark.parametrize("encoding", ["tounicode", "ucs2", "gbk"])
@pytest.mark.parametrize("columns", [1, 2])
def test_pdf_release_finds_what_its_text_finds(tmp_path, from_text, encoding, columns):
    """Identity-H with ToUnicode, UniGB-UCS2-H and GBK-EUC-H without one, in one column and
    in two: the same sections and figures as the .txt, lines broken inside numbers joined."""
    path = pdfs.text_pdf(tmp_path, f"发布稿-{encoding}-{columns}.pdf", RELEASE.read_text("utf-8"), encoding, columns)
    document = formats.load_release(path)
    assert document.encoding == "pdf" and document.file == path.name
    assert comparable(document) == from_text


def test_pdf_is_a_supported_suffix():
    assert formats.is_supported("稿件.PDF") and ".pdf" in formats.supported_suffixes()


def _refusal(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        formats.load_release(path)
    assert path.name in str(caught.value) and path.name in caught.value.english
    return caught.value


def test_password_protected_pdf_is_refused_as_encrypted(tmp_path):
    error = _refusal(pdfs.encrypted_pdf(tmp_path, "加密.pdf"))
    assert "密码" in str(error) and "password" in error.english and "encrypted" in error.english


def test_pdf_that_opens_without_a_password_imports_despite_its_restrictions(tmp_path):
    """Owner-password PDFs (no copying or printing) open in every reader: they import."""
    document = formats.load_release(pdfs.encrypted_pdf(tmp_path, "限制.pdf", "通知标题\n正文共3项。", user_password=""))
    assert document.title == "通知标题" and [m.text for m in document.metrics] == ["3项"]


def test_scanned_pdf_is_refused_as_having_no_text_layer(tmp_path):
    error = _refusal(pdfs.scanned_pdf(tmp_path, "扫描件.pdf"))
    assert "扫描件" in str(error) and "OCR" in str(error) and "no text layer" in error.english


def test_pdf_whose_fonts_map_no_characters_is_refused_not_imported_as_garbage(tmp_path):
    error = _refusal(pdfs.text_pdf(tmp_path, "乱码.pdf", RELEASE.read_text("utf-8"), "identity"))
    assert "乱码" in str(error) and "garbage" in error.english


@pytest.mark.parametrize("disguise", ["", "image", "endstream"])
def test_flate_bomb_is_refused_in_bounded_memory(tmp_path, disguise):
    """1 GiB of drawing in a 1 MB file: refused after inflating at most ~20 MB, a piece at a
    time (PDFium inflated it whole: 14 s and 2 GB) — also when its dict claims a 1×1 picture
    or its compressed bytes hold "endstream" (both got past the first check: 538 MB for 256 MiB)."""
    path = pdfs.flate_bomb_pdf(tmp_path, "炸弹.pdf", 1024 if not disguise else 256, disguise)
    tracemalloc.start()
    try:
        error = _refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "MB" in str(error) and "炸弹.pdf" in str(error)
    assert peak < 8 * 1024 * 1024


def test_a_large_scanned_page_is_not_taken_for_a_bomb(tmp_path):
    """A picture inflates to what its dimensions say (here 2480×3508 grey, A4 at 300 dpi)."""
    path = pdfs.scanned_pdf(tmp_path, "大扫描件.pdf", pages=1, width=2480, height=3508)
    assert "no text layer" in _refusal(path).english


def test_pdf_of_too_many_pages_is_refused(tmp_path):
    error = _refusal(pdfs.many_pages_pdf(tmp_path, "书.pdf", formats_pdf.MAX_PAGES + 1))
    assert str(formats_pdf.MAX_PAGES + 1) in str(error)


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%binary\n", b"%PDF-1.7\n" + bytes(range(256)) * 4, b"not a pdf at all"])
def test_damaged_pdf_is_refused(tmp_path, data):
    path = tmp_path / "坏.pdf"
    path.write_bytes(data)
    error = _refusal(path)
    assert "PDF" in str(error) and ".docx" in str(error)


def test_cli_refuses_a_scanned_pdf_with_exit_2_and_one_line(tmp_path):
    path = pdfs.scanned_pdf(tmp_path, "scan.pdf")
    result = subprocess.run([sys.executable, "-m", "desktop_app", "parse", str(path)], capture_output=True)
    err = result.stderr.decode("utf-8").strip()
    assert result.returncode == 2 and result.stdout == b"" and len(err.splitlines()) == 1 and "OCR" in err


def test_cli_parses_a_pdf(tmp_path):
    path = pdfs.text_pdf(tmp_path, "release.pdf", RELEASE.read_text("utf-8"), "gbk")
    result = subprocess.run([sys.executable, "-m", "desktop_app", "parse", str(path), "--json"], capture_output=True)
    data = json.loads(result.stdout.decode("utf-8"))
    assert data["encoding"] == "pdf" and data["title"] == "我市农村经济在新常态下稳步发展"


def test_page_numbers_and_lone_lines_are_not_joined():
    """A lone page number at the foot of a page is dropped; short lines end paragraphs."""
    lines = [formats_pdf._Line("一、标题", 56, 104), formats_pdf._Line("正文" * 10 + "。", 56, 308),
             formats_pdf._Line("- 3 -", 280, 310)]
    assert formats_pdf._paragraphs([formats_pdf._drop_page_numbers(lines)]) == ["一、标题", "正文" * 10 + "。"]


def test_joining_lines_is_bounded_on_pages_of_many_lines(monkeypatch):
    """Lines are compared with their page's lines only up to a bound: past it they stay apart."""
    compared = []
    real = formats_pdf._Line.overlaps
    monkeypatch.setattr(formats_pdf._Line, "overlaps", lambda a, b: compared.append(1) or real(a, b))
    page = [formats_pdf._Line("正文" * 20, 56, 536)] * 5000
    assert len(formats_pdf._paragraphs([page])) == 5000 and compared == []
    few = [formats_pdf._Line("正文" * 20, 56, 536)] * 3
    assert formats_pdf._paragraphs([few] * 10_000) == ["正文" * 20] * 30_000 and compared == []


def test_running_headers_and_footers_are_dropped_not_the_title():
    """A header or footer repeated on the pages (page numbers aside) is no part of the release."""
    def line(text):
        return formats_pdf._Line(text, 56, 56 + 12 * len(text))
    pages = [[line("某市人民政府公报"), line("标题"), line("正文一。"), line("第 1 页 / 共 2 页")],
             [line("某市人民政府公报"), line("正文二。"), line("第 2 页 / 共 2 页")]]
    assert [[x.text for x in p] for p in formats_pdf._drop_running_lines(pages)] == [["标题", "正文一。"], ["正文二。"]]
