"""Search results grouped by document, each hit with its heading, count and marked snippet,
and the delegate that draws those snippets as rich text."""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from desktop_app.core.kinds import SectionKind
from desktop_app.core.outline import is_item
from desktop_app.ui import labels
from desktop_app.ui.i18n import fill
from desktop_app.ui.node_model import ModelIndex, NodeModel

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo, SearchHit, SearchResult

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2
MARK_STYLE = "background-color:#fde68a; color:#111827;"
SELECTED_BG, SELECTED_BAR = "#dbeafe", "#2563eb"


def snippet_html(snippet: str) -> str:
    """The knowledge base's escaped snippet with <mark> turned into a span Qt draws."""
    return snippet.replace("<mark>", f'<span style="{MARK_STYLE}">').replace("</mark>", "</span>")


@dataclass(eq=False)
class _Node:
    hit: SearchHit | None = None
    title: str = ""  # a document's title; for an item's hit, its area's heading
    doc_id: int | None = None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    row: int = 0

    def add(self, child: _Node) -> _Node:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


class SearchResultsModel(NodeModel[_Node]):
    """Documents (in order of their best hit) → section hits (in rank order).

    Holds the pages of hits loaded so far; while fewer than the result's total are loaded,
    Qt's `canFetchMore` is true and `fetchMore` (the view scrolled to the end) asks for the
    next page through `more_wanted(offset)`; `append_hits` adds it when it comes back."""

    more_wanted = Signal(int)  # the offset of the next page of hits

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._root = _Node()
        self.result: SearchResult | None = None
        self._documents: dict[int, DocumentInfo] = {}
        self._groups: dict[int, _Node] = {}
        self._loaded = 0  # hits held (the next page starts here)
        self._fetching = False  # a page has been asked for and not yet come back

    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        """The documents shown, for naming an item's area when a hit does not carry it."""
        self._documents = {info.id: info for info in documents}

    def set_result(self, result: SearchResult | None) -> None:
        """The first page of a search (None: nothing shown)."""
        self.beginResetModel()
        self.result = result
        self._root, self._groups, self._loaded, self._fetching = _Node(), {}, 0, False
        for hit in result.hits if result else ():
            if hit.doc_id not in self._groups:
                self._groups[hit.doc_id] = self._root.add(_Node(title=hit.doc_title or "", doc_id=hit.doc_id))
            self._groups[hit.doc_id].add(_Node(hit=hit, title=self._area_title(hit) or ""))
        self._loaded = len(result.hits) if result else 0
        self.endResetModel()

    def total(self) -> int:
        """Every hit of the search, loaded or not."""
        return self.result.total if self.result is not None else 0

    def loaded(self) -> int:
        return self._loaded

    def append_hits(self, offset: int, hits: Sequence[SearchHit]) -> None:
        """A further page: each hit joins its document's group (new documents at the end).
        A page for another offset (an answer that crossed a newer one) is ignored."""
        if offset != self._loaded or self.result is None:
            return
        self._fetching = False
        for hit in hits:
            group = self._groups.get(hit.doc_id)
            if group is None:
                row = len(self._root.children)
                self.beginInsertRows(QModelIndex(), row, row)
                group = self._groups[hit.doc_id] = self._root.add(_Node(title=hit.doc_title or "", doc_id=hit.doc_id))
                self.endInsertRows()
            parent = self.createIndex(group.row, 0, group)
            self.beginInsertRows(parent, len(group.children), len(group.children))
            group.add(_Node(hit=hit, title=self._area_title(hit) or ""))
            self.endInsertRows()
            self.dataChanged.emit(parent, parent)  # its "(n sections)" count
        self._loaded += len(hits)
        if not hits:  # the search holds fewer hits than it said (changed since): stop asking
            self.result = replace(self.result, total=self._loaded)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._fetching and self._loaded < self.total()

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:
        """Ask for the next page (answered later, off the GUI thread)."""
        if self.canFetchMore(parent):
            self._fetching = True
            self.more_wanted.emit(self._loaded)

    def fetch_failed(self) -> None:
        """The page asked for did not come: scrolling to the end may ask again."""
        self._fetching = False

    def _area_title(self, hit: SearchHit) -> str | None:
        """The heading of the area an item's hit belongs to (None for a level-1 section):
        the hit's own `parent_heading`, else looked up in the hit's document."""
        if hit.parent_heading:
            return hit.parent_heading
        doc = self._documents.get(hit.doc_id)
        if doc is None:
            return None
        by_id = {info.id: info for info in doc.sections}
        own = by_id.get(hit.section_id)
        parent_id = hit.parent_id if hit.parent_id is not None else (own.parent_id if own else None)
        if hit.level != 2 and not (own is not None and is_item(own)):
            return None
        parent = by_id.get(parent_id) if parent_id is not None else None
        return labels.section_title(parent) if parent is not None else None

    def hits(self) -> list[SearchHit]:
        """Hits in the order shown (documents by best hit, then rank)."""
        return [child.hit for group in self._root.children for child in group.children
                if child.hit is not None]

    def hit_index(self, position: int) -> QModelIndex:
        """The index of the n-th hit as shown (0-based)."""
        for group in self._root.children:
            if position < len(group.children):
                return self.createIndex(position, 0, group.children[position])
            position -= len(group.children)
        return QModelIndex()

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        if role == HIT_ROLE:
            return node.hit
        if node.hit is None:
            return self._group_data(node, role)
        return self._hit_data(node.hit, node.title, role)

    def _group_data(self, node: _Node, role: int) -> str | None:
        text = fill(self.tr("%1 (%2 sections)"), node.title or self.tr("Untitled document"), len(node.children))
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == HTML_ROLE:
            return f'<b>{html.escape(text)}</b>'
        return None

    def _hit_data(self, hit: SearchHit, area: str, role: int) -> str | None:
        """A hit's row: its heading (“area › item” for an item), hit count and snippet."""
        kind = labels.section_kind_label(hit.kind)
        heading = hit.heading or kind
        numbered = hit.kind in (SectionKind.ACHIEVEMENT, SectionKind.PRIORITY) and not area and not labels.numbered_heading(heading)
        number = labels.ordinal(hit.number) if numbered else ""
        if area:
            heading = fill(self.tr("%1 › %2"), area, heading)
        count = fill(self.tr("%1 hits"), len(hit.matches))
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{heading} ({count})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{f'{kind} {number}'.strip()} · {heading}"
        if role == HTML_ROLE:
            return (f'<span style="color:#b91c1c;">{html.escape(kind)} {html.escape(number)}</span> '
                    f'<b>{html.escape(heading)}</b> <span style="color:#6b7280;">· {html.escape(count)}</span>'
                    f'<br/><span style="color:#374151;">{snippet_html(hit.snippet)}</span>')
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Draws an item's HTML_ROLE as wrapped rich text (snippets with marked hits)."""

    PADDING = 4

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self._view = view

    def _document(self, index: ModelIndex, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(self._view.font())
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(60.0, width))
        return doc

    def _text_width(self, index: ModelIndex) -> float:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        return self._view.viewport().width() - self._view.indentation() * (depth + 1) - 2 * self.PADDING

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """Rich text on a light selection (marks and colours stay readable when selected)."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if selected:
            painter.fillRect(opt.rect.adjusted(0, 0, 3 - opt.rect.width(), 0), QColor(SELECTED_BAR))
        doc = self._document(index, opt.rect.width() - 2 * self.PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.Text))
        painter.save()
        painter.translate(opt.rect.left() + self.PADDING, opt.rect.top() + self.PADDING)
        painter.setClipRect(QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        doc = self._document(index, self._text_width(index))
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2 * self.PADDING)
