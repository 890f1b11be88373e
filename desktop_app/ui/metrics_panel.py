"""The metrics dock: filters (kind, unit, value range, label words), the table, copy and CSV."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QDoubleValidator, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import labels
from desktop_app.ui.i18n import fill
from desktop_app.ui.metrics_table import METRIC_ID_ROLE, MetricFilter, MetricRow, MetricsFilterProxy, MetricsTableModel

UNIT_PADDING = 16  # a cell's margins around its text, in pixels


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "").strip()) if text.strip() else None
    except ValueError:
        return None


class MetricsPanel(QWidget):
    """All metrics of the current selection; emits metric_activated when a row is chosen."""

    metric_activated = Signal(int)
    compare_requested = Signal(int)  # “Compare across releases” on a figure

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = MetricsTableModel(self)
        self.proxy = MetricsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("metricsTable")
        self.table.setModel(self.proxy)
        self._setup_table()
        self.kind_combo, self.unit_combo = QComboBox(), QComboBox()
        self.min_edit, self.max_edit, self.text_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.count_label = QLabel()
        self.copy_action = QAction(self.tr("&Copy"), self)
        self.copy_action.setShortcuts(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.table.addAction(self.copy_action)
        self.export_action = QAction(self.tr("Export CSV…"), self)
        self.export_action.triggered.connect(self.export_csv)
        self.compare_action = QAction(self.tr("Compare across releases"), self)
        self.compare_action.triggered.connect(self._on_compare)
        self.table.addAction(self.compare_action)
        self._build_layout()
        self._suggested_name = "metrics"
        self._syncing = False
        self._fill_combo(self.kind_combo, self.tr("All kinds"), [])
        self._fill_combo(self.unit_combo, self.tr("All units"), [])

    def _setup_table(self) -> None:
        table = self.table
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 110, 90, 50, 80, 60, 50)):
            table.setColumnWidth(column, width)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def _build_layout(self) -> None:
        for combo in (self.kind_combo, self.unit_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_combo.setToolTip(self.tr("Show only one kind of figure"))
        self.unit_combo.setToolTip(self.tr("Show only one unit"))
        self.min_edit.setPlaceholderText(self.tr("min"))
        self.max_edit.setPlaceholderText(self.tr("max"))
        for edit in (self.min_edit, self.max_edit):
            edit.setMaximumWidth(90)
        self.text_edit.setPlaceholderText(self.tr("Filter indicators…"))
        self.table.addAction(self.export_action)
        export_button = QToolButton()
        export_button.setDefaultAction(self.export_action)
        copy_button = QToolButton()
        copy_button.setDefaultAction(self.copy_action)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        for widget in (self.kind_combo, self.unit_combo):
            bar.addWidget(widget)
        bar.addWidget(QLabel(self.tr("Value:")))
        bar.addWidget(self.min_edit)
        bar.addWidget(QLabel("–"))
        bar.addWidget(self.max_edit)
        bar.addWidget(self.text_edit, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(copy_button)
        bar.addWidget(export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        for combo in (self.kind_combo, self.unit_combo):
            combo.currentIndexChanged.connect(self._apply_filter)
        for edit in (self.min_edit, self.max_edit, self.text_edit):
            edit.textChanged.connect(self._apply_filter)

    def finish_setup(self) -> None:
        """What the first frame does not show: number validation and the clear buttons
        (drawn only once a field has text). Called after the window's first paint."""
        for edit in (self.min_edit, self.max_edit):
            edit.setValidator(QDoubleValidator(edit))
        for edit in (self.min_edit, self.max_edit, self.text_edit):
            edit.setClearButtonEnabled(True)

    # -- content -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[MetricRow], suggested_name: str = "metrics") -> None:
        """Show these metrics; the filters keep their values where they still make sense."""
        self._suggested_name = suggested_name
        self._syncing = True
        self.model.set_rows(rows)
        self._fill_combo(self.kind_combo, self.tr("All kinds"),
                         [(k, labels.metric_kind_label(k)) for k in sorted({r.metric.kind for r in rows})])
        self._fill_combo(self.unit_combo, self.tr("All units"),
                         [(u, u) for u in sorted({r.metric.unit for r in rows if r.metric.unit})])
        self._syncing = False
        self._apply_filter()
        self._fit_unit_column({r.metric.unit for r in rows})

    def _fit_unit_column(self, units: set[str]) -> None:
        """Widen the 单位 column to its longest unit (个百分点 was cut to 个…); never
        narrower than it is (the user may have widened it). Only the distinct units are
        measured, not every row."""
        column = MetricsTableModel.COLUMNS.index("unit")
        metrics = self.table.fontMetrics()
        header = self.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        widest = max((metrics.horizontalAdvance(u) for u in units if u), default=0)
        wanted = max(widest, metrics.horizontalAdvance(str(header or ""))) + UNIT_PADDING
        if wanted > self.table.columnWidth(column):
            self.table.setColumnWidth(column, wanted)

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        previous = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(previous)) if previous else 0)
        combo.blockSignals(False)

    def current_filter(self) -> MetricFilter:
        return MetricFilter(
            kind=self.kind_combo.currentData(), unit=self.unit_combo.currentData(),
            min_value=_number(self.min_edit.text()), max_value=_number(self.max_edit.text()),
            text=self.text_edit.text(),
        )

    @Slot()
    def _apply_filter(self) -> None:
        if self._syncing:
            return
        self.proxy.set_filter(self.current_filter())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(fill(self.tr("%1 of %2"), shown, total))

    # -- selection -----------------------------------------------------------------------
    def select_metric(self, metric_id: int | None) -> None:
        """Make the metric's row current (clearing filters that hide it) without re-emitting."""
        self._syncing = True
        try:
            row = self.model.row_of(metric_id) if metric_id is not None else -1
            if row < 0:
                self.table.clearSelection()
                return
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if not index.isValid():
                self._clear_filters()
                index = self.proxy.mapFromSource(self.model.index(row, 0))
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(index, flags)
            self.table.scrollTo(index)
        finally:
            self._syncing = False

    def _clear_filters(self) -> None:
        for combo in (self.kind_combo, self.unit_combo):
            combo.setCurrentIndex(0)
        for edit in (self.min_edit, self.max_edit, self.text_edit):
            edit.clear()
        self._syncing = True
        self.proxy.set_filter(MetricFilter())

    def selected_metric_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(METRIC_ID_ROLE) if index.isValid() else None

    @Slot()
    def _on_compare(self) -> None:
        metric_id = self.selected_metric_id()
        if metric_id is not None:
            self.compare_requested.emit(metric_id)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self.metric_activated.emit(current.data(METRIC_ID_ROLE))

    # -- copy and export -----------------------------------------------------------------
    def _selected_source_rows(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return sorted(rows)

    def _visible_source_rows(self) -> list[int]:
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in range(self.proxy.rowCount())]

    @Slot()
    def copy_selection(self) -> None:
        """Copy the selected rows (or all shown rows) as tab-separated text for a spreadsheet."""
        rows = self._selected_source_rows() or self._visible_source_rows()
        QGuiApplication.clipboard().setText(self.model.to_csv(rows, delimiter="\t"))

    @Slot()
    def export_csv(self) -> None:
        """Write the rows shown (as filtered and sorted) to a UTF-8 CSV that Excel opens."""
        from desktop_app.ui import dialogs
        from desktop_app.ui.messages import describe_error

        path = dialogs.save_file(self, self.tr("Export Metrics as CSV"), f"{self._suggested_name}.csv",
                                 self.tr("CSV files (*.csv)"))
        if not path:
            return
        try:
            Path(path).write_text(self.model.to_csv(self._visible_source_rows()), encoding="utf-8-sig")
        except OSError as error:
            dialogs.show_error(self, describe_error(error))
