"""Every interface string has a Chinese translation; the small dialogs say what they should."""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop_app.core.records import DocumentInfo
from desktop_app.ui.about import about_html
from desktop_app.ui.properties_dialog import DocumentPropertiesDialog

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "i18n" / "zhiku_zh_CN.ts"
QM = REPO / "resources" / "i18n" / "zhiku_zh_CN.qm"
PRINTING = "printing.py"  # owned and translated separately


def _unfinished(ts: Path) -> list[tuple[str, str]]:
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            location = message.find("location")
            if location is not None and Path(location.get("filename", "")).name == PRINTING:
                continue
            translation = message.find("translation")
            if translation.get("type") == "unfinished" or not (translation.text or "").strip():
                missing.append((context.findtext("name"), message.findtext("source")))
    return missing


def test_every_string_in_the_interface_has_a_chinese_translation(tmp_path):
    """Run lupdate over the current sources into a copy of the catalogue: nothing new, nothing untranslated."""
    copy = tmp_path / "zhiku_zh_CN.ts"
    shutil.copy(TS, copy)
    sources = [str(p) for p in sorted((REPO / "desktop_app" / "ui").glob("*.py")) if p.name != PRINTING]
    lupdate = str(Path(sys.executable).with_name("pyside6-lupdate"))
    subprocess.run([lupdate, *sources, "-ts", str(copy)], check=True, capture_output=True)
    assert _unfinished(copy) == []


def test_the_compiled_catalogue_matches_the_translations(qapp):
    """The shipped .qm was compiled from the current .ts (run update_translations.py otherwise)."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM))
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            expected = message.findtext("translation")
            assert translator.translate(context.findtext("name"), message.findtext("source")) == expected


def test_about_names_the_version_and_every_bundled_licence(qapp):
    from desktop_app import __version__

    text = about_html()
    assert __version__ in text
    for name in ("WenQuanYi Micro Hei", "Apache-2.0", "LGPL-3.0", "Whoosh", "SQLite"):
        assert name in text


def test_properties_dialog_offers_an_unknown_year_and_returns_what_was_typed(qtbot):
    info = DocumentInfo(1, "标题", "10月14日", None, "a.txt", "utf-8", "2024-01-01T00:00:00Z", None, 0)
    dialog = DocumentPropertiesDialog(info)
    qtbot.addWidget(dialog)
    assert dialog.year_spin.text() == dialog.tr("Unknown")
    assert dialog.values() == {"title": "标题", "year": None, "issuer": None}
    dialog.year_spin.setValue(2022)
    dialog.issuer_edit.setText(" 淄博市委宣传部 ")
    assert dialog.values() == {"title": "标题", "year": 2022, "issuer": "淄博市委宣传部"}


def test_the_window_names_kinds_as_the_core_table_does(qapp):
    """ui/labels.py keeps translate() literals for lupdate; in Chinese they must read exactly
    like desktop_app/core/labels.py, which the CLI, kind filters and reports use."""
    from desktop_app.core import labels as core_labels
    from desktop_app.ui import i18n, labels

    translations = i18n.Translations()
    assert translations.install("zh_CN")
    try:
        for kind, (chinese, _english) in core_labels.SECTION_KIND_NAMES.items():
            assert labels.section_kind_label(kind) == chinese
        for kind, (chinese, _english) in core_labels.METRIC_KIND_NAMES.items():
            assert labels.metric_kind_label(kind) == chinese
    finally:
        translations.remove()
