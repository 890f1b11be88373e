"""Read a press-release file into text: detect its encoding, drop the BOM, normalise line ends.

Releases arrive as UTF-8 (with or without BOM), UTF-16 with BOM (Windows "Unicode" saves)
and GB18030/GBK (Chinese Windows "ANSI" saves). Every offset the parser reports is a code
point index into the text returned here, so the normalisation happens in exactly one place.
"""
from __future__ import annotations

import codecs
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.errors import InputError
from desktop_app.core.patterns import lazy

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
# The invisible format characters, the one list Zhiku keeps (terminal.py escapes them for the
# terminal and the log; search_index.py drops them from queries). Bidi embeddings, overrides and isolates reorder what
# follows on screen ("下降36.01%" can show as "%10.63降下"); the others (soft hyphen, Mongolian
# vowel separator, zero-width space/non-joiner/joiner, direction marks, word joiner and the
# invisible operators, BOM) show nothing, yet a word holding one matches neither its plain
# spelling nor a query: "网格\u200b员" was found by no search. Dropped at import and from queries.
_BIDI_RANGES = "\u202a-\u202e\u2066-\u2069"
INVISIBLE_RANGES = "\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff" + _BIDI_RANGES
INVISIBLE = lazy(f"[{INVISIBLE_RANGES}]")
_SURROGATE = lazy("[\ud800-\udfff]")
# What looks_binary counts: control characters other than \t \n \v \f \r, private-use code
# points (U+E000–U+F8FF) and U+FFFD.
_ODD = lazy(r"[\x00-\x08\x0e-\x1f\ue000-\uf8ff\ufffd]")
_READ_CHUNK = 1024 * 1024
# A FIFO opened for reading would block until a writer comes: open without waiting, then
# refuse it (on systems without O_NONBLOCK, the type check before opening stands alone).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
_KINDS = (  # (test on st_mode, Chinese, English) for what is not a regular file
    (stat.S_ISDIR, "这是一个文件夹，不是文件", "this is a folder, not a file"),
    (stat.S_ISFIFO, "这是命名管道（FIFO），不是普通文件", "it is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "这是设备文件，不是普通文件", "it is a device, not a regular file"),
    (stat.S_ISBLK, "这是设备文件，不是普通文件", "it is a device, not a regular file"),
    (stat.S_ISSOCK, "这是套接字，不是普通文件", "it is a socket, not a regular file"),
)


def display_name(name: str) -> str:
    """`name` fit to show and to store for display: a file name that is not UTF-8 (a GBK name
    from a Windows zip: os.fsdecode gives lone surrogates, which cannot be printed or stored
    as text) gets U+FFFD for each undecodable byte; invisible characters are dropped."""
    return strip_invisible(_SURROGATE.sub("\ufffd", name))


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a file and return (text, encoding name); raise InputError when it is no release."""
    path = Path(path)
    name = display_name(path.name or str(path))
    return decode_bytes(read_bytes(path), name)


def read_bytes(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file (a symbolic link to one is fine), at most `limit` of them.

    Raises InputError naming the file at once for a folder, FIFO, device or socket (a FIFO
    would block forever; /dev/zero never ends), and for a file over `limit` bytes, counted
    while reading, so a file that grows or misreports its size is still bounded."""
    path = Path(path)
    name = display_name(path.name or str(path))
    try:
        _check_regular(os.stat(path).st_mode, name)
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise InputError(f"找不到文件：{name}", f"File not found: {name}") from None
    except IsADirectoryError:
        raise _not_regular(name, *_KINDS[0][1:]) from None
    except OSError as error:
        raise _unreadable(name, error) from None
    try:
        _check_regular(os.fstat(fd).st_mode, name)  # what was opened, should it have changed
        size = os.fstat(fd).st_size
        if size > limit:
            raise _too_large(name, size, limit)
        return _read_at_most(fd, limit, name)
    except OSError as error:
        raise _unreadable(name, error) from None
    finally:
        os.close(fd)


def _check_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    for test, chinese, english in _KINDS:
        if test(mode):
            raise _not_regular(name, chinese, english)
    raise _not_regular(name, "这不是普通文件", "it is not a regular file")


def _read_at_most(fd: int, limit: int, name: str) -> bytes:
    """Read to the end, refusing as soon as more than `limit` bytes came."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, min(_READ_CHUNK, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(name, None, limit)
    return b"".join(chunks)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a release's bytes to normalised text; `name` is used in error messages only."""
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    if not data.strip():
        raise _empty(name)
    text, encoding = _decode(data, name)
    text = normalize_newlines(text.lstrip("\ufeff"))
    if looks_binary(text):
        raise _binary(name)
    if not text.strip():
        raise _empty(name)
    return text, encoding


def strip_invisible(text: str) -> str:
    """`text` without the invisible format characters (see INVISIBLE): what a reader sees
    is what is stored, indexed and searched."""
    return INVISIBLE.sub("", text)


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


def looks_binary(text: str) -> bool:
    """Control characters or private-use code points in bulk mean the bytes were not text."""
    sample = text[:20000]
    odd = len(_ODD.findall(sample))  # one regex pass, not a Python loop over 20,000 characters
    return odd > max(2, len(sample) // 100)


def _too_large(name: str, size: int | None, limit: int = MAX_BYTES) -> InputError:
    """The refusal of a file (or part) over `limit` bytes; `size` None when only the limit is
    known (reading stopped there). The size is rounded up, so it never reads as ≤ the limit."""
    cap = megabytes(limit, math.floor)
    if size is None:
        return InputError(f"文件过大（超过 {cap} MB 上限），不像是新闻发布稿：{name}",
                          f"File too large (over the {cap} MB limit) for a press release: {name}")
    shown = megabytes(size, math.ceil)
    return InputError(
        f"文件过大（{shown} MB，超过 {cap} MB 上限），不像是新闻发布稿：{name}",
        f"File too large ({shown} MB, over the {cap} MB limit) for a press release: {name}",
    )


def megabytes(size: int, rounding: Callable[[float], int] = math.floor) -> str:
    """`size` in MB with one decimal at most ("20", "20.1"), rounded with `rounding` (down
    for a limit, up for a size refused against it: never "20.0 MB, limit 20 MB")."""
    tenths = rounding(size * 10 / (1024 * 1024))
    return f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def _not_regular(name: str, chinese: str, english: str) -> InputError:
    return InputError(f"无法导入“{name}”：{chinese}。", f"Cannot import {name}: {english}.")


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
