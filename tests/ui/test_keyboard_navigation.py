"""The keyboard and the mouse's side buttons: a Tab cycle through the panes with a visible
focus frame, back / forward through what was looked at, zoom of the whole interface, F1."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.ui import dialogs, zoom
from tests.ui.conftest import start_gui


@pytest.fixture(autouse=True)
def _zoom_back_to_normal():
    """The application font is the process's: leave it as a fresh window sets it."""
    yield
    zoom.apply(0)


def press(window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(QApplication.focusWidget() or window, key, modifier)


def focused(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_tab_cycles_through_the_panes_with_the_text_and_the_table_one_stop_each(window, qtbot):
    """Before: Tab walked through ~40 figure links and then the table's cells, and after 100
    presses had not reached the search box."""
    focused(window, qtbot)
    window.tree.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree)
    visited = []
    for _ in range(30):
        press(window, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is window.tree:
            break
    assert visited[-1] is window.tree, "Tab came back round to the tree"
    assert visited[0] is window.reading_pane.browser  # the reading pane right after the tree
    assert visited.count(window.reading_pane.browser) == 1 and visited.count(window.metrics_panel.table) == 1
    assert window.search_box in visited
    assert len(visited) <= 12  # the metrics filters are stops too, but no link and no cell is
    press(window, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is visited[-2]  # Shift+Tab goes back the same way



def test_tab_from_the_compare_picker_reaches_its_buttons_and_table(window, qtbot):
    """The 指标对比 dock is a pane too. Before: Tab from its picker jumped to the tree, and
    its print and export buttons and its table could not be reached from the keyboard."""
    focused(window, qtbot)
    window.compare.open_picker()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.compare.view.picker)
    view, visited = window.compare.view, []
    for _ in range(30):
        press(window, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is view.picker:
            break
    assert visited[-1] is view.picker, "Tab came back round to the picker"
    assert visited[:4] == [view.copy_button, view.print_button, view.pdf_button, view.table]

def test_the_pane_with_the_keyboard_has_a_visible_frame(window, qtbot):
    focused(window, qtbot)
    highlight = window.tree.palette().color(QPalette.ColorRole.Highlight)

    def left_edge_colour(view):
        image = view.grab().toImage()
        return image.pixelColor(0, image.height() // 2)

    window.reading_pane.browser.setFocus()
    qtbot.waitUntil(lambda: window.reading_pane.browser.hasFocus())
    assert left_edge_colour(window.tree) != highlight
    assert left_edge_colour(window.reading_pane.browser) == highlight
    window.tree.setFocus()
    qtbot.waitUntil(lambda: window.tree.hasFocus())
    assert left_edge_colour(window.tree) == highlight


def test_back_and_forward_walk_through_sections_documents_and_search_hits(window, qtbot):
    focused(window, qtbot)
    doc = window.session.documents[0].id
    sections = [s for s in window.kb().document(doc).sections if s.kind == "achievement"]
    assert not window.commands.forward.isEnabled()
    window.show_document(doc)
    window.show_section(sections[0].id)
    window.show_section(sections[1].id, hits=((0, 2),), query="社会")  # a search hit
    assert window.commands.back.isEnabled() and not window.commands.forward.isEnabled()

    press(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_section_ids() == [sections[0].id]
    window.go_back()
    assert window.current_section_ids() == [] and window.current_doc_id() == doc
    press(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_section_ids() == [sections[0].id]

    viewport = window.tree.viewport()
    for button in (Qt.MouseButton.ForwardButton, Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton):
        event = QMouseEvent(QMouseEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5), button, button,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)
    assert window.current_section_ids() == [sections[1].id]
    assert window.reading_pane.hit_count() == 1  # the search hit is marked again


def test_toolbar_has_back_and_forward_arrows(window):
    from PySide6.QtWidgets import QToolBar

    toolbar = window.findChild(QToolBar, "mainToolbar")
    actions = toolbar.actions()
    assert actions.index(window.commands.back) < actions.index(window.commands.import_files)
    assert window.commands.forward in actions


def test_zoom_scales_the_whole_interface_from_the_system_size_and_is_remembered(
        qtbot, data_dir, settings_file, dialog_calls):
    """Before: Ctrl++ zoomed only the reading pane, Ctrl+= and Ctrl+0 did nothing, and the
    tree's text was Qt's 9 pt (12 px)."""
    gui = start_gui(qtbot, data_dir, settings_file)
    window = gui.window
    try:
        focused(window, qtbot)
        base = zoom.system_point_size()
        assert QApplication.font().pointSizeF() == base >= 10.5  # not Qt's fallback 9 pt
        assert window.tree.font().pointSizeF() == base
        press(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        press(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert window.zoom_level() == 2
        assert QApplication.font().pointSizeF() == pytest.approx(base * 1.2, abs=0.01)
        qtbot.waitUntil(lambda: abs(window.tree.font().pointSizeF() - base * 1.2) < 0.01)  # tree and table too
        assert window.metrics_panel.table.font().pointSizeF() == pytest.approx(base * 1.2, abs=0.01)
        assert window.reading_pane.zoom_level() == 2
        press(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        assert window.zoom_level() == 1
    finally:
        gui.close()
    again = start_gui(qtbot, data_dir, settings_file)
    try:
        assert again.window.zoom_level() == 1
        assert QApplication.font().pointSizeF() == pytest.approx(base * 1.1, abs=0.01)
        focused(again.window, qtbot)
        press(again.window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert again.window.zoom_level() == 0 and QApplication.font().pointSizeF() == base
    finally:
        again.close()


def test_f1_opens_the_chinese_guide_with_the_data_folder_and_a_button_to_open_it(window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(dialogs, "show_folder", opened.append)
    focused(window, qtbot)
    press(window, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    for words in ("知库使用说明", "导入", "目录树", "查找", "打印", "键盘", "备份", str(window.session.data_dir), "Ctrl+K"):
        assert words in text
    guide.folder_button.click()
    assert opened == [window.session.data_dir]
    help_menu = [a.text() for a in window.menus.help.actions()]
    assert {"使用说明(&U)", "键盘快捷键(&K)", "打开数据文件夹(&D)"} <= set(help_menu)
    window.commands.shortcuts.trigger()
    shortcuts = window.help_window.browser.toPlainText()
    assert "后退" in shortcuts and "Alt+" in shortcuts and "Ctrl+K" in shortcuts and "F1" in shortcuts
    assert "打开\n" not in shortcuts and "帮助\n" not in shortcuts  # no multimedia keys
    window.commands.open_data_folder.trigger()
    assert opened == [window.session.data_dir] * 2


def test_the_english_interface_opens_the_english_guide(qtbot, data_dir, settings_file, dialog_calls):
    gui = start_gui(qtbot, data_dir, settings_file, language="en")
    try:
        gui.window.show_user_guide()
        text = gui.window.help_window.browser.toPlainText()
        assert text.startswith("Zhiku User Guide") and "使用说明" not in text
    finally:
        gui.close()
