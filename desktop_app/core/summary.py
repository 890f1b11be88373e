"""Section, document and search summaries as HTML, in blocks a paginator can place.

Qt-free: the UI lays the blocks out and prints them (desktop_app/ui/printing.py), the CLI
writes `Summary.html()` as a standalone page. Every piece of document text is HTML-escaped,
so markup found in a release prints as text. The summary is a Chinese document whatever
the interface language, so its labels are Chinese.

The HTML uses only what Qt's rich-text engine understands: class selectors, tables with
`border-collapse`, cell padding in px (Qt ignores pt there), font sizes in pt. A metrics
table is a header block plus one block per row; each block is a complete fragment on its
own (`Block.fragment()`), so a row never splits across pages and the header can be
repeated on a continued page.
"""
from __future__ import annotations

import datetime as _dt
import html as _html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, Unpack

from desktop_app.core.labels import PRINTED_SECTION_KIND_NAMES
from desktop_app.core.model import Credits, SectionKind
from desktop_app.core.outline import is_item, items_of, own_spans
from desktop_app.core.records import DocumentInfo, MetricRecord, SearchResult, SectionInfo, SectionRecord

if TYPE_CHECKING:
    from desktop_app.core.kb import KnowledgeBase

KIND_LABELS = PRINTED_SECTION_KIND_NAMES  # the printed page's names (core/labels.py)
# Hits a printed search holds at most; when the search found more, the page says
# "前 N 个 / 共 M 个" (search_summary), so a cut list is never taken for all of them.
SEARCH_LIMIT = 200
NUMBERED_KINDS = (SectionKind.ACHIEVEMENT, SectionKind.PRIORITY)
CREDIT_LABELS = (
    ("reporter", "记者"), ("editor", "编辑"), ("duty_editor", "值班主任"),
    ("proofreader", "校对"), ("final_reviewer", "编审"),
)
TABLE_COLUMNS = (("指标", 30), ("原文数字", 20), ("数值", 20), ("单位", 14), ("趋势", 16))
FIGURES_PER_ROW = 4
BORDERLINE_NOTE = "注：带 * 的数字可能不是统计指标（如文件名称中的条数），请对照原文。"
DASH = "—"

# Font sizes in pt (11 pt body, 15 pt headings, as an office prints A4). Vertical space is
# not CSS: each block carries `space_before` (pt), which the paginator adds exactly and drops
# at a page top, and which the standalone HTML writes as a spacer. Qt scales CSS margins by
# the screen's DPI and ignores text-indent in em, so the printer sets the indent itself.
# Cell padding is in px, the only unit Qt takes there.
STYLESHEET = """
body { font-size: 11pt; }
p { margin-top: 0px; margin-bottom: 0px; }
p.text { font-size: 11pt; line-height: 165%; text-indent: 2em; }
p.kicker { font-size: 9.5pt; color: #8b1a1a; }
p.heading { font-size: 15pt; font-weight: bold; color: #1a1a1a; }
p.subheading { font-size: 13pt; font-weight: bold; color: #333333; }
p.source { font-size: 9pt; color: #555555; }
p.caption { font-size: 9.5pt; font-weight: bold; color: #333333; }
p.title { font-size: 19pt; font-weight: bold; text-align: center; }
p.overview { font-size: 10.5pt; }
p.note { font-size: 10pt; color: #555555; }
p.credits { font-size: 9.5pt; color: #444444; }
table.metrics, table.figures { border-collapse: collapse; }
th.m { font-size: 9.5pt; font-weight: bold; background-color: #eeeeee;
       border-width: 1px; border-style: solid; border-color: #555555;
       padding-top: 4px; padding-bottom: 4px; padding-left: 6px; padding-right: 6px; }
td.m { font-size: 10pt; border-width: 1px; border-style: solid; border-color: #555555;
       border-top-style: none;
       padding-top: 4px; padding-bottom: 4px; padding-left: 6px; padding-right: 6px; }
td.fig { border-width: 1px; border-style: solid; border-color: #999999;
         padding-top: 6px; padding-bottom: 6px; padding-left: 8px; padding-right: 8px; }
span.figure { font-size: 17pt; font-weight: bold; color: #8b1a1a; }
span.figlabel { font-size: 9pt; color: #444444; }
span.hit { background-color: #ffe066; }
table.rule { border-collapse: collapse; }
td.rule { font-size: 10pt; color: #444444; border-width: 2px; border-style: solid;
          border-color: #8b1a1a; border-top-style: none; border-left-style: none;
          border-right-style: none; padding-bottom: 8px; }
"""
# Only for the standalone page in a browser: an A4-wide column and the usual Chinese fonts.
PAGE_CSS = """
body { max-width: 170mm; margin: 20mm auto; padding: 0 8mm;
       font-family: "Source Han Serif SC", "Noto Serif CJK SC", SimSun, "Songti SC", serif; }
"""
TEXT_INDENT_EM = 2  # Chinese paragraphs start two characters in
# Space above each kind of block, in pt.
SPACE = {
    "section": 20, "heading": 2, "source": 3, "caption": 8, "text_first": 8, "text": 3,
    "note": 4, "meta": 4, "figures": 12, "overview": 10, "credits": 12, "item": 12,
}

# Roles of blocks; the paginator keeps a block with `keep_with_next` on the page of the next.
ROLES = (
    "title", "meta", "overview", "figures", "kicker", "heading", "source", "caption",
    "table_head", "table_row", "text", "note", "credits",
)


@dataclass(frozen=True)
class Block:
    """One unit of a summary: a paragraph, a heading, a table header row or a table row.

    `html` is a block-level fragment, or a `<tr>` for table roles (`table` names the table,
    shared by its header and rows). `space_before` (pt) is dropped at the top of a page.
    Only "text" blocks may be split between lines; every other block stays whole.
    """

    role: str
    html: str
    keep_with_next: bool = False
    space_before: float = 0.0
    table: int | None = None

    @property
    def splittable(self) -> bool:
        return self.role == "text"

    def fragment(self) -> str:
        """This block alone as an HTML fragment (a table row wrapped in its own table)."""
        if self.table is None:
            return self.html
        return _table_open(self.role) + self.html + "</table>"


@dataclass(frozen=True)
class Summary:
    """A printable summary: blocks in order, a title and the source named in the footer."""

    title: str
    source: str
    blocks: tuple[Block, ...]
    lang: str = "zh-CN"

    def body_html(self) -> str:
        """The blocks joined, consecutive rows of one table merged into a single table."""
        parts: list[str] = []
        open_table: int | None = None
        for block in self.blocks:
            if open_table is not None and block.table != open_table:
                parts.append("</table>")
                open_table = None
            if block.table is not None and open_table is None:
                parts.append(_spacer(block.space_before) + _table_open(block.role))
                open_table = block.table
            elif block.table is None:
                parts.append(_spacer(block.space_before))
            parts.append(block.html)
        if open_table is not None:
            parts.append("</table>")
        return "\n".join(p for p in parts if p)

    def html(self) -> str:
        """A standalone HTML page (UTF-8), for `summary --html` and for reading in a browser."""
        return (
            f'<!DOCTYPE html>\n<html lang="{self.lang}"><head><meta charset="utf-8">\n'
            f"<title>{_esc(self.title)}</title>\n<style>{STYLESHEET}{PAGE_CSS}</style></head>\n"
            f"<body>\n{self.body_html()}\n</body></html>\n"
        )


class SearchFilters(TypedDict, total=False):
    """The filters of KnowledgeBase.search that a summary of a search passes on."""

    kind: str | None
    doc_id: int | None
    date_from: str | _dt.date | None
    date_to: str | _dt.date | None
    year: int | None
    issuer: str | None


@dataclass(frozen=True)
class SummaryTarget:
    """What to summarise: some sections, one document, or a search."""

    section_ids: tuple[int, ...] = ()
    doc_id: int | None = None
    query: str | None = None
    search_filters: SearchFilters = field(default_factory=SearchFilters)
    limit: int = SEARCH_LIMIT  # for a search: how many hits, as many as the window lists

    @classmethod
    def sections(cls, ids: Iterable[int]) -> SummaryTarget:
        return cls(section_ids=tuple(int(i) for i in ids))

    @classmethod
    def document(cls, doc_id: int) -> SummaryTarget:
        return cls(doc_id=int(doc_id))

    @classmethod
    def search(cls, query: str, *, limit: int = SEARCH_LIMIT,
               **filters: Unpack[SearchFilters]) -> SummaryTarget:
        """A search; filters are passed to KnowledgeBase.search (kind, doc_id, dates, year,
        issuer), and `limit` hits are summarised (default: the window's 50, so print matches
        screen)."""
        return cls(query=query, search_filters=filters, limit=int(limit))

    @property
    def is_empty(self) -> bool:
        return not self.section_ids and self.doc_id is None and not (self.query or "").strip()


def build_summary(kb: KnowledgeBase, target: SummaryTarget) -> Summary:
    """The summary of `target`, read from a KnowledgeBase (NotFoundError for unknown ids)."""
    if target.doc_id is not None:
        return document_summary(kb.document(target.doc_id), kb.sections(target.doc_id))
    if target.query is not None:
        result = kb.search(target.query, **target.search_filters, limit=target.limit)
        ids = _unique(hit.section_id for hit in result.hits)
        return search_summary(result, {i: kb.section(i) for i in ids})
    return section_summary(_with_items(kb, [kb.section(i) for i in _unique(target.section_ids)]))


def _with_items(kb: KnowledgeBase, records: Sequence[SectionRecord]) -> list[SectionRecord]:
    """The records with each area's items right after it (printing an area prints its
    items); an item chosen together with its area is printed once, under the area."""
    chosen = {r.info.id for r in records}
    result: list[SectionRecord] = []
    for record in records:
        if is_item(record.info) and record.info.parent_id in chosen:
            continue
        result.append(record)
        result += [kb.section(item.id) for item in items_of(record.doc.sections, record.info.id)]
    return result


# --- the three summaries ---------------------------------------------------------------

def section_summary(sections: Sequence[SectionRecord]) -> Summary:
    """One or several sections, each with its heading, source line, metrics table and text;
    an item that follows its area in `sections` is printed under it, one heading level down."""
    nested = _nested_items(sections)
    inside = {item.info.id for items in nested.values() for item in items}
    top = [r for r in sections if r.info.id not in inside]
    blocks: list[Block] = []
    if len(top) > 1:
        blocks += _title_blocks("章节摘要", [f"共 {len(top)} 节"])
    counter = _Counter()
    for record in top:
        blocks += _section_blocks(record, counter, with_source=True, first=not blocks,
                                  items=nested.get(record.info.id, ()))
    if not sections:
        blocks.append(Block("note", _p("note", "未选择任何章节。"), space_before=SPACE["note"]))
    title = section_title(top[0]) if len(top) == 1 else "章节摘要"
    return Summary(title, _sources_text(r.doc for r in sections), tuple(blocks))


def document_summary(doc: DocumentInfo, sections: Sequence[SectionRecord]) -> Summary:
    """A whole release: a title block with the lead figures, then every section in order,
    each area's items under it."""
    counter = _Counter()
    nested = _nested_items(sections)
    inside = {item.info.id for items in nested.values() for item in items}
    top = [r for r in sections if r.info.id not in inside]
    blocks = _title_blocks(doc.title or doc.file or "（无标题）", [_doc_meta_line(doc)])
    leads = [s for s in top if s.info.kind == SectionKind.LEAD]
    blocks += _figure_blocks([m for s in leads for m in s.metrics], counter)
    blocks.append(Block("overview", _p("overview", _esc(_overview_text(top, sections))),
                        space_before=SPACE["overview"]))
    for lead in leads:
        blocks += _text_blocks(lead, ())
    for record in top:
        if record.info.kind not in (SectionKind.LEAD, SectionKind.CREDITS):
            blocks += _section_blocks(record, counter, with_source=False, first=False,
                                      items=nested.get(record.info.id, ()))
    credits = _credits_text(doc.credits)
    if credits:
        blocks.append(Block("credits", _p("credits", _esc(credits)), space_before=SPACE["credits"]))
    return Summary(doc.title or doc.file or "文档摘要", _source_text(doc), tuple(blocks))


def search_summary(result: SearchResult, sections: Mapping[int, SectionRecord]) -> Summary:
    """The sections a search found, in rank order, with every hit marked."""
    hits_by_section: dict[int, list[tuple[int, int]]] = {}
    for hit in result.hits:
        hits_by_section.setdefault(hit.section_id, []).extend(hit.matches)
    found = [sid for sid in hits_by_section if sid in sections]
    marked = sum(len(hits_by_section[sid]) for sid in found)
    meta = (f"共 {len(found)} 节，标出命中 {marked} 处" if found
            else (result.hint or "没有找到匹配的内容。"))
    lines = [meta]
    if found and result.total > len(result.hits):
        lines.append(f"前 {len(result.hits)} 个 / 共 {result.total} 个（只打印了排在前面的检索结果）")
    blocks = _title_blocks(f"检索结果：{result.query}", lines)
    counter = _Counter()
    for sid in found:
        blocks += _section_blocks(sections[sid], counter, with_source=True, first=False,
                                  marks=tuple(hits_by_section[sid]))
    docs = [sections[sid].doc for sid in found]
    source = f"检索“{result.query}”" + (f" · {_sources_text(docs)}" if docs else "")
    return Summary(f"检索结果：{result.query}", source, tuple(blocks))


# --- pieces shared by the summaries -------------------------------------------------------

def section_title(record: SectionRecord) -> str:
    """The plain-text heading of a section, as printed: kind, number and heading."""
    heading = record.info.heading
    kicker = section_kicker(record.info.kind, record.info.number)
    return f"{kicker} {heading}" if heading else kicker


def section_kicker(kind: str, number: int) -> str:
    """The kind label with its number in Chinese style, e.g. 主要成效（一）."""
    label = KIND_LABELS.get(kind, KIND_LABELS[SectionKind.OTHER])
    if kind in NUMBERED_KINDS and number > 0:
        return f"{label}（{chinese_number(number)}）"
    return label


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (enough for section numbers)."""
    digits = "零一二三四五六七八九"
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def format_value(metric: MetricRecord) -> str:
    """The parsed value for the table: a range when the figure gives one, grouped digits."""
    if metric.low is not None and metric.high is not None and metric.low != metric.high:
        return f"{_number(metric.low)}–{_number(metric.high)}"
    if metric.value is None:
        return DASH
    return _number(metric.value)


def trend_label(trend: str | None) -> str:
    """The parser's trend word as written in the release (下降, 增长 …), or a dash."""
    return trend or DASH


def page_number_text(page: int, total: int) -> str:
    """The footer's page number: 第 2 页 / 共 5 页."""
    return f"第 {page} 页 / 共 {total} 页"


def print_date_text(date: _dt.date | None = None) -> str:
    """The footer's print date: 打印日期：2025年3月7日."""
    date = date or _dt.date.today()
    return f"打印日期：{date.year}年{date.month}月{date.day}日"


def metric_rows(metrics: Iterable[MetricRecord]) -> list[tuple[str, str, str, str, str]]:
    """The metrics table as plain text cells: indicator, figure as written, value, unit, trend."""
    return [
        (m.label or DASH, m.text, format_value(m), m.unit or DASH, trend_label(m.trend))
        for m in metrics
    ]


def marked_text_html(text: str, bold: Iterable[tuple[int, int]] = (),
                     marks: Iterable[tuple[int, int]] = ()) -> str:
    """`text` escaped, with the `bold` spans in <b> and the `marks` spans highlighted.

    Spans may overlap: each character is styled by every span covering it.
    """
    flags = [0] * len(text)
    for spans, bit in ((bold, 1), (marks, 2)):
        for start, end in spans:
            for i in range(max(start, 0), min(end, len(text))):
                flags[i] |= bit
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and flags[j] == flags[i]:
            j += 1
        out.append(_styled(_esc(text[i:j]), flags[i]))
        i = j
    return "".join(out)


class _Counter:
    """Hands out table ids, unique within one summary."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _nested_items(sections: Sequence[SectionRecord]) -> dict[int, list[SectionRecord]]:
    """Items among `sections` whose area comes before them there, by the area's id."""
    seen: set[int] = set()
    nested: dict[int, list[SectionRecord]] = {}
    for record in sections:
        parent = record.info.parent_id
        if is_item(record.info) and parent in seen:
            nested.setdefault(parent, []).append(record)
        seen.add(record.info.id)
    for items in nested.values():
        items.sort(key=lambda r: (r.info.start, r.info.position))
    return nested


def _section_blocks(record: SectionRecord, counter: _Counter, *, with_source: bool,
                    first: bool, marks: tuple[tuple[int, int], ...] = (),
                    items: Sequence[SectionRecord] = ()) -> list[Block]:
    """A section's heading, source line, figures and text, then its `items` one level
    down; an area's text is only its own (never an item's twice)."""
    info = record.info
    kicker = section_kicker(info.kind, info.number) if info.heading else ""
    area = _area_of(record)
    if area is not None:  # an item printed on its own: its area above its heading
        kicker = summary_area_title(area)
    if marks:
        kicker = f"{kicker}　命中 {len(marks)} 处".strip()
    heading = info.heading or KIND_LABELS.get(info.kind, KIND_LABELS[SectionKind.OTHER])
    top = 0 if first else SPACE["section"]
    blocks = []
    if kicker:
        blocks.append(Block("kicker", _p("kicker", _esc(kicker)), True, top))
    blocks.append(Block("heading", _p("heading", _esc(heading)), True,
                        SPACE["heading"] if kicker else top))
    if with_source:
        lines = "<br>".join(_esc(line) for line in _source_lines(record.doc))
        blocks.append(Block("source", _p("source", lines), True, SPACE["source"]))
    if record.metrics or (with_source and info.kind in NUMBERED_KINDS and not items):
        blocks += _table_blocks(record.metrics, counter)
    spans = own_spans((info.start, info.end), [item.info for item in items]) if items else None
    blocks += _text_blocks(record, marks, spans)
    for item in items:
        blocks += _item_blocks(item, counter)
    return blocks


def _item_blocks(record: SectionRecord, counter: _Counter) -> list[Block]:
    """An item under its area: a smaller heading, its figures and its text."""
    heading = record.info.heading or section_kicker(record.info.kind, 0)
    blocks = [Block("heading", _p("subheading", _esc(heading)), True, SPACE["item"])]
    if record.metrics:
        blocks += _table_blocks(record.metrics, counter)
    return blocks + _text_blocks(record, ())


def _area_of(record: SectionRecord) -> SectionInfo | None:
    """The level-1 section an item belongs to, from its document's sections."""
    if not is_item(record.info):
        return None
    return next((s for s in record.doc.sections if s.id == record.info.parent_id), None)


def summary_area_title(area: SectionInfo) -> str:
    """An area as named above one of its items printed alone: 主要成效（一） 供给提质."""
    kicker = section_kicker(area.kind, area.number)
    return f"{kicker} {area.heading}" if area.heading else kicker


def _table_blocks(metrics: Sequence[MetricRecord], counter: _Counter) -> list[Block]:
    if not metrics:
        return [Block("note", _p("note", "本节未提取到数字指标。"), space_before=SPACE["note"])]
    table = counter.next()
    caption = Block("caption", _p("caption", f"本节数字指标（{len(metrics)} 项）"),
                    keep_with_next=True, space_before=SPACE["caption"])
    head = Block("table_head", _head_row(), keep_with_next=True, table=table)
    rows = [Block("table_row", _metric_row(cells, m.borderline), table=table)
            for m, cells in zip(metrics, metric_rows(metrics), strict=True)]
    blocks = [caption, head, *rows]
    if any(m.borderline for m in metrics):
        blocks.append(Block("note", _p("note", BORDERLINE_NOTE), space_before=SPACE["note"]))
    return blocks


def _text_blocks(record: SectionRecord, marks: Sequence[tuple[int, int]],
                 spans: Sequence[tuple[int, int]] | None = None) -> list[Block]:
    """One block per paragraph of the section's text, its heading line left out; with
    `spans` (document offsets), only the text inside them."""
    text = record.text
    base = record.info.start
    bold = [(m.start - base, m.end - base) for m in record.metrics]
    ranges = [(0, len(text))] if spans is None else [(a - base, b - base) for a, b in spans]
    blocks: list[Block] = []
    for low, high in ranges:
        offset = max(0, low)
        for line in text[offset:high].split("\n"):
            start, end = offset, offset + len(line)
            offset = end + 1
            if not line.strip() or (start == 0 and _is_heading_line(line, record.info.heading)):
                continue
            lead = len(line) - len(line.lstrip())
            start += lead
            body = text[start:end].rstrip()
            inner = marked_text_html(
                body, _shift(bold, start, len(body)), _shift(marks, start, len(body)))
            blocks.append(Block("text", _p("text", inner),
                                space_before=SPACE["text" if blocks else "text_first"]))
    return blocks


def _figure_blocks(metrics: Sequence[MetricRecord], counter: _Counter) -> list[Block]:
    """The lead figures as cards: big figure as written, the indicator under it."""
    if not metrics:
        return []
    table = counter.next()
    blocks = [Block("caption", _p("caption", "要点数据"), keep_with_next=True,
                    space_before=SPACE["figures"])]
    for i in range(0, len(metrics), FIGURES_PER_ROW):
        chunk = metrics[i:i + FIGURES_PER_ROW]
        width = 100 // FIGURES_PER_ROW
        cells = "".join(
            f'<td class="fig" width="{width}%"><span class="figure">{_esc(m.text)}</span><br>'
            f'<span class="figlabel">{_esc(_figure_label(m))}</span></td>'
            for m in chunk
        )
        blocks.append(Block("figures", f"<tr>{cells}</tr>", table=table))
    return blocks


def _figure_label(metric: MetricRecord) -> str:
    parts = [metric.label or "", trend_label(metric.trend) if metric.trend else ""]
    return " · ".join(p for p in parts if p) or metric.unit or DASH


def _title_blocks(title: str, meta_lines: Sequence[str]) -> list[Block]:
    """The title, then its meta lines over a red rule, as a Chinese official release heads."""
    meta = "<br>".join(_esc(line) for line in meta_lines if line)
    rule = ('<table class="rule" width="100%" cellspacing="0" cellpadding="0">'
            f'<tr><td class="rule" align="center">{meta}</td></tr></table>')
    return [Block("title", _p("title", _esc(title)), keep_with_next=True),
            Block("meta", rule, True, SPACE["meta"])]


def _head_row() -> str:
    cells = "".join(f'<th class="m" width="{w}%">{name}</th>' for name, w in TABLE_COLUMNS)
    return f"<tr>{cells}</tr>"


def _metric_row(cells: tuple[str, ...], borderline: bool = False) -> str:
    """One table row; a borderline figure (maybe not a statistic) gets an asterisk."""
    tds = []
    for index, ((_, width), value) in enumerate(zip(TABLE_COLUMNS, cells, strict=True)):
        align = ' align="right"' if index == 2 else ""
        star = "<sup>*</sup>" if borderline and index == 1 else ""
        tds.append(f'<td class="m" width="{width}%"{align}>{_esc(value)}{star}</td>')
    return f"<tr>{''.join(tds)}</tr>"


def _table_open(role: str) -> str:
    css = "figures" if role == "figures" else "metrics"
    return f'<table class="{css}" width="100%" cellspacing="0" cellpadding="0">'


def _spacer(points: float) -> str:
    """Vertical space before a block in the standalone HTML (the paginator adds its own)."""
    if not points:
        return ""
    return f'<div style="margin-top: {points:g}pt"></div>'


def _p(css_class: str, inner_html: str) -> str:
    return f'<p class="{css_class}">{inner_html}</p>'


def _styled(escaped: str, flags: int) -> str:
    if flags & 1:
        escaped = f"<b>{escaped}</b>"
    if flags & 2:
        escaped = f'<span class="hit">{escaped}</span>'
    return escaped


def _shift(spans: Iterable[tuple[int, int]], start: int, length: int) -> list[tuple[int, int]]:
    """Spans moved to be relative to `start`, keeping only those that touch [0, length)."""
    shifted = [(s - start, e - start) for s, e in spans]
    return [(s, e) for s, e in shifted if e > 0 and s < length]


def _is_heading_line(line: str, heading: str | None) -> bool:
    if not heading:
        return False
    return _squash(line) == _squash(heading)


def _squash(text: str) -> str:
    return "".join(text.split()).rstrip("。.：:")


def _esc(text: str) -> str:
    return _html.escape(text, quote=True)


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _date_text(doc: DocumentInfo) -> str | None:
    if doc.date:
        try:
            d = _dt.date.fromisoformat(doc.date)
        except ValueError:
            return doc.date
        return f"{d.year}年{d.month}月{d.day}日"
    return doc.dateline


def _source_lines(doc: DocumentInfo) -> list[str]:
    """The lines under a section heading naming where it comes from: the release, then
    its date, issuer and file."""
    title = f"出自《{doc.title}》" if doc.title else None
    return [line for line in (title, _doc_meta_line(doc)) if line]


def _doc_meta_line(doc: DocumentInfo) -> str:
    """Date, issuer and source file, separated by ideographic spaces."""
    parts = [_date_text(doc), doc.issuer, f"文件：{doc.file}" if doc.file else None]
    return "　".join(p for p in parts if p)


def _source_text(doc: DocumentInfo) -> str:
    """The footer's source: the release's title, else its file name."""
    return f"《{doc.title}》" if doc.title else (doc.file or f"文档 {doc.id}")


def _sources_text(docs: Iterable[DocumentInfo]) -> str:
    unique = {doc.id: doc for doc in docs}
    if len(unique) == 1:
        return _source_text(next(iter(unique.values())))
    return f"{len(unique)} 篇文档" if unique else "知库"


def _overview_text(top: Sequence[SectionRecord], sections: Sequence[SectionRecord]) -> str:
    """本文包括主要成效 5 项、…，共提取数字指标 40 个: areas counted (level 1), figures of all."""
    kinds: list[str] = [s.info.kind for s in top]
    parts = [f"{KIND_LABELS[k]} {kinds.count(k)} 项" for k in NUMBERED_KINDS if k in kinds]
    count = sum(len(s.metrics) for s in sections)
    return "本文" + ("包括" + "、".join(parts) + "，" if parts else "") + f"共提取数字指标 {count} 个。"


def _credits_text(credits: Credits) -> str:
    parts = [f"{label}：{getattr(credits, name)}" for name, label in CREDIT_LABELS
             if getattr(credits, name)]
    return "　".join(parts)


def _unique(values: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(values))
