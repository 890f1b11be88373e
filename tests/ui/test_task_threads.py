"""Every GUI callback of a background task runs on the GUI thread.

A Python callable connected to a worker's signal runs in the worker's thread; a dialog
opened there crashed Zhiku in a real window. These tests record the thread of
every callback the window's tasks reach — the operations' signals, the dialogs (through the
recorder, which fails any test that opens one off the GUI thread) and the session's
loading signals — and check that Cancel reaches a task that is busy.
"""
from __future__ import annotations

import shutil
import sys
import threading

from PySide6.QtWidgets import QApplication, QPushButton

from desktop_app.ui.operations import DocumentOperations
from tests.ui.conftest import DATA, on_gui_thread

RELEASES = ("ui_daqing-rural-economy-2014.txt", "ui_affordable-housing-2011.txt")
OPERATION_SIGNALS = ("changed", "restored", "import_finished", "task_failed", "busy_changed")


class ThreadLog:
    """Connects plain functions to signals: such a function runs in the emitting thread."""

    def __init__(self):
        self.seen: list[tuple[str, bool]] = []

    def watch(self, owner, names) -> None:
        for name in names:
            getattr(owner, name).connect(self._recorder(name))

    def _recorder(self, name):
        return lambda *_args: self.seen.append((name, on_gui_thread()))

    def off_gui_thread(self) -> list[str]:
        return [name for name, on_gui in self.seen if not on_gui]

    def names(self) -> set[str]:
        return {name for name, _ in self.seen}


def wait_idle(qtbot, ops: DocumentOperations) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=30_000)


def test_every_task_reports_to_the_gui_thread(window, qtbot, tmp_path, dialog_calls, monkeypatch):
    """Import, properties, backup, delete, an expected and an unexpected failure, restore."""
    from desktop_app.core.errors import BusyError

    ops = window.ops
    log = ThreadLog()
    log.watch(ops, OPERATION_SIGNALS)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in RELEASES:
        shutil.copy(DATA / name, folder / name)

    dialog_calls.answers["open_folder"] = str(folder)
    window.commands.import_folder.trigger()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_import_summary")), timeout=30_000)
    wait_idle(qtbot, ops)

    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    dialog_calls.answers["edit_document_properties"] = {"title": "改过的标题", "year": 2015, "issuer": "统计局"}
    window.commands.properties.trigger()
    wait_idle(qtbot, ops)

    backup = tmp_path / "kb-backup.sqlite"
    dialog_calls.answers["save_file"] = str(backup)
    window.commands.backup.trigger()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("information")), timeout=30_000)
    assert backup.is_file()

    dialog_calls.answers["confirm"] = True
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    window.commands.delete_document.trigger()
    wait_idle(qtbot, ops)

    def busy(*_args, **_kwargs):
        raise BusyError("知识库正忙", "the knowledge base is busy")

    monkeypatch.setattr("desktop_app.core.kb.KnowledgeBase.delete_document", busy)
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    window.commands.delete_document.trigger()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=30_000)

    def broken(*_args, **_kwargs):
        raise ValueError("a bug in the core")

    hooked: list[bool] = []  # the window's exception hook, as the running app installs it
    monkeypatch.setattr(sys, "excepthook", lambda *_exc: hooked.append(on_gui_thread()))
    monkeypatch.setattr("desktop_app.core.kb.KnowledgeBase.delete_document", broken)
    window.commands.delete_document.trigger()
    qtbot.waitUntil(lambda: bool(hooked), timeout=30_000)
    assert hooked == [True]

    dialog_calls.answers["open_file"] = str(backup)
    with qtbot.waitSignal(ops.restored, timeout=30_000):
        window.commands.restore.trigger()
    wait_idle(qtbot, ops)

    assert log.names() == set(OPERATION_SIGNALS)
    assert log.off_gui_thread() == []
    assert dialog_calls.off_gui_thread == []


def test_loading_and_rebuilding_the_index_report_to_the_gui_thread(qtbot, data_dir, settings_file, dialog_calls):
    """Opening a knowledge base whose index is gone rebuilds it, with progress."""
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.ui.app import GuiApp, ensure_application
    from desktop_app.ui.settings import open_settings

    with KnowledgeBase.open(data_dir):
        pass
    shutil.rmtree(data_dir / "index")

    ensure_application()
    gui = GuiApp(data_dir, open_settings(settings_file), language="zh_CN")
    log = ThreadLog()
    log.watch(gui.session, ("progress", "opened", "ready"))
    try:
        gui.show()
        qtbot.waitUntil(lambda: gui.session.is_ready, timeout=60_000)
    finally:
        gui.close()
        QApplication.processEvents()
    assert {"progress", "opened", "ready"} <= log.names()
    assert log.off_gui_thread() == []


def test_cancel_reaches_an_import_that_is_busy(window, qtbot, dialog_calls, monkeypatch):
    """Cancel in the progress dialog stops an import while its thread is working (the
    thread runs no event loop then, so a queued call would never arrive)."""
    from desktop_app.core.records import ImportReport

    saw_cancel = threading.Event()

    def slow_import(self, paths, *, progress=None, cancel=None, hold_suspect=False):
        for _ in range(3000):  # at most ~30 s, unless cancelled
            if cancel():
                saw_cancel.set()
                break
            threading.Event().wait(0.01)
        return ImportReport()

    monkeypatch.setattr("desktop_app.core.kb.KnowledgeBase.import_paths", slow_import)
    ops = window.ops
    assert ops.import_paths(["/nowhere"])
    ops._progress.findChild(QPushButton).click()  # the dialog's Cancel button
    wait_idle(qtbot, ops)
    assert saw_cancel.is_set()


def test_import_progress_shows_the_newest_step_and_then_the_saving(window, dialog_calls, monkeypatch):
    """The label and the bar agree: an older report (delivered inside setValue's event
    processing) never overwrites a newer one, and once every file is read the label says
    the last files and the index are being written (the bar is full meanwhile)."""
    from desktop_app.core.records import ImportReport
    from desktop_app.ui.dialogs import import_summary_text

    ops = window.ops
    started = threading.Event()
    release = threading.Event()

    def waiting_import(self, paths, *, progress=None, cancel=None, hold_suspect=False):
        started.set()
        release.wait(30)
        return ImportReport()

    monkeypatch.setattr("desktop_app.core.kb.KnowledgeBase.import_paths", waiting_import)
    assert ops.import_paths(["/nowhere"])
    try:
        started.wait(30)
        ops._on_progress(359, 460, "/in/359.txt")
        ops._on_progress(120, 460, "/in/120.txt")
        dialog = ops._progress
        assert (dialog.value(), dialog.labelText()) == (359, "正在导入 359.txt（第 359 个，共 460 个）…")
        ops._on_progress(460, 460, "/in/460.txt")
        assert dialog.value() == 460 and dialog.labelText() == "正在保存导入的文件并更新搜索索引…"
    finally:
        release.set()
    headline, _ = import_summary_text(ImportReport(imported=(("/in/1.txt", 2),), cancelled=7))
    assert headline.endswith("\n已取消：7 个文件没有导入。")


def test_a_task_that_ends_before_its_thread_is_watched_is_still_reaped(window, qtbot, dialog_calls, monkeypatch):
    """A task can end before start_in_thread returns (a quick properties edit): its thread
    must still be released. Simulated by letting the thread end inside start_in_thread;
    with `finished` connected after the start (before), the thread stayed in `_alive`."""
    from desktop_app.ui import operations, workers

    started = workers.start_in_thread

    def ends_at_once(worker, parent, name, *args, **kwargs):
        thread = started(worker, parent, name, *args, **kwargs)
        thread.wait(30_000)  # the task is done and the thread has ended before the caller goes on
        return thread

    monkeypatch.setattr(operations, "start_in_thread", ends_at_once)
    ops = window.ops
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    dialog_calls.answers["edit_document_properties"] = {"title": "改过的标题", "year": 2015, "issuer": "统计局"}
    window.commands.properties.trigger()
    wait_idle(qtbot, ops)
    qtbot.waitUntil(lambda: not ops._alive, timeout=10_000)
