"""Importing releases saved as Markdown, HTML and Word files, and refusing what Zhiku cannot read."""
import html
import random
import zipfile
from xml.etree import ElementTree

import pytest

from desktop_app.core import formats, parser, reading
from desktop_app.core.errors import InputError
from tests.hostile import files as hostile
from tests.hostile import texts

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(runs_xml: str) -> str:
    return f"<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>{runs_xml}</w:p>"


def _run(text: str) -> str:
    return f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>'


def write_docx(path, paragraphs_xml: list[str]) -> None:
    """A minimal valid Word package: content types, package relationships, main part."""
    body = "".join(paragraphs_xml)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_W}"><w:body>{body}<w:sectPr/></w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", document)


def _outline(doc):
    return [(s.kind, s.number, s.heading) for s in doc.sections]


@pytest.fixture
def seed_text(seed_path):
    return reading.read_text(seed_path)[0]


def test_seed_saved_as_docx_reads_as_the_seed(tmp_path, seed_text):
    """Each Word paragraph is a line; runs split mid-word join up; empty paragraphs vanish."""
    paragraphs = []
    for line in seed_text.split("\n"):
        half = len(line) // 2
        paragraphs.append(_paragraph(_run(line[:half]) + _run(line[half:])))
        paragraphs.append("<w:p/>")
    path = tmp_path / "发布稿.docx"
    write_docx(path, paragraphs)

    doc = formats.load_release(path)

    assert doc.text == seed_text
    assert (doc.file, doc.encoding) == ("发布稿.docx", "docx")
    assert len(doc.sections) == 13
    assert _outline(doc) == _outline(parser.parse_text(seed_text))


def test_docx_tabs_and_line_breaks_are_kept(tmp_path):
    runs = _run("标题") + "<w:r><w:br/></w:r>" + _run("第二行") + "<w:r><w:tab/></w:r>" + _run("尾")
    path = tmp_path / "breaks.docx"
    write_docx(path, [_paragraph(runs), _paragraph(_run("正文：全市共配备网格员7600余人。"))])

    assert formats.load_release(path).text == "标题\n第二行\t尾\n正文：全市共配备网格员7600余人。"


def test_docx_deleted_revisions_are_left_out(tmp_path):
    deleted = '<w:del w:id="1" w:author="a"><w:r><w:delText>删掉的字</w:delText></w:r></w:del>'
    path = tmp_path / "tracked.docx"
    write_docx(path, [_paragraph(_run("保留") + deleted + _run("的文字"))])

    assert formats.load_release(path).text == "保留的文字"


def test_docx_text_box_is_read_once(tmp_path):
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = (f'<w:r><mc:AlternateContent xmlns:mc="{mc}">'
           f'<mc:Choice Requires="wps"><w:txbxContent>{_paragraph(_run("图片说明"))}</w:txbxContent></mc:Choice>'
           f'<mc:Fallback><w:txbxContent>{_paragraph(_run("图片说明"))}</w:txbxContent></mc:Fallback>'
           "</mc:AlternateContent></w:r>")
    path = tmp_path / "box.docx"
    write_docx(path, [_paragraph(_run("正文") + box)])

    assert formats.load_release(path).text.split("\n") == ["图片说明", "正文"]


def test_corrupt_docx_is_refused_with_its_name(tmp_path):
    path = tmp_path / "损坏.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)

    with pytest.raises(InputError) as caught:
        formats.load_release(path)
    assert "损坏.docx" in str(caught.value) and "损坏" in str(caught.value).replace("损坏.docx", "")
    assert "损坏.docx" in caught.value.english


def test_docx_without_main_part_is_refused(tmp_path):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)

    with pytest.raises(InputError, match="empty.docx"):
        formats.load_release(path)


def test_old_word_file_renamed_to_docx_gets_the_save_as_advice(tmp_path):
    path = tmp_path / "旧稿.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)

    with pytest.raises(InputError) as caught:
        formats.load_release(path)
    assert "旧稿.docx" in str(caught.value) and ".doc" in str(caught.value)


@pytest.mark.parametrize("name", ["通报.doc", "通报.wps", "通报.xlsx", "通报"])
def test_unreadable_formats_are_refused_with_save_as_advice(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 whatever")

    with pytest.raises(InputError) as caught:
        formats.load_release(path)
    message = str(caught.value)
    assert name in message and ".docx" in message and ".txt" in message and "另存为" in message
    assert name in caught.value.english and ".docx" in caught.value.english


@pytest.mark.parametrize(("name", "data"), [
    ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 8),
    ("archive.7z", b"7z\xbc\xaf\x27\x1c" + bytes(range(256)) * 8),
])
def test_other_binary_files_are_not_text_releases(tmp_path, name, data):
    """No advice to save a photo as .docx: it is simply not a text release."""
    path = tmp_path / name
    path.write_bytes(data)

    with pytest.raises(InputError) as caught:
        formats.load_release(path)
    assert name in str(caught.value) and "不是文字新闻稿" in str(caught.value)
    assert "另存为" not in str(caught.value) and "Save it as" not in caught.value.english
    assert "not a text release" in caught.value.english


def test_plain_text_with_another_suffix_is_told_to_rename(tmp_path, seed_text):
    path = tmp_path / "发布稿.text"
    path.write_text(seed_text, encoding="utf-8")

    with pytest.raises(InputError) as caught:
        formats.load_release(path)
    assert ".txt" in str(caught.value) and "扩展名" in str(caught.value) and "另存为" not in str(caught.value)
    assert "rename" in caught.value.english


def test_html_page_in_gbk_gives_the_seed_sections(tmp_path, seed_text):
    """Seed lines wrapped in <p>, with a GBK meta charset, a head, a script and a style."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in seed_text.split("\n"))
    page = ('<!DOCTYPE html><html><head><meta charset="gbk"><title>页面标题</title>'
            '<style>p { color: red }</style></head>\n<body>'
            f"<script>alert(1)</script>\n{body}\n</body></html>")
    path = tmp_path / "发布.html"
    path.write_bytes(page.encode("gbk"))

    doc = formats.load_release(path)

    assert doc.text == seed_text
    assert (doc.file, doc.encoding) == ("发布.html", "gbk")
    assert len(doc.sections) == 13
    assert _outline(doc) == _outline(parser.parse_text(seed_text))


def test_html_markup_is_never_kept_or_run(tmp_path):
    page = ('<html><body><h1>平安建设新闻发布会</h1>'
            '<div>全市配备网格员&nbsp;7600余人&#xff0c;满意度&gt;98%&amp;持续提升。'
            '<img src="x" onerror="alert(1)"><script type="text/javascript">'
            'document.write("<p>注入</p>")</script></div>'
            '<ul><li>一是强化基础</li><li>二是优化服务</li></ul><br>'
            '<table><tr><td>指标</td><td>数值</td></tr></table></body></html>')
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")

    text = formats.load_release(path).text

    assert text.split("\n") == [
        "平安建设新闻发布会",
        "全市配备网格员\u00a07600余人，满意度>98%&持续提升。",
        "一是强化基础",
        "二是优化服务",
        "指标 数值",
    ]


def test_html_source_wrapping_inside_chinese_adds_no_space(tmp_path):
    path = tmp_path / "wrapped.html"
    path.write_text("<p>道路交通\n      安全专项整治 English\n words</p>", encoding="utf-8")

    assert formats.load_release(path).text == "道路交通安全专项整治 English words"


def test_html_without_declared_charset_is_decoded_like_text(tmp_path):
    path = tmp_path / "plain.html"
    path.write_bytes("<p>全市共建成四级综治中心3033个。</p>".encode("gb18030"))

    doc = formats.load_release(path)

    assert doc.text == "全市共建成四级综治中心3033个。"
    assert doc.encoding == "gb18030"


def test_markdown_release_loses_its_markup(tmp_path):
    markdown = ("# 权威发布丨平安建设这十年\n\n"
                "十年来，全市**可防性案件**立案数下降85.7%。\n\n"
                "## 社会治理基层基础持续夯实\n\n"
                "- 全市共配备[网格员](http://example.org)7600余人。\n")
    path = tmp_path / "release.md"
    path.write_text(markdown, encoding="utf-16")

    doc = formats.load_release(path)

    assert doc.text.split("\n") == [
        "权威发布丨平安建设这十年",
        "十年来，全市可防性案件立案数下降85.7%。",
        "社会治理基层基础持续夯实",
        "全市共配备网格员7600余人。",
    ]
    assert doc.title == "权威发布丨平安建设这十年"
    assert doc.encoding.startswith("utf-16")


def test_text_release_in_gbk_reads_like_the_seed(tmp_path, seed_text):
    path = tmp_path / "seed-gbk.txt"
    path.write_bytes(seed_text.encode("gbk"))

    doc = formats.load_release(path)

    assert doc.text == seed_text
    assert doc.file == "seed-gbk.txt"
    assert len(doc.sections) == 13


def test_file_with_no_text_is_refused(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>")

    with pytest.raises(InputError, match="blank.html"):
        formats.load_release(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(InputError, match="nowhere.docx"):
        formats.load_release(tmp_path / "nowhere.docx")


def test_supported_suffixes_for_the_file_dialog():
    suffixes = formats.supported_suffixes()

    assert set(suffixes) == {".txt", ".md", ".html", ".htm", ".mhtml", ".mht", ".docx", ".pdf"}
    assert formats.is_supported("稿件.DOCX") and not formats.is_supported("稿件.doc")


@pytest.mark.parametrize("name", ["big.html", "big.docx"])
def test_every_format_has_the_same_size_limit_as_text(tmp_path, name):
    """A 25 MB web page or Word file is refused like a 25 MB .txt (one limit: reading's)."""
    path = tmp_path / name
    with open(path, "wb") as handle:
        handle.truncate(reading.MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InputError) as caught:
        formats.load_release(path)
    assert "过大" in caught.value.chinese and name in caught.value.chinese
    assert "too large" in caught.value.english


# ------------------------------------------------------------------ hostile files

GIB = 1024 * 1024 * 1024


@pytest.fixture
def inflated(monkeypatch):
    """Counts the bytes any zip member stream hands out (the work done inflating)."""
    counter = {"bytes": 0}
    original = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = original(self, n)
        counter["bytes"] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return counter


@pytest.mark.parametrize("part, limit", [("_rels/.rels", 1024 * 1024),
                                         ("word/document.xml", reading.MAX_BYTES)])
def test_docx_bomb_of_one_gib_is_refused_after_inflating_no_more_than_the_limit(
        tmp_path, inflated, part, limit):
    """A ~1 MB .docx whose part inflates to 1 GiB (headers telling the truth) is refused,
    naming the file and the part, once the bounded stream passes the part's limit."""
    path = hostile.docx_bomb(tmp_path, part=part, size=GIB)
    assert path.stat().st_size < 2 * 1024 * 1024

    with pytest.raises(InputError) as caught:
        formats.load_release(path)

    assert "bomb.docx" in caught.value.chinese and part in caught.value.chinese
    assert "过大" in caught.value.chinese and "inflates to more than" in caught.value.english
    assert inflated["bytes"] <= limit + 64 * 1024


@pytest.mark.parametrize("part, declared", [
    ("_rels/.rels", 1000), ("_rels/.rels", 900 * 1024),
    ("word/document.xml", 1000), ("word/document.xml", 15 * 1024 * 1024)])
def test_docx_bomb_whose_header_understates_its_size_is_refused_as_damaged(
        tmp_path, inflated, part, declared):
    """The stream stops where the header says the part ends; the part then fails its
    checksum: refused as damaged, having inflated no more than the declared size."""
    path = hostile.docx_bomb(tmp_path, part=part, size=GIB, declared=declared)

    with pytest.raises(InputError) as caught:
        formats.load_release(path)

    assert "bomb.docx" in caught.value.chinese and "损坏" in caught.value.chinese
    assert inflated["bytes"] <= declared


def test_docx_bomb_beyond_4_gib_is_refused_by_its_zip64_header(tmp_path, inflated):
    """The 2 MB file that reached 4.2 GB and exited 4 with OverflowError."""
    path = hostile.docx_bomb(tmp_path, part="_rels/.rels", size=4 * GIB + 200 * 1024 * 1024)

    with pytest.raises(InputError, match="过大"):
        formats.load_release(path)
    assert inflated["bytes"] == 0


def test_docx_of_5000_nested_elements_reads_its_text(tmp_path):
    """Nesting used to overflow the recursive walk (RecursionError, exit 4)."""
    path = hostile.nested_docx(tmp_path, depth=5000)

    doc = formats.load_release(path)

    assert doc.text.split("\n") == hostile.GOOD_RELEASE.strip().split("\n")


def test_docx_nested_deeper_than_any_stack_still_reads(tmp_path):
    doc = formats.load_release(hostile.nested_docx(tmp_path, depth=50_000))
    assert doc.text.endswith("（记者 张铭）")


@pytest.mark.parametrize("make", [hostile.zip_encrypted_docx, hostile.office_encrypted_docx])
def test_password_protected_docx_is_refused_with_advice(tmp_path, make):
    """No RuntimeError text or ZipInfo repr: a message saying it is password-protected."""
    path = make(tmp_path)

    with pytest.raises(InputError) as caught:
        formats.load_release(path)

    message = caught.value.bilingual()
    assert path.name in message and "密码" in message and "password-protected" in message
    assert "ZipInfo" not in message and "旧版" not in message


@pytest.mark.parametrize("declared", ["utf-16", "utf-16le", "utf-32", "iso-8859-1", "gbk"])
def test_html_whose_declared_charset_is_wrong_is_read_as_what_it_is(tmp_path, declared):
    """A UTF-8 page declaring another charset was imported as CJK garbage (markup and all)."""
    path = hostile.html_charset_lie(tmp_path, charset=declared)

    doc = formats.load_release(path)

    assert doc.text == hostile.GOOD_RELEASE.strip()
    assert doc.encoding == "utf-8"


def test_gbk_page_declaring_utf16_is_detected_as_gb18030(tmp_path):
    path = tmp_path / "gbk.html"
    path.write_bytes('<meta charset="utf-16"><p>全市共建成四级综治中心3033个。</p>'.encode("gbk"))

    doc = formats.load_release(path)

    assert (doc.text, doc.encoding) == ("全市共建成四级综治中心3033个。", "gb18030")


def test_bidi_controls_are_dropped_at_import(tmp_path):
    """U+202E and friends reorder the text on screen; they never reach the knowledge base."""
    doc = formats.load_release(hostile.bidi_release(tmp_path))

    assert not set(hostile.BIDI_CONTROLS) & set(doc.text)
    assert doc.text == hostile.GOOD_RELEASE
    assert doc.title == "淄博市推进网格化治理取得成效"


@pytest.mark.parametrize("make, kind", [(hostile.fifo, "FIFO"), (hostile.device_link, "device")])
@pytest.mark.parametrize("suffix", [".txt", ".html", ".docx", ".bin"])
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path, make, kind, suffix):
    """A FIFO blocked the import forever; a link to /dev/zero was read for 2.6 GB and then
    refused with an empty reason. Each is refused before a byte is read, with its reason."""
    path = make(tmp_path, name=f"r{suffix}")

    with hostile.hang_guard():
        with pytest.raises(InputError) as caught:
            formats.load_release(path)

    assert f"r{suffix}" in caught.value.chinese and kind in caught.value.english


def test_a_link_to_a_regular_file_is_read(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(hostile.GOOD_RELEASE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(target)

    assert formats.load_release(tmp_path / "link.txt").text == hostile.GOOD_RELEASE


def test_size_refusal_never_reads_as_within_the_limit(tmp_path):
    """One byte over 20 MB read "20.0 MB, limit 20 MB"."""
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.truncate(reading.MAX_BYTES + 1)

    with pytest.raises(InputError) as caught:
        formats.load_release(path)

    assert "20.1 MB" in caught.value.chinese and "超过 20 MB 上限" in caught.value.chinese
    assert "(20.1 MB, over the 20 MB limit)" in caught.value.english



@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx"])
def test_invisible_characters_inside_words_are_dropped_at_import(tmp_path, suffix):
    """Zero-width space, soft hyphen, BOM… inside a word were kept (only bidi controls were
    dropped): "网格\u200b化治理" then matched no search for 网格化治理."""
    doc = formats.load_release(hostile.invisible_release(tmp_path, name=f"invisible{suffix}"))

    assert not set(hostile.INVISIBLES) & set(doc.text)
    assert doc.text.strip() == hostile.GOOD_RELEASE.strip()
    assert doc.title == "淄博市推进网格化治理取得成效"


# --- the Word reader gives what the tree reader gave ------------------------------------------

_TREE_W = f"{{{_W}}}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TREE_RUN_TEXT = {f"{_TREE_W}t": lambda el: el.text or "", f"{_TREE_W}tab": lambda el: "\t",
                  f"{_TREE_W}br": lambda el: "\n", f"{_TREE_W}cr": lambda el: "\n",
                  f"{_TREE_W}noBreakHyphen": lambda el: "-"}


def _tree_docx_xml_to_text(xml: bytes) -> str:
    """The reader before: a pull parser building (and clearing) a tree, in 64 KB pieces."""
    reader = ElementTree.XMLPullParser(events=("start", "end"))

    def events():
        for offset in range(0, len(xml), 64 * 1024):
            reader.feed(xml[offset:offset + 64 * 1024])
            yield from reader.read_events()
        reader.close()
        yield from reader.read_events()
    lines, buffers, skipped = [], [[]], 0
    for event, element in events():
        if element.tag == _FALLBACK:
            skipped += 1 if event == "start" else -1
        elif skipped:
            pass
        elif element.tag == f"{_TREE_W}p":
            if event == "start":
                buffers.append([])
            else:
                lines.append("".join(buffers.pop()))
        elif event == "end" and element.tag in _TREE_RUN_TEXT:
            buffers[-1].append(_TREE_RUN_TEXT[element.tag](element))
        if event == "end":
            element.clear()
    return formats._tidy_lines("\n".join(lines))


def test_word_parts_read_as_the_tree_reader_read_them():
    """The reader of start/data/end calls (no tree: 20 MB of runs held 316 MB) gives what the
    tree reader gave, on random parts: nested paragraphs, text boxes, text outside paragraphs,
    text after a child of w:t."""
    rnd = random.Random(4)
    for _ in range(3000):
        xml = texts.random_word_part(rnd).encode()
        assert formats.docx_xml_to_text(xml) == _tree_docx_xml_to_text(xml), xml
