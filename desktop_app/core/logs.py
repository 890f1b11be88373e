"""Zhiku's log: one private, rotated file in the data folder, `logs/zhiku.log`, written by
the window and the CLI alike; with the CLI's -v, INFO records on stderr as well.

Every module logs to `logging.getLogger(__name__)`; `setup` attaches the handlers to the
package logger `desktop_app`, which all of them reach. Logging never makes a command fail
and never writes where Zhiku may not:

- the file is opened at the first record, and only once the data folder bears Zhiku's
  marker (core/data_folder.py claims a new folder or adopts an old one before anything is
  written to it), so no log is made in a folder refused as someone else's;
- `logs/` is Zhiku's own, marked like `index/` (its rotation deletes the oldest backup);
- a read-only knowledge base, or any failure to open or write the file, means no file log.

No log line holds document text: a traceback keeps the messages of only the exceptions
whose messages Zhiku or the system wrote (file errors, SQLite, ZhikuError); the message of
any other exception (a parser's ValueError may quote the line it choked on) is left out.
"""
from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from desktop_app.core import paths, terminal
from desktop_app.core.errors import ZhikuError
from desktop_app.core.patterns import lazy

if TYPE_CHECKING:
    from desktop_app.core.rotating_log import PrivateRotatingFile

PACKAGE = "desktop_app"
LOGS_DIR = "logs"
LOG_NAME = "zhiku.log"
LOGS_ROLE = "logs"  # the role written in the marker of `logs/` (see paths.write_marker)
MAX_BYTES = 1024 * 1024  # per file: with BACKUPS, 3 MB at most
BACKUPS = 2
FILE_FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"
STDERR_FORMAT = "zhiku: %(levelname)s %(name)s: %(message)s"
WITHHELD = "(message not logged: it may quote a document)"
_OURS = "zhiku"  # the name of the handlers setup attaches (reset removes only those)
# Exceptions whose message is safe to keep: written by Zhiku or the system (file names, errno)
# (sqlite3.Error is added by _told: importing sqlite3 here would cost the window's start-up)
_TOLD = (OSError, ZhikuError, ArithmeticError, AttributeError, NameError,
         ImportError, RecursionError)
# Shown, never obeyed, when a maintainer reads the file in a terminal (a file name may hold
# escape sequences): the characters core.terminal.block escapes; newlines and tabs stay.
_CONTROL = terminal.BLOCK_ESCAPED


def setup(data_dir: str | os.PathLike | None = None, *, verbose: bool = False) -> None:
    """Send the package's records (INFO and above) to `<data folder>/logs/zhiku.log`, and to
    stderr too when `verbose`. Replaces an earlier set-up; does no I/O (the file is opened
    at the first record, see DataFolderLog), so it cannot fail."""
    reset()
    logger = logging.getLogger(PACKAGE)
    logger.setLevel(logging.INFO)
    logger.addHandler(DataFolderLog(data_dir))
    if verbose:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.INFO)
        stream.setFormatter(LogFormatter(STDERR_FORMAT))
        stream.set_name(_OURS)
        logger.addHandler(stream)


def reset() -> None:
    """Remove and close the handlers `setup` attached (tests; a second set-up)."""
    logger = logging.getLogger(PACKAGE)
    for handler in list(logger.handlers):
        if handler.get_name() == _OURS:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(logging.NOTSET)


def log_file() -> Path | None:
    """The file records are being written to now; None when there is none (not set up,
    the data folder not yet claimed, read-only, or the file could not be opened)."""
    for handler in logging.getLogger(PACKAGE).handlers:
        if isinstance(handler, DataFolderLog) and handler.is_open:
            return handler.path
    return None


def traceback_text(error: BaseException) -> str:
    """`error`'s traceback with its causes, as Python prints it, except that the message of
    an exception not in _TOLD is replaced by WITHHELD (see the module's docstring)."""
    return "".join(_traceback_lines(error, set())).rstrip("\n")


def _traceback_lines(error: BaseException, seen: set[int]) -> list[str]:
    seen.add(id(error))
    lines: list[str] = []
    cause, context = error.__cause__, error.__context__
    if cause is not None and id(cause) not in seen:
        lines += _traceback_lines(cause, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not error.__suppress_context__ and id(context) not in seen:
        lines += _traceback_lines(context, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    if error.__traceback__ is not None:
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.format_tb(error.__traceback__)
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    message = str(error)
    if message and not _told(error):
        message = WITHHELD
    lines.append(f"{name}: {message}\n" if message else f"{name}\n")
    return lines


def visible(text: str) -> str:
    """`text` with control characters (but newlines and tabs) as visible escapes."""
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xD800 <= code <= 0xDFFF:
            return "\ufffd"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return _CONTROL.sub(escape, text)



_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class LogFormatter(logging.Formatter):
    """Tracebacks through traceback_text, control characters shown as escapes."""

    def formatException(self, ei: _ExcInfo) -> str:
        error = ei[1]
        if error is None:
            return super().formatException(ei)
        return traceback_text(error)

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))


class DataFolderLog(logging.Handler):
    """The rotated file `<data folder>/logs/zhiku.log`, opened at the first record once the
    folder is Zhiku's and writable (see the module's docstring); records that come before
    are dropped, and after a failure to open or write no file is tried again."""

    def __init__(self, data_dir: str | os.PathLike | None):
        super().__init__(logging.INFO)
        self.set_name(_OURS)
        self.setFormatter(LogFormatter(FILE_FORMAT))
        self._data_dir = data_dir
        self._folder: Path | None = Path(data_dir).expanduser() if data_dir else None
        self._file: PrivateRotatingFile | None = None
        self._failed = False

    @property
    def folder(self) -> Path:
        """The data folder (the platform's default is looked up only when needed: it costs
        start-up time)."""
        if self._folder is None:
            self._folder = paths.data_dir(self._data_dir)
        return self._folder

    @property
    def path(self) -> Path:
        return self.folder / LOGS_DIR / LOG_NAME

    @property
    def is_open(self) -> bool:
        return self._file is not None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None and (self._failed or not self._open()):
            return
        file = self._file
        if file is not None:
            file.emit(record)
            if file.failed:  # a full disk, a file removed under us: no file log from now on
                self._give_up()

    def _open(self) -> bool:
        """Open the file if the folder is Zhiku's (marked) and writable; False otherwise."""
        try:
            folder = self.folder
            if paths.read_marker(folder, paths.DATA_ROLE) is None:
                return False  # not yet claimed (a new folder) or not Zhiku's: try again later
            from desktop_app.core import data_folder  # not at import: it loads Whoosh

            logs = folder / LOGS_DIR
            if not data_folder.writable(folder) or not _claim_logs(logs, folder):
                self._failed = True
                return False
            from desktop_app.core.rotating_log import PrivateRotatingFile  # not at start-up

            self._file = PrivateRotatingFile(logs / LOG_NAME, max_bytes=MAX_BYTES, backups=BACKUPS)
            self._file.setFormatter(self.formatter)
        except Exception:  # noqa: BLE001 - no file log, and the command goes on
            self._give_up()
            return False
        return True

    def _give_up(self) -> None:
        self._failed = True
        if self._file is not None:
            try:
                self._file.close()
            except Exception:  # noqa: BLE001 - closing a file that failed to write
                pass
            self._file = None

    def close(self) -> None:
        self._give_up()
        super().close()


def _told(error: BaseException) -> bool:
    """Whether the exception's message is safe to log (see _TOLD). A sqlite3.Error can only
    exist once sqlite3 is imported."""
    sqlite3 = sys.modules.get("sqlite3")
    return isinstance(error, _TOLD) or (sqlite3 is not None and isinstance(error, sqlite3.Error))


def _claim_logs(logs: Path, data: Path) -> bool:
    """Make `logs/` (0o700, marked as Zhiku's), or check that it is Zhiku's: marked, or
    holding nothing but Zhiku's log files (then marked). False for anything else: someone
    else's folder, a file or a link in its place."""
    kb_id = paths.read_marker(data, paths.DATA_ROLE)
    if logs.is_symlink() or (logs.exists() and not logs.is_dir()) or kb_id is None:
        return False
    if not logs.exists():
        logs.mkdir(mode=0o700)
    elif paths.read_marker(logs, LOGS_ROLE) is not None:
        return True
    elif not all(_ours(entry) for entry in logs.iterdir()):
        return False
    os.chmod(logs, 0o700)
    paths.write_marker(logs, LOGS_ROLE, kb_id)
    return True


_LOG_FILE = lazy(re.escape(LOG_NAME) + r"(\.\d+)?|" + re.escape(paths.MARKER_NAME) + r"(\.\d+\.tmp)?")


def _ours(entry: Path) -> bool:
    """Whether an entry of an unmarked `logs/` is one Zhiku writes (a log, its backups, or
    a marker left half-written)."""
    return entry.is_file() and not entry.is_symlink() and bool(_LOG_FILE.fullmatch(entry.name))
