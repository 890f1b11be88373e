"""The window's File → Restore goes through the same checks as `zhiku restore`:
a hostile backup is refused with its reason, and no document is lost."""
from PySide6.QtWidgets import QApplication

from desktop_app.core.kb import KnowledgeBase
from desktop_app.ui.app import GuiApp, ensure_application
from desktop_app.ui.settings import open_settings
from tests.hostile import backups as hostile
from tests.ui.conftest import start_gui


def test_the_window_refuses_a_backup_with_a_trigger_and_keeps_every_document(
        qtbot, data_dir, settings_file, tmp_path, dialog_calls):
    genuine = hostile.zhiku_backup(tmp_path / "good.backup", documents=2)
    trigger = hostile.with_trigger(genuine, tmp_path / "trigger.backup")
    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        window = gui.window
        dialog_calls.answers["open_file"] = str(trigger)
        dialog_calls.answers["confirm"] = True
        window.commands.restore.trigger()
        qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=30_000)
        qtbot.waitUntil(lambda: not window.ops.busy, timeout=10_000)
        message = dialog_calls.named("show_error")[0][1]
        assert "keep_one" in message.text and str(trigger) in message.text
    finally:
        gui.close()
        QApplication.processEvents()
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert len(kb.documents()) == 1  # the seed, as before the attempt
        assert not kb._store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()


def test_a_refused_backup_advises_another_backup_file_not_the_disk(
        qtbot, data_dir, settings_file, tmp_path, dialog_calls):
    """Before: a refused backup was a plain StoreError, whose advice was to check the disk
    and "restore a backup with File → Restore" — what the user had just tried."""
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("not a database", encoding="utf-8")
    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        dialog_calls.answers.update(open_file=str(bogus), confirm=True)
        gui.window.commands.restore.trigger()
        qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=30_000)
        message = dialog_calls.named("show_error")[0][1]
        assert message.title == "无法从这个备份恢复"
        assert "另选一个备份文件" in message.advice and "备份知识库" in message.advice
        assert "磁盘" not in message.advice and "从备份恢复" not in message.advice
        assert str(bogus) in message.text
    finally:
        gui.close()
        QApplication.processEvents()


def test_a_restore_says_how_many_documents_and_where_the_previous_ones_are(
        qtbot, data_dir, settings_file, tmp_path, dialog_calls):
    """Before: a successful restore showed nothing at all (a backup shows a dialog)."""
    genuine = hostile.zhiku_backup(tmp_path / "good.backup", documents=2)
    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        dialog_calls.answers.update(open_file=str(genuine), confirm=True)
        gui.window.commands.restore.trigger()
        qtbot.waitUntil(lambda: bool(dialog_calls.named("information")), timeout=30_000)
        qtbot.waitUntil(lambda: not gui.window.ops.busy, timeout=10_000)
        _parent, title, text, detail = dialog_calls.named("information")[0]
        kept = sorted(data_dir.glob("zhiku.sqlite3.before-restore-*"))
        assert (title, text) == ("从备份恢复", "已从备份恢复：2 篇文档")
        assert len(kept) == 1 and str(kept[0]) in detail and "原来的知识库已保留为" in detail
        qtbot.waitUntil(lambda: len(gui.session.documents) == 2, timeout=10_000)
    finally:
        gui.close()
        QApplication.processEvents()


def test_a_foreign_data_folder_advises_another_data_folder(
        qtbot, data_dir, settings_file, dialog_calls):
    """Before: "check that the disk has free space … restore a backup" for a folder whose
    index/ holds someone else's files."""
    (data_dir / "index").mkdir(parents=True)
    (data_dir / "index" / "photos.txt").write_text("mine", encoding="utf-8")
    ensure_application()
    gui = GuiApp(data_dir, open_settings(settings_file), language="zh_CN")
    try:
        gui.show()
        qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=30_000)
        message = dialog_calls.named("show_error")[0][1]
        assert message.title == "这个数据文件夹中有其他文件"
        assert "另选一个数据文件夹" in message.advice and "--data-dir" in message.advice
        assert "磁盘" not in message.advice and "从备份恢复" not in message.advice
        assert "photos.txt" in message.text
    finally:
        gui.close()
        QApplication.processEvents()
    assert (data_dir / "index" / "photos.txt").read_text(encoding="utf-8") == "mine"
