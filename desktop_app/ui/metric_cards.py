"""Key figures as cards above the text: the big number with its qualifier and unit, and the
indicator under it — the way Chinese government data dashboards show figures.

The cards wrap into rows (a flow layout). A section with many figures shows its first
COLLAPSED_ROWS rows and a “+N more” button; expanded, the panel grows to EXPANDED_ROWS rows
and scrolls vertically beyond that. There is never a horizontal scrollbar.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeyEvent, QMouseEvent, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from desktop_app.ui import labels
from desktop_app.ui.flow_layout import FlowLayout, wrap_rows

if TYPE_CHECKING:
    from desktop_app.core.records import MetricRecord

CARD_WIDTH = 156  # a card is at least this wide; wider when its figure needs it
CARD_MAX_WIDTH = 260
CARD_HEIGHT = 92
CARD_SPACING = 8
CARD_PADDING = (10, 6, 8, 6)  # left, top, right, bottom
CAPTION_PX, CAPTION_LINES = 12, 2
COLLAPSED_ROWS = 2  # rows shown before “more”
EXPANDED_ROWS = 5  # rows shown when expanded; more than that scroll


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
        colour = labels.metric_colour(self.record.kind)
        background = "#eff6ff" if selected else "#ffffff"
        border = "#3b82f6" if selected else "#e5e7eb"
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
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.record.id)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.record.id)
            return
        super().keyPressEvent(event)


class MetricCardPanel(QWidget):
    """The cards of the current page in wrapping rows, with “+N more” / “Show fewer”."""

    metric_activated = Signal(int)
    compare_requested = Signal(int)  # a card's “Compare across releases”

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._cards: dict[int, MetricCard] = {}
        self._expanded = False
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
        self.more_button = QToolButton()
        self.more_button.setObjectName("moreCards")
        self.more_button.setAutoRaise(True)
        self.more_button.clicked.connect(self.toggle_expanded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 2)
        layout.setSpacing(0)
        layout.addWidget(self.area)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setVisible(False)

    # -- content -------------------------------------------------------------------------
    def set_metrics(self, metrics: Sequence[tuple[MetricRecord, str]]) -> None:
        """Show one card per (metric, indicator), collapsed; hide the panel when there are none."""
        for card in self._cards.values():
            self._flow.removeWidget(card)
            card.deleteLater()
        self._cards.clear()
        for metric, indicator in metrics:
            card = MetricCard(metric, indicator, self._box)
            card.activated.connect(self.metric_activated)
            card.compare_requested.connect(self.compare_requested)
            self._flow.addWidget(card)
            self._cards[metric.id] = card
        self._expanded = False
        self.area.verticalScrollBar().setValue(0)
        self.setVisible(bool(self._cards))
        self._update_rows()

    def card(self, metric_id: int) -> MetricCard | None:
        return self._cards.get(metric_id)

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
        if metric_id is None or metric_id not in self._cards:
            return
        if self._cards[metric_id].isHidden():
            self.set_expanded(True)
            QTimer.singleShot(0, lambda: self._scroll_to(metric_id))  # once the rows are laid out
        else:
            self._scroll_to(metric_id)

    def _scroll_to(self, metric_id: int) -> None:
        card = self._cards.get(metric_id)
        if card is not None:
            self.area.ensureWidgetVisible(card, 0, CARD_SPACING)

    def selected_id(self) -> int | None:
        return next((i for i, c in self._cards.items() if c.property("selected")), None)

    # -- rows, height and “more” ---------------------------------------------------------
    def is_expanded(self) -> bool:
        return self._expanded

    @Slot()
    def toggle_expanded(self) -> None:
        self.set_expanded(not self._expanded)

    def set_expanded(self, expanded: bool) -> None:
        """Show every card (up to EXPANDED_ROWS rows, then scroll) or only the first rows."""
        self._expanded = expanded
        self._update_rows()

    def row_count(self) -> int:
        """Rows the cards take at the panel's width (all of them, shown or not)."""
        return len(self._rows(self._area_width()))

    def _area_width(self) -> int:
        layout = self.layout()
        assert layout is not None, "the panel sets its layout in __init__"
        margins = layout.contentsMargins()
        return max(CARD_WIDTH, self.width() - margins.left() - margins.right())

    def _rows(self, width: int) -> list[list[int]]:
        widths = [card.width() for card in self._cards.values()]
        return wrap_rows(widths, width, CARD_SPACING)

    def _update_rows(self) -> None:
        """Work out the rows for the current width: which cards show, the area's height,
        the scroll bar and the button's words."""
        width = self._area_width()
        self._width = width
        rows = self._rows(width)
        limit = EXPANDED_ROWS if self._expanded else COLLAPSED_ROWS
        shown = {i for row in (rows if self._expanded else rows[:COLLAPSED_ROWS]) for i in row}
        for index, card in enumerate(self._cards.values()):
            card.setHidden(index not in shown)
        visible_rows = max(1, min(len(rows), limit))
        self.area.setFixedHeight(visible_rows * CARD_HEIGHT + (visible_rows - 1) * CARD_SPACING)
        scrolls = self._expanded and len(rows) > limit
        self.area.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if scrolls else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        waiting = len(self._cards) - len(shown)
        self.more_button.setVisible(len(rows) > COLLAPSED_ROWS)
        if self._expanded:
            self.more_button.setText(self.tr("Show fewer ▴"))
            self.more_button.setToolTip(self.tr("Show only the first rows of figures"))
        else:
            self.more_button.setText(self.tr("+%1 more ▾").replace("%1", str(waiting)))
            self.more_button.setToolTip(self.tr("Show all %1 figures").replace("%1", str(len(self._cards))))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._cards and self._area_width() != self._width:
            self._update_rows()
