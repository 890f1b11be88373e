"""Search from the toolbar: results as you type, grouped, marked; F3 through the hits."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop_app.ui.search_model import HTML_ROLE
from tests.ui.conftest import commit_text


def section_ids(window) -> dict[str, int]:
    """Section ids of the seed by what a reader calls them."""
    (listed,) = window.session.documents
    doc = window.kb().document(listed.id)  # the list comes without sections
    by_heading = {s.heading: s.id for s in doc.sections if s.heading}
    return {
        "社会治理": by_heading["社会治理基层基础持续夯实筑牢"],
        "用": next(s.id for s in doc.sections if s.kind == "priority" and s.keyword == "用"),
    }


def type_query(window, qtbot, text: str):
    with qtbot.waitSignal(window.search_shown, timeout=10_000) as blocker:
        commit_text(window.search_box, text)
    return blocker.args[0]


def test_typing_网格员_lists_both_sections_that_mention_it_first_with_marked_snippets(window, qtbot):
    result = type_query(window, qtbot, "网格员")
    hits = window.search_panel.model.hits()
    assert {h.section_id for h in hits[:2]} == set(section_ids(window).values())
    assert all("<mark>网格员</mark>" in h.snippet for h in hits[:2])
    model = window.search_panel.model
    group = model.index(0, 0)
    assert group.data().endswith("（2 个段落）")
    first_row_html = model.index(0, 0, group).data(HTML_ROLE)
    assert 'background-color:#fde68a' in first_row_html and "网格员</span>" in first_row_html
    assert window.left_tabs.currentIndex() == 1
    assert result.query == "网格员"
    assert window.search_panel.summary.text() == "2 个段落中共 3 处"


def test_typing_does_not_search_on_every_keystroke(window, qtbot):
    """The box waits ~200 ms after the last keystroke; only the last query is shown."""
    requests = []
    window.session._search_requested.connect(lambda rid, q, k, d: requests.append(q))
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "7600")
    assert requests == []  # typed faster than the debounce
    qtbot.waitUntil(lambda: bool(window.search_panel.model.hits()), timeout=10_000)
    assert requests == ["7600"]
    assert window.search_panel.model.hits()[0].heading == "社会治理基层基础持续夯实筑牢"


def test_opening_a_result_marks_every_hit_and_f3_steps_through_them(window, qtbot):
    type_query(window, qtbot, "网格员")
    pane = window.reading_pane
    first = window.search_panel.model.hits()[0]
    assert window.current_section_ids() == [first.section_id]
    assert pane.hit_count() == len(first.matches) == 2
    assert pane.marked_hits_text() == ["网格员", "网格员"]
    assert pane.hit_indicator() == "“网格员”：1 / 2"

    assert QKeySequence("F3") in window.commands.find_next.shortcuts()
    assert QKeySequence("Shift+F3") in window.commands.find_previous.shortcuts()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window.reading_pane.browser, Qt.Key.Key_F3)
    assert pane.hit_indicator() == "“网格员”：2 / 2"
    qtbot.keyClick(window.reading_pane.browser, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert pane.hit_indicator() == "“网格员”：1 / 2"


def test_f3_after_the_last_hit_moves_to_the_next_result(window, qtbot):
    type_query(window, qtbot, "网格员")
    hits = window.search_panel.model.hits()
    window.next_hit()
    window.next_hit()
    assert window.current_section_ids() == [hits[1].section_id]
    assert window.reading_pane.hit_indicator() == "“网格员”：1 / 1"
    window.previous_hit()
    assert window.current_section_ids() == [hits[0].section_id]
    assert window.reading_pane.hit_indicator() == "“网格员”：2 / 2"


def test_kind_filter_keeps_only_priorities(window, qtbot):
    type_query(window, qtbot, "网格员")
    combo = window.search_panel.kind_combo
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        combo.setCurrentIndex(combo.findData("priority"))
    hits = window.search_panel.model.hits()
    assert [h.section_id for h in hits] == [section_ids(window)["用"]]


def test_nothing_found_says_so(window, qtbot):
    type_query(window, qtbot, "不存在的词语组合")
    assert window.search_panel.model.hits() == []
    assert window.search_panel.summary.text()


def test_enter_remembers_the_query_among_recent_queries(window, qtbot):
    commit_text(window.search_box, "扫黑除恶")
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.search_box.recent()[0] == "扫黑除恶"
    window.save_state()
    assert window.settings.value("search/recent") in (["扫黑除恶"], "扫黑除恶")


def test_ctrl_k_focuses_the_search_box(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()


def test_f3_wraps_around_when_there_is_a_single_result(window, qtbot):
    type_query(window, qtbot, "网格员")
    combo = window.search_panel.kind_combo
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        combo.setCurrentIndex(combo.findData("priority"))
    assert window.reading_pane.hit_indicator() == "“网格员”：1 / 2"
    window.next_hit()
    window.next_hit()
    assert window.reading_pane.hit_indicator() == "“网格员”：1 / 2"
    window.previous_hit()
    assert window.reading_pane.hit_indicator() == "“网格员”：2 / 2"


def test_a_search_typed_while_loading_runs_once_search_is_ready(qtbot, data_dir, settings_file, dialog_calls):
    from desktop_app.ui.app import GuiApp, ensure_application
    from desktop_app.ui.settings import open_settings

    ensure_application()
    gui = GuiApp(data_dir, open_settings(settings_file))
    try:
        gui.show()
        commit_text(gui.window.search_box, "网格员")
        with qtbot.waitSignal(gui.window.search_shown, timeout=60_000) as blocker:
            pass
        assert blocker.args[0].query == "网格员" and len(blocker.args[0].hits) == 2
    finally:
        gui.close()


def test_results_follow_a_delete_without_jumping(window, qtbot, dialog_calls):
    """Deleted sections leave the results list at once (before: they stayed, and a click
    said another window had deleted them); the reading pane is not moved to a hit."""
    result = type_query(window, qtbot, "网格员")
    assert len(result.hits) == 2
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    dialog_calls.answers["confirm"] = True
    with qtbot.waitSignal(window.documents_reloaded, timeout=30_000):
        window.commands.delete_document.trigger()
    qtbot.waitUntil(lambda: window.search_panel.model.hits() == [], timeout=10_000)
    assert window.search_panel.summary.text().startswith("没有找到")
    assert dialog_calls.named("show_error") == []
