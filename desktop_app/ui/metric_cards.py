"""Key figures as cards above the text: the big number with its qualifier and unit, and the
indicator under it — the way Chinese government data dashboards show figures."""
from __future__ import annotations

import html
from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.core.records import MetricRecord
from desktop_app.ui import labels

CARD_WIDTH = 156
CARD_HEIGHT = 92


def figure_html(metric: MetricRecord) -> str:
    """近3万起 → small 近, big 3万, small 起 (one line of rich text)."""
    pre, num, post = labels.split_figure(metric.text)
    colour = labels.metric_colour(metric.kind)
    small = f"font-size:13px; color:{colour};"
    return (f'<span style="{small}">{html.escape(pre)}</span>'
            f'<span style="font-size:26px; font-weight:bold; color:{colour};">{html.escape(num)}</span>'
            f'<span style="{small}">{html.escape(post)}</span>')


class MetricCard(QFrame):
    """One figure; clicking it (or Enter/Space when focused) selects the metric."""

    activated = Signal(int)

    def __init__(self, metric: MetricRecord, indicator: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.record = metric
        self.setObjectName("metricCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFixedSize(CARD_WIDTH, CARD_HEIGHT)
        self.setToolTip(f"{metric.text} — {indicator}" if indicator else metric.text)
        self.setAccessibleName(self.toolTip())
        figure = QLabel(figure_html(metric))
        figure.setTextFormat(Qt.TextFormat.RichText)
        caption = QLabel(indicator or labels.metric_kind_label(metric.kind))
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        caption.setStyleSheet("color:#4b5563; font-size:12px;")
        caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(figure)
        layout.addWidget(caption)
        self.set_selected(False)

    def set_selected(self, selected: bool) -> None:
        colour = labels.metric_colour(self.record.kind)
        background = "#eff6ff" if selected else "#ffffff"
        border = "#3b82f6" if selected else "#e5e7eb"
        self.setStyleSheet(
            f"QFrame#metricCard {{ background:{background}; border:1px solid {border};"
            f" border-top:3px solid {colour}; border-radius:4px; }}"
            "QFrame#metricCard:focus { border:1px solid #2563eb; border-top:3px solid #2563eb; }"
        )
        self.setProperty("selected", selected)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.record.id)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.record.id)
            return
        super().keyPressEvent(event)


class MetricCardStrip(QScrollArea):
    """A horizontal, scrollable row of cards for the figures of the current page."""

    metric_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(CARD_HEIGHT + 24)
        self._cards: dict[int, MetricCard] = {}
        self._row = QWidget()
        self._layout = QHBoxLayout(self._row)
        self._layout.setContentsMargins(12, 6, 12, 6)
        self._layout.setSpacing(8)
        self._layout.addStretch(1)
        self.setWidget(self._row)
        self.setVisible(False)

    def set_metrics(self, metrics: Sequence[tuple[MetricRecord, str]]) -> None:
        """Show one card per (metric, indicator); hide the strip when there are none."""
        for card in self._cards.values():
            self._layout.removeWidget(card)
            card.deleteLater()
        self._cards.clear()
        for metric, indicator in metrics:
            card = MetricCard(metric, indicator, self._row)
            card.activated.connect(self.metric_activated)
            self._layout.insertWidget(self._layout.count() - 1, card)
            self._cards[metric.id] = card
        self.setVisible(bool(self._cards))

    def set_selected(self, metric_id: int | None) -> None:
        for card_id, card in self._cards.items():
            card.set_selected(card_id == metric_id)
        card = self._cards.get(metric_id) if metric_id is not None else None
        if card is not None:
            self.ensureWidgetVisible(card, 24, 0)

    def selected_id(self) -> int | None:
        return next((i for i, c in self._cards.items() if c.property("selected")), None)

    def card(self, metric_id: int) -> MetricCard | None:
        return self._cards.get(metric_id)

    def metric_ids(self) -> list[int]:
        return list(self._cards)
