"""Noticing that another process changed the knowledge base, and what it changed.

The window keeps one reader KnowledgeBase open for hours while the CLI (`zhiku import`,
`zhiku delete`, `zhiku correct`) or a second window writes to the same data folder.
`ChangeWatch` tells it, cheaply enough to ask every second on the GUI thread, that it should
read again; `library_change` says what the list of releases gained, lost and saw change.

Two numbers do it. SQLite's `PRAGMA data_version` on the reader's own connection moves on
whenever another connection commits (https://www.sqlite.org/pragma.html#pragma_data_version):
a few microseconds, no write lock, and never blocked by a writer (the database is in WAL
mode: a reader reads the last commit while a write transaction is open). Only when it has
moved is the store's state read (store id and generation, which every write to documents,
sections or figures bumps in its own transaction), so commits that change nothing shown
(a meta value, search texts re-derived) are not reported.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.core.errors import ZhikuError

if TYPE_CHECKING:
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import DocumentInfo

log = logging.getLogger(__name__)


class ChangeWatch:
    """Whether the knowledge base changed, through another connection, since `seen()`.

    Made before the caller first reads what it shows, and told `seen()` before each time
    it reads everything again: a write committed between the two is then reported at the
    next look instead of being lost. The instance's own writes are not reported (SQLite
    does not count a connection's own commits in its data_version); a window makes its
    writes on other instances and refreshes after them itself, and `seen()` then keeps
    them from being reported a second time."""

    def __init__(self, kb: KnowledgeBase):
        self._kb = kb
        self._version: int | None = None
        self._seen: tuple[str, int] | None = None
        self._failing = False
        self.seen()

    def seen(self) -> None:
        """What the knowledge base holds now is what the caller is about to read and show."""
        try:
            self._version, self._seen = self._kb.data_version(), self._kb.store_state()
        except ZhikuError:  # a vanished or damaged file: the next look says so (logged once)
            self._version = self._seen = None

    def changed(self) -> bool:
        """Whether documents, sections or figures changed since `seen()`. Stays True until
        the next `seen()`, so a caller may put off its refresh. False while another thread
        uses the instance, and when the database cannot be read (logged once)."""
        try:
            version = self._kb.data_version()
            if version is None or version == self._version:
                return False
            if self._kb.store_state() != self._seen:
                return True
        except ZhikuError as error:
            if not self._failing:
                log.warning("Cannot look for changes made by other processes: %s", error)
            self._failing = True
            return False
        self._failing = False
        self._version = version  # a commit that changed nothing shown: not asked about again
        return False


@dataclass(frozen=True)
class LibraryChange:
    """What a list of releases gained, lost and saw change (title, date, figures count …),
    each in the order of the list it comes from."""

    added: tuple[DocumentInfo, ...] = ()
    removed: tuple[DocumentInfo, ...] = ()
    changed: tuple[DocumentInfo, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def library_change(before: Sequence[DocumentInfo], after: Sequence[DocumentInfo]) -> LibraryChange:
    """The releases of `after` that `before` lacked, those of `before` that `after` lacks, and
    those listed differently in the two (by id; a release re-imported with a changed file
    has a new import time, so it counts as changed even when its title stayed)."""
    old = {d.id: d for d in before}
    new = {d.id: d for d in after}
    return LibraryChange(
        added=tuple(d for d in after if d.id not in old),
        removed=tuple(d for d in before if d.id not in new),
        changed=tuple(d for d in after if d.id in old and old[d.id] != d))
