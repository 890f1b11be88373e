"""What a new user found in the corrections feature in a real display: the error dialog of a
refused correction, the menus' accelerators, the reading pane's scroll position and the
tree's selection after a correction, the compare chart's axis, the table's section labels,
and a re-added parser figure."""
from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.ui.tree_model import NODE_ROLE
from tests.ui.conftest import start_gui
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


# ---------------------------------------------------------------------------- accelerators

def accelerator(text: str) -> str | None:
    """The letter after a single & in a menu item's text (&& is a literal ampersand)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].upper() if 0 <= at < len(plain) - 1 else None


def duplicate_accelerators(name: str, actions) -> list[str]:
    """'menu: X in a, b' for each letter that two visible items of one menu share; the
    submenus are checked as menus of their own."""
    found: list[str] = []
    seen: dict[str, list[str]] = {}
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        letter = accelerator(action.text())
        if letter is not None:
            seen.setdefault(letter, []).append(action.text())
        if action.menu() is not None:
            action.menu().aboutToShow.emit()
            found += duplicate_accelerators(action.text(), action.menu().actions())
    found += [f"{name}: {letter} in {', '.join(texts)}" for letter, texts in seen.items() if len(texts) > 1]
    return found


def window_menus(window):
    """(name, actions) of every menu the window builds: the menu bar's and the context menus."""
    for action in window.menuBar().actions():
        action.menu().aboutToShow.emit()
        yield action.text(), [action]
    yield "tree", window.tree.actions()
    yield "metrics table", window.metrics_panel.table.actions()
    card = next(iter(window.reading_pane.cards._cards.values()))
    yield "card", card.actions()
    browser = window.reading_pane.browser
    select_words(window, "网格员队伍")
    point = browser.cursorRect().center()
    yield "reading pane", window.corrections.pane_menu(point).actions()
    yield "releases", window.release_list.prepare_menu().actions()


def section_row_holding(window, words: str):
    """The tree's row of the section whose text holds `words` (any language's labels)."""
    model = window.tree_model
    text_of = window.session.kb.document_text
    pending = [model.index(r, 0) for r in range(model.rowCount())]
    while pending:
        index = pending.pop(0)
        node = index.data(NODE_ROLE)
        section = getattr(node, "section", None)
        if section is not None and words in text_of(section.doc_id)[section.start:section.end] \
                and model.rowCount(index) == 0:
            return index
        pending += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    raise AssertionError(words)


def assert_unique_accelerators(window) -> None:
    window.tree.setCurrentIndex(section_row_holding(window, "网格员队伍"))
    window.release_list.view.setCurrentIndex(window.release_list.model.index(0, 0))
    problems = [p for name, actions in window_menus(window) for p in duplicate_accelerators(name, actions)]
    assert problems == [], "\n".join(problems)


def test_no_menu_gives_one_accelerator_letter_to_two_items(window):
    assert_unique_accelerators(window)


def test_no_english_menu_gives_one_accelerator_letter_to_two_items(qtbot, data_dir, settings_file, dialog_calls):
    gui = start_gui(qtbot, data_dir, settings_file, language="en")
    try:
        assert gui.window.menuBar().actions()[0].text() == "&File"
        assert_unique_accelerators(gui.window)
    finally:
        gui.close()


# ---------------------------------------------------------------------- the page kept

def show_whole_release(window):
    from tests.ui.test_corrections_window import document
    open_row(window, document(window))
    assert window.current_section_ids() == [] and window.current_doc_id() is not None


def test_a_correction_keeps_the_whole_release_scrolled_where_it_was(window, qtbot):
    """Removing a figure and adding one with the release shown whole: the page stays
    scrolled where it was (it jumped to the top) and the selection stays."""
    from tests.ui.test_corrections_window import wait_written

    c = window.corrections
    show_whole_release(window)
    bar = window.reading_pane.browser.verticalScrollBar()
    assert bar.maximum() > 0
    rows = window.metrics_panel.model.rows()
    figure = select_figure(window, rows[len(rows) // 2].metric.text)
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    wait_written(window, qtbot, c.remove.trigger)
    assert window.metric_row(figure.id) is None
    assert bar.value() == scrolled > 0

    select_words(window, "2014年")
    c.update_actions()
    selected = window.reading_pane.selection_offsets()
    scrolled = bar.value()
    assert scrolled > 0
    wait_written(window, qtbot, c.add_figure.trigger)
    assert len(window.session.kb.corrections()) == 2
    assert bar.value() == scrolled
    assert window.reading_pane.selection_offsets() == selected


# ------------------------------------------------------------------- tree and pane agree

def shown_in_tree(window):
    """What the tree's current row stands for: ("section", id) or ("document", id); a
    figure row stands for its section."""
    node = window.tree.currentIndex().data(NODE_ROLE)
    if node is None:
        return None
    if node.metric is not None:
        return ("section", node.metric.section_id)
    if node.section is not None:
        return ("section", node.section.id)
    return ("document", node.doc_id) if node.role == "document" else (node.role, node.doc_id)


def row_drawn_current(window):
    """The tree's current row as the view draws it: the row at the current index's place
    (a stale index points at one node but is drawn on another row)."""
    current = window.tree.currentIndex()
    drawn = window.tree_model.index(current.row(), 0, current.parent())
    return drawn.data(NODE_ROLE), current.data(NODE_ROLE)


def test_after_a_split_the_tree_highlights_the_row_of_what_the_pane_shows(window, qtbot):
    """The user's case: an area shown (its row current, its own figures not yet read into
    the tree), a split in one of its items; the pane shows the item. Opening the area put
    its figure rows above the item's row, and the tree highlighted a figure row."""
    from tests.ui.test_corrections_window import wait_written

    c = window.corrections
    kb = window.session.kb
    open_row(window, section_row(window, "主要成效", "三、"))
    c.update_actions()
    wait_written(window, qtbot, c.make_item.trigger)  # 三、 is an item of 二、 now
    area = section_row(window, "主要成效", "二、").data(NODE_ROLE).section
    assert [m for m in kb.metrics(doc_id=area.doc_id) if m.section_id == area.id], "figures of its own"
    open_row(window, section_row(window, "主要成效", "二、"))
    window.tree.collapse(section_row(window, "主要成效", "二、"))  # its rows not read yet, as at first
    item = next(s for s in window.tree_model.sections_of(area.doc_id) if s.level == 2 and s.start > area.start)
    text = kb.document_text(item.doc_id)
    target = text.index("。", item.start + 30) + 1
    select_words(window, text[target:target + 12])
    c.update_actions()
    wait_written(window, qtbot, c.split_sentence.trigger)
    assert window.shown_view() == ("section", item.id)
    drawn, current = row_drawn_current(window)
    assert drawn is current, (drawn.label if drawn else None, current.label)
    assert current.section is not None and current.section.id == item.id


# --------------------------------------------------------------------- the compare chart

def test_the_compare_charts_value_labels_fit_left_of_the_axis(qapp):
    """粮食总产（斤）in the billions: the labels were cut off at the chart's left edge
    (",000,000" shown); the margin now fits the widest label, with nothing drawn at the edge."""
    import datetime as dt

    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor

    from desktop_app.ui.trend_chart import ChartPoint, TrendChart

    chart = TrendChart()
    values = (1_180_000_000.0, 1_236_000_000.0, 1_300_500_000.0)
    chart._points = [ChartPoint(n, "", dt.date(2013 + n, 1, 20), v, False, False) for n, v in enumerate(values)]
    image = chart.image(QSize(520, 220))
    inked = [x for x in range(6) for y in range(image.height())
             if QColor(image.pixel(x, y)).lightness() < 200]
    assert inked == []
    widest = max(chart.fontMetrics().horizontalAdvance(label) for label in ("1,400,000,000", "1,200,000,000"))
    assert min(p.x() for p in chart.positions()) >= widest + 6


# ---------------------------------------------------------------- the table's 段落 column

def test_the_tables_section_column_names_a_heading_less_section_as_the_tree_does(window, qtbot, tmp_path):
    """The 段落 column said 其他一 where the tree shows the section's opening words."""
    import shutil
    from pathlib import Path

    from PySide6.QtCore import QModelIndex

    from desktop_app.ui.tree_model import needs_opening

    path = tmp_path / "24_mara-2025-rural-rmrb.txt"
    shutil.copy(Path(__file__).parents[1] / "data" / "corpus" / path.name, path)
    with qtbot.waitSignal(window.documents_reloaded, timeout=30_000):
        window.ops.import_paths([str(path)])
    model = window.tree_model
    doc = next(model.index(r, 0, QModelIndex()) for r in range(model.rowCount())
               if "常态化精准帮扶" in model.index(r, 0, QModelIndex()).data())
    open_row(window, doc)
    nameless = [s for s in model.sections_of(doc.data(NODE_ROLE).doc_id) if needs_opening(s) and s.metric_count]
    assert nameless, "a section without a heading, with figures"
    tree_words = model.find_section(nameless[0].id).data().split(" · ")[0]
    table = window.metrics_panel.model
    column = table.COLUMNS.index("section")
    shown = {table.index(n, column).data() for n, row in enumerate(table.rows())
             if row.metric.section_id == nameless[0].id}
    assert shown == {tree_words}
    assert not tree_words.startswith("其他")


# ---------------------------------------------------------------- a parser figure re-added

def test_adding_back_a_removed_parser_figure_gives_back_the_parsers_figure(window, qtbot):
    """Remove a figure the parser found (with a trend), then 添加为指标 on its words: it had
    lost its 下降 trend; it is the parser's figure again."""
    from tests.ui.test_corrections_window import wait_written

    c = window.corrections
    kb = window.session.kb
    doc_id = window.tree_model.documents()[0].id
    figure = next(m for m in kb.metrics(doc_id=doc_id) if m.trend and m.section_id is not None)
    window.show_section(figure.section_id)
    select_figure(window, figure.text)
    wait_written(window, qtbot, c.remove.trigger)
    assert not [m for m in kb.metrics(doc_id=doc_id) if (m.start, m.end) == (figure.start, figure.end)]

    browser = window.reading_pane.browser
    text = kb.document_text(doc_id)
    found = browser.document().find(text[figure.start - 4:figure.end])
    cursor = browser.textCursor()
    cursor.setPosition(found.selectionStart() + 4)
    cursor.setPosition(found.selectionEnd(), cursor.MoveMode.KeepAnchor)
    browser.setTextCursor(cursor)
    assert window.reading_pane.selection_offsets() == (figure.start, figure.end)
    c.update_actions()
    wait_written(window, qtbot, c.add_figure.trigger)
    (again,) = [m for m in kb.metrics(doc_id=doc_id) if (m.start, m.end) == (figure.start, figure.end)]
    assert (again.trend, again.label, again.unit, again.value, again.period) == \
        (figure.trend, figure.label, figure.unit, figure.value, figure.period)
    table = window.metrics_panel.model
    mark = table.index(table.row_of(again.id), 0)
    assert not mark.data().startswith("【已修改】")  # not "由用户添加": it is the parser's figure
    assert "由用户添加" not in (mark.data(Qt.ItemDataRole.ToolTipRole) or "")


def test_the_unit_column_is_wide_enough_for_its_longest_unit(window, qtbot, dialog_calls):
    """个百分点 (a unit corrected to it, as the new user did) was cut to 个…."""
    from tests.ui.test_corrections_window import wait_written

    open_row(window, section_row(window, "主要成效", "一、"))
    figure = select_figure(window, window.metrics_panel.model.rows()[0].metric.text)
    dialog_calls.answers["ask_text"] = "个百分点"
    wait_written(window, qtbot, window.corrections.unit.trigger)
    assert window.metric_row(figure.id).metric.unit == "个百分点"
    table = window.metrics_panel.table
    column = window.metrics_panel.model.COLUMNS.index("unit")
    assert table.columnWidth(column) >= table.fontMetrics().horizontalAdvance("个百分点") + 8
