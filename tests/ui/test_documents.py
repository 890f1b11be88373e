"""Import (menu and drag-and-drop), delete, document properties, HTML shown as text."""
from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import DATA

RELEASES = ("ui_daqing-rural-economy-2014.txt", "ui_affordable-housing-2011.txt")


def document_labels(window) -> list[str]:
    model = window.tree_model
    return [model.index(r, 0, QModelIndex()).data() for r in range(model.rowCount())]


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    for name in RELEASES:
        shutil.copy(DATA / name, folder / name)
    (folder / "会议纪要.pdf").write_bytes(b"%PDF-1.4\n%binary\n")
    return folder


def import_and_wait(window, qtbot, dialog_calls, trigger) -> None:
    with qtbot.waitSignal(window.documents_reloaded, timeout=30_000):
        trigger()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_import_summary")), timeout=10_000)


def test_importing_a_folder_with_one_bad_file_reports_it_and_imports_the_rest(window, qtbot, tmp_path, dialog_calls):
    folder = make_folder(tmp_path)
    dialog_calls.answers["open_folder"] = str(folder)
    import_and_wait(window, qtbot, dialog_calls, window.commands.import_folder.trigger)

    (report,) = [args[1] for args in dialog_calls.named("show_import_summary")]
    assert sorted(Path(p).name for p, _doc in report.imported) == sorted(RELEASES)
    assert [Path(p).name for p, _reason in report.refused] == ["会议纪要.pdf"]
    assert ".docx" in report.refused[0][1]  # the reason says what to do
    labels = document_labels(window)
    assert len(labels) == 3
    assert any("我市农村经济在新常态下稳步发展" in label for label in labels)
    assert window.counts_label.text().startswith("3 篇文档")


def test_import_summary_counts_duplicates_as_skipped(window, qtbot, tmp_path, dialog_calls):
    from desktop_app.ui.dialogs import import_summary_text

    folder = make_folder(tmp_path)
    dialog_calls.answers["open_files"] = [str(folder / RELEASES[0])]
    import_and_wait(window, qtbot, dialog_calls, window.commands.import_files.trigger)
    dialog_calls.calls.clear()
    import_and_wait(window, qtbot, dialog_calls, window.commands.import_files.trigger)
    (report,) = [args[1] for args in dialog_calls.named("show_import_summary")]
    assert len(report.skipped) == 1 and not report.imported
    headline, _details = import_summary_text(report)
    assert headline == "已导入：0 个 · 已跳过（知识库中已有）：1 个 · 未能导入：0 个"


def test_dropping_files_on_the_window_imports_them(window, qtbot, tmp_path, dialog_calls):
    folder = make_folder(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder / RELEASES[1]))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    import_and_wait(window, qtbot, dialog_calls, lambda: window.dropEvent(event))
    assert any("保障性安居工程" in label for label in document_labels(window))


def test_deleting_a_document_asks_first(window, qtbot, dialog_calls):
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    dialog_calls.answers["confirm"] = False
    window.commands.delete_document.trigger()
    assert len(dialog_calls.named("confirm")) == 1
    assert len(document_labels(window)) == 1

    dialog_calls.answers["confirm"] = True
    with qtbot.waitSignal(window.documents_reloaded, timeout=30_000):
        window.commands.delete_document.trigger()
    assert document_labels(window) == []
    assert "知识库是空的" in window.reading_pane.plain_text()
    assert not window.session.kb.needs_compaction(), "deleted sections were purged from the index"


def test_document_properties_set_the_year_and_the_tree_resorts(window, qtbot, tmp_path, dialog_calls):
    folder = make_folder(tmp_path)
    dialog_calls.answers["open_files"] = [str(folder / RELEASES[1])]
    import_and_wait(window, qtbot, dialog_calls, window.commands.import_files.trigger)
    before = document_labels(window)
    seed_row = next(i for i, label in enumerate(before) if "平安淄博" in label)

    window.tree.setCurrentIndex(window.tree_model.index(seed_row, 0))
    dialog_calls.answers["edit_document_properties"] = {"title": "平安淄博这十年", "year": 2001, "issuer": "淄博市委宣传部"}
    with qtbot.waitSignal(window.documents_reloaded, timeout=30_000):
        window.commands.properties.trigger()

    (args,) = dialog_calls.named("edit_document_properties")
    assert args[1].dateline == "10月14日"
    labels = document_labels(window)
    # the earliest date sorts first; the user's properties are corrections: marked
    assert labels[0] == "【已修改】2001年10月14日 · 平安淄博这十年"
    info = window.session.kb.document(window.current_doc_id())
    assert (info.title, info.issuer, info.date) == ("平安淄博这十年", "淄博市委宣传部", "2001-10-14")


def test_markup_in_a_document_is_shown_as_text_and_nothing_is_loaded(window, qtbot, tmp_path, dialog_calls, monkeypatch):
    source = (DATA / RELEASES[1]).read_text(encoding="utf-8")
    hostile = source.replace("住建部公布数据显示", '<b>住建部</b><img src="http://example.invalid/x.png">公布数据显示', 1)
    path = tmp_path / "markup.txt"
    path.write_text(hostile, encoding="utf-8")
    loads = []
    from desktop_app.ui.reading_pane import SafeTextBrowser

    original = SafeTextBrowser.loadResource
    monkeypatch.setattr(SafeTextBrowser, "loadResource", lambda self, kind, url: loads.append(url) or original(self, kind, url))
    dialog_calls.answers["open_files"] = [str(path)]
    import_and_wait(window, qtbot, dialog_calls, window.commands.import_files.trigger)

    text = window.reading_pane.plain_text()
    assert '<b>住建部</b><img src="http://example.invalid/x.png">公布数据显示' in text
    assert "<img" not in window.reading_pane.browser.toHtml().replace("&lt;img", "")
    QApplication.processEvents()
    assert loads == []


def test_an_expected_error_is_shown_as_a_message_not_a_traceback(window, qtbot, dialog_calls, monkeypatch):
    from desktop_app.core.errors import BusyError

    def busy(*_args, **_kwargs):
        raise BusyError("知识库正忙：另一个程序正在写入 /数据", "the knowledge base is busy")

    monkeypatch.setattr("desktop_app.core.kb.KnowledgeBase.delete_document", busy)
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    dialog_calls.answers["confirm"] = True
    window.commands.delete_document.trigger()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=30_000)
    (args,) = dialog_calls.named("show_error")
    message = args[1]
    assert message.title == "知识库正忙"
    assert "另一个程序正在写入" in message.text and "稍等" in message.advice
    assert len(document_labels(window)) == 1


def test_closing_while_an_import_runs_lets_it_finish(qtbot, data_dir, settings_file, tmp_path, dialog_calls):
    from desktop_app.core.kb import KnowledgeBase
    from tests.ui.conftest import start_gui

    gui = start_gui(qtbot, data_dir, settings_file)
    folder = make_folder(tmp_path)
    assert gui.window.ops.import_paths([str(folder)])
    assert gui.window.ops.busy
    gui.close()  # waits for the worker thread: no hang, no crash, nothing half-written
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert len(kb.documents()) == 3


def test_a_damaged_knowledge_base_can_be_restored_from_the_window(qtbot, data_dir, settings_file, tmp_path,
                                                                   dialog_calls):
    """The damage message tells the user to restore a backup: the menu item must do it."""
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.ui.app import GuiApp, ensure_application
    from desktop_app.ui.settings import open_settings

    backup = tmp_path / "good-backup.sqlite"
    with KnowledgeBase.open(data_dir) as kb:
        kb.backup(backup)
    database = next(data_dir.glob("*.sqlite3"))
    raw = bytearray(database.read_bytes())
    raw[4096:12288] = b"\xff" * 8192  # overwrite pages in the middle of the file
    database.write_bytes(bytes(raw))

    ensure_application()
    gui = GuiApp(data_dir, open_settings(settings_file), language="zh_CN")
    try:
        gui.show()
        qtbot.waitUntil(lambda: gui.session.error is not None, timeout=30_000)
        assert gui.session.kb is None
        window = gui.window
        assert window.commands.restore.isEnabled()
        dialog_calls.answers["open_file"] = str(backup)
        dialog_calls.answers["confirm"] = True
        window.commands.restore.trigger()
        qtbot.waitUntil(lambda: gui.session.kb is not None, timeout=30_000)
        qtbot.waitUntil(lambda: len(document_labels(window)) == 1, timeout=10_000)
        assert list(data_dir.glob("*.damaged-*")), "the damaged file is kept aside, not deleted"
    finally:
        gui.close()
        QApplication.processEvents()


def test_switching_language_during_an_import_waits_for_it(qtbot, data_dir, settings_file, tmp_path, dialog_calls):
    """Rebuilding the window would destroy the running import's thread (a crash)."""
    from tests.ui.conftest import start_gui

    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        window = gui.window
        assert window.ops.import_paths([str(make_folder(tmp_path))])
        assert not window.commands.english.isEnabled()
        gui.set_language("en")
        assert gui.window is window
        qtbot.waitUntil(lambda: not window.ops.busy, timeout=30_000)
        assert window.commands.english.isEnabled()
        gui.set_language("en")
        assert gui.window is not window
    finally:
        gui.close()
        QApplication.processEvents()


def test_a_read_only_knowledge_base_opens_for_reading_and_says_so(qtbot, data_dir, settings_file, tmp_path,
                                                                   dialog_calls, monkeypatch):
    """A folder Zhiku cannot write: documents show, writes are off, a dropped file gets the
    read-only message (not the disk-full advice), backing up still works."""
    from desktop_app.core import data_folder
    from desktop_app.core.kb import KnowledgeBase
    from tests.ui.conftest import start_gui

    KnowledgeBase.open(data_dir).close()
    monkeypatch.setattr(data_folder, "writable", lambda folder: False)
    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        window = gui.window
        assert len(document_labels(window)) == 1
        assert window.read_only_label.isVisibleTo(window) and window.read_only_label.text() == "只读"
        assert [a.isEnabled() for a in window.commands.writes()] == [False] * 5
        assert window.commands.backup.isEnabled()

        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(make_folder(tmp_path) / RELEASES[0]))])
        window.dropEvent(QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
        qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=30_000)
        (args,) = dialog_calls.named("show_error")
        assert args[1].title == "知识库是只读的" and "备份" in args[1].advice
        assert len(document_labels(window)) == 1

        backup = tmp_path / "copy.sqlite"
        dialog_calls.answers["save_file"] = str(backup)
        window.commands.backup.trigger()
        qtbot.waitUntil(lambda: bool(dialog_calls.named("information")), timeout=30_000)
        assert backup.stat().st_size > 0
    finally:
        gui.close()
        QApplication.processEvents()
