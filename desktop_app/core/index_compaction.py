"""Idle compaction of the search index: tiered merges in a process of its own.

Background merges during an import (core/index_writing.py, BackgroundMerges) take only
what ends before the import does, so the bigger merges of the tiered policy — eight merged
segments into one — never fit in a small import into a big library, and without them the
segment count grows with every import. After an import or a re-index, when such a merge is
due (`due`), `start` launches `python -m desktop_app --compact-index DATA_DIR` (the bundle:
`zhiku --compact-index DATA_DIR`) in a session of its own, at low priority. It is not a
child the caller waits for: the window goes on, the CLI exits, and the process finishes
alone (`compact`):

* it merges the due segments into a hidden folder (MERGE_TMP) without any lock — segment
  files are never rewritten, so writers go on meanwhile;
* then, holding the data folder's write lock for a moment, it puts the merged segment in
  the place of its sources if they still stand there unchanged (same segments, same
  deletions, the manifest naming the same folder and files), records the manifest and
  repeats; else it drops its work.

A kill at any moment leaves the index as it was before the last swap, or after it (the
swap is one Whoosh commit and one atomic manifest write), and at most the hidden output
folder, which the next open removes (data_folder.leftovers, by its process id).
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.data_folder import INDEX_DIR, LOCK_NAME
from desktop_app.core.index_folder import IndexFolder, IndexManifest, index_files
from desktop_app.core.index_writing import (
    WRITER_TIMEOUT,
    _deletions,
    _SegmentSwap,
    compaction_merge,
    merge_segments,
)
from desktop_app.core.spawning import COMPACT_FLAG
from desktop_app.core.word_index import LockError, whoosh_index
from desktop_app.core.write_lock import WriteLock

if TYPE_CHECKING:
    from desktop_app.core.word_index import Segment

logger = logging.getLogger(__name__)

LOCK_WAIT = 120.0  # seconds the compaction waits for an import to let go of the folder
_running: list[subprocess.Popen] = []  # compactions started by this process


def _segments(folder: Path) -> list[Segment]:
    ix = whoosh_index.open_dir(str(folder))
    try:
        return list(ix._segments())
    finally:
        ix.close()


def due(data_dir: Path) -> bool:
    """Whether the index of `data_dir` has a merge due under the tiered policy (cheap: reads
    the manifest and Whoosh's table of contents)."""
    data = IndexFolder(Path(data_dir) / INDEX_DIR).manifest()
    if not data:
        return False
    try:
        return bool(compaction_merge(_segments(Path(data_dir) / INDEX_DIR / data.dir)))
    except Exception:  # noqa: BLE001 - an unreadable index is the open's to repair, not ours
        return False


def command(data_dir: Path) -> list[str]:
    """The command that compacts `data_dir`: the bundle's executable takes the flag itself."""
    if getattr(sys, "frozen", False):
        return [sys.executable, COMPACT_FLAG, str(data_dir)]
    return [sys.executable, "-m", "desktop_app", COMPACT_FLAG, str(data_dir)]


def start(data_dir: Path) -> subprocess.Popen | None:
    """Launch a compaction of `data_dir` when one is due and none started here still runs;
    never waits for it. None when nothing was started."""
    _running[:] = [p for p in _running if p.poll() is None]
    if _running or not due(data_dir):
        return None
    # A one-file bundle removes what it unpacked when it exits: the compaction, which may
    # outlive it, unpacks its own copy.
    env = dict(os.environ, PYINSTALLER_RESET_ENVIRONMENT="1") if getattr(sys, "frozen", False) else None
    try:
        process = subprocess.Popen(command(data_dir), stdin=subprocess.DEVNULL, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True, close_fds=True)
    except OSError:  # merging can wait for the next import
        logger.warning("Could not start compacting the search index", exc_info=True)
        return None
    _running.append(process)
    return process


def compact(data_dir: Path, lock_wait: float = LOCK_WAIT) -> int:
    """Merge the due segments of `data_dir`'s index until none is due; returns how many
    merges were taken in (see the module's docstring)."""
    index = IndexFolder(Path(data_dir) / INDEX_DIR)
    taken = 0
    while True:
        data = index.manifest()
        if not data:
            return taken
        folder = index.root / data.dir
        tail = compaction_merge(_segments(folder))
        if not tail:
            return taken
        out = folder / f".merge-{uuid.uuid4().hex[:8]}.{os.getpid()}.tmp"  # Whoosh skips dot names
        out.mkdir()
        try:
            deleted = [_deletions(s) for s in tail]
            merged = merge_segments(str(folder), tail, data.sums, str(out))
            if not _take_in(Path(data_dir), index, data, tail, deleted, merged, out, lock_wait):
                return taken
        finally:
            shutil.rmtree(out, ignore_errors=True)
        taken += 1


def _take_in(data_dir: Path, index: IndexFolder, data: IndexManifest, tail: list[Segment],
             deleted: list[frozenset[int]], merged: Segment, out: Path, lock_wait: float) -> bool:
    """Under the write lock: swap `merged` in for `tail` when the index is still as
    `data` described it, and record the manifest. False when it was not (work dropped)."""
    lock = WriteLock(data_dir / LOCK_NAME)
    lock.acquire(lock_wait)
    try:
        now = index.manifest()
        if now is None:
            return False  # the index is gone or damaged: the open's to repair
        folder = index.root / now.dir
        if now.dir != data.dir or {p.name for p in index_files(folder)} != set(now.files):
            return False  # another build, or a commit the manifest does not know of
        swap = _SegmentSwap(tail, deleted, merged, out, folder)
        ix = whoosh_index.open_dir(str(folder))
        try:
            writer = ix.writer(timeout=WRITER_TIMEOUT)
        except LockError:
            ix.close()
            return False
        try:
            writer.commit(mergetype=swap)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        finally:
            ix.close()
        if not swap.done:
            return False
        index._record(folder, (str(now.store_id), now.generation or 0), now.sections or 0)
        return True
    finally:
        lock.release()


def main(argv: list[str]) -> int:
    """`--compact-index DATA_DIR`: compact at low priority, logging to the folder's log."""
    from desktop_app.core import logs

    data_dir = Path(argv[0]) if argv else Path()
    if not (data_dir / INDEX_DIR).is_dir():  # not a data folder: nothing to compact, no log made
        return 2
    if hasattr(os, "nice"):
        os.nice(10)
    logs.setup(data_dir)
    try:
        taken = compact(data_dir)
    except Exception:  # the index stays as it was; the next import tries again
        logger.warning("Compacting the search index in %s failed", data_dir, exc_info=True)
        return 1
    if taken:
        logger.info("Compacted the search index in %s: %d merges", data_dir, taken)
    return 0
