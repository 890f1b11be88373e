"""The knowledge base folder: which files in it are Zhiku's, and whether it may be written.

Zhiku deletes only what it created. It marks each folder it creates or adopts — the data
folder, its `index/` and every index build — with a small marker file holding the knowledge
base's id (paths.MARKER_NAME), and the code that deletes checks the marker first. A folder
that holds someone else's files where Zhiku's go (`index/`) is refused before anything is
written, with a message saying what to do. A folder from before markers existed (every
current user's) that holds a valid zhiku.sqlite3 is adopted: marked, together with its
`index/` when everything in it is shaped like Zhiku's.

A folder Zhiku cannot write (a read-only disk or share, no permission) is opened read-only:
reading, searching and backing up work; writes are refused with ReadOnlyError.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.errors import ForeignFolderError, ReadOnlyError, StoreError
from desktop_app.core.index_folder import (
    BUILD_NAME,
    MANIFEST,
    MANIFEST_TMP,
    build_tmp_pid,
    merge_tmp_pid,
)
from desktop_app.core.restore import aside_tmp_pid, restore_tmp_pid
from desktop_app.core.store import DB_NAME, connect_read_only, new_database_tmp_pid

log = logging.getLogger(__name__)
INDEX_DIR = "index"
LOCK_NAME = "write.lock"
# What Whoosh (index name MAIN) and Zhiku write inside a build folder: segments, tables of
# contents and their temporary files, the writer's lock, Zhiku's own small files.
_BUILD_FILE = re.compile(r"_?MAIN[\w.-]*|[\w-]+\.json|\.[\w.-]+\.tmp")
_MARKER_FILE = re.compile(re.escape(paths.MARKER_NAME) + r"(\.\d+\.tmp)?")
# What file browsers leave in any folder someone looked at (macOS Finder, Windows Explorer,
# macOS on FAT, exFAT or SMB disks): no user's documents, so an unmarked index/ (or build)
# holding them is still adopted. Zhiku never deletes them: only whole stale build folders
# and the temporary files of its own killed writes go.
_OS_METADATA = re.compile(r"\.DS_Store|Thumbs\.db|ehthumbs\.db|desktop\.ini|\._.+", re.IGNORECASE)
_SHOWN = 3  # foreign entries named in a refusal


@dataclass(frozen=True)
class DataFolder:
    """A knowledge base folder checked for use: its path, and whether it is read-only."""

    path: Path
    read_only: bool


def claim(data_dir: str | os.PathLike[str] | None = None) -> DataFolder:
    """The knowledge base folder for `data_dir` (see paths.data_dir), created if needed,
    checked and marked as Zhiku's. Raises StoreError when it cannot be created, or holds
    files that are not Zhiku's where Zhiku's go; nothing is written then."""
    folder = paths.data_dir(data_dir)
    created = _make(folder)
    read_only = not created and not writable(folder)
    for name in (DB_NAME, LOCK_NAME):  # Zhiku's files: a folder in their place is not
        if (folder / name).is_dir():
            raise _foreign_error(folder / name, [name])
    database = folder / DB_NAME
    kb_id = paths.read_marker(folder, paths.DATA_ROLE)
    if kb_id is None and (created or not database.exists() or is_knowledge_base(database)):
        # a new knowledge base, or one from before markers: ours to mark (an empty, damaged
        # or foreign database is left unmarked: opening it reports the problem)
        kb_id = paths.read_marker(folder / INDEX_DIR, paths.INDEX_ROLE) or uuid.uuid4().hex
        mark = None if read_only else kb_id  # the id to write in the folder's marker
    else:
        mark = None
    _claim_index(folder / INDEX_DIR, kb_id, read_only)
    if mark is not None:
        _write_marker(folder, paths.DATA_ROLE, mark)
    return DataFolder(folder, read_only)


def writable(folder: Path) -> bool:
    """Whether Zhiku may write in `folder` and to its database (False on a read-only disk
    or share, or without permission)."""
    database = folder / DB_NAME
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not database.exists() or os.access(database, os.W_OK)


def is_knowledge_base(database: Path) -> bool:
    """Whether `database` is a Zhiku knowledge base (a SQLite file with Zhiku's schema
    version and `meta` table; damage is for opening to find)."""
    try:
        if database.stat().st_size == 0:
            return False
        conn = connect_read_only(database, peek=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except (OSError, sqlite3.Error):  # not ours to mark; opening it reports the problem
        log.debug("%s is not readable as a knowledge base", database, exc_info=True)
        return False
    return version >= 1 and {"meta", "documents"} <= tables


def read_only_error(folder: Path) -> ReadOnlyError:
    """A write refused because the knowledge base folder is read-only."""
    return ReadOnlyError(
        f"知识库文件夹是只读的：{folder}。可以浏览、搜索和备份，但不能导入、删除、修改或恢复。"
        f"如需修改，请把知识库放在可写的位置，或取得该文件夹的写入权限。",
        f"the knowledge base folder is read-only: {folder}. You can browse, search and back "
        f"up, but not import, delete, edit or restore; to change it, keep the knowledge base "
        f"somewhere writable or get write permission for the folder.")


def read_only_notice(folder: Path) -> str:
    """One bilingual line saying a knowledge base was opened read-only."""
    return (f"知识库文件夹是只读的，已以只读方式打开：{folder} / the knowledge base folder is "
            f"read-only; opened read-only: {folder}")


# ---------------------------------------------------------------------------- leftovers

def leftovers(folder: Path) -> list[Path]:
    """What processes killed while writing left in the knowledge base folder, and nothing
    else: a restore's private copy of a backup, the backup an upgrade writes first, a new
    database being built, a marker being written, an index build folder being made. Only names Zhiku makes, and only when the
    process whose id the name holds is gone (a process still running may be using it).
    Remove them with the write lock held (remove_leftovers)."""
    database = folder / DB_NAME
    found = [entry for entry in _listing(folder) if _plain_file(entry)
             and _gone(restore_tmp_pid(database, entry.name) or aside_tmp_pid(database, entry.name)
                       or new_database_tmp_pid(entry.name) or paths.marker_tmp_pid(entry.name))]
    index = folder / INDEX_DIR
    if paths.read_marker(index, paths.INDEX_ROLE) is None:  # not (yet) known as Zhiku's
        return found
    for entry in _listing(index):
        if _plain_file(entry) and _gone(paths.marker_tmp_pid(entry.name)):
            found.append(entry)
        elif (entry.is_dir() and not entry.is_symlink() and _gone(build_tmp_pid(entry.name))
              and _only_markers(entry)):
            found.append(entry)
        elif entry.is_dir() and not entry.is_symlink() and BUILD_NAME.fullmatch(entry.name):
            found += [inner for inner in _listing(entry) if inner.is_dir() and not inner.is_symlink()
                      and _gone(merge_tmp_pid(inner.name))]
    return found


def remove_leftovers(found: list[Path]) -> None:
    """Delete what `leftovers` found (best effort: what cannot go now goes next time). A
    build folder that was being made holds at most its marker: its files are removed one
    by one, then the empty folder; anything else in it keeps it."""
    for entry in found:
        try:
            if merge_tmp_pid(entry.name) is not None:  # a killed import's merge: Whoosh files
                shutil.rmtree(entry)
            elif entry.is_dir() and not entry.is_symlink():
                for inner in entry.iterdir():
                    if _MARKER_FILE.fullmatch(inner.name) and _plain_file(inner):
                        inner.unlink()
                entry.rmdir()
            else:
                entry.unlink()
            log.info("Removed %s, left by a Zhiku process that was stopped", entry)
        except OSError:
            log.debug("Could not remove the leftover %s", entry, exc_info=True)


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _plain_file(entry: Path) -> bool:
    return entry.is_file() and not entry.is_symlink()


def _only_markers(folder: Path) -> bool:
    """Whether a folder holds nothing but a marker (or a marker being written)."""
    try:
        return all(_MARKER_FILE.fullmatch(f.name) and _plain_file(f) for f in folder.iterdir())
    except OSError:
        return False


def _gone(pid: int | None) -> bool:
    """Whether `pid` names a process that no longer runs (False for None, for this
    process, and whenever it cannot be told)."""
    if pid is None or pid == os.getpid():
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
        return _gone_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # it exists, but belongs to someone else (EPERM), or cannot be told
        return False
    return False


def _gone_on_windows(pid: int) -> bool:  # pragma: no cover - exercised on Windows builds
    """Windows: os.kill would end the process, so ask for its exit code instead."""
    import ctypes

    if sys.platform != "win32":  # never called elsewhere; tells the type checker too
        raise OSError("_gone_on_windows runs on Windows only")
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        error = ctypes.get_last_error()
        return error == 87  # ERROR_INVALID_PARAMETER: no such process
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return False
        return code.value != 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


# ------------------------------------------------------------------------------ helpers

def _make(folder: Path) -> bool:
    """Create the folder if needed; True when it was created (so it is new and ours)."""
    if folder.is_dir():
        return False
    try:
        folder.mkdir(parents=True)
        return True
    except FileExistsError:
        if folder.is_dir():
            return False
        raise StoreError(f"无法使用知识库文件夹：{folder} 是一个文件，不是文件夹。",
                         f"cannot use the knowledge base folder {folder}: it is a file, not a folder.") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise StoreError(f"无法创建知识库文件夹：{folder}。请检查该位置是否可写。",
                         f"cannot create the knowledge base folder {folder}: {reason}") from error


def _claim_index(index: Path, kb_id: str | None, read_only: bool) -> None:
    """Refuse an `index` that is not Zhiku's; adopt (mark) an unmarked one from before
    markers when everything in it is shaped like Zhiku's."""
    if not index.exists() and not index.is_symlink():
        return
    if not index.is_dir():
        raise _foreign_error(index, [index.name])
    if paths.read_marker(index, paths.INDEX_ROLE) is not None:
        return
    try:
        entries = sorted(index.iterdir())
    except OSError as error:
        raise StoreError(f"无法读取文件夹：{index}。请检查它的权限。",
                         f"cannot read the folder {index}: {error.strerror or error}") from error
    foreign = [entry.name for entry in entries if not _zhiku_entry(entry)]
    if foreign:
        raise _foreign_error(index, foreign)
    if kb_id is None or read_only:
        return
    for entry in entries:
        if entry.is_dir() and paths.read_marker(entry, paths.BUILD_ROLE) is None:
            _write_marker(entry, paths.BUILD_ROLE, kb_id)
    _write_marker(index, paths.INDEX_ROLE, kb_id)


def _zhiku_entry(entry: Path) -> bool:
    """Whether an entry of an unmarked index folder is shaped like one Zhiku writes."""
    name = entry.name
    if entry.is_symlink():
        return False
    if entry.is_file():
        return name == MANIFEST or bool(MANIFEST_TMP.fullmatch(name) or _MARKER_FILE.fullmatch(name)
                                         or _OS_METADATA.fullmatch(name))
    if entry.is_dir() and build_tmp_pid(name) is not None:  # a build being made, killed
        return _only_markers(entry)
    if not entry.is_dir() or not BUILD_NAME.fullmatch(name):
        return False
    try:
        return all(f.is_file() and not f.is_symlink()
                   and (_BUILD_FILE.fullmatch(f.name) or _MARKER_FILE.fullmatch(f.name)
                        or _OS_METADATA.fullmatch(f.name))
                   for f in entry.iterdir())
    except OSError:
        return False


def _foreign_error(place: Path, names: list[str]) -> ForeignFolderError:
    """`place` (index/, or a folder where a file of Zhiku's goes) is not Zhiku's."""
    shown = "、".join(names[:_SHOWN]) + ("…" if len(names) > _SHOWN else "")
    shown_en = ", ".join(names[:_SHOWN]) + (", …" if len(names) > _SHOWN else "")
    folder = place.parent
    return ForeignFolderError(
        f"知库不会使用文件夹 {folder}：其中的 {place.name} 不是知库创建的（{shown}）。"
        f"知库会在这里写入和删除文件；为保护您的文件，请另选一个知识库文件夹，"
        f"或先把 {place} 移到别处。",
        f"Zhiku will not use the folder {folder}: its {place.name} was not created by Zhiku "
        f"({shown_en}). Zhiku writes and deletes files there, so to keep yours safe choose "
        f"another knowledge base folder, or move {place} elsewhere first.")


def _write_marker(folder: Path, role: str, kb_id: str) -> None:
    try:
        paths.write_marker(folder, role, kb_id)
    except OSError:  # pragma: no cover - marking is retried at the next open
        log.debug("Could not mark %s as Zhiku's", folder, exc_info=True)
