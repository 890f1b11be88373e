"""指标对比 (Compare): one indicator's figures across releases — a picker that completes as
you type, the chart of value over date per series and the table by date. A point or a row
chosen emits `figure_chosen` (the window shows its sentence); print, PDF and copy-as-image.

The view only shows what it is given (`set_indicators`, `show_result`); the dock
(compare_dock.py) asks the knowledge base, off the GUI thread."""
from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QItemSelectionModel,
    QModelIndex,
    QSize,
    QStringListModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QGuiApplication, QImage, QImageWriter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.i18n import fill
from desktop_app.ui.trend_chart import TrendChart
from desktop_app.ui.trend_model import TrendTableModel

if TYPE_CHECKING:
    from desktop_app.core.records import Indicator, TrendResult, TrendRow
    from desktop_app.core.summary import Summary

PRINT_CHART_SIZE = QSize(900, 360)


def choice_text(indicator: Indicator) -> str:
    """What the picker offers and completes: 刑事案件总数（起）."""
    return f"{indicator.indicator}（{indicator.unit}）" if indicator.unit else indicator.indicator


class CompareView(QWidget):
    """The comparison of one indicator; `trend_wanted(label, unit)` asks for another."""

    trend_wanted = Signal(str, object)  # label, unit (None: the unit with most releases)
    figure_chosen = Signal(object)  # TrendRow

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compareView")
        self._choices: dict[str, Indicator] = {}
        self._result: TrendResult | None = None
        self._syncing = False
        self.picker = QLineEdit()
        self.picker.setObjectName("indicatorPicker")
        self.picker.setPlaceholderText(self.tr("Indicator, e.g. 刑事案件 — type to choose"))
        self.picker.setClearButtonEnabled(True)
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(15)
        self.picker.setCompleter(self.completer)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chart = TrendChart()
        self.model = TrendTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("compareTable")
        self.table.setModel(self.model)
        self._setup_table()
        self.copy_button, self.print_button, self.pdf_button = QToolButton(), QToolButton(), QToolButton()
        self._build_layout()
        self.completer.activated.connect(self._on_chosen)  # the str overload
        self.picker.returnPressed.connect(self._on_return)
        self.chart.point_clicked.connect(self._on_point)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

    def _setup_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((100, 260, 110, 90, 90)):
            table.setColumnWidth(column, width)

    def _build_layout(self) -> None:
        self.copy_button.setText(self.tr("Copy Chart"))
        self.copy_button.setToolTip(self.tr("Copy the chart as an image"))
        self.print_button.setText(self.tr("Print…"))
        self.pdf_button.setText(self.tr("Export PDF…"))
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        bar.addWidget(QLabel(self.tr("Indicator:")))
        bar.addWidget(self.picker, 1)
        for button in (self.copy_button, self.print_button, self.pdf_button):
            bar.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setSizes([480, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        self.copy_button.clicked.connect(self.copy_chart)

    # -- content -------------------------------------------------------------------------
    def set_indicators(self, indicators: Sequence[Indicator]) -> None:
        """The indicators the picker completes to (most releases first)."""
        self._choices = {choice_text(i): i for i in indicators}
        self._names.setStringList(list(self._choices))

    def choices(self) -> list[str]:
        return list(self._choices)

    def series_labels(self) -> dict[str, str]:
        """Names of the series for the legend and table; "" explains the marks."""
        names = {"level": self.tr("Level"), "change": self.tr("Change"),
                 "": self.tr("hollow: approximate · square: inferred date")}
        if self._result is not None:
            for row in self._result.rows:
                kind, _, period = row.series.partition(":")
                if period:
                    names[row.series] = f"{names.get(kind, kind)}（{period}）"
        return names

    def show_result(self, result: TrendResult, metric_id: int | None = None) -> None:
        """Show a trend (chart, table, labels merged); select `metric_id`'s row when given."""
        self._result = result
        labels = self.series_labels()
        self.model.set_rows(result.rows, labels)
        self.chart.set_rows(result.rows, labels, self.tr("No figures to plot"))
        self.summary_label.setText(self._summary_text(result))
        if result.indicator:
            self._syncing = True
            self.picker.setText(f"{result.indicator}（{result.unit}）" if result.unit else result.indicator)
            self._syncing = False
        if metric_id is not None:
            self.select_metric(metric_id)
        for button in (self.print_button, self.pdf_button, self.copy_button):
            button.setEnabled(bool(result.rows))

    def result(self) -> TrendResult | None:
        return self._result

    def _summary_text(self, result: TrendResult) -> str:
        if not result.rows:
            near = "、".join(choice_text(i) for i in result.suggestions)
            text = self.tr("No indicator of that name in two or more releases.")
            return text + (" " + fill(self.tr("Nearest: %1"), near) if near else "")
        releases = len({r.doc_id for r in result.rows})
        text = fill(self.tr("%1 figures from %2 releases · labels merged: %3"),
                    len(result.rows), releases, "、".join(result.labels))
        others = [choice_text(i) for i in result.suggestions]
        if others:
            text += " · " + fill(self.tr("also in other units: %1"), "、".join(others))
        return text

    def select_metric(self, metric_id: int) -> None:
        """Make the figure's row current, without emitting figure_chosen."""
        row = self.model.row_of(metric_id)
        if row < 0:
            return
        self._syncing = True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
            self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._syncing = False
        self.chart.set_selected(row)

    # -- choosing ------------------------------------------------------------------------
    @Slot(str)
    def _on_chosen(self, text: str) -> None:
        indicator = self._choices.get(text)
        if indicator is not None:
            self.trend_wanted.emit(indicator.indicator, indicator.unit)

    @Slot()
    def _on_return(self) -> None:
        text = self.picker.text().strip()
        if not text or self._syncing:
            return
        indicator = self._choices.get(text)
        if indicator is not None:
            self.trend_wanted.emit(indicator.indicator, indicator.unit)
        else:
            self.trend_wanted.emit(text, None)

    @Slot(int)
    def _on_point(self, row: int) -> None:
        self.select_metric(self.model.row_data(row).metric_id)
        self.figure_chosen.emit(self.model.row_data(row))

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.chart.set_selected(current.row())
        if not self._syncing and current.isValid():
            self.figure_chosen.emit(self.model.row_data(current.row()))

    # -- copy, print, PDF ----------------------------------------------------------------
    @Slot()
    def copy_chart(self) -> None:
        """Put the chart on the clipboard as an image."""
        QGuiApplication.clipboard().setImage(self.chart.image())

    def summary(self) -> Summary | None:
        """The comparison as a printable summary (chart image included), or None when empty."""
        from desktop_app.core.trend_summary import trend_summary

        if self._result is None or not self._result.rows:
            return None
        from desktop_app.ui.fonts import load_bundled_font

        font = QFont(self.chart.font())
        font.setFamilies([*font.families(), *load_bundled_font()])  # every character has a glyph
        return trend_summary(self._result, image_url(self.chart.image(PRINT_CHART_SIZE, font)))

    def selected_row(self) -> TrendRow | None:
        index = self.table.currentIndex()
        return self.model.row_data(index.row()) if index.isValid() else None


def image_url(image: QImage) -> str:
    """A data: URL of the image as PNG (QTextDocument, hence printing, loads these)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"PNG")).write(image)
    buffer.close()
    return "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode("ascii")
