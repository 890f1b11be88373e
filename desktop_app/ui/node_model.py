"""The Qt item-model plumbing shared by the tree and the search results: one column over
plain Python nodes that know their `parent`, `children` and `row`."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex

ModelIndex = QModelIndex | QPersistentModelIndex  # what Qt passes to a model's methods


class Node(Protocol):
    """What NodeModel needs of a node: where it sits in the tree."""

    @property
    def parent(self) -> Node | None: ...

    @property
    def children(self) -> Sequence[Node]: ...

    @property
    def row(self) -> int: ...


NodeT = TypeVar("NodeT", bound=Node)


class NodeModel(QAbstractItemModel, Generic[NodeT]):
    """Subclasses set `self._root` (in __init__) and implement data(); nodes carry
    parent/children/row."""

    _root: NodeT

    def node(self, index: ModelIndex) -> NodeT:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int = 0, parent: ModelIndex = QModelIndex()) -> QModelIndex:
        node = self.node(parent)
        if column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    @overload
    def parent(self) -> QObject | None: ...

    @overload
    def parent(self, child: ModelIndex, /) -> QModelIndex: ...

    def parent(self, child: ModelIndex | None = None) -> QObject | QModelIndex | None:
        """The index of `child`'s parent node (Qt's model interface); without an argument,
        the model's owner, as QObject.parent() gives it."""
        if child is None:
            return super().parent()
        if not child.isValid():
            return QModelIndex()
        parent = child.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.column() > 0 else len(self.node(parent).children)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 1
