"""The window's File → Restore goes through the same checks as `zhiku restore` (issue 9,
item 5): a hostile backup is refused with its reason, and no document is lost."""
from PySide6.QtWidgets import QApplication

from desktop_app.core.kb import KnowledgeBase
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
