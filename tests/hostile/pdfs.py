"""PDF releases made at test time: text PDFs written by hand in the ways Chinese
PDFs encode their text, a scanned PDF (a picture, no text layer), an encrypted PDF, and PDFs
laid out by Qt (one column, two columns, tables; with or without their ToUnicode maps).

Each function writes into `folder` and returns the path it made, so the module serves the
tests, the extractor benchmark and a person reproducing a report by hand alike:

    python -c "from tests.hostile.pdfs import text_pdf; print(text_pdf('/tmp', 'x.pdf', '标题\\n正文'))"

The hand-written PDFs embed no font (a reader does not need one to extract text); the
encodings are those real Chinese PDFs use:
- "tounicode": Identity-H glyph ids (here arbitrary: 1, 2, 3 … per distinct character) that
  only the font's ToUnicode map turns into characters (Word, WPS, Qt, LibreOffice);
- "ucs2": the predefined CMap UniGB-UCS2-H of Adobe-GB1 (STSong-Light, no ToUnicode: older
  government PDFs made by Acrobat and iText);
- "gbk": the predefined CMap GBK-EUC-H, the text's bytes in GBK (no ToUnicode);
- "identity": glyph ids as in "tounicode" without the ToUnicode map (nothing says which
  character a glyph is: the text copies as garbage).
"""
from __future__ import annotations

import zlib
from pathlib import Path

PAGE_W, PAGE_H = 595, 842  # A4 in points
FONT_SIZE = 12
MARGIN = 56
LINE_CHARS = 36  # characters per line before a paragraph wraps (a CJK glyph is one em)


def _pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF file of `objects` (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def _wrap(text: str, width: int = LINE_CHARS) -> list[tuple[str, bool]]:
    """Lines of `text` as a PDF lays them out: each paragraph indented by two ideographic
    spaces' width except its first line of a title, cut every `width` characters; the flag
    says whether the line starts a paragraph."""
    lines: list[tuple[str, bool]] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        first = True
        while paragraph:
            cut = width - 2 if first else width
            lines.append((paragraph[:cut], first))
            paragraph, first = paragraph[cut:], False
    return lines


def _font_objects(encoding: str, chars: list[str], first: int) -> tuple[list[bytes], dict[str, bytes]]:
    """The font objects (numbered from `first`) and each character's shown bytes."""
    if encoding in ("tounicode", "identity"):
        codes = {ch: (i + 1).to_bytes(2, "big") for i, ch in enumerate(chars)}
        cmap = _to_unicode_cmap(codes)
        to_unicode = b"/ToUnicode %d 0 R " % (first + 2) if encoding == "tounicode" else b""
        font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
                b"/DescendantFonts [%d 0 R] %s>>" % (first + 1, to_unicode))
        cid = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity "
               b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
        return [font, cid, _stream(cmap)], codes
    cmap_name, codec = {"ucs2": (b"UniGB-UCS2-H", "utf-16-be"), "gbk": (b"GBK-EUC-H", "gbk")}[encoding]
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /%s "
            b"/DescendantFonts [%d 0 R] >>" % (cmap_name, first + 1))
    cid = (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
           b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 "
           b"/FontDescriptor %d 0 R >>" % (first + 2))
    descriptor = (b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
                  b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    return [font, cid, descriptor], {ch: ch.encode(codec) for ch in chars}


def _to_unicode_cmap(codes: dict[str, bytes]) -> bytes:
    entries = [b"<%s> <%s>" % (code.hex().encode(), ch.encode("utf-16-be").hex().encode())
               for ch, code in codes.items()]
    chunks = [entries[i:i + 100] for i in range(0, len(entries), 100)]
    body = b"".join(b"%d beginbfchar\n" % len(chunk) + b"\n".join(chunk) + b"\nendbfchar\n" for chunk in chunks)
    return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + body +
            b"endcmap CMapName currentdict /CMap defineresource pop end end\n")


def _page_contents(lines: list[tuple[str, bool]], codes: dict[str, bytes], columns: int) -> list[bytes]:
    """Content streams (one per page) showing `lines` in `columns` columns, column by column."""
    column_w = (PAGE_W - 2 * MARGIN) / columns
    per_column = int((PAGE_H - 2 * MARGIN) / (FONT_SIZE * 1.6))
    pages: list[bytes] = []
    per_page = per_column * columns
    for start in range(0, len(lines), per_page):
        ops = [b"BT /F1 %d Tf" % FONT_SIZE]
        for k, (line, first) in enumerate(lines[start:start + per_page]):
            column, row = divmod(k, per_column)
            x = MARGIN + column * column_w + (2 * FONT_SIZE if first else 0)
            y = PAGE_H - MARGIN - (row + 1) * FONT_SIZE * 1.6
            shown = b"".join(codes[ch] for ch in line).hex().encode()
            ops.append(b"1 0 0 1 %.2f %.2f Tm <%s> Tj" % (x, y, shown))
        ops.append(b"ET")
        pages.append(b"\n".join(ops))
    return pages


def text_pdf(folder: str | Path, name: str, text: str, encoding: str = "tounicode", columns: int = 1) -> Path:
    """A text PDF of `text` (one paragraph a line; wrapped at LINE_CHARS // columns characters),
    its text shown in `encoding` (see the module docstring), in `columns` columns."""
    width = LINE_CHARS if columns == 1 else LINE_CHARS // columns - 1
    lines = _wrap(text, width)
    chars = sorted({ch for line, _ in lines for ch in line})
    font_first = 3
    fonts, codes = _font_objects(encoding, chars, font_first)
    contents = _page_contents(lines, codes, columns)
    page_first = font_first + len(fonts)
    kids = b" ".join(b"%d 0 R" % (page_first + 2 * i) for i in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)), *fonts]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> "
                       b"/Contents %d 0 R >>" % (PAGE_W, PAGE_H, font_first, page_first + 2 * i + 1))
        objects.append(_stream(content))
    path = Path(folder) / name
    path.write_bytes(_pdf_bytes(objects))
    return path


def scanned_pdf(folder: str | Path, name: str = "scanned.pdf", pages: int = 2, width: int = 200,
                height: int = 280) -> Path:
    """A PDF as a scanner makes it: each page one grey picture of width × height, no text at all."""
    pixels = bytes((x * 7 + y * 3) % 256 for y in range(height) for x in range(width))
    kids = b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    for i in range(pages):
        first = 3 + 3 * i
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im1 %d 0 R >> >> "
                       b"/Contents %d 0 R >>" % (PAGE_W, PAGE_H, first + 1, first + 2))
        objects.append(_stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                                       b"/ColorSpace /DeviceGray /BitsPerComponent 8 " % (width, height)))
        objects.append(_stream(b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (PAGE_W, PAGE_H)))
    path = Path(folder) / name
    path.write_bytes(_pdf_bytes(objects))
    return path


def flate_bomb_pdf(folder: str | Path, name: str = "bomb.pdf", inflated_mib: int = 1024, disguise: str = "") -> Path:
    """A small PDF whose one page's drawing inflates to `inflated_mib` MiB of spaces (1 GiB
    from about 1 MB): a reader that inflates it whole runs out of memory. `disguise`:
    "image" (its dict says it is a 1×1 picture) or "endstream" (a stored block early in its
    compressed data holds the bytes "endstream"; its /Length is indirect)."""
    packer = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    packed = b"".join(packer.compress(block) for _ in range(inflated_mib)) + packer.flush()
    length = b"%d" % len(packed)
    extra = b"/Subtype /Image /Width 1 /Height 1 " if disguise == "image" else b""
    if disguise == "endstream":
        stored = zlib.compressobj(0, zlib.DEFLATED, -15)
        raw = stored.compress(b"\nendstream\nendobj\n") + stored.flush(zlib.Z_FULL_FLUSH)
        tail = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = raw + b"".join(tail.compress(block) for _ in range(inflated_mib)) + tail.flush()
        check = zlib.adler32(b"\nendstream\nendobj\n")
        for _ in range(inflated_mib):
            check = zlib.adler32(block, check)
        packed = b"\x78\x01" + body + check.to_bytes(4, "big")
        length = b"5 0 R"
    content = b"<< /Length %s /Filter /FlateDecode %s>>\nstream\n" % (length, extra) + packed + b"\nendstream"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>" % (PAGE_W, PAGE_H), content,
               b"%d" % (len(packed))]
    path = Path(folder) / name
    path.write_bytes(_pdf_bytes(objects))
    return path


def many_pages_pdf(folder: str | Path, name: str = "pages.pdf", pages: int = 5000) -> Path:
    """A PDF of `pages` empty pages sharing one (empty) drawing: a few bytes a page."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               _stream(b"")]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 3 0 R >>" % (PAGE_W, PAGE_H)] * pages
    path = Path(folder) / name
    path.write_bytes(_pdf_bytes(objects))
    return path


def encrypted_pdf(folder: str | Path, name: str = "encrypted.pdf", text: str = "标题\n正文。",
                  user_password: str = "secret") -> Path:
    """A text PDF protected by a password (RC4 128-bit, which needs no crypto library to write);
    with an empty `user_password` it opens without one, as "restricted" PDFs do."""
    from pypdf import PdfReader, PdfWriter  # a test dependency

    plain = text_pdf(folder, "plain-" + name, text)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    path = Path(folder) / name
    with path.open("wb") as out:
        writer.write(out)
    plain.unlink()
    return path


def strip_to_unicode(source: str | Path, folder: str | Path, name: str) -> Path:
    """A copy of a PDF whose fonts have lost their ToUnicode maps (as some converters write
    them): only the embedded fonts themselves still say which glyph is which character."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(source))
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            if NameObject("/ToUnicode") in font:
                del font[NameObject("/ToUnicode")]
    path = Path(folder) / name
    with path.open("wb") as out:
        writer.write(out)
    return path


def qt_pdf(folder: str | Path, name: str, text: str, layout: str = "plain") -> Path:
    """A PDF laid out and written by Qt (QTextDocument printed to a QPdfWriter, the font
    embedded with its ToUnicode map), as Zhiku's own export writes them. `layout`: "plain"
    (title, paragraphs), "columns" (the body in two columns, a table of two cells) or "table"
    (each paragraph's figures also in a table of several columns). Needs a QGuiApplication."""
    import html

    from PySide6.QtGui import QFontDatabase, QPageSize, QPdfWriter, QTextDocument

    from desktop_app.ui.fonts import BUNDLED_FONT

    QFontDatabase.addApplicationFont(str(BUNDLED_FONT))
    title, *paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    body = "".join(f"<p style='text-indent:2em'>{html.escape(p)}</p>" for p in paragraphs)
    if layout == "columns":
        half = len(paragraphs) // 2
        left = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[:half])
        right = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[half:])
        body = f"<table width='100%' cellspacing='12'><tr><td width='50%'>{left}</td><td width='50%'>{right}</td></tr></table>"
    elif layout == "table":
        rows = "".join(f"<tr><td>{i + 1}</td><td>{html.escape(p[:12])}</td><td>{html.escape(p[12:24])}</td></tr>"
                       for i, p in enumerate(paragraphs[:8]))
        body += f"<table border='1' cellspacing='0' cellpadding='3'><tr><th>序号</th><th>项目</th><th>说明</th></tr>{rows}</table>"
    doc = QTextDocument()
    doc.setDefaultStyleSheet("body { font-family: 'WenQuanYi Micro Hei', 'Droid Sans Fallback'; font-size: 12pt }")
    doc.setHtml(f"<html><body><h2 align='center'>{html.escape(title)}</h2>{body}</body></html>")
    path = Path(folder) / name
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    doc.print_(writer)
    del writer
    return path
