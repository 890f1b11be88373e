"""The metrics table's model and its filter: sortable by value, filtered by kind, unit,
value range and label words.

The model sorts itself: one sort key per row, computed once in Python (a number
for the value column; for text, the rank of the row's text among the column's distinct
texts in collation order), then ordered by Python's sort, whose comparisons of floats and
ints never call back into Python. A
QSortFilterProxyModel sorting on its own would call the model's data() twice per comparison:
a library's 120,000 figures took tens of seconds. The proxy only filters.

Figures of more than one release get two more columns, release and date; the
CSV always has the release's id, title and date, so it joins back to `list --json`."""
from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QCollator, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from desktop_app.ui import labels
from desktop_app.ui.node_model import ModelIndex

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo, MetricRecord

METRIC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class MetricRow(NamedTuple):
    """A metric with the words the table shows beside it (a NamedTuple, like MetricFilter:
    immutable, and quicker to define at start-up than a dataclass)."""

    metric: MetricRecord
    indicator: str
    section: str
    release: DocumentInfo | None = None  # the figure's release (title and date columns, CSV)


def release_title(row: MetricRow) -> str:
    return labels.document_title(row.release) if row.release is not None else ""


def release_date(row: MetricRow) -> str:
    """The release's date as YYYY-MM-DD (sorts as text), else its year, else empty."""
    info = row.release
    if info is None:
        return ""
    return info.date or (str(info.year) if info.year else "")


def _value_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _value_key(value: float | None) -> float:
    """The value column's sort key: no value sorts below every number."""
    return float("-inf") if value is None else float(value)


def _plain_number(value: float | None) -> str:
    """7600.0 → "7600", 36.01 → "36.01": what a spreadsheet should read."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


# The text each column shows, in COLUMNS order
_COLUMN_TEXT: tuple[Callable[[MetricRow], str], ...] = (
    lambda r: r.indicator,
    lambda r: r.metric.text,
    lambda r: _value_text(r.metric.value),
    lambda r: r.metric.unit,
    lambda r: labels.metric_kind_label(r.metric.kind),
    lambda r: r.metric.qualifier or "",
    lambda r: labels.trend_label(r.metric.trend),
    lambda r: r.section,
    release_title,
    release_date,
)
BASE_COLUMNS = 8  # the columns of one release's figures; release and date follow


def _collation_ranks(texts: list[str]) -> list[int]:
    """Each text's rank in the locale's collation order (pinyin for Chinese), equal texts
    equal. Only the distinct texts are collated — a library's 120,000 figures hold a few
    thousand indicators, units and sections — and rows then sort on plain ints."""
    collator = QCollator()
    ordered = sorted(set(texts), key=collator.sortKey)
    rank = {text: n for n, text in enumerate(ordered)}
    return [rank[text] for text in texts]


class MetricsTableModel(QAbstractTableModel):
    """Rows of metrics; column 0 is the indicator, the figure as written comes second."""

    COLUMNS = ("indicator", "figure", "value", "unit", "kind", "qualifier", "trend", "section", "release", "date")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[MetricRow] = []
        self._columns = BASE_COLUMNS  # + release and date when the rows span releases
        self._given: list[MetricRow] = []  # in the order given: "unsorted"
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._headers = self.headers()  # asked for on every repaint of the header
        # the "已修改" mark: a corrected figure → (its mark, the parser's values)
        self.marks: Callable[[MetricRecord], tuple[str, str] | None] | None = None

    def headers(self) -> list[str]:
        return [self.tr("Indicator"), self.tr("Figure"), self.tr("Value"), self.tr("Unit"),
                self.tr("Kind"), self.tr("Qualifier"), self.tr("Trend"), self.tr("Section"),
                self.tr("Release"), self.tr("Date")]

    def spans_releases(self) -> bool:
        """Whether the rows are figures of more than one release (release and date shown)."""
        return self._columns > BASE_COLUMNS

    def set_rows(self, rows: Sequence[MetricRow]) -> None:
        """Show `rows`, in the order of the column sorted on (as given when none)."""
        self.beginResetModel()
        self._given = list(rows)
        several = len({r.metric.doc_id for r in self._given}) > 1
        self._columns = len(self.COLUMNS) if several else BASE_COLUMNS
        self._rows = self._sorted(*self._sort)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by `column` (-1: as given); a stable sort on native keys."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved = [(self._rows[i.row()].metric.id, i.column()) for i in persistent]
        self._rows = self._sorted(column, order)
        rows = {row.metric.id: n for n, row in enumerate(self._rows)}
        self.changePersistentIndexList(persistent, [self.index(rows[mid], col) for mid, col in moved])
        self.layoutChanged.emit()

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[MetricRow]:
        rows = self._given
        if not 0 <= column < len(self.COLUMNS):
            return list(rows)
        descending = order == Qt.SortOrder.DescendingOrder
        if column == 2:
            keys: list = [_value_key(r.metric.value) for r in rows]
        else:
            keys = _collation_ranks([_COLUMN_TEXT[column](r) for r in rows])
        # stable either way: equal keys keep the given order (reverse=True keeps it too)
        ranked = sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)
        return [rows[i] for i in ranked]

    def row_data(self, row: int) -> MetricRow:
        return self._rows[row]

    def rows(self) -> list[MetricRow]:
        return list(self._rows)

    def row_of(self, metric_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.metric.id == metric_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._columns

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def display(self, row: MetricRow, column: int) -> str:
        return _COLUMN_TEXT[column](row)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            marked = self.marks(row.metric) if self.marks is not None and column == 0 else None
            if marked is None:
                return self.display(row, column)
            mark, original = marked
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{mark}{self.display(row, column)}"
            return f"{self.display(row, column)}\n{original}"
        if role == METRIC_ID_ROLE:
            return row.metric.id
        if role == SORT_ROLE:
            if column == 2:
                return _value_key(row.metric.value)
            return self.display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.metric.borderline:
            return QColor(labels.BORDERLINE_COLOUR)  # greyed in every column
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(labels.metric_colour(row.metric.kind))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def to_csv(self, rows: Sequence[int] | None = None, delimiter: str = ",") -> str:
        """The given rows (all when None) with a header line, as CSV text; every row ends with
        its release's id, title and date, whichever columns are shown."""
        import csv

        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow([*self.headers()[:BASE_COLUMNS], self.tr("Release ID"), self.tr("Release"), self.tr("Date")])
        for r in range(len(self._rows)) if rows is None else rows:
            row = self._rows[r]
            cells = [self.display(row, c) for c in range(BASE_COLUMNS)]
            cells[2] = _plain_number(row.metric.value)
            writer.writerow([*cells, row.metric.doc_id, release_title(row), release_date(row)])
        return out.getvalue()


class MetricFilter(NamedTuple):
    """What the user asked for; empty fields do not filter."""

    kind: str | None = None
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    text: str = ""

    def accepts(self, row: MetricRow) -> bool:
        m = row.metric
        if self.kind and m.kind != self.kind:
            return False
        if self.unit and m.unit != self.unit:
            return False
        if self.min_value is not None and (m.value is None or m.value < self.min_value):
            return False
        if self.max_value is not None and (m.value is None or m.value > self.max_value):
            return False
        needle = self.text.strip().casefold()
        haystack = f"{row.indicator} {m.text} {m.label or ''} {row.section}".casefold()
        return not needle or all(word in haystack for word in needle.split())


class MetricsFilterProxy(QSortFilterProxyModel):
    """Applies a MetricFilter; sorting is passed to the model, which sorts on native keys
    (real values, not their text), so no comparison calls Python."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._filter = MetricFilter()
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        assert isinstance(model, MetricsTableModel), "the proxy sorts a MetricsTableModel"
        model.sort(column, order)

    def set_filter(self, metric_filter: MetricFilter) -> None:
        self.beginFilterChange()
        self._filter = metric_filter
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def current_filter(self) -> MetricFilter:
        return self._filter

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, MetricsTableModel), "the proxy filters a MetricsTableModel"
        return self._filter.accepts(model.row_data(source_row))
