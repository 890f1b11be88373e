"""Issue 12, item 1: a library of thousands of releases opens at once. The window builds
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
        self.kb, self.calls = kb, {"section": 0, "metrics": 0, "document_text": 0, "document": 0}
        for name in self.calls:
            setattr(kb, name, self._counted(name, getattr(kb, name)))

    def _counted(self, name, method):
        def call(*args, **kwargs):
            self.calls[name] += 1
            return method(*args, **kwargs)
        return call


@pytest.fixture
def big_window(qtbot, library, tmp_path, dialog_calls):
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.session import Session

    session = Session(library, seed=False)
    window = MainWindow(session, open_settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    kb = open_reader(library)
    counting = Counting(kb)
    session._on_opened(kb, kb.documents())  # as the worker hands it over
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
    assert sum(node.unbuilt is None for node in built) == 1  # only the release shown
    # the release shown is read once for the page and once for the tree's figures
    assert counting.calls["section"] == 0
    assert counting.calls["metrics"] <= 2 and counting.calls["document_text"] <= 2


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
