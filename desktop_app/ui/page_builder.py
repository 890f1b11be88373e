"""Turn knowledge-base records into reading-pane pages (a section, or a whole document)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop_app.ui import labels
from desktop_app.ui.page_html import Block, Page, paragraphs

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo, MetricRecord, SectionInfo, SectionRecord

translate = QCoreApplication.translate

GROUPED = ("achievement", "priority")


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


def section_page(record: SectionRecord, *, hits: Sequence[tuple[int, int]] = (),
                 current_hit: int | None = None, selected: MetricRecord | None = None) -> Page:
    """One section: kicker, heading (from the text when it is a heading line), source, text."""
    info, text = record.info, record.text
    heading_line, run_in = _heading_layout(text, 0, len(text), info.heading)
    blocks = [Block(a, b) for a, b in paragraphs(text)]
    return Page(
        kicker=kicker(info),
        title=None if heading_line else labels.section_title(info),
        source=labels.source_line(record.doc),
        text=text, base=info.start, blocks=blocks, metrics=record.metrics,
        bold=[run_in] if run_in else [], hits=hits, current_hit=current_hit,
        selected_metric=selected.id if selected else None,
        sentence=(selected.sentence_start, selected.sentence_end) if selected else None,
    )


def _section_blocks(text: str, info: SectionInfo, group_title: str | None) -> tuple[list[Block], list]:
    heading_line, run_in = _heading_layout(text, info.start, info.end, info.heading)
    style = "muted" if info.kind == "credits" else "body"
    blocks = []
    for i, (a, b) in enumerate(paragraphs(text, info.start, info.end)):
        block_style = "h3" if heading_line and i == 0 else style
        blocks.append(Block(a, b, block_style, group_title if i == 0 else None))
    return blocks, [run_in] if run_in else []


def document_page(info: DocumentInfo, text: str, sections: Sequence[SectionInfo],
                  metrics: Sequence[MetricRecord], selected: MetricRecord | None = None) -> Page:
    """A whole release: its sections in order under 主要成效 / 下一步重点 headings."""
    blocks, bold, seen_groups, covered = [], [], set(), 0
    for section in sorted(sections, key=lambda s: s.start):
        group = None
        if section.kind in GROUPED and section.kind not in seen_groups:
            seen_groups.add(section.kind)
            group = labels.section_kind_label(section.kind)
        if section.start > covered and covered:
            blocks += [Block(a, b) for a, b in paragraphs(text, covered, section.start)]
        more, run_in = _section_blocks(text, section, group)
        blocks += more
        bold += run_in
        covered = max(covered, section.end)
    if not sections:
        blocks = [Block(a, b) for a, b in paragraphs(text)][1:]
    elif covered < len(text):
        blocks += [Block(a, b, "muted") for a, b in paragraphs(text, covered)]
    return Page(
        kicker=translate("PageBuilder", "Press release"), title=labels.document_title(info),
        source=" · ".join(p for p in (labels.document_date(info), info.issuer or "", info.file or "") if p),
        text=text, base=0, blocks=blocks, metrics=metrics, bold=bold,
        selected_metric=selected.id if selected else None,
        sentence=(selected.sentence_start, selected.sentence_end) if selected else None,
    )
