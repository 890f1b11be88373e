"""A real Zhiku window on a real knowledge base in a temporary data folder.

Settings go to a temporary INI file; every dialog is replaced by a recorder so no modal
dialog ever blocks a test (a test that expects a dialog asserts on the recorder). The recorder
also notes the thread each dialog was asked for on: every test that uses it fails when a
dialog is opened off the GUI thread (in a real window that crashes Qt).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop_app.ui import dialogs
from desktop_app.ui.app import GuiApp, ensure_application
from desktop_app.ui.settings import open_settings

DATA = Path(__file__).resolve().parents[1] / "data"
LOAD_TIMEOUT = 60_000


class DialogRecorder:
    """Stands in for desktop_app.ui.dialogs: records calls, answers as told."""

    def __init__(self, monkeypatch):
        self.calls: list[tuple[str, tuple]] = []
        self.answers: dict[str, object] = {}
        self.off_gui_thread: list[tuple[str, str]] = []  # (dialog, thread name)
        for name in ("information", "show_error", "confirm", "open_files", "open_folder", "save_file",
                     "open_file", "show_import_summary", "edit_document_properties", "show_about",
                     "show_about_qt", "show_unexpected_error", "edit_bulk_properties",
                     "choose_print_scope", "pdf_saved", "ask_text"):
            monkeypatch.setattr(dialogs, name, self._recorder(name))

    def _recorder(self, name):
        def record(*args, **kwargs):
            if not on_gui_thread():
                self.off_gui_thread.append((name, QThread.currentThread().objectName()))
            self.calls.append((name, args))
            return self.answers.get(name)
        return record

    def named(self, name: str) -> list[tuple]:
        return [args for call, args in self.calls if call == name]


def on_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):
    """The application as Zhiku makes it (names, the bundled font), whichever test runs
    first: without the font a test run alone lays rows out unlike the real window."""
    return ensure_application()


@pytest.fixture
def dialog_calls(monkeypatch) -> DialogRecorder:
    recorder = DialogRecorder(monkeypatch)
    yield recorder
    assert recorder.off_gui_thread == [], "dialogs opened off the GUI thread"


@pytest.fixture
def settings_file(tmp_path) -> Path:
    return tmp_path / "settings" / "zhiku.ini"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


def start_gui(qtbot, data_dir: Path, settings_file: Path, language: str | None = "zh_CN") -> GuiApp:
    ensure_application()
    gui = GuiApp(data_dir, open_settings(settings_file), language=language)
    try:
        gui.show()
        qtbot.waitUntil(lambda: gui.session.is_ready, timeout=LOAD_TIMEOUT)
        qtbot.waitUntil(lambda: gui.window.tree_model.rowCount() > 0 or not gui.session.documents, timeout=5000)
    except BaseException:
        gui.close()  # never leave a worker thread running behind a failed start
        raise
    return gui


@pytest.fixture
def gui(qtbot, data_dir, settings_file, dialog_calls):
    app = start_gui(qtbot, data_dir, settings_file)
    yield app
    app.close()
    QApplication.processEvents()


@pytest.fixture
def window(gui):
    return gui.window


def commit_text(widget, text: str) -> None:
    """Type Chinese the way an input method does (keyClicks cannot send CJK characters)."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def english(qapp):
    """The interface in English for the test (labels compared as written)."""
    from desktop_app.ui import i18n

    translations = i18n.Translations()
    translations.install("en")
    yield
    translations.remove()
