"""Read a press-release file into text: detect its encoding, drop the BOM, normalise line ends.

Releases arrive as UTF-8 (with or without BOM), UTF-16 with BOM (Windows "Unicode" saves)
and GB18030/GBK (Chinese Windows "ANSI" saves). Every offset the parser reports is a code
point index into the text returned here, so the normalisation happens in exactly one place.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from desktop_app.core.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # a press release is a few KB; 20 MB is certainly not one

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Signatures of common non-text files, to say "not a text file" rather than "cannot decode".
_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8",
          b"{\\rtf", b"\x7fELF")
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v")


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a file and return (text, encoding name); raise InputError when it is no release."""
    path = Path(path)
    name = path.name or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"找不到文件：{name}", f"File not found: {name}") from None
    except OSError as error:
        raise _unreadable(name, error) from None
    if path.is_dir():
        raise InputError(f"这是一个文件夹，不是文件：{name}", f"This is a folder, not a file: {name}")
    if size > MAX_BYTES:
        raise _too_large(name, size)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable(name, error) from None
    return decode_bytes(data, name)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a release's bytes to normalised text; `name` is used in error messages only."""
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    if not data.strip():
        raise _empty(name)
    text, encoding = _decode(data, name)
    text = normalize_newlines(text.lstrip("\ufeff"))
    if _looks_binary(text):
        raise _binary(name)
    if not text.strip():
        raise _empty(name)
    return text, encoding


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets mean the same on every platform."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise _undecodable(name) from None
    if data.startswith(_MAGIC):
        raise _binary(name)
    guessed = _utf16_without_bom(data)
    candidates = ([guessed] if guessed else []) + ["utf-8", "gb18030"]
    if b"\x00" in data and not guessed:
        raise _binary(name)
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _undecodable(name)


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from zero bytes at every other position (mostly ASCII/CJK text)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    half = len(data) // 2
    if odd_zeros > half * 0.3 and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros == 0:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """Control characters or private-use code points in bulk mean the bytes were not text."""
    sample = text[:20000]
    odd = sum(1 for ch in sample if ch in _CONTROL or "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd")
    return odd > max(2, len(sample) // 100)


def _too_large(name: str, size: int) -> InputError:
    mb = MAX_BYTES // (1024 * 1024)
    return InputError(
        f"文件过大（{size / 1048576:.1f} MB，上限 {mb} MB），不像是新闻发布稿：{name}",
        f"File too large ({size / 1048576:.1f} MB, limit {mb} MB) for a press release: {name}",
    )


def _empty(name: str) -> InputError:
    return InputError(f"文件是空的，没有正文：{name}", f"The file is empty (no text): {name}")


def _binary(name: str) -> InputError:
    return InputError(
        f"不是纯文本文件（可能是二进制、PDF 或 Word 文件）：{name}",
        f"Not a plain-text file (binary, PDF or Word?): {name}",
    )


def _undecodable(name: str) -> InputError:
    return InputError(
        f"无法识别文件编码（支持 UTF-8、UTF-16、GB18030/GBK）：{name}",
        f"Cannot decode the file (supported: UTF-8, UTF-16, GB18030/GBK): {name}",
    )


def _unreadable(name: str, error: OSError) -> InputError:
    reason = error.strerror or error.__class__.__name__
    return InputError(f"无法读取文件：{name}（{reason}）", f"Cannot read the file: {name} ({reason})")
