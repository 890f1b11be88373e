"""The release list: every release in a details view like a file manager's — sortable columns,
grouping by year or issuer, a filter box that matches as you type, several releases selected
at once for Delete, Print and Properties, and a context menu that opens the original file or
its folder. Choosing a release asks the window to show it (`release_chosen`)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.i18n import fill
from desktop_app.ui.release_model import (
    COL_DATE,
    COL_METRICS,
    COL_TITLE,
    GROUP_ISSUER,
    GROUP_NONE,
    GROUP_YEAR,
    ReleaseListModel,
)

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo

Locate = Callable[[int], "Path | None"]  # doc id -> the original file's path, if known


def _nowhere(_doc_id: int) -> Path | None:
    return None


class ReleaseList(QWidget):
    """Filter box and grouping above a sortable, multi-select list of releases."""

    release_chosen = Signal(int)  # doc id made current by the user
    delete_requested = Signal(object)  # list[DocumentInfo]
    properties_requested = Signal(object)  # list[DocumentInfo]
    print_requested = Signal(object)  # list[DocumentInfo]

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ReleaseListModel(self)
        self.locate: Locate = _nowhere
        self._syncing = False
        self._kept: int | None = None  # the current release's id across a model reset
        # made current while the list was hidden: selecting lays out every row (0.4 s at
        # 20,000 releases), so it waits until the list is shown (open at once)
        self._pending: int | None = None
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("releaseFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by title, issuer or file name"))
        self.filter_edit.setClearButtonEnabled(True)
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("releaseGrouping")
        self.group_combo.addItem(self.tr("No grouping"), GROUP_NONE)
        self.group_combo.addItem(self.tr("By year"), GROUP_YEAR)
        self.group_combo.addItem(self.tr("By issuer"), GROUP_ISSUER)
        self.count_label = QLabel()
        self.count_label.setObjectName("releaseCount")
        self.view = QTreeView()
        self._build_view()
        self._build_actions()
        self._build_layout()

    def _build_view(self) -> None:
        view = self.view
        view.setObjectName("releaseList")
        view.setModel(self.model)
        view.setUniformRowHeights(True)
        view.setRootIsDecorated(False)
        view.setAllColumnsShowFocus(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setSortingEnabled(True)
        view.sortByColumn(COL_DATE, Qt.SortOrder.AscendingOrder)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_DATE, 90), (COL_METRICS, 56)):
            header.resizeSection(column, width)

    def _build_actions(self) -> None:
        self.open_file_action = QAction(self.tr("Open Original File"), self)
        self.open_folder_action = QAction(self.tr("Open Containing Folder"), self)
        self.properties_action = QAction(self.tr("Properties…"), self)
        self.print_action = QAction(self.tr("Print…"), self)
        self.delete_action = QAction(self.tr("Delete"), self)
        self.open_file_action.triggered.connect(self.open_file)
        self.open_folder_action.triggered.connect(self.open_folder)
        self.properties_action.triggered.connect(self._ask_properties)
        self.print_action.triggered.connect(self._ask_print)
        self.delete_action.triggered.connect(self._ask_delete)

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.group_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(bar)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)
        self.filter_edit.textChanged.connect(self.set_filter)
        self.group_combo.currentIndexChanged.connect(self._on_grouping)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)

    # -- contents ------------------------------------------------------------------------
    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        """The releases to list; the current one stays current when it is still there."""
        self.model.set_documents(documents)

    @Slot(str)
    def set_filter(self, text: str) -> None:
        self.model.set_filter(text)

    def set_grouping(self, mode: str) -> None:
        index = self.group_combo.findData(mode)
        self.group_combo.setCurrentIndex(max(0, index))

    @Slot(int)
    def _on_grouping(self, _index: int) -> None:
        mode = self.group_combo.currentData()
        self.view.setRootIsDecorated(mode != GROUP_NONE)
        self.model.set_grouping(mode)

    @Slot()
    def _before_reset(self) -> None:
        current = self.current_info()
        self._kept = current.id if current is not None else None

    @Slot()
    def _after_reset(self) -> None:
        """Groups open and span the row; the current release stays current (sort, filter,
        grouping and a reload rebuild the rows); the count says how many are shown."""
        if self._kept is not None:
            self.select_release(self._kept)
        if self.model.grouping() != GROUP_NONE:
            for row in range(self.model.rowCount()):
                self.view.setFirstColumnSpanned(row, QModelIndex(), True)
            self.view.expandAll()
        total, shown = len(self.model.documents()), self.model.shown_count()
        text = fill(self.tr("%1 releases"), total) if shown == total else \
            fill(self.tr("%1 of %2 releases"), shown, total)
        self.count_label.setText(text)

    def select_release(self, doc_id: int) -> None:
        """Make a release current without treating it as the user's choice (when the list
        is next shown, if it is hidden now)."""
        if not self.isVisible():
            self._pending = doc_id
            return
        self._select(doc_id)

    def _select(self, doc_id: int) -> None:
        self._pending = None
        index = self.model.index_of(doc_id)
        if not index.isValid() or index == self.view.currentIndex():
            return
        self._syncing = True
        try:
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        finally:
            self._syncing = False

    # -- selection -----------------------------------------------------------------------
    def current_info(self) -> DocumentInfo | None:
        if self._pending is not None:
            return self.model.info(self.model.index_of(self._pending))
        return self.model.info(self.view.currentIndex())

    def showEvent(self, event: QShowEvent) -> None:
        """The release made current while the list was hidden becomes current now."""
        super().showEvent(event)
        if self._pending is not None:
            self._select(self._pending)

    def selected_infos(self) -> list[DocumentInfo]:
        """The selected releases in the order shown (the current one when none is selected)."""
        rows = self.view.selectionModel().selectedRows(0)
        infos = [info for info in (self.model.info(i) for i in rows) if info is not None]
        if not infos and (current := self.current_info()) is not None:
            infos = [current]
        return infos

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        info = self.model.info(current)
        if info is not None and not self._syncing:
            self.release_chosen.emit(info.id)

    # -- the context menu ----------------------------------------------------------------
    def prepare_menu(self) -> QMenu:
        """The context menu for the selection: the open actions need an existing file."""
        infos = self.selected_infos()
        path = self._current_path()
        self.open_file_action.setEnabled(path is not None and path.is_file())
        self.open_folder_action.setEnabled(path is not None and path.parent.is_dir() and path.is_file())
        for action in (self.properties_action, self.print_action, self.delete_action):
            action.setEnabled(bool(infos))
        menu = QMenu(self)
        menu.addActions([self.open_file_action, self.open_folder_action])
        menu.addSeparator()
        menu.addActions([self.properties_action, self.print_action])
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    @Slot(QPoint)
    def _show_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if self.model.info(index) is None:
            return
        if not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
        menu = self.prepare_menu()
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _current_path(self) -> Path | None:
        info = self.current_info()
        return self.locate(info.id) if info is not None else None

    @Slot()
    def open_file(self) -> None:
        path = self._current_path()
        if path is not None and path.is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @Slot()
    def open_folder(self) -> None:
        path = self._current_path()
        if path is not None and path.parent.is_dir():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    @Slot()
    def _ask_properties(self) -> None:
        if infos := self.selected_infos():
            self.properties_requested.emit(infos)

    @Slot()
    def _ask_print(self) -> None:
        if infos := self.selected_infos():
            self.print_requested.emit(infos)

    @Slot()
    def _ask_delete(self) -> None:
        if infos := self.selected_infos():
            self.delete_requested.emit(infos)
