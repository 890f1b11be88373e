"""Reading release files: encodings, BOMs, line ends, and the files Zhiku must refuse."""
import codecs

import pytest

from desktop_app.core import reading
from desktop_app.core.errors import InputError
from desktop_app.core.reading import decode_bytes, read_text

SAMPLE = "淄博市刑事犯罪案件立案数下降36.01%\n网格员7600余人\n"


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gb18030", "gbk"],
)
def test_each_supported_encoding_gives_the_same_text(tmp_path, data, encoding):
    """UTF-8 (BOM or not), UTF-16 with BOM and GB18030/GBK all decode to the same text, BOM dropped."""
    text, found = read_text(_write(tmp_path, "release.txt", data))
    assert text == SAMPLE
    assert found == encoding


def test_gb18030_only_characters_survive(tmp_path):
    """Characters outside GBK (here 𠀀 and ·) still decode from a GB18030 file."""
    original = "𠀀市统计局·数据发布\n"
    text, encoding = read_text(_write(tmp_path, "gb.txt", original.encode("gb18030")))
    assert (text, encoding) == (original, "gb18030")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_become_lf(tmp_path, newline):
    data = SAMPLE.replace("\n", newline).encode("utf-8")
    text, _ = read_text(_write(tmp_path, "crlf.txt", data))
    assert text == SAMPLE
    assert "\r" not in text


def test_utf16_crlf_with_bom(tmp_path):
    """A Windows Notepad "Unicode" save: UTF-16 LE, BOM and CRLF."""
    data = codecs.BOM_UTF16_LE + SAMPLE.replace("\n", "\r\n").encode("utf-16-le")
    assert read_text(_write(tmp_path, "notepad.txt", data)) == (SAMPLE, "utf-16-le")


def test_chinese_file_name_and_folder(tmp_path):
    folder = tmp_path / "新闻发布稿"
    folder.mkdir()
    path = _write(folder, "平安淄博这十年.txt", SAMPLE.encode("utf-8"))
    assert read_text(path)[0] == SAMPLE
    assert read_text(str(path))[0] == SAMPLE


def test_binary_file_is_refused_naming_the_file(tmp_path):
    path = _write(tmp_path, "图片.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert "图片.png" in str(caught.value)
    assert "图片.png" in caught.value.english
    assert "不是纯文本" in str(caught.value)


def test_random_bytes_with_zeros_are_refused(tmp_path):
    path = _write(tmp_path, "data.bin", bytes(range(256)) * 16)
    with pytest.raises(InputError, match="data.bin"):
        read_text(path)


def test_undecodable_bytes_are_refused(tmp_path):
    """Bytes that are neither UTF-8 nor GB18030 (0xFF never appears in either)."""
    path = _write(tmp_path, "bad.txt", "正文".encode() + b"\xff\xfe\xff\xff" * 8)
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert "bad.txt" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", "\u3000\u3000\n".encode("utf-8"),
                                  codecs.BOM_UTF8], ids=["empty", "spaces", "ideographic", "bom-only"])
def test_empty_or_blank_file_is_refused(tmp_path, data):
    path = _write(tmp_path, "空白.txt", data)
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert "空白.txt" in str(caught.value)
    assert "empty" in caught.value.english


def test_oversize_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(reading.MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert "huge.txt" in str(caught.value)
    assert "too large" in caught.value.english


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(InputError, match="不存在.txt"):
        read_text(tmp_path / "不存在.txt")
    with pytest.raises(InputError, match="文件夹"):
        read_text(tmp_path)


def test_decode_bytes_names_the_given_file():
    assert decode_bytes("标题\r\n正文\r\n".encode(), "a.txt") == ("标题\n正文\n", "utf-8")
    with pytest.raises(InputError, match="来稿.txt"):
        decode_bytes(b"", "来稿.txt")
