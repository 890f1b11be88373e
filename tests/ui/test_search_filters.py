"""The search panel's filters (从/到 dates, year, issuer, kind, a release picker that can be
typed into) narrow the results exactly as the core's search does for the same query; a bad
date is a message in the panel, never a search; a date filter says how many undated releases
it left out; every answer reaches the panel on the GUI thread."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.records import DocumentInfo
from desktop_app.ui import labels
from desktop_app.ui.search_filters import SearchFilters
from tests.ui.conftest import commit_text, on_gui_thread

QUERY = "网格员"  # every generated release mentions it, and the seed does too


@pytest.fixture
def dated(window, qtbot, tmp_path, dialog_calls):
    """The window with the seed and releases dated in every written form (two undated)."""
    from tests.hostile.dates import dated_releases

    dated_releases(tmp_path / "dated")
    window.ops.import_paths([str(tmp_path / "dated")])
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_import_summary")), timeout=30_000)
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=30_000)
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        commit_text(window.search_box, QUERY)
    return window


def apply_filters(window, qtbot, **texts: str):
    """Write the filters' texts as a user would and press Enter in the last one; the result shown."""
    filters = window.search_panel.filters
    edits = {"date_from": filters.date_from, "date_to": filters.date_to, "year": filters.year_edit,
             "issuer": filters.issuer_edit}
    for name, edit in edits.items():
        edit.setText(texts.get(name, ""))
    with qtbot.waitSignal(window.search_shown, timeout=10_000) as shown:
        edits["issuer"].editingFinished.emit()
    return shown.args[0]


def shown_ids(window) -> list[int]:
    return sorted(h.section_id for h in window.search_panel.model.hits())


@pytest.mark.parametrize(("texts", "core"), [
    ({"date_from": "2022-01-01"}, {"date_from": "2022-01-01"}),
    ({"date_to": "2022年10月14日"}, {"date_to": "2022-10-14"}),
    ({"date_from": "2022/9/27", "date_to": "2022-10-14"}, {"date_from": "2022-09-27", "date_to": "2022-10-14"}),
    ({"year": "2022"}, {"year": 2022}),
    ({"issuer": "统计局"}, {"issuer": "统计局"}),
    ({"issuer": "潍坊", "year": "2022"}, {"issuer": "潍坊", "year": 2022}),
])
def test_each_filter_narrows_the_results_as_the_core_search_does(dated, qtbot, monkeypatch, texts, core):
    window = dated
    everything = window.kb().search(QUERY, limit=1000)
    expected = window.kb().search(QUERY, limit=1000, **core)
    assert 0 < expected.total < everything.total  # the filter does narrow
    threads: list[bool] = []
    original = window.search_panel.set_result

    def recording_set_result(result):
        threads.append(on_gui_thread())
        original(result)

    monkeypatch.setattr(window.search_panel, "set_result", recording_set_result)
    result = apply_filters(window, qtbot, **texts)
    assert result.total == expected.total
    assert shown_ids(window) == sorted(h.section_id for h in expected.hits)
    assert threads and all(threads)


def test_kind_and_issuer_combine_as_in_the_core(dated, qtbot):
    """淄博 is the seed's issuer (中共淄博市委宣传部) and a generated one's (淄博市统计局)."""
    window = dated
    panel = window.search_panel
    issuer_only = window.kb().search(QUERY, limit=1000, issuer="淄博")
    expected = window.kb().search(QUERY, limit=1000, kind="achievement", issuer="淄博")
    assert 0 < expected.total < issuer_only.total
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("achievement"))
    result = apply_filters(window, qtbot, issuer="淄博")
    assert result.total == expected.total
    assert shown_ids(window) == sorted(h.section_id for h in expected.hits)


def test_a_bad_date_shows_a_message_in_the_panel_and_does_not_search(dated, qtbot):
    window = dated
    requests: list[str] = []
    window.session._search_requested.connect(lambda _rid, query, _kind, _scope: requests.append(query))
    panel = window.search_panel
    panel.filters.date_from.setText("2022-13-45")
    panel.filters.date_from.editingFinished.emit()
    qtbot.wait(300)
    assert requests == []
    assert panel.summary.text().startswith("日期无效：2022-13-45（请写作 年-月-日，如 2022-10-14）")
    assert panel.model.hits() == []
    panel.filters.date_from.setText("2022年10月14日")  # corrected: searched again
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        panel.filters.date_from.editingFinished.emit()
    assert requests == [QUERY]


def test_a_date_filter_says_how_many_undated_releases_it_left_out(dated, qtbot):
    window = dated
    expected = window.kb().search(QUERY, limit=1000, date_from="2000-01-01")
    assert expected.undated_excluded >= 3  # 10月14日 (no year) and the two undated releases
    result = apply_filters(window, qtbot, date_from="2000-01-01")
    assert result.undated_excluded == expected.undated_excluded
    assert f"{expected.undated_excluded} 篇未注明日期的发布未计入" in window.search_panel.summary.text()
    apply_filters(window, qtbot)  # no date filter: no note
    assert "未注明日期" not in window.search_panel.summary.text()


def test_the_release_filter_can_be_typed_into(dated, qtbot):
    """Part of a title picks the one release whose title contains it; a part that several
    titles share keeps the choice and says so; an empty box means every release."""
    window = dated
    panel = window.search_panel
    combo = panel.doc_combo
    assert combo.isEditable() and combo.titles.filterMode() == Qt.MatchFlag.MatchContains
    weifang = next(d.id for d in window.session.documents if d.file == "b_iso.txt")
    combo.edit.setText("潍坊")
    combo.titles.setCompletionPrefix("潍坊")
    assert combo.titles.completionCount() == 1
    with qtbot.waitSignal(window.search_shown, timeout=10_000) as shown:
        combo.edit.editingFinished.emit()
    assert panel.doc_id() == weifang and combo.currentText() == "潍坊市统计局发布会b"
    expected = window.kb().search(QUERY, limit=1000, doc_id=weifang)
    assert shown.args[0].total == expected.total
    assert shown_ids(window) == sorted(h.section_id for h in expected.hits)
    combo.edit.setText("发布会")  # every generated release: ambiguous
    combo.edit.editingFinished.emit()
    assert panel.doc_id() == weifang and combo.edit.text() == "潍坊市统计局发布会b"
    assert "发布会" in panel.summary.text() and "从列表中选择" in panel.summary.text()
    combo.edit.setText("")
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        combo.edit.editingFinished.emit()
    assert panel.doc_id() is None


def test_typing_in_the_release_filter_runs_no_python_per_title(qtbot, monkeypatch):
    """20,000 titles: the completer filters them natively; no title is formatted again per keystroke."""
    releases = [DocumentInfo(id=i, title=f"第{i}号发布", dateline=None, issuer=None, file=f"r{i}.txt",
                             encoding="utf-8", imported_at="2024-01-01T08:00:00", date=None, metric_count=0)
                for i in range(1, 20_001)]
    filters = SearchFilters()
    qtbot.addWidget(filters)
    filters.set_documents(releases)
    calls = []
    original = labels.document_title
    monkeypatch.setattr(labels, "document_title", lambda info: calls.append(info) or original(info))
    combo = filters.doc_combo
    combo.titles.setCompletionPrefix("1999")
    assert combo.titles.completionCount() == 12  # 1999, 11999 and 19990 … 19999
    combo.edit.setText("第12345号")
    combo.edit.editingFinished.emit()
    assert filters.doc_id() == 12345
    assert calls == []


def test_printing_the_current_search_keeps_its_filters(dated, qtbot):
    """The print dialog's "current search results" summarises what the panel shows, filters included."""
    from desktop_app.core.summary import build_summary
    from desktop_app.ui.printing import available_scopes

    window = dated
    apply_filters(window, qtbot, year="2022", issuer="统计局")
    assert window.current_search() == (QUERY, {"kind": None, "doc_id": None, "year": 2022, "issuer": "统计局"})
    (target,) = [s.target for s in available_scopes(window) if s.target.query]
    assert target.search_filters == {"year": 2022, "issuer": "统计局"}
    expected = window.kb().search(QUERY, limit=1000, year=2022, issuer="统计局")
    assert expected.total == 1  # 潍坊市统计局, 2022-10-14
    summary = build_summary(window.kb(), target)
    assert "潍坊市统计局" in summary.source and "淄博" not in summary.source
