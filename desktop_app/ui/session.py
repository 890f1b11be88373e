"""The running knowledge base as the windows see it: loading state, reader, search worker.

A Session outlives its main window (switching language rebuilds the window, not the
knowledge base). It is created before anything slow happens; `start()` moves the slow
work — opening, importing the seed, warming up search — to a background thread.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop_app.ui.workers import KbService, Scope

if TYPE_CHECKING:  # the core is imported by the worker (see workers.py)
    from desktop_app.core.change_watch import ChangeWatch
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import DocumentInfo

CLOSE_TIMEOUT_MS = 10_000  # how long quitting waits for a running open/rebuild
STATE_NEW, STATE_LOADING, STATE_OPEN, STATE_READY, STATE_FAILED = "new", "loading", "open", "ready", "failed"


class Session(QObject):
    """Owns the reader KnowledgeBase (GUI thread) and the search worker's thread."""

    progress = Signal(int, int, str)
    upgrading = Signal(int, int, str)  # an upgrade to a newer parser: documents done, total, backup
    opened = Signal()
    ready = Signal()
    failed = Signal(object)
    search_result = Signal(int, object)
    search_failed = Signal(int, object)
    search_page = Signal(int, int, object)  # request id, offset, SearchResult (hits from offset on)
    _search_requested = Signal(int, str, object, object)
    _more_requested = Signal(int, str, object, object, int)
    _start_requested = Signal()

    def __init__(self, data_dir: Path, *, seed: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.kb: KnowledgeBase | None = None
        self.watch: ChangeWatch | None = None  # tells of writes by other processes (changed_elsewhere)
        self.documents: list[DocumentInfo] = []
        self.error: BaseException | None = None
        self.state = STATE_NEW
        self._request_id = 0
        self._thread = QThread()
        self._thread.setObjectName("zhiku-kb")
        self._service = KbService(self.data_dir, seed)
        self._service.moveToThread(self._thread)
        self._start_requested.connect(self._service.start)
        self._search_requested.connect(self._service.search)
        self._more_requested.connect(self._service.search_more)
        self._service.progress.connect(self.progress)
        self._service.upgrading.connect(self.upgrading)
        self._service.opened.connect(self._on_opened)
        self._service.ready.connect(self._on_ready)
        self._service.failed.connect(self._on_failed)
        self._service.result.connect(self.search_result)
        self._service.search_failed.connect(self.search_failed)
        self._service.page.connect(self.search_page)

    @property
    def is_open(self) -> bool:
        return self.state in (STATE_OPEN, STATE_READY)

    @property
    def is_ready(self) -> bool:
        return self.state == STATE_READY

    def start(self) -> None:
        """Begin opening the knowledge base in the background (once)."""
        if self.state != STATE_NEW:
            return
        self.state = STATE_LOADING
        self._thread.start()
        self._start_requested.emit()

    def retry(self) -> None:
        """Open again after a failed open (e.g. once a backup has replaced a damaged file)."""
        if self.state == STATE_FAILED:
            self.error = None
            self.state = STATE_LOADING
            self._start_requested.emit()

    def request_search(self, query: str, kind: str | None = None, doc_id: Scope = None) -> int:
        """Queue a search; returns its id. Only the newest request's result is delivered."""
        self._request_id += 1
        self._service.latest = self._request_id
        self._search_requested.emit(self._request_id, query, kind, doc_id)
        return self._request_id

    def request_more(self, request_id: int, query: str, kind: str | None, doc_id: Scope, offset: int) -> None:
        """Queue the next page (hits from `offset` on) of the search `request_id`; answered on
        `search_page`, or not at all when a newer search has replaced it."""
        self._more_requested.emit(request_id, query, kind, doc_id, offset)

    def latest_request(self) -> int:
        return self._request_id

    def reload_documents(self) -> list[DocumentInfo]:
        """Read the document list again (after an import, delete or edit), without the
        documents' sections (the tree reads a release's when it is shown). What is read is
        what the window shows: writes before it are no longer `changed_elsewhere`."""
        if self.kb is not None:
            if self.watch is not None:
                self.watch.seen()  # before reading: a write committed meanwhile is noticed next
            self.documents = self.kb.documents(with_sections=False)
        return self.documents

    def changed_elsewhere(self) -> bool:
        """Whether another process (the CLI, a second window) or another instance of this
        one (the window's own write tasks) changed documents, sections or figures since the
        list was last read. A few microseconds; never waits (core/change_watch.py)."""
        return self.kb is not None and self.watch is not None and self.watch.changed()

    @Slot(object, object, object)
    def _on_opened(self, kb: KnowledgeBase, documents: Sequence[DocumentInfo],
                   watch: ChangeWatch | None = None) -> None:
        """The reader and its documents, handed over by the worker with the ChangeWatch it
        made before reading them (one made now, without: a write in between is missed)."""
        if watch is None:
            from desktop_app.core.change_watch import ChangeWatch

            watch = ChangeWatch(kb)
        self.kb, self.documents, self.watch = kb, list(documents), watch
        self.state = STATE_OPEN
        self.opened.emit()

    @Slot()
    def _on_ready(self) -> None:
        self.state = STATE_READY
        self.ready.emit()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self.error = error
        self.state = STATE_FAILED if self.kb is None else STATE_OPEN
        self.failed.emit(error)

    def close(self, timeout_ms: int | None = None) -> bool:
        """Stop the worker thread and close both knowledge base instances.

        Waits at most `timeout_ms` (default CLOSE_TIMEOUT_MS) for a running open, seed import
        or index rebuild: quitting must not hang on it. Returns False when the worker is still
        busy then; its instance is left alone (it is in use) and the caller should end the
        process without destroying the thread (os._exit). Nothing is corrupted: SQLite and
        Whoosh write in transactions, and the next start redoes an interrupted open."""
        if self._thread.isRunning():
            self._thread.quit()
            if not self._thread.wait(CLOSE_TIMEOUT_MS if timeout_ms is None else timeout_ms):
                self._close_reader()
                return False
        self._service.close()
        self._close_reader()
        return True

    def _close_reader(self) -> None:
        self.watch = None
        if self.kb is not None:
            self.kb.close()
            self.kb = None
