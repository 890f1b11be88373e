"""Start-up, language, remembered state, the exception hook, error messages, --screenshot."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from desktop_app.core import data_folder, logs
from desktop_app.core.errors import (
    BackupRefusedError,
    BusyError,
    ForeignFolderError,
    InputError,
    NotFoundError,
    StoreError,
)
from desktop_app.ui import i18n
from desktop_app.ui.app import GuiApp, ensure_application
from desktop_app.ui.excepthook import ExceptionReporter
from desktop_app.ui.messages import describe_error
from desktop_app.ui.release_list import ReleaseList
from desktop_app.ui.settings import open_settings
from tests.ui.conftest import LOAD_TIMEOUT, start_gui

REPO = Path(__file__).resolve().parents[2]


def test_the_window_shows_before_the_knowledge_base_is_loaded(qtbot, data_dir, settings_file, dialog_calls):
    ensure_application()
    gui = GuiApp(data_dir, open_settings(settings_file))
    try:
        gui.show()
        assert gui.window.isVisible()
        assert gui.session.state == "new"  # nothing slow has started yet
        assert gui.window.search_state.text() == "正在准备搜索…"
        assert "正在打开知识库" in gui.window.reading_pane.plain_text()
        qtbot.waitUntil(lambda: gui.session.is_ready, timeout=LOAD_TIMEOUT)
        assert gui.window.search_state.text() == "搜索就绪"
    finally:
        gui.close()


def test_the_first_frame_is_the_real_layout_and_the_rest_is_built_after_it(qtbot, data_dir, settings_file,
                                                                          dialog_calls):
    """What the first paint shows is the window itself (menus, toolbar, contents, reading
    pane, metrics dock, status bar); what it does not show waits until after that paint."""
    ensure_application()
    gui = GuiApp(data_dir, open_settings(settings_file))
    window = gui.window
    try:
        gui.show()
        for widget in (window.menuBar(), window.tree, window.reading_pane, window.metrics_panel.table,
                       window.search_box, window.statusBar()):
            assert widget.isVisible()
        assert [m.title() for m in (window.menus.file, window.menus.edit, window.menus.view, window.menus.help)] \
            == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
        assert window.left_tabs.tabText(1) == "搜索结果" and window.left_tabs.tabText(2) == "发布列表"
        # not yet: the results panel, the release list (its tab is there, empty), printing
        assert window._search_panel is None and not window._printing_installed
        assert window._release_list is None and not window.findChildren(ReleaseList)
        qtbot.waitUntil(lambda: gui._first_paint.painted_at is not None, timeout=5000)
        assert window._search_panel is not None and window.search_panel.parent() is window.results_page
        assert window.findChildren(ReleaseList) == [window.release_list]
        assert window.release_list.parent() is window.releases_page
        assert not QApplication.instance().windowIcon().isNull()
        assert window._printing_installed and window.compare is not None
        qtbot.waitUntil(lambda: gui.session.is_ready, timeout=LOAD_TIMEOUT)
    finally:
        gui.close()


def test_a_fresh_data_folder_opens_on_the_seed(window, data_dir):
    assert (data_dir / "zhiku.sqlite").exists() or any(data_dir.iterdir())
    text = window.reading_pane.plain_text()
    assert "权威发布丨纵深推进平安淄博各项建设 保持持续和谐稳定" in text
    assert "主要成效" in text and "下一步重点" in text
    assert window.current_doc_id() == window.session.documents[0].id
    assert window.counts_label.text() == "1 篇文档 · 12 个段落 · 40 项指标"
    cards = window.reading_pane.cards
    assert [cards.card(i).record.text for i in cards.metric_ids()] == ["36.01%", "85.7%"]


def test_switching_to_english_rebuilds_the_window_and_is_remembered(gui, qtbot, data_dir, settings_file, dialog_calls):
    assert gui.window.menus.file.title() == "文件(&F)"
    gui.window.commands.english.trigger()
    assert gui.window.menus.file.title() == "&File"
    assert gui.window.search_state.text() == "Search ready"
    assert gui.window.tree_model.index(0, 0).data().startswith("10月14日")
    assert i18n.current_language() == "en"
    gui.close()

    again = start_gui(qtbot, data_dir, settings_file, language=None)
    try:
        assert again.window.menus.file.title() == "&File"
        assert again.window.commands.english.isChecked()
    finally:
        again.close()

    overridden = start_gui(qtbot, data_dir, settings_file, language="zh_CN")  # --lang zh_CN
    try:
        assert overridden.window.menus.file.title() == "文件(&F)"
    finally:
        overridden.close()


def test_window_layout_and_last_selection_are_restored(qtbot, data_dir, settings_file, dialog_calls):
    first = start_gui(qtbot, data_dir, settings_file)
    section = first.session.kb.document(first.session.documents[0].id).sections[2]  # listed without sections
    first.window.show_section(section.id)
    metric = first.window.metrics_panel.model.rows()[1].metric
    first.window.select_metric(metric.id)
    first.window.resize(700, 560)  # (the system font size makes the window at least ~514 px high)
    first.close()

    second = start_gui(qtbot, data_dir, settings_file)
    try:
        qtbot.waitUntil(lambda: second.window.current_section_ids() == [section.id], timeout=5000)
        assert second.window.selected_metric_id() == metric.id
        assert (second.window.width(), second.window.height()) == (700, 560)
    finally:
        second.close()


def test_unexpected_exceptions_are_logged_and_shown_once_on_the_gui_thread(qtbot, tmp_path, monkeypatch):
    data_folder.claim(tmp_path)  # the window's knowledge base folder, Zhiku's
    logs.setup(tmp_path)
    reporter = ExceptionReporter()
    shown = []

    def record(parent, log_path):
        shown.append((QThread.currentThread() is QApplication.instance().thread(), log_path))

    monkeypatch.setattr("desktop_app.ui.dialogs.show_unexpected_error", record)
    try:
        1 / 0  # noqa: B018 - raise ZeroDivisionError
    except ZeroDivisionError as error:
        reporter.hook(type(error), error, error.__traceback__)

    def fail_in_thread():
        raise RuntimeError("worker exploded")

    thread = threading.Thread(target=lambda: reporter._thread_hook(_ThreadArgs(fail_in_thread)))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=5000)
    qtbot.wait(100)
    assert shown == [(True, str(tmp_path / "logs" / "zhiku.log"))]  # once, on the GUI thread
    assert reporter.count == 2
    log = (tmp_path / "logs" / "zhiku.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in log and f"RuntimeError: {logs.WITHHELD}" in log
    assert "RuntimeError: worker exploded" not in log  # a message may quote a document
    assert "Traceback" in log


def _log_text(data_dir: Path) -> str:
    """The knowledge base's log (logs/zhiku.log), "" when none was written."""
    path = data_dir / logs.LOGS_DIR / logs.LOG_NAME
    return path.read_text(encoding="utf-8") if path.exists() else ""


class _ThreadArgs:
    """What threading.excepthook receives, for an exception raised by `func`."""

    def __init__(self, func):
        try:
            func()
        except RuntimeError as error:
            self.exc_type, self.exc_value, self.exc_traceback = type(error), error, error.__traceback__
        self.thread = threading.current_thread()


@pytest.mark.parametrize(("error", "title", "advice"), [
    (BusyError("知识库正忙：另一个程序正在写入 D:\\知库", "busy"), "知识库正忙", "稍等片刻再试"),
    (NotFoundError("没有编号为 9 的文档", "no document 9"), "知识库中已没有这一项", "列表已刷新"),
    (StoreError("无法创建知识库文件夹 /x", "cannot create"), "无法使用知识库", "从备份恢复"),
    (BackupRefusedError("不能从 /x.backup 恢复：它不是知库备份文件。知识库没有任何改动。", "cannot restore"),
     "无法从这个备份恢复", "另选一个备份文件"),
    (ForeignFolderError("知库不会使用文件夹 /d：其中的 index 不是知库创建的", "not Zhiku's"),
     "这个数据文件夹中有其他文件", "另选一个数据文件夹"),
    (InputError("无法导入“报告.doc”：不支持 .doc 格式", "cannot import"), "无法读取文件", "另存为 .docx 或 .txt"),
    (PermissionError(13, "Permission denied", "/root/a.txt"), "没有权限", "有权读写"),
    (FileNotFoundError(2, "No such file", "/tmp/none.txt"), "找不到文件", "重新选择"),
    (OSError(28, "No space left on device", "/data/zhiku.sqlite"), "无法访问文件", "剩余空间"),
])
def test_each_expected_error_has_one_translated_actionable_message(gui, error, title, advice):
    message = describe_error(error)
    assert message.title == title
    assert advice in message.advice
    assert message.text and "Traceback" not in message.full_text()
    if isinstance(error, OSError):
        assert error.filename in message.text  # names the file


def test_error_text_follows_the_interface_language(gui):
    error = InputError("无法导入“报告.doc”", "cannot import report.doc")
    assert describe_error(error).text == "无法导入“报告.doc”"
    gui.window.commands.english.trigger()
    assert describe_error(error).text == "cannot import report.doc"
    assert describe_error(error).title == "Cannot read the file"


def test_screenshot_option_writes_a_png_of_the_loaded_window(tmp_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "data"), "--screenshot", str(out),
         "--select", "3", "--size", "1000x700"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    assert "ERROR" not in _log_text(tmp_path / "data")  # no unexpected exception


def test_screenshot_is_the_requested_size_and_filled_on_a_scaled_screen(tmp_path):
    """With a display scale below 1 (QT_SCALE_FACTOR=0.75) the picture is still 1280×800 and
    the window's content reaches its right edge (it came out 960 px wide)."""
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="0.75")
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "data"), "--screenshot", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    status_row = image.height() - 10  # the status bar's counts sit at the right edge
    dark = [x for x in range(image.width()) if QColor(image.pixel(x, status_row)).lightness() < 150]
    assert dark and max(dark) > 1200


def test_screenshot_of_an_unknown_section_fails_with_a_message(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "data"), "--screenshot",
         str(tmp_path / "x.png"), "--select", "999"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert "999" in done.stderr and "Traceback" not in done.stderr
    chinese, english = done.stderr.strip().split(" / ", 1)  # bilingual, like the CLI's errors
    assert "段落" in chinese and "999" in chinese
    assert "section" in english and "999" in english


def test_screenshot_to_a_path_that_cannot_be_written_fails_with_a_bilingual_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    out = blocker / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "data"), "--screenshot", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    chinese, english = done.stderr.strip().split(" / ", 1)
    assert "无法写入截图" in chinese and str(out) in chinese
    assert "cannot write the screenshot" in english and str(out) in english
    assert "ERROR" not in _log_text(tmp_path / "data")  # no unexpected exception


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGTERM") or sys.platform.startswith("win"),
                    reason="SIGTERM is a POSIX signal")
def test_sigterm_closes_the_window_normally_and_keeps_its_settings(tmp_path):
    """A logout sends SIGTERM: the window state is saved as when the user closes it."""
    import signal
    import time

    data, config = tmp_path / "data", tmp_path / "config"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))
    env.pop("ZHIKU_STARTUP_PROBE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data), "--no-seed"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        # the knowledge base is opened after the first frame, i.e. inside the event loop
        while not (data / "zhiku.sqlite3").exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert process.poll() is None, process.stderr.read()
        assert not (config / "Zhiku" / "zhiku.ini").exists()  # nothing saved before the signal
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    saved = open_settings(config / "Zhiku" / "zhiku.ini")
    assert (config / "Zhiku" / "zhiku.ini").exists()
    assert saved.value("ui/geometry") is not None and saved.value("ui/windowState") is not None


def test_closing_does_not_wait_forever_for_a_knowledge_base_that_is_still_opening(qtbot, tmp_path, monkeypatch):
    """Quitting during a long open/rebuild gives up waiting after a bound and says so;
    once the worker has finished, closing is complete."""
    from desktop_app.core import kb as kb_module
    from desktop_app.ui import session as session_module

    release, entered = threading.Event(), threading.Event()

    def slow_open(cls, *args, **kwargs):  # stands in for a seed import / index rebuild that takes long
        entered.set()
        release.wait(30)
        raise InputError("已取消", "cancelled")  # reported through Session.failed; nothing opened

    monkeypatch.setattr(kb_module.KnowledgeBase, "open", classmethod(slow_open))
    monkeypatch.setattr(session_module, "CLOSE_TIMEOUT_MS", 200)
    session = session_module.Session(tmp_path / "data")
    session.start()
    assert entered.wait(30)
    try:
        assert session.close() is False  # returned while the worker is still busy
        assert not release.is_set() and session._thread.isRunning()
    finally:
        release.set()
    assert session.close(timeout_ms=30_000) is True
    assert not session._thread.isRunning()


@pytest.mark.parametrize(("error", "title", "advice"), [
    (BackupRefusedError("x", "cannot restore from x"), "Cannot restore from this backup",
     "Choose another backup file — one written by Zhiku's File → Back Up"),
    (ForeignFolderError("x", "Zhiku will not use the folder x"), "This data folder holds other files",
     "Choose another data folder"),
])
def test_refusals_have_their_own_advice_in_english_too(gui, error, title, advice):
    gui.window.commands.english.trigger()
    message = describe_error(error)
    assert message.title == title and advice in message.advice
    assert "free space" not in message.advice and "Restore from Backup" not in message.advice
