"""The comparison table: one indicator's figures across releases, by date (TrendResult rows).

Columns: date, release, the figure as written, its value (signed: a 下降 change is negative)
and the change against the previous row of its series from another release. An inferred
date is marked with * and an approximate value with ≈ (both explained in tooltips)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from desktop_app.core.trend_summary import number_text
from desktop_app.ui.i18n import fill
from desktop_app.ui.node_model import ModelIndex
from desktop_app.ui.trend_chart import is_approximate, is_inferred

if TYPE_CHECKING:
    from desktop_app.core.records import TrendRow

METRIC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
INFERRED_MARK, APPROXIMATE_MARK = "*", "≈"


class TrendTableModel(QAbstractTableModel):
    """Rows of a TrendResult, in its order (by date, undated last)."""

    COLUMNS = ("date", "release", "figure", "value", "change", "series")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[TrendRow] = []
        self._series: dict[str, str] = {}

    def headers(self) -> list[str]:
        return [self.tr("Date"), self.tr("Release"), self.tr("As written"), self.tr("Value"),
                self.tr("Change"), self.tr("Series")]

    def set_rows(self, rows: Sequence[TrendRow], series_label: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._series = dict(series_label)
        self.endResetModel()

    def rows(self) -> list[TrendRow]:
        return list(self._rows)

    def row_data(self, row: int) -> TrendRow:
        return self._rows[row]

    def row_of(self, metric_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.metric_id == metric_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def cells(self, row: TrendRow) -> list[str]:
        """The row as shown (and printed): the marks included."""
        date = (row.date or self.tr("undated")) + (INFERRED_MARK if row.date and is_inferred(row) else "")
        value = number_text(row.value) + (APPROXIMATE_MARK if row.value is not None and is_approximate(row) else "")
        return [date, row.doc_title or f"#{row.doc_id}", row.text, value,
                number_text(row.change, signed=True), self._series.get(row.series, row.series)]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == METRIC_ID_ROLE:
            return row.metric_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, row: TrendRow, column: int) -> str:
        if column == 0 and row.date and is_inferred(row):
            return self.tr("Date inferred by Zhiku (from the text or the file name), not written in full")
        if column == 3 and is_approximate(row):
            return fill(self.tr("Approximate: the release gives %1"), row.text)
        if column == 4 and row.change is None:
            return self.tr("No earlier release in this series to compare with")
        return self.cells(row)[column]
