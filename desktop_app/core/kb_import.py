"""The knowledge base's import: KnowledgeBase inherits ImportMixin.

Files are found and parsed by core/import_files.py; here they are stored in batches, each
batch one SQLite transaction and then one index commit, under the folder's write lock for
the whole import. The same content is skipped, a changed file replaces its document, a
bad file is refused with its own reason, and what was committed before an error travels
with it (`error.partial`).
"""
from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from desktop_app.core import paths
from desktop_app.core.dates import utc_stamp
from desktop_app.core.errors import BusyError, ZhikuError
from desktop_app.core.import_files import (
    Cancel,
    ParsedFile,
    expand_paths,
    parse_files,
    same_release_key,
    source_exists,
    source_key,
    worker_count,
)
from desktop_app.core.import_progress import Progress
from desktop_app.core.kb_errors import store_errors
from desktop_app.core.kb_host import KnowledgeBaseHost
from desktop_app.core.model import Document
from desktop_app.core.reading import display_name
from desktop_app.core.records import ImportOutcome, ImportReport, StoredDocument
from desktop_app.core.release_check import not_a_release_warning
from desktop_app.core.store import content_hash, store_error
from desktop_app.core.store_rows import DerivedRows

# An import commits to SQLite and the index in batches: each batch is one transaction and
# one Whoosh segment, big enough to amortise a commit and the index's cost per term
# (segment writing took 2.0 ms a release in batches of 1,000 sections, 1.3 in 3,000), small
# enough to bound memory (the batch's postings; its files are stored as they are parsed).
BATCH_FILES = 500
BATCH_CHARS = 4_000_000
BATCH_SECTIONS = 3000
TAIL_BATCH_FILES = 32  # the smallest batch the end of an import is cut into

# What _store_one did with a file: (SKIPPED, the id of the same content, why) or
# (IMPORTED / REPLACED, the document's id).
Outcome = (tuple[Literal[ImportOutcome.SKIPPED], int, str]
           | tuple[Literal[ImportOutcome.IMPORTED, ImportOutcome.REPLACED], int])
log = logging.getLogger(__name__)


class ImportMixin(KnowledgeBaseHost):
    """Files and folders imported into the store and the index; see the module docstring."""

    def _seed_if_new(self, progress: Progress | None) -> None:
        """Import the bundled seeds into a never-seeded empty store. Never waits: while
        another process writes (its first import, or its own seeding), opening goes on with
        what is there, so a reader never fails as busy; a later open seeds if still empty."""
        if self._store.meta("seeded") or self._store.count_documents():
            return
        with self._lock:
            try:
                self._write_lock.acquire(timeout=0)
            except BusyError:
                return
            try:
                if self._store.meta("seeded") or self._store.count_documents():
                    return
                seeds = sorted(paths.seeds_dir().glob("*.txt")) if paths.seeds_dir().is_dir() else []
                self._import_files(seeds, progress, None, _Tally())
                self._store.set_meta("seeded", utc_stamp())
            finally:
                self._write_lock.release()

    @store_errors
    def import_paths(self, paths_in: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                     progress: Progress | None = None,
                     cancel: Callable[[], bool] | None = None,
                     hold_suspect: bool = False) -> ImportReport:
        """Import files and folders. Identical content is skipped; a changed file from the
        same source replaces its document (keeping the user's edits); a bad file is refused
        with its own message and the rest go on. progress(done, total, path).

        A file that does not look like a press release (core/release_check.py) is imported
        with a warning in the report's `warnings`; with `hold_suspect` it is left out and
        listed in `held` instead, so that the user can decide.

        The folder's write lock is taken once, for the whole import (BusyError after
        `lock_wait`). If the import stops on an error (busy, disk full), the error carries
        what was imported before it as `error.partial` (an ImportReport): those batches are
        committed. When only the search index could not be written, the import succeeds and
        `index_warning` says so."""
        files, refused = expand_paths([paths_in] if isinstance(paths_in, (str, os.PathLike)) else paths_in)
        tally = _Tally(refused=refused, hold_suspect=hold_suspect)
        try:
            with self._writing():
                self._import_files(files, progress, cancel, tally)
        except sqlite3.DatabaseError as error:
            raise _with_partial(store_error(error, self._store.path), tally) from error
        except ZhikuError as error:
            _with_partial(error, tally)
            raise
        report = tally.report()
        log.info("Imported %d files (%d replacing an earlier version), skipped %d, refused %d",
                 len(report.imported), len(report.replaced), len(report.skipped), len(report.refused))
        return report

    def _import_files(self, files: Sequence[Path], progress: Progress | None, cancel: Cancel | None,
                      tally: _Tally) -> None:
        """Parse and commit `files` in batches. Where worker processes may run, segment
        merges run in one of them, off the path of the import (SearchIndex.begin_merges):
        at the end a finished merge is taken in, one still running is dropped (never waited
        for), and after a cancel or an error nothing is taken in."""
        if worker_count() == 0:
            self._import_batches(files, progress, cancel, tally)
            return
        self._index.begin_merges()
        finished = False
        try:
            self._import_batches(files, progress, cancel, tally, halve_tail=True)
            finished = not tally.cancelled
        finally:
            self._end_merges(finished)
        if finished and self._index_failure is None:  # the bigger merges: in a process of their own
            from desktop_app.core import index_compaction

            index_compaction.start(self.data_dir)

    def _end_merges(self, finished: bool) -> None:
        """Take in a finished merge when the import finished and the index is current;
        stop the merge worker in any case."""
        if not finished or self._index_failure is not None:
            self._index.end_merges(None)
            return
        state = self._store.state()
        if self._index.problem(state) is not None:
            self._index.end_merges(None)
            return
        try:
            self._index_write(lambda: self._index.end_merges(state, self._store.section_count()))
        except BusyError:
            raise
        except Exception:  # the segments stay unmerged; the index is as sound as before (logged)
            log.warning("Taking in a merged search index segment failed", exc_info=True)
            self._index.end_merges(None)

    def _import_batches(self, files: Sequence[Path], progress: Progress | None,
                        cancel: Cancel | None, tally: _Tally, *, halve_tail: bool = False) -> None:
        """Store `files` batch by batch as they are parsed. With `halve_tail` (files parsed
        in worker processes), the last batches halve down to TAIL_BATCH_FILES files: a
        batch's index work runs after its last file, when at the end of an import no
        parsing is left to run beside it (a whole batch's took ~0.5 s of 1,000 files' 10)."""
        parsed = _Parsed(enumerate(parse_files(files, cancel), 1), len(files), halve_tail)
        while parsed.more():
            self._commit_batch(parsed, progress, tally)
        tally.cancelled = len(files) - parsed.done  # parse_files stops early only when cancelled

    def _commit_batch(self, parsed: _Parsed, progress: Progress | None, tally: _Tally) -> None:
        """The next batch of `parsed` in one SQLite transaction, each file stored as it is
        parsed (so this process stores one file while the parse workers parse the next:
        storing a batch only once all of it was parsed left this process waiting for the
        first whole batch), then one index commit. The tally learns of the batch only once
        it is committed (a rolled-back batch imported nothing)."""
        imported, skipped, replaced, notes, warnings = [], [], [], [], []
        with self._writing():
            before = self._store.state()
            index_ok = self._index.problem(before) is None
            changed: list[int] = []
            try:
                with self._store.transaction():
                    for path, doc, derived in parsed.batch(tally, progress):
                        outcome = self._store_one(path, doc, derived)
                        shown = _shown_path(path)
                        if outcome[0] is ImportOutcome.SKIPPED:
                            skipped.append((shown, outcome[1], outcome[2]))
                            continue
                        imported.append((shown, outcome[1]))
                        notes += [(shown, outcome[1], note) for note in doc.limit_notes]
                        if shown in tally.suspicions:
                            warnings.append((shown, outcome[1], tally.suspicions[shown]))
                        changed.append(outcome[1])
                        if outcome[0] is ImportOutcome.REPLACED:
                            replaced.append((shown, outcome[1]))
                    if not changed:
                        raise _NothingChanged
            except _NothingChanged:
                tally.skipped += skipped
                return
            tally.imported += imported
            tally.skipped += skipped
            tally.replaced += replaced
            tally.notes += notes
            tally.warnings += warnings
            if parsed.done < parsed.total:  # what is still to come (background merges plan for it)
                self._index.expect_sections(parsed.sections_to_come())
            self._sync_index(changed, index_ok)

    def _store_one(self, path: Path, doc: Document, derived: DerivedRows | None = None) -> Outcome:
        digest = content_hash(doc.text)
        same = self._store.find_by_hash(digest)
        if same is not None:
            if same.source_path == source_key(path):
                reason = "已导入过，内容未变 / unchanged"
            else:
                reason = f"与文档 {same.id} 内容相同 / same content as document {same.id}"
            return ImportOutcome.SKIPPED, same.id, reason
        source = source_key(path)
        previous = self._store.find_by_source(source) or self._moved_original(path, doc)
        if previous is not None:
            self._store.replace_document(previous.id, doc, content_hash=digest, source_path=source,
                                         imported_at=utc_stamp(), derived=derived)
            return ImportOutcome.REPLACED, previous.id
        return ImportOutcome.IMPORTED, self._store.insert_document(
            doc, content_hash=digest, source_path=source, imported_at=utc_stamp(), derived=derived)

    def _moved_original(self, path: Path, doc: Document) -> StoredDocument | None:
        """The document this file is a moved, edited copy of: imported from a file of the
        same name whose old path is gone, *and* clearly the same release (same title).
        Releases are often all called 新闻通稿.txt: a name alone never replaces anything."""
        title = same_release_key(doc.title)
        if title is None:
            return None
        for row in self._store.find_by_file_name(display_name(path.name)):
            if (row.source_path and not source_exists(row.source_path)
                    and same_release_key(row.title) == title):
                return row
        return None


def _shown_path(path: Path | str) -> str:
    """A path as reports and progress show it (U+FFFD for bytes that are not UTF-8)."""
    return display_name(str(path))


@dataclass
class _Parsed:
    """An import's parsed files (parse_files, numbered from 1), taken batch by batch."""

    items: Iterator[tuple[int, ParsedFile]]
    total: int  # files in the import
    halve_tail: bool = False  # the last batches halve (see ImportMixin._import_batches)
    done: int = 0  # files taken so far
    sections: int = 0  # sections of the files taken to be stored
    _next: tuple[int, ParsedFile] | None = None

    def more(self) -> bool:
        """Whether a file is still to come (waiting for its parse); False once every file
        was taken or the import was cancelled."""
        if self._next is None:
            self._next = next(self.items, None)
        return self._next is not None

    def batch(self, tally: _Tally, progress: Progress | None
              ) -> Iterator[tuple[Path, Document, DerivedRows | None]]:
        """The files of the next batch to be stored, as they are parsed; files refused or
        held back go to the tally. Ends when the batch is full (BATCH_FILES files,
        BATCH_SECTIONS sections or BATCH_CHARS characters) or the files are."""
        files = sections = chars = 0
        most = max(TAIL_BATCH_FILES, (self.total - self.done) // 2) if self.halve_tail else BATCH_FILES
        while self.more():
            assert self._next is not None
            (self.done, (path, doc, error, derived)), self._next = self._next, None
            if doc is None:
                assert error is not None, "parse_one gives the reason for every file it refuses"
                tally.refused.append((_shown_path(path), error))
            elif not tally.suspect(path, doc):
                yield path, doc, derived
                files, sections, chars = files + 1, sections + len(doc.sections), chars + len(doc.text)
                self.sections += len(doc.sections)
            if progress:
                progress(self.done, self.total, _shown_path(path))
            if files >= min(most, BATCH_FILES) or sections >= BATCH_SECTIONS or chars >= BATCH_CHARS:
                return

    def sections_to_come(self) -> int:
        """The sections of the files not yet taken, at the sections a file so far."""
        return (self.total - self.done) * self.sections // max(1, self.done)


@dataclass
class _Tally:
    """What an import did so far (kept when it stops on an error)."""

    imported: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    replaced: list[tuple[str, int]] = field(default_factory=list)
    notes: list[tuple[str, int, str]] = field(default_factory=list)
    cancelled: int = 0
    hold_suspect: bool = False  # leave out files that do not look like releases
    suspicions: dict[str, str] = field(default_factory=dict)  # path as shown -> warning
    warnings: list[tuple[str, int, str]] = field(default_factory=list)
    held: list[tuple[str, str]] = field(default_factory=list)

    def suspect(self, path: Path, doc: Document) -> bool:
        """Note the warning of a file that does not look like a release; True when it is
        held back (not to be imported)."""
        warning = not_a_release_warning(doc, display_name(path.name))
        if warning is None:
            return False
        shown = _shown_path(path)
        if self.hold_suspect:
            self.held.append((shown, warning))
            return True
        self.suspicions[shown] = warning
        return False

    def report(self) -> ImportReport:
        return ImportReport(tuple(self.imported), tuple(self.skipped), tuple(self.refused),
                            tuple(self.replaced), tuple(self.notes), self.cancelled,
                            tuple(self.warnings), tuple(self.held))


def _with_partial(error: ZhikuError, tally: _Tally) -> ZhikuError:
    """Attach what was imported before `error` as `error.partial` (an ImportReport)."""
    error.partial = tally.report()
    return error


class _NothingChanged(Exception):
    """Raised inside a transaction to roll it back without bumping the generation."""
