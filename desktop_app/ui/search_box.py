"""The toolbar's search box: debounced queries, Enter to search now, recent queries.

Typing never waits for a search: the box only restarts a ~200 ms timer; when it fires, the
query goes to the search worker thread and whatever comes back last is shown.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFocusEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop_app.core.paths import resource_path

DEBOUNCE_MS = 200
MAX_RECENT = 12


class SearchBox(QLineEdit):
    """The toolbar's query field: debounced `query_changed`, Enter `submitted`, recent queries."""

    query_changed = Signal(str)
    submitted = Signal(str)
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setMinimumWidth(280)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._fire)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._submit)
        self._recent = QStringListModel(self)
        icon = QIcon(str(resource_path("icons", "search.svg")))
        self.recent_action = self.addAction(icon, QLineEdit.ActionPosition.LeadingPosition)
        self.recent_action.setToolTip(self.tr("Recent searches"))
        self.recent_action.triggered.connect(self.show_recent)

    def finish_setup(self) -> None:
        """After the window's first paint: the clear button (drawn only once there is text)."""
        self.setClearButtonEnabled(True)

    def _ensure_completer(self) -> None:
        """The drop-down of recent queries, made when the box is first used (not before the
        window's first frame)."""
        if self.completer() is None:
            completer = QCompleter(self._recent, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.setCompleter(completer)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._ensure_completer()
        super().focusInEvent(event)

    @Slot()
    def show_recent(self) -> None:
        """Drop down the recent queries (also: Down in an empty box)."""
        self._ensure_completer()
        if self.recent():
            self.completer().setCompletionPrefix("")
            self.completer().complete()

    def set_recent(self, queries: Sequence[str]) -> None:
        self._recent.setStringList(list(queries)[:MAX_RECENT])

    def recent(self) -> list[str]:
        return self._recent.stringList()

    def remember(self, query: str) -> None:
        """Put a query at the top of the recent list."""
        query = query.strip()
        if query:
            self.set_recent([query] + [q for q in self.recent() if q != query])

    def pending(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _fire(self) -> None:
        self.query_changed.emit(self.text().strip())

    @Slot()
    def _submit(self) -> None:
        self._timer.stop()
        self.remember(self.text())
        self.submitted.emit(self.text().strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        if event.key() == Qt.Key.Key_Down and not self.text() and self.recent():
            self.show_recent()
            return
        super().keyPressEvent(event)
