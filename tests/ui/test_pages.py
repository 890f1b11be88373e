"""The reading pane's page: escaped text, figures as links, marks that never break markup."""
from __future__ import annotations

from desktop_app.core.model import Credits
from desktop_app.core.records import DocumentInfo, MetricRecord, SectionInfo, SectionRecord
from desktop_app.ui.page_builder import kicker, section_page
from desktop_app.ui.page_html import render_page
from desktop_app.ui.reading_pane import ReadingPane

HEADING = "社会治理<基层>基础"
BODY = "全市共配备网格员7600余人,建立<b>网格</b>微信群9400余个。"
TEXT = f"{HEADING}\n{BODY}"


def metric(mid: int, text: str, kind: str = "count") -> MetricRecord:
    start = 100 + TEXT.index(text)
    sentence = 100 + TEXT.index(BODY)
    return MetricRecord(mid, 1, 7, text, start, start + len(text), 1.0, "人", None, kind, None, None,
                        None, None, None, sentence, sentence + len(BODY), False)


def record() -> SectionRecord:
    doc = DocumentInfo(1, "标题 & <i>发布</i>", "10月14日", "某部门", "a.txt", "utf-8", "2024-01-01T00:00:00Z",
                       None, 2, credits=Credits())
    info = SectionInfo(7, 1, 1, "achievement", 2, None, HEADING, 100, 100 + len(TEXT), 2)
    return SectionRecord(info, TEXT, (metric(1, "7600余人"), metric(2, "9400余个")), doc)


def test_document_text_is_escaped_never_rendered():
    html = render_page(section_page(record()))
    assert "&lt;b&gt;网格&lt;/b&gt;" in html and "<b>网格</b>" not in html
    assert "社会治理&lt;基层&gt;基础" in html
    assert "标题 &amp; &lt;i&gt;发布&lt;/i&gt;" in html


def test_every_figure_is_a_link_and_hits_and_sentence_marks_nest_cleanly(qtbot):
    hit_start = TEXT.index("网格员")
    page = section_page(record(), hits=[(hit_start, hit_start + 5)], current_hit=0, selected=metric(1, "7600余人"))
    html = render_page(page)
    assert html.count('href="metric:1"') >= 1 and 'href="metric:2"' in html
    assert html.count("<span") == html.count("</span>") and html.count("<a ") == html.count("</a>")
    pane = ReadingPane()
    qtbot.addWidget(pane)
    pane.browser.setHtml(html)
    assert pane.marked_hits_text() == ["网格员76"]  # a hit running into a figure stays one mark
    pane.browser.setHtml(render_page(section_page(record(), selected=metric(1, "7600余人"))))
    assert pane.highlighted_text() == BODY


def test_the_heading_line_becomes_the_page_heading(qtbot):
    pane = ReadingPane()
    qtbot.addWidget(pane)
    rec = record()
    pane.show_section(rec, ["网格员", "网格微信群"])
    lines = [line for line in pane.plain_text().splitlines() if line.strip()]
    assert lines[0] == kicker(rec.info)  # 主要成效 · 二 in Chinese, Achievements · 2 in English
    assert HEADING in lines[1]
    assert pane.plain_text().count(HEADING) == 1
    assert pane.cards.metric_ids() == [1, 2]
