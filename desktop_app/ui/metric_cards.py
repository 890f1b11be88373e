"""Key figures as cards above the text: the big number with its qualifier and unit, and the
indicator under it — the way Chinese government data dashboards show figures.

The cards wrap into rows (a flow layout). A section with many figures shows its first row
and a “+N more” button; expanded, the panel grows by whole rows up to its room and scrolls
vertically beyond that. There is never a horizontal scrollbar in the cards.

The panel never takes more than the room the reading pane gives it (`set_room`: about a
third of the pane, less when the text would show fewer than eight lines). When a row of
cards does not fit there — a small screen, the metrics table open — or when the user chose
the compact view, the figures show as a strip: one line of small chips that scrolls
sideways.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QTextLayout,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import labels
from desktop_app.ui.flow_layout import FlowLayout, wrap_rows
from desktop_app.ui.i18n import fill

if TYPE_CHECKING:
    from desktop_app.core.records import MetricRecord

CARD_WIDTH = 156  # a card is at least this wide; wider when its figure needs it
CARD_MAX_WIDTH = 260
CARD_HEIGHT = 92
CARD_SPACING = 8
CARD_PADDING = (10, 6, 8, 6)  # left, top, right, bottom
CAPTION_PX, CAPTION_LINES = 12, 2
COLLAPSED_ROWS = 1  # rows shown before “more”
EXPANDED_ROWS = 5  # rows shown when expanded (and there is room); more than that scroll
PANEL_MARGINS = (12, 6, 12, 4)  # left, top, right, bottom
STRIP_MARGINS = (12, 2, 12, 2)  # around the compact strip
CHIP_HEIGHT = 26  # a figure in the compact strip
CHIP_MAX_WIDTH = 240
UNLIMITED = 1 << 20  # room of a panel no reading pane limits


def figure_html(metric: MetricRecord) -> str:
    """近3万起 → small 近, big 3万, small 起 (one line of rich text)."""
    pre, num, post = labels.split_figure(metric.text)
    colour = labels.metric_colour(metric.kind)
    small = f"font-size:13px; color:{colour};"
    return (f'<span style="{small}">{html.escape(pre)}</span>'
            f'<span style="font-size:26px; font-weight:bold; color:{colour};">{html.escape(num)}</span>'
            f'<span style="{small}">{html.escape(post)}</span>')


def _line_count(text: str, font: QFont, width: int) -> int:
    """How many lines `text` takes when word-wrapped (as QLabel wraps) at `width` pixels."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    count = 0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        count += 1
    layout.endLayout()
    return count


def fit_lines(text: str, font: QFont, width: int, lines: int) -> str:
    """`text`, shortened with “…” where needed so that it wraps into at most `lines` lines."""
    if _line_count(text, font, width) <= lines:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that still fits with the ellipsis
        middle = (low + high + 1) // 2
        if _line_count(text[:middle].rstrip() + "…", font, width) <= lines:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"



def _selection_colours(kind: str, selected: bool) -> tuple[str, str, str]:
    """(kind colour, background, border) of a figure's card or chip, selected or not."""
    return (labels.metric_colour(kind), "#eff6ff" if selected else "#ffffff",
            "#3b82f6" if selected else "#e5e7eb")


class MetricCard(QFrame):
    """One figure; clicking it (or Enter/Space when focused) selects the metric."""

    activated = Signal(int)
    compare_requested = Signal(int)

    def __init__(self, metric: MetricRecord, indicator: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.record = metric
        self.compare_action = QAction(self.tr("Compare across releases"), self)
        self.compare_action.triggered.connect(self._on_compare)
        self.addAction(self.compare_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setObjectName("metricCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{metric.text} — {indicator}" if indicator else metric.text)
        self.setAccessibleName(self.toolTip())
        left, top, right, bottom = CARD_PADDING
        self.figure = QLabel(figure_html(metric))
        self.figure.setTextFormat(Qt.TextFormat.RichText)
        width = min(CARD_MAX_WIDTH, max(CARD_WIDTH, self.figure.sizeHint().width() + left + right + 2))
        self.setFixedSize(width, CARD_HEIGHT)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # document text: never markup
        self.caption.setObjectName("cardCaption")
        font = self.caption.font()
        font.setPixelSize(CAPTION_PX)
        self.caption.setFont(font)
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.full_caption = indicator or labels.metric_kind_label(metric.kind)
        self.caption.setText(fit_lines(self.full_caption, font, width - left - right - 2, CAPTION_LINES))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(left, top, right, bottom)
        layout.setSpacing(2)
        layout.addWidget(self.figure)
        layout.addWidget(self.caption)
        self.set_selected(False)

    def set_selected(self, selected: bool) -> None:
        colour, background, border = _selection_colours(self.record.kind, selected)
        self.setStyleSheet(
            f"QFrame#metricCard {{ background:{background}; border:1px solid {border};"
            f" border-top:3px solid {colour}; border-radius:4px; }}"
            "QFrame#metricCard:focus { border:1px solid #2563eb; border-top:3px solid #2563eb; }"
            "QLabel#cardCaption { color:#4b5563; }"
        )
        self.setProperty("selected", selected)

    @Slot()
    def _on_compare(self) -> None:
        self.compare_requested.emit(self.record.id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # the right button too: the card's menu (correct the figure) is about this figure
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            self.activated.emit(self.record.id)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.record.id)
            return
        super().keyPressEvent(event)


class MetricChip(QToolButton):
    """One figure in the compact strip: “近3万起 网格员”, the indicator cut to fit; the whole
    indicator in the tooltip. Clicking it selects the metric."""

    activated = Signal(int)
    focused = Signal(int)  # reached by Tab: the strip scrolls it into view

    def __init__(self, metric: MetricRecord, indicator: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.record = metric
        self.setObjectName("metricChip")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{metric.text} — {indicator}" if indicator else metric.text)
        self.setAccessibleName(self.toolTip())
        caption = indicator or labels.metric_kind_label(metric.kind)
        text = f"{metric.text}  {caption}"
        width = min(CHIP_MAX_WIDTH, self.fontMetrics().horizontalAdvance(text) + 20)
        self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width - 16))
        self.setFixedSize(width, CHIP_HEIGHT)
        self.clicked.connect(lambda: self.activated.emit(self.record.id))
        self.set_selected(False)

    def set_selected(self, selected: bool) -> None:
        colour, background, border = _selection_colours(self.record.kind, selected)
        self.setStyleSheet(
            f"QToolButton#metricChip {{ background:{background}; border:1px solid {border};"
            f" border-left:3px solid {colour}; border-radius:3px; padding:0 6px; color:#1f2937; }}"
            "QToolButton#metricChip:focus { border:1px solid #2563eb; border-left:3px solid #2563eb; }")
        self.setProperty("selected", selected)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit(self.record.id)


class _Strip(QScrollArea):
    """One line of chips without a scroll bar (it would take more height than the line):
    the mouse wheel scrolls it sideways, Tab brings each chip into view."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y() or event.angleDelta().x()
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() - delta)
        event.accept()


class MetricCardPanel(QWidget):
    """The cards of the current page in wrapping rows, with “+N more” / “Show fewer”, or the
    compact strip when cards do not fit or the user chose it (`compact_changed`)."""

    metric_activated = Signal(int)
    compact_changed = Signal(bool)  # the user switched between cards and the compact strip
    compare_requested = Signal(int)  # a card's “Compare across releases”

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._cards: dict[int, MetricCard] = {}
        self._chips: dict[int, MetricChip] = {}
        self.card_actions: list[QAction] = []  # added to each card's context menu
        # a figure the user corrected → (its "已修改" mark, the parser's values)
        self.mark: Callable[[MetricRecord], tuple[str, str] | None] | None = None
        self._metrics: list[tuple[MetricRecord, str]] = []
        self._expanded = False
        self._compact = False  # the user's choice
        self._room = UNLIMITED  # the most height the reading pane gives the panel
        self._width = -1  # the width the rows were last worked out for
        self._box = QWidget()
        self._flow = FlowLayout(self._box, spacing=CARD_SPACING)
        self._flow.setContentsMargins(0, 0, 0, 0)
        self.area = QScrollArea()
        self.area.setObjectName("cardArea")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(self._box)
        self._strip_box = QWidget()
        self._strip_row = QHBoxLayout(self._strip_box)
        self._strip_row.setContentsMargins(0, 0, 0, 0)
        self._strip_row.setSpacing(6)
        self._strip_row.addStretch(1)
        self.strip = _Strip()
        self.strip.setObjectName("cardStrip")
        self.strip.setWidgetResizable(True)
        self.strip.setFrameShape(QFrame.Shape.NoFrame)
        self.strip.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.strip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.strip.setWidget(self._strip_box)
        self.strip.setVisible(False)
        self.more_button = QToolButton()
        self.more_button.setObjectName("moreCards")
        self.more_button.setAutoRaise(True)
        self.more_button.clicked.connect(self.toggle_expanded)
        self.compact_button = QToolButton()
        self.compact_button.setObjectName("compactCards")
        self.compact_button.setAutoRaise(True)
        self.compact_button.clicked.connect(self.toggle_compact)
        buttons = QVBoxLayout()
        buttons.setContentsMargins(4, 0, 0, 0)
        buttons.setSpacing(0)
        buttons.addWidget(self.compact_button, 0, Qt.AlignmentFlag.AlignRight)
        buttons.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignRight)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*PANEL_MARGINS)
        layout.setSpacing(0)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.strip, 1)
        layout.addLayout(buttons)
        self._buttons = buttons
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setVisible(False)

    # -- content -------------------------------------------------------------------------
    def set_metrics(self, metrics: Sequence[tuple[MetricRecord, str]]) -> None:
        """Show one card per (metric, indicator), collapsed; hide the panel when there are none."""
        for card in self._cards.values():
            self._flow.removeWidget(card)
            card.deleteLater()
        self._cards.clear()
        self._clear_chips()
        self._metrics = list(metrics)
        for metric, indicator in metrics:
            marked = self.mark(metric) if self.mark is not None else None
            card = MetricCard(metric, f"{marked[0]}{indicator}" if marked else indicator, self._box)
            if marked:
                card.setToolTip(f"{card.toolTip()}\n{marked[1]}")
            card.addActions(self.card_actions)
            card.activated.connect(self.metric_activated)
            card.compare_requested.connect(self.compare_requested)
            self._flow.addWidget(card)
            self._cards[metric.id] = card
        self._expanded = False
        self.area.verticalScrollBar().setValue(0)
        self.strip.horizontalScrollBar().setValue(0)
        self._update_rows()

    def _clear_chips(self) -> None:
        for chip in self._chips.values():
            self._strip_row.removeWidget(chip)
            chip.deleteLater()
        self._chips.clear()

    def _make_chips(self) -> None:
        """The strip's chips, made when the strip is first shown for this page."""
        if self._chips or not self._metrics:
            return
        for metric, indicator in self._metrics:
            chip = MetricChip(metric, indicator, self._strip_box)
            chip.activated.connect(self.metric_activated)
            chip.focused.connect(self._scroll_to)
            self._strip_row.insertWidget(self._strip_row.count() - 1, chip)
            self._chips[metric.id] = chip
        selected = self.selected_id()
        if selected is not None:
            self._chips[selected].set_selected(True)

    def card(self, metric_id: int) -> MetricCard | None:
        return self._cards.get(metric_id)

    def chip(self, metric_id: int) -> MetricChip | None:
        return self._chips.get(metric_id)

    def metric_ids(self) -> list[int]:
        return list(self._cards)

    def visible_ids(self) -> list[int]:
        """The figures whose cards are shown (the others wait behind “more”)."""
        return [i for i, card in self._cards.items() if not card.isHidden()]

    # -- selection -----------------------------------------------------------------------
    def set_selected(self, metric_id: int | None) -> None:
        """Mark one card; a card waiting behind “more” is brought out first."""
        for card_id, card in self._cards.items():
            card.set_selected(card_id == metric_id)
        for chip_id, chip in self._chips.items():
            chip.set_selected(chip_id == metric_id)
        if metric_id is None or metric_id not in self._cards:
            return
        if self.is_strip():
            QTimer.singleShot(0, lambda: self._scroll_to(metric_id))
        elif self._cards[metric_id].isHidden():
            self.set_expanded(True)
            QTimer.singleShot(0, lambda: self._scroll_to(metric_id))  # once the rows are laid out
        else:
            self._scroll_to(metric_id)

    def _scroll_to(self, metric_id: int) -> None:
        chip = self._chips.get(metric_id)
        if self.is_strip() and chip is not None:
            self.strip.ensureWidgetVisible(chip, CARD_SPACING, 0)
            return
        card = self._cards.get(metric_id)
        if card is not None:
            self.area.ensureWidgetVisible(card, 0, CARD_SPACING)

    def selected_id(self) -> int | None:
        return next((i for i, c in self._cards.items() if c.property("selected")), None)

    # -- room, compact strip -------------------------------------------------------------
    def set_room(self, height: int) -> None:
        """The most height the panel may take (the reading pane's share for figures)."""
        height = max(0, int(height))
        if height != self._room:
            self._room = height
            self._update_rows()

    def room(self) -> int:
        return self._room

    def is_compact(self) -> bool:
        """The user's choice: figures as a compact strip rather than cards."""
        return self._compact

    def set_compact(self, compact: bool) -> None:
        self._compact = bool(compact)
        self._update_rows()

    @Slot()
    def toggle_compact(self) -> None:
        self.set_compact(not self._compact)
        self.compact_changed.emit(self._compact)

    def is_strip(self) -> bool:
        """Are the figures shown as the compact strip (chosen, or no room for a row of cards)?"""
        return bool(self._cards) and (self._compact or not self._cards_fit())

    def _vertical_margins(self, strip: bool = False) -> int:
        margins = STRIP_MARGINS if strip else PANEL_MARGINS
        return margins[1] + margins[3]

    def _rows_height(self, rows: int) -> int:
        return rows * CARD_HEIGHT + (rows - 1) * CARD_SPACING

    def _cards_fit(self) -> bool:
        return self._rows_height(1) + self._vertical_margins() <= self._room

    def _strip_height(self) -> int:
        return CHIP_HEIGHT

    # -- rows, height and “more” ---------------------------------------------------------
    def is_expanded(self) -> bool:
        return self._expanded

    @Slot()
    def toggle_expanded(self) -> None:
        self.set_expanded(not self._expanded)

    def set_expanded(self, expanded: bool) -> None:
        """Show every card (as many rows as there is room for, then scroll) or only the first row."""
        self._expanded = expanded
        self._update_rows()

    def row_count(self) -> int:
        """Rows the cards take at the panel's width (all of them, shown or not)."""
        return len(self._rows(self._area_width()))

    def _area_width(self) -> int:
        buttons = max(self.more_button.sizeHint().width(), self.compact_button.sizeHint().width()) + 4
        return max(CARD_WIDTH, self.width() - PANEL_MARGINS[0] - PANEL_MARGINS[2] - buttons)

    def _rows(self, width: int) -> list[list[int]]:
        widths = [card.width() for card in self._cards.values()]
        return wrap_rows(widths, width, CARD_SPACING)

    def _update_rows(self) -> None:
        """Work out what shows for the current width and room: cards (which of them, the
        area's height, the scroll bar, the button's words) or the compact strip."""
        self._update_compact_button()
        strip = self.is_strip()
        fits_strip = self._strip_height() + self._vertical_margins(strip=True) <= self._room
        self.setVisible(bool(self._cards) and (not strip or fits_strip))
        layout = self.layout()
        assert layout is not None, "the panel sets its layout in __init__"
        layout.setContentsMargins(*(STRIP_MARGINS if strip else PANEL_MARGINS))
        self.area.setVisible(not strip)
        self.strip.setVisible(strip)
        if strip:
            self._make_chips()
            self.strip.setFixedHeight(self._strip_height())
            self.more_button.setVisible(False)
            return
        width = self._area_width()
        self._width = width
        rows = self._rows(width)
        room_rows = max(1, (self._room - self._vertical_margins() + CARD_SPACING) // (CARD_HEIGHT + CARD_SPACING))
        limit = min(EXPANDED_ROWS, room_rows) if self._expanded else COLLAPSED_ROWS
        shown = {i for row in (rows if self._expanded else rows[:COLLAPSED_ROWS]) for i in row}
        for index, card in enumerate(self._cards.values()):
            card.setHidden(index not in shown)
        visible_rows = max(1, min(len(rows), limit))
        self.area.setFixedHeight(self._rows_height(visible_rows))
        scrolls = self._expanded and len(rows) > limit
        self.area.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if scrolls else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        waiting = len(self._cards) - len(shown)
        self.more_button.setVisible(len(rows) > COLLAPSED_ROWS)
        if self._expanded:
            self.more_button.setText(self.tr("Show fewer ▴"))
            self.more_button.setToolTip(self.tr("Show only the first rows of figures"))
        else:
            self.more_button.setText(fill(self.tr("+%1 more ▾"), waiting))
            self.more_button.setToolTip(fill(self.tr("Show all %1 figures"), len(self._cards)))

    def _update_compact_button(self) -> None:
        if self._compact:
            self.compact_button.setText(self.tr("Cards"))
            self.compact_button.setToolTip(self.tr("Show the figures as cards"))
        else:
            self.compact_button.setText(self.tr("Compact"))
            self.compact_button.setToolTip(self.tr("Show the figures as one compact line"))
        fits = self._cards_fit()
        self.compact_button.setEnabled(fits or self._compact)
        if not fits and not self._compact:
            self.compact_button.setToolTip(self.tr("There is no room for cards here: make the window "
                                                   "taller or close the metrics table"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._cards and not self.is_strip() and self._area_width() != self._width:
            self._update_rows()
