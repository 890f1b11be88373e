"""The navigation tree: documents → 主要成效 / 下一步重点 → sections → items → metrics.

A QAbstractItemModel over small plain nodes. Lead and outlook are their own nodes under the
document; a level-2 item sits under its level-1 section (areas hold their items, whatever
the items' kind); a section's metrics are fetched only when the section is expanded or a metric in
it is selected, so a knowledge base of thousands of releases opens quickly.

Nothing per release is read or built before it is on screen: the document rows
come in batches of DOCUMENT_BATCH as the view scrolls (canFetchMore/fetchMore on the root);
a document's sections are read (one query, through a SectionSource, then kept) and its
section rows built the first time the view asks for them (it is expanded or selected); and
which sections are ticked is a set of ids, so ticking all ticks rows not yet built.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from desktop_app.core.kinds import SectionKind
from desktop_app.core.outline import figure_total, is_item, items_by_parent
from desktop_app.ui import labels
from desktop_app.ui.labels import tree_heading
from desktop_app.ui.node_model import ModelIndex, NodeModel

if TYPE_CHECKING:
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import DocumentInfo, MetricRecord, SectionInfo

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
GROUPED_KINDS = (SectionKind.ACHIEVEMENT, SectionKind.PRIORITY)
HIDDEN_KINDS = (SectionKind.CREDITS,)
DOCUMENT_BATCH = 200  # document rows added at a time as the view scrolls
# metrics of one section, each with the words saying what it measures
MetricLoader = Callable[["SectionInfo"], Sequence[tuple["MetricRecord", str]]]


class SectionSource(Protocol):
    """Where the tree reads the sections of documents listed without them."""

    def sections(self, doc_ids: Sequence[int]) -> dict[int, Sequence[SectionInfo]]:
        """The sections of these documents (a document without any may be left out)."""

    def section_docs(self, section_ids: Sequence[int] | None) -> dict[int, int]:
        """Section id → document id for these shown sections (None: every shown section)."""

    def openings(self, doc_id: int, sections: Sequence[SectionInfo]) -> dict[int, str]:
        """Section id → its opening words, for these heading-less sections of one document
        (optional: the tree names them 其他一 without it)."""


class CorrectionMarkSource(Protocol):
    """The "已修改" mark of the rows the user corrected (ui/correction_marks.py)."""

    def label(self, node: TreeNode) -> str:
        """The row's words, marked when the user corrected what it shows."""

    def tooltip(self, node: TreeNode) -> str:
        """The row's tooltip, with the parser's values when the user corrected them."""


class KbSections:
    """A SectionSource over the reader KnowledgeBase (nothing while it is closed)."""

    def __init__(self, kb: Callable[[], KnowledgeBase | None]):
        self._kb = kb

    def sections(self, doc_ids: Sequence[int]) -> dict[int, Sequence[SectionInfo]]:
        kb = self._kb()
        return dict(kb.section_infos(doc_ids)) if kb is not None else {}

    def section_docs(self, section_ids: Sequence[int] | None) -> dict[int, int]:
        kb = self._kb()
        return kb.section_doc_ids(section_ids, skip_kinds=HIDDEN_KINDS) if kb is not None else {}

    def openings(self, doc_id: int, sections: Sequence[SectionInfo]) -> dict[int, str]:
        kb = self._kb()
        if kb is None or not sections:
            return {}
        found = kb.section_openings([s.id for s in sections])  # a slice each, not the release
        return {i: labels.opening_words(text) for i, text in found.items() if text.strip()}


class TreeNode:
    """One row of the tree; `role` is root, document, group, section or metric."""

    __slots__ = ("role", "label", "parent", "children", "row", "document", "section", "metric",
                 "group_kind", "tooltip", "fetched", "unbuilt")

    def __init__(self, role: str, label: str = "", *, document: DocumentInfo | None = None,
                 section: SectionInfo | None = None, metric: MetricRecord | None = None,
                 group_kind: str | None = None, tooltip: str = "", fetched: bool = True):
        self.role, self.label, self.tooltip = role, label, tooltip
        self.parent: TreeNode | None = None
        self.children: list[TreeNode] = []
        self.row = 0
        self.document, self.section, self.metric, self.group_kind = document, section, metric, group_kind
        self.fetched = fetched
        self.unbuilt = False  # a document whose section rows are not built yet

    def add(self, child: TreeNode) -> TreeNode:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child

    @property
    def doc_id(self) -> int | None:
        node: TreeNode | None = self
        while node is not None:
            if node.document is not None:
                return node.document.id
            node = node.parent
        return None


def section_label(info: SectionInfo, figures: int | None = None, opening: str = "") -> str:
    """二、坚持能动履职，全力服务保障高质量发展 · 3 项指标: number, the heading's words (whole,
    without a counting 第二，; the view elides what does not fit, see TreeRowDelegate), the
    number of figures, named as such: the group rows above count sections (主要成效（5）), so
    a bare count here would read like the same thing. The full heading is the node's tooltip.
    `figures` is the count to show (an area's includes its items'); an item shows no number,
    its row sits under its area's, nor does a heading that writes its own (一、…). A section
    without a heading shows its `opening` words when given (not a bare 其他一)."""
    title = tree_heading(info.heading) if info.heading else (opening or labels.section_title(info))
    shown = figure_count(info.metric_count if figures is None else figures)
    if info.kind in GROUPED_KINDS and not is_item(info) and not labels.numbered_heading(title):
        return translate("KnowledgeTreeModel", "{number}. {title} · {figures}").format(
            number=labels.ordinal(info.number), title=title, figures=shown)
    return translate("KnowledgeTreeModel", "{title} · {figures}").format(title=title, figures=shown)


def figure_count(count: int) -> str:
    """“5 项指标” / “5 figures” (“1 figure”)."""
    if count == 1:
        return translate("KnowledgeTreeModel", "1 figure")
    return translate("KnowledgeTreeModel", "{count} figures").format(count=count)


def metric_label(metric: MetricRecord, indicator: str) -> str:
    return f"{metric.text} · {indicator}" if indicator else metric.text


def document_label(info: DocumentInfo) -> str:
    date = labels.document_date(info)
    title = labels.document_title(info)
    return f"{date} · {title}" if date else title


def _section_node(info: SectionInfo, items: Sequence[SectionInfo] = (),
                  openings: Mapping[int, str] | None = None) -> TreeNode:
    """A section's row with its items' rows under it (already built: they are few and come
    with the document's section list); its own figures are fetched when it is expanded."""
    opening = (openings or {}).get(info.id, "")
    node = TreeNode("section", section_label(info, figure_total(info, items), opening), section=info,
                    tooltip=info.heading or opening, fetched=info.metric_count == 0)
    for item in items:
        node.add(_section_node(item, openings=openings))
    return node


def needs_opening(info: SectionInfo) -> bool:
    """A section the tree names by its opening words: no heading, and not a lead or outlook
    (those are named by their kind)."""
    return not info.heading and info.kind not in (SectionKind.LEAD, SectionKind.OUTLOOK, *HIDDEN_KINDS)


def document_node(info: DocumentInfo) -> TreeNode:
    """A document's row alone: its sections are read and their rows built when first asked for."""
    node = TreeNode("document", document_label(info), document=info, tooltip=labels.source_line(info))
    node.unbuilt = True
    return node


def build_document_node(info: DocumentInfo, sections: Sequence[SectionInfo]) -> TreeNode:
    """A document with lead/outlook as own nodes and achievements/priorities grouped; items
    nest under their level-1 section whatever their kind, and groups count level-1 rows."""
    node = TreeNode("document", document_label(info), document=info, tooltip=labels.source_line(info))
    add_sections(node, sections)
    return node


def add_sections(node: TreeNode, sections: Sequence[SectionInfo], openings: Mapping[int, str] | None = None) -> None:
    """Build a document node's section rows (see build_document_node); `openings` names
    heading-less sections."""
    shown = [s for s in sections if s.kind not in HIDDEN_KINDS]
    items = items_by_parent(shown)
    nested = {item.id for group in items.values() for item in group}
    groups: dict[str, TreeNode] = {}
    for info_s in shown:
        if info_s.id in nested:
            continue
        row = _section_node(info_s, items.get(info_s.id, ()), openings)
        if info_s.kind not in GROUPED_KINDS:
            node.add(row)
            continue
        if info_s.kind not in groups:
            groups[info_s.kind] = node.add(TreeNode("group", group_kind=info_s.kind))
        groups[info_s.kind].add(row)
    for kind, group in groups.items():
        group.label = translate("KnowledgeTreeModel", "{kind} ({count})").format(kind=labels.section_kind_label(kind), count=len(group.children))


class KnowledgeTreeModel(NodeModel[TreeNode]):
    """Documents, their section groups, sections (checkable for printing) and metrics."""

    checked_changed = Signal()

    def __init__(self, load_metrics: MetricLoader, parent: QObject | None = None, *,
                 sections: SectionSource | None = None):
        super().__init__(parent)
        self._load_metrics = load_metrics
        self._source = sections  # None: a document's sections are the ones it was given with
        self._root = TreeNode("root")
        self._documents: list[DocumentInfo] = []
        self._sections: dict[int, Sequence[SectionInfo]] = {}  # doc id -> sections, once read
        self._positions: dict[int, int] = {}  # doc id -> row
        self._section_docs: dict[int, int] | None = None  # section id -> doc id (no source), made when needed
        self.section_reads = 0  # how many times sections were read from the source (tests count them)
        self._ticked: set[int] = set()
        self.hold_batches = False  # True: the view asks for no more document rows for now
        self.marks: CorrectionMarkSource | None = None  # the user's corrections

    # -- content -----------------------------------------------------------------------
    def set_documents(self, documents: Iterable[DocumentInfo | tuple[DocumentInfo, Sequence[SectionInfo]]]) -> None:
        """Replace the whole tree, keeping which sections were ticked. Each document comes
        alone (its sections are read from the source when it is first shown) or with its
        sections. Only the first DOCUMENT_BATCH document rows are made now; the rest as the
        view scrolls."""
        self.beginResetModel()
        self._root = TreeNode("root")
        self._documents, self._sections = [], {}
        for entry in documents:
            info = entry[0] if isinstance(entry, tuple) else entry
            if isinstance(entry, tuple):
                self._sections[info.id] = entry[1]
            self._documents.append(info)
        self._positions = {info.id: row for row, info in enumerate(self._documents)}
        self._section_docs = None
        if self._ticked:
            self._ticked &= set(self._shown_section_ids())
        self._add_documents(DOCUMENT_BATCH)
        self.endResetModel()

    def documents(self) -> list[DocumentInfo]:
        return list(self._documents)

    def sections_of(self, doc_id: int) -> Sequence[SectionInfo]:
        """A listed document's sections: read from the source the first time, then kept."""
        found = self._sections.get(doc_id)
        if found is None:
            found = self._read_sections([doc_id]).get(doc_id, ())
        return found

    def _read_sections(self, doc_ids: Sequence[int]) -> dict[int, Sequence[SectionInfo]]:
        """The sections of these documents, reading (one query) those not read yet."""
        missing = [i for i in doc_ids if i not in self._sections]
        if missing:
            found: dict[int, Sequence[SectionInfo]]
            if self._source is None:
                found = {i: self._documents[self._positions[i]].sections for i in missing if i in self._positions}
            else:
                self.section_reads += 1
                found = self._source.sections(missing)
            for doc_id in missing:
                self._sections[doc_id] = tuple(found.get(doc_id, ()))
        return {i: self._sections[i] for i in doc_ids if i in self._sections}

    def loaded_document_count(self) -> int:
        """How many document rows exist so far (the rest come as the view scrolls)."""
        return len(self._root.children)

    def _add_documents(self, count: int) -> None:
        """Append up to `count` document rows (the caller announces them to the views)."""
        first = len(self._root.children)
        for info in self._documents[first:first + count]:
            self._root.add(document_node(info))

    def _load_documents_to(self, row: int) -> None:
        """Make sure document row `row` exists (with the rest of its batch)."""
        first = len(self._root.children)
        if row < first:
            return
        last = min(len(self._documents), (row // DOCUMENT_BATCH + 1) * DOCUMENT_BATCH) - 1
        self.beginInsertRows(QModelIndex(), first, last)
        self._add_documents(last - first + 1)
        self.endInsertRows()

    def _built(self, node: TreeNode) -> TreeNode:
        """`node`, with its section rows built if it is a document asked about the first time
        (no insert signal: the views have not seen any of its rows yet)."""
        if node.unbuilt and node.document is not None:
            node.unbuilt = False
            sections = self.sections_of(node.document.id)
            add_sections(node, sections, self._openings(node.document.id, sections))
        return node

    def _openings(self, doc_id: int, sections: Sequence[SectionInfo]) -> dict[int, str]:
        """Opening words of the document's heading-less sections ({} without a source)."""
        nameless = [s for s in sections if needs_opening(s)]
        read = getattr(self._source, "openings", None)  # a source may offer none
        if not nameless or read is None:
            return {}
        try:
            return read(doc_id, nameless)
        except Exception:
            log.warning("No opening words for the sections of document %s", doc_id, exc_info=True)
            return {}

    # -- Qt model interface -----------------------------------------------------------
    def index(self, row: int, column: int = 0, parent: ModelIndex = QModelIndex()) -> QModelIndex:
        self._built(self.node(parent))
        return super().index(row, column, parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._built(self.node(parent)).children)

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:
        node = self.node(parent)
        if node is self._root:
            return bool(self._documents)
        if node.unbuilt and node.document is not None:
            sections = self._sections.get(node.document.id)  # not read for this: True until it is
            return sections is None or any(s.kind not in HIDDEN_KINDS for s in sections)
        return bool(node.children) or not node.fetched

    def canFetchMore(self, parent: ModelIndex) -> bool:
        node = self.node(parent)
        if node is self._root:
            return not self.hold_batches and len(node.children) < len(self._documents)
        return not node.fetched

    def fetchMore(self, parent: ModelIndex) -> None:
        node = self.node(parent)
        if node is self._root:
            self._load_documents_to(len(node.children))
            return
        if node.fetched or node.section is None:
            return
        node.fetched = True
        rows = list(self._load_metrics(node.section))
        if not rows:
            return
        # the section's own figures go first, before the rows of its items
        self.beginInsertRows(parent, 0, len(rows) - 1)
        items = node.children
        node.children = []
        for metric, indicator in rows:
            node.add(TreeNode("metric", metric_label(metric, indicator), metric=metric,
                              tooltip=indicator))
        for item in items:
            node.add(item)
        self.endInsertRows()

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.node(index).role == "section":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label if self.marks is None else self.marks.label(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (node.tooltip if self.marks is None else self.marks.tooltip(node)) or None
        if role == NODE_ROLE:
            return node
        if role == Qt.ItemDataRole.CheckStateRole and node.section is not None and node.role == "section":
            return Qt.CheckState.Checked if node.section.id in self._ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and node.metric is not None:
            return QColor(labels.figure_colour(node.metric))
        if role == Qt.ItemDataRole.FontRole and node.role in ("document", "group"):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: ModelIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if role != Qt.ItemDataRole.CheckStateRole or node.role != "section" or node.section is None:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._ticked.add(node.section.id)
        else:
            self._ticked.discard(node.section.id)
        self.dataChanged.emit(index, index, [role])
        self.checked_changed.emit()
        return True

    # -- lookups ----------------------------------------------------------------------
    def _walk(self, node: TreeNode) -> Iterator[TreeNode]:
        """The rows under `node` that exist so far."""
        for child in node.children:
            yield child
            yield from self._walk(child)

    def _index_of(self, node: TreeNode) -> QModelIndex:
        return self.createIndex(node.row, 0, node)

    def _shown_section_ids(self) -> Iterable[int]:
        """Every shown section's id (one query with a source; no section rows read)."""
        if self._source is not None:
            return self._source.section_docs(None).keys()
        return (s.id for info in self._documents for s in self.sections_of(info.id) if s.kind not in HIDDEN_KINDS)

    def _doc_of_sections(self, section_ids: Sequence[int]) -> dict[int, int]:
        """Section id → document id for these sections (one query with a source)."""
        if self._source is not None:
            return self._source.section_docs(section_ids)
        if self._section_docs is None:
            self._section_docs = {s.id: info.id for info in self._documents for s in self.sections_of(info.id)}
        return {i: self._section_docs[i] for i in section_ids if i in self._section_docs}

    def find_document(self, doc_id: int) -> QModelIndex:
        """The document's row, made now (with its batch) if the view has not scrolled to it."""
        row = self._positions.get(doc_id)
        if row is None:
            return QModelIndex()
        self._load_documents_to(row)
        return self._index_of(self._root.children[row])

    def find_section(self, section_id: int) -> QModelIndex:
        doc_id = self._doc_of_sections([section_id]).get(section_id)
        document = self.find_document(doc_id) if doc_id is not None else QModelIndex()
        if not document.isValid():
            return QModelIndex()
        for node in self._walk(self._built(self.node(document))):
            if node.section is not None and node.section.id == section_id:
                return self._index_of(node)
        return QModelIndex()

    def find_metric(self, metric: MetricRecord) -> QModelIndex:
        """The metric's row, fetching its section's metrics first if needed."""
        if metric.section_id is None:
            return QModelIndex()
        section_index = self.find_section(metric.section_id)
        if not section_index.isValid():
            return QModelIndex()
        self.fetchMore(section_index)
        for child in self.node(section_index).children:
            if child.metric is not None and child.metric.id == metric.id:
                return self._index_of(child)
        return QModelIndex()

    def checked_section_ids(self) -> list[int]:
        """Ticked sections in tree order (documents by date, sections in document order)."""
        if not self._ticked:
            return []
        docs = set(self._doc_of_sections(sorted(self._ticked)).values())
        ordered = [info for info in self._documents if info.id in docs]
        sections = self._read_sections([info.id for info in ordered])
        found: list[int] = []
        for info in ordered:
            rows = self._walk(build_document_node(info, sections.get(info.id, ())))
            found.extend(n.section.id for n in rows if n.section is not None and n.section.id in self._ticked)
        return found

    def set_all_checked(self, checked: bool) -> None:
        """Tick or untick every section (Edit → Select All for printing), built rows or not."""
        self._ticked = set(self._shown_section_ids()) if checked else set()
        for node in self._walk(self._root):
            if node.role == "section":
                index = self._index_of(node)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
