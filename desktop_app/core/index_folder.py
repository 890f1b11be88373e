"""The search index's folder: build folders, the manifest, checksums, checks and repair.

`current.json` records the store id and generation the index was built from and the size
and CRC-32 of every file, so a stale, missing, truncated or overwritten index is noticed
and rebuilt. Sizes are checked on every open; each file's checksum is read once after it
was written, and again only when its size, times or inode change (`verified.json` in the
build folder remembers the files that passed), so opening stays fast. Rebuilds go to a
fresh folder that `current.json` then points at (atomic). Also the names of what a build,
a manifest write or a background merge leaves behind when killed (data_folder removes
those). Knows no Whoosh: files are bytes here.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core import paths

if TYPE_CHECKING:  # what is passed, for readers (Whoosh's own classes, named by the door)
    from desktop_app.core.word_index import Segment

logger = logging.getLogger(__name__)

INDEX_FORMAT = 4  # 4: a checksum of every file (an index without them is rebuilt once)
MANIFEST = "current.json"
VERIFIED = "verified.json"  # in a build folder: the files whose checksum passed, as they were then
# File times are coarse (a few ms on Linux): a file changed within this long of a check may
# still show the times it had at the check, so it is not remembered as verified ("racy").
RACY_NS = 2_000_000_000
CHECKSUM_CHUNK = 1 << 20
WHOOSH_LOCK = "MAIN_WRITELOCK"
_WHOOSH_FILE = re.compile(r"^_?MAIN_")  # Whoosh's files for the index named MAIN
ANALYZER_NAME = "rjieba"  # recorded in current.json: an index made otherwise is rebuilt


class StoreIndexError(Exception):
    """The Whoosh index cannot be read (search falls back to the texts; open rebuilds it)."""


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def index_files(folder: Path) -> list[Path]:
    """Whoosh's files in a build folder — segments and tables of contents — without its
    lock file (empty, touched by every writer) or anything else kept there."""
    return sorted(p for p in folder.iterdir()
                  if _WHOOSH_FILE.match(p.name) and p.name != WHOOSH_LOCK and p.is_file())


def file_checksum(path: Path) -> str:
    """CRC-32 of a file's bytes, as 8 hex digits (~2 GB/s: damage detection, not security —
    whoever can rewrite a segment can rewrite the manifest too)."""
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHECKSUM_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return f"{crc:08x}"


def _identity(stat: os.stat_result) -> list[int]:
    """What changes when a file is written to, even by a vandal who resets its times
    (the change time cannot be set back)."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def _segment_files(folder: Path, segments: Iterable[Segment]) -> list[str]:
    """Names of the files that make up the given Whoosh segments."""
    prefixes = tuple(f"{segment.segment_id()}." for segment in segments)
    return [p.name for p in index_files(folder) if p.name.startswith(prefixes)]


def _write_verified(folder: Path, passed: dict[str, list]) -> None:
    """Remember the files that passed their checksum (best effort: several processes and
    threads may check at once, each writes a complete file; a read-only folder is fine)."""
    tmp = folder / f".{VERIFIED}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        tmp.write_text(json.dumps(passed), encoding="utf-8")
        os.replace(tmp, folder / VERIFIED)
    except OSError:  # best effort: the files are checked again next time
        logger.debug("Could not record the checked index files in %s", folder, exc_info=True)
        try:
            tmp.unlink()
        except OSError:
            pass



@dataclass(frozen=True)
class IndexManifest:
    """`current.json`: the build folder in use, the store state it was built from, how many
    sections it holds, and each file's size and checksum. A field missing or of the wrong
    type in the file reads as None (or empty): the checks then report the index as stale,
    of another format or damaged, and it is rebuilt."""

    format: int | None
    analyzer: str | None
    dir: str  # the build folder's name
    store_id: str | None
    generation: int | None
    sections: int | None
    files: dict[str, int]  # file name -> size in bytes
    sums: dict[str, str]  # file name -> checksum (file_checksum)
    written_at: str | None = None

    @classmethod
    def from_json(cls, data: dict) -> IndexManifest:
        def typed(key: str, kind: type) -> Any:
            value = data.get(key)
            return value if isinstance(value, kind) and not isinstance(value, bool) else None

        return cls(format=typed("format", int), analyzer=typed("analyzer", str),
                   dir=str(data.get("dir", "")), store_id=typed("store_id", str),
                   generation=typed("generation", int), sections=typed("sections", int),
                   files=typed("files", dict) or {}, sums=typed("sums", dict) or {},
                   written_at=typed("written_at", str))

    def to_json(self) -> dict[str, Any]:
        return {"format": self.format, "analyzer": self.analyzer, "dir": self.dir,
                "store_id": self.store_id, "generation": self.generation, "sections": self.sections,
                "files": self.files, "sums": self.sums, "written_at": self.written_at}


class IndexFolder:
    """The index folder `root`: `current.json` and one sub-folder per build; the manifest,
    the checks of its files, and the removal of what stale or killed builds left."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.checked_files = 0  # files read to check their checksum (tests count this work)

    # -- manifest and checks --------------------------------------------------------------

    def manifest(self) -> IndexManifest | None:
        """The manifest as written (None: missing or not a JSON object)."""
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return IndexManifest.from_json(data) if isinstance(data, dict) else None

    def live_folder(self) -> Path:
        """The build folder the manifest names (the root itself when there is none)."""
        data = self.manifest()
        return self.root / (data.dir if data is not None else "")

    def recorded_sums(self) -> dict[str, str]:
        """Each live index file's checksum as the manifest records it."""
        data = self.manifest()
        return data.sums if data is not None else {}

    def problem(self, state: tuple[str, int], section_count: int | None = None) -> str | None:
        """Why the index cannot be trusted for `state` (store id, generation), or None."""
        data = self.manifest()
        if data is None:
            return "missing"
        if data.format != INDEX_FORMAT or data.analyzer != ANALYZER_NAME:
            return "format"
        if (data.store_id, data.generation) != tuple(state):
            return "stale"
        folder = self.root / data.dir
        for name, size in data.files.items():
            try:
                if (folder / name).stat().st_size != size:
                    return "damaged"
            except OSError:
                return "damaged"
        if not data.files or set(data.sums) != set(data.files):
            return "damaged"
        if section_count is not None and data.sections != section_count:
            return "stale"
        return None

    def damaged_file(self, *, force: bool = False) -> str | None:
        """The name of an index file that is missing or whose bytes differ from the checksum
        recorded when it was written; None when all match (or there is no manifest: that is
        problem()'s to report).

        Each file is read once after it was written: a file whose size, times and inode
        are as they were when it last passed is not read again (the build folder's
        VERIFIED file remembers; best effort, a read-only folder just checks every time).
        Whoosh never rewrites a segment file, so a later change to one is damage."""
        data = self.manifest()
        if data is None:
            return None
        folder, sums = self.root / data.dir, data.sums
        if not sums:
            return MANIFEST
        known = {} if force else self._verified(folder)
        passed: dict[str, list] = {}
        now = time.time_ns()
        for name, expected in sorted(sums.items()):
            try:
                stat = (folder / name).stat()
            except OSError:
                return name
            entry = [expected, *_identity(stat)]
            if known.get(name) != entry:
                self.checked_files += 1
                try:
                    if file_checksum(folder / name) != expected:
                        return name
                except OSError:
                    return name
                if now - max(stat.st_mtime_ns, stat.st_ctime_ns) <= RACY_NS:
                    continue  # changed too recently for its times to prove anything later
            passed[name] = entry
        if passed != known:
            _write_verified(folder, passed)
        return None

    @staticmethod
    def _verified(folder: Path) -> dict[str, list]:
        """The files of a build folder that passed their checksum, as they were then."""
        try:
            data = json.loads((folder / VERIFIED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _record(self, folder: Path, state: tuple[str, int], sections: int) -> None:
        """Point the manifest at `folder`, recording the size and checksum of each file.
        Files already recorded for this folder with the same size keep their checksum
        (Whoosh never rewrites a segment file): a commit reads only the files it wrote,
        and never blesses a file damaged since it was recorded."""
        before = self.manifest()
        same_folder = before is not None and before.dir == folder.name
        old_sizes = before.files if before is not None and same_folder else {}
        old_sums = before.sums if before is not None and same_folder else {}
        files, sums = {}, {}
        for path in index_files(folder):
            files[path.name] = path.stat().st_size
            if path.name in old_sums and old_sizes.get(path.name) == files[path.name]:
                sums[path.name] = old_sums[path.name]
            else:
                sums[path.name] = file_checksum(path)
        _write_json_atomic(self.root / MANIFEST, IndexManifest(
            format=INDEX_FORMAT, analyzer=ANALYZER_NAME, dir=folder.name, store_id=state[0],
            generation=state[1], sections=sections, files=files, sums=sums,
            written_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())).to_json())

    def _check_segments(self, folder: Path, segments: Iterable[Segment]) -> None:
        """Raise StoreIndexError unless the given segments' files match their checksums:
        merging damaged segments would write the damage into a new, well-summed segment."""
        sums = self.recorded_sums()
        for name in _segment_files(folder, segments):
            # A file not in the manifest yet was written by this very commit.
            if name in sums and file_checksum(folder / name) != sums[name]:
                raise StoreIndexError(f"the search index file {name} is damaged")

    def _claim_root(self) -> str | None:
        """The knowledge base id of the index folder, creating and marking the folder when
        it is missing or empty; None for an unmarked folder holding files (never adopted
        here: the knowledge base refuses such a folder before any build)."""
        kb_id = paths.read_marker(self.root, paths.INDEX_ROLE)
        if kb_id is not None:
            return kb_id
        self.root.mkdir(parents=True, exist_ok=True)
        if any(self.root.iterdir()):
            return None
        kb_id = paths.read_marker(self.root.parent, paths.DATA_ROLE) or uuid.uuid4().hex
        paths.write_marker(self.root, paths.INDEX_ROLE, kb_id)
        return paths.read_marker(self.root, paths.INDEX_ROLE)  # whoever marked it last

    def stale_builds(self) -> list[Path]:
        """Build folders Zhiku made for this index that are not the current one: replaced
        builds, and builds a killed rebuild left half-written. Only folders named like a
        build and marked with this index's knowledge base id count: nothing else is ever
        deleted, whatever else sits in the folder."""
        kb_id = paths.read_marker(self.root, paths.INDEX_ROLE)
        if kb_id is None:
            return []
        manifest = self.manifest()
        current = manifest.dir if manifest is not None else None
        try:
            entries = list(self.root.iterdir())
        except OSError:
            return []
        return [entry for entry in entries
                if BUILD_NAME.fullmatch(entry.name) and entry.name != current
                and entry.is_dir() and not entry.is_symlink()
                and paths.read_marker(entry, paths.BUILD_ROLE) == kb_id]

    def remove_stale_builds(self) -> None:
        """Delete stale build folders (see stale_builds) and manifest files a killed write
        left behind (call with the write lock held: no other build is under way). Best
        effort: a reader in another process may still hold files open on Windows; a later
        call finishes the job."""
        for entry in self.stale_builds():
            shutil.rmtree(entry, ignore_errors=True)
        if paths.read_marker(self.root, paths.INDEX_ROLE) is None:
            return
        for entry in self.root.iterdir():
            if MANIFEST_TMP.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink():
                try:
                    entry.unlink()
                except OSError:  # best effort: the next call tries again
                    logger.debug("Could not remove %s", entry, exc_info=True)


# Index build folders (b<time>-<random>) and the manifest's temporary files: the names
# remove_stale_builds may delete, and data_folder recognises in an index from before markers.
BUILD_NAME = re.compile(r"b\d{14}-[0-9a-f]{8}")  # one folder per build: b<time>-<random>
# A build folder being made: .<build name>.<pid>.tmp, marked, then renamed (_make_build_folder)
_BUILD_TMP = re.compile(r"\.b\d{14}-[0-9a-f]{8}\.(\d+)\.tmp")


def build_tmp_pid(name: str) -> int | None:
    """The process id in the name of a build folder still being made, or None for any
    other name (such a folder outlives its process only when that process was killed)."""
    found = _BUILD_TMP.fullmatch(name)
    return int(found.group(1)) if found else None


def _make_build_folder(folder: Path, kb_id: str | None) -> None:
    """Create the build folder `folder` already marked as this index's (when the index is
    marked: `kb_id`): made under a temporary name, marked inside, then renamed. A kill at
    any moment leaves either a marked build (removed as stale) or a temporary folder whose
    name says whose it was (removed once that process is gone: data_folder.leftovers) —
    never an unmarked build nothing would ever delete."""
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    tmp.mkdir()
    try:
        if kb_id is not None:
            paths.write_marker(tmp, paths.BUILD_ROLE, kb_id)
        os.rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
MANIFEST_TMP = re.compile(r"\.current\.json\.\d+\.tmp")  # _write_json_atomic's, of a killed write

MERGE_TMP = re.compile(r"\.merge-[0-9a-f]{8}\.(\d+)\.tmp")  # a merge's output, in its build folder


def merge_tmp_pid(name: str) -> int | None:
    """The process id in the name of a merge output folder (BackgroundMerges), else None."""
    found = MERGE_TMP.fullmatch(name)
    return int(found.group(1)) if found else None

