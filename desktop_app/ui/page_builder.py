"""Turn knowledge-base records into reading-pane pages (a section, or a whole document)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop_app.core.kinds import SectionKind
from desktop_app.core.outline import is_item
from desktop_app.ui import labels
from desktop_app.ui.page_html import Block, Page, paragraphs

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo, MetricRecord, SectionInfo, SectionRecord

translate = QCoreApplication.translate

GROUPED = (SectionKind.ACHIEVEMENT, SectionKind.PRIORITY)


def kicker(info: SectionInfo) -> str:
    """The small line above a section's heading: 主要成效 · 二."""
    kind = labels.section_kind_label(info.kind)
    if info.kind in GROUPED:
        return f"{kind} · {labels.ordinal(info.number)}"
    return kind


def _heading_layout(text: str, start: int, end: int, heading: str | None) -> tuple[bool, tuple[int, int] | None]:
    """(the first line is the heading, run-in heading range) for text[start:end]."""
    if not heading:
        return False, None
    first = paragraphs(text, start, end)[:1]
    if first and text[first[0][0]:first[0][1]] == heading:
        return True, None
    at = text.find(heading, start, end)
    if at >= 0 and not text[start:at].strip():
        return False, (at, at + len(heading))
    return False, None


def section_page(record: SectionRecord, *, items: Sequence[SectionInfo] = (),
                 hits: Sequence[tuple[int, int]] = (), current_hit: int | None = None,
                 selected: MetricRecord | None = None) -> Page:
    """One section: kicker, heading (from the text when it is a heading line), source, text.
    With `items` (its level-2 sections; `record` then spans them, see core.outline.with_items)
    each item follows under its own heading."""
    info, text = record.info, record.text
    heading_line, run_in = _heading_layout(text, 0, len(text), info.heading)
    if items:
        blocks, bold = _outline_blocks(text, info.start, [info, *items], {})
    else:
        blocks, bold = [Block(a, b) for a, b in paragraphs(text)], [run_in] if run_in else []
    return Page(
        kicker=kicker(info),
        title=None if heading_line else labels.section_title(info),
        source=labels.source_line(record.doc),
        text=text, base=info.start, blocks=blocks, metrics=record.metrics,
        bold=bold, hits=hits, current_hit=current_hit,
        selected_metric=selected.id if selected else None,
        sentence=(selected.sentence_start, selected.sentence_end) if selected else None,
    )


def _section_blocks(text: str, info: SectionInfo, start: int, end: int,
                    group_title: str | None) -> tuple[list[Block], list]:
    """The paragraphs of text[start:end], the part of `info` shown as its own: a heading
    line becomes a heading (h3 for a level-1 section, "item" for an item), a run-in heading bold."""
    heading_line, run_in = _heading_layout(text, start, end, info.heading)
    style = "muted" if info.kind == SectionKind.CREDITS else "body"
    heading_style = "item" if is_item(info) else "h3"
    blocks = []
    for i, (a, b) in enumerate(paragraphs(text, start, end)):
        block_style = heading_style if heading_line and i == 0 else style
        blocks.append(Block(a, b, block_style, group_title if i == 0 else None))
    return blocks, [run_in] if run_in else []


def _outline_blocks(text: str, base: int, sections: Sequence[SectionInfo],
                    group_titles: dict[str, str]) -> tuple[list[Block], list]:
    """Blocks for the sections within `text` (which starts at document offset `base`), in
    document order, each section's text once: an area whose span covers its items shows
    only what comes before the next of them. Text between sections (and after the last) is
    body text; `group_titles` (kind → 主要成效) goes before the first level-1 section of that
    kind, never before an item."""
    ordered = sorted(sections, key=lambda s: (s.start, s.level, s.position))
    blocks: list[Block] = []
    bold: list = []
    covered = ordered[0].start - base if ordered else 0  # what precedes the first is not shown
    for index, section in enumerate(ordered):
        start = max(section.start - base, covered)
        end = section.end - base
        later = [s.start - base for s in ordered[index + 1:] if s.start > section.start]
        if later:
            end = min(end, later[0])
        if start > covered:
            blocks += [Block(a, b) for a, b in paragraphs(text, covered, start)]
        group = None if is_item(section) else group_titles.pop(section.kind, None)
        more, run_in = _section_blocks(text, section, start, max(start, end), group)
        blocks += more
        bold += run_in
        covered = max(covered, end)
    if covered < len(text):
        blocks += [Block(a, b) for a, b in paragraphs(text, covered)]
    return blocks, bold


def document_page(info: DocumentInfo, text: str, sections: Sequence[SectionInfo],
                  metrics: Sequence[MetricRecord], selected: MetricRecord | None = None) -> Page:
    """A whole release: its sections in order under 主要成效 / 下一步重点 headings, each
    area's items under it."""
    if sections:
        groups: dict[str, str] = {kind: labels.section_kind_label(kind) for kind in GROUPED}
        last = max(s.end for s in sections)
        blocks, bold = _outline_blocks(text[:last], 0, sections, groups)
        blocks += [Block(a, b, "muted") for a, b in paragraphs(text, last)]
    else:
        blocks, bold = [Block(a, b) for a, b in paragraphs(text)][1:], []
    return Page(
        kicker=translate("PageBuilder", "Press release"), title=labels.document_title(info),
        source=" · ".join(p for p in (labels.document_date(info), info.issuer or "", info.file or "") if p),
        text=text, base=0, blocks=blocks, metrics=metrics, bold=bold,
        selected_metric=selected.id if selected else None,
        sentence=(selected.sentence_start, selected.sentence_end) if selected else None,
    )
