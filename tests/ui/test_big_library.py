"""A library of thousands of releases opens at once. The window builds
rows only for what is on screen, reads a release once when it is expanded, opens with only
the current release expanded, and the metrics table sorts without calling Python per
comparison."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop_app.core.records import MetricRecord
from desktop_app.ui.metrics_table import SORT_ROLE, MetricRow, MetricsFilterProxy, MetricsTableModel
from desktop_app.ui.settings import open_settings
from tests.hostile.library import make_library, open_reader

RELEASES = 5000


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return make_library(tmp_path_factory.mktemp("library") / "data", RELEASES)


class Counting:
    """Wraps the reader and counts the calls that read a release."""

    def __init__(self, kb):
        self.kb, self.calls = kb, {"section": 0, "metrics": 0, "document_text": 0, "document": 0,
                                   "section_infos": 0, "section_doc_ids": 0, "counts": 0}
        self.section_docs: list[int] = []  # the documents whose sections were read, in order
        for name in self.calls:
            setattr(kb, name, self._counted(name, getattr(kb, name)))

    def _counted(self, name, method):
        def call(*args, **kwargs):
            self.calls[name] += 1
            if name == "section_infos":
                self.section_docs.extend(args[0])
            return method(*args, **kwargs)
        return call


@pytest.fixture
def big_window(qtbot, library, tmp_path, dialog_calls):
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.session import Session

    session = Session(library, seed=False)
    window = MainWindow(session, open_settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):  # as in the app: the library is read after the first frame
        window.show()
    kb = open_reader(library)
    counting = Counting(kb)
    session._on_opened(kb, kb.documents(with_sections=False))  # as the worker hands it over
    qtbot.wait(50)
    yield window, counting
    session.kb = None
    kb.close()


def test_a_library_of_5000_releases_opens_without_building_or_reading_them_all(big_window):
    window, counting = big_window
    model = window.tree_model
    assert len(model.documents()) == RELEASES
    assert model.loaded_document_count() < 500  # one batch or two: what the view shows
    built = [model.node(model.index(r, 0)) for r in range(model.rowCount())]
    assert sum(not node.unbuilt for node in built) == 1  # only the release shown
    # the release shown is read once for the page and once for the tree's figures
    assert counting.calls["section"] == 0
    assert counting.calls["metrics"] <= 2 and counting.calls["document_text"] <= 2


def test_opening_reads_the_sections_of_the_release_shown_alone(big_window):
    """The list comes without sections; the tree reads the sections of the one release it
    shows (one query), and the status bar counts sections with one SQL count."""
    window, counting = big_window
    shown = window.current_doc_id()
    assert all(info.sections == () for info in window.session.documents)
    assert counting.section_docs == [shown]
    assert counting.calls["section_infos"] == 1 and window.tree_model.section_reads == 1
    assert counting.calls["counts"] == 1
    assert "Sections: 25000" in window.counts_label.text()


def test_expanding_a_release_fetches_its_sections_once_with_their_nesting(big_window):
    window, counting = big_window
    model, tree = window.tree_model, window.tree
    document = model.index(150, 0)
    doc_id = model.node(document).document.id
    assert model.hasChildren(document) and doc_id not in counting.section_docs
    tree.expand(document)
    tree.collapse(document)
    tree.expand(document)
    window.tree.setCurrentIndex(model.index(0, 0, document))
    assert counting.section_docs.count(doc_id) == 1
    groups = [model.index(r, 0, document).data() for r in range(model.rowCount(document))]
    assert groups == [s.label for s in model.node(document).children]
    assert len(groups) >= 2  # lead / outlook and the groups, built from the sections read
    # a section's row is found by its id after a reload too (one look-up, no release read)
    section = model.node(document).children[0].section
    before = counting.calls["section_infos"]
    assert model.find_section(section.id).isValid()
    assert counting.calls["section_infos"] == before


def test_the_tree_opens_with_only_the_current_release_expanded(big_window):
    window, _counting = big_window
    model, tree = window.tree_model, window.tree
    expanded = [r for r in range(model.rowCount()) if tree.isExpanded(model.index(r, 0))]
    shown = model.find_document(window.current_doc_id())
    assert expanded == [shown.row()]


def test_expanding_a_release_reads_it_once_whatever_its_sections(big_window):
    window, counting = big_window
    model, tree = window.tree_model, window.tree
    document = model.index(100, 0)
    before = dict(counting.calls)
    tree.expand(document)
    for row in range(model.rowCount(document)):
        tree.expand(model.index(row, 0, document))
        child = model.index(row, 0, document)
        for sub in range(model.rowCount(child)):
            tree.expand(model.index(sub, 0, child))
    assert counting.calls["metrics"] - before["metrics"] == 1
    assert counting.calls["document_text"] - before["document_text"] == 1
    assert counting.calls["section"] == before["section"]


def test_scrolling_fetches_the_next_batch_and_showing_the_last_release_works(big_window):
    window, _counting = big_window
    model = window.tree_model
    loaded = model.loaded_document_count()
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.loaded_document_count() > loaded
    last = model.documents()[-1]
    window.show_document(last.id)
    assert window.tree.currentIndex() == model.find_document(last.id)
    assert model.loaded_document_count() == RELEASES


def test_expand_all_on_a_big_library_expands_only_the_rows_made(big_window):
    window, counting = big_window
    model = window.tree_model
    before = dict(counting.calls)
    window.expand_all()
    assert model.loaded_document_count() < RELEASES
    assert counting.calls["metrics"] == before["metrics"]  # no figures read for it


def test_tick_all_ticks_releases_not_built_yet(big_window):
    window, _counting = big_window
    model = window.tree_model
    model.set_all_checked(True)
    ticked = model.checked_section_ids()
    assert len(ticked) == RELEASES * 5
    assert model.loaded_document_count() < RELEASES
    model.set_all_checked(False)
    assert model.checked_section_ids() == []


def _metric(n: int, value: float | None) -> MetricRecord:
    return MetricRecord(id=n, doc_id=1, section_id=1, text=f"{value}", start=0, end=1, value=value, unit="%",
                        qualifier=None, kind="percent", low=None, high=None, label=None, trend=None,
                        period=None, sentence_start=0, sentence_end=1, borderline=False)


class CountingTableModel(MetricsTableModel):
    """Counts every call Qt makes into the model's data()."""

    calls = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        CountingTableModel.calls += 1
        return super().data(index, role)


def test_sorting_the_metrics_table_by_value_is_numeric_and_never_calls_python_per_comparison(qapp):
    values = [float((n * 7919) % 2003) for n in range(2000)] + [None, 5.5, 10.0, 100.0]
    model = CountingTableModel()
    proxy = MetricsFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows([MetricRow(_metric(n, v), f"i{n}", "s") for n, v in enumerate(values)])
    CountingTableModel.calls = 0
    proxy.sort(2, Qt.SortOrder.AscendingOrder)
    assert CountingTableModel.calls == 0  # before: ~2 × n log n data() calls
    sorted_values = [proxy.index(r, 2).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert sorted_values[0] == float("-inf")  # no value first
    assert sorted_values[1:] == sorted(v for v in values if v is not None)
    assert proxy.index(proxy.rowCount() - 1, 1).data() == "2002.0"
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 2).data(SORT_ROLE) == 2002.0
    assert "lessThan" not in vars(MetricsFilterProxy)


class _Source:
    """A SectionSource over nested sections (areas with their items), counting reads."""

    def __init__(self, sections):
        self.by_doc, self.reads = sections, []

    def sections(self, doc_ids):
        self.reads.append(list(doc_ids))
        return {i: self.by_doc[i] for i in doc_ids if i in self.by_doc}

    def section_docs(self, section_ids):
        found = {s.id: d for d, sections in self.by_doc.items() for s in sections}
        return found if section_ids is None else {i: found[i] for i in section_ids if i in found}


def test_documents_listed_without_sections_nest_items_when_expanded(english):
    """Read lazily, a release's items still nest under their areas (level / parent_id)."""
    from desktop_app.core.records import DocumentInfo, SectionInfo
    from desktop_app.ui.tree_model import KnowledgeTreeModel

    by_doc = {doc_id: tuple(SectionInfo(id=doc_id * 100 + i, doc_id=doc_id, position=i, kind="achievement",
                                        number=i // 5 + 1, keyword=None, heading=f"h{i}", start=i * 10,
                                        end=i * 10 + 9, metric_count=1, level=1 if i % 5 == 0 else 2,
                                        parent_id=None if i % 5 == 0 else doc_id * 100 + i - i % 5)
                            for i in range(20)) for doc_id in range(1, 301)}
    source = _Source(by_doc)
    model = KnowledgeTreeModel(lambda section: [], sections=source)
    model.set_documents([DocumentInfo(id=d, title=f"t{d}", dateline=None, issuer=None, file=None, encoding=None,
                                      imported_at="", date=None, metric_count=20) for d in by_doc])
    assert source.reads == []
    doc = model.index(3, 0)
    group = model.index(0, 0, doc)
    area = model.index(0, 0, group)
    assert model.rowCount(group) == 4 and area.data() == "1. h0 · 5 figures" and model.rowCount(area) == 4
    assert source.reads == [[4]]
    model.set_all_checked(True)
    assert len(model.checked_section_ids()) == 300 * 20
    assert model.loaded_document_count() == 200


def test_the_hidden_release_list_selects_the_current_release_when_it_is_shown(big_window):
    """Selecting a row lays out every row of the list: while its tab is hidden the list
    only remembers the current release, and selects it once shown."""
    from desktop_app.ui.main_window import TAB_RELEASES
    from desktop_app.ui.release_model import DOC_ROLE

    window, _counting = big_window
    releases, shown = window.release_list, window.current_doc_id()
    assert not releases.isVisible() and not releases.view.currentIndex().isValid()
    assert releases.current_info().id == shown
    window.left_tabs.setCurrentIndex(TAB_RELEASES)
    assert releases.view.currentIndex().data(DOC_ROLE).id == shown
    last = window.tree_model.documents()[-1].id
    window.show_document(last)  # the list is visible now: it follows at once
    assert releases.view.currentIndex().data(DOC_ROLE).id == last


@pytest.fixture
def chinese_locale(qapp):
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    yield
    QLocale.setDefault(before)


def test_sorting_by_a_text_column_follows_pinyin_keeps_ties_in_order_and_calls_no_data(chinese_locale):
    from PySide6.QtCore import QCollator

    indicators = ["刑事案件", "网格员", "案件", "Alpha", "刑事案件", "满意度", "alpha", "网格员", ""] * 30
    model = CountingTableModel()
    proxy = MetricsFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows([MetricRow(_metric(n, float(n)), label, "s") for n, label in enumerate(indicators)])
    CountingTableModel.calls = 0
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert CountingTableModel.calls == 0
    rows = [model.row_data(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())]
    collator = QCollator()
    assert [r.indicator for r in rows] == sorted(indicators, key=collator.sortKey)
    assert list(dict.fromkeys(r.indicator for r in rows)) == [  # pinyin, then Latin letters
        "", "案件", "满意度", "网格员", "刑事案件", "alpha", "Alpha"]
    for label in set(indicators):  # equal texts keep the order they were given in
        ids = [r.metric.id for r in rows if r.indicator == label]
        assert ids == sorted(ids)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == \
        sorted(indicators, key=collator.sortKey, reverse=True)
