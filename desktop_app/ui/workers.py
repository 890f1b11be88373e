"""Work that must not run on the GUI thread: opening the knowledge base, searching, writing.

Each worker is a QObject moved to a QThread. It opens its own KnowledgeBase, never touches a
widget, and reports through signals (queued to the GUI thread). The core is imported inside
the workers, so the window can paint before Whoosh and the segmenter are even imported.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

if TYPE_CHECKING:  # imported in the workers (see above)
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import SearchResult

SEARCH_LIMIT = 50  # hits per page: the first page, then one more each time the list is scrolled to its end



class SearchScope(NamedTuple):
    """The release filters of a search in the window (None: no filter), passed as they are
    to KnowledgeBase.search; dates already read as YYYY-MM-DD by the panel. (A named tuple:
    the window's first frame needs no `dataclasses`.)"""

    doc_id: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    year: int | None = None
    issuer: str | None = None


Scope = SearchScope | int | None  # a bare int is a document id (callers from before the filters)

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
R = TypeVar("R")
# A write task on the data folder: (folder, progress, cancelled) -> result. Most open their
# own KnowledgeBase there (on_knowledge_base); a restore works on the folder itself.
FolderTask = Callable[[Path, Progress, Cancelled], R]
# A write task on a KnowledgeBase: (kb, progress, cancelled) -> result
Task = Callable[["KnowledgeBase", Progress, Cancelled], R]


class KbService(QObject):
    """The long-lived background worker.

    `start` opens the knowledge base (importing the seed into a fresh folder, rebuilding a
    stale index) and hands a reader instance to the GUI (one that never rebuilds the index
    afterwards: the GUI thread must not block on that), with the ChangeWatch that tells the
    GUI when another process has written since the documents it hands over were read (made
    before reading them: core/change_watch.py), then opens a second instance for
    searching and warms it up (segmenter, index, texts in memory). `search` answers queries,
    dropping any that a newer query has already replaced.
    """

    progress = Signal(int, int, str)
    upgrading = Signal(int, int, str)  # documents re-parsed for a newer parser, of all; backup
    opened = Signal(object, object, object)  # reader KnowledgeBase, list[DocumentInfo], its ChangeWatch
    ready = Signal()
    failed = Signal(object)  # the exception
    result = Signal(int, object)  # request id, SearchResult
    search_failed = Signal(int, object)
    page = Signal(int, int, object)  # request id, offset, SearchResult holding the hits from offset on

    def __init__(self, data_dir: Path, seed: bool):
        super().__init__()
        self.data_dir = data_dir
        self.seed = seed
        self.latest = 0  # written by the GUI thread before each request
        self._kb: KnowledgeBase | None = None

    @Slot()
    def start(self) -> None:
        from desktop_app.core.change_watch import ChangeWatch
        from desktop_app.core.kb import KnowledgeBase

        try:
            # The reader is used on the GUI thread (lists, reading, printing a search): a
            # damaged index it meets is left to the search instance to rebuild (repair off),
            # so the window never freezes for a rebuild. Opening rebuilds here, off-thread.
            # An upgrade to a newer parser (core/upgrade.py) runs here too, off the GUI thread.
            reader = KnowledgeBase.open(self.data_dir, seed=self.seed, progress=self.progress.emit,
                                        repair_index=False, upgrade_progress=self.upgrading.emit)
            watch = ChangeWatch(reader)  # before the list is read: a write after it is noticed
            # without sections: a window of 20,000 releases reads a release's when it is shown
            self.opened.emit(reader, reader.documents(with_sections=False), watch)
            # progress: a search that finds the index damaged rebuilds it, and says so
            self._kb = KnowledgeBase.open(self.data_dir, seed=False, progress=self.progress.emit)
            self._kb.warm_up()
        except Exception as error:  # noqa: BLE001 - reported to the GUI, which decides
            self.failed.emit(error)
            return
        self.ready.emit()

    @Slot(int, str, object, object)
    def search(self, request_id: int, query: str, kind: str | None, scope: Scope) -> None:
        if request_id != self.latest or self._kb is None:
            return
        try:
            result = search_page(self._kb, query, kind, scope, 0)
        except Exception as error:  # noqa: BLE001
            self.search_failed.emit(request_id, error)
            return
        if request_id == self.latest:
            self.result.emit(request_id, result)

    @Slot(int, str, object, object, int)
    def search_more(self, request_id: int, query: str, kind: str | None, scope: Scope, offset: int) -> None:
        """The next page of the search `request_id` (dropped when a newer search replaced it)."""
        if request_id != self.latest or self._kb is None:
            return
        try:
            result = search_page(self._kb, query, kind, scope, offset)
        except Exception as error:  # noqa: BLE001
            self.search_failed.emit(request_id, error)
            return
        if request_id == self.latest:
            self.page.emit(request_id, offset, result)

    def close(self) -> None:
        """Close the search instance (call only after the thread has stopped)."""
        if self._kb is not None:
            self._kb.close()
            self._kb = None


def search_page(kb: KnowledgeBase, query: str, kind: str | None, scope: Scope, offset: int,
                limit: int | None = None) -> SearchResult:
    """Hits [offset, offset + limit) of a search (snippets made for those alone), with the
    true total, within `scope` (a SearchScope, or a bare document id)."""
    limit = SEARCH_LIMIT if limit is None else limit
    if not isinstance(scope, SearchScope):
        scope = SearchScope(doc_id=scope)
    return kb.search(query, kind=kind, doc_id=scope.doc_id, limit=limit, offset=offset,
                     date_from=scope.date_from, date_to=scope.date_to, year=scope.year, issuer=scope.issuer)


class KbTask(QObject):
    """One write (import, delete, properties, backup, restore) on the data folder, most on
    their own KnowledgeBase (see on_knowledge_base)."""

    progress = Signal(int, int, str)
    finished = Signal(object)  # the task's result
    failed = Signal(object)  # the exception

    def __init__(self, data_dir: Path, task: FolderTask[object]):
        super().__init__()
        self.data_dir = data_dir
        self._task = task
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the task to stop between files (safe from any thread)."""
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self._task(self.data_dir, self.progress.emit, self._cancel.is_set)
        except Exception as error:  # noqa: BLE001 - the GUI maps it to a message or the hook
            self.failed.emit(error)
            return
        self.finished.emit(result)


def on_knowledge_base(task: Task[R]) -> FolderTask[R]:
    """`task` run on its own KnowledgeBase, opened on the data folder in the worker's thread
    (without seeding) and closed when the task ends."""
    def run(data_dir: Path, progress: Progress, cancelled: Cancelled) -> R:
        from desktop_app.core.kb import KnowledgeBase

        with KnowledgeBase.open(data_dir, seed=False) as kb:
            return task(kb, progress, cancelled)
    return run


def start_in_thread(worker: KbTask, parent: QObject, name: str,
                    on_ended: Callable[[], None] | None = None) -> QThread:
    """Move `worker` to a new QThread owned by `parent`, call its `run` when the thread
    starts, and stop the thread when the worker reports finished or failed. `on_ended` (a
    slot of a GUI-thread object) is connected to the thread's `finished` before it starts:
    connected after, a task quick enough to end first would never be reaped.

    The caller keeps a reference to `worker` until the thread's `finished` signal (and then
    deletes the thread): freeing the worker while its thread still runs would crash."""
    thread = QThread(parent)
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    for signal in (worker.finished, worker.failed):  # direct: quit() is thread-safe, and a
        signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)  # waiting GUI can't deliver it
    if on_ended is not None:
        thread.finished.connect(on_ended)
    thread.start()
    return thread
