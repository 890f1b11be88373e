"""The contents tree on the seed, and one metric selected in tree, table, cards and text."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl

from desktop_app.ui.tree_model import NODE_ROLE
from tests.ui.conftest import start_gui


def children(model, parent: QModelIndex) -> list[QModelIndex]:
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def find_child(model, parent: QModelIndex, starts: str) -> QModelIndex:
    matches = [i for i in children(model, parent) if i.data().startswith(starts)]
    assert matches, f"no child starting with {starts!r} in {[i.data() for i in children(model, parent)]}"
    return matches[0]


def test_seed_tree_shows_five_achievements_and_five_priorities_with_metric_counts(window):
    model = window.tree_model
    (doc,) = children(model, QModelIndex())
    assert "纵深推进平安淄博各项建设" in doc.data() and doc.data().startswith("10月14日")
    top = [i.data() for i in children(model, doc)]
    # groups count their sections, section rows say how many figures they hold
    assert top == ["导语 · 2 项指标", "主要成效（5）", "展望 · 0 项指标", "下一步重点（5）"]
    achievements = [i.data() for i in children(model, find_child(model, doc, "主要成效"))]
    assert achievements == [
        "一、社会大局保持和谐稳定 · 5 项指标",
        "二、社会治理基层基础持续夯实筑牢 · 6 项指标",
        "三、法治营商环境不断优化提升 · 13 项指标",
        "四、群众合法权益实现全面保障 · 5 项指标",
        "五、社会公平正义得到有力维护 · 9 项指标",
    ]
    priorities = [i.data() for i in children(model, find_child(model, doc, "下一步重点"))]
    assert len(priorities) == 5
    assert priorities[1] == "二、围绕一个“用”字,进一步夯实网格化管理根基 · 0 项指标"  # whole: the view elides
    assert all(label.endswith(" · 0 项指标") for label in priorities)


@pytest.mark.parametrize(("language", "count", "expected"), [
    ("zh_CN", 5, "一、社会大局保持和谐稳定 · 5 项指标"),
    ("zh_CN", 1, "一、社会大局保持和谐稳定 · 1 项指标"),
    ("en", 5, "1. 社会大局保持和谐稳定 · 5 figures"),
    ("en", 1, "1. 社会大局保持和谐稳定 · 1 figure"),
    ("en", 0, "1. 社会大局保持和谐稳定 · 0 figures"),
])
def test_section_rows_name_their_count_as_figures_in_both_languages(qapp, language, count, expected):
    """Group rows count sections (主要成效（5）); a section row's number is its figures."""
    from desktop_app.core.records import SectionInfo
    from desktop_app.ui import i18n
    from desktop_app.ui.tree_model import section_label

    info = SectionInfo(1, 1, 1, "achievement", 1, None, "社会大局保持和谐稳定", 0, 10, count)
    translations = i18n.Translations()
    translations.install(language)
    try:
        assert section_label(info) == expected
    finally:
        translations.remove()


def test_a_long_heading_shows_whole_with_the_whole_heading_as_tooltip(window):
    model = window.tree_model
    (doc,) = children(model, QModelIndex())
    priority = find_child(model, find_child(model, doc, "下一步重点"), "二、")
    assert priority.data() == "二、围绕一个“用”字,进一步夯实网格化管理根基 · 0 项指标"
    assert priority.data(Qt.ItemDataRole.ToolTipRole) == "围绕一个“用”字,进一步夯实网格化管理根基"
    short = find_child(model, find_child(model, doc, "主要成效"), "二、")
    assert short.data() == "二、社会治理基层基础持续夯实筑牢 · 6 项指标"


def test_the_contents_column_can_be_resized_and_its_width_is_remembered(qtbot, data_dir, settings_file, dialog_calls):
    first = start_gui(qtbot, data_dir, settings_file)
    first.window.resize(790, 700)  # fits the offscreen screen (800 × 800): restored as it was
    qtbot.waitUntil(lambda: first.window.width() == 790)
    splitter = first.window.splitter
    assert splitter.handleWidth() > 0 and not splitter.childrenCollapsible()
    total = sum(splitter.sizes())
    splitter.setSizes([520, total - 520])
    assert splitter.sizes()[0] == 520
    first.close()

    second = start_gui(qtbot, data_dir, settings_file)
    try:
        assert second.window.splitter.sizes()[0] == 520
        assert second.window.tree.width() > 480
    finally:
        second.close()


def test_section_node_lists_its_metrics_with_what_they_measure(window):
    model = window.tree_model
    (doc,) = children(model, QModelIndex())
    section = find_child(model, find_child(model, doc, "主要成效"), "二、")
    window.tree.expand(section)
    labels = [i.data() for i in children(model, section)]
    assert labels[0] == "7600余人 · 网格员"
    assert [label.split(" · ")[0] for label in labels] == ["7600余人", "9400余个", "6万余件", "超过98%", "3033个", "98%以上"]


def _metric_index(window, text: str) -> QModelIndex:
    model = window.tree_model
    (doc,) = children(model, QModelIndex())
    section = find_child(model, find_child(model, doc, "主要成效"), "二、")
    window.tree.expand(section)
    return find_child(model, section, text)


def test_clicking_7600_in_the_tree_selects_it_in_the_table_and_highlights_its_sentence(window, qtbot):
    index = _metric_index(window, "7600余人")
    window.tree.scrollTo(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=window.tree.visualRect(index).center())

    metric = index.data(NODE_ROLE).metric
    assert window.metrics_panel.selected_metric_id() == metric.id
    row = window.metrics_panel.table.currentIndex().row()
    assert window.metrics_panel.proxy.index(row, 1).data() == "7600余人"
    assert window.reading_pane.highlighted_text() == ("加强网格化管理服务,全市共配备网格员7600余人,建立网格微信群9400余个,"
                                                      "月均处理网格事项6万余件,群众对网格工作满意度超过98%。")
    assert window.reading_pane.cards.selected_id() == metric.id
    assert window.tree.currentIndex() == index
    assert window.current_section_ids() == [metric.section_id]
    assert "社会治理基层基础持续夯实筑牢" in window.reading_pane.plain_text()


def test_choosing_a_table_row_selects_the_metric_in_the_tree_and_the_text(window, qtbot):
    window.show_section(_metric_index(window, "7600余人").data(NODE_ROLE).metric.section_id)
    panel = window.metrics_panel
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 1).data() == "3033个")
    panel.table.setCurrentIndex(panel.proxy.index(row, 0))

    assert window.tree.currentIndex().data().startswith("3033个")
    assert "四级综治中心3033个" in window.reading_pane.highlighted_text()


def test_clicking_a_card_or_a_figure_in_the_text_selects_that_metric(window, qtbot):
    metric = _metric_index(window, "9400余个").data(NODE_ROLE).metric
    window.show_section(metric.section_id)
    card = window.reading_pane.cards.card(metric.id)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.metrics_panel.selected_metric_id() == metric.id
    assert window.tree.currentIndex().data().startswith("9400余个")

    other = _metric_index(window, "3033个").data(NODE_ROLE).metric
    window.reading_pane.browser.anchorClicked.emit(QUrl(f"metric:{other.id}"))
    assert window.metrics_panel.selected_metric_id() == other.id
    assert window.reading_pane.cards.selected_id() == other.id


def test_figures_in_the_text_are_links_coloured_by_kind(window):
    metric = _metric_index(window, "超过98%").data(NODE_ROLE).metric
    window.show_section(metric.section_id)
    html = window.reading_pane.browser.toHtml()
    assert f'href="metric:{metric.id}"' in html
    percent_colour = "#c2410c"
    count_colour = "#1d4ed8"
    assert percent_colour in html and count_colour in html


def test_keyboard_moves_through_the_tree_and_shows_each_section(window, qtbot):
    model = window.tree_model
    (doc,) = children(model, QModelIndex())
    first = find_child(model, find_child(model, doc, "主要成效"), "一、")
    window.tree.setCurrentIndex(first)
    window.tree.setFocus()
    assert window.current_section_ids() == [first.data(NODE_ROLE).section.id]
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    assert window.tree.currentIndex().data().startswith("二、")
    assert "社会治理基层基础持续夯实筑牢" in window.reading_pane.plain_text()


def test_ticked_sections_are_offered_to_printing_in_tree_order(window):
    model = window.tree_model
    (doc,) = children(model, QModelIndex())
    group = find_child(model, doc, "主要成效")
    second, first = children(model, group)[1], children(model, group)[0]
    for index in (second, first):
        model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    ids = [first.data(NODE_ROLE).section.id, second.data(NODE_ROLE).section.id]
    assert window.checked_section_ids() == ids
    window.commands.untick_all.trigger()
    assert window.checked_section_ids() == []


@pytest.mark.parametrize(("dateline", "date", "shown"), [
    ("10月14日", "2022-10-14", "2022年10月14日"),  # the user's year added
    ("2024年1月9日", "2023-01-09", "2023年1月9日"),  # the user's year replaces the written one
    ("2024年1月9日", "2024-01-09", "2024年1月9日"),
    ("10月14日", None, "10月14日"),
])
def test_the_date_shows_the_users_year_once(qapp, dateline, date, shown):
    """Before: a year set on 2024年1月9日 read "2023年2024年1月9日"."""
    from desktop_app.core.records import DocumentInfo
    from desktop_app.ui import i18n
    from desktop_app.ui.labels import document_date

    info = DocumentInfo(id=1, title="t", dateline=dateline, issuer=None, file=None, encoding=None,
                        imported_at="2026-01-01T00:00:00Z", date=date, metric_count=0)
    translations = i18n.Translations()
    translations.install("zh_CN")
    try:
        assert document_date(info) == shown
    finally:
        translations.remove()
