"""The rotated log file itself, apart from core/logs.py: logging.handlers (sockets, pickle,
queues) costs ~8 ms to import, so it is loaded when the first record is written, not at
every start of the window or the CLI."""
from __future__ import annotations

import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path


class PrivateRotatingFile(RotatingFileHandler):
    """A RotatingFileHandler whose files only their owner can read (0o600), that never
    follows a symbolic link where the log goes, and that reports a failed write to its
    owner (logs.DataFolderLog) instead of on stderr."""

    failed = False  # set when a record could not be written

    def __init__(self, path: Path, *, max_bytes: int, backups: int):
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8",
                         errors="backslashreplace")

    def handleError(self, record: logging.LogRecord) -> None:
        """Note the failure instead of printing "--- Logging error ---" on stderr."""
        self.failed = True

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # a file made before, with looser permissions
            return open(fd, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise
