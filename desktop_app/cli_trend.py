"""Indicators across releases on the command line: `trend LABEL` (one indicator's figures by
date; exit 1 with suggestions when none matches) and `indicators` (the list to browse).
"""
from __future__ import annotations

from desktop_app.cli_kb import NOTHING, OK, _emit, _number, _open, _write_csv
from desktop_app.core.dates import INFERRED_SOURCES
from desktop_app.core.records import Indicator, TrendResult, TrendRow
from desktop_app.core.terminal import one_line

TREND_ROW_FIELDS = (
    "doc_id", "doc_title", "date", "date_source", "section_id", "heading", "metric_id", "text",
    "value", "low", "high", "unit", "qualifier", "trend", "period", "label", "series",
)
INDICATOR_FIELDS = ("indicator", "labels", "unit", "releases", "figures", "first_date", "last_date")


def trend_row_json(row: TrendRow) -> dict:
    """A row of `trend --json/--csv` (values signed: a 下降/减少 change is negative)."""
    return {name: getattr(row, name) for name in TREND_ROW_FIELDS}


def indicator_json(indicator: Indicator) -> dict:
    """An entry of `indicators --json` (and of `trend`'s suggestions)."""
    data = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    data["labels"] = list(indicator.labels)
    return data


def trend_json(result: TrendResult) -> dict:
    return {"indicator": result.indicator, "unit": result.unit,
            "rows": [trend_row_json(r) for r in result.rows],
            "suggestions": [indicator_json(i) for i in result.suggestions]}


def run_trend(args) -> int:
    """One indicator's figures across releases; exit 1 (with suggestions) when none matches."""
    with _open(args) as kb:
        result = kb.trend(args.label, args.unit)
    if getattr(args, "csv", False):
        _write_csv([trend_row_json(r) for r in result.rows], TREND_ROW_FIELDS)
    else:
        _emit(args, trend_json(result), _trend_text(args.label, result))
    return OK if result.rows else NOTHING


def _trend_text(label: str, result: TrendResult) -> str:
    if not result.rows:
        lines = [f"没有指标“{one_line(label)}” / no indicator {one_line(label)!r}"]
        if result.suggestions:
            lines.append("相近的指标 / nearest indicators:")
    else:
        lines = [f"{one_line(result.indicator or '')} [{one_line(result.unit or '')}]  "
                 f"{len(result.rows)} 项数据 / figures  "
                 f"（标签 labels: {one_line('、'.join(result.labels))}）"]
        for r in result.rows:
            change = "" if r.change is None else f"  Δ {r.change:+g}"
            mark = "≈" if r.date_source in INFERRED_SOURCES else ""
            lines.append(f"{(r.date or '未注明日期 undated') + mark:<12}  {_number(r.value)}{one_line(r.unit)}"
                         f"  {r.series:<10}  {one_line(r.text)}  《{one_line(r.doc_title or '-')}》"
                         f"  (文档 doc {r.doc_id}, 数据 metric {r.metric_id}){change}")
        if result.suggestions:
            lines.append("其他单位 / other units:")
    lines += [f"    {_indicator_line(i)}" for i in result.suggestions]
    return "\n".join(lines) + "\n"


def run_indicators(args) -> int:
    """The indicators found in at least --min-releases releases; exit 1 when there is none."""
    with _open(args) as kb:
        found = kb.indicators(args.min_releases)
    lines = [_indicator_line(i) for i in found]
    lines.append(f"{len(found)} 个指标 / indicators")
    _emit(args, [indicator_json(i) for i in found], "\n".join(lines) + "\n")
    return OK if found else NOTHING


def _indicator_line(i: Indicator) -> str:
    span = f"{i.first_date or '?'} – {i.last_date or '?'}"
    return (f"{one_line(i.indicator)} [{one_line(i.unit)}]  {i.releases} 篇 releases, "
            f"{i.figures} 项 figures  {span}")
