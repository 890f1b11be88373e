"""Printed summaries of a two-level outline: items under their area, one heading level down,
in document order, each text once, whichever way the parser writes the spans."""
from __future__ import annotations

import re

import pytest

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.records import SearchHit, SearchResult
from desktop_app.core.summary import Summary, SummaryTarget, build_summary, search_summary
from tests.core.outline_release import LINES, SPAN_STYLES, import_outline_release

AREA_1 = [LINES[2], LINES[3], LINES[4], LINES[5], LINES[6], LINES[7]]  # heading, text, two items


@pytest.fixture(scope="module", params=SPAN_STYLES)
def outline_kb(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"outline-{request.param}")
    with KnowledgeBase.open(folder / "data", seed=False) as kb:
        doc_id = import_outline_release(kb, folder, request.param)
        yield kb, {s.heading: s for s in kb.document(doc_id).sections if s.heading}, doc_id


def _plain(summary: Summary) -> str:
    """The summary's text as a reader sees it, one block a line."""
    return "\n".join(re.sub(r"<[^>]+>", "", block.html) for block in summary.blocks)


def _in_order(text: str, lines: list[str]) -> list[int]:
    return [text.find(line) for line in lines]


def _subheadings(summary: Summary) -> list[str]:
    return [re.sub(r"<[^>]+>", "", b.html) for b in summary.blocks if 'class="subheading"' in b.html]


def test_printing_an_area_prints_its_items_under_it_in_order(outline_kb):
    kb, by_heading, _doc = outline_kb
    summary = build_summary(kb, SummaryTarget.sections([by_heading["一、工业生产稳中有进"].id]))
    text = _plain(summary)
    positions = _in_order(text, AREA_1)
    assert -1 not in positions and positions == sorted(positions)
    assert _subheadings(summary) == ["（一）高技术制造业较快增长", "（二）装备制造业支撑有力"]
    assert summary.title.endswith("一、工业生产稳中有进")  # one area: its own title, no 章节摘要
    for line in AREA_1[1:]:
        assert text.count(line) == 1, f"printed more than once: {line}"
    # every figure of the area and its items is in a table
    for figure in ("6.1%", "9.8%", "1.2个百分点", "7.5%"):
        assert f">{figure}<" in summary.body_html()


def test_an_item_ticked_with_its_area_is_printed_once_under_it(outline_kb):
    kb, by_heading, _doc = outline_kb
    area, item = by_heading["二、消费市场持续恢复"], by_heading["（一）服务消费活力释放"]
    summary = build_summary(kb, SummaryTarget.sections([area.id, item.id]))
    text = _plain(summary)
    assert text.count(LINES[11]) == 1
    assert _subheadings(summary) == ["（一）服务消费活力释放"]
    assert "章节摘要" not in summary.title


def test_an_item_printed_alone_names_its_area_above_its_heading(outline_kb):
    kb, by_heading, _doc = outline_kb
    summary = build_summary(kb, SummaryTarget.sections([by_heading["（二）装备制造业支撑有力"].id]))
    roles = [(b.role, re.sub(r"<[^>]+>", "", b.html)) for b in summary.blocks[:2]]
    assert roles == [("kicker", "主要成效（一） 一、工业生产稳中有进"), ("heading", "（二）装备制造业支撑有力")]
    assert LINES[3] not in _plain(summary)  # the area's own text is not printed


def test_document_summary_nests_items_and_counts_areas_only(outline_kb):
    kb, _by_heading, doc_id = outline_kb
    summary = build_summary(kb, SummaryTarget.document(doc_id))
    text = _plain(summary)
    positions = _in_order(text, list(LINES[2:15]))
    assert -1 not in positions and positions == sorted(positions)
    for line in LINES[3:15]:
        assert text.count(line) == 1, f"printed {text.count(line)} times: {line}"
    assert _subheadings(summary) == ["（一）高技术制造业较快增长", "（二）装备制造业支撑有力",
                                     "（一）服务消费活力释放", "（一）将加快推进重大项目建设",
                                     "（二）将持续扩大有效投资"]
    # the priority items stay under their `other` heading; the overview counts areas
    assert "本文包括主要成效 2 项，共提取数字指标 9 个。" in text


def test_a_search_hit_in_an_item_names_its_area(outline_kb):
    kb, by_heading, _doc = outline_kb
    item = by_heading["（一）服务消费活力释放"]
    hit = SearchHit(doc_id=item.doc_id, doc_title=None, section_id=item.id, kind=item.kind,
                    number=item.number, keyword=None, heading=item.heading, score=1.0,
                    snippet="", matches=((12, 16),), level=2, parent_id=item.parent_id)
    summary = search_summary(SearchResult("服务零售", 1, None, (hit,)), {item.id: kb.section(item.id)})
    kickers = [re.sub(r"<[^>]+>", "", b.html) for b in summary.blocks if b.role == "kicker"]
    assert kickers == ["主要成效（二） 二、消费市场持续恢复　命中 1 处"]
