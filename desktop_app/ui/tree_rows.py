"""How the contents tree draws its rows: a section row's words are elided to the width of the
column, never its figure count ("二、坚持能动履职，全力服… · 3 项指标")."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

COUNT_SEPARATOR = " · "  # between a section row's words and its figure count (tree_model)


class TreeRowDelegate(QStyledItemDelegate):
    """Section rows keep their count visible; other rows elide at their end (the view's mode)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        node = index.data(Qt.ItemDataRole.UserRole + 1)  # tree_model.NODE_ROLE
        if getattr(node, "role", None) != "section":
            return
        words, separator, count = option.text.rpartition(COUNT_SEPARATOR)
        if not separator:
            return
        # QStyle is imported here: making its Python class (its ~20 enums) costs ~5 ms, and
        # the window's first frame, whose tree is still empty, has no row to draw
        from PySide6.QtWidgets import QStyle

        style = option.widget.style() if option.widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
        width = text_rect.width() - 2 * margin
        metrics = option.fontMetrics
        if metrics.horizontalAdvance(option.text) <= width:
            return
        tail = separator + count
        room = max(0, width - metrics.horizontalAdvance(tail))
        option.text = metrics.elidedText(words, Qt.TextElideMode.ElideRight, room) + tail
