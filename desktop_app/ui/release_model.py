"""The release list's model: every release as a row of a details view (日期 / 发布单位 / 标题 /
文件 / 指标数 / 导入时间), sorted, filtered and optionally grouped by year or issuer.

Built for libraries of 20,000 releases: each release's sort and filter keys are computed
once, when the list is set (plain Python values: ISO dates as strings, folded text, ints),
so sorting is one `list.sort` with those keys (no Python call per comparison) and filtering
is one pass of `in` over the folded keys. Qt asks `data()` only for the rows on screen.

Rows sit at most two levels deep: with grouping off, every top-level row is a release; with
grouping on, top-level rows are groups (a year, an issuer) and their children releases. An
index's internal id says which: 0 for a top-level row, group row + 1 for a release in a group.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.ui import labels
from desktop_app.ui.i18n import fill

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo

ModelIndex = QModelIndex | QPersistentModelIndex
DOC_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's DocumentInfo (None for a group row)
COL_DATE, COL_ISSUER, COL_TITLE, COL_FILE, COL_METRICS, COL_IMPORTED = range(6)
COLUMN_COUNT = 6
GROUP_NONE, GROUP_YEAR, GROUP_ISSUER = "none", "year", "issuer"
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # made once: asked per row laid out
_LAST = "\U0010ffff"  # sorts after any text: undated releases and empty issuers go last


def fold(text: str | None) -> str:
    """Text as the filter compares it: full-width folded to half-width (NFKC), case folded."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def year_of(info: DocumentInfo) -> int | None:
    """The release's year: the core's `year` when it has one (known without month and day),
    else the year of its date."""
    if info.year:
        return info.year
    if info.date and info.date[:4].isdigit():
        return int(info.date[:4])
    return None


@dataclass(frozen=True, slots=True)
class _Keys:
    """One release's precomputed sort keys and filter text."""

    date: str  # ISO date, the year alone when only that is known, _LAST when undated
    issuer: str
    title: str
    file: str
    metrics: int
    imported: str
    year: int | None
    search: str  # folded title, issuer and file name, for the filter

    @classmethod
    def of(cls, info: DocumentInfo) -> _Keys:
        year = year_of(info)
        date = info.date or (f"{year:04d}" if year else _LAST)
        issuer, title, file = fold(info.issuer), fold(labels.document_title(info)), fold(info.file)
        return cls(date, issuer or _LAST, title, file, info.metric_count, info.imported_at or "", year,
                   "\n".join((title, issuer, file)))


class ReleaseListModel(QAbstractItemModel):
    """Releases as rows; `set_sort`, `set_filter` and `set_grouping` rebuild what is shown."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._docs: list[DocumentInfo] = []
        self._keys: list[_Keys] = []
        self._filter = ""
        self._column, self._order = COL_DATE, Qt.SortOrder.AscendingOrder
        self._grouping = GROUP_NONE
        self._rows: list[int] = []  # positions in _docs, as shown (ungrouped)
        self._groups: list[tuple[str, list[int]]] = []  # (label, positions), when grouped

    # -- what is shown -------------------------------------------------------------------
    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        """The releases to list (computes every release's keys once)."""
        self._rebuild(documents)

    def set_filter(self, text: str) -> None:
        """Show only releases whose title, issuer or file name contains `text` (width and
        case ignored; words separated by spaces must all match)."""
        self._filter = fold(text).strip()
        self._rebuild()

    def set_grouping(self, mode: str) -> None:
        """GROUP_NONE, GROUP_YEAR or GROUP_ISSUER."""
        self._grouping = mode if mode in (GROUP_YEAR, GROUP_ISSUER) else GROUP_NONE
        self._rebuild()

    def grouping(self) -> str:
        return self._grouping

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt's sort (a header click): by the column's native key, undated / empty last."""
        self._column, self._order = column, order
        self._rebuild()

    def documents(self) -> list[DocumentInfo]:
        return list(self._docs)

    def shown_count(self) -> int:
        return len(self._rows)

    def _rebuild(self, documents: Sequence[DocumentInfo] | None = None) -> None:
        """Rows (and groups) again, after a change of releases, sort, filter or grouping."""
        self.beginResetModel()
        if documents is not None:
            self._docs = list(documents)
            self._keys = [_Keys.of(d) for d in self._docs]
        self._rows = self._sorted(self._matching())
        self._groups = self._grouped(self._rows) if self._grouping != GROUP_NONE else []
        self.endResetModel()

    def _matching(self) -> list[int]:
        words = self._filter.split()
        if not words:
            return list(range(len(self._docs)))
        keys = self._keys
        return [i for i in range(len(keys)) if all(w in keys[i].search for w in words)]

    def _sorted(self, positions: list[int]) -> list[int]:
        """Positions sorted by the column's key, then id; undated releases and empty issuers
        stay at the end in either order."""
        attr = ("date", "issuer", "title", "file", "metrics", "imported")[self._column] \
            if 0 <= self._column < COLUMN_COUNT else "date"
        keys, docs = self._keys, self._docs
        descending = self._order == Qt.SortOrder.DescendingOrder
        known = [i for i in positions if getattr(keys[i], attr) != _LAST]
        unknown = [i for i in positions if getattr(keys[i], attr) == _LAST]
        known.sort(key=lambda i: (getattr(keys[i], attr), docs[i].id), reverse=descending)
        unknown.sort(key=lambda i: docs[i].id)
        return known + unknown

    def _grouped(self, rows: list[int]) -> list[tuple[str, list[int]]]:
        """Groups in order of their key (newest year first when the dates sort descending),
        the release's order kept inside each; no year / no issuer last."""
        groups: dict[object, list[int]] = {}
        for i in rows:
            groups.setdefault(self._group_key(i), []).append(i)
        descending = self._column == COL_DATE and self._order == Qt.SortOrder.DescendingOrder
        known: list = sorted((k for k in groups if k is not None), reverse=descending)  # ints or texts
        order = known + ([None] if None in groups else [])
        return [(self._group_label(k, groups[k]), groups[k]) for k in order]

    def _group_key(self, i: int) -> object:
        if self._grouping == GROUP_YEAR:
            return self._keys[i].year
        issuer = self._keys[i].issuer
        return None if issuer == _LAST else issuer

    def _group_label(self, key: object, members: list[int]) -> str:
        if key is None:
            name = self.tr("No year") if self._grouping == GROUP_YEAR else self.tr("No issuer")
        elif self._grouping == GROUP_YEAR:
            name = str(key)
        else:
            name = self._docs[members[0]].issuer or str(key)
        return fill(self.tr("%1 (%2)"), name, len(members))

    # -- Qt's model interface --------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups) if self._groups else len(self._rows)
        if parent.internalId() == 0 and self._groups and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, _parent: ModelIndex = QModelIndex()) -> int:
        return COLUMN_COUNT

    def index(self, row: int, column: int = 0, parent: ModelIndex = QModelIndex()) -> QModelIndex:
        # bounds checked here, not by hasIndex (which calls back into rowCount): a view lays
        # out 20,000 rows through this
        if not 0 <= column < COLUMN_COUNT or not 0 <= row < self.rowCount(parent):
            return QModelIndex()
        return self.createIndex(row, column, 0 if not parent.isValid() else parent.row() + 1)

    @overload
    def parent(self) -> QObject | None: ...

    @overload
    def parent(self, child: ModelIndex, /) -> QModelIndex: ...

    def parent(self, child: ModelIndex | None = None) -> QObject | QModelIndex | None:
        """The group row of a release row (Qt's model interface); without an argument, the
        model's owner, as QObject.parent() gives it."""
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def position(self, index: ModelIndex) -> int | None:
        """The index's place in the release list (None for a group row)."""
        if not index.isValid():
            return None
        if self._groups:
            if index.internalId() == 0:
                return None
            members = self._groups[index.internalId() - 1][1]
            return members[index.row()] if index.row() < len(members) else None
        return self._rows[index.row()] if index.row() < len(self._rows) else None

    def info(self, index: ModelIndex) -> DocumentInfo | None:
        position = self.position(index)
        return self._docs[position] if position is not None else None

    def index_of(self, doc_id: int) -> QModelIndex:
        """The row of a release (QModelIndex() when it is filtered out or unknown)."""
        if self._groups:
            for g, (_label, members) in enumerate(self._groups):
                for row, i in enumerate(members):
                    if self._docs[i].id == doc_id:
                        return self.createIndex(row, 0, g + 1)
            return QModelIndex()
        for row, i in enumerate(self._rows):
            if self._docs[i].id == doc_id:
                return self.createIndex(row, 0, 0)
        return QModelIndex()

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (self.tr("Date"), self.tr("Issuer"), self.tr("Title"), self.tr("File"), self.tr("Figures"),
                 self.tr("Imported"))
        return names[section] if 0 <= section < COLUMN_COUNT else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if self._groups and index.internalId() == 0:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self._groups[index.row()][0]
            return None
        info = self.info(index)
        if info is None:
            return None
        if role == DOC_ROLE:
            return info
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(info, index.column(), role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_METRICS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, info: DocumentInfo, column: int, tooltip: bool) -> str | None:
        if column == COL_DATE:
            year = year_of(info)
            shown = info.date or (str(year) if year else "")
            written = labels.document_date(info)
            return (written or shown) if tooltip else (shown or written)
        if column == COL_ISSUER:
            return info.issuer or ""
        if column == COL_TITLE:
            return labels.document_title(info)
        if column == COL_FILE:
            return info.file or ""
        if column == COL_METRICS:
            return None if tooltip else str(info.metric_count)
        if column == COL_IMPORTED:
            return (info.imported_at or "")[:16].replace("T", " ")
        return None
