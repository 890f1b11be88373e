"""The self-test's PDF reader (no PDF library in the bundle) reads text the way Qt writes it."""
import zlib

from desktop_app.selftest import parse_cmap, pdf_text

CMAP = b"""/CIDInit /ProcSet findresource begin
begincmap
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfrange
<0000> <0000> <0000>
<0001> <0003> [<7F51> <683C> <5458>]
endbfrange
1 beginbfchar
<0004> <6CBB>
endbfchar
endcmap"""


def _pdf(content: bytes) -> bytes:
    """A one-page PDF shaped like Qt's: Type0 font, ToUnicode CMap, deflated content stream."""
    packed = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F5 5 0 R >> >> >>",
        b"<< /Length 7 0 R /Filter /FlateDecode >>\nstream\n" + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(CMAP) + CMAP + b"\nendstream",
        b"%d" % len(packed),
        b"<< /Type /FontDescriptor /FontName /QEBAAA+WenQuanYiMicroHei /FontFile2 9 0 R >>",
    ]
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, obj) for n, obj in enumerate(objects, 1))
    return b"%PDF-1.4\n" + body + b"%%EOF\n"


def test_cmap_ranges_and_single_codes_map_to_characters():
    assert parse_cmap(CMAP.decode()) == {0: "\x00", 1: "网", 2: "格", 3: "员", 4: "治"}


def test_text_comes_back_in_order_without_the_fake_bold_copy():
    content = (b"BT /F5 12 Tf 1 0 0 -1 0 0 Tm 10 10 Td <0001> Tj 12 0 Td <0002> Tj\n"
               b"/Span << /ActualText <> >> BDC <00010002> Tj EMC\n"
               b"[<0003> -20 <0004>] TJ ET")
    text = pdf_text(_pdf(content))
    assert (text.text, text.unmapped, text.embedded_fonts) == ("网格员治", 0, ["WenQuanYiMicroHei"])


def test_glyphs_without_a_character_are_counted_as_boxes():
    text = pdf_text(_pdf(b"BT /F5 12 Tf <0001 0000 0009> Tj ET"))
    assert (text.text, text.unmapped) == ("网", 2)
