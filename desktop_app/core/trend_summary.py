"""The printed comparison of one indicator across releases: a title, the merged
labels, the chart (an image the UI draws and passes as a URL) and the table of figures by
date, as a Summary that ui/printing.py paginates like the other summaries."""
from __future__ import annotations

from desktop_app.core.dates import INFERRED_SOURCES
from desktop_app.core.records import TrendResult, TrendRow
from desktop_app.core.summary import (
    SPACE,
    Block,
    Summary,
    _esc,
    _p,
    _title_blocks,
)

# (header, width %) of the printed table
COLUMNS = (("日期", 14), ("发布", 38), ("原文数字", 18), ("数值", 14), ("变化", 16))
MARKS_NOTE = "注：日期后带 * 的为推断日期（据正文或文件名），数值后带 ≈ 的为约数（余、近、以上等）。"
CHART_WIDTH = 620  # px of the chart image on the page (Qt scales it to the printer)


def number_text(value: float | None, signed: bool = False) -> str:
    """3237.0 → "3,237", 36.01 → "36.01"; with `signed`, a + before a rise."""
    if value is None:
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"
    return f"+{text}" if signed and value > 0 else text


def row_cells(row: TrendRow) -> tuple[str, str, str, str, str]:
    """A row as printed: date (* when inferred), release, figure, value (≈ when approximate), change."""
    date = (row.date or "日期不详") + ("*" if row.date and row.date_source in INFERRED_SOURCES else "")
    approximate = bool(row.qualifier) or row.high is not None
    value = number_text(row.value) + ("≈" if row.value is not None and approximate else "")
    return (date, row.doc_title or f"文档 {row.doc_id}", row.text, value, number_text(row.change, signed=True))


def trend_summary(result: TrendResult, chart_src: str | None = None) -> Summary:
    """The comparison of `result` as a printable summary; `chart_src` (a data: URL of the
    chart image) is placed above the table when given."""
    name = result.indicator or "（无匹配指标）"
    title = f"指标对比：{name}"
    releases = len({r.doc_id for r in result.rows})
    meta = [f"单位：{result.unit or '—'}　共 {len(result.rows)} 项数字，来自 {releases} 篇发布",
            f"合并的指标名称：{'、'.join(result.labels)}" if result.labels else ""]
    blocks = _title_blocks(title, meta)
    if chart_src:
        blocks.append(Block("figures", f'<p align="center"><img src="{_esc(chart_src)}" width="{CHART_WIDTH}"></p>',
                            space_before=SPACE["figures"]))
    if result.rows:
        head = "".join(f'<th class="m" width="{w}%">{h}</th>' for h, w in COLUMNS)
        blocks.append(Block("table_head", f"<tr>{head}</tr>", keep_with_next=True, table=1,
                            space_before=SPACE["caption"]))
        for row in result.rows:
            cells = "".join(f'<td class="m" width="{w}%"{" align=right" if i >= 3 else ""}>{_esc(c)}</td>'
                            for i, ((_, w), c) in enumerate(zip(COLUMNS, row_cells(row), strict=True)))
            blocks.append(Block("table_row", f"<tr>{cells}</tr>", table=1))
        blocks.append(Block("note", _p("note", MARKS_NOTE), space_before=SPACE["note"]))
    else:
        blocks.append(Block("note", _p("note", "没有找到该指标的数字。"), space_before=SPACE["note"]))
    return Summary(title, f"指标“{name}”", tuple(blocks))
