"""The window's unexpected-error dialog offers to open the log."""
from __future__ import annotations

import threading

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core import data_folder, logs
from desktop_app.ui import dialogs
from desktop_app.ui.excepthook import ExceptionReporter


def _answer(button_text: str | None, seen: list) -> None:
    """Once the dialog is up, note its buttons and click the one labelled `button_text`
    (the default button if there is none such)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(([b.text() for b in box.buttons()], box.informativeText()))
        named = [b for b in box.buttons() if b.text() == button_text]
        (named[0] if named else box.defaultButton() or box.buttons()[0]).click()  # never left open
    QTimer.singleShot(0, click)


def test_the_error_dialog_opens_the_log_file(qapp, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    log = tmp_path / "logs" / "zhiku.log"
    seen: list = []
    _answer("Open Log", seen)
    dialogs.show_unexpected_error(None, str(log))
    assert opened == [QUrl.fromLocalFile(str(log))]
    assert str(log) in seen[0][1]


def test_closing_the_error_dialog_opens_nothing(qapp, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    seen: list = []
    _answer("OK", seen)
    dialogs.show_unexpected_error(None, str(tmp_path / "logs" / "zhiku.log"))
    assert opened == [] and "Open Log" in seen[0][0]


def test_without_a_log_the_dialog_offers_none(qapp, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    seen: list = []
    _answer(None, seen)
    dialogs.show_unexpected_error(None, "")
    assert seen[0] == (["OK"], "") and opened == []


def test_the_reporter_hands_the_dialog_the_log_it_wrote(qtbot, tmp_path, dialog_calls):
    """The exception hook logs through the package logger `desktop_app` (before: a logger
    named `zhiku` that module loggers never reached) and gives the dialog that file."""
    data_folder.claim(tmp_path)
    logs.setup(tmp_path)
    reporter = ExceptionReporter()
    try:
        raise LookupError("boom")
    except LookupError as error:
        reporter.hook(type(error), error, error.__traceback__)
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_unexpected_error")), timeout=5000)
    assert dialog_calls.named("show_unexpected_error")[0][1] == str(tmp_path / "logs" / "zhiku.log")
    assert "LookupError" in (tmp_path / "logs" / "zhiku.log").read_text(encoding="utf-8")


def test_a_window_without_a_log_shows_the_dialog_without_one(qtbot, tmp_path, dialog_calls):
    logs.setup(tmp_path / "not-yet-claimed")
    reporter = ExceptionReporter()
    thread = threading.Thread(target=lambda: reporter.hook(RuntimeError, RuntimeError("x"), None))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_unexpected_error")), timeout=5000)
    assert dialog_calls.named("show_unexpected_error")[0][1] == ""
