"""The window's reader instance never rebuilds the search index.

Print / Export PDF of "current search results" searches through the reader on the GUI
thread. When that search met a damaged index it used to rebuild the whole index there
(_word_hits → _repair_index → _rebuild), freezing the window. The reader is opened with
repair off; the search worker's instance repairs.
"""
import json
import threading

from PySide6.QtWidgets import QApplication

from desktop_app.core import index_folder
from desktop_app.core import search_index as si
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.summary import SummaryTarget
from desktop_app.ui import printing
from tests.hostile import index as hostile
from tests.ui.conftest import start_gui


def _damage_unseen(data_dir) -> None:
    """Garble the stored fields and record them as checked: damage only a search meets."""
    hostile.garble_stored_fields(data_dir)
    folder = hostile.index_folder(data_dir)
    sums = json.loads((data_dir / "index" / si.MANIFEST).read_text("utf-8"))["sums"]
    record = {name: [sum_, *index_folder._identity((folder / name).stat())] for name, sum_ in sums.items()}
    (folder / si.VERIFIED).write_text(json.dumps(record), "utf-8")


def test_exporting_search_results_never_rebuilds_the_index_on_the_gui_thread(
        qtbot, data_dir, settings_file, tmp_path, dialog_calls, monkeypatch):
    monkeypatch.setattr(index_folder, "RACY_NS", -1)  # files are remembered as checked at once
    rebuilds: list[tuple[int, str]] = []  # (instance, thread)
    original = KnowledgeBase._rebuild

    def counting(self, progress):
        rebuilds.append((id(self), threading.current_thread().name))
        return original(self, progress)

    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        session = gui.window.session
        reader, searcher = session.kb, session._service._kb
        assert reader is not None and searcher is not None
        monkeypatch.setattr(KnowledgeBase, "_rebuild", counting)
        for kb in (reader, searcher):
            kb._index.close()
        _damage_unseen(data_dir)

        pdf = printing.export_pdf(gui.window, reader, SummaryTarget.search("网格员"),
                                  tmp_path / "results.pdf")

        assert pdf is not None and pdf.stat().st_size > 0  # answered from the texts
        assert [r for r in rebuilds if r[0] == id(reader)] == []
        assert all(name != threading.main_thread().name for _, name in rebuilds)
        with qtbot.waitSignal(session.search_result, timeout=30_000) as found:
            session.request_search("网格员")
        assert found.args[1].total == 2 and not found.args[1].hint  # the index answered
        assert [r[0] for r in rebuilds] == [id(searcher)]  # the search worker repaired it
    finally:
        gui.close()
        QApplication.processEvents()
