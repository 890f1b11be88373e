"""Uncaught exceptions: logged to <data folder>/zhiku.log and reported once, on the GUI thread.

The user never sees a traceback: the dialog says that something went wrong and where the
details are. Exceptions raised in worker threads are marshalled to the GUI thread through a
queued signal, because widgets may only be touched there.
"""
from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication

LOG_NAME = "zhiku.log"
log = logging.getLogger("zhiku")


def configure_log(data_dir: Path) -> Path:
    """Send the `zhiku` logger to <data_dir>/zhiku.log (created on first write)."""
    path = Path(data_dir) / LOG_NAME
    for handler in list(log.handlers):
        if isinstance(handler, logging.FileHandler):
            log.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        return path
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


class ExceptionReporter(QObject):
    """Installs itself as sys.excepthook and threading.excepthook while the GUI runs."""

    reported = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.log_path = configure_log(data_dir)
        self.shown = False
        self.count = 0  # exceptions seen
        self.interactive = True  # False: log only (screenshots, benchmarks)
        self._previous = (sys.excepthook, threading.excepthook)
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def hook(self, exc_type, exc_value, exc_tb) -> None:
        """Log the exception and ask the GUI thread to tell the user (once)."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc_value, exc_tb)
            return
        self.count += 1
        text = "".join(traceback.format_exception(exc_type, exc_value, exc_tb))
        log.error("Uncaught exception\n%s", text)
        for handler in log.handlers:
            handler.flush()
        print(text, file=sys.stderr)
        self.reported.emit(str(self.log_path))

    def _thread_hook(self, args) -> None:
        self.hook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str)
    def _show(self, log_path: str) -> None:
        if self.shown or not self.interactive:
            return
        self.shown = True
        from desktop_app.ui import dialogs  # not before it is needed: start-up stays lean

        dialogs.show_unexpected_error(QApplication.activeWindow(), log_path)
