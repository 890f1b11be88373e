"""The knowledge base: one facade over the SQLite store and the search index.

SQLite is the source of truth; the Whoosh index is derived from it. A write is: take the
folder's write lock, change SQLite in one transaction (which bumps the generation), then
bring the index up to date and record that generation in it. After a crash anywhere in
between, the next `open` sees the generation mismatch and rebuilds the index, so a store
is always either before or after each write. The GUI, the CLI, reports and the self-test
all go through `KnowledgeBase`.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import functools
import logging
import multiprocessing
import os
import re
import sqlite3
import sys
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Concatenate, Literal, ParamSpec, TypeVar

from desktop_app.core import data_folder, formats, labels, logs, parent_watch, paths, trends, upgrade
from desktop_app.core.dates import parse_date_arg
from desktop_app.core.errors import BusyError, InputError, NotFoundError, ZhikuError
from desktop_app.core.indicators import label_key
from desktop_app.core.kb_corrections import CorrectionsMixin
from desktop_app.core.model import Document
from desktop_app.core.parser import PARSER_VERSION
from desktop_app.core.reading import display_name
from desktop_app.core.records import (
    DocumentInfo,
    DocumentPage,
    DocumentQuery,
    ImportOutcome,
    ImportReport,
    Indicator,
    MetricRecord,
    SearchHit,
    SearchResult,
    SectionInfo,
    SectionRecord,
    SectionRow,
    StoredDocument,
    TrendResult,
)
from desktop_app.core.release_check import not_a_release_warning
from desktop_app.core.restore import Restored, aside_name, restore_database
from desktop_app.core.search_index import (
    Filters,
    ParsedQuery,
    SearchIndex,
    StoreIndexError,
    body_spans,
    note_text,
    parse_query,
    snippet,
    title_snippet,
)
from desktop_app.core.section_match import LazyMatches
from desktop_app.core.sorts import DOCUMENT_SORTS
from desktop_app.core.store import (
    DB_NAME,
    Store,
    backup_write_error,
    busy_error,
    check_backup_target,
    content_hash,
    disk_error,
    store_error,
)

INDEX_DIR = data_folder.INDEX_DIR
LOCK_NAME = data_folder.LOCK_NAME
LOCK_WAIT = 3.0  # seconds a writer waits for another process before BusyError
# An import commits to SQLite and the index in batches: each batch is one transaction and
# one Whoosh segment (big enough to amortise a commit, small enough to bound memory).
BATCH_FILES = 500
BATCH_CHARS = 4_000_000
BATCH_SECTIONS = 1000
MAX_LIMIT = 1000
PARALLEL_MIN_FILES = 64  # below this, starting a worker process costs more than it saves
MAX_PARSE_WORKERS = 3
PARSE_CHUNK = 8  # files per round trip to a worker process
# Files each worker may parse ahead of the writer. More than one batch (BATCH_SECTIONS at ~11
# sections a release is ~90 files), so a worker keeps parsing while the main process commits
# a batch to SQLite and the index; a window smaller than a batch starves the pipeline (32
# files made a 2,000-release import nearly serial). Bounded memory: ~50 KB a parsed release.
PARSE_AHEAD_FILES = 256
# Purge deleted sections from the index (compact_index) when more than this share of it is
# deleted, or when it is small enough that merging it costs well under a second.
COMPACT_SHARE = 0.10
CHEAP_COMPACT_SECTIONS = 2000
_parse_workers_allowed = False  # see allow_parse_workers()
# Set while parse_chunk runs: parser crashes are collected there, as (file name, traceback),
# for the parent process to log (a worker process has no log of its own).
_crash_sink: contextvars.ContextVar[list[tuple[str, str]] | None] = contextvars.ContextVar(
    "zhiku_parser_crashes", default=None)

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
Parsed = tuple[Document | None, str | None]  # what parse_one gives for a file
# What _store_one did with a file: (SKIPPED, the id of the same content, why) or
# (IMPORTED / REPLACED, the document's id).
Outcome = (tuple[Literal[ImportOutcome.SKIPPED], int, str]
           | tuple[Literal[ImportOutcome.IMPORTED, ImportOutcome.REPLACED], int])
_P = ParamSpec("_P")
_R = TypeVar("_R")
log = logging.getLogger(__name__)


# ----------------------------------------------------------------------- write lock

class WriteLock:
    """An OS file lock on `write.lock`: one writer per data folder across processes (and
    across instances in one process). Released by the OS if the process dies."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None
        self._depth = 0

    def acquire(self, timeout: float) -> None:
        if self._depth:
            self._depth += 1
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise busy_error(self.path.parent)
            time.sleep(0.05)
        self._fd, self._depth = fd, 1

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        except OSError:  # a file system without locks (some network shares): SQLite still guards
            return True

    def _unlock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass


# ------------------------------------------------------------------------- loading

def parse_one(path: Path) -> Parsed:
    """(document, None) or (None, the bilingual reason it was refused). Never raises for a
    bad file, so one file cannot stop an import (runs in worker processes too)."""
    try:
        return formats.load_release(path), None
    except ZhikuError as error:
        return None, error.bilingual()
    except Exception as error:  # noqa: BLE001 - a parser bug must not stop the rest
        name = display_name(path.name)
        trace = logs.traceback_text(error)  # without the message: it may quote the text
        sink = _crash_sink.get()
        if sink is None:
            _log_parser_crash(name, trace)
        else:
            sink.append((name, trace))
        detail = display_name(str(error)) or type(error).__name__  # MemoryError() says nothing
        return None, f"无法读取文件 {name}：{detail} / cannot read {name}: {detail}"


def _log_parser_crash(name: str, trace: str, where: str = "") -> None:
    log.error("The parser failed on %s%s; the file was refused\n%s", name, where, trace)


def parse_files(files: Sequence[Path], cancel: Callable[[], bool] | None = None
                ) -> Iterator[tuple[Path, Document | None, str | None]]:
    """Parse files in order, checking `cancel` between files. Large imports are parsed in
    worker processes so that parsing (the parser is pure Python) overlaps with the
    SQLite and index writes on another core."""
    if len(files) >= PARALLEL_MIN_FILES and _worker_count() > 0:
        yield from _parse_in_workers(files, cancel)
        return
    for path in files:
        if cancel is not None and cancel():
            return
        yield (path, *parse_one(path))


def allow_parse_workers(allowed: bool = True) -> bool:
    """Let large imports (PARALLEL_MIN_FILES files or more) parse in worker processes.

    Off by default: a "spawn" worker re-imports the calling program's `__main__`, so a
    library user's script without an `if __name__ == "__main__":` guard would run again in
    every worker. Only entry points whose main module is guarded turn it on: `zhiku import`
    (desktop_app.cli_kb) and the window's import worker. Otherwise files parse in-process.
    Returns the previous setting."""
    global _parse_workers_allowed
    previous, _parse_workers_allowed = _parse_workers_allowed, bool(allowed)
    return previous


def _worker_count() -> int:
    if not _parse_workers_allowed:
        return 0
    from desktop_app.core import spawning

    if not spawning.can_spawn():  # a frozen app whose entry point has not prepared for it
        return 0
    return max(0, min(MAX_PARSE_WORKERS, (os.cpu_count() or 1) - 1))


def parse_chunk(paths_in: Sequence[Path]
                ) -> tuple[list[Parsed], list[tuple[str, str]]]:
    """`parse_one` for a few files at once (one round trip to a worker process), with the
    parser crashes met on the way, (file name, traceback), for the caller to log: a worker
    process has no log, so its crashes travel back with its results."""
    crashes: list[tuple[str, str]] = []
    token = _crash_sink.set(crashes)
    try:
        return [parse_one(path) for path in paths_in], crashes
    finally:
        _crash_sink.reset(token)


def _parse_in_workers(files: Sequence[Path], cancel: Cancel | None
                      ) -> Iterator[tuple[Path, Document | None, str | None]]:
    """Parse in worker processes with at most PARSE_AHEAD_FILES files per worker submitted
    ahead of the consumer: enough to keep the workers busy while a batch is committed, yet
    parsed documents never pile up in memory faster than SQLite and the index take them
    (ProcessPoolExecutor.map would submit every file)."""
    workers = _worker_count()
    # "spawn": never fork a process that holds SQLite connections or GUI threads. Workers
    # die with this process even when it is killed (parent_watch); the pool is made and
    # drained on this one thread, which Linux's parent-death signal relies on.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=parent_watch.die_with_parent)
    chunks = [files[i:i + PARSE_CHUNK] for i in range(0, len(files), PARSE_CHUNK)]
    ahead = workers * max(2, PARSE_AHEAD_FILES // PARSE_CHUNK)  # chunks in flight at most
    window: deque[Future[tuple[list[Parsed], list[tuple[str, str]]]]] = deque()
    done = submitted = 0
    try:
        for chunk in chunks:
            while submitted < len(chunks) and len(window) < ahead:
                window.append(pool.submit(parse_chunk, chunks[submitted]))
                submitted += 1
            results, crashes = window.popleft().result()
            for name, trace in crashes:
                _log_parser_crash(name, trace, " (in a worker process)")
            for path, (doc, error) in zip(chunk, results, strict=True):
                if cancel is not None and cancel():
                    return
                done += 1
                yield path, doc, error
    except (BrokenProcessPool, OSError, RuntimeError):
        # workers could not start (e.g. no process may be started here) or died: parse below
        log.warning("Parse worker processes failed; the remaining %d files are parsed in this "
                    "process", len(files) - done, exc_info=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for path in files[done:]:  # the rest in this process
        if cancel is not None and cancel():
            return
        yield (path, *parse_one(path))


def _folder_suffixes() -> tuple[str, ...]:
    """Suffixes picked up when a folder is imported (refused formats too, so users hear why)."""
    return tuple(formats.supported_suffixes()) + tuple(formats.ADVISED_SUFFIXES)


def expand_paths(paths_in: Iterable[str | os.PathLike]
                 ) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to import — files as given, folders walked (sorted, depth first, hidden files
    skipped) — and the refusals found on the way: folders that held nothing importable and
    folders that could not be read, as (path as shown, bilingual reason)."""
    suffixes = _folder_suffixes()
    found: list[Path] = []
    refused: list[tuple[str, str]] = []
    for raw in paths_in:
        path = Path(raw)
        if not path.is_dir():
            found.append(path)
            continue
        before, unreadable = len(found), len(refused)
        for folder, names in _walk(path, refused):
            found += [folder / name for name in names
                      if not name.startswith((".", "~$")) and Path(name).suffix.lower() in suffixes]
        if len(found) == before and len(refused) == unreadable:
            shown = display_name(str(path))
            refused.append((shown, f"文件夹中没有可导入的文件：{shown} / no importable files in the folder {shown}"))
    return found, refused


def _walk(top: Path, refused: list[tuple[str, str]]) -> Iterator[tuple[Path, list[str]]]:
    """(folder, sorted file names) for `top` and every folder under it, parents first and
    siblings in name order, as os.walk gives them; hidden folders and links to folders are
    not entered. Iterative: os.walk recursed once per level, and a tree 1,000 levels deep
    overflowed the stack. A folder that cannot be listed goes to `refused` with its reason."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(entry.name, *_kind_of(entry)) for entry in entries]
        except OSError as error:
            refused.append(_unreadable_folder(folder, error))
            continue
        yield folder, sorted(name for name, is_folder, _ in listed if not is_folder)
        below = sorted(name for name, is_folder, is_link in listed
                       if is_folder and not is_link and not name.startswith("."))
        stack += [folder / name for name in reversed(below)]


def _kind_of(entry: os.DirEntry) -> tuple[bool, bool]:
    """(is a folder or a link to one, is a link) — False for what cannot be examined."""
    try:
        return entry.is_dir(), entry.is_symlink()
    except OSError:
        return False, False


def _unreadable_folder(folder: Path, error: OSError) -> tuple[str, str]:
    shown = display_name(str(folder))
    reason = error.strerror or type(error).__name__
    return shown, f"无法读取文件夹，已跳过：{shown}（{reason}） / cannot read the folder {shown}, skipped ({reason})"


def _shown_path(path: Path | str) -> str:
    """A path as reports and progress show it (U+FFFD for bytes that are not UTF-8)."""
    return display_name(str(path))


def _batch_full(pending: list[tuple[Path, Document]]) -> bool:
    return (len(pending) >= BATCH_FILES
            or sum(len(d.sections) for _, d in pending) >= BATCH_SECTIONS
            or sum(len(d.text) for _, d in pending) >= BATCH_CHARS)


# Source keys of paths that are not UTF-8 start with this: no absolute path does (POSIX ones
# start with "/", Windows ones with a drive letter and ":" or with "\\"), so such a key can
# never equal the key of a UTF-8 path, which is the path itself.
RAW_KEY_PREFIX = "bytes:"


def _source_key(path: Path) -> str:
    """The file's identity in the knowledge base: its resolved path, as text SQLite can store.
    A UTF-8 path is its own key (so keys stored before stay valid). A path that is not
    (surrogates from os.fsdecode) keeps its raw bytes: RAW_KEY_PREFIX, then the bytes with
    backslashes doubled and every byte that is no UTF-8 as \\xNN, which reads back to exactly
    those bytes, so the same file is recognised on its next import and no other file's key
    can be the same."""
    try:
        key = str(path.resolve())
    except (OSError, RuntimeError):
        key = str(path.absolute())
    try:
        key.encode("utf-8")
        return key
    except UnicodeEncodeError:
        pass
    try:
        raw = key.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte (Windows names)
        raw = key.encode("utf-8", "surrogatepass")
    return RAW_KEY_PREFIX + raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


_ESCAPE = re.compile(r"\\(\\|x([0-9a-f]{2}))")


def _raw_path(key: str) -> bytes | None:
    """The raw bytes a RAW_KEY_PREFIX key stands for; None for any other key."""
    if not key.startswith(RAW_KEY_PREFIX):
        return None
    text = key[len(RAW_KEY_PREFIX):]
    out, cursor = bytearray(), 0
    for match in _ESCAPE.finditer(text):
        out += text[cursor:match.start()].encode("utf-8", "surrogatepass")
        out += b"\\" if match.group(2) is None else bytes([int(match.group(2), 16)])
        cursor = match.end()
    out += text[cursor:].encode("utf-8", "surrogatepass")
    return bytes(out)


def _source_exists(key: str) -> bool:
    """Whether the file a source key names still exists (see _source_key)."""
    raw = _raw_path(key)
    # False, not an error, for a path too long or otherwise odd
    return os.path.exists(key) if raw is None else os.path.exists(raw)


def _same_release_key(title: str | None) -> str | None:
    """A parsed title reduced for comparing releases (white space and width folded); None
    when there is no title to go by."""
    if not title:
        return None
    return "".join(unicodedata.normalize("NFKC", title).split()) or None


def _iso(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip() or None


def user_year(year: int | str | None) -> int | None:
    """A year the user gives for set_properties: None unchanged, 0 or "" clears, else
    1..9999 (InputError otherwise)."""
    if year is None:
        return None
    if year == "":
        return 0
    try:
        number = int(year)
    except (TypeError, ValueError) as error:
        raise InputError(f"年份无效：{year}", f"invalid year: {year}") from error
    if not 0 <= number <= 9999:
        raise InputError(f"年份无效：{number}", f"invalid year: {number}")
    return number


def _year_or_none(year: object) -> int | None:
    if not isinstance(year, (int, float, str)) or year == "":
        return None
    try:
        return int(year) or None
    except ValueError:
        return None


def check_query(query: DocumentQuery) -> DocumentQuery:
    """`query` with its dates as YYYY-MM-DD; InputError for a bad date, year, sort, limit or
    offset (the message names the value)."""
    if query.sort not in DOCUMENT_SORTS:
        raise InputError(f"未知的排序：{query.sort}", f"unknown sort {query.sort!r}; use one of "
                         f"{', '.join(DOCUMENT_SORTS)}")
    if query.limit is not None and not 0 <= query.limit <= MAX_LIMIT:
        raise InputError(f"--limit 必须在 0 到 {MAX_LIMIT} 之间：{query.limit}",
                         f"--limit must be from 0 to {MAX_LIMIT}: {query.limit}")
    if query.offset < 0:
        raise InputError(f"--offset 不能为负数：{query.offset}", f"--offset cannot be negative: {query.offset}")
    if query.year is not None and not 1 <= query.year <= 9999:
        raise InputError(f"年份无效：{query.year}", f"invalid year: {query.year}")
    return replace(query,
                   date_from=parse_date_arg(query.date_from) if query.date_from else None,
                   date_to=parse_date_arg(query.date_to) if query.date_to else None)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------- kind names

# What users type for a kind besides the parser's name (first: the Chinese name the window
# shows, then its English name and other forms) — all from the one table in core/labels.py.
SECTION_KIND_LABELS = {kind: (*names, *labels.SECTION_KIND_ALIASES.get(kind, ()))
                       for kind, names in labels.SECTION_KIND_NAMES.items()}
METRIC_KIND_LABELS = {kind: (*names, *labels.METRIC_KIND_ALIASES.get(kind, ()))
                      for kind, names in labels.METRIC_KIND_NAMES.items()}


def _kind_name(name: str | None, labels: dict[str, tuple[str, ...]]) -> str | None:
    if name is None:
        return None
    wanted = str(name).strip()
    for kind, names in labels.items():
        if wanted.lower() == kind or any(wanted.lower() == n.lower() for n in names):
            return kind
    return wanted


def section_kind(name: str | None) -> str | None:
    """The parser's section kind for what a user typed: `achievement`, 主要成效 or
    Achievements all give `achievement`. Unknown names come back unchanged (stripped)."""
    return _kind_name(name, SECTION_KIND_LABELS)


def metric_kind(name: str | None) -> str | None:
    """The metric kind for what a user typed: `percent`, 百分比 or Percent give `percent`.
    Unknown names come back unchanged (stripped)."""
    return _kind_name(name, METRIC_KIND_LABELS)


def _store_errors(method: Callable[Concatenate[KnowledgeBase, _P], _R]
                  ) -> Callable[Concatenate[KnowledgeBase, _P], _R]:
    """Report SQLite failures as the knowledge base's own errors (busy, damaged, cannot write)
    instead of letting sqlite3 exceptions reach the user."""
    @functools.wraps(method)
    def wrapper(self: KnowledgeBase, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            raise store_error(error, self._store.path) from error
    return wrapper


# ------------------------------------------------------------------ knowledge base

class KnowledgeBase(CorrectionsMixin):
    """Documents, sections and metrics in SQLite, searchable through a derived index.

    One instance may be used from any thread, one call at a time (an internal lock
    serialises calls). Other instances and processes may open the same folder: readers
    never block; a second writer waits briefly, then gets BusyError."""

    def __init__(self, data_dir: Path, store: Store, index: SearchIndex):
        self.data_dir = data_dir
        self._store = store
        self._index = index
        self._lock = threading.RLock()
        self.read_only = store.read_only  # a read-only folder: reads and backups only
        # Never taken in a read-only folder: every write checks read_only first.
        self._write_lock = WriteLock(data_dir / LOCK_NAME)
        # Whether a search (or warm_up) that finds the index damaged rebuilds it in this
        # instance: off for the window's reader, whose calls run on the GUI thread.
        self.repair_index = True
        self._index_usable = True
        self._searched_state: tuple[str, int] | None = None  # the store state of the last search
        self._unusable_manifest: dict | None = None  # the index manifest a search gave up on
        self._index_failure: str | None = None  # why the index could not be written, if so
        self._progress: Progress | None = None  # told of index rebuilds (given to open)
        self.lock_wait = LOCK_WAIT

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, *, seed: bool = True,
             progress: Progress | None = None, repair_index: bool = True,
             upgrade_progress: Progress | None = None) -> KnowledgeBase:
        """Open (creating if needed) the knowledge base in `data_dir` (default: the user data
        folder). Imports the bundled seeds into a never-seeded empty store when `seed`, and
        rebuilds a missing, stale or damaged search index (progress(done, total, label)).

        Documents parsed by an older parser are re-parsed first, in place, after a backup
        (see core/upgrade.py): upgrade_progress(done, total, "") counts the documents (its
        first call, at 0, names the backup). Skipped
        while another process writes (it is done at a later open); a backup that cannot be
        written raises StoreError and nothing is changed.

        The folder is checked first (see core/data_folder.py): one holding someone else's
        files where Zhiku's go is refused (StoreError) before anything is written. A folder
        Zhiku cannot write is opened read-only (`read_only`, `read_only_notice`): reading,
        searching and backing up work, writes raise ReadOnlyError.

        `repair_index=False`: an index found damaged *after* opening (by a search) is not
        rebuilt by this instance; its searches answer from the texts until another instance
        has rebuilt it. For an instance used on a thread that must not block (the window's
        reader); a stale or damaged index is still rebuilt here, while opening."""
        place = data_folder.claim(data_dir)
        folder = place.path
        if place.read_only:
            log.info("Opened %s read-only", folder)
        kb = cls(folder, Store(folder / DB_NAME, read_only=place.read_only),
                 SearchIndex(folder / INDEX_DIR))
        kb.repair_index = repair_index
        try:
            if not kb.read_only:
                kb._upgrade_if_needed(upgrade_progress, progress)
                if seed:
                    kb._seed_if_new(progress)
                kb._ensure_index(progress)
                kb._tidy()
        except sqlite3.DatabaseError as error:
            kb.close()
            raise store_error(error, kb._store.path) from error
        except BaseException:
            kb.close()
            raise
        return kb

    @classmethod
    def restore_backup(cls, path: str | os.PathLike[str],
                       data_dir: str | os.PathLike[str] | None = None, *,
                       progress: Progress | None = None) -> Restored:
        """Replace the knowledge base in `data_dir` with a backup file, without opening the
        current database first, so this also repairs a damaged one (the window's restore
        and `zhiku restore` come here; it is the one way to restore). The backup is checked
        in full in a copy before anything is replaced (see core/restore.py); a refused one
        raises BackupRefusedError. A healthy database gets the backup's content in one
        transaction (readers elsewhere see before or after), its previous content kept as
        `zhiku.sqlite3.before-restore-<time>`; a damaged one is swapped for the restored copy
        and kept as `zhiku.sqlite3.damaged-<time>`. Then the index is rebuilt
        (progress(done, total, label)). Returns the document count and the kept copy."""
        place = data_folder.claim(data_dir)
        if place.read_only:
            raise data_folder.read_only_error(place.path)
        folder = place.path
        database = folder / DB_NAME
        lock = WriteLock(folder / LOCK_NAME)
        lock.acquire(LOCK_WAIT)
        try:
            data_folder.remove_leftovers(data_folder.leftovers(folder))  # an earlier restore's copy
            restored = restore_database(database, Path(path))
            log.info("Restored the knowledge base in %s from %s (%d documents)%s", folder, path,
                     restored.documents,
                     f"; the previous database kept as {restored.kept.name}" if restored.kept else "")
            kb = cls(folder, Store(database), SearchIndex(folder / INDEX_DIR))
            kb._write_lock = lock  # already held: the calls below re-enter it
            try:
                if not kb._upgrade_if_needed(None, progress):  # a backup of an older parser's
                    kb.reindex(progress)
            finally:
                kb.close()
        finally:
            lock.release()
        return restored

    @property
    def parser_version(self) -> int:
        """The parser version the knowledge base was last brought to (0: before versions)."""
        with self._lock:
            return self._store.parser_version()

    @property
    def read_only_notice(self) -> str | None:
        """A bilingual line saying the knowledge base was opened read-only, or None."""
        return data_folder.read_only_notice(self.data_dir) if self.read_only else None

    def close(self) -> None:
        with self._lock:
            self._index.close()
            self._store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_store_errors
    def warm_up(self) -> None:
        """Open and check the index, so the first search is quick (the GUI calls it
        off-thread). Searching never needs the segmenter: it is loaded on the first import;
        nor the section texts: SQLite's full-text tables answer (core/section_match.py)."""
        with self._lock:
            if self._index.manifest() is not None and not self._index.verify():
                if not self._repair_index(None):
                    self._give_up_index()

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
                self._store.set_meta("seeded", _now())
            finally:
                self._write_lock.release()

    @_store_errors
    def _upgrade_if_needed(self, progress: Progress | None, index_progress: Progress | None) -> bool:
        """Re-parse the documents an older parser parsed (core/upgrade.py), after writing a
        backup beside the database (`zhiku.sqlite3.before-upgrade-<time>`; a resumed upgrade
        keeps the one it wrote), then rebuild the index. Holds the write lock throughout, so
        other writers get BusyError; skipped (False) while another process writes. True when
        it upgraded."""
        if self.read_only or not self._store.has_outdated_documents(PARSER_VERSION):
            return False
        with self._lock:
            try:
                self._write_lock.acquire(timeout=0)
            except BusyError:
                log.info("The knowledge base needs an upgrade to parser %d; not now: another "
                         "process is writing to %s", PARSER_VERSION, self.data_dir)
                return False
            try:
                doc_ids = self._store.outdated_documents(PARSER_VERSION)
                if not doc_ids:  # another process upgraded it meanwhile
                    return False
                backup = upgrade.recorded_backup(self._store)
                if backup is None:
                    backup = aside_name(self._store.path, "before-upgrade")
                    self.backup(backup)
                    upgrade.record_backup(self._store, backup)
                log.info("Upgrading %d documents to parser %d (backup: %s)", len(doc_ids),
                         PARSER_VERSION, backup)
                upgrade.reparse(self._store, doc_ids, progress, backup)
                upgrade.finish(self._store)
                self._index_write(lambda: self._rebuild(index_progress))
            finally:
                self._write_lock.release()
        return True

    def _tidy(self) -> None:
        """Delete what killed writers left: index builds that are not current (only Zhiku's
        marked ones, SearchIndex.stale_builds, and only while the index is sound) and
        temporary files and folders of processes that are gone (data_folder.leftovers).
        Only while no other process writes (a writer's work under way is never touched);
        never waits for the lock."""
        stale = bool(self._index.stale_builds()) and self._index.problem(self._store.state()) is None
        if not stale and not data_folder.leftovers(self.data_dir):
            return
        try:
            self._write_lock.acquire(timeout=0)
        except BusyError:
            return
        try:
            data_folder.remove_leftovers(data_folder.leftovers(self.data_dir))
            if stale:
                self._index.remove_stale_builds()
        finally:
            self._write_lock.release()

    def _ensure_index(self, progress: Progress | None) -> None:
        """Rebuild the index when it does not match SQLite or is damaged (skipped while
        another process writes: that writer brings the index up to date itself). Checking
        for damage reads only the index files not yet checked since they were written."""
        self._progress = progress
        if self._index_trusted():
            return
        try:
            self._write_lock.acquire(timeout=0)
        except BusyError:
            return
        try:
            self._rebuild_if_needed(progress)
        except OSError as error:  # disk full, I/O error: open anyway, reading never blocked
            self._index_failed(error)
        finally:
            self._write_lock.release()

    @property
    def index_warning(self) -> str | None:
        """Why the search index could not be written (disk full …), bilingual, or None.

        The data in SQLite is safe and search still answers, from the texts held in memory
        (ordered by occurrences); the index is rebuilt at the next write or start."""
        return self._index_failure

    def _index_failed(self, error: OSError) -> None:
        """Note (index_warning) and log that the index could not be written."""
        log.error("The search index could not be written in %s; search answers from the texts "
                  "until it is rebuilt", self._index.root, exc_info=error)
        problem = disk_error(error, self._index.root)
        self._index_failure = (
            f"{problem.chinese}数据已安全保存，搜索仍可使用；搜索索引将在下次写入或启动时重建。 / "
            f"{problem.english} The data is stored safely and search still works; the search "
            f"index will be rebuilt at the next write or start.")

    def _index_write(self, write: Callable[[], None]) -> None:
        """Run an index write after SQLite committed; a failing disk leaves the knowledge
        base usable (degraded search, index_warning set) instead of failing the command."""
        try:
            write()
        except OSError as error:
            self._index_failed(error)

    def _index_trusted(self) -> bool:
        """The index matches SQLite's generation and section count, and no file is damaged."""
        state, sections = self._store.state(), self._store.section_count()
        return self._index.problem(state, sections) is None and self._index.verify()

    def _rebuild_if_needed(self, progress: Progress | None) -> None:
        if not self._index_trusted():
            self._rebuild(progress)

    def _repair_index(self, failed: dict | None) -> bool:
        """Rebuild the index from SQLite after it failed to read (when its manifest was
        `failed`) or failed its checks (`failed` None), as open does and with open's
        progress callback. Skipped in a read-only folder, in an instance opened with
        `repair_index=False`, and while another process writes (that writer brings the
        index up to date itself). True when a sound index is in place afterwards."""
        if self.read_only or not self.repair_index:
            log.info("The search index in %s needs repair; not by this instance (%s)",
                     self.data_dir, "read-only" if self.read_only else "repair is left to another")
            return False
        try:
            self._write_lock.acquire(timeout=0)
        except BusyError:  # another writer: it brings the index up to date
            log.info("The search index needs repair; not now: another process is writing to %s",
                     self.data_dir)
            return False
        except OSError:  # a folder this process cannot write
            log.warning("The search index needs repair but %s cannot be locked", self.data_dir,
                        exc_info=True)
            return False
        try:
            if failed is not None and self._index.manifest() == failed:
                self._rebuild(self._progress)  # the same index failed: its files lie
            else:
                self._rebuild_if_needed(self._progress)
        except OSError as error:
            self._index_failed(error)
            return False
        finally:
            self._write_lock.release()
        return True

    def _rebuild(self, progress: Progress | None) -> None:
        total = self._store.section_count()
        state = self._store.state()
        self._index.build(self._store.iter_sections_for_index(), state, total=total,
                          progress=progress)
        log.info("Rebuilt the search index in %s (%d sections)", self._index.root, total)
        self._index_usable = True
        self._index_failure = None

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """The instance lock plus the folder's write lock (BusyError after `lock_wait`;
        ReadOnlyError in a read-only folder)."""
        with self._lock:
            if self.read_only:
                raise data_folder.read_only_error(self.data_dir)
            self._write_lock.acquire(self.lock_wait)
            try:
                yield
            finally:
                self._write_lock.release()

    # -- reading -----------------------------------------------------------------------

    @_store_errors
    def documents(self, *, with_sections: bool = True) -> list[DocumentInfo]:
        """Every document, sorted by date (unknown last), then id; `with_sections=False`
        leaves `sections` empty (one query: a window lists thousands of releases and reads
        a release's sections with `section_infos` when it is shown)."""
        with self._lock:
            return self._store.documents(with_sections=with_sections)

    @_store_errors
    def section_infos(self, doc_ids: Sequence[int]) -> dict[int, tuple[SectionInfo, ...]]:
        """The sections of these documents, each document's in document order (documents
        without sections, or unknown, are left out). One query per 500 documents."""
        with self._lock:
            return self._store.section_infos_of([int(i) for i in doc_ids])

    @_store_errors
    def section_openings(self, section_ids: Sequence[int], chars: int = 80) -> dict[int, str]:
        """Section id → the first `chars` characters of its text, without reading the whole
        release: what the window's tree names a section without a heading by. One query."""
        with self._lock:
            return self._store.section_openings(section_ids, chars)

    @_store_errors
    def section_doc_ids(self, section_ids: Sequence[int] | None = None, *,
                        skip_kinds: Sequence[str] = ()) -> dict[int, int]:
        """Section id → its document's id, for these sections (None: every section), leaving
        out sections of `skip_kinds`; unknown ids are left out. One query."""
        with self._lock:
            return self._store.section_doc_ids(section_ids, skip_kinds)

    @_store_errors
    def counts(self) -> tuple[int, int, int]:
        """How many documents, sections (credits not counted) and figures are stored."""
        with self._lock:
            return self._store.counts()

    @_store_errors
    def document_page(self, query: DocumentQuery | None = None) -> DocumentPage:
        """One page of the documents matching `query` (filters, sort, limit ≤ MAX_LIMIT or
        None for all, offset), each with its sections (only those of `query.kind` when
        given), the true total and how many undated ones a date filter left out. One SQL
        query selects and sorts; only the page's documents are read. InputError for a bad
        date, year, sort or limit."""
        query = check_query(query or DocumentQuery())
        with self._lock:
            ids, total, undated = self._store.document_page(query)
            infos = {d.id: d for d in self._store.documents(ids)} if ids else {}
        docs = [infos[i] for i in ids if i in infos]
        if query.kind:
            docs = [replace(d, sections=tuple(s for s in d.sections if s.kind == query.kind))
                    for d in docs]
        return DocumentPage(tuple(docs), total, query.offset, undated)

    @_store_errors
    def document(self, doc_id: int) -> DocumentInfo:
        with self._lock:
            found = self._store.documents([int(doc_id)])
        if not found:
            raise _no_document(doc_id)
        return found[0]

    @_store_errors
    def document_text(self, doc_id: int) -> str:
        with self._lock:
            text = self._store.document_text(int(doc_id))
        if text is None:
            raise _no_document(doc_id)
        return text

    @_store_errors
    def source_file(self, doc_id: int) -> Path | None:
        """Where the document's original file was imported from (None when not known); the
        file may since have been moved or deleted: callers check before opening it."""
        with self._lock:
            row = self._store.reparse_source(int(doc_id))
        if row is None:
            raise _no_document(doc_id)
        key = row.source_path
        if not key:
            return None
        raw = _raw_path(key)
        return Path(os.fsdecode(raw)) if raw is not None else Path(key)

    @_store_errors
    def section(self, section_id: int) -> SectionRecord:
        with self._lock:
            row = self._store.section_row(int(section_id))
            if row is None:
                raise NotFoundError(f"没有编号为 {section_id} 的段落", f"no section with id {section_id}")
            doc = self.document(row.doc_id)
            return self._section_record(doc, row.id)

    @_store_errors
    def sections(self, doc_id: int) -> list[SectionRecord]:
        """A document's sections in document order, each with its text and metrics."""
        with self._lock:
            doc = self.document(doc_id)
            return [self._section_record(doc, info.id) for info in doc.sections]

    def _section_record(self, doc: DocumentInfo, section_id: int) -> SectionRecord:
        info = next(s for s in doc.sections if s.id == section_id)
        text = self._store.document_text(doc.id) or ""
        metrics = tuple(self._store.metrics(section_id=section_id))
        return SectionRecord(info=info, text=text[info.start:info.end], metrics=metrics, doc=doc)

    @_store_errors
    def metrics(self, *, section_id: int | None = None, doc_id: int | None = None,
                unit: str | None = None, kind: str | None = None, min_value: float | None = None,
                max_value: float | None = None, label: str | None = None) -> list[MetricRecord]:
        """Metric rows matching every given filter (unit exact; kind a name or a label such
        as 百分比; label words each contained in the label; value range inclusive)."""
        with self._lock:
            return self._store.metrics(section_id=section_id, doc_id=doc_id, unit=unit,
                                       kind=metric_kind(kind), min_value=min_value,
                                       max_value=max_value, label=label)

    @_store_errors
    def trend(self, label: str, unit: str | None = None) -> TrendResult:
        """The figures of one indicator across releases, sorted by date (undated last): the
        figures whose label is `label` by the grouping rule (core/indicators.py) and whose
        unit is `unit` or an equivalent (None: the unit the label has most releases in).
        With no match, no rows and the nearest indicators as suggestions; InputError for a
        label that is empty once spaces and quotes are dropped."""
        if label_key(label) is None:
            raise InputError("请给出指标名称（如 刑事案件）", "give an indicator's label (e.g. 刑事案件)")
        with self._lock:
            return trends.trend(self._store.db.conn, label, unit)

    @_store_errors
    def indicators(self, min_releases: int = 2) -> list[Indicator]:
        """The indicators found in at least `min_releases` releases, most releases first."""
        with self._lock:
            return trends.indicators(self._store.db.conn, min_releases)

    # -- search ------------------------------------------------------------------------

    @_store_errors
    def search(self, query: str, *, kind: str | None = None, doc_id: int | None = None,
               limit: int = 20, date_from: str | dt.date | None = None,
               date_to: str | dt.date | None = None, offset: int = 0,
               year: int | None = None, issuer: str | None = None,
               doc_ids: Sequence[int] | None = None) -> SearchResult:
        """Sections containing every query term (like Ctrl+F), word matches first (BM25F),
        then substring-only matches by number of occurrences, then documents found by their
        title alone (through their lead section, score 0, no matches in the section text).
        `kind` may be a kind name or a label (主要成效). `total` counts every hit; `hits` is
        the page [offset, offset + limit) (limit ≤ MAX_LIMIT), snippets made for it alone.
        `year`, `issuer`, `doc_ids` and the dates filter by document (see DocumentQuery);
        a date filter leaves out undated releases, counted in `undated_excluded`.
        Never raises on user input."""
        parsed = parse_query(query if isinstance(query, str) else "")
        notes = list(parsed.notes)
        try:
            limit = max(0, min(int(limit), MAX_LIMIT))
            offset = max(0, int(offset))
        except (TypeError, ValueError):
            limit, offset = 20, 0
        if not parsed.clauses:
            return SearchResult(str(query or ""), 0, _hint(notes), (), offset, notes=tuple(dict.fromkeys(notes)))
        wanted = tuple(int(i) for i in doc_ids) if doc_ids is not None else None
        if doc_id is not None:
            wanted = tuple(i for i in (wanted or (int(doc_id),)) if i == int(doc_id))
        scope = DocumentQuery(date_from=_iso(date_from), date_to=_iso(date_to),
                              year=_year_or_none(year), issuer=issuer or None, doc_ids=wanted)
        with self._lock:
            self._note_generation()
            allowed, undated = self._store.filter_doc_ids(scope)
            single = int(doc_id) if doc_id is not None else None
            loose = Filters(section_kind(kind) or None, single)
            filters = replace(loose, doc_ids=frozenset(allowed) if allowed is not None else None)
            matched, left_out, matched_docs = self._matching(parsed, loose if undated else filters,
                                                             filters, undated)
            titled = self._title_matches(parsed, filters, matched_docs)
            ranked = self._rank(parsed, filters, matched, offset + limit, notes)
            order = ranked + [(sid, None) for sid in titled]
            hits = [self._hit(parsed, sid, score) if score is not None
                    else self._title_hit(sid, parsed) for sid, score in order[offset:offset + limit]]
        if titled and len(ranked) < offset + limit:
            notes.append("title")
        if not matched and not titled:
            notes.append("nothing")
        return SearchResult(str(query), len(matched) + len(titled), _hint(notes),
                            tuple(h for h in hits if h), offset, len(left_out), tuple(dict.fromkeys(notes)))

    def _note_generation(self) -> None:
        """Give an index that failed earlier another chance once SQLite has moved on."""
        state = self._store.state()
        if state != self._searched_state:
            self._searched_state, self._index_usable = state, True

    def _matching(self, parsed: ParsedQuery, first: Filters, filters: Filters, undated: set[int]
                  ) -> tuple[set[int] | LazyMatches, set[int], set[int] | None]:
        """Ids of the sections matching the query that `first` allows, then `filters` with
        undated documents left out; the ids of the undated documents so left out; and the
        ids of the documents of the matching sections (None without filters: then the ids
        are a LazyMatches, counted by SQLite from its full-text tables and read only when
        a search needs them all)."""
        clauses, excluded = parsed.clauses, parsed.excluded
        if not first.active and not undated:
            return self._store.lazy_matching(clauses, excluded), set(), None
        places = {sid: place for sid, place in self._store.section_places(clauses, excluded).items()
                  if first.allows(place[1], place[0], place[2])}
        left_out = {doc for doc, _, _ in places.values() if doc in undated}
        if undated:
            places = {sid: place for sid, place in places.items()
                      if filters.allows(place[1], place[0], None)}
        return set(places), left_out, {doc for doc, _, _ in places.values()}

    def _title_matches(self, parsed: ParsedQuery, filters: Filters, matched_docs: set[int] | None
                       ) -> list[int]:
        """Sections standing for documents found by their title: for each document whose
        title holds every clause and no excluded term, and none of whose sections matched
        (`matched_docs`; None: no filters, every match counts), the first of its sections
        the filters allow (its lead, as a rule) when that holds no excluded term."""
        if matched_docs is None:
            doc_ids = self._store.title_matches(parsed.clauses, parsed.excluded, only_unmatched=True)
        else:
            doc_ids = [d for d in self._store.title_matches(parsed.clauses, parsed.excluded)
                       if d not in matched_docs]
        if not doc_ids:
            return []
        chosen, of_docs = [], self._store.sections_of(doc_ids)
        for doc_id in doc_ids:
            for sid, kind, date in of_docs.get(doc_id, []):
                if filters.allows(kind, doc_id, date):
                    chosen.append(sid)
                    break
        if chosen and parsed.excluded:
            bodies = self._store.section_bodies(chosen)
            chosen = [sid for sid in chosen
                      if not any(t in bodies.get(sid, "") for t in parsed.excluded)]
        return chosen

    def _rank(self, parsed: ParsedQuery, filters: Filters, matched: set[int] | LazyMatches, limit: int,
              notes: list[str]) -> list[tuple[int, float]]:
        if not matched or limit == 0:
            return []
        word: list[tuple[int, float]] = []
        complete = False
        if not self._index_usable and self._index.manifest() != self._unusable_manifest:
            self._index_usable = True  # another process rebuilt or updated it since
        if self._index_failure is not None:
            notes.append("index_failed")
        elif self._index_usable:
            word, complete = self._word_hits(parsed, filters, limit, matched.__contains__)
        if self._index_failure is not None and "index_failed" not in notes:
            notes.append("index_failed")
        elif not self._index_usable and self._index_failure is None:
            notes.append("no_index")
        if len(word) >= limit or (word and not complete):
            return word[:limit]
        taken = {sid for sid, _ in word}
        rest = self._store.most_occurring(matched, taken, parsed.terms, limit - len(word))
        return word + [(sid, 0.0) for sid in rest]

    def _word_hits(self, parsed: ParsedQuery, filters: Filters, limit: int,
                   accept: Callable[[int], bool]) -> tuple[list[tuple[int, float]], bool]:
        """The index's word hits. An index that cannot be read is repaired (rebuilt from
        SQLite, as open does) and asked again; if it still fails, or another process is
        writing, search answers from the texts until the index changes."""
        try:
            return self._index.word_hits(parsed, filters, limit, accept)
        except Exception:  # a broken index must not break search (logged, with the traceback)
            log.warning("The search index failed to answer a search; repairing it", exc_info=True)
            self._index.close()
        if self._repair_index(self._index.manifest()):
            try:
                return self._index.word_hits(parsed, filters, limit, accept)
            except Exception:  # logged, with the traceback
                log.warning("The repaired search index failed too", exc_info=True)
                self._index.close()
        self._give_up_index()
        return [], False

    def _give_up_index(self) -> None:
        """Search from the texts alone until the index changes (a rebuild elsewhere)."""
        log.warning("The search index in %s is unusable; searching the texts until it changes",
                    self._index.root)
        self._index_usable, self._unusable_manifest = False, self._index.manifest()

    def _hit(self, parsed: ParsedQuery, section_id: int, score: float) -> SearchHit | None:
        row = self._store.section_row(section_id)
        view = self._store.section_view(section_id)
        if row is None or view is None:
            return None
        doc = self._store.document_row(row.doc_id)
        if doc is None:  # deleted by another process since the section was read
            return None
        text = (self._store.document_text(row.doc_id) or "")[row.start:row.end]
        spans = body_spans(*view, parsed.terms)
        return SearchHit(
            doc_id=row.doc_id, doc_title=doc.shown_title, section_id=section_id,
            kind=row.kind, number=row.number, keyword=row.keyword, heading=row.heading,
            score=score, snippet=snippet(text, spans), matches=spans, **self._outline(row))

    def _outline(self, row: SectionRow) -> dict:
        """A section row's place in the outline, as SearchHit takes it: level, parent_id and
        the parent's heading (None for a level-1 section, or a parent without heading)."""
        parent = self._store.section_row(row.parent_id) if row.parent_id is not None else None
        return {"level": row.level, "parent_id": row.parent_id,
                "parent_heading": parent.heading if parent is not None else None}

    def _title_hit(self, section_id: int, parsed: ParsedQuery) -> SearchHit | None:
        """A document found by its title: its lead (or first allowed) section, marked in the
        snippet by the title with the matches; `matches` is empty (none in the section text)."""
        row = self._store.section_row(section_id)
        if row is None:
            return None
        doc = self._store.document_row(row.doc_id)
        if doc is None:  # deleted by another process since the section was read
            return None
        title = doc.shown_title or ""
        text = (self._store.document_text(row.doc_id) or "")[row.start:row.end]
        return SearchHit(
            doc_id=row.doc_id, doc_title=title, section_id=section_id, kind=row.kind,
            number=row.number, keyword=row.keyword, heading=row.heading, score=0.0,
            snippet=title_snippet(title, text, parsed.terms), matches=(), **self._outline(row))

    # -- writing -----------------------------------------------------------------------

    @_store_errors
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
        if _worker_count() == 0:
            self._import_batches(files, progress, cancel, tally)
            return
        self._index.begin_merges()
        finished = False
        try:
            self._import_batches(files, progress, cancel, tally)
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
                        cancel: Cancel | None, tally: _Tally) -> None:
        pending: list[tuple[Path, Document]] = []
        done = sections = 0
        for done, (path, doc, error) in enumerate(parse_files(files, cancel), 1):
            if doc is None:
                assert error is not None, "parse_one gives the reason for every file it refuses"
                tally.refused.append((_shown_path(path), error))
            elif not tally.suspect(path, doc):
                pending.append((path, doc))
                sections += len(doc.sections)
            if _batch_full(pending):
                # what is still to come, at the sections a file so far (background merges)
                self._index.expect_sections((len(files) - done) * sections // done)
                self._commit_batch(pending, tally)
                pending = []
            if progress:
                progress(done, len(files), _shown_path(path))
        if pending:
            self._commit_batch(pending, tally)
        tally.cancelled = len(files) - done  # parse_files stops early only when cancelled

    def _commit_batch(self, batch: list[tuple[Path, Document]], tally: _Tally) -> None:
        """One SQLite transaction for the batch, then one index commit. The tally learns of
        the batch only once it is committed (a rolled-back batch imported nothing)."""
        imported, skipped, replaced, notes, warnings = [], [], [], [], []
        with self._writing():
            before = self._store.state()
            index_ok = self._index.problem(before) is None
            changed: list[int] = []
            try:
                with self._store.transaction():
                    for path, doc in batch:
                        outcome = self._store_one(path, doc)
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
            self._sync_index(changed, index_ok)

    def _store_one(self, path: Path, doc: Document) -> Outcome:
        digest = content_hash(doc.text)
        same = self._store.find_by_hash(digest)
        if same is not None:
            if same.source_path == _source_key(path):
                reason = "已导入过，内容未变 / unchanged"
            else:
                reason = f"与文档 {same.id} 内容相同 / same content as document {same.id}"
            return ImportOutcome.SKIPPED, same.id, reason
        source = _source_key(path)
        previous = self._store.find_by_source(source) or self._moved_original(path, doc)
        if previous is not None:
            self._store.replace_document(previous.id, doc, content_hash=digest, source_path=source,
                                         imported_at=_now())
            return ImportOutcome.REPLACED, previous.id
        return ImportOutcome.IMPORTED, self._store.insert_document(doc, content_hash=digest, source_path=source,
                                                       imported_at=_now())

    def _moved_original(self, path: Path, doc: Document) -> StoredDocument | None:
        """The document this file is a moved, edited copy of: imported from a file of the
        same name whose old path is gone, *and* clearly the same release (same title).
        Releases are often all called 新闻通稿.txt: a name alone never replaces anything."""
        title = _same_release_key(doc.title)
        if title is None:
            return None
        for row in self._store.find_by_file_name(display_name(path.name)):
            if (row.source_path and not _source_exists(row.source_path)
                    and _same_release_key(row.title) == title):
                return row
        return None

    def _sync_index(self, doc_ids: Sequence[int], index_ok: bool) -> None:
        """Bring the index to SQLite's new generation: incrementally when it was current
        before this write, else (or if that fails) by a full rebuild."""
        state, sections = self._store.state(), self._store.section_count()
        if index_ok and self._index_failure is None:
            rows = [row for d in doc_ids for row in self._store.sections_for_index(d)]
            try:
                self._index.update(doc_ids, rows, state, sections)
                return
            except BusyError:
                raise
            except Exception:  # fall back to a rebuild from SQLite (logged)
                log.warning("Updating the search index failed; rebuilding it", exc_info=True)
        self._index_write(lambda: self._rebuild(None))

    @_store_errors
    def set_properties(self, doc_id: int, *, title: str | None = None, year: int | str | None = None,
                       issuer: str | None = None) -> DocumentInfo:
        """Record the user's title, year or issuer for a document (None: unchanged, "": clear).
        Kept when the same file is imported again; the year completes the dateline's date."""
        self._set_properties([int(doc_id)], title=title, year=user_year(year), issuer=issuer)
        return self.document(doc_id)

    @_store_errors
    def set_properties_many(self, doc_ids: Sequence[int], *, year: int | str | None = None,
                            issuer: str | None = None) -> list[int]:
        """Set the user's year and/or issuer of many documents at once (None: unchanged;
        year 0 or "" and issuer "" clear the user's edit), in one transaction: all or none.
        Returns the ids updated (each once, in the order given). NotFoundError, naming the
        unknown ids, before anything is changed; InputError for a bad year."""
        ids = list(dict.fromkeys(int(i) for i in doc_ids))
        number = user_year(year)
        with self._lock:
            missing = self._store.missing_documents(ids)
        if missing:
            shown = ", ".join(str(i) for i in missing[:20]) + ("…" if len(missing) > 20 else "")
            raise NotFoundError(f"没有编号为 {shown} 的文档，未作任何修改",
                                f"no document with id {shown}; nothing was changed")
        if ids and (number is not None or issuer is not None):
            self._set_properties(ids, title=None, year=number, issuer=issuer)
        return ids

    def _set_properties(self, ids: list[int], *, title: str | None, year: int | None,
                        issuer: str | None) -> None:
        """One transaction over `ids`; nothing the index holds changes, so its record moves on."""
        with self._writing():
            missing = self._store.missing_documents(ids)
            if missing:
                raise _no_document(missing[0])
            index_ok = self._index.problem(self._store.state()) is None
            with self._store.transaction():
                self._record_properties(ids, title=title, year=year, issuer=issuer)
                for doc_id in ids:
                    self._store.set_properties(doc_id, title=title, year=year, issuer=issuer)
            if index_ok:  # nothing the index holds changed: it now matches the new generation
                self._index_write(lambda: self._index.record(self._store.state(),
                                                             self._store.section_count()))
            else:
                self._index_write(lambda: self._rebuild(None))

    @_store_errors
    def delete_document(self, doc_id: int) -> None:
        """Delete a document with its sections and metrics (NotFoundError if absent)."""
        with self._writing():
            index_ok = self._index.problem(self._store.state()) is None
            with self._store.transaction():
                if not self._store.delete_document(int(doc_id)):
                    raise _no_document(doc_id)
            log.info("Deleted document %d", int(doc_id))
            self._sync_index([int(doc_id)], index_ok)

    @_store_errors
    def reindex(self, progress: Progress | None = None) -> None:
        """Rebuild the search index from SQLite (ids do not change); StoreError when the
        disk is full or fails (the old index, if any, is left as it was)."""
        with self._writing():
            with self._store.transaction(bump=False):  # derived from the sections: same content
                self._store.fill_search_texts()
            background = _worker_count() > 0  # merge in a worker process, as an import does
            if background:
                self._index.begin_merges()
            try:
                self._rebuild(progress)
            except OSError as error:
                self._index_failed(error)
                raise disk_error(error, self._index.root) from error
            finally:
                self._index.end_merges(None)
        if background and self._index_failure is None:
            from desktop_app.core import index_compaction

            index_compaction.start(self.data_dir)

    @_store_errors
    def compact_index(self) -> bool:
        """Merge the index's segments, purging deleted sections, when there are many
        segments or any deletions; an index of more than CHEAP_COMPACT_SECTIONS is merged by
        a compaction process of its own (core/index_compaction.py, never waited for: True
        when one was started). False when nothing was done (nothing to merge, or the disk
        refused the write)."""
        with self._writing():
            if self._index_failure or self._index.problem(self._store.state()) is not None:
                return False
            if self._index.deleted_fraction()[1] > CHEAP_COMPACT_SECTIONS:  # not in this process
                from desktop_app.core import index_compaction

                return index_compaction.start(self.data_dir) is not None
            try:
                return self._index.compact(self._store.state(), self._store.section_count())
            except OSError:  # the old segments stay valid; merging can wait
                log.warning("Compacting the search index failed; it stays as it was", exc_info=True)
                return False
            except StoreIndexError:  # a damaged segment: rebuild rather than merge it
                log.warning("The search index is damaged; rebuilding it instead of compacting",
                            exc_info=True)
                self._index_write(lambda: self._rebuild(None))
                return self._index_failure is None

    @_store_errors
    def needs_compaction(self) -> bool:
        """Whether compact_index is worth calling now: the index holds deleted sections
        (left by deletes and replacing imports), more than COMPACT_SHARE of it, or any at
        all while it is small enough (CHEAP_COMPACT_SECTIONS) to merge in well under a
        second. The CLI calls this after a delete or a replacing import; the GUI when idle."""
        with self._lock:
            if self._index_failure or self._index.problem(self._store.state()) is not None:
                return False
            share, stored = self._index.deleted_fraction()
            return share > COMPACT_SHARE or (share > 0 and stored <= CHEAP_COMPACT_SECTIONS)

    @_store_errors
    def backup(self, path: str | os.PathLike[str]) -> None:
        """Write the whole knowledge base to one SQLite file (consistent while the app runs)."""
        target = Path(path)
        check_backup_target(target, self._store.path)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with self._lock:
                self._store.backup_to(tmp)
            os.replace(tmp, target)
        except (OSError, sqlite3.Error) as error:
            raise backup_write_error(target, error) from error
        finally:
            _remove_quietly(tmp)
        log.info("Backed up the knowledge base to %s", target)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # pragma: no cover - a temporary file we could not remove
        pass


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


def _hint(notes: list[str]) -> str | None:
    return "；".join(note_text(n) for n in dict.fromkeys(notes)) or None


def _no_document(doc_id: int) -> NotFoundError:
    return NotFoundError(f"没有编号为 {doc_id} 的文档", f"no document with id {doc_id}")
