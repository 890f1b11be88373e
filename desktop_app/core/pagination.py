"""Pages of a printed summary, by plain arithmetic: no Qt.

The Qt side (ui/print_render.py) measures each block of a summary on the page device —
its height, where a paragraph may be cut, whether it keeps with what follows, which table
it belongs to — and `paginate` places them on pages: a heading stays with what follows
it, a table row never splits, a continued table starts with its header again, and a
paragraph splits only between lines.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """What the paginator needs to know of a block (all lengths in device pixels)."""

    height: float
    breaks: tuple[float, ...] = ()
    keep_with_next: bool = False
    space_before: float = 0.0
    table: int | None = None
    role: str = "text"


@dataclass(frozen=True)
class Piece:
    """A slice [y0, y1) of block `index`, drawn at `top` on its page."""

    index: int
    top: float
    y0: float
    y1: float

def paginate(items: Sequence[Measure], page_height: float) -> list[list[Piece]]:
    """Place blocks on pages of `page_height`.

    A block marked keep_with_next goes to a new page unless the start of what follows fits
    beside it; a table row never splits and a continued table starts with its header again;
    a paragraph splits only at its allowed breaks.
    """
    return _Paginator(items, page_height).run()


class _Paginator:
    def __init__(self, items: Sequence[Measure], page_height: float) -> None:
        self.items = items
        self.height = page_height
        self.pages: list[list[Piece]] = [[]]
        self.y = 0.0
        self.heads: dict[int, int] = {}

    def run(self) -> list[list[Piece]]:
        for index, item in enumerate(self.items):
            if item.role == "table_head" and item.table is not None:
                self.heads[item.table] = index
            self._place(index)
        return self.pages

    def _place(self, index: int) -> None:
        item = self.items[index]
        done = 0.0
        while done < item.height:
            self._start_continued_table(index)
            space = item.space_before if self.pages[-1] and done == 0 else 0.0
            room = self.height - self.y - space
            rest = item.height - done
            if rest <= room and self._followers_fit(index, room - rest):
                self._put(index, done, item.height, space)
                return
            cut = self._cut(item, done, room) if item.breaks else None
            if cut is not None:
                self._put(index, done, cut, space)
                done = cut
                self._new_page()
            elif self._page_has_content():
                self._new_page()
            else:  # taller than a page even on its own: place it and let it overflow
                self._put(index, done, item.height, 0.0)
                return

    def _followers_fit(self, index: int, room: float) -> bool:
        """With keep_with_next: does the start of the next block fit in `room`?"""
        if not self.items[index].keep_with_next or not self._page_has_content():
            return True
        return self._lead_height(index + 1) <= room

    def _lead_height(self, index: int) -> float:
        """The least of block `index` (and its own kept followers) that must share the page."""
        if index >= len(self.items):
            return 0.0
        item = self.items[index]
        first = item.breaks[0] if item.breaks else item.height
        lead = item.space_before + first
        if item.keep_with_next and first == item.height:
            lead += self._lead_height(index + 1)
        return lead

    def _cut(self, item: Measure, done: float, room: float) -> float | None:
        fitting = [b for b in item.breaks if done < b <= done + room]
        return fitting[-1] if fitting else None

    def _start_continued_table(self, index: int) -> None:
        item = self.items[index]
        if self.pages[-1] or item.role != "table_row" or item.table not in self.heads:
            return
        head = self.heads[item.table]
        self._put(head, 0.0, self.items[head].height, 0.0)

    def _page_has_content(self) -> bool:
        page = self.pages[-1]
        return bool(page) and not all(
            self.items[p.index].role == "table_head" for p in page
        )

    def _put(self, index: int, y0: float, y1: float, space: float) -> None:
        self.y += space
        self.pages[-1].append(Piece(index, self.y, y0, y1))
        self.y += y1 - y0

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0
