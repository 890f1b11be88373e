"""`python -m desktop_app parse FILE [--json]` as a user runs it: output shape and exit codes."""
import codecs
import html
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_fdae50e4b2650f6d.txt"

DOCUMENT_KEYS = ["title", "dateline", "issuer", "file", "encoding", "credits", "warnings", "sections", "metrics"]
SECTION_KEYS = ["kind", "number", "keyword", "heading", "start", "end", "level", "parent"]
METRIC_KEYS = ["text", "start", "end", "value", "low", "high", "unit", "qualifier", "kind", "label",
               "trend", "period", "sentence_start", "sentence_end", "section", "borderline"]


def _parse(*args):
    return subprocess.run([sys.executable, "-m", "desktop_app", "parse", *map(str, args)],
                          capture_output=True, cwd=REPO, timeout=60)


@pytest.fixture(scope="module")
def seed_json():
    result = _parse(SEED, "--json")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return json.loads(result.stdout.decode("utf-8"))


def test_json_has_the_documented_shape(seed_json):
    assert list(seed_json) == DOCUMENT_KEYS
    assert list(seed_json["credits"]) == ["reporter", "editor", "duty_editor", "proofreader", "final_reviewer"]
    assert all(list(s) == SECTION_KEYS for s in seed_json["sections"])
    assert seed_json["metrics"], "the seed has figures"
    assert all(list(m) == METRIC_KEYS for m in seed_json["metrics"])


def test_json_content_of_the_seed(seed_json):
    gold = json.loads((REPO / "tests" / "data" / "seed.gold.json").read_text(encoding="utf-8"))
    assert seed_json["title"] == gold["title"]
    assert (seed_json["dateline"], seed_json["issuer"]) == ("10月14日", "中共淄博市委宣传部")
    assert seed_json["encoding"] == "utf-8"
    assert seed_json["file"].endswith("000_fdae50e4b2650f6d.txt")
    assert seed_json["sections"] == gold["sections"]
    assert seed_json["warnings"] == []
    lead = seed_json["sections"][0]
    assert lead["heading"] is None and lead["keyword"] is None  # absent values are null


def test_json_is_utf8_not_ascii_escaped():
    out = _parse(SEED, "--json").stdout
    assert "淄博".encode() in out
    assert b"\\u" not in out


def test_readable_output_lists_sections_and_their_figures():
    result = _parse(SEED)
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert out.startswith("标题 title: 权威发布丨纵深推进平安淄博各项建设")
    assert "10月14日" in out and "中共淄博市委宣传部" in out
    assert "[成效 achievement 1] 社会大局保持和谐稳定" in out
    assert "[重点 priority 1] [实] 围绕一个“实”字" in out
    after_first_area = out.split("社会大局保持和谐稳定", 1)[1].split("社会治理基层基础", 1)[0]
    assert "400余件(次)" in after_first_area  # figures are listed under their section


def test_utf16_file_with_chinese_name(tmp_path):
    path = tmp_path / "平安淄博发布稿.txt"
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    result = _parse(path, "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout.decode("utf-8"))
    assert data["encoding"] == "utf-16-le"
    assert data["file"].endswith("平安淄博发布稿.txt")
    assert len(data["sections"]) == 13


@pytest.mark.parametrize(("name", "data"), [
    ("空文件.txt", b""),
    ("照片.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8),
])
def test_unreadable_input_exits_2_with_one_bilingual_line(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = _parse(path, "--json")
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode("utf-8").strip()
    assert len(err.splitlines()) == 1
    assert name in err and " / " in err
    assert "Traceback" not in err


def test_missing_file_exits_2(tmp_path):
    result = _parse(tmp_path / "没有这个文件.txt")
    assert result.returncode == 2
    assert "没有这个文件.txt" in result.stderr.decode("utf-8")


def _docx(path, lines):
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{html.escape(line)}</w:t></w:r></w:p>' for line in lines)
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml",
                         f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')


def test_parse_reads_what_import_reads_html_and_docx(tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    page = tmp_path / "发布.html"
    page.write_bytes(('<html><head><meta charset="gbk"><title>x</title></head><body>'
                      + "".join(f"<p>{html.escape(line)}</p>" for line in lines)
                      + "</body></html>").encode("gbk"))
    word = tmp_path / "发布.docx"
    _docx(word, lines)
    for path, encoding in ((page, "gbk"), (word, "docx")):
        result = _parse(path, "--json")
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
        data = json.loads(result.stdout.decode("utf-8"))
        assert (data["file"], data["encoding"]) == (str(path), encoding)
        assert len(data["sections"]) == 13 and data["title"].startswith("权威发布")


@pytest.mark.parametrize(("name", "data", "advice"), [
    ("旧稿.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "另存为 .docx 或 .txt"),
    ("损坏.pdf", b"%PDF-1.4\n" + bytes(range(256)), "重新导出 PDF"),
    ("照片.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "不是文字新闻稿"),
])
def test_parse_refuses_like_import(tmp_path, name, data, advice):
    path = tmp_path / name
    path.write_bytes(data)
    result = _parse(path)
    assert result.returncode == 2 and result.stdout == b""
    err = result.stderr.decode("utf-8").strip()
    assert len(err.splitlines()) == 1 and name in err and advice in err
    if advice == "不是文字新闻稿":  # a picture is not to be "saved as .docx"
        assert "另存为" not in err and "Save it as" not in err
