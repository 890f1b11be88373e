"""Uncaught exceptions: logged (the log core/logs.py sets up: <data folder>/logs/zhiku.log)
and reported once, on the GUI thread.

The user never sees a traceback: the dialog says that something went wrong and offers to
open the log. Exceptions raised in worker threads are marshalled to the GUI thread through
a queued signal, because widgets may only be touched there.
"""
from __future__ import annotations

import logging
import sys
import threading
import traceback

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication

from desktop_app.core import logs

log = logging.getLogger(__name__)


class ExceptionReporter(QObject):
    """Installs itself as sys.excepthook and threading.excepthook while the GUI runs.
    Logging goes wherever core/logs.py `setup` sent the package's records."""

    reported = Signal(str)  # the log file's path, "" when there is none

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
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
        log.error("Uncaught exception", exc_info=(exc_type, exc_value, exc_tb))
        print("".join(traceback.format_exception(exc_type, exc_value, exc_tb)), file=sys.stderr)
        path = logs.log_file()
        self.reported.emit(str(path) if path is not None else "")

    def _thread_hook(self, args) -> None:
        self.hook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str)
    def _show(self, log_path: str) -> None:
        if self.shown or not self.interactive:
            return
        self.shown = True
        from desktop_app.ui import dialogs  # not before it is needed: start-up stays lean

        dialogs.show_unexpected_error(QApplication.activeWindow(), log_path)
