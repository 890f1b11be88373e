"""Damage to a knowledge base's search index, made at test time.

Each function damages the *current* index of a data folder (the build folder that
`index/current.json` names) in one way and returns the path it changed. Garbage keeps the
file's size, so a size check alone cannot notice it. Usable by hand too:

    python -m tests.hostile.index stored ~/.local/share/zhiku
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

GARBAGE_BYTES = 4096


def index_folder(data_dir: Path) -> Path:
    """The build folder the index manifest points at."""
    manifest = json.loads((Path(data_dir) / "index" / "current.json").read_text("utf-8"))
    return Path(data_dir) / "index" / manifest["dir"]


def segment_files(data_dir: Path, suffix: str) -> list[Path]:
    """The current index's segment files whose names end with `suffix`, largest first."""
    found = [p for p in index_folder(data_dir).iterdir() if p.name.endswith(suffix)]
    if not found:
        raise FileNotFoundError(f"no *{suffix} file in {index_folder(data_dir)}")
    return sorted(found, key=lambda p: (-p.stat().st_size, p.name))


def garble(path: Path, size: int = GARBAGE_BYTES, offset: int | None = None,
           keep_times: bool = False) -> Path:
    """Overwrite `size` bytes of `path` (from the middle unless `offset` is given) with
    deterministic garbage, keeping the file's size; with `keep_times`, also put its access
    and modification times back, as a careful vandal (or a disk) would."""
    path = Path(path)
    before = path.stat()
    length = before.st_size
    size = min(size, length)
    start = max(0, (length - size) // 2) if offset is None else min(offset, length - size)
    garbage = bytes((i * 37 + 11) % 251 for i in range(size))
    with open(path, "r+b") as handle:
        handle.seek(start)
        old = handle.read(size)
        if old == garbage:  # never "damage" a file into itself
            garbage = bytes(b ^ 0xFF for b in garbage)
        handle.seek(start)
        handle.write(garbage)
    if keep_times:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == length
    return path


def garble_stored_fields(data_dir: Path, **options) -> list[Path]:
    """4 KB of garbage in every segment's stored-fields column (the section ids a search
    returns): Whoosh opens the index, searches fail on some documents."""
    return [garble(p, **options) for p in segment_files(data_dir, "._stored.col")]


def garble_terms(data_dir: Path, **options) -> Path:
    """4 KB of garbage in the largest term dictionary (.trm): scores change or lookups fail."""
    return garble(segment_files(data_dir, ".trm")[0], **options)


def garble_postings(data_dir: Path, **options) -> Path:
    """4 KB of garbage in the largest postings file (.pst)."""
    return garble(segment_files(data_dir, ".pst")[0], **options)


def truncate_segment(data_dir: Path) -> Path:
    """Cut the largest postings file to half its size."""
    path = segment_files(data_dir, ".pst")[0]
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    return path


def remove_segment_file(data_dir: Path) -> Path:
    """Delete the largest term dictionary (.trm) of the current index."""
    path = segment_files(data_dir, ".trm")[0]
    path.unlink()
    return path


DAMAGES = {
    "stored": garble_stored_fields,
    "terms": garble_terms,
    "postings": garble_postings,
    "truncate": truncate_segment,
    "remove": remove_segment_file,
}


if __name__ == "__main__":  # python -m tests.hostile.index DAMAGE DATA_DIR
    print(DAMAGES[sys.argv[1]](Path(sys.argv[2])))
