"""Hostile input files for imports: zip bombs, nested and encrypted Word files,
names that are not UTF-8, FIFOs and device links, deep folder trees, HTML whose charset
lies, text with bidi overrides.

Each function writes into `folder` and returns the path it made, so the module serves the
tests and a person reproducing a report by hand alike:

    python -c "from tests.hostile.files import docx_bomb; print(docx_bomb('/tmp'))"

Nothing here is large on disk: a 1 GiB bomb is about 1 MB.
"""
from __future__ import annotations

import contextlib
import os
import signal
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

GOOD_RELEASE = (
    "淄博市推进网格化治理取得成效\n"
    "10月14日，中共淄博市委宣传部召开新闻发布会。\n"
    "一、主要成效\n"
    "全市刑事警情同比下降36.01%，化解矛盾纠纷近3万起。\n"
    "（记者 张铭）\n"
)
DOCUMENT_TYPE = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                 "officeDocument")
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{DOCUMENT_TYPE}" Target="word/document.xml"/>'
    "</Relationships>"
).encode()
_MIB = 1024 * 1024


def document_xml(paragraphs: list[str]) -> bytes:
    """A minimal WordprocessingML main part holding `paragraphs`, one w:p each."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W_NS}">'
            f"<w:body>{body}</w:body></w:document>").encode()


# ----------------------------------------------------------------------- zip writing

@dataclass
class Member:
    """One zip member: its stored bytes (deflated raw or stored) and what the headers say."""

    name: str
    data: bytes | list[bytes]  # the bytes as stored in the zip; a list is concatenated
    size: int  # the uncompressed size written into the headers (may lie)
    crc: int
    deflated: bool = True
    flags: int = 0  # bit 0: encrypted

    def stored_len(self) -> int:
        return sum(map(len, self.data)) if isinstance(self.data, list) else len(self.data)


def plain_member(name: str, content: bytes, *, flags: int = 0) -> Member:
    """A member holding `content`, deflated, with true sizes and CRC."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packer.compress(content) + packer.flush()
    return Member(name, raw, len(content), zlib.crc32(content), flags=flags)


def zeros_member(name: str, size: int, *, declared: int | None = None) -> Member:
    """A member that inflates to `size` zero bytes from about size/1000 stored bytes
    (one deflate block repeated); `declared` puts another size in the headers."""
    chunk = bytes(_MIB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)  # self-contained block
    whole, rest = divmod(size, _MIB)
    tail = packer.compress(bytes(rest)) + packer.flush(zlib.Z_FINISH)
    return Member(name, [block] * whole + [tail], size if declared is None else declared,
                  _zeros_crc(size))


def _zeros_crc(size: int) -> int:
    """CRC-32 of `size` zero bytes in O(log size) steps, so the bomb is a valid zip: the CRC
    register's update for one zero bit is linear over GF(2); apply its size*8-th power to
    the initial register (the method of zlib's crc32_combine)."""
    def times(matrix: list[int], vector: int) -> int:
        total, bit = 0, 0
        while vector:
            if vector & 1:
                total ^= matrix[bit]
            vector, bit = vector >> 1, bit + 1
        return total

    operator = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    register, bits = 0xFFFFFFFF, size * 8
    while bits:
        if bits & 1:
            register = times(operator, register)
        operator = [times(operator, column) for column in operator]
        bits >>= 1
    return register ^ 0xFFFFFFFF


def write_zip(path: Path, members: list[Member]) -> Path:
    """Write a zip by hand (zipfile cannot store pre-deflated data or lie about sizes);
    zip64 fields are used when a size needs them."""
    central: list[bytes] = []
    with open(path, "wb") as out:
        for member in members:
            offset = out.tell()
            name = member.name.encode()
            method = 8 if member.deflated else 0
            big = member.size >= 0xFFFFFFFF or member.stored_len() >= 0xFFFFFFFF
            sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (member.stored_len(), member.size)
            extra = struct.pack("<HHQQ", 1, 16, member.size, member.stored_len()) if big else b""
            flags = member.flags | 0x800  # UTF-8 names
            out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 45 if big else 20, flags,
                                  method, 0, 0x21, member.crc, sizes[0], sizes[1],
                                  len(name), len(extra)) + name + extra)
            for piece in member.data if isinstance(member.data, list) else [member.data]:
                out.write(piece)
            cextra = (struct.pack("<HHQQQ", 1, 24, member.size, member.stored_len(), offset)
                      if big else b"")
            central.append(struct.pack(
                "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 45, 45 if big else 20, flags, method, 0,
                0x21, member.crc, sizes[0], sizes[1], len(name), len(cextra), 0, 0, 0, 0,
                0xFFFFFFFF if big else offset) + name + cextra)
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members),
                              len(directory), start, 0))
    return path


# ------------------------------------------------------------------------- Word files

def good_docx(folder, name: str = "good.docx") -> Path:
    """A small, valid Word file holding GOOD_RELEASE."""
    return write_zip(Path(folder) / name, [
        plain_member("_rels/.rels", _RELS),
        plain_member("word/document.xml", document_xml(GOOD_RELEASE.splitlines())),
    ])


def docx_bomb(folder, name: str = "bomb.docx", *, part: str = "_rels/.rels",
              size: int = 1024 * _MIB, declared: int | None = None) -> Path:
    """A .docx whose `part` (the package relationships, the main document or any other
    member) inflates to `size` bytes (default 1 GiB from a ~1 MB file); `declared` is the
    size its headers claim (default: the truth)."""
    members = [plain_member("_rels/.rels", _RELS),
               plain_member("word/document.xml", document_xml(GOOD_RELEASE.splitlines()))]
    members = [m for m in members if m.name != part]
    members.insert(0, zeros_member(part, size, declared=declared))
    return write_zip(Path(folder) / name, members)


def nested_docx(folder, name: str = "nested.docx", *, depth: int = 5000) -> Path:
    """A .docx whose text sits under `depth` nested elements (Python recursion is ~1000)."""
    opening = "<w:sdt><w:sdtContent>" * depth
    closing = "</w:sdtContent></w:sdt>" * depth
    lines = GOOD_RELEASE.splitlines()
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in lines[:-1])
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W_NS}"><w:body>'
           f"{body}{opening}<w:p><w:r><w:t>{lines[-1]}</w:t></w:r></w:p>{closing}"
           "</w:body></w:document>").encode()
    return write_zip(Path(folder) / name, [plain_member("_rels/.rels", _RELS),
                                           plain_member("word/document.xml", xml)])


def zip_encrypted_docx(folder, name: str = "locked.docx") -> Path:
    """A .docx whose members carry the zip 'encrypted' flag (a password-protected zip)."""
    return write_zip(Path(folder) / name, [
        plain_member("_rels/.rels", _RELS, flags=1),
        plain_member("word/document.xml", document_xml(GOOD_RELEASE.splitlines()), flags=1),
    ])


def office_encrypted_docx(folder, name: str = "protected.docx") -> Path:
    """What Word writes for a password-protected .docx: an OLE compound file holding an
    `EncryptedPackage` stream (only the parts that identify it are real)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entry = "EncryptedPackage".encode("utf-16-le") + bytes(96)
    path = Path(folder) / name
    path.write_bytes(header + entry + bytes(1024))
    return path


# --------------------------------------------------------------------- file system

def gbk_named_release(folder, stem: str = "新闻通稿") -> Path:
    """A good release under a GBK-encoded name (as unzipped from a Windows archive): on
    Linux its str name holds surrogates (os.fsdecode)."""
    raw = os.path.join(os.fsencode(folder), stem.encode("gbk") + b".txt")
    with open(raw, "wb") as out:
        out.write(GOOD_RELEASE.replace("网格化", "网格化（GBK 文件名）").encode())
    return Path(os.fsdecode(raw))


def fifo(folder, name: str = "r.txt") -> Path:
    """A named pipe that looks like a release: opening it for reading blocks forever."""
    path = Path(folder) / name
    os.mkfifo(path)
    return path


@contextlib.contextmanager
def hang_guard(seconds: int = 30) -> Iterator[None]:
    """Turn a hang (reading a FIFO blocks until a writer comes) into a test failure, a
    TimeoutError after `seconds`, instead of a stuck test run."""
    def expire(signum, frame):
        raise TimeoutError("still blocked")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def device_link(folder, name: str = "zero.txt", target: str = "/dev/zero") -> Path:
    """A symbolic link to an endless device, named like a release."""
    path = Path(folder) / name
    path.symlink_to(target)
    return path


def deep_tree(folder, depth: int = 1000, *, name: str = "deep.txt") -> Path:
    """`depth` nested folders with a good release at the bottom; returns the top folder."""
    top = Path(folder) / "deep"
    bottom = str(top)
    os.mkdir(bottom)
    for _ in range(depth - 1):  # one at a time: Path.mkdir(parents=True) recurses per level
        bottom = os.path.join(bottom, "d")
        os.mkdir(bottom)
    Path(bottom, name).write_text(GOOD_RELEASE.replace("网格化", "深层网格化"), encoding="utf-8")
    return top


def remove_tree(top) -> None:
    """Delete a tree made by deep_tree bottom-up without recursion (shutil.rmtree, and so
    pytest's clean-up of tmp_path, recurses once per level and fails at ~1,000 levels)."""
    folders = [os.fsencode(top)]
    while True:
        with os.scandir(folders[-1]) as entries:
            below = [e.path for e in entries if e.is_dir(follow_symlinks=False)]
        if len(below) != 1:
            break
        folders.append(below[0])
    for folder in reversed(folders):
        for entry in os.scandir(folder):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        os.rmdir(folder)


def html_charset_lie(folder, name: str = "lie.html", charset: str = "utf-16") -> Path:
    """A UTF-8 page that declares another charset (decoding it so gives CJK garbage)."""
    body = "".join(f"<p>{line}</p>" for line in GOOD_RELEASE.splitlines())
    page = (f'<html><head><meta charset="{charset}"><title>t</title></head>'
            f"<body>{body}</body></html>")
    path = Path(folder) / name
    path.write_bytes(page.encode("utf-8"))
    return path


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def bidi_release(folder, name: str = "bidi.txt") -> Path:
    """A release whose title and figures carry bidi overrides (U+202E reverses what
    follows on screen: "下降36.01%" could display as "%10.63降下")."""
    text = GOOD_RELEASE.replace("网格化治理", "网格\u202e化治理\u202c").replace(
        "下降36.01%", "下降\u206636.01%\u2069").replace("近3万起", "近\u202d3万起\u202c")
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8")
    return path


# Invisible characters that are not bidi controls: soft hyphen, zero-width space and joiner,
# word joiner, BOM. Pasted from a web page or a Word file, they hide inside words.
INVISIBLES = "\u00ad\u200b\u200d\u2060\ufeff"


def invisible_release(folder, name: str = "invisible.html") -> Path:
    """A release whose words hold invisible characters ("网格\u200b化治理"): before they were
    dropped at import, the plain word found nothing. Written as .txt, .md, .html or .docx
    (by `name`'s suffix), the same text each time."""
    text = GOOD_RELEASE.replace("网格化治理", "网格\u200b化\u00ad治理").replace(
        "矛盾纠纷", "矛盾\ufeff纠\u2060纷").replace("新闻发布会", "新闻\u200d发布会")
    path = Path(folder) / name
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return write_zip(path, [plain_member("_rels/.rels", _RELS),
                                plain_member("word/document.xml", document_xml(text.splitlines()))])
    if suffix in (".html", ".htm"):
        body = "".join(f"<p>{line}</p>" for line in text.splitlines())
        text = f"<html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>"
    path.write_text(text, encoding="utf-8")
    return path


def unreadable_folder(folder, name: str = "locked") -> Path:
    """A subfolder with a release in it and no permissions (root still reads it)."""
    path = Path(folder) / name
    path.mkdir()
    (path / "inside.txt").write_text(GOOD_RELEASE.replace("网格化", "锁住的"), encoding="utf-8")
    path.chmod(0)
    return path
