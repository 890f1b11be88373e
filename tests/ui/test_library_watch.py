"""The window follows its data folder: what another process writes there (the CLI, a second
window; here `zhiku import` run as a process, or a second KnowledgeBase) shows within a few
seconds without the user doing anything — the release list, the counts, search, the page
shown, the comparison — refreshed on the GUI thread; the window's own writes refresh it once."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.core.kb import KnowledgeBase
from tests.hostile.trend import indicator_releases
from tests.ui.conftest import DATA, commit_text, on_gui_thread, start_gui

REPO = Path(__file__).resolve().parents[2]
WAIT = 10_000  # a look every POLL_MS; the refresh comes at the first look after the commit
TWO_LOOKS = 2_300  # ms: the library watch looks twice meanwhile (ui/library_watch.py: POLL_MS = 1000)
RURAL = "ui_daqing-rural-economy-2014.txt"
RURAL_TITLE = "我市农村经济在新常态下稳步发展"
HOUSING = "ui_affordable-housing-2011.txt"
HOUSING_TITLE = "前9月全国城镇保障性安居工程开工率达98%"


def copied(tmp_path: Path, name: str) -> Path:
    target = tmp_path / "in" / name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(DATA / name, target)
    return target


def elsewhere(window) -> KnowledgeBase:
    """Another writer on the window's data folder (as a second window or the CLI opens it)."""
    return KnowledgeBase.open(window.session.data_dir, seed=False)


def listed(window) -> list[str | None]:
    """The titles of the contents tree and of the release list (each must hold them)."""
    tree = [d.title for d in window.tree_model.documents()]
    assert sorted(tree, key=str) == sorted((d.title for d in window.release_list.model.documents()), key=str)
    return tree


def type_query(window, qtbot, text: str):
    with qtbot.waitSignal(window.search_shown, timeout=WAIT) as blocker:
        commit_text(window.search_box, text)
    return blocker.args[0]


@pytest.fixture
def refreshes(window, monkeypatch) -> list[bool]:
    """Each refresh for another process's writes, noted with whether it ran on the GUI thread."""
    calls: list[bool] = []
    original = getattr(window, "reload_after_change_elsewhere", None)

    def noted():
        calls.append(on_gui_thread())
        return original()

    monkeypatch.setattr(window, "reload_after_change_elsewhere", noted, raising=False)
    return calls


def test_a_release_imported_by_the_cli_appears_in_the_window_and_search_finds_it(window, qtbot, tmp_path,
                                                                                 refreshes, dialog_calls):
    """Before: the window listed the seed alone until restarted."""
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(window.session.data_dir),
                           "import", str(copied(tmp_path, RURAL))],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: RURAL_TITLE in listed(window), timeout=WAIT)
    assert refreshes == [True]  # once, on the GUI thread
    assert window.counts_label.text().startswith("2 篇文档")
    assert "1" in window.statusBar().currentMessage()
    hits = type_query(window, qtbot, "粮食生产").hits
    assert hits and hits[0].doc_title == RURAL_TITLE
    assert dialog_calls.calls == []


def test_search_results_shown_follow_an_import_elsewhere(window, qtbot, tmp_path):
    """The results on screen are asked for again, where they are: the new release's hits join."""
    first = type_query(window, qtbot, "粮食")
    assert all(h.doc_title != RURAL_TITLE for h in first.hits)
    with elsewhere(window) as kb:
        kb.import_paths([copied(tmp_path, RURAL)])
    qtbot.waitUntil(lambda: any(h.doc_title == RURAL_TITLE for h in window.search_panel.model.hits()),
                    timeout=WAIT)


def test_the_release_shown_deleted_elsewhere_leaves_the_lists_and_its_page_says_so(window, qtbot, tmp_path,
                                                                                  refreshes, dialog_calls):
    """No error dialog and no jump to the release that took its place: the reading pane and the
    status bar name the release that is gone. Before: it stayed listed, and opening it failed."""
    seed = window.shown_release() if hasattr(window, "shown_release") else window.session.documents[0]
    with elsewhere(window) as kb:
        kb.import_paths([copied(tmp_path, RURAL)])
        kb.delete_document(seed.id)
    qtbot.waitUntil(lambda: listed(window) == [RURAL_TITLE], timeout=WAIT)
    assert window.shown_view() is None
    assert seed.title in window.reading_pane.plain_text()
    assert RURAL_TITLE not in window.reading_pane.plain_text()
    assert seed.title in window.statusBar().currentMessage()
    assert window.counts_label.text().startswith("1 篇文档")
    assert refreshes == [True]
    assert dialog_calls.calls == []


def test_a_release_shown_that_another_process_re_imports_changed_is_drawn_again(window, qtbot, tmp_path):
    """Its figures and text as they are now, in the reading pane, the metrics table and the tree."""
    source = copied(tmp_path, RURAL)
    with elsewhere(window) as kb:
        (_path, doc_id), = kb.import_paths([source]).imported
    qtbot.waitUntil(lambda: RURAL_TITLE in listed(window), timeout=WAIT)
    window.show_document(doc_id)
    figures = window.metrics_panel.model.rowCount()
    source.write_text(source.read_text(encoding="utf-8") + "\n全市新建农村公路1234公里。\n", encoding="utf-8")
    with elsewhere(window) as kb:
        assert kb.import_paths([source]).replaced == ((str(source), doc_id),)
    qtbot.waitUntil(lambda: "1234公里" in window.reading_pane.plain_text(), timeout=WAIT)
    assert window.shown_view() == ("document", doc_id)
    assert window.metrics_panel.model.rowCount() == figures + 1
    assert RURAL_TITLE in window.statusBar().currentMessage()


def test_a_page_that_did_not_change_is_left_as_it_is(window, qtbot, tmp_path):
    """A search hit open with its hits marked and the second one current: another release
    imported elsewhere joins the lists, the page keeps its hits and its place."""
    type_query(window, qtbot, "网格员")
    pane, view = window.reading_pane, window.shown_view()
    hits = pane.hit_count()
    assert hits > 1
    window.next_hit()
    current = pane.current_hit()
    with elsewhere(window) as kb:
        kb.import_paths([copied(tmp_path, RURAL)])
    qtbot.waitUntil(lambda: RURAL_TITLE in listed(window), timeout=WAIT)
    assert (window.shown_view(), pane.hit_count(), pane.current_hit()) == (view, hits, current)
    assert "1" in window.statusBar().currentMessage()


def test_the_windows_own_import_refreshes_it_once_and_nothing_looks_while_it_runs(
        window, qtbot, tmp_path, dialog_calls, refreshes, monkeypatch):
    """Its own import reads the list once when it ends, and that counts as seen: no second
    refresh for it. Before: nothing looked at all (the looks below were never made)."""
    reloads: list[int] = []
    window.documents_reloaded.connect(lambda: reloads.append(1))
    looks: list[bool] = []  # whether a write of the window's own was running at each look
    original = getattr(window.session, "changed_elsewhere", lambda: False)

    def look() -> bool:
        looks.append(window.writes_running())
        return original()

    monkeypatch.setattr(window.session, "changed_elsewhere", look, raising=False)
    dialog_calls.answers["open_files"] = [str(copied(tmp_path, HOUSING))]
    with qtbot.waitSignal(window.documents_reloaded, timeout=30_000):
        window.commands.import_files.trigger()
    qtbot.waitUntil(lambda: len(looks) >= 2, timeout=WAIT)  # looked again after the import
    assert HOUSING_TITLE in listed(window)
    assert reloads == [1] and refreshes == []
    assert not any(looks)


def test_nothing_is_refreshed_under_an_open_dialog_and_at_once_after_it(window, qtbot, tmp_path, refreshes):
    """What a dialog was opened on stays put while it is open."""
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    assert QApplication.activeModalWidget() is dialog
    with elsewhere(window) as kb:
        kb.import_paths([copied(tmp_path, RURAL)])
    qtbot.wait(TWO_LOOKS)
    assert RURAL_TITLE not in listed(window) and refreshes == []
    dialog.close()
    qtbot.waitUntil(lambda: RURAL_TITLE in listed(window), timeout=WAIT)
    assert refreshes == [True]


@pytest.fixture
def indicator_window(qtbot, tmp_path, settings_file, dialog_calls):
    """A window on the four releases of tests/hostile/trend.py (刑事案件 in each)."""
    folder = tmp_path / "indicators"
    with KnowledgeBase.open(folder, seed=False) as kb:
        kb.import_paths(indicator_releases(tmp_path / "src"))
    gui = start_gui(qtbot, folder, settings_file)
    yield gui.window
    gui.close()
    QApplication.processEvents()


def test_the_comparison_shown_gains_a_release_imported_elsewhere(indicator_window, qtbot, tmp_path):
    window = indicator_window
    window.compare.compare("刑事案件总数", "起")
    qtbot.waitUntil(lambda: window.compare.view.result() is not None, timeout=WAIT)
    texts = [r.text for r in window.compare.view.model.rows()]
    assert "4100起" not in texts
    later = tmp_path / "later.txt"
    later.write_text("全市平安建设新闻发布会\n2023年10月14日\n市委政法委召开新闻发布会，介绍有关情况。\n"
                     "一、主要成效\n全市共发生刑事案件4100起。\n", encoding="utf-8")
    with elsewhere(window) as kb:
        kb.import_paths([later])
    qtbot.waitUntil(lambda: "4100起" in [r.text for r in window.compare.view.model.rows()], timeout=WAIT)


def test_what_a_failed_write_of_the_window_committed_is_shown_at_once(window, qtbot, tmp_path, refreshes,
                                                                      dialog_calls):
    """A write of the window's own (on its worker thread) commits a file, then fails: its
    error is shown, and the list follows right away on the GUI thread, without saying that
    another program changed it. Before: the committed release stayed unlisted until restart."""
    from desktop_app.core.errors import StoreError

    source = copied(tmp_path, RURAL)

    def task(kb, _progress, _cancelled):
        kb.import_paths([source])
        raise StoreError("磁盘已满", "the disk is full")

    with qtbot.waitSignal(window.ops.task_failed, timeout=30_000):
        assert window.ops.run_task(task, "Importing…", lambda _result: None)
    qtbot.waitUntil(lambda: RURAL_TITLE in listed(window), timeout=WAIT)
    assert refreshes == [True]
    assert len(dialog_calls.named("show_error")) == 1
    assert window.statusBar().currentMessage() == ""
