"""The main window's actions and menus, with standard shortcuts.

Actions are created here and connected by the window; the File menu keeps a marked place
(`print_anchor`, before Backup) where the printing module inserts Print / Preview / PDF.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

StandardKey = QKeySequence.StandardKey
translate = QCoreApplication.translate


def _keys(*items) -> list[QKeySequence]:
    """Standard keys and literal shortcuts, without duplicates, in order."""
    result: list[QKeySequence] = []
    for item in items:
        keys = QKeySequence.keyBindings(item) if isinstance(item, StandardKey) else [QKeySequence(item)]
        result += [k for k in keys if not k.isEmpty() and k not in result]
    return result


class WindowActions(QObject):
    """Every menu command of the main window."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        a = self._action
        self.import_files = a(self.tr("&Import Files…"), _keys(StandardKey.Open))
        self.import_files.setIconText(self.tr("Import"))
        self.import_files.setToolTip(self.tr("Import press releases (Ctrl+O); you can also drop files on the window"))
        self.import_folder = a(self.tr("Import &Folder…"), _keys("Ctrl+Shift+O"))
        self.backup = a(self.tr("&Back Up Knowledge Base…"))
        self.restore = a(self.tr("&Restore from Backup…"))
        self.properties = a(self.tr("Document Pr&operties…"), _keys("Alt+Return"))
        self.delete_document = a(self.tr("&Delete Document…"))  # Delete key: on the tree only
        self.quit = a(self.tr("&Quit"), _keys(StandardKey.Quit, "Ctrl+Q"))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.copy = a(self.tr("&Copy"), _keys(StandardKey.Copy))
        self.find = a(self.tr("&Find…"), _keys(StandardKey.Find, "Ctrl+K"))
        self.find_next = a(self.tr("Find &Next"), _keys(StandardKey.FindNext, "F3"))
        self.find_previous = a(self.tr("Find &Previous"), _keys(StandardKey.FindPrevious, "Shift+F3"))
        self.tick_all = a(self.tr("&Tick All Sections"))
        self.untick_all = a(self.tr("Untic&k All Sections"))
        self.expand_all = a(self.tr("&Expand All"), _keys("Ctrl+Shift+Right"))
        self.collapse_all = a(self.tr("Collap&se All"), _keys("Ctrl+Shift+Left"))
        self.show_contents = a(self.tr("&Contents"), _keys("Ctrl+1"))
        self.show_results = a(self.tr("Search &Results"), _keys("Ctrl+2"))
        self.back = a(self.tr("&Back"), _keys("Alt+Left", StandardKey.Back))
        self.back.setToolTip(self.tr("Back to what you looked at before (Alt+←)"))
        self.forward = a(self.tr("&Forward"), _keys("Alt+Right", StandardKey.Forward))
        self.forward.setToolTip(self.tr("Forward again (Alt+→)"))
        self.back.setIconText("←")
        self.forward.setIconText("→")
        # the whole interface; Ctrl+= is Ctrl++ without Shift on most keyboards
        self.zoom_in = a(self.tr("Zoom &In"), _keys("Ctrl+=", StandardKey.ZoomIn, "Ctrl++"))
        self.zoom_out = a(self.tr("Zoom &Out"), _keys(StandardKey.ZoomOut, "Ctrl+-"))
        self.zoom_reset = a(self.tr("&Actual Size"), _keys("Ctrl+0"))
        self.user_guide = a(self.tr("&User Guide"), _keys(StandardKey.HelpContents, "F1"))
        self.shortcuts = a(self.tr("&Keyboard Shortcuts"))
        self.open_data_folder = a(self.tr("Open &Data Folder"))
        self.about = a(self.tr("&About Zhiku"))
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt = a(self.tr("About &Qt"))
        self.about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.language_group = QActionGroup(self)
        self.chinese = a("中文", checkable=True)
        self.english = a("English", checkable=True)
        for action in (self.chinese, self.english):
            self.language_group.addAction(action)

    def _action(self, text: str, shortcuts: list[QKeySequence] | None = None, *,
                checkable: bool = False) -> QAction:
        action = QAction(text, self.parent())
        if shortcuts:
            action.setShortcuts(shortcuts)
        action.setCheckable(checkable)
        return action

    def writes(self) -> list[QAction]:
        """Actions that change the knowledge base (off when it is read-only)."""
        return [self.import_files, self.import_folder, self.properties, self.delete_document, self.restore]

    def requires_documents(self) -> list[QAction]:
        """Actions that need an open knowledge base."""
        return [self.import_files, self.import_folder, self.backup,
                self.properties, self.delete_document, self.tick_all, self.untick_all]


class WindowMenus:
    """The menu bar: File, Edit, View, Help."""

    def __init__(self, window: QMainWindow, actions: WindowActions, dock_toggle: QAction):
        bar = window.menuBar()
        self.file = bar.addMenu(translate("MainWindow", "&File"))
        self.file.addActions([actions.import_files, actions.import_folder])
        self.file.addSeparator()
        self.file.addActions([actions.properties, actions.delete_document])
        self.print_anchor = self.file.addSeparator()
        self.file.addActions([actions.backup, actions.restore])
        self.file.addSeparator()
        self.file.addAction(actions.quit)

        self.edit = bar.addMenu(translate("MainWindow", "&Edit"))
        self.edit.addAction(actions.copy)
        self.edit.addSeparator()
        self.edit.addActions([actions.find, actions.find_next, actions.find_previous])
        self.edit.addSeparator()
        self.edit.addActions([actions.tick_all, actions.untick_all])

        self.view = bar.addMenu(translate("MainWindow", "&View"))
        self.view.addActions([actions.show_contents, actions.show_results, dock_toggle])
        self.view.addSeparator()
        self.view.addActions([actions.expand_all, actions.collapse_all])
        self.view.addSeparator()
        self.view.addActions([actions.back, actions.forward])
        self.view.addSeparator()
        self.view.addActions([actions.zoom_in, actions.zoom_out, actions.zoom_reset])
        self.view.addSeparator()
        self.language: QMenu = self.view.addMenu(translate("MainWindow", "&Language"))
        self.language.addActions([actions.chinese, actions.english])

        self.help = bar.addMenu(translate("MainWindow", "&Help"))
        self.help.addActions([actions.user_guide, actions.shortcuts, actions.open_data_folder])
        self.help.addSeparator()
        self.help.addActions([actions.about, actions.about_qt])
