"""Opening a knowledge base of an older parser in the window upgrades it off the GUI thread,
with its progress shown in the window, and every callback on the GUI thread."""
from __future__ import annotations

import shutil
import threading

from PySide6.QtWidgets import QApplication

from desktop_app.core.store import DB_NAME
from tests.ui.conftest import DATA, on_gui_thread
from tests.ui.test_task_threads import ThreadLog


def test_the_window_upgrades_an_old_knowledge_base_off_the_gui_thread(qtbot, data_dir, settings_file,
                                                                       dialog_calls, monkeypatch):
    from desktop_app.core import upgrade
    from desktop_app.core.parser import PARSER_VERSION
    from desktop_app.ui.app import GuiApp, ensure_application
    from desktop_app.ui.settings import open_settings

    data_dir.mkdir()
    shutil.copy(DATA / "kb_before_outline_e07ed9a.sqlite3", data_dir / DB_NAME)
    parsed_on: list[str] = []  # the threads that re-parsed documents
    original = upgrade.reparse_one

    def recording(store, doc_id):
        parsed_on.append(threading.current_thread().name)
        original(store, doc_id)

    monkeypatch.setattr(upgrade, "reparse_one", recording)
    messages: list[str] = []
    ensure_application()
    gui = GuiApp(data_dir, open_settings(settings_file), language="zh_CN")
    log = ThreadLog()
    log.watch(gui.session, ("upgrading", "progress", "opened", "ready"))
    gui.session.upgrading.connect(lambda *_: messages.append(gui.window.statusBar().currentMessage()))
    try:
        gui.show()
        qtbot.waitUntil(lambda: gui.session.is_ready, timeout=60_000)
        QApplication.processEvents()
        titles = [d.title for d in gui.session.documents]
        assert gui.session.kb is not None and gui.session.kb.parser_version == PARSER_VERSION
    finally:
        gui.close()
        QApplication.processEvents()
    assert len(parsed_on) == 4 and threading.main_thread().name not in parsed_on
    assert {"upgrading", "opened", "ready"} <= log.names()
    assert log.off_gui_thread() == []
    assert dialog_calls.off_gui_thread == []
    assert "用户改的标题：保障房开工" in titles
    # the window's slot ran before the recorder (connected first), on the GUI thread
    assert messages and messages[-1] == "正在用新版解析器升级知识库：4 / 4 篇文档"
    assert on_gui_thread()
