"""The Qt item-model plumbing shared by the tree and the search results: one column over
plain Python nodes that know their `parent`, `children` and `row`."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex


class NodeModel(QAbstractItemModel):
    """Subclasses set `self._root` and implement data(); nodes carry parent/children/row."""

    _root = None

    def node(self, index: QModelIndex):
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int = 0, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        node = self.node(parent)
        if column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.column() > 0 else len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 1
