"""The window's import shows a progress bar with the time left (its Cancel button is tested
in test_task_threads.py); every report reaches the dialog on the GUI thread (the worker
never touches a widget)."""
from __future__ import annotations

from desktop_app.core import import_progress
from desktop_app.ui.operations import DocumentOperations
from tests.hostile.imports import releases
from tests.ui.conftest import on_gui_thread


def test_import_progress_shows_time_left_on_the_gui_thread(window, qtbot, tmp_path, dialog_calls,
                                                           monkeypatch):
    """Before: the dialog said only “正在导入 x（第 n 个，共 m 个）…”, no time left."""
    monkeypatch.setattr(import_progress, "MIN_ELAPSED", 0.0)  # estimate from the first file on
    seen: list[tuple[bool, str, int, int]] = []  # (on the GUI thread, label, done, total)
    original = DocumentOperations._import_step

    def watched(self, done: int, total: int, path: str) -> str:  # called by the progress slot
        label = original(self, done, total, path)
        seen.append((on_gui_thread(), label, done, total))
        return label
    monkeypatch.setattr(DocumentOperations, "_import_step", watched)

    paths = releases(tmp_path / "src", 6)
    ops = window.ops
    assert ops.import_paths([str(p) for p in paths])
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_import_summary")), timeout=60_000)
    qtbot.waitUntil(lambda: not ops.busy, timeout=30_000)
    assert seen and all(on_gui for on_gui, *_ in seen)
    reading = [label for _, label, _, _ in seen if "约剩" in label]  # the window is in Chinese
    assert reading, [label for _, label, *_ in seen]
    assert all("MB/秒" in label for label in reading)
    assert seen[-1][2:] == (6, 6)  # the bar's last step: every file read
