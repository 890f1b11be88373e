"""Printing, print preview and PDF export of summaries, paginated by hand.

The core builds a summary as blocks (desktop_app/core/summary.py). Here each block is laid
out on its own QTextDocument at the page width, measured, and placed page by page with a
QPainter: Qt's text layout has no keep-with-next, so we keep a heading with what follows
it, never split a table row, repeat a table's header on a continued page and split
paragraphs only between lines (leaving at least two lines on each side). Every page gets a
footer: the source, the print date and 第 X 页 / 共 Y 页.

Chinese prints on any machine: the bundled font is the last family of the document's
default font, so the PDF embeds it and its text stays real, searchable text.

PDF export never touches the print system: it writes through QPdfWriter (QtGui), because
merely constructing a QPrinter asks CUPS for the default printer, over TCP to port 631 of
localhost or of whatever host CUPS_SERVER names. A QPrinter is made only when the user
prints or previews.

A PDF is written whole or not at all (write_pdf): QPdfWriter says nothing when its file
cannot be written (a full disk gave a truncated PDF and "5 pages"), so it writes to a
temporary file beside the target, which is checked before it replaces the target.
"""
from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QFile,
    QFileDevice,
    QIODevice,
    QMarginsF,
    QRectF,
    QStandardPaths,
    Qt,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontDatabase,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.core import summary as core_summary
from desktop_app.core.errors import ZhikuError
from desktop_app.core.summary import Block, Summary, SummaryTarget
from desktop_app.ui import dialogs
from desktop_app.ui.fonts import load_bundled_font
from desktop_app.ui.i18n import fill
from desktop_app.ui.messages import UserMessage, describe_error
from desktop_app.ui.settings import open_settings, read_int, read_str

if TYPE_CHECKING:
    from desktop_app.core.kb import KnowledgeBase

MARGIN_MM = 20.0
FOOTER_GAP_MM = 6.0  # from the text area down to the footer's rule
FOOTER_FONT_PT = 8.0
PAGE_SIZE_KEY = "print/page_size"
PDF_FOLDER_KEY = "print/pdf_folder"  # where the last PDF was exported
SCOPE_KEY = "print/scope"  # the kind of scope chosen last (Scope.kind)
DEFAULT_PAGE_SIZE = QPageSize.PageSizeId.A4
MIN_LINES = 2  # widow and orphan control for split paragraphs
PDF_RESOLUTION = 1200  # dots per inch, what QPrinter's HighResolution mode gives a PDF
# System Chinese fonts an office machine is likely to have, in order of preference; the
# bundled font always comes last so every character has a glyph.
PREFERRED_FAMILIES = (
    "Source Han Serif SC", "Noto Serif CJK SC", "SimSun", "Songti SC", "STSong",
    "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
)


translate = QCoreApplication.translate  # with a literal context, so pyside6-lupdate finds it


# --- fonts and measuring --------------------------------------------------------------------

def summary_font() -> QFont:
    """The document's default font: installed Chinese fonts first, the bundled one last."""
    bundled = load_bundled_font()
    installed = set(QFontDatabase.families())
    families = [f for f in PREFERRED_FAMILIES if f in installed and f not in bundled]
    font = QFont()
    font.setFamilies(families + bundled)
    font.setPointSizeF(11)
    return font


def _block_document(block: Block, device, width: float, font: QFont) -> QTextDocument:
    """A block laid out on the target device at the text width, ready to measure and paint."""
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(core_summary.STYLESHEET)
    doc.documentLayout().setPaintDevice(device)
    doc.setHtml(block.fragment())
    if block.role == "text":
        em = font.pointSizeF() * device.logicalDpiX() / 72.0
        _indent_first_lines(doc, core_summary.TEXT_INDENT_EM * em)
    doc.setTextWidth(width)
    return doc


def _indent_first_lines(doc: QTextDocument, indent: float) -> None:
    """Indent each paragraph's first line by `indent` device pixels (Qt drops CSS em)."""
    cursor = QTextCursor(doc)
    cursor.select(QTextCursor.SelectionType.Document)
    fmt = QTextBlockFormat()
    fmt.setTextIndent(indent)
    cursor.mergeBlockFormat(fmt)


def _line_breaks(doc: QTextDocument) -> list[float]:
    """Where a paragraph may be cut: the top of each line that leaves MIN_LINES either side."""
    tops: list[float] = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        origin = layout.position().y()
        tops += [origin + layout.lineAt(i).y() for i in range(layout.lineCount())]
        block = block.next()
    return tops[MIN_LINES:len(tops) - MIN_LINES + 1] if len(tops) >= 2 * MIN_LINES else []


@dataclass(frozen=True)
class Measure:
    """What the paginator needs to know of a block (all lengths in device pixels)."""

    height: float
    breaks: tuple[float, ...] = ()
    keep_with_next: bool = False
    space_before: float = 0.0
    table: int | None = None
    role: str = "text"


@dataclass(frozen=True)
class Piece:
    """A slice [y0, y1) of block `index`, drawn at `top` on its page."""

    index: int
    top: float
    y0: float
    y1: float


# --- pagination (plain arithmetic, no Qt) ----------------------------------------------------

def paginate(items: Sequence[Measure], page_height: float) -> list[list[Piece]]:
    """Place blocks on pages of `page_height`.

    A block marked keep_with_next goes to a new page unless the start of what follows fits
    beside it; a table row never splits and a continued table starts with its header again;
    a paragraph splits only at its allowed breaks.
    """
    return _Paginator(items, page_height).run()


class _Paginator:
    def __init__(self, items: Sequence[Measure], page_height: float) -> None:
        self.items = items
        self.height = page_height
        self.pages: list[list[Piece]] = [[]]
        self.y = 0.0
        self.heads: dict[int, int] = {}

    def run(self) -> list[list[Piece]]:
        for index, item in enumerate(self.items):
            if item.role == "table_head" and item.table is not None:
                self.heads[item.table] = index
            self._place(index)
        return self.pages

    def _place(self, index: int) -> None:
        item = self.items[index]
        done = 0.0
        while done < item.height:
            self._start_continued_table(index)
            space = item.space_before if self.pages[-1] and done == 0 else 0.0
            room = self.height - self.y - space
            rest = item.height - done
            if rest <= room and self._followers_fit(index, room - rest):
                self._put(index, done, item.height, space)
                return
            cut = self._cut(item, done, room) if item.breaks else None
            if cut is not None:
                self._put(index, done, cut, space)
                done = cut
                self._new_page()
            elif self._page_has_content():
                self._new_page()
            else:  # taller than a page even on its own: place it and let it overflow
                self._put(index, done, item.height, 0.0)
                return

    def _followers_fit(self, index: int, room: float) -> bool:
        """With keep_with_next: does the start of the next block fit in `room`?"""
        if not self.items[index].keep_with_next or not self._page_has_content():
            return True
        return self._lead_height(index + 1) <= room

    def _lead_height(self, index: int) -> float:
        """The least of block `index` (and its own kept followers) that must share the page."""
        if index >= len(self.items):
            return 0.0
        item = self.items[index]
        first = item.breaks[0] if item.breaks else item.height
        lead = item.space_before + first
        if item.keep_with_next and first == item.height:
            lead += self._lead_height(index + 1)
        return lead

    def _cut(self, item: Measure, done: float, room: float) -> float | None:
        fitting = [b for b in item.breaks if done < b <= done + room]
        return fitting[-1] if fitting else None

    def _start_continued_table(self, index: int) -> None:
        item = self.items[index]
        if self.pages[-1] or item.role != "table_row" or item.table not in self.heads:
            return
        head = self.heads[item.table]
        self._put(head, 0.0, self.items[head].height, 0.0)

    def _page_has_content(self) -> bool:
        page = self.pages[-1]
        return bool(page) and not all(
            self.items[p.index].role == "table_head" for p in page
        )

    def _put(self, index: int, y0: float, y1: float, space: float) -> None:
        self.y += space
        self.pages[-1].append(Piece(index, self.y, y0, y1))
        self.y += y1 - y0

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0


# --- rendering ------------------------------------------------------------------------------

@dataclass
class Layout:
    """A summary measured for one printer: its block documents and their pages."""

    documents: list[QTextDocument]
    pages: list[list[Piece]]
    width: float


PageDevice = QPrinter | QPdfWriter  # a real printer (or its preview), or a PDF file


def text_area(device: PageDevice) -> QRectF:
    """The page inside its margins, in device pixels; the painter's origin is its top left."""
    return QRectF(device.pageLayout().paintRectPixels(device.resolution()))


def layout_summary(summary: Summary, printer: PageDevice) -> Layout:
    """Measure every block at the device's text width and paginate them."""
    font = summary_font()
    area = text_area(printer)
    body_height = area.height() - _footer_reserve(printer)
    px_per_pt = printer.resolution() / 72.0
    documents: list[QTextDocument] = []
    measures: list[Measure] = []
    for block in summary.blocks:
        doc = _block_document(block, printer, area.width(), font)
        documents.append(doc)
        measures.append(_measure(block, doc, px_per_pt))
    return Layout(documents, paginate(measures, body_height), area.width())


def _measure(block: Block, doc: QTextDocument, px_per_pt: float) -> Measure:
    breaks = tuple(_line_breaks(doc)) if block.splittable else ()
    return Measure(
        height=doc.size().height(), breaks=breaks, keep_with_next=block.keep_with_next,
        space_before=block.space_before * px_per_pt, table=block.table, role=block.role,
    )


def render(summary: Summary, printer: PageDevice, where: str = "") -> int:
    """Paint the summary on `printer` (a PDF writer, a real printer or the preview).

    Returns the number of pages. `where` names the target in an error (a PDF writer does
    not know its file name); a printer names itself.
    """
    if isinstance(printer, QPdfWriter):
        printer.setTitle(summary.title)
    else:
        printer.setDocName(summary.title)
        where = where or printer.outputFileName() or printer.printerName()
    printer.setCreator("Zhiku")
    layout = layout_summary(summary, printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(fill(translate("Printing", "Cannot start printing to %1."), where))
    try:
        footer = _Footer(summary.source, core_summary.print_date_text(), printer)
        total = len(layout.pages)
        for number, page in enumerate(layout.pages, start=1):
            if number > 1:
                printer.newPage()
            _paint_page(painter, layout, page)
            footer.paint(painter, number, total)
    except BaseException:
        painter.end()
        raise
    if not painter.end():  # the engine could not finish the document
        raise OSError(fill(translate("Printing", "Cannot finish printing to %1."), where))
    return len(layout.pages)


def _paint_page(painter: QPainter, layout: Layout, page: Sequence[Piece]) -> None:
    for piece in page:
        painter.save()
        painter.translate(0, piece.top - piece.y0)
        clip = QRectF(0, piece.y0, layout.width, piece.y1 - piece.y0)
        layout.documents[piece.index].drawContents(painter, clip)
        painter.restore()


def _mm(printer: PageDevice, mm: float) -> float:
    return mm * printer.resolution() / 25.4


def _footer_reserve(printer: PageDevice) -> float:
    """Height taken from the text area for the footer: none when the bottom margin holds it."""
    margin = printer.pageLayout().margins(QPageLayout.Unit.Millimeter).bottom()
    return 0.0 if margin >= FOOTER_GAP_MM + 8 else _mm(printer, FOOTER_GAP_MM + 8)


class _Footer:
    """Source on the left, print date in the middle, page X of Y on the right, over a rule."""

    def __init__(self, source: str, date_text: str, printer: PageDevice) -> None:
        self.source = source
        self.date_text = date_text
        area = text_area(printer)
        self.width = area.width()
        base = area.height() - _footer_reserve(printer)
        self.rule_y = base + _mm(printer, FOOTER_GAP_MM)
        self.text_rect = QRectF(0, self.rule_y + _mm(printer, 1.2), self.width, _mm(printer, 5))
        self.font = QFont(summary_font(), printer)
        self.font.setPointSizeF(FOOTER_FONT_PT)
        self.pen_width = max(1.0, _mm(printer, 0.2))

    def paint(self, painter: QPainter, page: int, total: int) -> None:
        painter.save()
        painter.setPen(QPen(QColor("#888888"), self.pen_width))
        painter.drawLine(0, int(self.rule_y), int(self.width), int(self.rule_y))
        painter.setFont(self.font)
        painter.setPen(QColor("#444444"))
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        third = QRectF(self.text_rect)
        third.setWidth(self.width * 0.55)
        source = painter.fontMetrics().elidedText(
            self.source, Qt.TextElideMode.ElideRight, int(third.width()))
        painter.drawText(third, left, source)
        middle = QRectF(self.text_rect)
        middle.setLeft(self.width * 0.55)
        middle.setWidth(self.width * 0.25)
        painter.drawText(middle, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         self.date_text)
        painter.drawText(self.text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         core_summary.page_number_text(page, total))
        painter.restore()


# --- printers, page size and settings -------------------------------------------------------

def remembered_page_size() -> QPageSize:
    """The page size chosen last time (A4 the first time)."""
    value = read_int(open_settings(), PAGE_SIZE_KEY, int(DEFAULT_PAGE_SIZE.value))
    try:
        return QPageSize(QPageSize.PageSizeId(value))
    except ValueError:
        return QPageSize(DEFAULT_PAGE_SIZE)


def remember_page_size(printer: PageDevice) -> None:
    size_id = printer.pageLayout().pageSize().id()
    if size_id != QPageSize.PageSizeId.Custom:
        open_settings().setValue(PAGE_SIZE_KEY, int(size_id.value))


def _page_layout(page_size: QPageSize | None) -> QPageLayout:
    """Portrait, the given (else the remembered) page size, ~20 mm margins."""
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(page_size or remembered_page_size(), QPageLayout.Orientation.Portrait,
                       margins, QPageLayout.Unit.Millimeter)


def make_printer(*, page_size: QPageSize | None = None,
                 mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    """The system's default printer with our page layout: only when the user prints or
    previews, since making a QPrinter already asks the print system (CUPS) for printers."""
    printer = QPrinter(mode)
    printer.setPageLayout(_page_layout(page_size))
    return printer


def make_pdf_writer(path: str | Path | QIODevice, page_size: QPageSize | None = None) -> QPdfWriter:
    """A PDF file (a path, or an open device) with our page layout, made without the print
    system (no printer lookup, no network) at the resolution a high-resolution QPrinter
    would use."""
    writer = QPdfWriter(path if isinstance(path, QIODevice) else str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(_page_layout(page_size))
    return writer


def write_pdf(summary: Summary, path: str | Path, page_size: QPageSize | None = None) -> int:
    """Write `summary` to a PDF file; returns its page count. Needs a Q(Gui)Application;
    never touches the print system.

    Whole or not at all: the PDF goes to a temporary file beside `path`, is checked (the
    painter finished, the file reported no write error, it starts with %PDF and ends with
    %%EOF), then replaces `path` in one rename. Otherwise OSError naming `path` (ENOSPC for
    a full disk), and a file already at `path` is left as it was. `path` must be a regular
    file or not exist yet: a device such as /dev/full, or a pipe, is refused (OSError)."""
    path = Path(path)
    check_pdf_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_beside(path)
    try:
        pages = _write_checked(summary, tmp, path, page_size)
        os.replace(tmp, path)
    finally:
        _remove_quietly(tmp)
    return pages


def check_pdf_target(path: Path) -> None:
    """Raise OSError unless a PDF may be written at `path`: a folder, a device (/dev/full,
    /dev/null) or a pipe is never replaced by a file."""
    if path.is_dir():
        raise OSError(errno.EISDIR, translate("Printing", "this is a folder, not a file name"), str(path))
    if path.exists() and not path.is_file():
        raise OSError(errno.EINVAL, translate("Printing", "not a regular file (a device or a pipe); Zhiku "
                                                          "will not replace it"), str(path))


def temporary_beside(path: Path) -> Path:
    """The private file a PDF for `path` is written to before it replaces `path`."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _write_checked(summary: Summary, tmp: Path, path: Path, page_size: QPageSize | None) -> int:
    """Render into `tmp` through a QFile whose errors we can read, then check the result."""
    file = QFile(str(tmp))
    if not file.open(QIODevice.OpenModeFlag.WriteOnly | QIODevice.OpenModeFlag.Truncate):
        raise OSError(errno.EACCES, file.errorString(), str(path))
    try:
        pages = render(summary, make_pdf_writer(file, page_size), str(path))
        flushed = file.flush()
        # read now: a close that succeeds forgets an earlier write error
        failed = not flushed or file.error() != QFileDevice.FileError.NoError
        failure = file.errorString() if failed else None
    finally:
        file.close()
    if failure is None and file.error() != QFileDevice.FileError.NoError:
        failure = file.errorString()
    if failure is None and _complete_pdf(tmp):
        with open(tmp, "rb") as handle:  # on the disk before it takes the target's name
            os.fsync(handle.fileno())
        return pages
    raise _pdf_write_error(path, failure)


def _complete_pdf(path: Path) -> bool:
    """A whole PDF: not empty, starts with %PDF, ends with the %%EOF trailer."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(5)
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - 1024))
            tail = handle.read()
    except OSError:
        return False
    return head.startswith(b"%PDF") and b"%%EOF" in tail


def _pdf_write_error(path: Path, failure: str | None) -> OSError:
    """Why a PDF was not written whole: a full disk (ENOSPC), or what the file reported."""
    try:
        full = shutil.disk_usage(path.parent).free == 0
    except OSError:
        full = False
    if full or failure == os.strerror(errno.ENOSPC):
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return OSError(errno.EIO, failure or translate("Printing", "the PDF was not written completely"), str(path))


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # a temporary file we could not remove: named after this process
        pass


def printers_available() -> bool:
    """Is any printer installed? (Printing is refused, with a message, when none is.) Asks
    the print system: call it only when the user prints."""
    return bool(QPrinterInfo.availablePrinters())


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

@dataclass(frozen=True)
class Scope:
    label: str
    target: SummaryTarget
    kind: str = ""  # ticked, section, search or document: remembered, and matched to what is shown


def available_scopes(window) -> list[Scope]:
    """What the main window can summarise right now, the likeliest first: ticked sections,
    the section shown, the current search's results, the whole document shown.

    Uses the window's hooks checked_section_ids(), current_section_ids(), current_search()
    and current_doc_id(); a missing hook means that scope is unavailable.
    """
    scopes: list[Scope] = []
    checked = list(_hook(window, "checked_section_ids") or [])
    if checked:
        label = translate("Printing", "Ticked sections (%1)")
        scopes.append(Scope(fill(label, len(checked)), SummaryTarget.sections(checked), "ticked"))
    current = list(_hook(window, "current_section_ids") or [])
    if current and current != checked:
        label = (translate("Printing", "Current section") if len(current) == 1
                 else fill(translate("Printing", "Selected sections (%1)"), len(current)))
        scopes.append(Scope(label, SummaryTarget.sections(current), "section"))
    query, filters = _search_of(_hook(window, "current_search"))
    if query:
        label = translate("Printing", "Current search results: %1")
        scopes.append(Scope(fill(label, query), SummaryTarget.search(query, **filters), "search"))
    doc_id = _hook(window, "current_doc_id")
    if doc_id is not None:
        scopes.append(Scope(translate("Printing", "Whole document"), SummaryTarget.document(doc_id), "document"))
    return scopes


def _hook(window, name: str):
    method = getattr(window, name, None)
    return method() if callable(method) else None


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


def choose_scope(parent: QWidget | None, scopes: Sequence[Scope]) -> SummaryTarget | None:
    """The scope to print: asked only when there is more than one, starting on what the
    window `parent` shows (see preselected_scope); the choice is remembered."""
    if not scopes:
        return SummaryTarget()
    if len(scopes) == 1:
        return scopes[0].target
    settings = open_settings()
    start = preselected_scope(scopes, looking_at(parent), read_str(settings, SCOPE_KEY) or None)
    chosen = dialogs.choose_print_scope(parent, [s.label for s in scopes], start)
    if chosen is None:
        return None
    settings.setValue(SCOPE_KEY, scopes[chosen].kind)
    return scopes[chosen].target


def looking_at(window) -> str | None:
    """What the window shows: its `print_focus()` hook (search, section or document), else
    the section or document shown."""
    focus = _hook(window, "print_focus")
    if focus:
        return str(focus)
    if _hook(window, "current_section_ids"):
        return "section"
    return "document" if _hook(window, "current_doc_id") is not None else None


def _window_kb(window):
    """The window's reader KnowledgeBase: `window.kb`, else `window.session.kb` (None while loading)."""
    kb = getattr(window, "kb", None)
    if callable(kb):
        kb = kb()
    if kb is None:
        kb = getattr(getattr(window, "session", None), "kb", None)
    return kb


class PrintActions:
    """File → Print…, Print Preview…, Export PDF… on the main window."""

    def __init__(self, window) -> None:
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
        action = QAction(text, self.window)
        action.setObjectName("action_" + name)
        action.setShortcuts(shortcuts)
        action.triggered.connect(slot)
        return action

    def _request(self):
        """(kb, target) for the chosen scope, or None (told why, or cancelled)."""
        kb = _window_kb(self.window)
        if kb is None:
            dialogs.show_error(self.window, UserMessage(
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
            print_dialog(self.window, *request)

    @Slot()
    def on_preview(self) -> None:
        request = self._request()
        if request is not None:
            print_preview(self.window, *request)

    @Slot()
    def on_export_pdf(self) -> None:
        request = self._request()
        if request is None:
            return
        path = export_pdf(self.window, *request)
        if path is None:
            return
        status = getattr(self.window, "statusBar", None)
        if callable(status):
            status().showMessage(fill(translate("Printing", "PDF saved: %1"), path), 5000)
        dialogs.pdf_saved(self.window, path)


def _print_keys() -> list[QKeySequence]:
    """The platform's Print keys, and Ctrl+P where the platform names none."""
    keys = [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Print) if not k.isEmpty()]
    ctrl_p = QKeySequence("Ctrl+P")
    return keys + ([ctrl_p] if ctrl_p not in keys else [])


def install_print_actions(window) -> PrintActions:
    """Add Print…, Print Preview… and Export PDF… to the window's File menu.

    They go before `window.menus.print_anchor` when the window marks that place, else
    before Quit, else at the end of the first menu.
    """
    actions = PrintActions(window)
    menu, before = _menu_place(window)
    if menu is None:
        window.addActions(actions.actions)
    elif before is not None:
        menu.insertSeparator(before)
        menu.insertActions(before, actions.actions)
    else:
        menu.addSeparator()
        menu.addActions(actions.actions)
    window._print_actions = actions  # keep the Python side alive as long as the window
    return actions


def _menu_place(window):
    """(File menu, action to insert before) on the main window."""
    menus = getattr(window, "menus", None)
    menu = getattr(menus, "file", None) or getattr(window, "file_menu", None)
    if callable(menu):
        menu = menu()
    if menu is None and hasattr(window, "menuBar"):
        found = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
        menu = found[0] if found else None
    if menu is None:
        return None, None
    anchor = getattr(menus, "print_anchor", None)
    return menu, anchor if anchor in menu.actions() else _quit_action(menu)


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
