"""What a new user found in the corrections feature in a real display: the error dialog of a
refused correction, the menus' accelerators, the reading pane's scroll position and the
tree's selection after a correction, the compare chart's axis, the table's section labels,
and a re-added parser figure."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.tree_model import NODE_ROLE
from tests.ui.test_corrections_window import (
    WRITE_TIMEOUT,
    open_row,
    section_row,
    select_figure,
    select_words,
)

IMPORT_ADVICE = (".docx", "另存为", ".txt")


def refused_message(dialog_calls, qtbot):
    """The one error dialog shown for a refused correction."""
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=WRITE_TIMEOUT)
    (args,) = dialog_calls.named("show_error")
    return args[1]


def assert_correction_refusal(message, reason: str) -> None:
    assert reason in message.text
    assert message.title == "无法修改"
    assert not any(word in message.full_text() for word in IMPORT_ADVICE), message.full_text()


def test_a_refused_value_is_said_without_import_advice(window, qtbot, dialog_calls):
    open_row(window, section_row(window, "主要成效", "一、"))
    select_figure(window, window.metrics_panel.model.rows()[0].metric.text)
    dialog_calls.answers["ask_text"] = "abc"
    window.corrections.value.trigger()
    assert_correction_refusal(refused_message(dialog_calls, qtbot), "不是数字")


def test_an_empty_heading_is_refused_without_import_advice(window, qtbot, dialog_calls):
    open_row(window, section_row(window, "主要成效", "一、"))
    dialog_calls.answers["ask_text"] = ""
    window.corrections.heading.trigger()
    assert_correction_refusal(refused_message(dialog_calls, qtbot), "不能为空")


def test_splitting_at_an_items_first_paragraph_is_refused_without_import_advice(window, qtbot, dialog_calls):
    open_row(window, section_row(window, "主要成效", "三、"))
    section = window.tree.currentIndex().data(NODE_ROLE).section
    text = window.session.kb.document_text(section.doc_id)
    browser = window.reading_pane.browser
    found = browser.document().find(text[section.start + 2:section.start + 8])  # in its first line
    cursor = browser.textCursor()
    cursor.setPosition(found.selectionStart())
    browser.setTextCursor(cursor)
    assert window.reading_pane.selection_offsets() == (section.start + 2, section.start + 2)
    window.corrections.update_actions()
    window.corrections.split_paragraph.trigger()
    assert_correction_refusal(refused_message(dialog_calls, qtbot), "空段落")


def test_adding_words_without_a_figure_is_refused_without_import_advice(window, qtbot, dialog_calls):
    open_row(window, section_row(window, "下一步重点", "二、"))
    select_words(window, "网格员队伍")
    window.corrections.update_actions()
    window.corrections.add_figure.trigger()
    assert_correction_refusal(refused_message(dialog_calls, qtbot), "没有数字")
