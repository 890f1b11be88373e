"""Correcting the parser from the window: each correction through the window's
commands, Undo / Redo, the "已修改" mark with the parser's value in its tooltip, restoring
the parser's version of one item and of a release, and every result handled on the GUI
thread."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QThread
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication

from desktop_app.ui.tree_model import NODE_ROLE
from tests.ui.conftest import commit_text

WRITE_TIMEOUT = 20_000


def children(model, parent: QModelIndex) -> list[QModelIndex]:
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def find_child(model, parent: QModelIndex, starts: str) -> QModelIndex:
    """The row whose words (after a "已修改" mark, if any) start with `starts`."""
    mark = "【已修改】"
    for index in children(model, parent):
        if index.data().removeprefix(mark).startswith(starts):
            return index
    raise AssertionError(f"no row {starts!r} in {[i.data() for i in children(model, parent)]}")


def document(window) -> QModelIndex:
    return window.tree_model.index(0, 0, QModelIndex())


def section_row(window, group: str, starts: str) -> QModelIndex:
    model = window.tree_model
    return find_child(model, find_child(model, document(window), group), starts)


def open_row(window, index: QModelIndex) -> None:
    window.tree.setCurrentIndex(index)


def wait_written(window, qtbot, run) -> None:
    """Run a command that writes and wait until the window has read the rows again."""
    with qtbot.waitSignal(window.documents_reloaded, timeout=WRITE_TIMEOUT):
        assert run() is not False
    qtbot.waitUntil(lambda: not window.writes_running(), timeout=WRITE_TIMEOUT)


def undo(window, qtbot) -> None:
    wait_written(window, qtbot, window.corrections.undo.trigger)


def redo(window, qtbot) -> None:
    wait_written(window, qtbot, window.corrections.redo.trigger)


def kinds_of_top_rows(window) -> list[str]:
    return [i.data() for i in children(window.tree_model, document(window))]


# ----------------------------------------------------------------------------- sections

def test_changing_a_sections_kind_moves_it_marks_it_and_undo_redo_walk_it_back(window, qtbot):
    c = window.corrections
    open_row(window, section_row(window, "主要成效", "五、"))
    c.update_actions()
    assert c.kinds["achievement"].isChecked()
    wait_written(window, qtbot, lambda: c.kinds["priority"].trigger())

    groups = [r for r in kinds_of_top_rows(window) if "（" in r]
    assert groups == ["主要成效（4）", "下一步重点（6）"]
    moved = section_row(window, "下一步重点", "一、社会公平正义")
    assert moved.data().startswith("【已修改】")
    tooltip = moved.data(Qt.ItemDataRole.ToolTipRole)
    assert "解析结果" in tooltip and "类型：主要成效" in tooltip
    assert window.current_section_ids() == [moved.data(NODE_ROLE).section.id]  # still shown

    undo(window, qtbot)
    assert find_child(window.tree_model, document(window), "主要成效").data() == "主要成效（5）"
    assert not section_row(window, "主要成效", "五、").data().startswith("【已修改】")
    assert c.stack.canRedo() and not c.stack.canUndo()
    redo(window, qtbot)
    assert find_child(window.tree_model, document(window), "主要成效").data() == "主要成效（4）"
    assert window.session.kb.corrections()[0].field == "kind"


def test_edit_heading_through_the_dialog_and_the_mark_names_the_old_heading(window, qtbot, dialog_calls):
    c = window.corrections
    open_row(window, section_row(window, "主要成效", "二、"))
    dialog_calls.answers["ask_text"] = "基层治理"
    c.update_actions()
    wait_written(window, qtbot, c.heading.trigger)
    row = section_row(window, "主要成效", "二、基层治理")
    assert row.data().startswith("【已修改】")
    assert "标题：社会治理基层基础持续夯实筑牢" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert [args[1] for args in dialog_calls.named("ask_text")] == ["修改标题"]


def test_level_merge_and_split_from_the_reading_pane_cursor(window, qtbot):
    c = window.corrections
    kb = window.session.kb
    open_row(window, section_row(window, "主要成效", "三、"))
    c.update_actions()
    assert c.make_item.isEnabled() and not c.make_area.isEnabled()
    wait_written(window, qtbot, c.make_item.trigger)
    area = section_row(window, "主要成效", "二、")
    assert any(i.data().removeprefix("【已修改】").startswith("法治营商环境")
               for i in children(window.tree_model, area))
    assert find_child(window.tree_model, document(window), "主要成效").data() == "主要成效（4）"
    undo(window, qtbot)

    # split the section shown at the sentence holding the cursor
    section = section_row(window, "主要成效", "三、").data(NODE_ROLE).section
    open_row(window, section_row(window, "主要成效", "三、"))
    text = kb.document_text(section.doc_id)
    target = text.index("。", section.start + 40) + 1  # the second sentence of the section
    place_cursor(window, text, target + 3)
    c.update_actions()
    assert c.split_sentence.isEnabled()
    wait_written(window, qtbot, c.split_sentence.trigger)
    (split,) = kb.corrections()
    assert split.field == "split" and split.after == target
    assert len(kb.document(section.doc_id).sections) == len(window.tree_model.sections_of(section.doc_id))
    undo(window, qtbot)
    assert kb.corrections() == []

    # merge the fourth achievement into the third: the third is shown afterwards
    open_row(window, section_row(window, "主要成效", "四、"))
    c.update_actions()
    wait_written(window, qtbot, c.merge.trigger)
    assert find_child(window.tree_model, document(window), "主要成效").data() == "主要成效（4）"
    assert window.current_section_ids() == [section.id]


def place_cursor(window, text: str, offset: int) -> None:
    """Put the reading pane's cursor on document offset `offset` (found by the words there)."""
    browser = window.reading_pane.browser
    words = text[offset:offset + 12]
    found = browser.document().find(words)
    assert not found.isNull(), words
    cursor = browser.textCursor()
    cursor.setPosition(found.selectionStart())
    browser.setTextCursor(cursor)
    assert window.reading_pane.selection_offsets() == (offset, offset)


def test_split_at_the_place_right_clicked_when_nothing_is_selected(window, qtbot):
    """The reading pane's menu splits where it was asked for (the click), not at an old cursor."""
    c = window.corrections
    kb = window.session.kb
    open_row(window, section_row(window, "主要成效", "四、"))
    section = window.tree.currentIndex().data(NODE_ROLE).section
    text = kb.document_text(section.doc_id)
    target = text.index("。", section.start + 30) + 1
    browser = window.reading_pane.browser
    found = browser.document().find(text[target:target + 12])
    cursor = QTextCursor(browser.document())
    cursor.setPosition(found.selectionStart() + 2)
    point = browser.cursorRect(cursor).center()
    assert window.reading_pane.selection_offsets(point) == (target + 2, target + 2)
    c._pane_point = point  # as while the pane's menu is open
    try:
        c.update_actions()
        wait_written(window, qtbot, c.split_sentence.trigger)
    finally:
        c._pane_point = None
    (split,) = kb.corrections()
    assert (split.field, split.after) == ("split", target)
    # the new section is marked, its tooltip says where it came from
    new_row = next(i for i in children(window.tree_model, find_child(window.tree_model, document(window), "主要成效"))
                   if i.data(NODE_ROLE).section.start == target)
    assert new_row.data().startswith("【已修改】")
    assert "由前一段落拆分而来" in new_row.data(Qt.ItemDataRole.ToolTipRole)


def test_a_library_without_corrections_reads_no_marks_per_row(window, monkeypatch):
    """Painting release rows asks the knowledge base once whether there are corrections."""
    kb = window.session.kb
    asked = []
    monkeypatch.setattr(kb, "correction_marks_of", lambda ids: asked.append(ids) or {})
    window.corrections.marks.clear()
    for _ in range(3):
        document(window).data()
        document(window).data(Qt.ItemDataRole.ToolTipRole)
    assert asked == []


def select_words(window, words: str) -> None:
    browser = window.reading_pane.browser
    found = browser.document().find(words)
    assert not found.isNull(), words
    browser.setTextCursor(found)


# ------------------------------------------------------------------------------ figures

def select_figure(window, text: str):
    """Select the figure written `text` in the section shown; its MetricRecord."""
    row = next(r for r in window.metrics_panel.model.rows() if r.metric.text == text)
    window.select_metric(row.metric.id)
    window.corrections.update_actions()
    return row.metric


def test_figure_label_unit_value_borderline_and_remove_each_undoable(window, qtbot, dialog_calls):
    c = window.corrections
    kb = window.session.kb
    open_row(window, section_row(window, "主要成效", "一、"))
    figure = window.metrics_panel.model.rows()[0].metric

    select_figure(window, figure.text)
    dialog_calls.answers["ask_text"] = "刑事案件立案数降幅"
    wait_written(window, qtbot, c.label.trigger)
    marked = window.metrics_panel.model
    row = marked.row_of(figure.id)
    assert marked.index(row, 0).data().startswith("【已修改】")
    assert "指标名称" in marked.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert window.selected_metric_id() == figure.id  # the selection stays
    card = window.reading_pane.cards._cards[figure.id]
    assert card.full_caption == "【已修改】刑事案件立案数降幅"
    assert f"指标名称：{figure.label}" in card.toolTip()

    dialog_calls.answers["ask_text"] = "800-1000"
    wait_written(window, qtbot, c.value.trigger)
    after = kb.metrics(doc_id=figure.doc_id)
    changed = next(m for m in after if m.id == figure.id)
    assert (changed.value, changed.low, changed.high) == (800, 800, 1000)

    dialog_calls.answers["ask_text"] = "人次"
    wait_written(window, qtbot, c.unit.trigger)
    assert next(m for m in kb.metrics(doc_id=figure.doc_id) if m.id == figure.id).unit == "人次"

    select_figure(window, figure.text)
    assert not c.borderline.isChecked()
    wait_written(window, qtbot, c.borderline.trigger)
    assert window.metric_row(figure.id).metric.borderline
    assert figure.id not in [m.id for m, _i in window.reading_pane.cards._metrics]  # not a key figure
    greyed = marked.index(marked.row_of(figure.id), 2).data(Qt.ItemDataRole.ForegroundRole)
    assert greyed.name() == "#a3a3a3"

    select_figure(window, figure.text)
    wait_written(window, qtbot, c.remove.trigger)
    assert window.metric_row(figure.id) is None
    assert len(kb.corrections()) == 5

    for left in (4, 3, 2, 1, 0):
        undo(window, qtbot)
        assert len(kb.corrections()) == left
    # the parser's figure again (a figure removed and restored comes back under a new id)
    restored = next(m for m in kb.metrics(doc_id=figure.doc_id) if (m.start, m.end) == (figure.start, figure.end))
    assert (restored.value, restored.unit, restored.borderline, restored.label) == \
        (figure.value, figure.unit, figure.borderline, figure.label)
    for made in (1, 2, 3, 4, 5):
        redo(window, qtbot)
        assert len(kb.corrections()) == made
    assert not [m for m in kb.metrics(doc_id=figure.doc_id) if (m.start, m.end) == (figure.start, figure.end)]


def test_a_bad_value_says_why_and_changes_nothing(window, qtbot, dialog_calls):
    c = window.corrections
    open_row(window, section_row(window, "主要成效", "一、"))
    figure = select_figure(window, window.metrics_panel.model.rows()[0].metric.text)
    dialog_calls.answers["ask_text"] = "许多"
    assert c.value.isEnabled()
    c.value.trigger()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=WRITE_TIMEOUT)
    (message,) = [args[1] for args in dialog_calls.named("show_error")]
    assert "不是数字" in message.text and "/" not in message.text
    assert window.session.kb.corrections() == [] and not c.stack.canUndo()
    assert window.metric_row(figure.id).metric.value == figure.value


def test_selected_words_without_a_number_are_refused_with_a_message(window, qtbot, dialog_calls):
    c = window.corrections
    kb = window.session.kb
    open_row(window, section_row(window, "下一步重点", "二、"))
    section = window.tree.currentIndex().data(NODE_ROLE).section
    words = "网格员队伍"
    select_words(window, words)
    start = kb.document_text(section.doc_id).index(words, section.start)
    assert window.reading_pane.selection_offsets() == (start, start + len(words))
    c.update_actions()
    assert c.add_figure.isEnabled()
    c.add_figure.trigger()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=WRITE_TIMEOUT)
    assert kb.corrections() == [] and not c.stack.canUndo()


def test_add_a_figure_by_selecting_its_words_in_the_reading_pane(window, qtbot):
    c = window.corrections
    kb = window.session.kb
    open_row(window, section_row(window, "主要成效", "三、"))
    section = window.tree.currentIndex().data(NODE_ROLE).section
    doc_id = section.doc_id
    before = {m.id for m in kb.metrics(doc_id=doc_id)}
    start = kb.document_text(doc_id).index("2014年", section.start)  # not a figure for the parser
    select_words(window, "2014年")
    assert window.reading_pane.selection_offsets() == (start, start + 5)
    c.update_actions()
    wait_written(window, qtbot, c.add_figure.trigger)
    added = [m for m in kb.metrics(doc_id=doc_id) if m.id not in before]
    assert [(m.start, m.end, m.value) for m in added] == [(start, start + 5, 2014)]
    assert window.metric_row(added[0].id) is not None  # in the table of the section shown
    table = window.metrics_panel.model
    assert table.index(table.row_of(added[0].id), 0).data().startswith("【已修改】")
    undo(window, qtbot)
    assert {m.id for m in kb.metrics(doc_id=doc_id)} == before
    redo(window, qtbot)
    assert len(kb.metrics(doc_id=doc_id)) == len(before) + 1


# ------------------------------------------------------------------------------ restore

def test_restore_the_parsers_version_of_a_section_and_of_the_release(window, qtbot, dialog_calls):
    c = window.corrections
    kb = window.session.kb
    open_row(window, section_row(window, "主要成效", "一、"))
    dialog_calls.answers["ask_text"] = "安全稳定"
    wait_written(window, qtbot, c.heading.trigger)
    figure = select_figure(window, window.metrics_panel.model.rows()[0].metric.text)
    wait_written(window, qtbot, c.borderline.trigger)
    assert len(kb.corrections()) == 2

    open_row(window, section_row(window, "主要成效", "一、"))
    c.update_actions()
    assert c.restore_section.isEnabled()
    wait_written(window, qtbot, c.restore_section.trigger)
    assert [x.field for x in kb.corrections()] == ["borderline"]
    assert not section_row(window, "主要成效", "一、").data().startswith("【已修改】")
    undo(window, qtbot)  # the restore is undone: the heading is corrected again
    assert sorted(x.field for x in kb.corrections()) == ["borderline", "heading"]

    select_figure(window, figure.text)
    assert c.restore_figure.isEnabled()
    wait_written(window, qtbot, c.restore_figure.trigger)
    assert [x.field for x in kb.corrections()] == ["heading"]

    c.update_actions()
    assert c.restore_release.isEnabled()
    wait_written(window, qtbot, c.restore_release.trigger)
    assert kb.corrections() == []
    assert not any(i.data().startswith("【已修改】") for i in children(window.tree_model, find_child(
        window.tree_model, document(window), "主要成效")))
    c.update_actions()
    assert not c.restore_release.isEnabled()
    undo(window, qtbot)
    assert [x.field for x in kb.corrections()] == ["heading"]


# ----------------------------------------------------------------- properties, threads, keys

def test_a_properties_edit_is_undone_with_undo(window, qtbot, dialog_calls):
    kb = window.session.kb
    doc_id = window.tree_model.documents()[0].id
    open_row(window, document(window))
    dialog_calls.answers["edit_document_properties"] = {"title": "平安淄博十年", "year": 2022, "issuer": None}
    wait_written(window, qtbot, window.commands.properties.trigger)
    assert kb.document(doc_id).title == "平安淄博十年"
    assert document(window).data().startswith("【已修改】")
    assert "标题：" in document(window).data(Qt.ItemDataRole.ToolTipRole)
    undo(window, qtbot)
    assert kb.document(doc_id).title != "平安淄博十年"
    redo(window, qtbot)
    assert kb.document(doc_id).title == "平安淄博十年"


def test_results_reach_the_window_on_the_gui_thread(window, qtbot, monkeypatch):
    c = window.corrections
    threads = []
    for name in ("_made", "_replayed", "refresh"):
        original = getattr(c, name)

        def spy(*args, _original=original, **kwargs):
            threads.append(QThread.currentThread() is QApplication.instance().thread())
            return _original(*args, **kwargs)
        monkeypatch.setattr(c, name, spy)
    open_row(window, section_row(window, "主要成效", "五、"))
    c.update_actions()
    wait_written(window, qtbot, lambda: c.kinds["other"].trigger())
    undo(window, qtbot)
    assert threads and all(threads)


def test_ctrl_z_undoes_a_correction_but_not_in_the_search_box(window, qtbot):
    c = window.corrections
    kb = window.session.kb
    assert QKeySequence("Ctrl+Z") in c.undo.shortcuts() and QKeySequence("Ctrl+Shift+Z") in c.redo.shortcuts()
    open_row(window, section_row(window, "主要成效", "五、"))
    c.update_actions()
    wait_written(window, qtbot, lambda: c.kinds["priority"].trigger())
    window.activateWindow()

    # typing in the search box: Ctrl+Z takes back the typing, not the correction
    box = window.search_box
    commit_text(box, "网格")
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.text() == "" and len(kb.corrections()) == 1

    # in the (read-only) reading pane: the window's Undo
    window.reading_pane.browser.setFocus()
    with qtbot.waitSignal(window.documents_reloaded, timeout=WRITE_TIMEOUT):
        qtbot.keyClick(window.reading_pane.browser, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.writes_running(), timeout=WRITE_TIMEOUT)
    assert kb.corrections() == []
    window.tree.setFocus()
    with qtbot.waitSignal(window.documents_reloaded, timeout=WRITE_TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not window.writes_running(), timeout=WRITE_TIMEOUT)
    assert len(kb.corrections()) == 1


def test_the_edit_menu_and_the_context_menus_hold_the_commands(window):
    c = window.corrections
    edit = [a.text() for a in window.menus.edit.actions()]
    assert edit[:2] == ["撤销(&U)", "重做(&R)"]
    assert "修改段落(&S)" in edit and "修改数据(&G)" in edit and "添加为指标(&A)" in edit
    assert c.section_menu.menuAction() in window.tree.actions()
    assert c.figure_menu.menuAction() in window.metrics_panel.table.actions()
    assert window.reading_pane.card_actions == [c.figure_menu.menuAction()]
    assert window.reading_pane.browser.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
