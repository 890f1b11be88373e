"""The printed PDF of a two-level outline, read back with pdftotext: an area's heading, then its
own text, then each item's heading and text, in document order and each once."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.summary import SummaryTarget, build_summary
from desktop_app.ui import print_render
from desktop_app.ui.printing import write_pdf
from tests.core.outline_release import LINES, SPAN_STYLES, import_outline_release

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")


@pytest.fixture(scope="module", params=SPAN_STYLES)
def outline_kb(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"print-{request.param}")
    with KnowledgeBase.open(folder / "data", seed=False) as kb:
        doc_id = import_outline_release(kb, folder, request.param)
        yield kb, doc_id


@pytest.fixture(autouse=True)
def _app(qapp):
    print_render.load_bundled_font()


def _pdf_text(path: Path) -> str:
    """The PDF's text in reading order, without spaces and line breaks."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


_LINE = re.compile(r'<line xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>")


def _line_heights(path: Path) -> dict[str, float]:
    """Each printed line's text (spaces dropped) and its height in points: the size it is
    set in, so heading levels can be told apart."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return {"".join(_WORD.findall(body)): round(float(y1) - float(y0), 1) for y0, y1, body in _LINE.findall(out)}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_in_order_once(text: str, lines) -> None:
    positions = [text.find(_squash(line)) for line in lines]
    assert -1 not in positions, [line for line, at in zip(lines, positions, strict=True) if at < 0]
    assert positions == sorted(positions), positions
    for line in lines:
        assert text.count(_squash(line)) == 1, f"printed {text.count(_squash(line))} times: {line}"


def test_an_area_pdf_prints_its_heading_then_its_items_in_order(outline_kb, tmp_path):
    kb, doc_id = outline_kb
    area = next(s for s in kb.document(doc_id).sections if s.heading == LINES[2])
    path = tmp_path / "area.pdf"
    write_pdf(build_summary(kb, SummaryTarget.sections([area.id])), path)
    text = _pdf_text(path)
    # area heading, its own text, item 1 heading and text, item 2 heading and text
    _assert_in_order_once(text, LINES[2:8])
    assert LINES[8] not in text  # the next area is not printed
    # heading levels: the area's heading is set larger than its items', theirs larger than text
    heights = _line_heights(path)
    assert heights[LINES[2]] > heights[LINES[4]] == heights[LINES[6]] > heights[LINES[3]]


def test_a_document_pdf_nests_every_item_under_its_area(outline_kb, tmp_path):
    kb, doc_id = outline_kb
    path = tmp_path / "doc.pdf"
    write_pdf(build_summary(kb, SummaryTarget.document(doc_id)), path)
    _assert_in_order_once(_pdf_text(path), LINES[2:16])
    heights = _line_heights(path)
    areas = {heights[line] for line in (LINES[2], LINES[8], LINES[12])}
    items = {heights[line] for line in (LINES[4], LINES[6], LINES[10])}
    assert len(areas) == len(items) == 1 and areas.pop() > items.pop()


def test_ticked_area_and_other_heading_print_with_their_items(outline_kb, tmp_path):
    """Two level-1 sections ticked (one an `other` heading with priority items): each is
    followed by its own items, as the tree lists them."""
    kb, doc_id = outline_kb
    by_heading = {s.heading: s.id for s in kb.document(doc_id).sections}
    path = tmp_path / "ticked.pdf"
    target = SummaryTarget.sections([by_heading[LINES[8]], by_heading[LINES[12]]])
    write_pdf(build_summary(kb, target), path)
    text = _pdf_text(path)
    _assert_in_order_once(text, [LINES[8], LINES[9], LINES[10], LINES[11], LINES[12], LINES[13], LINES[14]])
    assert "共2节" in text
    heights = _line_heights(path)
    assert heights[LINES[8]] == heights[LINES[12]] > heights[LINES[10]] > heights[LINES[11]]
