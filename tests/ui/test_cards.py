"""Key-figure cards wrap into rows, show the first rows with “+N more”, never scroll sideways,
and keep their captions readable (two lines at most, the whole indicator in the tooltip)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop_app.core.records import MetricRecord
from desktop_app.ui.flow_layout import FlowLayout, wrap_rows
from desktop_app.ui.metric_cards import (
    CARD_HEIGHT,
    CARD_WIDTH,
    COLLAPSED_ROWS,
    EXPANDED_ROWS,
    MetricCard,
    MetricCardPanel,
    _line_count,
)

LONG_INDICATOR = "全市城乡社区网格化服务管理中心统一受理并按期办结的群众诉求事项办结率"


def metric(mid: int, text: str = "7600余人", kind: str = "count") -> MetricRecord:
    return MetricRecord(mid, 1, 7, text, 0, len(text), 7600.0, "人", "余", kind, None, None,
                        None, None, None, 0, 10, False)


def panel_with(qtbot, count: int, width: int = 900) -> MetricCardPanel:
    panel = MetricCardPanel()
    qtbot.addWidget(panel)
    panel.resize(width, 400)
    panel.set_metrics([(metric(i), f"指标{i}") for i in range(1, count + 1)])
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_wrap_rows_breaks_greedily_and_gives_an_overwide_item_its_own_row():
    assert wrap_rows([100, 100, 100], 320, 8) == [[0, 1, 2]]
    assert wrap_rows([100, 100, 100], 300, 8) == [[0, 1], [2]]
    assert wrap_rows([500, 100, 100], 300, 8) == [[0], [1, 2]]
    assert wrap_rows([], 300, 8) == []


def test_flow_layout_places_widgets_in_rows_and_its_height_follows_the_width(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    flow = FlowLayout(box, spacing=10)
    flow.setContentsMargins(0, 0, 0, 0)
    children = []
    for _ in range(5):
        child = QWidget()
        child.setFixedSize(100, 40)
        flow.addWidget(child)
        children.append(child)
    assert flow.heightForWidth(560) == 40  # one row of five
    assert flow.heightForWidth(330) == 40 + 10 + 40  # three, then two
    box.resize(330, 200)
    box.show()
    qtbot.waitExposed(box)
    assert [c.y() for c in children] == [0, 0, 0, 50, 50]
    assert [c.x() for c in children] == [0, 110, 220, 0, 110]


def test_many_cards_wrap_into_rows_without_a_horizontal_scrollbar(qtbot):
    panel = panel_with(qtbot, 14)
    assert panel.row_count() > COLLAPSED_ROWS
    assert panel.area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not panel.area.horizontalScrollBar().isVisible()
    shown = [panel.card(i) for i in panel.visible_ids()]
    rows = sorted({card.y() for card in shown})
    assert len(rows) == COLLAPSED_ROWS
    assert all(card.geometry().right() < panel.area.viewport().width() for card in shown)
    assert panel.area.height() == COLLAPSED_ROWS * CARD_HEIGHT + (COLLAPSED_ROWS - 1) * 8


def test_more_button_counts_the_waiting_cards_and_expands_and_collapses(qtbot):
    panel = panel_with(qtbot, 14)
    waiting = 14 - len(panel.visible_ids())
    assert waiting > 0
    assert panel.more_button.isVisible()
    collapsed_text = panel.more_button.text()
    assert f"+{waiting}" in collapsed_text  # “+9 more ▾” / “+9 项 ▾”
    qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    assert panel.is_expanded() and len(panel.visible_ids()) == 14
    assert panel.area.height() > COLLAPSED_ROWS * CARD_HEIGHT
    assert panel.more_button.text() != collapsed_text and "▴" in panel.more_button.text()
    qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    assert not panel.is_expanded() and len(panel.visible_ids()) == 14 - waiting


def test_a_few_cards_need_no_more_button(qtbot):
    panel = panel_with(qtbot, 3)
    assert panel.row_count() == 1
    assert panel.visible_ids() == [1, 2, 3]
    assert not panel.more_button.isVisible()
    assert panel.area.height() == CARD_HEIGHT


def test_expanded_panel_stops_growing_and_scrolls_vertically(qtbot):
    panel = panel_with(qtbot, 60, width=500)
    panel.set_expanded(True)
    assert panel.row_count() > EXPANDED_ROWS
    assert panel.area.height() == EXPANDED_ROWS * CARD_HEIGHT + (EXPANDED_ROWS - 1) * 8
    assert panel.area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded


def test_selecting_a_figure_behind_more_brings_its_card_out(qtbot):
    panel = panel_with(qtbot, 14)
    hidden = next(i for i in panel.metric_ids() if i not in panel.visible_ids())
    panel.set_selected(hidden)
    assert panel.is_expanded()
    assert hidden in panel.visible_ids() and panel.selected_id() == hidden


def test_a_narrower_pane_rewraps_the_cards(qtbot):
    panel = panel_with(qtbot, 6, width=1200)
    wide_rows = panel.row_count()
    panel.resize(2 * CARD_WIDTH + 40, 400)
    qtbot.waitUntil(lambda: panel.row_count() > wide_rows)
    assert len({panel.card(i).y() for i in panel.visible_ids()}) == COLLAPSED_ROWS


def test_a_long_indicator_is_cut_to_two_lines_and_stays_whole_in_the_tooltip(qtbot):
    card = MetricCard(metric(1), LONG_INDICATOR)
    qtbot.addWidget(card)
    caption = card.caption
    assert caption.text().endswith("…") and caption.text() != LONG_INDICATOR
    width = card.width() - 20
    assert _line_count(caption.text(), caption.font(), width) <= 2
    assert LONG_INDICATOR in card.toolTip()
    short = MetricCard(metric(2), "网格员")
    qtbot.addWidget(short)
    assert short.caption.text() == "网格员"


@pytest.mark.parametrize("figure", ["1.2万亿元", "12345.67万平方米"])
def test_a_long_figure_widens_its_card_instead_of_being_clipped(qtbot, figure):
    card = MetricCard(metric(1, figure, "money"), "投资")
    qtbot.addWidget(card)
    assert card.width() >= CARD_WIDTH
    assert card.figure.sizeHint().width() <= card.width()


def test_selecting_a_figure_far_down_scrolls_the_expanded_cards_to_it(qtbot):
    panel = panel_with(qtbot, 60, width=500)
    panel.set_selected(60)
    assert panel.is_expanded()
    card = panel.card(60)
    viewport = panel.area.viewport()

    def card_in_view() -> bool:
        top = card.mapTo(viewport, card.rect().topLeft()).y()
        return panel.area.verticalScrollBar().value() > 0 and 0 <= top and top + card.height() <= viewport.height()

    qtbot.waitUntil(card_in_view, timeout=2000)


# ------------------------------------------------------------- small screens

def test_a_panel_with_little_room_shows_the_figures_as_one_compact_strip(qtbot):
    panel = panel_with(qtbot, 13)
    assert not panel.is_strip()
    panel.set_room(60)  # less than a row of cards
    assert panel.is_strip() and not panel.area.isVisible() and panel.strip.isVisible()
    assert panel.sizeHint().height() <= 60  # what a layout gives it
    bar = panel.strip.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # 13 chips are wider than the panel
    panel.chip(13).setFocus()  # Tab to the last chip: the strip scrolls to it
    qtbot.waitUntil(lambda: bar.value() > 0)
    chip = panel.chip(13)
    assert chip is not None and "指标13" in chip.toolTip()
    with qtbot.waitSignal(panel.metric_activated) as activated:
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert activated.args == [13]


def test_expanded_cards_grow_only_by_the_rows_their_room_holds(qtbot):
    panel = panel_with(qtbot, 60, width=500)
    panel.set_room(2 * CARD_HEIGHT + 8 + 20)
    panel.set_expanded(True)
    assert panel.area.height() == 2 * CARD_HEIGHT + 8
    assert panel.sizeHint().height() <= panel.room()


def test_the_user_can_switch_to_the_compact_strip_and_back(qtbot):
    panel = panel_with(qtbot, 5)
    with qtbot.waitSignal(panel.compact_changed) as changed:
        qtbot.mouseClick(panel.compact_button, Qt.MouseButton.LeftButton)
    assert changed.args == [True] and panel.is_strip() and panel.is_compact()
    qtbot.mouseClick(panel.compact_button, Qt.MouseButton.LeftButton)
    assert not panel.is_strip() and not panel.is_compact()


def body_line_spacing(browser) -> float:
    """The distance between two lines of a body paragraph, as the page is laid out."""
    block = browser.document().begin()
    spacings = []
    while block.isValid():
        layout = block.layout()
        if layout.lineCount() >= 2:
            spacings.append(layout.lineAt(1).y() - layout.lineAt(0).y())
        block = block.next()
    assert spacings, "the page has a paragraph of two lines or more"
    return max(spacings)


def sections_with_figures(window) -> list[int]:
    kb = window.kb()
    return [s.id for d in window.session.documents for s in kb.document(d.id).sections if s.metric_count]


def test_at_1024x640_the_text_shows_eight_lines_with_the_metrics_table_open(window, qtbot):
    """Before: a section with 5 figures showed 249 px of text (6.8 lines of 36.75 px), one
    with 13 figures 127 px (3.5 lines), with the metrics dock open."""
    from PySide6.QtWidgets import QApplication

    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.height() == 640)
    assert window.metrics_dock.isVisible()
    pane = window.reading_pane
    for section_id in sections_with_figures(window):
        window.show_section(section_id)
        for expanded in (False, True):
            pane.cards.set_expanded(expanded)
            QApplication.processEvents()
            viewport = pane.browser.viewport().height()
            spacing = body_line_spacing(pane.browser)
            assert viewport >= 8 * spacing, (section_id, expanded, viewport, spacing)
            assert pane.cards.height() <= pane.height() / 3 + 1
    window.show_section(section_id, hits=[(0, 2)], query="网格")  # with the find bar above the cards
    QApplication.processEvents()
    # the text keeps its eight lines; the figures show as a strip where it fits (at the 11 pt
    # interface font it does not, with the find bar open: they stay in the metrics table)
    assert pane.find_bar.isVisible() and (not pane.cards.isVisible() or pane.cards.is_strip())
    assert window.metrics_panel.model.rowCount() > 0
    assert pane.browser.viewport().height() >= 8 * body_line_spacing(pane.browser)


def test_at_1280x800_expanded_cards_take_at_most_a_third_of_the_pane(window, qtbot):
    """Before: expanding “另有 3 项” at 1280×800 left about four lines of text."""
    from PySide6.QtWidgets import QApplication

    window.resize(1280, 800)
    pane = window.reading_pane
    for section_id in sections_with_figures(window):
        window.show_section(section_id)
        pane.cards.set_expanded(True)
        QApplication.processEvents()
        assert pane.cards.height() <= pane.height() / 3 + 1
        assert pane.browser.viewport().height() >= 8 * body_line_spacing(pane.browser)


def test_the_compact_choice_is_remembered_by_the_next_window(qtbot, data_dir, settings_file, dialog_calls):
    from PySide6.QtWidgets import QApplication

    from tests.ui.conftest import start_gui

    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        gui.window.show_section(sections_with_figures(gui.window)[0])
        gui.window.reading_pane.cards.toggle_compact()
    finally:
        gui.close()
    QApplication.processEvents()
    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        gui.window.show_section(sections_with_figures(gui.window)[0])
        assert gui.window.reading_pane.cards.is_compact() and gui.window.reading_pane.cards.is_strip()
    finally:
        gui.close()
