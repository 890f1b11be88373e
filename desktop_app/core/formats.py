"""Turn an imported file into a parsed release: plain text, Markdown, HTML, Word (.docx) or PDF.

Staff receive releases as web pages and Word files as often as text files. Each format is
reduced to plain text here and then parsed like a `.txt`, so the rest of Zhiku sees only
`Document`s. HTML markup is read as data and never executed or rendered; a `.docx` is read
with the standard library (it is a zip of XML), so no Office library is needed; a PDF's text
layer is read by formats_pdf. Formats we cannot read faithfully (`.doc`, `.wps`) are refused
with advice the user can act on.
"""
from __future__ import annotations

import codecs
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from desktop_app.core import formats_article, formats_html, formats_pdf, parser, reading
from desktop_app.core.errors import InputError
from desktop_app.core.model import Document

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm", ".mhtml", ".mht")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
# Formats users try that cannot be read faithfully: they get advice instead of garbage.
ADVISED_SUFFIXES = (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot")
# One size limit for every format (a file, or a Word document's text part): reading's.
MAX_BYTES = reading.MAX_BYTES

def supported_suffixes() -> tuple[str, ...]:
    """File name suffixes `load_release` accepts, for file dialog filters and folder imports."""
    return TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES + PDF_SUFFIXES


def is_supported(path: str | os.PathLike[str]) -> bool:
    """Whether `path`'s suffix is one `load_release` reads (case-insensitive)."""
    return Path(path).suffix.lower() in supported_suffixes()


def load_release(path: str | os.PathLike[str]) -> Document:
    """Read and parse one release file of any supported format.

    Raises InputError (Chinese message naming the file, English one too) for a missing,
    unreadable, empty or corrupt file and for a format Zhiku does not read.
    """
    path = Path(path)
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise _unsupported(path)
    text, encoding = loader(path)
    text = reading.strip_invisible(text)  # before parsing: offsets index the stored text
    if not text.strip():
        raise InputError(f"文件中没有可导入的文字：{_name(path)}",
                         f"The file contains no text to import: {_name(path)}")
    return parser.parse_text(text, file=_name(path), encoding=encoding)


def _name(path: Path) -> str:
    """The file's name as messages and the knowledge base show it (see reading.display_name)."""
    return reading.display_name(path.name or str(path))


# ---------------------------------------------------------------------------- refusals

# Signatures of office documents (PDF, old Word/WPS, zip-based Office/ODF, RTF): worth the
# advice to save as .docx or .txt. Other binary files (images, archives…) are no release.
_DOCUMENT_MAGIC = (b"%PDF", b"\xd0\xcf\x11\xe0", b"PK\x03\x04", b"{\\rtf")


def _unsupported(path: Path) -> InputError:
    """The refusal for a file whose suffix we do not read, with advice that fits what it holds:
    an office document → save it as .docx or .txt; plain text → rename it to .txt;
    anything else (a photo, an archive…) → it is not a text release."""
    suffix = path.suffix.lower()
    if suffix in ADVISED_SUFFIXES:
        return _save_as_advice(path, f"不支持 {suffix} 格式", f"the {suffix} format is not supported")
    head = reading.read_bytes(path)[:64 * 1024]  # missing, folder, FIFO, too large: their own messages
    shown = suffix or "（无扩展名）"
    shown_en = suffix or "(no extension)"
    if head.startswith(_DOCUMENT_MAGIC):
        return _save_as_advice(path, f"不支持的文件类型 {shown}", f"unsupported file type {shown_en}")
    if _looks_like_text(head):
        return InputError(
            f"无法导入“{_name(path)}”：不支持的文件类型 {shown}。如果这是纯文本新闻稿，请把扩展名改为 .txt 后再导入。",
            f"Cannot import {_name(path)}: unsupported file type {shown_en}. "
            "If it is a plain-text release, rename it to end in .txt and import it again.",
        )
    return InputError(
        f"无法导入“{_name(path)}”：这不是文字新闻稿（知库读取 .txt、.md、.html、.docx 和 .pdf 文件）。",
        f"Cannot import {_name(path)}: it is not a text release "
        "(Zhiku reads .txt, .md, .html, .docx and .pdf files).",
    )


def _save_as_advice(path: Path, reason_zh: str, reason_en: str) -> InputError:
    return InputError(
        f"无法导入“{_name(path)}”：{reason_zh}。请用 Word 或 WPS 将其另存为 .docx 或 .txt 后再导入。",
        f"Cannot import {_name(path)}: {reason_en}. "
        "Save it as .docx or .txt (in Word or WPS) and import that file.",
    )


def _looks_like_text(head: bytes) -> bool:
    """Whether the start of a file decodes as text in one of the release encodings."""
    for sample in (head, head[:-3]):  # the sample may end inside a multi-byte character
        try:
            reading.decode_bytes(sample, "")
            return True
        except InputError:
            continue
    return False


def _tidy_lines(text: str) -> str:
    """Drop trailing spaces and blank lines; keep each line's indentation as written."""
    lines = (line.rstrip(" \t\r\f\v") for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


# ---------------------------------------------------------------------------- text, Markdown

def _load_text(path: Path) -> tuple[str, str | None]:
    return reading.read_text(path)


# Markdown rules, applied in this order. Each reads the text in one pass: a pattern that can run
# to the end of a long line and fail there is not retried from every position (one line of
# 100,000 "[" took 67 s), so links, images, bold and headings are read by the small scanners
# below, which give what re.sub gave with the patterns in their docstrings.
_MD_HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*)$", re.M)                  # # heading
_MD_LINE_RULES = (
    # ^ {0,3}(?:[-*_][ \t]*){3,}$ as one character class: a repeated group keeps a backtracking
    # point per repeat (1.3 GB for a 20 MB line of "- - - … x").
    (re.compile(r"^ {0,3}(?=(?:[ \t]*[-*_]){3})[-*_][-*_ \t]*$", re.M), ""),        # --- rule
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),                                    # > quote
    (re.compile(r"^ {0,3}[-*+][ \t]+", re.M), ""),                                # - bullet
)
_MD_INLINE_RULES = (
    (re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)"), r"\1"),          # *italic*
    (re.compile(r"`([^`\n]+)`"), r"\1"),                                          # `code`
)


def markdown_to_text(markdown: str) -> str:
    """The words of a Markdown release: heading marks, emphasis, links and bullets removed."""
    markdown = _sub(_MD_HEADING_RE, lambda m: _heading_words(m.group(1)), markdown)
    for pattern, replacement in _MD_LINE_RULES:
        markdown = _sub(pattern, replacement, markdown)
    markdown = _md_links(markdown, "![")
    markdown = _md_links(markdown, "[")
    markdown = _md_bold(markdown)
    for pattern, replacement in _MD_INLINE_RULES:
        markdown = _sub(pattern, replacement, markdown)
    return _tidy_lines(markdown)


def _sub(pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
    """pattern.sub(replacement, text) in bounded memory: re.sub holds a piece of its result per
    match until the end (27 MB per MB of `a `a `a …); here the pieces are joined as they come."""
    done = 0
    pieces: list[str] = []
    out: list[str] = []
    expand = replacement if callable(replacement) else lambda m: m.expand(replacement)
    for match in pattern.finditer(text):
        pieces += (text[done:match.start()], expand(match))
        done = match.end()
        if len(pieces) >= 4096:
            out.append("".join(pieces))
            pieces = []
    pieces.append(text[done:])
    out.append("".join(pieces))
    return "".join(out)


def _heading_words(rest: str) -> str:
    r"""A heading line after its # marks, without a closing run of # (`## Title ##` → Title):
    what ^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$ keeps as its group (the shortest text
    followed by spaces, or by spaces, #s and spaces)."""
    text = rest.rstrip(" \t")
    head = text.rstrip("#")
    if head != text and head[-1:] in (" ", "\t"):
        return head.rstrip(" \t")
    return text


class _NextFrom:
    """text.find(word, pos) for increasing positions, remembering the last answer (a word found
    far ahead is not looked for again from every position before it)."""

    def __init__(self, text: str, word: str, accept: Callable[[int], bool] = lambda k: True):
        self._text, self._word, self._accept = text, word, accept
        self._from, self._found = 0, -2  # the first acceptable `word` at or after _from

    def __call__(self, pos: int) -> int:
        if self._found == -2 or pos < self._from or 0 <= self._found < pos:
            found = self._text.find(self._word, pos)
            while found >= 0 and not self._accept(found):
                found = self._text.find(self._word, found + 1)
            self._from, self._found = pos, found
        return self._found


def _md_links(text: str, opener: str) -> str:
    r"""Images (opener "![") are dropped and links (opener "[") keep their text: re.sub of
    !\[([^\]]*)\]\([^)]*\) → "" and of \[([^\]]+)\]\([^)]*\) → \1. A match at `i` closes at the
    first "]" after the opener, which "(" must follow, and then at the first ")"."""
    closing, parenthesis = _NextFrom(text, "]"), _NextFrom(text, ")")
    out: list[str] = []
    done = 0
    i = text.find(opener)
    while i >= 0:
        inner = i + len(opener)
        close = closing(inner)
        if close < 0:
            break
        if (opener == "![" or close > inner) and text.startswith("(", close + 1):
            end = parenthesis(close + 2)
            if end < 0:
                break
            out += [text[done:i], text[inner:close] if opener == "[" else ""]
            done = end + 1
            i = text.find(opener, done)
        else:
            i = text.find(opener, i + 1)
    out.append(text[done:])
    return "".join(out)


def _md_bold(text: str) -> str:
    r"""**bold** and __bold__ keep their words: re.sub of (\*\*|__)(?=\S)(.+?)(?<=\S)\1 → \2. A
    match at `i` closes at the first same delimiter at least one character on, after a non-space,
    on the same line."""
    def after_word(k: int) -> bool:
        return not text[k - 1].isspace()
    stars, unders = _NextFrom(text, "**"), _NextFrom(text, "__")
    closers = {"**": _NextFrom(text, "**", after_word), "__": _NextFrom(text, "__", after_word)}
    line_end = _NextFrom(text, "\n")
    out: list[str] = []
    done = 0
    i = _first_of(stars(0), unders(0))
    while i >= 0:
        mark = text[i:i + 2]
        close = closers[mark](i + 3)
        stop = line_end(i + 2)
        if text[i + 2:i + 3].strip() and close >= 0 and (stop < 0 or close + 2 <= stop):
            out += [text[done:i], text[i + 2:close]]
            done = close + 2
        i = _first_of(stars(max(done, i + 1)), unders(max(done, i + 1)))
    out.append(text[done:])
    return "".join(out)


def _first_of(a: int, b: int) -> int:
    """The smaller of two str.find results (-1: not found)."""
    return min(a, b) if a >= 0 and b >= 0 else max(a, b)


def _load_markdown(path: Path) -> tuple[str, str | None]:
    text, encoding = reading.read_text(path)
    return markdown_to_text(text), encoding


# ---------------------------------------------------------------------------- HTML

_HTML_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_to_text(html: str) -> str:
    """The visible text of an HTML page: no scripts, styles or head; one line per block.
    Read in time linear in the page, whatever it holds (see formats_html)."""
    return _tidy_lines(formats_html.visible_text(html))


def page_to_text(html: str) -> str:
    """The release in a saved web page: its article (title, date, body, credits) when one
    stands out from the site around it (see formats_article), else its whole visible text."""
    article = formats_article.article_text(html)
    return html_to_text(html) if article is None else _tidy_lines(article)


def detect_html_charset(data: bytes) -> str | None:
    """The charset a page declares by BOM or `<meta charset>` / http-equiv, if Python knows it."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def _decode_declared(data: bytes, charset: str) -> str | None:
    """The page decoded in its declared charset, or None when that cannot be right: bytes
    that do not decode, markup lost in decoding (a UTF-8 page declaring utf-16 decodes to
    CJK with no "<" left), or garbage (control or private-use characters)."""
    # Pages declaring gb2312 or gbk routinely contain GBK/GB18030 characters: use the superset.
    codec = "gb18030" if charset in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else charset
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    text = text.lstrip("\ufeff")
    if text.count("<") * 2 < data.count(b"<") or reading.looks_binary(text):
        return None
    return text


def _utf8_evidence(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8 with characters beyond ASCII: text in another
    encoding (GBK, Latin-1…) practically never is, so it outweighs a page's declaration."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_page(data: bytes, name: str) -> tuple[str, str]:
    """A page's text and charset: its BOM; else its declared charset when that decodes the
    bytes sensibly (valid UTF-8 beyond ASCII always reads as UTF-8; a declared UTF-16 or
    UTF-32 without a BOM cannot be true of a page whose declaration was read as ASCII);
    else the encoding detected as for a text file."""
    charset = detect_html_charset(data)
    from_bom = charset is not None and data.startswith(_HTML_BOMS)
    if charset and not from_bom:
        if _utf8_evidence(data):
            charset = "utf-8"
        elif charset.startswith(("utf-16", "utf-32")):
            charset = None
    if charset:
        html = _decode_declared(data, charset)
        if html is not None:
            return html, charset
    return reading.decode_bytes(data, name)


def _load_html(path: Path) -> tuple[str, str | None]:
    html, charset = _decode_page(reading.read_bytes(path), _name(path))
    return page_to_text(reading.normalize_newlines(html)), charset


_MIME_HEADERS_MAX = 64 * 1024  # the headers of a saved page or of one of its parts
_BOUNDARY = re.compile(rb"""boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))""", re.I)


def _load_mhtml(path: Path) -> tuple[str, str | None]:
    """A page saved whole by a browser (.mhtml/.mht: MIME multipart/related): its first HTML
    part, decoded from quoted-printable or base64, read as a saved .html page."""
    data = reading.read_bytes(path)
    part = mhtml_html_part(data)
    if part is None:
        raise InputError(
            f"无法读取网页文件“{_name(path)}”：其中没有 HTML 网页部分。请在浏览器中重新打开该网页并另存为 .html 或 .mhtml。",
            f"Cannot read the saved page {_name(path)}: it holds no HTML part. Open the page in a browser "
            "again and save it as .html or .mhtml.")
    body, charset = part
    if charset and not detect_html_charset(body):
        html = _decode_declared(body, charset.lower())
        if html is not None:
            return page_to_text(reading.normalize_newlines(html)), charset.lower()
    html, found = _decode_page(body, _name(path))
    return page_to_text(reading.normalize_newlines(html)), found


def mhtml_html_part(data: bytes) -> tuple[bytes, str | None] | None:
    """The decoded bytes and declared charset of the first text/html part of a MIME document
    (None if it has none). Parts are found by their boundary with bytes.find, and only their
    headers are parsed: the email package would build a message object per part."""
    import base64
    import binascii
    import quopri
    from email.parser import BytesHeaderParser

    head_end = _headers_end(data, 0)
    boundary = _BOUNDARY.search(data[:head_end][:_MIME_HEADERS_MAX])
    if boundary is None:
        parts = [(0, len(data))]
    else:
        mark = b"--" + (boundary.group(1) or boundary.group(2))
        cuts = []
        at = data.find(mark, head_end)
        while at >= 0:
            cuts.append(at)
            at = data.find(mark, at + len(mark))
        parts = [(a + len(mark), b) for a, b in zip(cuts, cuts[1:], strict=False)]
    for start, end in parts:
        start += 2 if data.startswith(b"\r\n", start) else 1 if data.startswith(b"\n", start) else 0
        split = _headers_end(data, start, end)
        if b"text/html" not in data[start:split][:_MIME_HEADERS_MAX].lower():
            continue  # a picture, a style sheet…: no need to parse its headers
        headers = BytesHeaderParser().parsebytes(data[start:split][:_MIME_HEADERS_MAX])
        if headers.get_content_type() != "text/html":
            continue
        body = data[split:end]
        encoding = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
        try:
            if encoding == "base64":
                body = base64.b64decode(body)
            elif encoding == "quoted-printable":
                body = quopri.decodestring(body)
        except (binascii.Error, ValueError):
            return None
        return body, headers.get_content_charset()
    return None


def _headers_end(data: bytes, start: int, end: int | None = None) -> int:
    """Where the body begins after the headers starting at `start` (after the blank line)."""
    end = len(data) if end is None else end
    found = [at + len(sep) for sep in (b"\r\n\r\n", b"\n\n") if 0 <= (at := data.find(sep, start, end))]
    return min(found) if found else end


# ---------------------------------------------------------------------------- Word (.docx)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "officeDocument")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .doc / .wps container
# Word saves a password-protected .docx as an OLE container holding this stream.
_OFFICE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ZIP_ENCRYPTED = 0x1  # general-purpose flag bit of an encrypted zip member
_RELS_MAX_BYTES = 1024 * 1024  # the package relationships: a few hundred bytes in practice
_ZIP_CHUNK = 64 * 1024


def _corrupt_docx(path: Path, detail_zh: str, detail_en: str) -> InputError:
    return InputError(
        f"无法读取 Word 文档“{_name(path)}”：{detail_zh}。请在 Word 或 WPS 中打开并另存为 .docx 或 .txt 后再导入。",
        f"Cannot read the Word document {_name(path)}: {detail_en}. "
        "Open it in Word or WPS, save it as .docx or .txt and import that file.",
    )


def _password_protected(path: Path) -> InputError:
    return InputError(
        f"无法读取 Word 文档“{_name(path)}”：文档设有密码（已加密）。请在 Word 或 WPS 中打开，取消密码后另存为 .docx 或 .txt 再导入。",
        f"Cannot read the Word document {_name(path)}: it is password-protected (encrypted). "
        "Open it in Word or WPS, remove the password, save it as .docx or .txt and import that file.",
    )


class _PartTooLarge(Exception):
    """A zip member inflated past its limit (raised by _read_member)."""

    def __init__(self, name: str, limit: int):
        super().__init__(name)
        self.name, self.limit = name, limit


def _read_member(package: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, read through a stream that stops after `limit` bytes whatever size
    the zip header declares: a 1 MB zip bomb never inflates past the limit in memory."""
    if info.file_size > limit:
        raise _PartTooLarge(info.filename, limit)
    chunks: list[bytes] = []
    total = 0
    with package.open(info) as stream:
        while chunk := stream.read(_ZIP_CHUNK):
            total += len(chunk)
            if total > limit:
                raise _PartTooLarge(info.filename, limit)
            chunks.append(chunk)
    return b"".join(chunks)


def _main_part_name(package: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (usually word/document.xml)."""
    try:
        rels = ElementTree.fromstring(_read_member(package, package.getinfo("_rels/.rels"),
                                                   _RELS_MAX_BYTES))
    except (KeyError, ElementTree.ParseError):
        return "word/document.xml"
    for rel in rels.iter(f"{_REL}Relationship"):
        target = rel.get("Target")
        if rel.get("Type") == _OFFICE_DOCUMENT and target:
            return str(PurePosixPath(target.lstrip("/")))
    return "word/document.xml"


def _read_main_part(path: Path, data: bytes) -> bytes:
    if data.startswith(_OLE_MAGIC):
        if _OFFICE_ENCRYPTED in data:
            raise _password_protected(path)
        raise _corrupt_docx(path, "这是旧版 .doc/.wps 格式，只是扩展名为 .docx",
                            "it is an old .doc/.wps file renamed to .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if any(info.flag_bits & _ZIP_ENCRYPTED for info in package.infolist()):
                raise _password_protected(path)
            return _read_member(package, package.getinfo(_main_part_name(package)), MAX_BYTES)
    except _PartTooLarge as error:
        cap = f"{reading.megabytes(error.limit)} MB"
        raise _corrupt_docx(path, f"其中的部件 {error.name} 解压后过大（超过 {cap}）",
                            f"its part {error.name} inflates to more than {cap}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError,
            zlib.error, struct.error, RuntimeError):
        raise _corrupt_docx(path, "文件已损坏或不是 Word 文档", "the file is damaged or not a "
                            "Word document") from None
    except KeyError:
        raise _corrupt_docx(path, "缺少正文部分（word/document.xml）",
                            "its main part (word/document.xml) is missing") from None


def docx_xml_to_text(xml: bytes) -> str:
    """The text of a WordprocessingML main part: one line per paragraph (w:p); tabs and
    breaks kept; deleted revisions and field codes left out.

    The part is given to expat in one piece and read through a parser target: no tree is
    built and nothing is recursive, so neither the size (20 MB of empty runs held 316 MB as
    elements) nor the nesting depth (thousands of elements) of a part can exhaust memory or
    the stack. Fed in pieces, expat (2.5) read a token cut by a piece's end again from its
    start at every piece: a part holding one huge attribute or comment took quadratic time."""
    if b"<!DOCTYPE" in xml[:2048].upper():
        raise ValueError("DTD in a Word document part")  # never legitimate; refuses entity bombs
    walk = _DocxWalk()
    reader = ElementTree.XMLParser(target=walk)
    reader.feed(xml)
    reader.close()
    return _tidy_lines("\n".join(walk.lines))


_W_P, _W_T = f"{_W}p", f"{_W}t"
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


class _DocxWalk:
    """A parser target that turns start, data and end calls into lines: each w:p collects the
    run text inside it (a w:p nested in another, as in a text box, is a line of its own,
    written first); the text outside any paragraph is dropped, and so is every mc:Fallback (a
    text box is stored twice: Choice and Fallback). The text of a w:t is what it holds before
    its first child element, as ElementTree's `text`. Only open paragraphs and w:t are held."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buffers: list[list[str] | None] = [None]  # per open w:p (None: nothing yet)
        self.skipped = 0  # depth inside mc:Fallback
        self.texts: list[list[str]] = []  # the text of each open w:t
        self.text_open = False  # the innermost element is a w:t and has had no child yet

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.text_open = False
        if tag == _MC_FALLBACK:
            self.skipped += 1
        elif self.skipped:
            pass
        elif tag == _W_P:
            self.buffers.append(None)
        elif tag == _W_T:
            self.texts.append([])
            self.text_open = True

    def data(self, data: str) -> None:
        if self.text_open and not self.skipped:
            self.texts[-1].append(data)

    def end(self, tag: str) -> None:
        self.text_open = False
        if tag == _MC_FALLBACK:
            self.skipped -= 1
        elif self.skipped:
            pass
        elif tag == _W_P:
            words = self.buffers.pop()
            if words:
                self.lines.append("".join(words))
        elif tag == _W_T:
            self._add("".join(self.texts.pop()))
        elif tag in _RUN_TEXT:
            self._add(_RUN_TEXT[tag])

    def close(self) -> None:
        """Called by the parser at the end of the part (nothing left to do)."""

    def _add(self, text: str) -> None:
        """Add run text to the innermost open paragraph (outside every paragraph: dropped)."""
        if len(self.buffers) == 1:
            return
        words = self.buffers[-1]
        if words is None:
            words = self.buffers[-1] = []
        words.append(text)


def _load_docx(path: Path) -> tuple[str, str | None]:
    xml = _read_main_part(path, reading.read_bytes(path))
    try:
        return docx_xml_to_text(xml), "docx"
    except (ElementTree.ParseError, ValueError):
        raise _corrupt_docx(path, "正文 XML 已损坏", "its document XML is damaged") from None


def _load_pdf(path: Path) -> tuple[str, str | None]:
    return formats_pdf.pdf_text(path, _name(path)), "pdf"


_LOADERS: dict[str, Callable[[Path], tuple[str, str | None]]] = {
    ".txt": _load_text,
    ".md": _load_markdown,
    ".html": _load_html,
    ".htm": _load_html,
    ".mhtml": _load_mhtml,
    ".mht": _load_mhtml,
    ".docx": _load_docx,
    ".pdf": _load_pdf,
}
