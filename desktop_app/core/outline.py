"""A release's outline: level-1 sections (areas, priorities, other headings) and their items.

Qt-free helpers over the SectionInfo and SectionRecord rows the knowledge base hands out,
shared by the window (tree, reading pane) and the printed summaries. An item's span may lie
inside its area's (the area covers its items) or follow it (the area ends where its first
item starts): both conventions give the same outline here, and text is never shown twice.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the window's first frame does not pay for the records module
    from desktop_app.core.records import SectionInfo, SectionRecord

Span = tuple[int, int]


def is_item(info: SectionInfo) -> bool:
    """A level-2 section that names the level-1 section it belongs to."""
    return info.level == 2 and info.parent_id is not None


def items_by_parent(sections: Iterable[SectionInfo]) -> dict[int, list[SectionInfo]]:
    """Each level-1 section's items in document order, only for parents in `sections`
    (an item whose parent is missing has none to nest under: it is shown as level 1)."""
    sections = list(sections)
    present = {s.id for s in sections if not is_item(s)}
    found: dict[int, list[SectionInfo]] = {}
    for info in sections:
        if is_item(info) and info.parent_id in present:
            found.setdefault(info.parent_id, []).append(info)
    for items in found.values():
        items.sort(key=lambda s: (s.start, s.position))
    return found


def items_of(sections: Iterable[SectionInfo], section_id: int) -> list[SectionInfo]:
    """The items of one section in document order (none for an item or a leaf section)."""
    return items_by_parent(sections).get(section_id, [])


def figure_total(info: SectionInfo, items: Sequence[SectionInfo]) -> int:
    """An area's figures with its items': what its tree row and cards count."""
    return info.metric_count + sum(item.metric_count for item in items)


def outline_span(info: SectionInfo, items: Sequence[SectionInfo]) -> Span:
    """From the area's start to the end of its last item (or its own end, if later)."""
    return info.start, max([info.end, *(item.end for item in items)])


def own_spans(span: Span, items: Sequence[SectionInfo]) -> list[Span]:
    """`span` without the spans of `items`: the text that is the area's own (its heading,
    a lead-in before the first item, anything after the last)."""
    pieces, at = [], span[0]
    for item in sorted(items, key=lambda s: s.start):
        if item.start > at:
            pieces.append((at, min(item.start, span[1])))
        at = max(at, item.end)
    if at < span[1]:
        pieces.append((at, span[1]))
    return [(a, b) for a, b in pieces if b > a]


def with_items(area: SectionRecord, items: Sequence[SectionRecord], document_text: str) -> SectionRecord:
    """One record for an area and its items: the text from the area's start to its last
    item's end and every figure of all of them in text order, so that a page or cards built
    from it show the whole area. The info keeps the area's id, kind and heading."""
    import dataclasses  # here: the window's first frame imports this module, not dataclasses

    if not items:
        return area
    start, end = outline_span(area.info, [r.info for r in items])
    metrics = sorted((m for r in (area, *items) for m in r.metrics), key=lambda m: (m.start, m.id))
    info = dataclasses.replace(area.info, end=end)
    return dataclasses.replace(area, info=info, text=document_text[start:end], metrics=tuple(metrics))
