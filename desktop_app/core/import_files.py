"""Finding and parsing the files of an import; Qt-free helpers usable alone.

`expand_paths` turns the files and folders a user gave into the files to import (folders
walked, with the refusals met on the way); `parse_files` parses them in order, in worker
processes for a large import (`allow_parse_workers`), never raising for a bad file. A
file's identity in the knowledge base is its source key (`source_key`), which also holds
paths that are not UTF-8. `KnowledgeBase.import_paths` (core/kb_import.py) stores what
these give.
"""
from __future__ import annotations

import contextvars
import logging
import multiprocessing
import os
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from desktop_app.core import formats, logs, parent_watch
from desktop_app.core.errors import ZhikuError
from desktop_app.core.model import Document
from desktop_app.core.reading import display_name
from desktop_app.core.store_rows import DerivedRows, derive

PARALLEL_MIN_FILES = 64  # below this, starting a worker process costs more than it saves
MAX_PARSE_WORKERS = 3
PARSE_CHUNK = 8  # files per round trip to a worker process
# Files each worker may parse ahead of the writer: enough for a worker to keep parsing while
# the importing process writes a batch's index (a batch's files are stored as they come, its
# index after its last: ~0.6 s for 3,000 sections, ~70 files of parsing); a window smaller
# than that starves the pipeline (32 files made a 2,000-release import nearly serial).
# Bounded memory: ~100 KB a parsed release with its derived rows (core/store_rows.py).
PARSE_AHEAD_FILES = 256
# Chunks given to each worker process and not yet back, at most: enough that a worker never
# waits for work; the chunks not yet given are left for this process to parse when it
# would otherwise wait (see _parse_in_workers).
QUEUED_CHUNKS = 12
# The first files are parsed here, in order, while the workers start (~0.5 s), so that
# storing starts at once instead of after a worker's first result.
LEAD_FILES = 32
_parse_workers_allowed = False  # see allow_parse_workers()
# Set while parse_chunk runs: parser crashes are collected there, as (file name, traceback),
# for the parent process to log (a worker process has no log of its own).
_crash_sink: contextvars.ContextVar[list[tuple[str, str]] | None] = contextvars.ContextVar(
    "zhiku_parser_crashes", default=None)

Cancel = Callable[[], bool]
Parsed = tuple[Document | None, str | None]  # what parse_one gives for a file
# A file as parse_files gives it: path, document or None, the reason it was refused or None,
# and the document's derived rows when they were made where it was parsed (a worker), else None.
ParsedFile = tuple[Path, Document | None, str | None, DerivedRows | None]
FileResult = tuple[Document | None, str | None, DerivedRows | None]  # a ParsedFile but its path
ChunkResult = tuple[list[FileResult], list[tuple[str, str]]]  # parse_chunk's, with the crashes
log = logging.getLogger(__name__)


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
                ) -> Iterator[ParsedFile]:
    """Parse files in order, checking `cancel` between files. Large imports are parsed in
    worker processes so that parsing (the parser is pure Python) overlaps with the
    SQLite and index writes on another core."""
    if len(files) >= PARALLEL_MIN_FILES and worker_count() > 0:
        yield from _parse_in_workers(files, cancel)
        return
    for path in files:
        if cancel is not None and cancel():
            return
        yield (path, *parse_one(path), None)


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


def worker_count() -> int:
    """How many worker processes a large import parses in: none unless allowed
    (allow_parse_workers) and possible (core/spawning.py), at most MAX_PARSE_WORKERS, one core left free."""
    if not _parse_workers_allowed:
        return 0
    from desktop_app.core import spawning

    if not spawning.can_spawn():  # a frozen app whose entry point has not prepared for it
        return 0
    return max(0, min(MAX_PARSE_WORKERS, (os.cpu_count() or 1) - 1))


def parse_chunk(paths_in: Sequence[Path]) -> ChunkResult:
    """`parse_one` for a few files at once (one round trip to a worker process), with the
    parser crashes met on the way, (file name, traceback), for the caller to log: a worker
    process has no log, so its crashes travel back with its results."""
    crashes: list[tuple[str, str]] = []
    token = _crash_sink.set(crashes)
    try:
        return [(doc, error, _derived(doc)) for doc, error in map(parse_one, paths_in)], crashes
    finally:
        _crash_sink.reset(token)


def _parsed_here(chunk: Sequence[Path]) -> list[FileResult]:
    """A chunk parsed in this process (its derived rows are made when it is stored)."""
    return [(*parse_one(path), None) for path in chunk]


def _derived(doc: Document | None) -> DerivedRows | None:
    """The document's derived rows, made in the worker so the importing process only writes
    them; None when there is no document, or when making them failed (the store then makes
    them itself, and meets the same error where it is reported)."""
    if doc is None:
        return None
    try:
        return derive(doc, words=True)
    except Exception:  # noqa: BLE001 - see the docstring
        return None


def _parse_in_workers(files: Sequence[Path], cancel: Cancel | None) -> Iterator[ParsedFile]:
    """Parse in worker processes, in chunks of PARSE_CHUNK files, giving the results in the
    files' order. At most PARSE_AHEAD_FILES files per worker are parsed ahead of the
    consumer: enough to keep the workers busy while a batch is committed, yet parsed
    documents never pile up in memory faster than SQLite and the index take them
    (ProcessPoolExecutor.map would submit every file).

    This process never waits idle while there is parsing to do. It parses the first
    LEAD_FILES files itself while the workers start (a spawned worker takes ~0.5 s before
    its first result: a new interpreter, the parser's modules, its patterns). After that,
    when the next chunk in order is not back yet, it takes back the nearest chunk still
    waiting in the pool (the pool has handed the next workers + 1 to its call queue
    already), else the first chunk not given out, parses it, and keeps that result for
    its turn. So when the workers are slower than the storing, both cores are still busy,
    where this process used to wait for the worker; and what it parsed is stored soon:
    parsing the chunks not yet given out, the furthest ahead in the window, left it, once
    the workers were done, a backlog of its own to store alone (~1 s of 1,000 files)."""
    workers = worker_count()
    # "spawn": never fork a process that holds SQLite connections or GUI threads. Workers
    # die with this process even when it is killed (parent_watch); the pool is made and
    # drained on this one thread, which Linux's parent-death signal relies on.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=parent_watch.die_with_parent)
    chunks = [files[i:i + PARSE_CHUNK] for i in range(0, len(files), PARSE_CHUNK)]
    ahead = workers * max(2, PARSE_AHEAD_FILES // PARSE_CHUNK)  # chunks parsed ahead at most
    queued = workers * QUEUED_CHUNKS  # chunks given to the workers and not back yet, at most
    # the chunks from the next one in order: a worker's (a Future), parsed here (a list), or
    # to be parsed here when its turn comes (None: the first ones, while the workers start)
    window: deque[Future[ChunkResult] | list[FileResult] | None]
    taken = min(len(chunks) // (workers + 1), LEAD_FILES // PARSE_CHUNK)
    window = deque([None] * taken)
    done = 0

    def waiting(entry: object) -> bool:
        return isinstance(entry, Future) and not entry.done()

    def give() -> None:  # chunks to the workers, up to `queued` of theirs not back
        nonlocal taken
        while (taken < len(chunks) and len(window) < ahead
               and sum(map(waiting, window)) < queued):
            window.append(pool.submit(parse_chunk, chunks[taken]))
            taken += 1

    def steal(first: int) -> bool:
        """Parse here, rather than wait, the nearest chunk still waiting in the pool (taken
        back: one not yet moved to the pool's call queue, whose workers + 1 chunks count as
        running and cannot be), else the first chunk not given out; `first` is the number
        of the window's first chunk. False when there is none."""
        nonlocal taken
        for place, entry in enumerate(window):
            if isinstance(entry, Future) and entry.cancel():
                window[place] = _parsed_here(chunks[first + place])
                give()
                return True
        if taken < len(chunks) and len(window) < ahead:
            window.append(_parsed_here(chunks[taken]))
            taken += 1
            give()
            return True
        return False

    try:
        for number, chunk in enumerate(chunks):
            give()  # the window now holds `chunk`, first
            while waiting(window[0]) and steal(number):
                pass
            entry = window.popleft()
            if entry is None:
                entry = _parsed_here(chunk)
            if isinstance(entry, Future):
                results, crashes = entry.result()
                for name, trace in crashes:
                    _log_parser_crash(name, trace, " (in a worker process)")
            else:
                results = entry
            for path, (doc, error, derived) in zip(chunk, results, strict=True):
                if cancel is not None and cancel():
                    return
                done += 1
                yield path, doc, error, derived
    except (BrokenProcessPool, OSError, RuntimeError):
        # workers could not start (e.g. no process may be started here) or died: parse below
        log.warning("Parse worker processes failed; the remaining %d files are parsed in this "
                    "process", len(files) - done, exc_info=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for path in files[done:]:  # the rest in this process
        if cancel is not None and cancel():
            return
        yield (path, *parse_one(path), None)


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



# Source keys of paths that are not UTF-8 start with this: no absolute path does (POSIX ones
# start with "/", Windows ones with a drive letter and ":" or with "\\"), so such a key can
# never equal the key of a UTF-8 path, which is the path itself.
RAW_KEY_PREFIX = "bytes:"


def source_key(path: Path) -> str:
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


def raw_path(key: str) -> bytes | None:
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


def source_exists(key: str) -> bool:
    """Whether the file a source key names still exists (see source_key)."""
    raw = raw_path(key)
    # False, not an error, for a path too long or otherwise odd
    return os.path.exists(key) if raw is None else os.path.exists(raw)


def same_release_key(title: str | None) -> str | None:
    """A parsed title reduced for comparing releases (white space and width folded); None
    when there is no title to go by."""
    if not title:
        return None
    return "".join(unicodedata.normalize("NFKC", title).split()) or None
