"""Printed summaries drawn with Qt: blocks laid out and measured, pages painted, PDFs written.

The core builds a summary as blocks (desktop_app/core/summary.py). Here each block is laid
out on its own QTextDocument at the page width and measured; core/pagination.py places the
blocks on pages (Qt's text layout has no keep-with-next), and a QPainter paints them page
by page. Every page gets a footer: the source, the print date and 第 X 页 / 共 Y 页.

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

from PySide6.QtCore import (
    QCoreApplication,
    QFile,
    QFileDevice,
    QIODevice,
    QMarginsF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop_app.core import summary as core_summary
from desktop_app.core.pagination import Measure, Piece, paginate
from desktop_app.core.summary import Block, Summary
from desktop_app.ui.fonts import load_bundled_font
from desktop_app.ui.i18n import fill
from desktop_app.ui.settings import open_settings, read_int

MARGIN_MM = 20.0
FOOTER_GAP_MM = 6.0  # from the text area down to the footer's rule
FOOTER_FONT_PT = 8.0
PAGE_SIZE_KEY = "print/page_size"
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
