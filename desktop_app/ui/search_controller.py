"""Search in the window: the box, the worker, the results panel and stepping through hits.

The box's debounced query goes to the session's search worker; only the answer to the
newest request, for the text still in the box, is shown. The first result opens at once;
F3 / Shift+F3 move through the hits of the open section and then on to the next result.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.core.errors import InputError
from desktop_app.ui.messages import describe_error, error_text
from desktop_app.ui.reading_pane import ReadingPane
from desktop_app.ui.search_box import SearchBox
from desktop_app.ui.search_panel import SearchPanel
from desktop_app.ui.session import Session

if TYPE_CHECKING:
    from desktop_app.core.records import SearchHit, SearchResult
    from desktop_app.ui.workers import SearchScope


class SearchController(QObject):
    """Connects SearchBox → Session (worker) → SearchPanel → the reading pane."""

    shown = Signal(object)  # SearchResult, once it is on screen
    results_wanted = Signal()  # show the results tab
    contents_wanted = Signal()  # Esc in an empty box: back to the contents tab

    def __init__(self, session: Session, box: SearchBox, panel: SearchPanel, pane: ReadingPane,
                 open_section: Callable[..., None], shown_section: Callable[[], int | None], parent=None):
        super().__init__(parent)
        self.session, self.box, self.panel, self.pane = session, box, panel, pane
        self._open_section = open_section  # (section_id, hits=, query=) -> None
        self._shown_section = shown_section  # the section id in the reading pane, if any
        self.result: SearchResult | None = None
        self._pending: str | None = None
        self._refresh_request = 0  # the request that refreshes the results shown (no jumps)
        box.query_changed.connect(self.run)
        box.submitted.connect(self.run)
        box.escaped.connect(self._on_escape)
        panel.filters_changed.connect(self._on_filters_changed)
        panel.hit_selected.connect(self.open_hit)
        panel.hit_activated.connect(self._on_hit_activated)
        session.search_result.connect(self._on_result)
        session.search_failed.connect(self._on_failed)
        session.search_page.connect(self._on_page)
        panel.model.more_wanted.connect(self._fetch_more)
        self._request = 0  # the request whose results are shown (its further pages belong to it)
        self._scope: SearchScope | None = None  # the filters of the results shown

    @Slot()
    def _on_filters_changed(self) -> None:
        self.run(self.box.text().strip())

    def _read_scope(self) -> SearchScope | None:
        """The panel's filters, or None after showing what is wrong with them (a bad date)."""
        try:
            return self.panel.scope()
        except InputError as error:
            self.result = None
            self.panel.set_message(error_text(error))
            self.pane.clear_hits()
            return None

    @Slot(str)
    def run(self, query: str) -> None:
        """Send the query to the search worker (or keep it until search is ready)."""
        if not query:
            self.result = None
            self.panel.set_result(None)
            self.pane.clear_hits()
            return
        scope = self._read_scope()
        if scope is None:
            return
        if not self.session.is_ready:
            self._pending = query
            self.panel.set_message(self.tr("Preparing search…"))
            return
        self._scope = scope
        self.session.request_search(query, self.panel.kind(), scope)

    def refresh(self) -> None:
        """Ask again for the results shown, because documents changed (import, delete,
        restore): the answer replaces the list where it is, without switching tabs or
        opening a hit. A deleted section never stays in the list to be clicked."""
        if self.result is None or not self.session.is_ready or self._scope is None:
            return
        self._refresh_request = self.session.request_search(self.result.query, self.panel.kind(), self._scope)

    def search_ready(self) -> None:
        """Run what was typed while the knowledge base was still loading."""
        query = self.box.text().strip() or self._pending
        self._pending = None
        if query:
            self.run(query)

    @Slot(int, object)
    def _on_result(self, request_id: int, result: SearchResult) -> None:
        if request_id != self.session.latest_request() or result.query != self.box.text().strip():
            return  # the user has typed on since
        self.result = result
        self._request = request_id
        self.panel.set_result(result)
        if not result.hits:  # no “1 / 1” of the previous query, no F3 through its hits
            self.pane.clear_hits()
        if request_id == self._refresh_request:
            return
        self.results_wanted.emit()
        if result.hits:
            self.panel.select_hit(0)
        self.shown.emit(result)

    @Slot(int, object)
    def _on_failed(self, request_id: int, error: BaseException) -> None:
        if request_id == self._request and self.panel.model.loaded():  # a further page failed
            self.panel.model.fetch_failed()
            return
        self.panel.set_message(describe_error(error).full_text())
        self.pane.clear_hits()  # the hits of an earlier query are not this one's

    @Slot(int)
    def _fetch_more(self, offset: int) -> None:
        """The results list was scrolled to its end: ask the worker for the next page."""
        if self.result is None or self._scope is None or self._request != self.session.latest_request():
            self.panel.model.fetch_failed()
            return
        self.session.request_more(self._request, self.result.query, self.panel.kind(), self._scope, offset)

    @Slot(int, int, object)
    def _on_page(self, request_id: int, offset: int, result: SearchResult) -> None:
        if request_id == self._request and self.result is not None and result.query == self.result.query:
            self.panel.append_hits(offset, result.hits)

    @Slot()
    def _on_escape(self) -> None:
        if self.box.text():
            self.box.clear()
        else:
            self.contents_wanted.emit()

    @Slot(object)
    def open_hit(self, hit: SearchHit) -> None:
        """Show a result's section with every hit marked."""
        self._open_section(hit.section_id, hits=hit.matches, query=self.result.query if self.result else "")

    @Slot(object)
    def _on_hit_activated(self, hit: SearchHit) -> None:
        if self.result is not None:
            self.box.remember(self.result.query)
        self.open_hit(hit)
        self.pane.browser.setFocus()

    def step(self, delta: int) -> None:
        """F3 (+1) / Shift+F3 (-1): the next hit here, then the next (or previous) result."""
        hits = self.panel.model.hits()
        current, count = self.pane.current_hit(), self.pane.hit_count()
        position = self._position(hits)
        if not hits or (current is not None and 0 <= current + delta < count):
            (self.pane.next_hit if delta > 0 else self.pane.previous_hit)()
            return
        target = (position + delta) % len(hits) if position >= 0 else 0
        if target == position:  # a single result: wrap around inside it
            (self.pane.next_hit if delta > 0 else self.pane.previous_hit)()
            return
        self.panel.select_hit(target)
        if delta < 0:
            self.pane.last_hit()

    def _position(self, hits: list[SearchHit]) -> int:
        shown = self._shown_section()
        ids = [h.section_id for h in hits]
        return ids.index(shown) if shown in ids else -1

    def current(self):
        """(query, {"kind", "doc_id", "date_from", "date_to", "year", "issuer"}) of the
        results shown, or None."""
        query = self.result.query if self.result else self.box.text().strip()
        if not query:
            return None
        filters = {"kind": self.panel.kind(), "doc_id": self.panel.doc_id()}
        if self._scope is not None:  # the other filters only when set
            extra = {"date_from": self._scope.date_from, "date_to": self._scope.date_to,
                     "year": self._scope.year, "issuer": self._scope.issuer}
            filters |= {name: value for name, value in extra.items() if value is not None}
        return query, filters
