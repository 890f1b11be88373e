"""Summary HTML, without Qt: what a printed section shows, escaped and marked."""
import dataclasses
import re

from desktop_app.core.records import (
    DocumentInfo,
    MetricRecord,
    SearchHit,
    SearchResult,
    SectionInfo,
    SectionRecord,
)
from desktop_app.core.summary import (
    SEARCH_LIMIT,
    Block,
    SummaryTarget,
    build_summary,
    chinese_number,
    document_summary,
    format_value,
    marked_text_html,
    metric_rows,
    page_number_text,
    search_summary,
    section_kicker,
    section_summary,
)

TEXT = (
    "十年成效发布\n"
    "社会治理持续夯实\n"
    "全市共配备网格员7600余人,满意度超过98%。\n"
    "围绕一个“用”字,进一步夯实网格化管理根基。健全网格员队伍<b>x</b><script>alert(1)</script>。\n"
)
DOC = DocumentInfo(
    id=1, title="十年成效发布", dateline="10月14日", issuer="市委宣传部", file="seed.txt",
    encoding="utf-8", imported_at="2024-01-01T00:00:00Z", date=None, metric_count=2,
)


def _metric(mid, text, value, unit, label=None, trend=None, low=None, high=None):
    start = TEXT.index(text)
    return MetricRecord(
        id=mid, doc_id=1, section_id=11, text=text, start=start, end=start + len(text),
        value=value, unit=unit, qualifier=None, kind="count", low=low, high=high, label=label,
        trend=trend, period=None, sentence_start=0, sentence_end=0, borderline=False,
    )


def _section(sid, kind, number, heading, first_line, last_line, metrics=()):
    lines = TEXT.split("\n")
    start = sum(len(line) + 1 for line in lines[:first_line])
    end = sum(len(line) + 1 for line in lines[:last_line + 1])
    info = SectionInfo(sid, 1, sid - 10, kind, number, None, heading, start, end, len(metrics))
    return SectionRecord(info, TEXT[start:end], tuple(metrics), DOC)


M1 = _metric(1, "7600余人", 7600, "人", label="网格员")
M2 = _metric(2, "超过98%", 98, "%", label="满意度", trend="提高")
ACHIEVEMENT = _section(11, "achievement", 2, "社会治理持续夯实", 1, 2, (M1, M2))
PRIORITY = _section(12, "priority", 2, "围绕一个“用”字,进一步夯实网格化管理根基", 3, 3)


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_section_summary_shows_kind_number_heading_and_source():
    html = section_summary([ACHIEVEMENT]).html()
    assert "主要成效（二）" in html
    assert "社会治理持续夯实" in html
    assert "出自《十年成效发布》" in html and "10月14日" in html and "市委宣传部" in html
    assert "seed.txt" in html


def test_heading_line_is_not_repeated_in_the_text():
    text_blocks = [b for b in section_summary([ACHIEVEMENT]).blocks if b.role == "text"]
    assert [_plain(b.html) for b in text_blocks] == ["全市共配备网格员7600余人,满意度超过98%。"]


def test_metrics_are_bold_in_the_text():
    (text,) = [b.html for b in section_summary([ACHIEVEMENT]).blocks if b.role == "text"]
    assert "<b>7600余人</b>" in text and "<b>超过98%</b>" in text


def test_metric_table_has_a_header_and_one_row_per_metric():
    blocks = section_summary([ACHIEVEMENT]).blocks
    head = [b for b in blocks if b.role == "table_head"]
    rows = [b for b in blocks if b.role == "table_row"]
    assert len(head) == 1 and head[0].keep_with_next
    assert [_plain(b.html) for b in rows] == ["网格员7600余人7,600人—", "满意度超过98%98%提高"]
    assert {b.table for b in rows} == {head[0].table}


def test_metric_rows_as_plain_cells():
    assert metric_rows([M1, M2]) == [
        ("网格员", "7600余人", "7,600", "人", "—"),
        ("满意度", "超过98%", "98", "%", "提高"),
    ]


def test_values_are_grouped_and_ranges_shown():
    assert format_value(_metric(3, "7600余人", 15000000.0, "元")) == "15,000,000"
    assert format_value(_metric(3, "7600余人", 36.01, "%")) == "36.01"
    assert format_value(_metric(3, "7600余人", None, "人", low=3, high=5)) == "3–5"
    assert format_value(_metric(3, "7600余人", None, "人")) == "—"


def test_markup_in_a_document_is_escaped_everywhere():
    doc = DocumentInfo(**{**DOC.__dict__, "title": "<i>发布</i>", "issuer": "<script>x</script>"})
    record = SectionRecord(PRIORITY.info, PRIORITY.text, (), doc)
    html = section_summary([record]).html()
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;发布&lt;/i&gt;" in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script" not in html and "<i>" not in html and "<b>x" not in html


def test_each_block_is_a_complete_fragment():
    blocks = section_summary([ACHIEVEMENT]).blocks
    row = next(b for b in blocks if b.role == "table_row")
    assert row.fragment().startswith("<table") and row.fragment().endswith("</table>")
    assert row.fragment().count("<tr>") == 1


def test_standalone_html_merges_rows_into_one_table():
    html = section_summary([ACHIEVEMENT]).html()
    assert html.count('<table class="metrics"') == 1
    assert html.count("<tr>") == 3
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html


def test_headings_are_kept_with_what_follows():
    blocks = section_summary([ACHIEVEMENT]).blocks
    heading = next(i for i, b in enumerate(blocks) if b.role == "heading")
    assert blocks[heading].keep_with_next
    assert all(b.keep_with_next for b in blocks[:heading])
    assert not any(b.splittable for b in blocks if b.role != "text")


def test_search_hits_are_marked_and_overlaps_with_metrics_keep_both():
    start = PRIORITY.text.index("网格员")
    hit = SearchHit(1, DOC.title, 12, "priority", 2, "用", PRIORITY.info.heading, 1.0,
                    "", ((start, start + 3),))
    summary = search_summary(SearchResult("网格员", 1, None, (hit,)), {12: PRIORITY})
    body = summary.html()
    assert '<span class="hit">网格员</span>' in body
    assert "检索结果：网格员" in body and "命中 1 处" in body


def test_marks_and_bold_combine_per_character():
    assert marked_text_html("ab<c", bold=[(0, 2)], marks=[(1, 3)]) == (
        "<b>a</b><span class=\"hit\"><b>b</b></span><span class=\"hit\">&lt;</span>c"
    )


def test_search_without_hits_says_so():
    summary = search_summary(SearchResult("无此词", 0, "没有找到“无此词”。", ()), {})
    assert "没有找到“无此词”。" in summary.html()
    assert not [b for b in summary.blocks if b.role == "heading"]


def test_document_summary_lists_sections_in_order_after_the_title_block():
    lead = _section(10, "lead", 1, None, 0, 0)
    summary = document_summary(DOC, [lead, ACHIEVEMENT, PRIORITY])
    roles = [b.role for b in summary.blocks]
    assert roles[0] == "title"
    headings = [_plain(b.html) for b in summary.blocks if b.role == "heading"]
    assert headings == ["社会治理持续夯实", "围绕一个“用”字,进一步夯实网格化管理根基"]
    assert "主要成效 1 项、下一步重点 1 项" in summary.html()


def test_lead_figures_appear_as_cards_in_the_title_block():
    lead_metric = _metric(5, "7600余人", 7600, "人", label="网格员")
    lead = SectionRecord(dataclasses.replace(ACHIEVEMENT.info, kind="lead"),
                         ACHIEVEMENT.text, (lead_metric,), DOC)
    summary = document_summary(DOC, [lead])
    figures = [b for b in summary.blocks if b.role == "figures"]
    assert len(figures) == 1 and "7600余人" in figures[0].html and "网格员" in figures[0].html


def test_several_sections_get_a_title_and_each_its_source():
    summary = section_summary([ACHIEVEMENT, PRIORITY])
    assert [b.role for b in summary.blocks][0] == "title"
    assert len([b for b in summary.blocks if b.role == "source"]) == 2


def test_page_numbers_and_chinese_ordinals():
    assert page_number_text(2, 5) == "第 2 页 / 共 5 页"
    assert [chinese_number(n) for n in (1, 10, 12, 20, 35)] == ["一", "十", "十二", "二十", "三十五"]


class _FakeKb:
    def section(self, section_id):
        return {11: ACHIEVEMENT, 12: PRIORITY}[section_id]

    def document(self, doc_id):
        return DOC

    def sections(self, doc_id):
        return [ACHIEVEMENT, PRIORITY]

    def search(self, query, **filters):
        self.filters = filters
        return SearchResult(query, 1, None, (
            SearchHit(1, DOC.title, 12, "priority", 2, "用", None, 1.0, "", ((0, 2),)),))


def test_build_summary_reads_each_kind_of_target_from_the_knowledge_base():
    kb = _FakeKb()
    assert build_summary(kb, SummaryTarget.sections([12])).title.startswith("下一步重点（二）")
    assert build_summary(kb, SummaryTarget.document(1)).title == "十年成效发布"
    found = build_summary(kb, SummaryTarget.search("围绕", kind="priority"))
    assert found.title == "检索结果：围绕" and kb.filters == {"kind": "priority", "limit": SEARCH_LIMIT}
    assert SummaryTarget().is_empty and not SummaryTarget.document(1).is_empty


def test_block_defaults():
    assert Block("text", "<p>x</p>").splittable
    assert not Block("table_row", "<tr></tr>", table=1).splittable


def test_borderline_figures_are_starred_with_a_note_under_the_table():
    doubtful = dataclasses.replace(M1, id=9, borderline=True)
    record = SectionRecord(ACHIEVEMENT.info, ACHIEVEMENT.text, (doubtful, M2), DOC)
    blocks = section_summary([record]).blocks
    rows = [b.html for b in blocks if b.role == "table_row"]
    assert "7600余人<sup>*</sup>" in rows[0] and "<sup>" not in rows[1]
    notes = [_plain(b.html) for b in blocks if b.role == "note"]
    assert notes and notes[0].startswith("注：带 * 的数字")


def test_search_summary_asks_for_its_own_number_of_hits():
    """KnowledgeBase.search's default is 20, so a printed search asks for SEARCH_LIMIT itself."""
    kb = _FakeKb()
    build_summary(kb, SummaryTarget.search("围绕"))
    assert kb.filters == {"limit": SEARCH_LIMIT}
    build_summary(kb, SummaryTarget.search("围绕", limit=5, doc_id=1))
    assert kb.filters == {"doc_id": 1, "limit": 5}


def test_printed_kind_names_come_from_the_core_table():
    from desktop_app.core import labels

    assert [section_kicker(k, 0) for k in ("lead", "achievement", "outlook", "priority", "credits")] == \
        ["导语", "主要成效", "下一步工作", "下一步重点", "署名"]
    assert section_kicker("bogus", 0) == "其他"
    assert labels.section_kind_name("outlook") == "展望"  # the window's name


def test_a_cut_search_summary_says_how_many_of_how_many():
    """A printed search holding fewer hits than the search found says 前 N 个 / 共 M 个; one
    holding every hit does not."""
    hit = SearchHit(1, DOC.title, 12, "priority", 2, "用", None, 1.0, "", ((0, 2),))
    cut = search_summary(SearchResult("围绕", 1789, None, (hit,)), {12: PRIORITY})
    whole = search_summary(SearchResult("围绕", 1, None, (hit,)), {12: PRIORITY})
    assert "前 1 个 / 共 1789 个" in cut.html()
    assert "共 1789" not in whole.html() and "前 1 个" not in whole.html()
