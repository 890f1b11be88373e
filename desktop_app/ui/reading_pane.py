"""The reading pane: key-figure cards, a find bar for search hits, and the typeset page.

The cards and the find bar are hidden until a page needs them, so they are made then (and
their modules imported then): the window's first frame shows only the loading message.

Nothing external is ever loaded: links are handled here (metric:ID selects a metric) and
`loadResource` answers every request with nothing, so an <img src="http://…"> that slipped
into a document could not be fetched even if it were rendered — and it is not: the text is
escaped by `page_html`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QColor, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from desktop_app.ui import labels
from desktop_app.ui.i18n import fill
from desktop_app.ui.page_style import (
    CURRENT_HIT_BG,
    HIGHLIGHT_COLOURS,
    HIT_BG,
    SENTENCE_ANCHOR,
    render_message,
    stylesheet,
)

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo, MetricRecord, SectionInfo, SectionRecord
    from desktop_app.ui.metric_cards import MetricCardPanel
    from desktop_app.ui.page_html import Page

PAGE_WIDTH = 760  # the text column's widest measure, in pixels
PAGE_MARGIN = 24
ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 0.1, -4, 8
MIN_TEXT_LINES = 8  # the cards leave at least this many lines of body text in view
CARDS_SHARE = 3  # and never take more than a third of the pane


class SafeTextBrowser(QTextBrowser):
    """A QTextBrowser that never follows links itself and never loads a resource."""

    link_activated = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        # One Tab stop (navigation.py): figure links are for the mouse, the cards and the
        # table reach every figure by keyboard; arrow keys scroll the page.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.anchorClicked.connect(self.link_activated)
        self.document().setDocumentMargin(PAGE_MARGIN)
        self._page = False  # a page (centred column) rather than a plain notice is shown

    def loadResource(self, kind: int, name: QUrl | str) -> None:
        """Refuse every resource (images, style sheets): Zhiku never fetches anything."""
        return None

    def setSource(self, name: QUrl | str,
                  kind: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource) -> None:
        """Never navigate away from the page we rendered."""

    def setHtml(self, text: str) -> None:
        super().setHtml(text)
        self._page = True
        self.fit_measure()

    def show_notice(self, text: str) -> None:
        """One line of plain text at the top left, in the widget's own font: no page fonts,
        no centred column (whose text-frame formats cost the first frame milliseconds)."""
        self._page = False
        self.setPlainText(text)

    def fit_measure(self) -> None:
        """Keep the text column at most PAGE_WIDTH wide, centred, like a printed page."""
        spare = max(0, self.viewport().width() - PAGE_WIDTH - 2 * PAGE_MARGIN)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if fmt.leftMargin() != PAGE_MARGIN + spare // 2:
            fmt.setLeftMargin(PAGE_MARGIN + spare // 2)
            fmt.setRightMargin(PAGE_MARGIN + spare - spare // 2)
            root.setFrameFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._page:
            self.fit_measure()


class FindBar(QWidget):
    """“网格员” 3 / 7 with previous/next buttons; shown while a search result is open."""

    previous_requested = Signal()
    next_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("hitIndicator")
        prev_button, next_button, close_button = QToolButton(), QToolButton(), QToolButton()
        prev_button.setText("▲")
        prev_button.setToolTip(self.tr("Previous hit (Shift+F3)"))
        next_button.setText("▼")
        next_button.setToolTip(self.tr("Next hit (F3)"))
        close_button.setText("✕")
        close_button.setToolTip(self.tr("Clear the search marks"))
        prev_button.clicked.connect(self.previous_requested)
        next_button.clicked.connect(self.next_requested)
        close_button.clicked.connect(self.closed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 2, 12, 2)
        layout.addWidget(self.label, 1)
        for button in (prev_button, next_button, close_button):
            layout.addWidget(button)
        self.setStyleSheet("QWidget { background:#fffbeb; } QLabel { color:#92400e; }")
        self.setAutoFillBackground(True)

    def show_position(self, query: str, current: int, total: int) -> None:
        self.label.setText(fill(self.tr("“%1”: %2 / %3"), query, current + 1, total))


def _clamp_zoom(level: int) -> int:
    return max(ZOOM_MIN, min(ZOOM_MAX, int(level)))


class ReadingPane(QWidget):
    """Shows a section or a whole document; emits metric_activated for card and text clicks."""

    metric_activated = Signal(int)
    hits_cleared = Signal()
    cards_compact_changed = Signal(bool)  # the user switched the figures to/from the compact strip
    compare_requested = Signal(int)  # a card's “Compare across releases”

    def __init__(self, parent: QWidget | None = None, *, zoom: int = 0):
        """`zoom`: the text size to start at, as set_zoom takes it (the page's style sheet
        is made once, at that size)."""
        super().__init__(parent)
        self._find_bar: FindBar | None = None
        self._cards: MetricCardPanel | None = None
        self._cards_compact = False
        self._card_actions: list[QAction] = []  # more commands on every card's menu
        self._card_mark: Callable[[MetricRecord], tuple[str, str] | None] | None = None
        self._line_spacing: tuple[str, float] | None = None  # (style sheet, body line spacing)
        self.browser = SafeTextBrowser()
        self.browser.setObjectName("readingBrowser")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.browser, 1)
        self._make_page: Callable[[MetricRecord | None, int | None], Page] | None = None
        self._hits: Sequence[tuple[int, int]] = ()
        self._query = ""
        self._current_hit: int | None = None
        self._selected: MetricRecord | None = None
        self._shown_page: Page | None = None  # the page last rendered (for document offsets)
        self._zoom = _clamp_zoom(zoom)
        self.browser.link_activated.connect(self._on_link)
        self._apply_stylesheet()

    @property
    def find_bar(self) -> FindBar:
        """“网格员” 3 / 7 above the page (made when first needed)."""
        if self._find_bar is None:
            self._find_bar = FindBar()
            self._find_bar.setVisible(False)
            self._find_bar.next_requested.connect(self.next_hit)
            self._find_bar.previous_requested.connect(self.previous_hit)
            self._find_bar.closed.connect(self.clear_hits)
            self._layout.insertWidget(0, self._find_bar)
        return self._find_bar

    @property
    def cards(self) -> MetricCardPanel:
        """The key-figure cards between the find bar and the page (made when first needed)."""
        if self._cards is None:
            from desktop_app.ui.metric_cards import MetricCardPanel

            self._cards = MetricCardPanel()
            self._cards.set_compact(self._cards_compact)
            self._cards.set_room(self.cards_room())
            self._cards.metric_activated.connect(self.metric_activated)
            self._cards.compact_changed.connect(self._on_cards_compact)
            self._cards.compare_requested.connect(self.compare_requested)
            self._cards.card_actions = self._card_actions
            self._cards.mark = self._card_mark
            self._layout.insertWidget(self._layout.indexOf(self.browser), self._cards)
        return self._cards

    @property
    def card_actions(self) -> list[QAction]:
        """Commands added to each card's context menu (the figure corrections)."""
        return self._card_actions

    @card_actions.setter
    def card_actions(self, actions: list[QAction]) -> None:
        self._card_actions = list(actions)
        if self._cards is not None:
            self._cards.card_actions = self._card_actions
            self._cards.mark = self._card_mark

    def set_card_mark(self, mark: Callable[[MetricRecord], tuple[str, str] | None] | None) -> None:
        """How a card shows that the user corrected its figure: mark(metric) → (the mark put
        before its caption, the parser's values for its tooltip), None when not corrected."""
        self._card_mark = mark
        if self._cards is not None:
            self._cards.mark = mark

    def set_cards_compact(self, compact: bool) -> None:
        """Show figures as the compact strip rather than cards (the user's remembered choice)."""
        self._cards_compact = bool(compact)
        if self._cards is not None:
            self._cards.set_compact(self._cards_compact)

    def cards_compact(self) -> bool:
        return self._cards_compact

    @Slot(bool)
    def _on_cards_compact(self, compact: bool) -> None:
        self._cards_compact = compact
        self.cards_compact_changed.emit(compact)

    def body_line_spacing(self) -> float:
        """Pixels from one line of body text to the next, as the page lays them out."""
        sheet = self.browser.document().defaultStyleSheet()
        if self._line_spacing is None or self._line_spacing[0] != sheet:
            probe = QTextDocument()
            probe.setDefaultFont(self.browser.document().defaultFont())
            probe.setDefaultStyleSheet(sheet)
            probe.setHtml('<html><body><p class="body">一<br>二</p></body></html>')
            probe.setTextWidth(400)
            probe.size()  # lays the text out
            layout = probe.begin().layout()
            spacing = layout.lineAt(1).y() - layout.lineAt(0).y() if layout.lineCount() > 1 else 0.0
            self._line_spacing = (sheet, spacing or float(self.browser.fontMetrics().lineSpacing()))
        return self._line_spacing[1]

    def cards_room(self) -> int:
        """The height the figures may take: a third of the pane at most, and never so much
        that fewer than MIN_TEXT_LINES lines of body text stay in view."""
        height = self.height()
        bar = self._find_bar.sizeHint().height() if self._find_bar is not None and self._find_bar.isVisible() else 0
        frame = 2 * self.browser.frameWidth()
        text = int(MIN_TEXT_LINES * self.body_line_spacing() + 0.999) + frame + 1
        return max(0, min(height // CARDS_SHARE, height - bar - text))

    def _update_cards_room(self) -> None:
        if self._cards is not None:
            self._cards.set_room(self.cards_room())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_cards_room()

    def _apply_stylesheet(self) -> None:
        families = QApplication.font().families() or [QApplication.font().family()]
        scale = 1.0 + ZOOM_STEP * self._zoom
        self.browser.document().setDefaultStyleSheet(stylesheet('", "'.join(families), scale))
        self._update_cards_room()

    def zoom_level(self) -> int:
        return self._zoom

    def set_zoom(self, level: int) -> None:
        """Text size in steps of 10 % (0 is the normal size)."""
        self._zoom = _clamp_zoom(level)
        self._apply_stylesheet()
        if self._make_page is not None:
            self._render()

    def zoom(self, delta: int) -> None:
        self.set_zoom(self._zoom + delta)

    # -- what is shown -------------------------------------------------------------------
    def show_section(self, record: SectionRecord, indicators: Sequence[str], *,
                     hits: Sequence[tuple[int, int]] = (), query: str = "",
                     items: Sequence[SectionInfo] = ()) -> None:
        """A section with its cards; with `hits`, every hit marked and the first current.
        With `items`, `record` is an area spanning them (core.outline.with_items): each
        item shows under its own heading, and the cards hold every figure of all."""
        from desktop_app.ui.page_builder import section_page

        self._hits, self._query = tuple(hits), query
        self._current_hit = 0 if hits else None
        self._selected = None
        self._make_page = lambda sel, cur: section_page(record, items=items, hits=self._hits,
                                                        current_hit=cur, selected=sel)
        self.cards.set_metrics(key_figures(zip(record.metrics, indicators, strict=True)))
        self._render(scroll_to=f"hit-{self._current_hit}" if hits else None)

    def show_document(self, info: DocumentInfo, text: str, sections: Sequence[SectionInfo],
                      metrics: Sequence[MetricRecord], lead_cards: Sequence[tuple[MetricRecord, str]]) -> None:
        """A whole release; the cards show the lead's figures."""
        from desktop_app.ui.page_builder import document_page

        self._hits, self._query, self._current_hit, self._selected = (), "", None, None
        self._make_page = lambda sel, cur: document_page(info, text, sections, metrics, selected=sel)
        self.cards.set_metrics(key_figures(lead_cards))
        self._render()

    def show_message(self, title: str, text: str) -> None:
        self._make_page, self._hits, self._selected, self._shown_page = None, (), None, None
        if self._cards is not None:
            self._cards.set_metrics([])
        if self._find_bar is not None:
            self._find_bar.setVisible(False)
        self.browser.setHtml(render_message(title, text))

    def show_notice(self, text: str) -> None:
        """A one-line notice (while the knowledge base opens): plain text in the pane's own
        font, quicker to lay out for the window's first frame than a typeset page."""
        self._make_page, self._hits, self._selected, self._shown_page = None, (), None, None
        self.browser.show_notice(text)

    def select_metric(self, metric: MetricRecord | None) -> None:
        """Mark the metric and its sentence, and scroll the sentence into view."""
        self._selected = metric
        self.cards.set_selected(metric.id if metric else None)
        if self._make_page is not None:
            self._render(scroll_to=SENTENCE_ANCHOR if metric else None)

    def selected_metric(self) -> MetricRecord | None:
        return self._selected

    def view_state(self) -> tuple[int, int, int]:
        """Where the page is scrolled to and the selection (anchor, position): kept across
        a reload of the same page (restore_view_state)."""
        cursor = self.browser.textCursor()
        return self.browser.verticalScrollBar().value(), cursor.anchor(), cursor.position()

    def restore_view_state(self, state: tuple[int, int, int]) -> None:
        """Scroll back to where view_state() was taken and select what was selected (the
        page shown again after a correction: a reload would start at its top)."""
        scroll, anchor, position = state
        last = max(0, self.browser.document().characterCount() - 1)
        cursor = self.browser.textCursor()
        cursor.setPosition(min(anchor, last))
        cursor.setPosition(min(position, last), QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.document().documentLayout().documentSize()  # the scroll range is known
        self.browser.verticalScrollBar().setValue(scroll)

    # -- search hits ---------------------------------------------------------------------
    def hit_count(self) -> int:
        return len(self._hits)

    def current_hit(self) -> int | None:
        return self._current_hit

    def hit_indicator(self) -> str:
        return self.find_bar.label.text() if self.find_bar.isVisible() or self._hits else ""

    @Slot()
    def next_hit(self) -> None:
        self._step(+1)

    @Slot()
    def previous_hit(self) -> None:
        self._step(-1)

    def last_hit(self) -> None:
        """Make the last hit current (Shift+F3 arriving from the next section)."""
        if self._hits:
            self._current_hit = len(self._hits) - 1
            self._render(scroll_to=f"hit-{self._current_hit}")

    def _step(self, delta: int) -> None:
        if not self._hits:
            return
        self._current_hit = ((self._current_hit or 0) + delta) % len(self._hits)
        self._render(scroll_to=f"hit-{self._current_hit}")

    @Slot()
    def clear_hits(self) -> None:
        self._hits, self._current_hit = (), None
        if self._make_page is not None:
            self._render()
        self.hits_cleared.emit()

    # -- rendering -----------------------------------------------------------------------
    def _render(self, scroll_to: str | None = None) -> None:
        from desktop_app.ui.page_html import render_page

        assert self._make_page is not None, "a page is rendered only while one is shown"
        page = self._make_page(self._selected, self._current_hit)
        self._shown_page = page
        self.browser.setHtml(render_page(page))
        self.find_bar.setVisible(bool(self._hits))
        if self._hits:
            self.find_bar.show_position(self._query, self._current_hit or 0, len(self._hits))
        self._update_cards_room()
        if scroll_to:
            self._scroll_to(scroll_to)

    def _scroll_to(self, anchor: str) -> None:
        """Bring the anchor into view a third of the way down, so its context shows."""
        self.browser.scrollToAnchor(anchor)
        bar = self.browser.verticalScrollBar()
        if bar.value() > 0:
            bar.setValue(max(0, bar.value() - self.browser.viewport().height() // 3))

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "metric" and url.path().isdigit():
            self.metric_activated.emit(int(url.path()))

    def shows_page(self) -> bool:
        """Whether a release's text (a section or a whole release) is shown."""
        return self._shown_page is not None

    def selection_offsets(self, point: QPoint | None = None) -> tuple[int, int] | None:
        """The selection as document offsets [start, end) into the release's text; with
        nothing selected, (p, p) for the place at `point` of the page (else the cursor).
        None when that is not in the release's text (the kicker, the source line)."""
        from desktop_app.ui.pane_offsets import document_offset

        if self._shown_page is None:
            return None
        cursor, document = self.browser.textCursor(), self.browser.document()
        if not cursor.hasSelection():
            at = cursor.position() if point is None else self.browser.cursorForPosition(point).position()
            start = document_offset(self._shown_page, document, at)
            return None if start is None else (start, start)
        start = document_offset(self._shown_page, document, cursor.selectionStart())
        if start is None:
            return None
        end = document_offset(self._shown_page, document, cursor.selectionEnd())
        return (start, end) if end is not None and end > start else (start, start)

    # -- for tests and accessibility: what the page shows ---------------------------------
    def highlighted_text(self) -> str:
        """The text drawn with the selected-sentence background (empty when none)."""
        wanted = {QColor(c).name() for c in HIGHLIGHT_COLOURS}
        return "".join(self._fragments(lambda fmt: fmt.background().color().name() in wanted
                                       and fmt.background().style() != Qt.BrushStyle.NoBrush))

    def marked_hits_text(self) -> list[str]:
        """The search hits as drawn, in order."""
        wanted = {QColor(HIT_BG).name(), QColor(CURRENT_HIT_BG).name()}
        return self._fragments(lambda fmt: fmt.background().style() != Qt.BrushStyle.NoBrush
                               and fmt.background().color().name() in wanted)

    def _fragments(self, keep) -> list[str]:
        """Runs of adjacent text whose character format passes `keep`."""
        runs: list[list] = []  # [start, text]
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.isValid() and keep(fragment.charFormat()):
                    if runs and runs[-1][0] + len(runs[-1][1]) == fragment.position():
                        runs[-1][1] += fragment.text()
                    else:
                        runs.append([fragment.position(), fragment.text()])
                it += 1
            block = block.next()
        return [text for _start, text in runs]

    def plain_text(self) -> str:
        return self.browser.toPlainText()


def key_figures(figures: Iterable[tuple[MetricRecord, str]]) -> list[tuple[MetricRecord, str]]:
    """The figures the cards show: borderline ones (三万, 九成以上, or marked so by the user)
    are left to the text and the table."""
    return [(metric, indicator) for metric, indicator in figures if not metric.borderline]


def section_indicators(record: SectionRecord) -> list[str]:
    """What each of a section's figures measures (label, else the clause before it)."""
    return [labels.metric_indicator(m, record.text, record.info.start) for m in record.metrics]
