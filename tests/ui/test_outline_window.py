"""A two-level outline in the window: items nest under their area in the tree, an area counts
and shows its items' figures (tree, cards, table, reading pane), search names "area › item"."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.records import DocumentInfo, SearchHit, SearchResult, SectionInfo
from desktop_app.ui.search_model import SearchResultsModel
from desktop_app.ui.tree_model import NODE_ROLE, KnowledgeTreeModel
from tests.core.outline_release import LINES, SPAN_STYLES, TITLE, import_outline_release
from tests.ui.conftest import commit_text, start_gui
from tests.ui.test_tree_and_linking import children, find_child

AREA_1_FIGURES = ["6.1%", "9.8%", "1.2个百分点", "7.5%"]


def _open(qtbot, data_dir, settings_file, tmp_path, style: str):
    with KnowledgeBase.open(data_dir, seed=True) as kb:
        import_outline_release(kb, tmp_path, style)
    return start_gui(qtbot, data_dir, settings_file)


@pytest.fixture(params=SPAN_STYLES)
def outline_gui(request, qtbot, data_dir, settings_file, dialog_calls, tmp_path):
    gui = _open(qtbot, data_dir, settings_file, tmp_path, request.param)
    yield gui
    gui.close()
    QApplication.processEvents()


@pytest.fixture
def nested_gui(qtbot, data_dir, settings_file, dialog_calls, tmp_path):
    gui = _open(qtbot, data_dir, settings_file, tmp_path, "nested")
    yield gui
    gui.close()
    QApplication.processEvents()


def _doc_index(window) -> QModelIndex:
    return find_child(window.tree_model, QModelIndex(), next(
        i.data() for i in children(window.tree_model, QModelIndex()) if TITLE in i.data()))


def _section(window, heading: str) -> QModelIndex:
    """The tree row of the outline release's section with this heading (found by id)."""
    listed = next(d for d in window.session.documents if d.title == TITLE)
    doc = window.kb().document(listed.id)  # the list comes without sections
    return window.tree_model.find_section(next(s.id for s in doc.sections if s.heading == heading))


def _labels(model, parent: QModelIndex) -> list[str]:
    return [i.data() for i in children(model, parent)]


def test_items_nest_under_their_area_whatever_their_kind_with_figure_counts(nested_gui):
    model = nested_gui.window.tree_model
    doc = _doc_index(nested_gui.window)
    # groups count level-1 sections; the priority items under an `other` heading stay there,
    # so no 下一步重点 group appears; an area counts its items' figures
    assert _labels(model, doc) == ["导语 · 1 项指标", "主要成效（2）", "三、下一步工作安排 · 2 项指标",
                                   "展望 · 0 项指标"]
    group = find_child(model, doc, "主要成效")
    assert _labels(model, group) == ["一、工业生产稳中有进 · 4 项指标", "二、消费市场持续恢复 · 2 项指标"]
    area = find_child(model, group, "一、工业")
    assert _labels(model, area) == ["（一）高技术制造业较快增长 · 2 项指标", "（二）装备制造业支撑有力 · 1 项指标"]
    other = find_child(model, doc, "三、下一步工作安排")
    assert _labels(model, other) == ["（一）将加快推进重大项目建设 · 1 项指标", "（二）将持续扩大有效投资 · 1 项指标"]
    assert {i.data(NODE_ROLE).section.kind for i in children(model, other)} == {"priority"}


def test_expanding_an_area_lists_its_own_figures_before_its_items(nested_gui):
    window = nested_gui.window
    model = window.tree_model
    area = find_child(model, find_child(model, _doc_index(window), "主要成效"), "一、工业")
    window.tree.expand(area)
    rows = children(model, area)
    assert [i.data(NODE_ROLE).role for i in rows] == ["metric", "section", "section"]
    assert rows[0].data().startswith("6.1%")
    assert [i.row() for i in rows] == [0, 1, 2] and all(i.parent() == area for i in rows)
    window.tree.expand(rows[1])
    assert [i.data().split(" · ")[0] for i in children(model, rows[1])] == ["9.8%", "1.2个百分点"]


def test_an_areas_cards_table_and_page_hold_its_items_figures(outline_gui, qtbot):
    window = outline_gui.window
    window.tree.setCurrentIndex(_section(window, LINES[2]))
    pane = window.reading_pane
    cards = [pane.cards.card(i).record.text for i in pane.cards.metric_ids()]
    assert cards == AREA_1_FIGURES
    assert sorted(r.metric.text for r in window._rows.values()) == sorted(AREA_1_FIGURES)
    text = pane.plain_text()
    positions = [text.find(line) for line in LINES[2:8]]  # area heading and text, both items
    assert -1 not in positions and positions == sorted(positions)
    assert all(text.count(line) == 1 for line in LINES[3:8])
    assert LINES[8] not in text  # the next area is not part of it
    html = pane.browser.toHtml()
    assert all(f'href="metric:{i}"' in html for i in pane.cards.metric_ids())  # every figure marked
    # an item's figure selected from its card: its sentence is highlighted in the area's page
    item_figure = next(i for i in pane.cards.metric_ids() if pane.cards.card(i).record.text == "9.8%")
    window.select_metric(item_figure, origin="pane")
    assert "高技术制造业增加值增长9.8%" in pane.highlighted_text()


def test_an_item_shows_alone_and_the_document_shows_every_line_once(nested_gui):
    window = nested_gui.window
    window.tree.setCurrentIndex(_section(window, LINES[10]))
    assert [window.reading_pane.cards.card(i).record.text for i in window.reading_pane.cards.metric_ids()] == ["6.3%"]
    assert LINES[9] not in window.reading_pane.plain_text()
    window.tree.setCurrentIndex(_doc_index(window))
    text = window.reading_pane.plain_text()
    assert all(text.count(line) == 1 for line in LINES[2:16]), "every line once in the document"


def test_the_document_page_gives_items_their_own_heading_level(nested_gui):
    from desktop_app.ui.page_builder import document_page

    kb = nested_gui.session.kb
    info = next(d for d in kb.documents() if d.title == TITLE)
    page = document_page(info, kb.document_text(info.id), info.sections, kb.metrics(doc_id=info.id))
    styles = {page.text[b.start:b.end]: b.style for b in page.blocks}
    assert styles[LINES[2]] == "h3" and styles[LINES[8]] == "h3" and styles[LINES[12]] == "h3"
    assert styles[LINES[4]] == "item" and styles[LINES[10]] == "item"
    groups = [b.group_title for b in page.blocks if b.group_title]
    assert groups == ["主要成效"]  # the priority items under `other` open no 下一步重点 group


def test_a_search_hit_in_an_item_is_named_area_then_item(nested_gui, qtbot):
    window = nested_gui.window
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        commit_text(window.search_box, "服务零售")
    rows = [window.search_panel.model.index(r, 0, group).data()
            for group in children(window.search_panel.model, QModelIndex())
            for r in range(window.search_panel.model.rowCount(group))]
    assert "二、消费市场持续恢复 › （一）服务消费活力释放 (1 处)" in rows, rows


def test_search_results_use_the_hits_parent_heading_when_it_carries_one(english):
    hit = SearchHit(doc_id=1, doc_title="T", section_id=7, kind="achievement", number=1, keyword=None,
                    heading="科技硬实力不断跃升", score=1.0, snippet="", matches=((0, 2),), level=2,
                    parent_id=3, parent_heading="供给提质")
    model = SearchResultsModel()
    model.set_result(SearchResult("科技", 1, None, (hit,)))
    assert model.index(0, 0, model.index(0, 0)).data().startswith("供给提质 › 科技硬实力不断跃升")
    level_one = SearchHit(**{**hit.__dict__, "level": 1, "parent_id": None, "parent_heading": None})
    model.set_result(SearchResult("科技", 1, None, (level_one,)))
    assert model.index(0, 0, model.index(0, 0)).data().startswith("科技硬实力不断跃升")


def test_the_tree_nests_items_without_fetching_any_figures(english):
    """Nesting comes from each document's own section list, read once; figures are still
    fetched only when a section is expanded (a large library opens as fast as before)."""
    loaded: list[int] = []
    model = KnowledgeTreeModel(lambda section: loaded.append(section.id) or [])
    documents = []
    for doc_id in range(1, 201):
        sections = tuple(SectionInfo(id=doc_id * 100 + i, doc_id=doc_id, position=i, kind="achievement",
                                     number=i // 5 + 1, keyword=None, heading=f"h{i}", start=i * 10,
                                     end=i * 10 + 9, metric_count=1, level=1 if i % 5 == 0 else 2,
                                     parent_id=None if i % 5 == 0 else doc_id * 100 + i - i % 5)
                         for i in range(20))
        documents.append((DocumentInfo(id=doc_id, title=f"t{doc_id}", dateline=None, issuer=None, file=None,
                                       encoding=None, imported_at="", date=None, metric_count=20), sections))
    model.set_documents(documents)
    assert loaded == []
    doc = model.index(0, 0)
    group = model.index(0, 0, doc)
    assert model.rowCount(group) == 4
    area = model.index(0, 0, group)
    assert area.data() == "1. h0 · 5 figures" and model.rowCount(area) == 4
    assert loaded == []


@pytest.mark.parametrize(("heading", "numbered"), [
    ("一、工业生产稳中有进", True), ("（二）装备制造业支撑有力", True), ("3. 持续扩大有效投资", True),
    ("(4)加强监管", True), ("社会大局保持和谐稳定", False), ("1.2亿人次出游", False),
    ("十年来，全市", False),
])
def test_a_heading_that_writes_its_own_number_gets_none_added(english, heading, numbered):
    from desktop_app.ui.labels import numbered_heading
    from desktop_app.ui.tree_model import section_label

    assert numbered_heading(heading) is numbered
    info = SectionInfo(id=1, doc_id=1, position=1, kind="achievement", number=2, keyword=None,
                       heading=heading, start=0, end=9, metric_count=3)
    assert section_label(info) == (f"{heading} · 3 figures" if numbered else f"2. {heading} · 3 figures")
