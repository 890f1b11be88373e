"""The window follows its data folder: what another process writes there — `zhiku import`,
`zhiku delete`, `zhiku correct`, a second window — shows within a second or two, without the
user doing anything.

A QTimer on the GUI thread asks the session every POLL_MS whether the knowledge base changed
underneath it (Session.changed_elsewhere, core/change_watch.py: SQLite's data_version on the
reader's own connection, then the store's generation; a few microseconds, no lock a writer
holds, no thread of its own). When it has, the window reads everything again
(MainWindow.reload_after_change_elsewhere: lists, counts, search results, comparison, and
the page shown when it changed) and the status bar says what changed.

It does not look:

* while the window's own write runs (import, delete, restore, a correction): the window
  reads everything again when that write ends, and what it reads then counts as seen, so
  its own writes never cause a second refresh;
* while a dialog or a menu is open (what it was opened on stays put); the change is shown
  once it closes;
* sooner after a refresh than REFRESH_SHARE times what that refresh took, so a big library
  that the CLI imports into for minutes never keeps the window busy.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from desktop_app.core.change_watch import LibraryChange, library_change
from desktop_app.ui import labels
from desktop_app.ui.i18n import fill
from desktop_app.ui.main_window import PAGE_CHANGED, PAGE_GONE

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo
    from desktop_app.ui.main_window import MainWindow

POLL_MS = 1000  # how often the window looks (each look: a few microseconds)
REFRESH_SHARE = 10  # at most 1 / REFRESH_SHARE of the time goes to refreshing
MESSAGE_MS = 10_000  # how long the status bar says what changed
log = logging.getLogger(__name__)


class LibraryWatch(QObject):
    """Looks for other processes' writes every POLL_MS and has the window show them."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._quiet_until = 0.0  # time.monotonic() before which no refresh is made
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        window.ops.task_failed.connect(self._after_failed_write)
        self.timer.start()

    def may_look(self) -> bool:
        """Not while the window writes, nor under a dialog or a menu, nor right after a
        refresh that took long."""
        w = self.window
        return (w.session.kb is not None and not w.writes_running()
                and QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None
                and time.monotonic() >= self._quiet_until)

    @Slot()
    def poll(self) -> bool:
        """Look once; refresh the window when another process changed the knowledge base.
        True when it refreshed."""
        if not self.may_look() or not self.window.session.changed_elsewhere():
            return False
        self.refresh()
        return True

    def refresh(self, *, say: bool = True) -> None:
        """Read everything again and (with `say`) tell in the status bar what changed."""
        w = self.window
        before, shown = list(w.session.documents), w.shown_release()
        started = time.monotonic()
        outcome = w.reload_after_change_elsewhere()
        took = time.monotonic() - started
        self._quiet_until = time.monotonic() + took * (REFRESH_SHARE - 1)
        change = library_change(before, w.session.documents)
        log.info("Another process changed the knowledge base (releases: %d added, %d deleted, %d changed); "
                 "shown again in %.0f ms", len(change.added), len(change.removed), len(change.changed), took * 1000)
        if say:
            w.statusBar().showMessage(self.message(change, outcome, shown), MESSAGE_MS)

    def message(self, change: LibraryChange, outcome: str | None, shown: DocumentInfo | None) -> str:
        """The status bar's line after a refresh: what became of the release shown when it
        was deleted or changed, else how many releases were added, deleted and changed."""
        title = labels.document_title(shown) if shown is not None else ""
        if outcome == PAGE_GONE:
            return fill(self.tr("“%1” was deleted by another program."), title)
        if outcome == PAGE_CHANGED:
            return fill(self.tr("“%1” was changed by another program and is shown as it is now."), title)
        if not change:
            return self.tr("Changes made by another program are shown.")
        return fill(self.tr("Changes made by another program are shown: %1 added, %2 deleted, %3 changed."),
                    len(change.added), len(change.removed), len(change.changed))

    @Slot(object)
    def _after_failed_write(self, _error: BaseException) -> None:
        """A write of the window's own failed part-way (an import that committed some files,
        then found the disk full): what it committed is shown now, without a message (the
        error dialog has said what happened)."""
        if self.window.session.changed_elsewhere():
            self.refresh(say=False)


def install_library_watch(window: MainWindow) -> LibraryWatch:
    """Start following the data folder (after finish_setup: the window's operations exist)."""
    return LibraryWatch(window)
