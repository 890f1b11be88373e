"""The text of a PDF release, read with PDFium (pypdfium2), its wrapped lines joined again.

Why PDFium: on Chinese PDFs made by Qt (Zhiku's own export), by hand in the encodings older
government PDFs use (Identity-H with ToUnicode, UniGB-UCS2-H, GBK-EUC-H) and in two columns,
pypdf, pdfminer.six and pypdfium2 found every figure where any of them did, but only PDFium
drops the doubled glyphs of simulated bold (Qt draws a bold title twice), pdfminer.six read two
columns line by line across (12 of 62 figures lost) and needs `cryptography`, and PDFium was
2–8× faster with half the memory (benchmarks/bench_pdf_extract.py; docs/performance.md, "Choosing the PDF reader").

PDFium is C: what reaches it is bounded first. The file is at most reading.MAX_BYTES; every
compressed stream that is not a picture is inflated here, piece by piece, and the file is
refused when one would exceed MAX_STREAM_BYTES or all together MAX_INFLATED_BYTES (a 20 MB
file of zip bombs would otherwise inflate to terabytes inside PDFium); at most MAX_PAGES
pages are read. PDFium is not thread-safe: one PDF is read at a time.

A PDF needing a password, one with no text at all (a scan: OCR is out of scope) and one
whose fonts do not say which characters they draw (its text copies as garbage) are refused
with what to do instead.
"""
from __future__ import annotations

import re
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core import reading
from desktop_app.core.errors import InputError

MAX_PAGES = 1000  # a release is a few pages; a 1,000-page PDF is a book
MAX_STREAM_BYTES = reading.MAX_BYTES  # one inflated stream (a page's drawing, a font)
MAX_INFLATED_BYTES = 4 * reading.MAX_BYTES  # all inflated streams together (pictures excluded)
MAX_IMAGE_BYTES = 10 * reading.MAX_BYTES  # all inflated pictures together (a few scanned pages)
_GARBAGE_SHARE = 0.1  # more glyphs than this without a character: the text layer is unreadable
# Joining compares each line with the lines of its page: a page with more lines than this, or
# every page of a PDF with more lines in all, keeps its line breaks (the work stays bounded).
_JOIN_MAX_LINES = 200
_JOIN_MAX_TOTAL = 20_000
_SENTENCE_END = ("。", "！", "？", "：", "”", ".", "!", "?", ":")
_MIN_COLUMN_EMS = 10
_LOCK = threading.Lock()

_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_PAGE_NUMBER = re.compile(r"[-—–\s]*(第\s*)?\d{1,4}\s*页?(\s*/\s*共?\s*\d{1,4}\s*页?)?[-—–\s]*")
_DIGITS = re.compile(r"\d+")
_IMAGE_SUBTYPE = re.compile(rb"/Subtype\s*/Image\b")
_IMAGE_DIMENSION = {key: re.compile(re.escape(key.encode()) + rb"\s+(\d{1,9})\b(?!\s+\d+\s+R)")
                    for key in ("/Width", "/Height", "/BitsPerComponent")}
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def pdf_text(path: Path, name: str) -> str:
    """The text of the PDF at `path` (shown as `name` in messages), one line per paragraph.

    Raises InputError for a file that is no readable PDF, is too large once inflated, needs
    a password, has no text layer or an unreadable one."""
    data = reading.read_bytes(path)
    if b"%PDF-" not in data[:1024]:
        raise _damaged(name, "文件开头没有 PDF 标记", "it does not start like a PDF")
    check_streams(data, name)
    with _LOCK:
        pages = _drop_running_lines(_page_lines(data, name))
    lines = [line for page in pages for line in page]
    text = "\n".join(_paragraphs(pages))
    if not text.strip():
        raise InputError(
            f"无法导入“{name}”：这个 PDF 没有文字层（可能是扫描件或图片），知库无法读取其中的文字。"
            "请使用原始的 Word/WPS 文档或 .txt 文件；知库不做文字识别（OCR）。",
            f"Cannot import {name}: this PDF has no text layer (it is probably a scan or pictures), so Zhiku "
            "cannot read its text. Import the original Word/WPS document or a .txt file; Zhiku does no OCR.")
    if _garbage_share("".join(line.text for line in lines)) > _GARBAGE_SHARE:
        raise InputError(
            f"无法导入“{name}”：这个 PDF 的字体没有记录字符对应关系，复制出的文字是乱码。"
            "请从原始文档重新导出 PDF（Word/WPS：另存为 PDF），或导入原始的 .docx/.txt 文件。",
            f"Cannot import {name}: its fonts do not say which characters they draw, so its text copies as "
            "garbage. Export the PDF again from the original document (Word/WPS: Save as PDF) or import "
            "the original .docx or .txt file.")
    return text


def _damaged(name: str, detail_zh: str, detail_en: str) -> InputError:
    return InputError(
        f"无法读取 PDF 文件“{name}”：{detail_zh}。请重新导出 PDF，或导入原始的 .docx/.txt 文件。",
        f"Cannot read the PDF {name}: {detail_en}. Export the PDF again or import the original "
        ".docx or .txt file.")


def check_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams inflate past their limits, inflating each a
    piece at a time: a stream past MAX_STREAM_BYTES, all together past MAX_INFLATED_BYTES;
    a picture (a dict saying /Subtype /Image with its /Width and /Height) past the size its
    dimensions give, pictures together past MAX_IMAGE_BYTES (PDFium inflates whatever a page
    draws, a "picture" too). A stream is inflated until its Flate data ends, not up to the
    first "endstream" (which compressed bytes may hold); streams that do not inflate are
    left for PDFium to judge."""
    totals = {"text": 0, "image": 0}
    budget = [2 * len(data) + 1024 * 1024]  # compressed bytes fed to zlib, for all streams
    view = memoryview(data)
    pos = 0
    while match := _STREAM_START.search(data, pos):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            return
        head = data[max(0, match.start() - 1024):match.start()]
        head = head[head.rfind(b"obj") + 1:]
        if b"/FlateDecode" in head:
            kind, limit = _stream_limit(head)
            size, used = _inflated_size(view[start:], limit, budget, name)
            totals[kind] += size
            if totals["text"] > MAX_INFLATED_BYTES or totals["image"] > MAX_IMAGE_BYTES:
                raise _too_large(name, MAX_INFLATED_BYTES if kind == "text" else MAX_IMAGE_BYTES,
                                 "其中的压缩数据", "its compressed streams")
            if start + used > end:
                end = data.find(b"endstream", start + used)
                if end < 0:
                    return
        pos = end + 9


def _stream_limit(head: bytes) -> tuple[str, int]:
    """("image", the bytes its dimensions allow) for a picture's stream dict, else ("text",
    MAX_STREAM_BYTES)."""
    dims = [_IMAGE_DIMENSION[key].search(head) for key in ("/Width", "/Height")]
    if not _IMAGE_SUBTYPE.search(head) or dims[0] is None or dims[1] is None:
        return "text", MAX_STREAM_BYTES
    bits = _IMAGE_DIMENSION["/BitsPerComponent"].search(head)
    depth = max(8, int(bits.group(1)) if bits else 8)
    allowed = int(dims[0].group(1)) * int(dims[1].group(1)) * 4 * depth // 8 + 65536  # ≤ 4 colours a pixel
    return "image", min(allowed, MAX_IMAGE_BYTES)


def _inflated_size(packed: memoryview, limit: int, budget: list[int], name: str) -> tuple[int, int]:
    """How many bytes the Flate data at the start of `packed` inflates to and how many bytes
    of `packed` it takes, fed a MB at a time until it ends (or is not valid Flate); raises
    InputError past `limit`, or when all streams have fed more than `budget` bytes."""
    inflater = zlib.decompressobj()
    size = fed = 0
    chunk = 1024 * 1024
    try:
        while fed < len(packed) and not inflater.eof:
            piece = packed[fed:fed + chunk]
            fed += len(piece)
            budget[0] -= len(piece)
            if budget[0] < 0:
                raise _damaged(name, "压缩数据的结构异常", "its compressed data is malformed")
            size += len(inflater.decompress(piece, chunk))
            while inflater.unconsumed_tail and not inflater.eof and size <= limit:
                size += len(inflater.decompress(inflater.unconsumed_tail, chunk))
            if size > limit:
                raise _too_large(name, max(limit, 1024 * 1024), "其中的一个压缩数据流", "one of its compressed streams")
    except zlib.error:
        return size, fed
    return size, fed - len(inflater.unused_data)


def _too_large(name: str, limit: int, what_zh: str, what_en: str) -> InputError:
    cap = f"{reading.megabytes(limit)} MB"
    return _damaged(name, f"{what_zh}解压后超过 {cap}（不像新闻稿）",
                    f"{what_en} inflate to more than {cap} (no press release does)")


@dataclass(frozen=True)
class _Line:
    """One line of a page as PDFium reads it, with the left and right edges of its glyphs."""

    text: str
    left: float
    right: float

    def overlaps(self, other: _Line) -> bool:
        return self.left < other.right and other.left < self.right


def _page_lines(data: bytes, name: str) -> list[list[_Line]]:
    """The lines of every page, in PDFium's reading order (page furniture such as a lone page
    number at the top or bottom dropped)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise InputError(
                f"无法导入“{name}”：这个 PDF 设有打开密码（已加密）。请用 PDF 阅读器输入密码打开后，"
                "另存或打印为不加密的 PDF，或导入原始的 .docx/.txt 文件。",
                f"Cannot import {name}: this PDF needs a password to open (it is encrypted). Open it with the "
                "password in a PDF reader and save or print it as a PDF without one, or import the original "
                ".docx or .txt file.") from None
        raise _damaged(name, "文件已损坏或不是 PDF", "the file is damaged or not a PDF") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise _damaged(name, f"共 {len(pdf)} 页，超过 {MAX_PAGES} 页，不像新闻稿",
                           f"it has {len(pdf)} pages, more than {MAX_PAGES}, unlike a press release")
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                pages.append(_drop_page_numbers(_read_page(page)))
            finally:
                page.close()
        return pages
    except pdfium.PdfiumError:
        raise _damaged(name, "其中有页面已损坏", "a page of it is damaged") from None
    finally:
        pdf.close()


def _read_page(page: Any) -> list[_Line]:
    """The non-blank lines of one page (a pypdfium2 PdfPage) with their horizontal extent."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count)
        lines = []
        if len(text) != count:  # characters beyond U+FFFF: no index to box mapping, keep lines plain
            return [_Line(line.strip(), 0.0, 0.0) for line in text.splitlines() if line.strip()]
        for match in re.finditer(r"[^\r\n]+", text):
            stripped = match.group().strip()
            if not stripped:
                continue
            first = match.start() + match.group().index(stripped[0])
            last = first + len(stripped) - 1
            left = textpage.get_charbox(first, loose=True)[0]
            right = textpage.get_charbox(last, loose=True)[2]
            lines.append(_Line(stripped, left, right))
        return lines
    finally:
        textpage.close()


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    """The page without a page number ("3", "- 3 -", "第 1 页 / 共 5 页") as first or last line."""
    if lines and _PAGE_NUMBER.fullmatch(lines[-1].text):
        lines = lines[:-1]
    if lines and _PAGE_NUMBER.fullmatch(lines[0].text):
        lines = lines[1:]
    return lines


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """The pages without their running headers and footers: a first or last line that, its
    digits aside ("第 2 页 / 共 5 页"), starts or ends at least half of the pages (two or more)."""
    if len(pages) < 2:
        return pages
    counts: dict[tuple[int, str], int] = {}
    for lines in pages:
        for end in {0, -1} if lines else ():
            key = (end, _DIGITS.sub("#", lines[end].text))
            counts[key] = counts.get(key, 0) + 1
    running = {key for key, count in counts.items() if count >= max(2, len(pages) / 2)}
    kept = []
    for lines in pages:
        if lines and (-1, _DIGITS.sub("#", lines[-1].text)) in running:
            lines = lines[:-1]
        if lines and (0, _DIGITS.sub("#", lines[0].text)) in running:
            lines = lines[1:]
        kept.append(lines)
    return kept


def _paragraphs(pages: list[list[_Line]]) -> list[str]:
    """Lines joined into paragraphs: a line that reaches its column's right margin goes on in
    the next line unless that one is indented (a new paragraph) — also across a page break."""
    out: list[list[str]] = []  # the lines of each paragraph, joined at the end (linear time)
    chinese = False  # whether the paragraph being built holds Chinese characters
    full = False  # whether the last line reached its column's right margin
    joining = sum(len(lines) for lines in pages) <= _JOIN_MAX_TOTAL
    for lines in pages:
        shape = _PageShape(lines if joining else [])
        for line in lines:
            if full and not shape.indented(line):
                out[-1] += ("" if chinese or _CJK.match(line.text[0]) else " ", line.text)
            else:
                out.append([line.text])
                chinese = False
            chinese = chinese or bool(_CJK.search(line.text))
            full = shape.full(line)
    return ["".join(parts) for parts in out]


class _PageShape:
    """Margins of a page's text: where lines of each column start and end."""

    def __init__(self, lines: list[_Line]):
        self.lines = lines if len(lines) <= _JOIN_MAX_LINES else []
        widths = sorted((line.right - line.left) / len(line.text) for line in self.lines if len(line.text) >= 4)
        self.em = widths[len(widths) // 2] if widths else 0.0

    def _column(self, line: _Line) -> list[_Line]:
        return [other for other in self.lines if other.overlaps(line)]

    def full(self, line: _Line) -> bool:
        """Whether the line reaches its column's right margin: the furthest right edge that
        at least two lines of the column reach (a centred title wider than the column does
        not count), less two and a half characters (ragged right: Chinese line breaking
        keeps "，" or "%" off the start of a line and leaves gaps that wide), or less one
        character after a sentence's end (where a paragraph most likely ends). A column is
        at least _MIN_COLUMN_EMS wide: two short lines (a title and a date) are no column."""
        if not self.em or line.right - line.left < _MIN_COLUMN_EMS * self.em:
            return False
        rights = sorted((other.right for other in self._column(line)), reverse=True)
        margin = next((a for a, b in zip(rights, rights[1:], strict=False) if a - b <= self.em), rights[0])
        slack = 1.0 if line.text.endswith(_SENTENCE_END) else 2.5
        return line.right >= margin - slack * self.em

    def indented(self, line: _Line) -> bool:
        """Whether the line starts right of its column's left margin (a paragraph's first line)."""
        if not self.em:
            return True
        return line.left > min(other.left for other in self._column(line)) + 0.8 * self.em


def _garbage_share(text: str) -> float:
    """The share of characters that are no text: controls, U+FFFD, private use (what glyphs
    without a character map come out as)."""
    text = re.sub(r"\s+", "", text)
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 or ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return bad / len(text)
