"""Print…, Print Preview… and Export PDF… on the main window, and the dialogs they lead to.

The menu actions ask the window what it can summarise (`PrintableWindow`: what they use of
the main window, which satisfies it), let the user choose the scope, build the summary in the core and hand it
to ui/print_render.py, which lays it out (core/pagination.py) and paints or writes it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QStatusBar, QWidget

from desktop_app.core import summary as core_summary
from desktop_app.core.errors import ZhikuError
from desktop_app.core.pagination import Measure, Piece, paginate  # noqa: F401 - handed on
from desktop_app.core.summary import Summary, SummaryTarget
from desktop_app.ui import dialogs
from desktop_app.ui.i18n import fill
from desktop_app.ui.messages import UserMessage, describe_error
from desktop_app.ui.print_render import (  # noqa: F401 - handed on: the CLI, self-test and comparison print through here
    Layout,
    PageDevice,
    layout_summary,
    make_pdf_writer,
    make_printer,
    printers_available,
    remember_page_size,
    remembered_page_size,
    render,
    summary_font,
    write_pdf,
)
from desktop_app.ui.settings import open_settings, read_str

if TYPE_CHECKING:
    from desktop_app.core.kb import KnowledgeBase

PDF_FOLDER_KEY = "print/pdf_folder"  # where the last PDF was exported
SCOPE_KEY = "print/scope"  # the kind of scope chosen last (Scope.kind)

translate = QCoreApplication.translate  # with a literal context, so pyside6-lupdate finds it


# --- what the GUI calls ---------------------------------------------------------------------

def export_pdf(parent: QWidget | None, kb: KnowledgeBase, target: SummaryTarget,
               path: str | Path | None = None) -> Path | None:
    """Export the summary of `target` as PDF; asks for a file name when `path` is None,
    offering the release's title in the folder used last (the documents folder at first)."""
    summary = _summary_or_message(parent, kb, target)
    if summary is None:
        return None
    if path is None:
        suggested = pdf_folder() / suggested_pdf_name(kb, target, summary)
        chosen = dialogs.save_file(parent, translate("Printing", "Export PDF"), str(suggested),
                                   translate("Printing", "PDF files (*.pdf)"))
        if not chosen:
            return None
        path = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        open_settings().setValue(PDF_FOLDER_KEY, str(Path(path).parent))
    try:
        write_pdf(summary, path)
    except OSError as error:
        dialogs.show_error(parent, describe_error(error))
        return None
    return Path(path)


def _printable_summary(parent: QWidget | None, kb: KnowledgeBase, target: SummaryTarget) -> Summary | None:
    """The summary to print, or None after telling the user why not (no printer, nothing)."""
    if not _check_printer(parent):
        return None
    return _summary_or_message(parent, kb, target)


def print_dialog(parent: QWidget | None, kb: KnowledgeBase, target: SummaryTarget) -> bool:
    """Print the summary of `target` through the system print dialog; False if not printed."""
    summary = _printable_summary(parent, kb, target)
    if summary is None:
        return False
    printer = make_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("Printing", "Print Summary"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    remember_page_size(printer)
    try:
        render(summary, printer)
    except OSError as error:
        dialogs.show_error(parent, describe_error(error))
        return False
    return True


def print_preview(parent: QWidget | None, kb: KnowledgeBase, target: SummaryTarget) -> bool:
    """Show Qt's print preview of the summary; it can print from there. Works without a
    printer, like a word processor's "print to PDF": the preview then lays the pages out
    for a PDF, and its print button saves one."""
    summary = _summary_or_message(parent, kb, target)
    if summary is None:
        return False
    printer = make_printer()
    if not printers_available():
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(translate("Printing", "Print Preview"))
    dialog.paintRequested.connect(lambda p: render(summary, p))
    dialog.exec()
    remember_page_size(printer)
    return True


def no_printer_message() -> UserMessage:
    """Why printing (and its preview) is refused on a machine with no printer, and what to do."""
    return UserMessage(
        translate("Printing", "No printer installed"),
        translate("Printing",
                  "No printer is installed on this computer, so the summary cannot be printed."),
        translate("Printing", "Install a printer in the system settings, or use File → Export "
                              "PDF… and print the PDF elsewhere."),
    )


def _check_printer(parent: QWidget | None) -> bool:
    if printers_available():
        return True
    dialogs.show_error(parent, no_printer_message())
    return False


def _summary_or_message(parent: QWidget | None, kb: KnowledgeBase, target: SummaryTarget) -> Summary | None:
    if target.is_empty:
        dialogs.show_error(parent, UserMessage(
            translate("Printing", "Nothing to print"),
            translate("Printing", "Select a section or a document, tick sections in the tree, "
                                  "or run a search first."),
            "",
        ))
        return None
    try:
        return core_summary.build_summary(kb, target)
    except ZhikuError as error:
        dialogs.show_error(parent, describe_error(error))
        return None


def pdf_folder() -> Path:
    """Where Export PDF… starts: the folder of the last PDF, else the user's documents
    folder (never the program's working folder)."""
    last = read_str(open_settings(), PDF_FOLDER_KEY)
    if last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def suggested_pdf_name(kb: KnowledgeBase, target: SummaryTarget, summary: Summary) -> str:
    """A file name from the release's title (with the section's heading when one section is
    printed), not from the release's file name; a search is named after its query."""
    title = summary.title
    if target.doc_id is not None:
        title = kb.document(target.doc_id).title or title
    elif target.section_ids:
        try:
            records = [kb.section(i) for i in dict.fromkeys(target.section_ids)]
        except ZhikuError:
            records = []
        doc_titles = {r.doc.title for r in records if r.doc.title}
        if len(doc_titles) == 1:
            (doc_title,) = doc_titles
            title = f"{doc_title}-{summary.title}" if len(records) == 1 and summary.title != doc_title else doc_title
    return _file_name(title)


def _file_name(title: str) -> str:
    bad = '\\/:*?"<>|\n\t\r'
    name = " ".join("".join("_" if c in bad or ord(c) < 32 else c for c in title).split()).strip(" .")
    return (name[:80] or "summary") + ".pdf"


# --- menu actions on the main window --------------------------------------------------------

@runtime_checkable
class PrintMenus(Protocol):
    """The window's menus, as the print actions place themselves: in File, before
    `print_anchor` when it is one of File's actions, else before Quit, else at the end."""

    @property
    def file(self) -> QMenu: ...

    @property
    def print_anchor(self) -> QAction | None: ...


@runtime_checkable
class PrintableWindow(Protocol):
    """What the print actions use of the main window (ui/main_window.py's MainWindow
    satisfies it: mypy checks that where the window installs them, a test at run time). The window is a
    QMainWindow too: the actions' parent and the dialogs' owner (`_widget`)."""

    @property
    def menus(self) -> PrintMenus: ...

    def kb(self) -> KnowledgeBase | None:
        """The reader knowledge base; None while it is still opening."""

    def checked_section_ids(self) -> list[int]:
        """The sections ticked in the tree, in tree order."""

    def current_section_ids(self) -> list[int]:
        """The section shown (empty when a document or nothing is shown)."""

    def current_doc_id(self) -> int | None:
        """The document shown, or the document of the section shown."""

    def current_search(self) -> object:
        """The results shown: a query, (query, filters), or None (read by _search_of)."""

    def print_focus(self) -> str | None:
        """What the user looks at: "search", "section", "document", or None."""

    def statusBar(self) -> QStatusBar: ...


def _widget(window: PrintableWindow) -> QMainWindow:
    """The window as the widget it also is (Protocols cannot say "and a QMainWindow")."""
    return cast(QMainWindow, window)


@dataclass(frozen=True)
class Scope:
    label: str
    target: SummaryTarget
    kind: str = ""  # ticked, section, search or document: remembered, and matched to what is shown


def available_scopes(window: PrintableWindow) -> list[Scope]:
    """What the main window can summarise right now, the likeliest first: ticked sections,
    the section shown, the current search's results, the whole document shown."""
    scopes: list[Scope] = []
    checked = list(window.checked_section_ids() or [])
    if checked:
        label = translate("Printing", "Ticked sections (%1)")
        scopes.append(Scope(fill(label, len(checked)), SummaryTarget.sections(checked), "ticked"))
    current = list(window.current_section_ids() or [])
    if current and current != checked:
        label = (translate("Printing", "Current section") if len(current) == 1
                 else fill(translate("Printing", "Selected sections (%1)"), len(current)))
        scopes.append(Scope(label, SummaryTarget.sections(current), "section"))
    query, filters = _search_of(window.current_search())
    if query:
        label = translate("Printing", "Current search results: %1")
        scopes.append(Scope(fill(label, query), SummaryTarget.search(query, **filters), "search"))
    doc_id = window.current_doc_id()
    if doc_id is not None:
        scopes.append(Scope(translate("Printing", "Whole document"), SummaryTarget.document(doc_id), "document"))
    return scopes


def _search_of(value) -> tuple[str | None, dict]:
    """current_search() may give a query string, (query, filters), or an object with .query."""
    if not value:
        return None, {}
    if isinstance(value, str):
        return (value.strip() or None), {}
    if isinstance(value, tuple):
        query = value[0] if value else None
        filters = dict(value[1]) if len(value) > 1 and value[1] else {}
        return (query.strip() if query else None), _search_filters(filters)
    query = getattr(value, "query", None)
    filters = {k: getattr(value, k) for k in ("kind", "doc_id") if getattr(value, k, None) is not None}
    return (query.strip() if query else None), filters


def _search_filters(filters: dict) -> dict:
    allowed = ("kind", "doc_id", "date_from", "date_to", "year", "issuer")
    return {k: v for k, v in filters.items() if k in allowed and v is not None}


def preselected_scope(scopes: Sequence[Scope], looking_at: str | None, last: str | None) -> int:
    """Which scope the dialog starts on: ticked sections when the user printed those last
    time, else what the user is looking at (the section shown, the document shown, the
    search results), else the last choice, else the first."""
    kinds = [s.kind for s in scopes]
    for kind in ("ticked" if last == "ticked" else None, looking_at, last):
        if kind and kind in kinds:
            return kinds.index(kind)
    return 0


def choose_scope(window: PrintableWindow | None, scopes: Sequence[Scope]) -> SummaryTarget | None:
    """The scope to print: asked only when there is more than one, starting on what the
    window shows (see preselected_scope); the choice is remembered."""
    if not scopes:
        return SummaryTarget()
    if len(scopes) == 1:
        return scopes[0].target
    settings = open_settings()
    shown = looking_at(window) if window is not None else None
    start = preselected_scope(scopes, shown, read_str(settings, SCOPE_KEY) or None)
    chosen = dialogs.choose_print_scope(_widget(window) if window is not None else None,
                                        [s.label for s in scopes], start)
    if chosen is None:
        return None
    settings.setValue(SCOPE_KEY, scopes[chosen].kind)
    return scopes[chosen].target


def looking_at(window: PrintableWindow) -> str | None:
    """What the window shows: its print_focus() (search, section or document), else the
    section or document shown."""
    focus = window.print_focus()
    if focus:
        return str(focus)
    if window.current_section_ids():
        return "section"
    return "document" if window.current_doc_id() is not None else None


class PrintActions(QObject):
    """File → Print…, Print Preview…, Export PDF… on the main window (a child of the
    window: it lives as long as the window does)."""

    def __init__(self, window: PrintableWindow) -> None:
        super().__init__(_widget(window))
        self.setObjectName("print_actions")
        self.window = window
        self.print_action = self._action(translate("Printing", "&Print…"), _print_keys(),
                                         "print", self.on_print)
        self.preview_action = self._action(translate("Printing", "Print Pre&view…"), [],
                                           "print_preview", self.on_preview)
        self.pdf_action = self._action(translate("Printing", "&Export PDF…"), [], "export_pdf",
                                       self.on_export_pdf)

    @property
    def actions(self) -> list[QAction]:
        return [self.print_action, self.preview_action, self.pdf_action]

    def _action(self, text: str, shortcuts: list[QKeySequence], name: str, slot) -> QAction:
        action = QAction(text, _widget(self.window))
        action.setObjectName("action_" + name)
        action.setShortcuts(shortcuts)
        action.triggered.connect(slot)
        return action

    def _request(self):
        """(kb, target) for the chosen scope, or None (told why, or cancelled)."""
        kb = self.window.kb()
        if kb is None:
            dialogs.show_error(_widget(self.window), UserMessage(
                translate("Printing", "Still loading"),
                translate("Printing", "The knowledge base is still being opened."),
                translate("Printing", "Wait until the status bar says it is ready, then try again."),
            ))
            return None
        target = choose_scope(self.window, available_scopes(self.window))
        return None if target is None else (kb, target)

    @Slot()
    def on_print(self) -> None:
        request = self._request()
        if request is not None:
            print_dialog(_widget(self.window), *request)

    @Slot()
    def on_preview(self) -> None:
        request = self._request()
        if request is not None:
            print_preview(_widget(self.window), *request)

    @Slot()
    def on_export_pdf(self) -> None:
        request = self._request()
        if request is None:
            return
        path = export_pdf(_widget(self.window), *request)
        if path is None:
            return
        self.window.statusBar().showMessage(fill(translate("Printing", "PDF saved: %1"), path), 5000)
        dialogs.pdf_saved(_widget(self.window), path)


def _print_keys() -> list[QKeySequence]:
    """The platform's Print keys, and Ctrl+P where the platform names none."""
    keys = [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Print) if not k.isEmpty()]
    ctrl_p = QKeySequence("Ctrl+P")
    return keys + ([ctrl_p] if ctrl_p not in keys else [])


def install_print_actions(window: PrintableWindow) -> PrintActions:
    """Add Print…, Print Preview… and Export PDF… to the window's File menu: before
    `window.menus.print_anchor` when the window marks that place, else before Quit, else
    at the end of the menu."""
    actions = PrintActions(window)
    menu = window.menus.file
    before = _insert_before(menu, window.menus.print_anchor)
    if before is not None:
        menu.insertSeparator(before)
        menu.insertActions(before, actions.actions)
    else:
        menu.addSeparator()
        menu.addActions(actions.actions)
    return actions


def _insert_before(menu: QMenu, anchor: QAction | None) -> QAction | None:
    """The action of `menu` the print actions go before: the anchor, else Quit, else None."""
    return anchor if anchor is not None and anchor in menu.actions() else _quit_action(menu)


QUIT_WORDS = ("quit", "exit", "退出")


def _quit_action(menu):
    """The File menu's Quit action (by role, standard shortcut, name or text), if any."""
    quit_keys = QKeySequence(QKeySequence.StandardKey.Quit)
    for action in menu.actions():
        text = action.text().replace("&", "").strip().lower()
        if (action.menuRole() == QAction.MenuRole.QuitRole
                or (not quit_keys.isEmpty() and action.shortcut() == quit_keys)
                or "quit" in action.objectName().lower()
                or text.startswith(QUIT_WORDS)):
            return action
    return None

