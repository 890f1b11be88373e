"""Every hit: the results list says the true total and loads further pages as it is
scrolled, each page fetched off the GUI thread and delivered to GUI-thread slots."""
from __future__ import annotations

from desktop_app.ui import workers
from tests.ui.conftest import commit_text, on_gui_thread

QUERY = "建设"  # many sections of the seed mention it


def test_search_shows_the_true_total_and_fetches_more_on_scroll(window, qtbot, monkeypatch):
    monkeypatch.setattr(workers, "SEARCH_LIMIT", 2)  # pages of two hits
    everything = window.kb().search(QUERY, limit=1000)
    assert everything.total >= 5
    panel = window.search_panel
    appended: list[tuple[int, int, bool]] = []  # (offset, hits, on the GUI thread)
    original = panel.append_hits

    def recording_append(offset, hits):
        appended.append((offset, len(hits), on_gui_thread()))
        original(offset, hits)

    monkeypatch.setattr(panel, "append_hits", recording_append)
    asked: list[int] = []
    panel.model.more_wanted.connect(asked.append)
    panel.view.resize(300, 120)  # room for about one result: the rest come by scrolling
    with qtbot.waitSignal(window.search_shown, timeout=10_000) as shown:
        commit_text(window.search_box, QUERY)
    result = shown.args[0]
    assert result.total == everything.total and len(result.hits) == 2
    assert panel.summary.text() == f"共找到 {everything.total} 个段落 · 已列出 2 个（滚动查看更多）"

    def scrolled_to_the_end() -> bool:
        bar = panel.view.verticalScrollBar()
        bar.setValue(bar.maximum())
        panel.model.fetchMore()  # what the view does when the bar reaches its end
        return panel.model.loaded() == everything.total

    qtbot.waitUntil(scrolled_to_the_end, timeout=20_000)
    hits = panel.model.hits()
    assert sorted(h.section_id for h in hits) == sorted(h.section_id for h in everything.hits)
    assert len({h.section_id for h in hits}) == len(hits)  # no page twice
    assert asked[:3] == [2, 4, 6][:len(asked[:3])] and asked == sorted(set(asked))
    assert appended and all(on_gui for _offset, _count, on_gui in appended)
    assert not panel.model.canFetchMore()
    assert panel.summary.text().startswith(f"{everything.total} 个段落中共")  # all listed: hits counted


def test_a_page_of_an_older_search_is_dropped(window, qtbot, monkeypatch):
    monkeypatch.setattr(workers, "SEARCH_LIMIT", 2)
    panel = window.search_panel
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        commit_text(window.search_box, QUERY)
    old_request = window.session.latest_request()
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        window.search_box.setText("网格员")
        window.search.run("网格员")
    shown = [h.section_id for h in panel.model.hits()]
    older = window.kb().search(QUERY, limit=4)
    window.session.search_page.emit(old_request, 2, older)  # arrives late
    assert [h.section_id for h in panel.model.hits()] == shown
