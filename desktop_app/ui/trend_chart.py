"""A small chart of one indicator's values over date, one line per series, drawn with QPainter
(QtCharts is not in PySide6-Essentials).

The chart's model is a list of ChartPoint, one per dated figure with a value; the same
painting serves the widget, the copied image and the printed page (`paint_chart`).
Approximate figures (余, 近, 以上, a range) are hollow; figures whose release date was
inferred (from the text or the file name) are drawn as squares. A click near a point emits
`point_clicked` with the point's row in the rows given to `set_rows`.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.core.dates import INFERRED_SOURCES

if TYPE_CHECKING:
    from PySide6.QtGui import QFontMetrics

    from desktop_app.core.records import TrendRow

SERIES_COLOURS = ("#1d4ed8", "#b91c1c", "#047857", "#a16207", "#7c3aed", "#0f766e")
MARGINS = (64.0, 14.0, 16.0, 46.0)  # left, top, right, bottom (axis labels and legend)
POINT_RADIUS = 4.5
CLICK_RADIUS = 9.0  # a click this near a point chooses it


@dataclass(frozen=True)
class ChartPoint:
    """One plotted figure: its row in the table, its series, date and value, and how sure."""

    row: int
    series: str
    date: dt.date
    value: float
    approximate: bool
    inferred_date: bool


def is_approximate(row: TrendRow) -> bool:
    """余, 近, 以上, 约 … (a qualifier) or a range: the value is not exact."""
    return bool(row.qualifier) or row.high is not None


def is_inferred(row: TrendRow) -> bool:
    return row.date_source in INFERRED_SOURCES


def chart_points(rows: Sequence[TrendRow]) -> list[ChartPoint]:
    """The points of the rows that can be plotted: a full date and a value (undated rows
    stay in the table only)."""
    points = []
    for n, row in enumerate(rows):
        date = _date(row.date)
        if date is not None and row.value is not None:
            points.append(ChartPoint(n, row.series, date, float(row.value), is_approximate(row), is_inferred(row)))
    return points


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def series_names(points: Sequence[ChartPoint]) -> list[str]:
    """The series in order of first appearance (their colours follow this order)."""
    return list(dict.fromkeys(p.series for p in points))


TICK_GAP = 6.0  # between a value label and the axis, and before the label


def plot_area(rect: QRectF, points: Sequence[ChartPoint] = (), metrics: QFontMetrics | None = None) -> QRectF:
    """The plot inside `rect`: the left margin is wide enough for the widest value label
    (in `metrics`' font) — 1,000,000,000 needs more room than 64 pixels."""
    left, top, right, bottom = MARGINS
    if points and metrics is not None:
        widest = max(metrics.horizontalAdvance(label) for label in _tick_labels([p.value for p in points]))
        left = max(left, widest + 2 * TICK_GAP)
    return rect.adjusted(left, top, -right, -bottom)


def _tick_labels(values: Sequence[float]) -> list[str]:
    """The value axis' labels, bottom to top."""
    low, high, step = _axis(values)
    return [_tick(low + step * n) for n in range(round((high - low) / step) + 1)]


def _range(values: Sequence[float]) -> tuple[float, float]:
    """The value axis: round ticks around the values, including 0 when all values are on
    one side close to it."""
    low, high, _step = _axis(values)
    return low, high


def _axis(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) of the value axis: about four round steps (1, 2, 2.5, 5 × 10ⁿ)."""
    low, high = min(values), max(values)
    if 0 < low < high * 0.5:
        low = 0.0
    if low * 0.5 < high < 0:
        high = 0.0
    if low == high:
        low, high = low - (abs(low) or 1) * 0.5, high + (abs(high) or 1) * 0.5
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def point_positions(points: Sequence[ChartPoint], rect: QRectF, metrics: QFontMetrics | None = None) -> list[QPointF]:
    """Where each point is drawn inside `rect` (the whole chart, axes included; `metrics`:
    the font of its labels, which sets the left margin)."""
    if not points:
        return []
    area = plot_area(rect, points, metrics)
    days = [p.date.toordinal() for p in points]
    first, last = min(days), max(days)
    span = max(1, last - first)
    low, high = _range([p.value for p in points])
    positions = []
    for day, p in zip(days, points, strict=True):
        x = area.center().x() if first == last else area.left() + (day - first) / span * area.width()
        y = area.bottom() - (p.value - low) / (high - low) * area.height()
        positions.append(QPointF(x, y))
    return positions


def paint_chart(painter: QPainter, rect: QRectF, points: Sequence[ChartPoint],
                series_label: dict[str, str], empty_text: str = "", selected: int | None = None) -> None:
    """Draw axes, one line per series, the points and a legend into `rect`; the point of
    row `selected` gets a ring."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(rect, QColor("#ffffff"))
    if not points:
        painter.setPen(QColor("#6b7280"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, empty_text)
        painter.restore()
        return
    area = plot_area(rect, points, painter.fontMetrics())
    _paint_axes(painter, area, points)
    positions = point_positions(points, rect, painter.fontMetrics())
    names = series_names(points)
    for index, name in enumerate(names):
        colour = QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
        mine = sorted(((pos, p) for pos, p in zip(positions, points, strict=True) if p.series == name),
                      key=lambda item: item[0].x())
        painter.setPen(QPen(colour, 1.6))
        path = QPainterPath()
        for n, (pos, _p) in enumerate(mine):
            path.moveTo(pos) if n == 0 else path.lineTo(pos)
        painter.drawPath(path)
        for pos, p in mine:
            _paint_point(painter, pos, p, colour)
            if p.row == selected:
                painter.setPen(QPen(QColor("#f59e0b"), 2.2))
                painter.drawEllipse(pos, POINT_RADIUS + 4, POINT_RADIUS + 4)
    _paint_legend(painter, rect, names, series_label)
    painter.restore()


def _paint_axes(painter: QPainter, area: QRectF, points: Sequence[ChartPoint]) -> None:
    low, high, step = _axis([p.value for p in points])
    painter.setPen(QPen(QColor("#9ca3af"), 1))
    painter.drawLine(area.bottomLeft(), area.bottomRight())
    painter.drawLine(area.bottomLeft(), area.topLeft())
    metrics = painter.fontMetrics()
    ticks = round((high - low) / step)
    for n in range(ticks + 1):  # value ticks
        value = low + step * n
        y = area.bottom() - area.height() * n / ticks
        painter.setPen(QPen(QColor("#e5e7eb"), 1))
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        painter.setPen(QColor("#374151"))
        label = _tick(value)
        width = metrics.horizontalAdvance(label) + 2
        painter.drawText(QRectF(area.left() - TICK_GAP - width, y - 8, width, 16),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
    if low < 0 < high:  # the zero line: falls below, rises above
        y = area.bottom() - (0 - low) / (high - low) * area.height()
        painter.setPen(QPen(QColor("#6b7280"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
    dates = sorted({p.date for p in points})
    painter.setPen(QColor("#374151"))
    for date in (dates[0], dates[-1]) if len(dates) > 1 else (dates[0],):
        x = area.left() if date == dates[0] and len(dates) > 1 else area.right()
        if len(dates) == 1:
            x = area.center().x()
        text = date.isoformat()
        width = metrics.horizontalAdvance(text)
        left = max(area.left() - 20, min(x - width / 2, area.right() - width))
        painter.drawText(QRectF(left, area.bottom() + 3, width + 4, 16), Qt.AlignmentFlag.AlignLeft, text)


def _tick(value: float) -> str:
    value = round(value, 6) + 0.0  # no -0 and no 0.30000000000000004
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def _paint_point(painter: QPainter, pos: QPointF, point: ChartPoint, colour: QColor) -> None:
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(QColor("#ffffff") if point.approximate else colour)
    r = POINT_RADIUS
    if point.inferred_date:
        painter.drawRect(QRectF(pos.x() - r, pos.y() - r, 2 * r, 2 * r))
    else:
        painter.drawEllipse(pos, r, r)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _paint_legend(painter: QPainter, rect: QRectF, names: Sequence[str], series_label: dict[str, str]) -> None:
    metrics = painter.fontMetrics()
    x, y = rect.left() + MARGINS[0], rect.bottom() - 14
    for index, name in enumerate(names):
        colour = QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
        painter.setPen(QPen(colour, 2))
        painter.drawLine(QPointF(x, y), QPointF(x + 14, y))
        painter.setPen(QColor("#374151"))
        text = series_label.get(name, name)
        painter.drawText(QPointF(x + 18, y + metrics.ascent() / 2 - 1), text)
        x += 18 + metrics.horizontalAdvance(text) + 14
    marks = series_label.get("", "")
    if marks:
        painter.setPen(QColor("#6b7280"))
        painter.drawText(QPointF(x + 6, y + metrics.ascent() / 2 - 1), marks)


class TrendChart(QWidget):
    """The chart widget; `points()` is its model (what it draws), for the view and tests."""

    point_clicked = Signal(int)  # the row of the point in the rows given to set_rows

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._points: list[ChartPoint] = []
        self._labels: dict[str, str] = {}
        self._empty = ""
        self._selected: int | None = None

    def set_selected(self, row: int | None) -> None:
        """Ring the point of this row (None: no ring)."""
        self._selected = row
        self.update()

    def selected(self) -> int | None:
        return self._selected

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    def set_rows(self, rows: Sequence[TrendRow], series_label: dict[str, str], empty_text: str = "") -> None:
        """Plot these rows (a TrendResult's); `series_label` names each series for the legend,
        and its "" entry explains the marks."""
        self._points = chart_points(rows)
        self._labels = dict(series_label)
        self._empty = empty_text
        self._selected = None
        self.update()

    def points(self) -> list[ChartPoint]:
        return list(self._points)

    def positions(self) -> list[QPointF]:
        """Where each point of `points()` is on the widget (for clicks and tests)."""
        return point_positions(self._points, QRectF(self.rect()), self.fontMetrics())

    def image(self, size: QSize | None = None, font: QFont | None = None) -> QImage:
        """The chart as an image (to copy or print), at `size` or the widget's size, its
        words in `font` (the widget's by default; printing passes the bundled font)."""
        size = size or self.size()
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setFont(font or self.font())
        paint_chart(painter, QRectF(0, 0, size.width(), size.height()), self._points, self._labels, self._empty)
        painter.end()
        return image

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_chart(painter, QRectF(self.rect()), self._points, self._labels, self._empty, self._selected)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            row = self.row_at(event.position())
            if row is not None:
                self.point_clicked.emit(row)
        super().mousePressEvent(event)

    def row_at(self, pos: QPointF) -> int | None:
        """The row of the point nearest `pos`, if one is within CLICK_RADIUS."""
        best: tuple[float, int] | None = None
        for point, where in zip(self._points, self.positions(), strict=True):
            distance = ((where.x() - pos.x()) ** 2 + (where.y() - pos.y()) ** 2) ** 0.5
            if distance <= CLICK_RADIUS and (best is None or distance < best[0]):
                best = (distance, point.row)
        return None if best is None else best[1]
