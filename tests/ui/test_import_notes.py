"""The import summary names each document not parsed in full and says why (limits)."""
from desktop_app.core.records import ImportReport
from desktop_app.ui.dialogs import import_summary_text

NOTE = "数据过多：只提取了前 20,000 个数据 / too many figures: only the first 20,000 were extracted"


def test_import_summary_shows_the_limit_notes(qapp):
    report = ImportReport(imported=(("/data/figures.txt", 1),), notes=(("/data/figures.txt", 1, NOTE),))
    _headline, details = import_summary_text(report)  # no translation installed: English
    assert details == "! figures.txt: too many figures: only the first 20,000 were extracted"
