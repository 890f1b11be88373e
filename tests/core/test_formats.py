"""Importing releases saved as Markdown, HTML and Word files, and refusing what Zhiku cannot read."""
import html
import zipfile

import pytest

from desktop_app.core import formats, parser, reading
from desktop_app.core.errors import InputError

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


@pytest.mark.parametrize("name", ["通报.doc", "通报.wps", "通报.pdf", "通报.xlsx", "通报"])
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

    assert set(suffixes) == {".txt", ".md", ".html", ".htm", ".docx"}
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
