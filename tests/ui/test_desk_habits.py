"""Import and print habits: what an earlier search or the deleted release leaves
behind does not linger — no old “1 / 1” after a search with no hits, the tree stays open
where it was after a delete."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.ui.test_search import type_query

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def test_a_search_without_hits_clears_the_earlier_hits_and_f3_steps_through_nothing(window, qtbot):
    """Before: after “网格员” then “不存在的词语组合”, the hit bar still said “网格员”：1 / 2
    and F3 moved to the old second hit."""
    type_query(window, qtbot, "网格员")
    pane = window.reading_pane
    assert pane.hit_count() == 2 and pane.hit_indicator() == "“网格员”：1 / 2"
    shown = window.current_section_ids()
    type_query(window, qtbot, "不存在的词语组合")
    assert pane.hit_count() == 0 and pane.current_hit() is None
    assert not pane.find_bar.isVisible() and pane.hit_indicator() == ""
    assert pane.marked_hits_text() == []
    window.next_hit()
    window.previous_hit()
    assert pane.hit_count() == 0 and pane.hit_indicator() == ""
    assert window.current_section_ids() == shown  # F3 went nowhere


def import_corpus(window, qtbot, names: list[str]) -> None:
    with qtbot.waitSignal(window.documents_reloaded, timeout=60_000):
        window.ops.import_paths([str(CORPUS / name) for name in names])


def test_a_delete_keeps_the_tree_open_and_scrolled_where_it_was(window, qtbot, dialog_calls):
    """Before: after deleting a release every row was closed but the first release's, and
    the tree was scrolled to the top."""
    import_corpus(window, qtbot, ["21_nbs-2025-economy-rmrb.txt", "24_mara-2025-rural-rmrb.txt",
                                  "27_zhengfa-2025-review-rmrb.txt", "29_mohrss-interview-2026-rmrb.txt"])
    window.resize(1024, 640)
    tree, model = window.tree, window.tree_model
    tree.expandAll()
    QApplication.processEvents()
    documents = model.documents()
    assert len(documents) == 5
    victim = documents[2]
    index = model.find_document(victim.id)
    tree.setCurrentIndex(index)
    bar = tree.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    tree.scrollTo(index)
    QApplication.processEvents()
    scroll = bar.value()
    open_before = {d.id for d in documents if tree.isExpanded(model.find_document(d.id))} - {victim.id}
    dialog_calls.answers["confirm"] = True
    with qtbot.waitSignal(window.documents_reloaded, timeout=30_000):
        window.commands.delete_document.trigger()
    QApplication.processEvents()
    remaining = model.documents()
    assert victim.id not in {d.id for d in remaining}
    assert {d.id for d in remaining if tree.isExpanded(model.find_document(d.id))} == open_before
    groups_open = all(tree.isExpanded(model.index(row, 0, model.find_document(d.id)))
                      for d in remaining for row in range(model.rowCount(model.find_document(d.id))))
    assert groups_open
    assert abs(bar.value() - scroll) <= 30, (bar.value(), scroll)
    # the release that took the deleted one's place is shown
    assert window.current_doc_id() == remaining[2].id


REPO = Path(__file__).resolve().parents[2]


def test_a_file_that_is_no_release_waits_for_the_users_word_and_a_picture_is_refused(
        window, qtbot, dialog_calls, tmp_path):
    """Before: README.md was imported without a word (主要成效（11）, 58 figures). Now it is
    held back and named in the summary, beside the refused picture; “Import Anyway”
    imports it, with its warning."""
    import shutil

    from desktop_app.ui.dialogs import import_summary_text

    picture = tmp_path / "photo.png"
    shutil.copy(REPO / "resources" / "icons" / "zhiku-256.png", picture)
    release = CORPUS / "21_nbs-2025-economy-rmrb.txt"
    before = len(window.session.documents)
    window.ops.import_paths([str(picture), str(REPO / "README.md"), str(release)])
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_import_summary")), timeout=30_000)
    report = dialog_calls.named("show_import_summary")[0][1]
    assert [p for p, _doc in report.imported] == [str(release)]
    assert [p for p, _reason in report.refused] == [str(picture)]
    assert [p for p, _warning in report.held] == [str(REPO / "README.md")]
    headline, details = import_summary_text(report)
    assert "不像新闻稿" in headline
    assert "✗ photo.png" in details and "? README.md" in details
    qtbot.waitUntil(lambda: len(window.session.documents) == before + 1, timeout=10_000)

    dialog_calls.answers["show_import_summary"] = True  # “Import Anyway”
    dialog_calls.calls.clear()
    window.ops.import_paths([str(REPO / "README.md")])
    qtbot.waitUntil(lambda: len(dialog_calls.named("show_import_summary")) == 2, timeout=30_000)
    held, anyway = (args[1] for args in dialog_calls.named("show_import_summary"))
    assert held.held and not held.imported
    assert [p for p, _doc in anyway.imported] == [str(REPO / "README.md")] and not anyway.held
    assert "README.md" in anyway.warnings[0][2]
    assert "! README.md" in import_summary_text(anyway)[1]
    qtbot.waitUntil(lambda: len(window.session.documents) == before + 2, timeout=10_000)
