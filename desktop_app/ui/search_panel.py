"""The search results panel: filters (kind, release, dates, year, issuer), a summary, grouped results."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from desktop_app.ui import i18n
from desktop_app.ui.i18n import fill
from desktop_app.ui.search_filters import SearchFilters
from desktop_app.ui.search_model import HIT_ROLE, SELECTED_BG, HtmlDelegate, SearchResultsModel

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo, SearchHit, SearchResult
    from desktop_app.ui.workers import SearchScope


class ResultsView(QTreeView):
    """Results tree whose rows re-wrap when the view is resized."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


class SearchPanel(QWidget):
    """Filters (see search_filters), a summary line and the grouped results."""

    filters_changed = Signal()
    hit_selected = Signal(object)  # SearchHit made current (click, arrow keys, first result)
    hit_activated = Signal(object)  # SearchHit chosen with Enter or a double click

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = SearchResultsModel(self)
        self.view = ResultsView()
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setItemDelegate(HtmlDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        palette = self.view.palette()  # a light selection keeps marks and colours readable
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(SELECTED_BG))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, palette.color(QPalette.ColorRole.Text))
        self.view.setPalette(palette)
        self.filters = SearchFilters()
        self.kind_combo, self.doc_combo = self.filters.kind_combo, self.filters.doc_combo
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("searchSummary")
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.filters.changed.connect(self.filters_changed)
        self.filters.release_not_found.connect(self._on_release_not_found)
        self.view.activated.connect(self._on_activated)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)

    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        """The release filter's choices (keeps the current one when it still exists); the
        results name an item's area from them."""
        self.model.set_documents(documents)
        self.filters.set_documents(documents)

    def kind(self) -> str | None:
        return self.filters.kind()

    def doc_id(self) -> int | None:
        return self.filters.doc_id()

    def scope(self) -> SearchScope:
        """The release filters; InputError for a badly written date."""
        return self.filters.scope()

    @Slot(str)
    def _on_release_not_found(self, text: str) -> None:
        self.summary.setText(fill(self.tr("No release title contains “%1” alone: pick one from the list."), text))

    def set_result(self, result: SearchResult | None) -> None:
        self.model.set_result(result)
        self.view.expandAll()
        self.summary.setText(self._summary_text(result))

    def append_hits(self, offset: int, hits: Sequence[SearchHit]) -> None:
        """A further page of the results shown (the list was scrolled to its end)."""
        self.model.append_hits(offset, hits)
        self.summary.setText(self._summary_text(self.model.result))

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        """A further page's new documents open like the first page's."""
        if not parent.isValid():
            for row in range(first, last + 1):
                self.view.expand(self.model.index(row, 0))

    def _summary_text(self, result: SearchResult | None) -> str:
        """How many sections were found in all (the true total) and how many are listed;
        the number of hits in them once every section is listed."""
        if result is None:
            return ""
        if not result.hits:
            text = self._hint(result) or fill(self.tr("Nothing found for “%1”."), result.query)
            return " · ".join([text, *self._undated_note(result)])
        hits = self.model.hits()
        if len(hits) < result.total:
            text = fill(self.tr("%1 sections found · %2 listed (scroll for more)"), result.total, len(hits))
        else:
            count = sum(len(h.matches) for h in hits)
            text = fill(self.tr("%1 hits in %2 sections"), count, len(hits))
        hint = self._hint(result)
        return " · ".join([text, *self._undated_note(result), *([hint] if hint else [])])

    @staticmethod
    def _hint(result: SearchResult) -> str | None:
        """The search's notes in the interface's language only (the CLI's hint is bilingual)."""
        if not result.notes:
            return result.hint
        from desktop_app.core.search_index import note_text

        language = i18n.current_language()
        return ("；" if language.startswith("zh") else "; ").join(note_text(n, language) for n in result.notes)

    def _undated_note(self, result: SearchResult) -> list[str]:
        """What a date filter left out: releases with matching sections but no date."""
        if not result.undated_excluded:
            return []
        return [fill(self.tr("%1 undated releases not counted"), result.undated_excluded)]

    def set_message(self, text: str) -> None:
        self.model.set_result(None)
        self.summary.setText(text)

    def first_hit(self) -> SearchHit | None:
        hits = self.model.hits()
        return hits[0] if hits else None

    def select_hit(self, position: int) -> None:
        index = self.model.hit_index(position)
        if index.isValid():
            self.view.setCurrentIndex(index)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = current.data(HIT_ROLE)
        if hit is not None:
            self.hit_selected.emit(hit)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.hit_activated.emit(hit)
