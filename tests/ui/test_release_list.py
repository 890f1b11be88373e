"""The release list: sort by date whatever the written form (undated last), group by year or
issuer, a typed filter that ignores width and case, bulk properties and delete of several
releases, and the context menu that opens the original file (disabled once it is gone)."""
from __future__ import annotations

import dataclasses
import shutil

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QDesktopServices

from desktop_app.core.records import DocumentInfo
from desktop_app.ui.i18n import fill
from desktop_app.ui.release_list import ReleaseList
from desktop_app.ui.release_model import (
    COL_DATE,
    COL_ISSUER,
    COL_METRICS,
    COL_TITLE,
    DOC_ROLE,
    GROUP_ISSUER,
    GROUP_YEAR,
    ReleaseListModel,
    year_of,
)
from tests.ui.conftest import DATA


def info(doc_id: int, dateline: str | None, date: str | None, issuer: str | None = None,
         title: str = "", file: str = "", metrics: int = 0) -> DocumentInfo:
    """A release as the core lists it: `date` is what the core read from `dateline`."""
    return DocumentInfo(id=doc_id, title=title or f"发布{doc_id}", dateline=dateline, issuer=issuer,
                        file=file or f"release-{doc_id}.txt", encoding="utf-8",
                        imported_at=f"2024-01-0{doc_id % 9 + 1}T08:00:00", date=date, metric_count=metrics)


# Dates as releases write them; the ISO date is what the core reads from each.
RELEASES = [
    info(1, "2022年10月14日", "2022-10-14", "国家统计局", metrics=12),
    info(2, None, None, "公安部", metrics=3),  # undated
    info(3, "2021-03-05", "2021-03-05", "ＡＢＣ市政府", metrics=40),  # ISO, full-width issuer
    info(4, "Sept. 27, 2022", "2022-09-27", "国家统计局", metrics=7),  # English
    info(5, "10月14日", None, None, metrics=0),  # month and day only, no year: undated
    info(6, "2020年1月2日", "2020-01-02", "公安部", metrics=5),
]


def shown_ids(model: ReleaseListModel) -> list[int]:
    """Doc ids in the order the view shows them (group rows skipped)."""
    ids = []
    for row in range(model.rowCount()):
        top = model.index(row, 0)
        children = model.rowCount(top)
        if children:
            ids += [model.index(r, 0, top).data(DOC_ROLE).id for r in range(children)]
        elif top.data(DOC_ROLE) is not None:
            ids.append(top.data(DOC_ROLE).id)
    return ids


def group_labels(model: ReleaseListModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_sort_by_date_is_chronological_whatever_the_written_form_and_undated_last(qapp):
    model = ReleaseListModel()
    model.set_documents(RELEASES)
    model.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert shown_ids(model) == [6, 3, 4, 1, 2, 5]
    model.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    assert shown_ids(model) == [1, 4, 3, 6, 2, 5]  # undated stay at the end
    assert model.index(0, COL_DATE).data() == "2022-10-14"
    assert model.index(0, COL_DATE).data(Qt.ItemDataRole.ToolTipRole) == "2022年10月14日"


def test_sort_by_figures_is_numeric_and_by_issuer_puts_empty_last(qapp):
    model = ReleaseListModel()
    model.set_documents(RELEASES)
    model.sort(COL_METRICS, Qt.SortOrder.AscendingOrder)
    assert shown_ids(model) == [5, 2, 6, 4, 1, 3]  # 0, 3, 5, 7, 12, 40 — not "12" < "3"
    model.sort(COL_ISSUER, Qt.SortOrder.AscendingOrder)
    assert shown_ids(model)[-1] == 5


def test_year_known_without_a_day_sorts_and_groups_in_its_year(qapp):
    """A release whose year the core knows without month and day (`year`, date None)."""
    yearly = dataclasses.replace(info(7, "3月1日", None), year=2021)
    assert year_of(yearly) == 2021
    model = ReleaseListModel()
    model.set_documents([*RELEASES, yearly])
    model.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert shown_ids(model) == [6, 7, 3, 4, 1, 2, 5]
    model.set_grouping(GROUP_YEAR)
    assert group_labels(model)[1] == "2021 (2)"


def test_group_by_year_then_by_issuer(qapp):
    model = ReleaseListModel()
    model.set_documents(RELEASES)
    model.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    model.set_grouping(GROUP_YEAR)
    no_year = model.tr("No year")
    assert group_labels(model) == ["2020 (1)", "2021 (1)", "2022 (2)", f"{no_year} (2)"]
    assert shown_ids(model) == [6, 3, 4, 1, 2, 5]
    model.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    assert group_labels(model)[0] == "2022 (2)" and group_labels(model)[-1] == f"{no_year} (2)"
    model.set_grouping(GROUP_ISSUER)
    labels = group_labels(model)
    assert labels[-1] == f"{model.tr('No issuer')} (1)"
    assert sorted(labels[:-1]) == sorted(["国家统计局 (2)", "公安部 (2)", "ＡＢＣ市政府 (1)"])
    first_group = model.index(labels.index("国家统计局 (2)"), 0)
    assert [model.index(r, 0, first_group).data(DOC_ROLE).id for r in range(2)] == [1, 4]  # by date, descending
    assert model.parent(model.index(0, 0, first_group)) == first_group


def test_filter_matches_title_issuer_and_file_ignoring_width_and_case(qapp):
    model = ReleaseListModel()
    model.set_documents([*RELEASES, info(8, None, None, title="Crime Report", file="CRIME-2023.TXT")])
    model.set_filter("abc")  # the issuer is written full-width: ＡＢＣ市政府
    assert shown_ids(model) == [3]
    model.set_filter("统计局")
    assert sorted(shown_ids(model)) == [1, 4]
    model.set_filter("crime-2023.txt")
    assert shown_ids(model) == [8]
    model.set_filter("ｃｒｉｍｅ  report")  # words: all must match, in any field
    assert shown_ids(model) == [8]
    model.set_filter("")
    assert len(shown_ids(model)) == 7


def test_typed_filter_in_the_widget_and_the_count(qtbot):
    widget = ReleaseList()
    qtbot.addWidget(widget)
    widget.set_documents([*RELEASES, info(8, None, None, title="Crime Report", file="CRIME-2023.TXT")])
    assert widget.count_label.text() == fill(widget.tr("%1 releases"), 7)
    qtbot.keyClicks(widget.filter_edit, "CRIME")
    assert shown_ids(widget.model) == [8]
    assert widget.count_label.text() == fill(widget.tr("%1 of %2 releases"), 1, 7)
    widget.filter_edit.setText("公安")  # Chinese: set the text (keyClicks cannot type it)
    assert sorted(shown_ids(widget.model)) == [2, 6]


def test_the_current_release_stays_current_through_sort_filter_and_grouping(qtbot):
    widget = ReleaseList()
    qtbot.addWidget(widget)
    widget.set_documents(RELEASES)
    chosen: list[int] = []
    widget.release_chosen.connect(chosen.append)
    widget.view.setCurrentIndex(widget.model.index_of(4))
    assert chosen == [4]
    widget.view.sortByColumn(COL_TITLE, Qt.SortOrder.DescendingOrder)
    widget.set_grouping(GROUP_YEAR)
    widget.filter_edit.setText("统计")
    assert widget.current_info().id == 4
    assert chosen == [4]  # kept, not chosen again


def select_rows(view, indexes) -> None:
    selection = view.selectionModel()
    selection.clearSelection()
    for index in indexes:
        selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


# ----------------------------------------------------------------------- in the window
LIBRARY = ("ui_daqing-rural-economy-2014.txt", "ui_affordable-housing-2011.txt",
           "corpus/07_eb-11th-fyp-energy-saving-eight-results.txt", "corpus/14_eb-central-procurement-jan-aug-2011.txt")


@pytest.fixture
def library(window, qtbot, tmp_path, dialog_calls):
    """The window with the seed and four more releases, imported as a user would."""
    folder = tmp_path / "library"
    folder.mkdir()
    for name in LIBRARY:
        shutil.copy(DATA / name, folder / name.rsplit("/", 1)[-1])
    window.ops.import_paths([str(folder)])
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_import_summary")), timeout=30_000)
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=30_000)
    assert len(window.session.documents) == 5
    return window


def test_choosing_a_release_shows_it_in_the_reading_pane_and_the_tree(library, qtbot):
    window = library
    releases = window.release_list
    assert releases.model.shown_count() == len(window.session.documents) > 3
    last = releases.model.index(releases.model.rowCount() - 1, 0)
    doc = last.data(DOC_ROLE)
    releases.view.setCurrentIndex(last)
    assert window.current_doc_id() == doc.id
    assert window.tree.currentIndex().isValid()
    window.show_document(window.session.documents[0].id)  # the other way: the list follows
    assert releases.current_info().id == window.session.documents[0].id


def test_bulk_properties_set_the_year_and_issuer_of_three_selected_releases(library, qtbot, dialog_calls):
    window = library
    releases = window.release_list
    indexes = [releases.model.index(row, 0) for row in (0, 1, 2)]
    ids = [i.data(DOC_ROLE).id for i in indexes]
    select_rows(releases.view, indexes)
    assert [i.id for i in releases.selected_infos()] == ids
    dialog_calls.answers["edit_bulk_properties"] = {"year": 2019, "issuer": "测试发布单位"}
    releases.prepare_menu()
    releases.properties_action.trigger()
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=30_000)
    (_parent, shown), = dialog_calls.named("edit_bulk_properties")
    assert [i.id for i in shown] == ids
    changed = {d.id: d for d in window.session.documents if d.id in ids}
    assert [changed[i].issuer for i in ids] == ["测试发布单位"] * 3
    assert [changed[i].year for i in ids] == [2019] * 3  # with or without a dateline
    others = [d for d in window.session.documents if d.id not in ids]
    assert all(d.issuer != "测试发布单位" for d in others)


def test_bulk_delete_asks_once_and_deletes_every_selected_release(library, qtbot, dialog_calls):
    window = library
    releases = window.release_list
    before = len(window.session.documents)
    indexes = [releases.model.index(row, 0) for row in (1, 2)]
    ids = {i.data(DOC_ROLE).id for i in indexes}
    select_rows(releases.view, indexes)
    dialog_calls.answers["confirm"] = True
    releases.delete_action.trigger()
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=30_000)
    assert len(dialog_calls.named("confirm")) == 1
    assert len(window.session.documents) == before - 2
    assert not ids & {d.id for d in window.session.documents}
    assert releases.model.shown_count() == before - 2


def test_context_menu_opens_the_original_file_and_disables_it_once_gone(window, qtbot, dialog_calls, tmp_path,
                                                                       monkeypatch):
    source = tmp_path / "in" / "ui_daqing-rural-economy-2014.txt"
    source.parent.mkdir()
    shutil.copy(DATA / source.name, source)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window.ops.import_paths([str(source)])
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_import_summary")), timeout=30_000)
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=30_000)
    releases = window.release_list
    doc = next(d for d in window.session.documents if d.file == source.name)
    releases.view.setCurrentIndex(releases.model.index_of(doc.id))
    releases.prepare_menu()
    assert releases.open_file_action.isEnabled() and releases.open_folder_action.isEnabled()
    releases.open_file_action.trigger()
    releases.open_folder_action.trigger()
    assert opened == [str(source.resolve()), str(source.parent.resolve())]
    source.unlink()
    menu = releases.prepare_menu()
    assert not releases.open_file_action.isEnabled() and not releases.open_folder_action.isEnabled()
    assert releases.properties_action.isEnabled() and releases.delete_action.isEnabled()
    assert "Open Original File" not in [a.text() for a in menu.actions()]  # translated: 打开原文件
    assert window.kb().source_file(doc.id) == source.resolve()


class CountingModel(ReleaseListModel):
    """Counts Qt's calls to data(): the per-row Python work the view causes."""

    calls = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        CountingModel.calls += 1
        return super().data(index, role)


def test_twenty_thousand_releases_sort_filter_and_group_asking_only_for_rows_on_screen(qtbot):
    """Sorting, filtering and grouping 20,000 releases use the precomputed keys: Qt asks
    data() only for what it paints, whatever the number of releases."""
    from PySide6.QtWidgets import QApplication, QTreeView

    releases = [info(i, None if i % 7 == 0 else f"{2000 + i % 25}年{i % 12 + 1}月{i % 28 + 1}日",
                     None if i % 7 == 0 else f"{2000 + i % 25}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                     f"单位{i % 300}", metrics=i % 97) for i in range(1, 20_001)]
    model = CountingModel()
    view = QTreeView()
    qtbot.addWidget(view)
    view.setUniformRowHeights(True)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)

    def paint() -> None:
        QApplication.processEvents()
        view.viewport().repaint()

    model.set_documents(releases)
    for column, order in ((COL_DATE, Qt.SortOrder.DescendingOrder), (COL_ISSUER, Qt.SortOrder.AscendingOrder),
                          (COL_METRICS, Qt.SortOrder.DescendingOrder)):
        model.sort(column, order)
        paint()
    first = model.info(model.index(0, 0))
    assert first is not None and first.metric_count == 96
    model.set_filter("单位1")
    paint()
    model.set_grouping(GROUP_YEAR)
    view.expandAll()
    paint()
    assert model.shown_count() == sum(1 for r in releases if "单位1" in (r.issuer or ""))
    # a sort through a proxy calling data() would make ≥ 20,000 × log2(20,000) ≈ 285,000 calls
    assert CountingModel.calls < 10_000  # about a screenful of rows × columns × roles per repaint


def test_releases_dated_in_every_written_form_sort_chronologically_in_the_window(window, qtbot, dialog_calls,
                                                                                   tmp_path):
    """Through the real core: 2021年3月5日, 2022-10-14, Sept. 27, 2022, 2023/1/2 in date order,
    10月14日 (no year) and the undated ones after them, in either order."""
    from tests.hostile.dates import dated_releases

    folder = tmp_path / "dated"
    dated_releases(folder)
    window.ops.import_paths([str(folder)])
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_import_summary")), timeout=30_000)
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=30_000)
    releases = window.release_list
    releases.filter_edit.setText("发布会")  # the generated releases only
    by_file = {d.id: d.file for d in window.session.documents}
    releases.view.sortByColumn(COL_DATE, Qt.SortOrder.AscendingOrder)
    files = [by_file[i] for i in shown_ids(releases.model)]
    assert files[:4] == ["a_chinese.txt", "c_english.txt", "b_iso.txt", "g_slash.txt"]
    assert set(files[4:]) == {"d_no_year.txt", "e_undated.txt", "f_undated.txt"}
    releases.view.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
    files = [by_file[i] for i in shown_ids(releases.model)]
    assert files[:4] == ["g_slash.txt", "b_iso.txt", "c_english.txt", "a_chinese.txt"]
    assert set(files[4:]) == {"d_no_year.txt", "e_undated.txt", "f_undated.txt"}
