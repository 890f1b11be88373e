"""What the user opened in the contents tree, kept across a reload of the document list.

Reloading (after a delete, import or edit) resets the tree model, which closes every row
and scrolls to the top. `TreeState.save` notes which rows are open, by what they show
(a release, a group of a release, a section), and where the view was scrolled;
`restore` opens the same rows in the new model and scrolls back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView

from desktop_app.ui.tree_model import NODE_ROLE, KnowledgeTreeModel, TreeNode

Key = tuple[str, int, str]  # (role, id, group kind)


def node_key(node: TreeNode) -> Key | None:
    """What a row shows, independent of the model instance (None for rows never opened)."""
    if node.role == "document" and node.document is not None:
        return ("document", node.document.id, "")
    if node.role == "group" and node.doc_id is not None:
        return ("group", node.doc_id, node.group_kind or "")
    if node.section is not None and node.metric is None:
        return ("section", node.section.id, "")
    return None


@dataclass
class TreeState:
    """The open rows (by key, parents before children) and the scroll position."""

    expanded: list[Key] = field(default_factory=list)
    scroll: int = 0
    current_row: int = -1  # the top-level row of the current index

    @classmethod
    def save(cls, view: QTreeView) -> TreeState:
        model = view.model()
        state = cls(scroll=view.verticalScrollBar().value())
        current = view.currentIndex()
        while current.isValid() and current.parent().isValid():
            current = current.parent()
        state.current_row = current.row() if current.isValid() else -1
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if not view.isExpanded(index):
                    continue
                key = node_key(index.data(NODE_ROLE))
                if key is not None:
                    state.expanded.append(key)
                    stack.append(index)
        return state

    def restore(self, view: QTreeView, model: KnowledgeTreeModel) -> None:
        """Open the rows that were open (those still there) and scroll back."""
        for role, item, kind in self.expanded:
            index = _find(model, role, item, kind)
            if index.isValid():
                view.expand(index)
        view.verticalScrollBar().setValue(self.scroll)


def _find(model: KnowledgeTreeModel, role: str, item: int, kind: str) -> QModelIndex:
    if role == "document":
        return model.find_document(item)
    if role == "section":
        return model.find_section(item)
    document = model.find_document(item)
    for row in range(model.rowCount(document)):
        index = model.index(row, 0, document)
        node = index.data(NODE_ROLE)
        if node.role == "group" and (node.group_kind or "") == kind:
            return index
    return QModelIndex()
