"""Writing the Whoosh index: sections in chunks of segments, and merging those segments.

A build writes one segment per CHUNK_SECTIONS sections and merges a tail of segments of
one size class when MERGE_FACTOR of them pile up (log-structured: each posting is rewritten
about log(N) times, and document order, so ranking, stays as in a fresh build). During an
import or a re-index, merges run in a worker process (BackgroundMerges) under the tiered
policy (TIER_FACTOR, merged segments included) and a finished merge takes its sources'
place at a later commit; what the import cannot outlast is merged after it by
core/index_compaction.py, so an index keeps at most segment_bound() segments. Whoosh's
objects come through core/word_index.py.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core import logs
from desktop_app.core.import_progress import Progress
from desktop_app.core.index_folder import StoreIndexError, _segment_files, file_checksum
from desktop_app.core.word_index import (
    FileStorage,
    RjiebaAnalyzer,
    SegmentReader,
    _SectionAdder,
    make_schema,
    whoosh_index,
)

if TYPE_CHECKING:  # Whoosh has no type hints: these name what is passed, for readers
    from desktop_app.core.records import IndexRow
    from desktop_app.core.word_index import Index, Segment, SegmentWriter

logger = logging.getLogger(__name__)

LIMIT_MB = 256  # Whoosh's posting pool; a chunk of CHUNK_SECTIONS stays well below it
CHUNK_SECTIONS = 1000  # sections per Whoosh segment when writing (bounded memory, no spills)
# Merge the newest segments when this many of one size class pile up. Merging is costly
# in Whoosh (16 segments of 1,000 sections: ~10 s) and 22 segments query as fast as one,
# so it is a safety net for very large collections; compact_index() merges when idle.
MERGE_FACTOR = 32
MERGE_LIMIT_MB = 64  # bounded memory while merging (Whoosh spills sorted runs to disk)
# Separate segment files: Whoosh copies every part of a compound segment into memory on open.
WRITER_OPTIONS = {"limitmb": LIMIT_MB, "compound": False}
WRITER_TIMEOUT = 2.0

PROGRESS_LABEL = "正在重建搜索索引 / rebuilding the search index"


def _write_all(folder: Path, rows: Iterable[IndexRow], total: int, progress: Progress | None,
               merges: BackgroundMerges | None = None) -> int:
    """Write every row into a new Whoosh index in `folder`, one segment per CHUNK_SECTIONS
    rows, merging them here (_merge_tail) or, given `merges`, in a worker process as an
    import does; returns how many rows were written."""
    ix = whoosh_index.create_in(str(folder), make_schema(RjiebaAnalyzer()))
    count, writer = 0, None

    def chunk_done() -> None:
        if merges is not None:
            merges.sections_ahead = max(0, total - count)
        commit(ix, writer, merges, folder, lambda segments: None)

    try:
        writer = ix.writer(**WRITER_OPTIONS)
        add = _SectionAdder(writer).add
        for count, row in enumerate(rows, 1):
            add(row)
            if count % CHUNK_SECTIONS == 0:
                chunk_done()
                writer = ix.writer(**WRITER_OPTIONS)
                add = _SectionAdder(writer).add
            if progress and count % 200 == 0:
                progress(count, total, PROGRESS_LABEL)
        chunk_done()
    except BaseException:
        if writer is not None and not writer.is_closed:
            writer.cancel()
        raise
    finally:
        ix.close()
    if progress:
        progress(count, total, PROGRESS_LABEL)
    return count


def _size_class(docs: int) -> int:
    """0 for a segment of up to two batches of documents (a batch ends past CHUNK_SECTIONS),
    1 for up to MERGE_FACTOR times that, and so on."""
    level, limit = 0, 2 * CHUNK_SECTIONS
    while docs > limit:
        level, limit = level + 1, limit * MERGE_FACTOR
    return level


def _tail_to_merge(segments: list[Segment]) -> list[Segment]:
    """The newest MERGE_FACTOR segments when they are all of one size class, else []."""
    if len(segments) < MERGE_FACTOR:
        return []
    tail = segments[-MERGE_FACTOR:]
    classes = {_size_class(s.doc_count_all()) for s in tail}
    return tail if len(classes) == 1 else []


def _merge_tail(ix: Index, check: Callable[[list[Segment]], None] = lambda segments: None) -> None:
    """Log-structured merging: when MERGE_FACTOR segments of one size class pile up at the
    end, merge them into one (repeatedly). Segments stay few, each posting is rewritten
    only about log(N) times, and merging a tail keeps document order (ties rank the same
    as in a fresh build). Whoosh's default policy made single commits take 35 s.
    `check(segments)` runs before a merge and raises when they are damaged."""
    while True:
        tail = _tail_to_merge(list(ix._segments()))
        if not tail:
            return
        check(tail)

        def policy(writer: SegmentWriter, segments: list[Segment],
                   tail: list[Segment] = tail) -> list[Segment]:
            for seg in tail:
                reader = SegmentReader(writer.storage, writer.schema, seg)
                writer.add_reader(reader)
                reader.close()
            return segments[:len(segments) - len(tail)]

        writer = ix.writer(limitmb=MERGE_LIMIT_MB, compound=False)
        writer.commit(mergetype=policy)


# ------------------------------------------------------------- merging off the import path

# An import never merges segments in the process that writes them: merging rewrote every
# posting of 32 segments in the middle of an import (37 % of the writer's time at 10,000
# releases, nothing at 2,000), so the rate fell as the library grew. A merge runs in a
# process of its own (BackgroundMerges) while the import goes on writing new segments, and
# the merged segment takes its sources' place at a later commit. Only when that process
# falls far behind (MAX_SEGMENTS) does the writer merge itself, as before.
MAX_SEGMENTS = 3 * MERGE_FACTOR
# A merge in the worker takes about as long as the writer needs to write as many sections
# (both rewrite every posting in Python): it starts only when the import still has that
# many sections to write, so that it ends in time instead of being abandoned, and merges
# the oldest of the small segments at the end of the index, at least this many of them.
MIN_BACKGROUND_MERGE = 8
# The tiered policy of background merges and idle compaction: a segment's tier is its size
# in steps of TIER_FACTOR; TIER_FACTOR neighbours of one tier (merged segments too) merge
# into one of the next, so an index keeps at most segment_bound() segments and each
# posting is rewritten about log_8(N) times.
TIER_FACTOR = 8
PURGE_SHARE = 0.10  # a segment with more deleted documents than this is rewritten without them


def merge_segments(folder: str, tail: list[Segment], sums: dict[str, str], out: str) -> Segment:
    """Merge the segments `tail` of the index in `folder` into one new segment written to
    the empty folder `out` (runs in a worker process; the index itself is not touched,
    so the writer keeps writing meanwhile). Raises StoreIndexError when a source file no
    longer matches its checksum in `sums`: merging would copy the damage."""
    for name in _segment_files(Path(folder), tail):
        if name in sums and file_checksum(Path(folder) / name) != sums[name]:
            raise StoreIndexError(f"the search index file {name} is damaged")
    storage = FileStorage(folder)
    target = whoosh_index.create_in(out, make_schema(RjiebaAnalyzer()))
    writer = target.writer(limitmb=MERGE_LIMIT_MB, compound=False)
    try:
        for seg in tail:
            reader = SegmentReader(storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        writer.commit(merge=False)
        merged = list(target._segments())
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    finally:
        target.close()
    assert len(merged) == 1, "a writer given documents commits exactly one segment"
    return merged[0]


def _deletions(seg: Segment) -> frozenset[int]:
    return frozenset(seg.deleted_docs())


@dataclass
class _MergeJob:
    """A merge under way in a worker process: its sources as they were when it started
    (with their deletions), where it writes, the process and the end of a pipe that
    brings back its result."""

    folder: Path
    tail: list[Segment]
    deleted: list[frozenset[int]]
    out: Path
    process: Any
    conn: Any

    def finished(self) -> bool:
        return self.conn.poll() or not self.process.is_alive()

    def result(self) -> Segment | None:
        """The merged segment, or None when the merge failed (logged)."""
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            status, value = "failed", "the merge worker process ended without an answer"
        self.process.join()
        if status == "ok":
            return value
        logger.warning("Merging search index segments in a worker process failed; they stay "
                       "as they are\n%s", value)
        return None

    def stop(self) -> None:
        """End the worker (a merge still under way is abandoned) and remove its output."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()
        shutil.rmtree(self.out, ignore_errors=True)


def _merge_worker(conn: Any, folder: str, tail: list[Segment], sums: dict[str, str], out: str) -> None:
    """A merge worker process: merge_segments, its result or the traceback (as text: the
    log is the parent's) sent back on `conn`. Dies with its parent (parent_watch)."""
    from desktop_app.core import parent_watch

    parent_watch.die_with_parent()
    try:
        conn.send(("ok", merge_segments(folder, tail, sums, out)))
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        conn.send(("failed", logs.traceback_text(error)))
    finally:
        conn.close()


class BackgroundMerges:
    """One merge at a time in a worker process, for the length of one import (see
    MAX_SEGMENTS above). `policy()` is the merge policy of every commit: it puts a
    finished merge's segment in the place of its sources when they are still there
    unchanged (same segments in the same order, no deletions since), else drops it; it
    never merges in this process. `start(ix, folder)` after a commit starts the next merge
    when a tier's neighbours have piled up (_background_tail) and the import has enough left to write for
    the merge to end before it does (MIN_BACKGROUND_MERGE). An import never waits for a
    merge: one still under way at its end is abandoned (`close`). A killed import leaves at most the worker's output folder
    (MERGE_TMP, hidden in the build folder, where Whoosh, the manifest and the checks never
    look; removed by the next open once its process is gone: data_folder.leftovers), never
    a file the index refers to."""

    def __init__(self, sums: Callable[[], dict[str, str]]) -> None:
        self._sums = sums
        self._job: _MergeJob | None = None
        self.sections_ahead = 0  # what the import still has to write (told by the caller)
        self.started = 0  # merges started, taken in and dropped (tests count this work)
        self.taken = 0
        self.dropped = 0

    @property
    def finished(self) -> bool:
        """Whether a merge has finished and waits to be taken in by a commit."""
        return self._job is not None and self._job.finished()

    def start(self, ix: Index, folder: Path) -> None:
        """Start merging the tail of `ix` unless a merge is under way or none is due."""
        if self._job is not None:
            return
        tail = _background_tail(list(ix._segments()), self.sections_ahead)
        if not tail:
            return
        import multiprocessing

        out = folder / f".merge-{uuid.uuid4().hex[:8]}.{os.getpid()}.tmp"  # Whoosh skips dot names
        out.mkdir()
        # "spawn", as the parse workers: never fork a process holding SQLite or Qt
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_merge_worker, name="zhiku-merge", daemon=True,
                                  args=(send, str(folder), tail, self._sums(), str(out)))
        process.start()
        send.close()
        self._job = _MergeJob(folder, tail, [_deletions(s) for s in tail], out, process, receive)
        self.started += 1

    def policy(self, folder: Path) -> Callable[[SegmentWriter, list[Segment]], list[Segment]]:
        """The merge policy for a commit to the index in `folder` (see the class)."""
        def swap(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
            job = self._job
            if job is None or not job.finished():
                return list(segments)
            self._job = None
            merged = job.result()
            if merged is None or job.folder != folder:
                self.dropped += 1
                job.stop()
                return list(segments)
            take_in = _SegmentSwap(job.tail, job.deleted, merged, job.out, folder)
            kept = take_in(writer, segments)
            job.stop()
            self.taken += take_in.done
            self.dropped += not take_in.done
            return kept
        return swap

    def close(self) -> None:
        """Stop: a merge still under way is abandoned (its worker ended, its output removed)."""
        job, self._job = self._job, None
        if job is not None:
            job.stop()


def _tier(docs: int) -> int:
    """The size tier of a segment of `docs` documents: 0 up to two batches (a batch ends
    past CHUNK_SECTIONS), each tier above TIER_FACTOR times as wide. Background merges
    merge TIER_FACTOR segments of one tier into one of the next."""
    level, limit = 0, 2 * CHUNK_SECTIONS
    while docs > limit:
        level, limit = level + 1, limit * TIER_FACTOR
    return level


def segment_bound(docs: int) -> int:
    """The most segments an index of `docs` documents keeps once its merges are done:
    TIER_FACTOR − 1 in each tier up to the tier of the whole index (a tier's TIER_FACTOR-th
    segment makes a merge due). 21 for the 100,000 sections of 20,000 generated releases."""
    return (TIER_FACTOR - 1) * (_tier(docs) + 1)


def _tier_runs(segments: list[Segment]) -> list[tuple[int, int]]:
    """(start, end) of each run of neighbouring segments of one tier, lowest tier first
    (newest first within a tier): merging neighbours keeps document order, so ranking."""
    runs, start = [], 0
    tiers = [_tier(s.doc_count_all()) for s in segments]
    for i in range(1, len(segments) + 1):
        if i == len(segments) or tiers[i] != tiers[start]:
            runs.append((start, i))
            start = i
    return sorted(runs, key=lambda run: (tiers[run[0]], -run[0]))


def _tiered_merge(segments: list[Segment], budget: int, least: int) -> list[Segment]:
    """The segments to merge next under the tiered policy: the oldest (up to MERGE_FACTOR)
    of the lowest-tier run holding at least `least` neighbours whose documents fit in
    `budget` (what the import still has to write, so that the merge ends in time); []."""
    for start, end in _tier_runs(segments):
        taken: list[Segment] = []
        for seg in segments[start:end][:MERGE_FACTOR]:
            if sum(s.doc_count_all() for s in taken) + seg.doc_count_all() > budget:
                break
            taken.append(seg)
        if len(taken) >= least:
            return taken
    return []


def compaction_merge(segments: list[Segment]) -> list[Segment]:
    """What an idle compaction merges next: a tier's run of TIER_FACTOR or more; else a
    segment more than PURGE_SHARE of whose documents are deleted (rewritten alone, without
    them); else, while there are more segments than segment_bound allows (tiers
    interleaved), the TIER_FACTOR neighbours holding the fewest documents; [] when nothing
    is due."""
    due = _tiered_merge(segments, budget=sys.maxsize, least=TIER_FACTOR)
    if due:
        return due
    purge = [s for s in segments if s.deleted_count() > PURGE_SHARE * s.doc_count_all()]
    if purge:
        return purge[:1]
    if len(segments) <= segment_bound(sum(s.doc_count_all() for s in segments)):
        return []
    windows = [segments[i:i + TIER_FACTOR] for i in range(len(segments) - TIER_FACTOR + 1)]
    return min(windows, key=lambda w: sum(s.doc_count_all() for s in w), default=[])


def _background_tail(segments: list[Segment], sections_ahead: int) -> list[Segment]:
    """The segments a background merge takes during an import (the tiered policy, merged
    segments included): the oldest of the lowest tier's neighbours, at most MERGE_FACTOR
    and only as many as the import can outlast (`sections_ahead`), at least
    MIN_BACKGROUND_MERGE; else []."""
    return _tiered_merge(segments, budget=sections_ahead, least=MIN_BACKGROUND_MERGE)


def _place_of(tail: list[Segment], deleted: list[frozenset[int]], segments: list[Segment]) -> int | None:
    """Where the merged sources `tail` still stand, unchanged (their deletions as
    `deleted`), in `segments`; None when they do not."""
    ids = [s.segment_id() for s in segments]
    wanted = [s.segment_id() for s in tail]
    if wanted[0] not in ids:
        return None
    place = ids.index(wanted[0])
    if ids[place:place + len(wanted)] != wanted:
        return None
    now = segments[place:place + len(wanted)]
    if [_deletions(s) for s in now] != deleted:
        return None
    return place


class _SegmentSwap:
    """The merge policy that puts `merged` (written to `out`) in the place of its sources
    `tail` when they still stand unchanged, moving its files into `folder`; else keeps the
    segments as they are. `done` says which."""

    def __init__(self, tail: list[Segment], deleted: list[frozenset[int]], merged: Segment,
                 out: Path, folder: Path) -> None:
        self.tail, self.deleted, self.merged, self.out, self.folder = tail, deleted, merged, out, folder
        self.done = False

    def __call__(self, writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
        place = _place_of(self.tail, self.deleted, list(segments))
        if place is None:
            return list(segments)
        kept = [self.merged] if self.merged.doc_count_all() else []  # all its sources deleted
        for name in _segment_files(self.out, kept):
            os.replace(self.out / name, self.folder / name)
        self.done = True
        return [*segments[:place], *kept, *segments[place + len(self.tail):]]


def commit(ix: Index, writer: SegmentWriter, merges: BackgroundMerges | None,
           folder: Path, check: Callable[[list[Segment]], None]) -> None:
    """Commit a writer's segment, then merge: off this process while background merges
    are on (taking in a finished one), else here (_merge_tail)."""
    if merges is None:
        writer.commit(merge=False)
        _merge_tail(ix, check)
        return
    writer.commit(mergetype=merges.policy(folder))
    if len(ix._segments()) >= MAX_SEGMENTS:  # the worker fell far behind: merge here
        merges.close()  # (its sources may be the tail merged here)
        _merge_tail(ix, check)
    merges.start(ix, folder)
