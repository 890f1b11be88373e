"""The window speaks one language: the core's bilingual messages ("中文 / English") show only
the interface's half (the CLI and `search --json` keep both)."""
from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.core.errors import InputError, one_language
from desktop_app.core.records import ImportReport
from desktop_app.ui import i18n
from desktop_app.ui.dialogs import import_summary_text
from tests.ui.conftest import commit_text, start_gui

CJK = re.compile(r"[\u4e00-\u9fff]")
EMPTY = InputError("文件是空的：空.txt", "The file is empty: 空.txt").bilingual()


def search(window, qtbot, text: str) -> str:
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        commit_text(window.search_box, text)
    return window.search_panel.summary.text()


def test_one_language_picks_a_half_and_leaves_other_text_alone():
    assert one_language(EMPTY, english=False) == "文件是空的：空.txt"
    assert one_language(EMPTY, english=True) == "The file is empty: 空.txt"
    assert one_language("a / b", english=False) == "a / b"  # no Chinese half: not a core line
    assert one_language("甲 / b / c", english=True) == "甲 / b / c"  # ambiguous: whole


def test_the_chinese_window_says_nothing_found_in_chinese_only(window, qtbot):
    assert search(window, qtbot, "没有这个词语啊") == "没有找到匹配的段落"
    full_width = search(window, qtbot, "？？")
    assert "/" not in full_width and "*" not in full_width and not re.search("[A-Za-z]", full_width)


def test_the_english_window_says_nothing_found_in_english_only(qtbot, data_dir, settings_file, dialog_calls):
    gui = start_gui(qtbot, data_dir, settings_file, language="en")
    try:
        assert search(gui.window, qtbot, "没有这个词语啊") == "No matching sections"
        quoted = search(gui.window, qtbot, '"网格')
        assert "Unbalanced quote" in quoted and not CJK.search(quoted.replace("网格", ""))
    finally:
        gui.close()
        QApplication.processEvents()


@pytest.mark.parametrize(("language", "expected"), [("zh_CN", "文件是空的：空.txt"),
                                                    ("en", "The file is empty: 空.txt")])
def test_the_import_summary_gives_reasons_in_the_interface_language(qapp, language, expected):
    translations = i18n.Translations()
    translations.install(language)
    try:
        _headline, details = import_summary_text(ImportReport(refused=(("/in/空.txt", EMPTY),)))
    finally:
        translations.remove()
    assert details == f"✗ 空.txt: {expected}"
