"""The main window: contents tree and search results (left), reading pane (centre),
metrics table (dock), search box (toolbar). It wires the parts together and keeps one
metric selected in all of them at once; the parts themselves live in their own modules.

The window is built in two steps so that its first frame is quick: the constructor makes
only what that frame shows (empty tree, reading pane with a loading message, metrics dock,
toolbar, menu titles, status bar), at the zoomed font from the start; `finish_setup()`,
called right after the first paint, adds what is not on screen yet — the search results
panel and its controller, the release list, the document operations, the tree's shortcuts,
the print actions, the comparison dock and the library watch (ui/library_watch.py: what
another process writes to the data folder is shown within a second or two). Modules only
those parts need are imported there, not at start-up.

The window is what printing needs (desktop_app/ui/printing.py's PrintableWindow): `menus`, `kb()`,
`current_section_ids()`, `checked_section_ids()`, `current_doc_id()`, `current_search()`, `print_focus()`.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import NotFoundError
from desktop_app.core.kinds import SectionKind
from desktop_app.core.outline import items_of, with_items
from desktop_app.core.paths import resource_path
from desktop_app.ui import i18n, labels, zoom
from desktop_app.ui.actions import WindowActions, WindowMenus
from desktop_app.ui.i18n import fill
from desktop_app.ui.metrics_panel import MetricsPanel
from desktop_app.ui.metrics_table import MetricRow
from desktop_app.ui.navigation import FocusFrames, History, MouseHistoryButtons, View, next_stop, tab_stops
from desktop_app.ui.reading_pane import ReadingPane, section_indicators
from desktop_app.ui.release_figures import ReleaseFigures
from desktop_app.ui.search_box import SearchBox
from desktop_app.ui.session import Session
from desktop_app.ui.settings import read_bytes, read_int, read_list, read_str
from desktop_app.ui.tree_model import DOCUMENT_BATCH, NODE_ROLE, KbSections, KnowledgeTreeModel, needs_opening
from desktop_app.ui.tree_rows import TreeRowDelegate

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from desktop_app.core.records import DocumentInfo, MetricRecord, SectionInfo, SectionRecord
    from desktop_app.ui.compare_dock import CompareDock
    from desktop_app.ui.corrections import WindowCorrections
    from desktop_app.ui.library_watch import LibraryWatch
    from desktop_app.ui.operations import DocumentOperations
    from desktop_app.ui.release_list import ReleaseList
    from desktop_app.ui.search_controller import SearchController
    from desktop_app.ui.search_panel import SearchPanel

TAB_CONTENTS, TAB_RESULTS, TAB_RELEASES = 0, 1, 2
LEFT_MIN_WIDTH = 180  # the contents column never collapses to nothing


class ShownPage(NamedTuple):
    """A view's page as read from the knowledge base: the view ("section" or "document", its
    id), its release (with its sections), the figures it shows, and what drawing it needs
    besides. Two reads of one view are equal when nothing the page shows has changed. (A
    named tuple: the window's first frame needs no `dataclasses`.)"""

    kind: str
    item: int
    doc: DocumentInfo
    metrics: tuple[MetricRecord, ...]
    text: str = ""  # a release's text (a document page)
    section: SectionRecord | None = None  # a section page's record (an area's holds its items')
    items: tuple[SectionInfo, ...] = ()  # an area's items


PAGE_SAME, PAGE_CHANGED, PAGE_GONE = "same", "changed", "gone"  # refresh_page's answers


def _page() -> tuple[QWidget, QVBoxLayout]:
    """An empty tab page whose panel is put in after the first paint."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    return page, layout


class MainWindow(QMainWindow):
    """Zhiku's one window. `language_requested` asks the application to switch language."""

    language_requested = Signal(str)
    documents_reloaded = Signal()
    search_shown = Signal(object)  # SearchResult
    view_changed = Signal()

    def __init__(self, session: Session, settings: QSettings, parent: QWidget | None = None):
        level = zoom.clamp(read_int(settings, "ui/zoom"))
        zoom.apply(level)  # before any of the window's widgets exists: each is made at its size
        super().__init__(parent)
        self._zoom = level
        self.session = session
        self.settings = settings
        self._view: tuple[str, int] | None = None
        self._page: ShownPage | None = None  # what the view shows, as read (refresh_page compares)
        self._rows: dict[int, MetricRow] = {}  # metric id -> row, for what is shown
        self._selected_metric: int | None = None
        self._syncing = False
        self._ops: DocumentOperations | None = None
        self._search: SearchController | None = None
        self._search_panel: SearchPanel | None = None
        self._release_list: ReleaseList | None = None
        self.compare: CompareDock | None = None
        self.corrections: WindowCorrections | None = None  # made by finish_setup
        self.library_watch: LibraryWatch | None = None  # made by finish_setup
        self._setup_done = False
        self._printing_installed = False
        self._splitter_state: QByteArray | None = None
        self.history = History()  # back / forward through the sections and releases shown
        self._navigating = False  # showing a view from the history: not a new step
        self.help_window: QWidget | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Zhiku"))
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._connect()
        self._restore_layout()
        self._show_loading()
        session.progress.connect(self._on_load_progress)
        session.upgrading.connect(self._on_upgrade_progress)
        session.opened.connect(self._on_opened)
        session.ready.connect(self._on_ready)
        session.failed.connect(self._on_load_failed)
        if session.is_open:  # a rebuilt window (language switch): the session is loaded
            self.finish_setup()
            self._on_opened()
        if session.is_ready:
            self._on_ready()

    # ===================================================================== construction
    def _build_widgets(self) -> None:
        self.figures = ReleaseFigures(self.kb)  # a release's figures, read once for the tree
        self.tree_model = KnowledgeTreeModel(self.figures.rows, self, sections=KbSections(self.kb))
        self.tree = QTreeView()
        self.tree.setObjectName("contentsTree")
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.setAccessibleName(self.tr("Contents"))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setItemDelegate(TreeRowDelegate(self.tree))  # a section row keeps its count visible
        # the search results panel and the release list go in after the first paint
        self.results_page, self._results_layout = _page()
        self.releases_page, self._releases_layout = _page()
        self.left_tabs = QTabWidget()
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.setMinimumWidth(LEFT_MIN_WIDTH)
        self.left_tabs.addTab(self.tree, self.tr("Contents"))
        self.left_tabs.addTab(self.results_page, self.tr("Search Results"))
        self.left_tabs.addTab(self.releases_page, self.tr("Releases"))
        self.reading_pane = ReadingPane(zoom=self._zoom)
        self.splitter = QSplitter()  # horizontal: contents | reading pane
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.left_tabs)
        self.splitter.addWidget(self.reading_pane)
        self.splitter.setStretchFactor(0, 1)  # the contents column grows with the window too
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([390, 890])
        self.setCentralWidget(self.splitter)
        self.metrics_panel = MetricsPanel()
        self.metrics_dock = QDockWidget(self.tr("Metrics"), self)
        self.metrics_dock.setObjectName("metricsDock")
        self.metrics_dock.setWidget(self.metrics_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.metrics_dock)
        self.metrics_panel.table.setTabKeyNavigation(False)  # one Tab stop; arrow keys move inside
        self.focus_frames = FocusFrames(self)
        for view in (self.tree, self.reading_pane.browser, self.metrics_panel.table):
            self.focus_frames.add(view)
        self.search_box = SearchBox()
        self.search_box.setPlaceholderText(self.tr("Search (Ctrl+K)"))
        self.counts_label, self.search_state = QLabel(), QLabel()
        self.read_only_label = QLabel(self.tr("Read-only"))
        self.read_only_label.setToolTip(self.tr("The data folder cannot be written: you can read, search, print "
                                                "and back up, but not import, edit or delete."))
        self.read_only_label.setVisible(False)
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.search_state.setObjectName("searchState")
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.search_state)

    def _build_actions(self) -> None:
        self.commands = WindowActions(self)
        self.menus = WindowMenus(self, self.commands, self.metrics_dock.toggleViewAction())
        self.metrics_dock.toggleViewAction().setText(self.tr("&Metrics Table"))
        self.file_menu = self.menus.file
        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.commands.import_files.setIcon(QIcon(str(resource_path("icons", "import.svg"))))
        toolbar.addActions([self.commands.back, self.commands.forward])
        toolbar.addAction(self.commands.import_files)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search_box)
        self.addToolBar(toolbar)
        self.tree.addActions([self.commands.properties, self.commands.delete_document,
                              self.commands.tick_all, self.commands.untick_all])
        english = i18n.current_language() == "en"
        (self.commands.english if english else self.commands.chinese).setChecked(True)
        self._update_history_actions()  # nothing to go back to yet

    def _connect(self) -> None:
        a = self.commands
        a.import_files.triggered.connect(self.import_files)
        a.import_folder.triggered.connect(self.import_folder)
        a.backup.triggered.connect(lambda: self.ops.backup())
        a.restore.triggered.connect(lambda: self.ops.restore())
        a.properties.triggered.connect(self.edit_properties)
        a.delete_document.triggered.connect(self.delete_current_document)
        a.quit.triggered.connect(self.close)
        a.copy.triggered.connect(self.copy)
        a.find.triggered.connect(self.focus_search)
        a.find_next.triggered.connect(self.next_hit)
        a.find_previous.triggered.connect(self.previous_hit)
        a.tick_all.triggered.connect(lambda: self.tree_model.set_all_checked(True))
        a.untick_all.triggered.connect(lambda: self.tree_model.set_all_checked(False))
        a.expand_all.triggered.connect(self.expand_all)
        a.collapse_all.triggered.connect(self.tree.collapseAll)
        a.show_contents.triggered.connect(lambda: self._show_tab(TAB_CONTENTS, focus=True))
        a.show_results.triggered.connect(lambda: self._show_tab(TAB_RESULTS, focus=True))
        a.zoom_in.triggered.connect(lambda: self.set_zoom(self._zoom + 1))
        a.zoom_out.triggered.connect(lambda: self.set_zoom(self._zoom - 1))
        a.zoom_reset.triggered.connect(lambda: self.set_zoom(0))
        a.back.triggered.connect(self.go_back)
        a.forward.triggered.connect(self.go_forward)
        a.user_guide.triggered.connect(self.show_user_guide)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.open_data_folder.triggered.connect(self.open_data_folder)
        a.about.triggered.connect(self._show_about)
        a.about_qt.triggered.connect(self._show_about_qt)
        a.chinese.triggered.connect(lambda: self.language_requested.emit("zh_CN"))
        a.english.triggered.connect(lambda: self.language_requested.emit("en"))
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self.tree.expanded.connect(self._on_tree_expanded)
        self.reading_pane.metric_activated.connect(lambda mid: self.select_metric(mid, origin="pane"))
        self.reading_pane.cards_compact_changed.connect(lambda on: self.settings.setValue("ui/cardsCompact", int(on)))
        self.metrics_panel.metric_activated.connect(lambda mid: self.select_metric(mid, origin="table"))

    def finish_setup(self) -> None:
        """What the first frame does not show, built right after it is painted (or at once
        for a rebuilt window): the search results panel and its controller (a query typed
        now runs once search is ready), the release list, the tree's Delete key, the fields'
        clear buttons, File → Print…, Print Preview…, Export PDF… (the printing module imports
        QtPrintSupport), the comparison dock and the library watch. Safe to call again."""
        if self._setup_done:
            return
        self._setup_done = True
        self._make_search()
        self._make_ops()
        _ = self.release_list
        self.search_box.finish_setup()
        self.metrics_panel.finish_setup()
        from PySide6.QtGui import QKeySequence, QShortcut

        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_current_document)
        self._mouse_buttons = MouseHistoryButtons(self)  # after the first frame: one filter call per event
        self._mouse_buttons.back.connect(self.go_back)
        self._mouse_buttons.forward.connect(self.go_forward)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._mouse_buttons)
        self._install_printing()
        self._install_compare()
        from desktop_app.ui.corrections import install_corrections

        self.corrections = install_corrections(self)  # corrections, their undo and marks
        from desktop_app.ui.library_watch import install_library_watch

        self.library_watch = install_library_watch(self)  # other processes' writes, shown

    def _install_compare(self) -> None:
        """The 指标对比 dock, its View menu item, and “Compare across releases” on figures."""
        from desktop_app.ui.compare_dock import install_compare

        self.compare = install_compare(self)
        self.metrics_panel.compare_requested.connect(self.compare_metric)
        self.reading_pane.compare_requested.connect(self.compare_metric)

    @Slot(int)
    def compare_metric(self, metric_id: int) -> None:
        """Open the comparison across releases of a figure shown (table or card)."""
        if self.compare is not None:
            self.compare.compare_metric(metric_id)

    @property
    def search_panel(self) -> SearchPanel:
        """The search results panel (the Search Results tab), made when first needed."""
        if self._search_panel is None:
            from desktop_app.ui.search_panel import SearchPanel

            self._search_panel = SearchPanel()
            self.focus_frames.add(self._search_panel.view)
            self._results_layout.addWidget(self._search_panel)
            if self.session.is_open:
                self._search_panel.set_documents(self.session.documents)
        return self._search_panel

    @property
    def release_list(self) -> ReleaseList:
        """The details view of every release (the Releases tab), made when first needed."""
        if self._release_list is None:
            from desktop_app.ui.release_list import ReleaseList

            releases = self._release_list = ReleaseList()
            releases.locate = self._source_file
            self.focus_frames.add(releases.view)
            self._releases_layout.addWidget(releases)
            releases.release_chosen.connect(self._on_release_chosen)
            releases.delete_requested.connect(self._delete_releases)
            releases.properties_requested.connect(self._edit_releases)
            releases.print_requested.connect(self._print_releases)
            if self.session.is_open:
                releases.set_documents(self.session.documents)
        return self._release_list

    @property
    def search(self) -> SearchController:
        """Search box → worker → results panel → reading pane."""
        return self._make_search()

    @property
    def ops(self) -> DocumentOperations:
        """Writes to the knowledge base (import, delete, properties, backup, restore)."""
        return self._make_ops()

    def _make_search(self) -> SearchController:
        if self._search is None:
            from desktop_app.ui.search_controller import SearchController

            self._search = SearchController(self.session, self.search_box, self.search_panel, self.reading_pane,
                                            self._open_search_section, self._shown_section, self)
            self._search.shown.connect(self.search_shown)
            self._search.results_wanted.connect(lambda: self._show_tab(TAB_RESULTS))
            self._search.contents_wanted.connect(lambda: self._show_tab(TAB_CONTENTS, focus=True))
            if self.session.is_ready:
                self._search.search_ready()
        return self._search

    def _make_ops(self) -> DocumentOperations:
        if self._ops is None:
            from desktop_app.ui.operations import DocumentOperations

            self._ops = DocumentOperations(self, lambda: self.session.data_dir)
            self._ops.changed.connect(self.reload_documents)
            self._ops.restored.connect(self._after_restore)
            self._ops.busy_changed.connect(self._update_enabled)
        return self._ops

    @Slot()
    def _after_restore(self) -> None:
        if self.session.kb is None:
            self.session.retry()  # the restore repaired a knowledge base that failed to open
        else:
            self.reload_documents()

    def writes_running(self) -> bool:
        return self._ops is not None and self._ops.busy

    def cancel_writes(self) -> None:
        if self._ops is not None:
            self._ops.cancel()

    def wait_for_writes(self) -> None:
        """Block until a running write has finished (the window is closing)."""
        if self._ops is not None:
            self._ops.wait()
        if self.compare is not None:
            self.compare.requests.wait()

    def _install_printing(self) -> None:
        self._printing_installed = True
        try:
            from desktop_app.ui.printing import install_print_actions
        except ImportError as error:
            if error.name != "desktop_app.ui.printing":
                raise
            return
        install_print_actions(self)

    # ============================================================ loading and state
    def _show_loading(self) -> None:
        self.reading_pane.show_notice(self.tr("Opening the knowledge base…"))
        self.search_state.setText(self.tr("Preparing search…"))
        self._update_enabled()

    @Slot(int, int, str)
    def _on_load_progress(self, done: int, total: int, _label: str) -> None:
        if total:
            text = fill(self.tr("Preparing the knowledge base: %1 / %2"), done, total)
            # the last step stays a moment: a rebuild after loading has nothing to clear it
            self.statusBar().showMessage(text, 3000 if done >= total else 0)

    @Slot(int, int, str)
    def _on_upgrade_progress(self, done: int, total: int, _backup: str) -> None:
        """Opening re-parses the documents for a newer parser (core/upgrade.py)."""
        text = fill(self.tr("Upgrading the knowledge base for the new parser: %1 / %2 documents"), done, total)
        self.statusBar().showMessage(text, 3000 if done >= total else 0)

    @Slot()
    def _on_opened(self) -> None:
        self.finish_setup()
        self.statusBar().clearMessage()
        self._populate(self.session.documents)
        if not self._restore_selection():
            self._open_first_document()
        self._update_enabled()

    @Slot()
    def _on_ready(self) -> None:
        self.search_state.setText(self.tr("Search ready"))
        if self._search is not None:  # else it runs search_ready() when it is made
            self._search.search_ready()

    @Slot(object)
    def _on_load_failed(self, error: BaseException) -> None:
        from desktop_app.ui import dialogs
        from desktop_app.ui.messages import describe_error, is_expected

        self.search_state.setText(self.tr("Search unavailable"))
        if not is_expected(error):
            sys.excepthook(type(error), error, error.__traceback__)
            return
        message = describe_error(error)
        if self.session.kb is None:
            self.reading_pane.show_message(message.title, message.full_text())
        dialogs.show_error(self, message)

    @Slot()
    def _show_about(self) -> None:
        from desktop_app.ui import dialogs

        dialogs.show_about(self)

    @Slot()
    def _show_about_qt(self) -> None:
        from desktop_app.ui import dialogs

        dialogs.show_about_qt(self)

    def kb(self):
        """The reader KnowledgeBase (None while it is still opening)."""
        return self.session.kb

    def _update_enabled(self, *_args) -> None:
        usable = self.session.kb is not None and not self.writes_running()
        for action in self.commands.requires_documents():
            action.setEnabled(usable)
        read_only = self.session.kb is not None and self.session.kb.read_only
        if read_only:
            for action in self.commands.writes():
                action.setEnabled(False)
        self.read_only_label.setVisible(read_only)
        # Switching language rebuilds the window, which owns a running write's thread.
        self.commands.language_group.setEnabled(not self.writes_running())

    def _populate(self, documents) -> None:
        self.figures.clear()
        self.tree_model.set_documents(documents)  # listed without sections: read when shown
        self.release_list.set_documents(documents)
        if self._search_panel is not None:
            self._search_panel.set_documents(documents)
        kb = self.session.kb
        _docs, sections, metrics = kb.counts() if kb is not None else (0, 0, 0)  # one SQL count
        self.counts_label.setText(fill(self.tr("Documents: %1 · Sections: %2 · Figures: %3"),
                                       len(documents), sections, metrics))

    @Slot(object)
    def reload_documents(self, select_doc: int | None = None, view: tuple[str, int] | None = None) -> None:
        """Re-read the document list (after an import, delete or edit) and keep the view
        (or show `view` instead: the section a merged one became part of)."""
        if self.session.kb is None:
            return
        view = view or self._view
        tree_state = self._reload_lists()
        target = ("document", select_doc) if select_doc is not None else view
        if not (target and self._show_view(*target)):
            self._open_document_at(tree_state.current_row)
        self._after_reload(tree_state)

    def reload_after_change_elsewhere(self) -> str | None:
        """Re-read everything after another process (the CLI, a second window) wrote to the
        knowledge base: the lists, the counts, the search results, the comparison, and the
        page shown — drawn again only when what it shows changed, where the reader was; when
        it is gone, the reading pane says so (no dialog, no jump to another release). Returns
        what happened to the page (PAGE_SAME, PAGE_CHANGED, PAGE_GONE; None: none shown)."""
        if self.session.kb is None:
            return None
        was_empty = not self.session.documents
        tree_state = self._reload_lists()
        outcome = self.refresh_page()
        if outcome is None and was_empty:
            self._open_first_document()  # an empty library that another process filled
        self._after_reload(tree_state)
        return outcome

    def _reload_lists(self):
        """Read the release list again into the tree, the release list and the search
        filters, keeping the tree's open rows (returned, to put the scroll back after)."""
        from desktop_app.ui.tree_state import TreeState

        tree_state = TreeState.save(self.tree)  # the rows open and the scroll position stay
        self._populate(self.session.reload_documents())
        tree_state.restore(self.tree, self.tree_model)
        return tree_state

    def _after_reload(self, tree_state) -> None:
        self.tree.verticalScrollBar().setValue(tree_state.scroll)
        self.tree.scrollTo(self.tree.currentIndex())  # only when it is out of view
        if self._search is not None:
            self._search.refresh()
        self.documents_reloaded.emit()

    def refresh_page(self) -> str | None:
        """Read the page shown again: left as it is when nothing it shows changed (search hits,
        scroll and selection stay); drawn again where the reader was when it changed (a
        section merged away: its release); when its release is gone, the reading pane says
        so. Returns PAGE_SAME, PAGE_CHANGED or PAGE_GONE (None: nothing is shown)."""
        if self._view is None:
            return None
        shown, metric, place = self._page, self._selected_metric, self.reading_pane.view_state()
        page = self._read_or_none(*self._view)
        if page is None and self._view[0] == "section" and shown is not None:
            page = self._read_or_none("document", shown.doc.id)
        if page is None:
            title = labels.document_title(shown.doc) if shown is not None else ""
            self._clear_view(fill(self.tr("“%1” is no longer in the knowledge base: another program (the command "
                                          "line or another Zhiku window) deleted it."), title))
            return PAGE_GONE
        if page == shown:
            self._sync_to_view()
            return PAGE_SAME
        self._navigating = True  # the same place, not a new step back and forth
        try:
            self._show_page(page)
        finally:
            self._navigating = False
        if metric is not None and metric in self._rows:
            self.select_metric(metric)
        if shown is not None and (page.kind, page.item) == (shown.kind, shown.item):
            self.reading_pane.restore_view_state(place)  # the same page: where the reader was
        return PAGE_CHANGED

    def _read_or_none(self, kind: str, item_id: int) -> ShownPage | None:
        try:
            return self._read_page(kind, item_id)
        except NotFoundError:
            return None

    def _open_document_at(self, row: int) -> None:
        """Show the release at `row` of the tree (the last one when the list is shorter now):
        after a delete, the one that took the deleted one's place."""
        documents = self.tree_model.documents()
        if row < 0 or not documents:
            self._open_first_document()
        else:
            self.show_document(documents[min(row, len(documents) - 1)].id)

    def _open_first_document(self) -> None:
        documents = self.tree_model.documents()
        if documents:
            self.show_document(documents[0].id)
        else:
            self._clear_view(self.tr("The knowledge base is empty. Use File → Import Files… or drop files here."))

    def _clear_view(self, text: str) -> None:
        self._view, self._rows, self._selected_metric, self._page = None, {}, None, None
        self.reading_pane.show_message(self.tr("Zhiku"), text)
        self.metrics_panel.set_rows([])

    # =============================================================== showing things
    def _show_view(self, kind: str, item_id: int) -> bool:
        try:
            if kind == "section":
                self.show_section(item_id)
            else:
                self.show_document(item_id)
        except NotFoundError:
            return False
        return True

    def show_section(self, section_id: int, *, hits=(), query: str = "") -> None:
        """Show one section (with search hits marked when given); an area with its items."""
        self._show_page(self._read_section(section_id), hits=hits, query=query)

    def show_document(self, doc_id: int) -> None:
        """Show a whole release, with the lead's figures as cards."""
        self._show_page(self._read_document(doc_id))

    def _read_page(self, kind: str, item_id: int) -> ShownPage:
        """What a view shows, read from the knowledge base (NotFoundError when it is gone)."""
        return self._read_section(item_id) if kind == "section" else self._read_document(item_id)

    def _read_section(self, section_id: int) -> ShownPage:
        kb = self.session.kb
        assert kb is not None, "a section is shown only while the knowledge base is open"
        record = kb.section(section_id)
        items = items_of(record.doc.sections, section_id)
        if items:  # an area: shown with its items, its cards and table hold theirs too
            item_records = [kb.section(item.id) for item in items]
            record = with_items(record, item_records, kb.document_text(record.info.doc_id))
        return ShownPage("section", section_id, record.doc, tuple(record.metrics), section=record, items=tuple(items))

    def _read_document(self, doc_id: int) -> ShownPage:
        kb = self.session.kb
        assert kb is not None, "a document is shown only while the knowledge base is open"
        info, text = kb.document(doc_id), kb.document_text(doc_id)
        metrics = kb.metrics(doc_id=doc_id)
        return ShownPage("document", doc_id, info, tuple(metrics), text=text)

    def _show_page(self, page: ShownPage, *, hits=(), query: str = "") -> None:
        """Draw what _read_page read: the reading pane, the metrics table, the tree's row."""
        if page.kind == "section":
            self._draw_section(page, hits, query)
        else:
            self._draw_document(page)
        self._page = page
        self.view_changed.emit()

    def _draw_section(self, page: ShownPage, hits, query: str) -> None:
        record, items = page.section, list(page.items)
        assert record is not None, "a section page holds its section's record"
        indicators = section_indicators(record)
        self.reading_pane.show_section(record, indicators, hits=hits, query=query, items=items)
        names = self._section_names([record.info, *items])
        heading = names[record.info.id]
        self._set_metrics([MetricRow(m, i, names.get(m.section_id, heading), record.doc)
                           for m, i in zip(record.metrics, indicators, strict=True)], heading)
        self._view = ("section", page.item)
        self._remember(View("section", page.item, tuple(tuple(h) for h in hits), query))
        self._sync_tree(self.tree_model.find_section(page.item))

    def _draw_document(self, page: ShownPage) -> None:
        info, text, metrics = page.doc, page.text, page.metrics
        names = self._section_names(info.sections)
        rows = [MetricRow(m, labels.metric_indicator(m, text), names.get(m.section_id, ""), info) for m in metrics]
        lead_ids = {s.id for s in info.sections if s.kind == SectionKind.LEAD}
        cards = [(r.metric, r.indicator) for r in rows if r.metric.section_id in lead_ids]
        self.reading_pane.show_document(info, text, info.sections, list(metrics), cards)
        self._set_metrics(rows, labels.document_title(info))
        self._view = ("document", page.item)
        self._remember(View("document", page.item))
        self._sync_to_view()

    def _sync_to_view(self) -> None:
        """The tree's current row and the release list's selection on what the pane shows."""
        if self._view is None:
            return
        kind, item = self._view
        if kind == "section":
            self._sync_tree(self.tree_model.find_section(item))
        else:
            self._sync_tree(self._expand_release(self.tree_model.find_document(item)))
            self.release_list.select_release(item)

    def _section_names(self, sections: Sequence[SectionInfo]) -> dict[int | None, str]:
        """What the metrics table's 段落 column calls each section: as the tree does, a
        section without a heading by its opening words (not 其他一). One query."""
        kb = self.session.kb
        nameless = [s.id for s in sections if needs_opening(s)]
        openings = kb.section_openings(nameless) if kb is not None and nameless else {}
        names: dict[int | None, str] = {
            s.id: labels.opening_words(openings[s.id]) if openings.get(s.id, "").strip() else labels.section_title(s)
            for s in sections}
        return names

    # ============================================================ back and forward
    def _remember(self, view: View) -> None:
        if not self._navigating:
            self.history.visit(view)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.commands.back.setEnabled(self.history.can_go_back())
        self.commands.forward.setEnabled(self.history.can_go_forward())

    @Slot()
    def go_back(self) -> None:
        """Alt+←, the mouse's back button, the toolbar's ←: the view shown before."""
        self._walk_history(self.history.back)

    @Slot()
    def go_forward(self) -> None:
        self._walk_history(self.history.forward)

    def _walk_history(self, step) -> None:
        """Show the view `step` gives, skipping views whose release was deleted since."""
        if self.session.kb is None:
            return
        self._navigating = True
        try:
            while (view := step()) is not None:
                try:
                    if view.kind == "section":
                        self.show_section(view.item, hits=view.hits, query=view.query)
                    else:
                        self.show_document(view.item)
                    return
                except NotFoundError:
                    self.history.forget(view)
        finally:
            self._navigating = False
            self._update_history_actions()

    # ============================================================ zoom, keyboard, help
    def set_zoom(self, level: int) -> None:
        """Zoom the whole interface (menus, tree, table and the reading pane) to `level`
        steps of 10 % from the system font size (zoom.py)."""
        self._zoom = zoom.clamp(level)
        zoom.apply(self._zoom)
        self.reading_pane.set_zoom(self._zoom)

    def zoom_level(self) -> int:
        return self._zoom

    def _panes(self) -> list[QWidget]:
        """The panes Tab cycles through, in order (hidden ones are skipped)."""
        panes = [self.left_tabs.currentWidget(), self.reading_pane.browser, self.search_box]
        if self.metrics_dock.isVisible():
            panes.append(self.metrics_panel)
        if self.compare is not None and self.compare.isVisible():  # tabbed with the metrics
            panes.append(self.compare.view)
        return [p for p in panes if p is not None]

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab go from pane to pane (navigation.py), not through every link of
        the text and every cell of the table."""
        focus = QApplication.focusWidget()
        if focus is not None and self.reading_pane.isAncestorOf(focus):
            focus = self.reading_pane.browser  # the cards and the find bar are part of the pane
        target = next_stop(tab_stops(self._panes()), focus, next)
        if target is None:
            return super().focusNextPrevChild(next)
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True

    @Slot()
    def show_user_guide(self) -> None:
        """F1: the user guide in the interface's language, with the data folder and shortcuts."""
        from desktop_app.ui.help_window import HelpWindow, guide_html, shortcut_rows

        html = guide_html(i18n.current_language(), self.session.data_dir, shortcut_rows(self._menu_actions()))
        self._show_help(HelpWindow(self.tr("Zhiku User Guide"), html, self.open_data_folder, self))

    @Slot()
    def show_shortcuts(self) -> None:
        from desktop_app.ui.help_window import HelpWindow, shortcut_rows, shortcuts_table

        html = f"<h2>{self.tr('Keyboard Shortcuts')}</h2>{shortcuts_table(shortcut_rows(self._menu_actions()))}"
        self._show_help(HelpWindow(self.tr("Keyboard Shortcuts"), html, parent=self))

    def _menu_actions(self) -> list[QAction]:
        """Every command of the menu bar, in menu order (submenus included)."""
        found: list[QAction] = []
        menus = [m for a in self.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
        while menus:
            for action in menus.pop(0).actions():
                if isinstance(sub := action.menu(), QMenu):
                    menus.append(sub)
                elif not action.isSeparator():
                    found.append(action)
        return found

    def _show_help(self, window: QWidget) -> None:
        """Show a help window (non-modal), replacing the one open."""
        if self.help_window is not None:
            self.help_window.close()
        self.help_window = window
        window.show()
        window.raise_()

    @Slot()
    def open_data_folder(self) -> None:
        """Help → Open Data Folder: the knowledge base's folder in the file manager."""
        from desktop_app.ui import dialogs

        dialogs.show_folder(self.session.data_dir)

    def _set_metrics(self, rows: list[MetricRow], name: str) -> None:
        self._rows = {r.metric.id: r for r in rows}
        self._selected_metric = None
        self.metrics_panel.set_rows(rows, suggested_name=name[:40])

    def select_metric(self, metric_id: int, origin: str = "") -> None:
        """Select one metric everywhere: tree, cards, table and text (sentence highlighted)."""
        row = self._rows.get(metric_id)
        if row is None:  # not on the page shown
            return
        metric = row.metric
        self._selected_metric = metric_id
        self.reading_pane.select_metric(metric)
        if origin != "table":
            self.metrics_panel.select_metric(metric_id)
        if origin != "tree":
            self._sync_tree(self.tree_model.find_metric(metric))
        self.statusBar().showMessage(f"{metric.text} · {row.indicator}" if row.indicator else metric.text, 6000)

    def selected_metric_id(self) -> int | None:
        return self._selected_metric

    def metric_row(self, metric_id: int) -> MetricRow | None:
        """The row of a figure shown now (None when it is not on the page)."""
        return self._rows.get(metric_id)

    def show_figure(self, doc_id: int, section_id: int | None, metric_id: int) -> None:
        """Show a figure of any release (its section, else the release) with its sentence
        selected, as choosing it in the tree does."""
        try:
            if section_id is not None:
                if self._view != ("section", section_id):
                    self.show_section(section_id)
            elif self._view != ("document", doc_id):
                self.show_document(doc_id)
        except Exception as error:  # noqa: BLE001 - expected ones become a message
            self._handle_error(error)
            return
        self.select_metric(metric_id, origin="compare")

    def _sync_tree(self, index: QModelIndex) -> None:
        """Make `index` current in the tree without treating it as a user's choice
        (left alone when the current row is already inside it, e.g. a metric of a section)."""
        if not index.isValid() or self._within(self.tree.currentIndex(), index):
            return
        self._syncing = True
        # opening a parent fetches its own figures, which go in above its items' rows: a
        # plain index would then name the row of a figure (the tree highlighted that one)
        target = QPersistentModelIndex(index)
        try:
            parent = index.parent()
            while parent.isValid():
                self.tree.expand(parent)
                parent = parent.parent()
            index = self.tree_model.index(target.row(), target.column(), target.parent())
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        finally:
            self._syncing = False

    @staticmethod
    def _within(index: QModelIndex, ancestor: QModelIndex) -> bool:
        while index.isValid():
            if index == ancestor:
                return True
            index = index.parent()
        return False

    @Slot(QModelIndex, QModelIndex)
    def _on_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        node = current.data(NODE_ROLE)
        try:
            self._show_node(node)
        except Exception as error:  # noqa: BLE001
            self._handle_error(error)

    def _show_node(self, node) -> None:
        if node.role == "metric":
            if self._view != ("section", node.metric.section_id):
                self.show_section(node.metric.section_id)
            self.select_metric(node.metric.id, origin="tree")
        elif node.role == "section":
            self.show_section(node.section.id)
        elif node.doc_id is not None and self._view != ("document", node.doc_id):
            self.show_document(node.doc_id)

    def _expand_release(self, index: QModelIndex, figures: bool = True) -> QModelIndex:
        """Open a release's row and its rows (only the release shown is opened: the tree of a
        big library never expands every release); without `figures`, only its groups."""
        if index.isValid():
            self.tree.expand(index)
            for row in range(self.tree_model.rowCount(index)):
                child = self.tree_model.index(row, 0, index)
                if figures or child.data(NODE_ROLE).role == "group":
                    self.tree.expand(child)
        return index

    @Slot(QModelIndex)
    def _on_tree_expanded(self, index: QModelIndex) -> None:
        """A section's figures are there as soon as it is expanded, even before the view
        lays out its rows again (it would fetch them then)."""
        if self.tree_model.canFetchMore(index):
            self.tree_model.fetchMore(index)

    @Slot()
    def expand_all(self) -> None:
        """View → Expand All: everything in a small library; in a big one, the release rows
        made so far with their groups (more come as the list scrolls), never every figure."""
        model = self.tree_model
        if len(model.documents()) <= DOCUMENT_BATCH:
            self.tree.expandAll()
            return
        model.hold_batches = True  # expanding lays the view out, which would fetch more
        try:
            for row in range(model.rowCount()):
                self._expand_release(model.index(row, 0), figures=False)
        finally:
            model.hold_batches = False

    def _handle_error(self, error: BaseException) -> None:
        from desktop_app.ui import dialogs
        from desktop_app.ui.messages import describe_error, is_expected

        if not is_expected(error):
            raise error
        dialogs.show_error(self, describe_error(error))
        if isinstance(error, NotFoundError):
            self.reload_documents()

    # ================================================================= release list
    @Slot(int)
    def _on_release_chosen(self, doc_id: int) -> None:
        """A release chosen in the release list: shown in the reading pane and the tree."""
        if self._view == ("document", doc_id):
            return
        try:
            self.show_document(doc_id)
        except Exception as error:  # noqa: BLE001 - expected ones become a message
            self._handle_error(error)

    @Slot(object)
    def _delete_releases(self, infos) -> None:
        self.ops.delete_documents(infos)

    @Slot(object)
    def _edit_releases(self, infos) -> None:
        self.ops.edit_properties_many(infos)

    @Slot(object)
    def _print_releases(self, infos) -> None:
        """Print a summary of the selected releases (their top-level sections)."""
        kb = self.session.kb
        if kb is None:
            return
        from desktop_app.core.summary import SummaryTarget
        from desktop_app.ui.printing import print_dialog

        sections = kb.section_infos([info.id for info in infos])  # the list holds none
        ids = [s.id for info in infos for s in sections.get(info.id, ())
               if s.parent_id is None and s.kind != SectionKind.CREDITS]
        print_dialog(self, kb, SummaryTarget.sections(ids))

    def _source_file(self, doc_id: int) -> Path | None:
        """The release's original file as imported (None when unknown or the knowledge base is closed)."""
        kb = self.session.kb
        if kb is None:
            return None
        try:
            return kb.source_file(doc_id)
        except NotFoundError:
            return None

    # ======================================================================= search
    @Slot()
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot(str)
    def run_search(self, query: str) -> None:
        """Search now (the box itself waits ~200 ms after typing before it asks)."""
        self.search.run(query)

    @Slot()
    def next_hit(self) -> None:
        """F3: the next hit in this section, then the next result's first hit."""
        self.search.step(+1)

    @Slot()
    def previous_hit(self) -> None:
        self.search.step(-1)

    def current_search(self):
        """(query, {"kind", "doc_id"}) of the results shown, or None (a printing hook)."""
        return self.search.current()

    def _open_search_section(self, section_id: int, *, hits=(), query: str = "") -> None:
        try:
            self.show_section(section_id, hits=hits, query=query)
        except Exception as error:  # noqa: BLE001 - expected ones become a message
            self._handle_error(error)

    def _shown_section(self) -> int | None:
        return self._view[1] if self._view and self._view[0] == "section" else None

    # ================================================================ printing hooks
    def current_section_ids(self) -> list[int]:
        """The section shown in the reading pane (empty when a document or nothing is shown)."""
        return [self._view[1]] if self._view and self._view[0] == "section" else []

    def print_focus(self) -> str | None:
        """What the user is looking at, for the print-scope dialog to start on: "search"
        while the search results tab is open, else "section" or "document" (what is shown)."""
        if self.left_tabs.currentIndex() == TAB_RESULTS and self.current_search():
            return "search"
        return self._view[0] if self._view else None

    def checked_section_ids(self) -> list[int]:
        """Sections ticked in the tree, in tree order."""
        return self.tree_model.checked_section_ids()

    def shown_view(self) -> tuple[str, int] | None:
        """What the reading pane shows: ("section", id), ("document", id) or None."""
        return self._view

    def shown_release(self) -> DocumentInfo | None:
        """The release of the page shown, as it was read for it (None: no page)."""
        return self._page.doc if self._page is not None else None

    def current_doc_id(self) -> int | None:
        """The document shown (or the document of the section shown)."""
        if self._view is None:
            return None
        if self._view[0] == "document":
            return self._view[1]
        node = self.tree_model.node(self.tree_model.find_section(self._view[1]))
        return node.doc_id

    # ===================================================================== commands
    @Slot()
    def import_files(self) -> None:
        from desktop_app.ui import dialogs

        paths = dialogs.open_files(self, read_str(self.settings, "ui/lastImportDir"))
        self._import(paths)

    @Slot()
    def import_folder(self) -> None:
        from desktop_app.ui import dialogs

        folder = dialogs.open_folder(self, read_str(self.settings, "ui/lastImportDir"))
        self._import([folder] if folder else [])

    def _import(self, paths: list[str]) -> None:
        if paths:
            first = Path(paths[0])
            self.settings.setValue("ui/lastImportDir", str(first if first.is_dir() else first.parent))
            self.ops.import_paths(paths)

    def _current_document_info(self):
        doc_id = self.current_doc_id()
        node = self.tree.currentIndex().data(NODE_ROLE)
        if node is not None and node.doc_id is not None:
            doc_id = node.doc_id
        return next((d for d in self.tree_model.documents() if d.id == doc_id), None)

    @Slot()
    def delete_current_document(self) -> None:
        info = self._current_document_info()
        if info is not None:
            self.ops.delete_document(info)

    @Slot()
    def edit_properties(self) -> None:
        info = self._current_document_info()
        if info is not None:
            self.ops.edit_properties(info)

    @Slot()
    def copy(self) -> None:
        focus = QApplication.focusWidget()
        if focus is self.metrics_panel.table:
            self.metrics_panel.copy_selection()
        elif focus is self.tree:
            QApplication.clipboard().setText(self.tree.currentIndex().data() or "")
        elif focus is not None and hasattr(focus, "copy") and focus is not self:
            focus.copy()
        else:
            self.reading_pane.browser.copy()

    def _show_tab(self, tab: int, focus: bool = False) -> None:
        self.left_tabs.setCurrentIndex(tab)
        if focus:
            (self.tree if tab == TAB_CONTENTS else self.search_panel.view).setFocus()

    # ========================================================================= drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.session.kb is not None:
            event.acceptProposedAction()
            self._import(paths)

    # =============================================================== window state
    def _restore_layout(self) -> None:
        s = self.settings
        geometry = read_bytes(s, "ui/geometry")
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = read_bytes(s, "ui/windowState")
        self._default_docks = state.isEmpty() or not self.restoreState(state)
        splitter = read_bytes(s, "ui/splitter")
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
            self._splitter_state = splitter  # again once shown: both panes grow with the window
        header = read_bytes(s, "ui/metricsHeader")
        if not header.isEmpty():
            self.metrics_panel.table.horizontalHeader().restoreState(header)
        self.reading_pane.set_cards_compact(read_int(s, "ui/cardsCompact") == 1)
        self.search_box.set_recent(read_list(s, "search/recent"))

    def save_state(self) -> None:
        """Remember geometry, docks, splitter, table columns, zoom, selection, queries."""
        s = self.settings
        s.setValue("ui/geometry", self.saveGeometry())
        s.setValue("ui/windowState", self.saveState())
        s.setValue("ui/splitter", self.splitter.saveState())
        s.setValue("ui/metricsHeader", self.metrics_panel.table.horizontalHeader().saveState())
        s.setValue("ui/zoom", self._zoom)
        s.setValue("search/recent", self.search_box.recent())
        if self._view is not None:
            s.setValue("ui/lastView", f"{self._view[0]}:{self._view[1]}")
            s.setValue("ui/lastMetric", self._selected_metric or 0)
        s.sync()

    def _restore_selection(self) -> bool:
        value = read_str(self.settings, "ui/lastView")
        kind, _, item = value.partition(":")
        if kind not in ("section", "document") or not item.isdigit():
            return False
        if not self._show_view(kind, int(item)):
            return False
        metric = read_int(self.settings, "ui/lastMetric")
        if metric and metric in self._rows:
            self.select_metric(metric)
        return True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._splitter_state is not None:  # sizes as left, not stretched by the first layout
            self.splitter.restoreState(self._splitter_state)
            self._splitter_state = None
        if self._default_docks:  # first start: a modest table under a tall reading pane
            self._default_docks = False
            self.resizeDocks([self.metrics_dock], [max(180, self.height() // 4)], Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.writes_running():
            from desktop_app.ui import dialogs

            event.ignore()
            dialogs.information(self, self.tr("Please wait"),
                                self.tr("Zhiku is still writing to the knowledge base."))
            return
        self.save_state()
        super().closeEvent(event)
