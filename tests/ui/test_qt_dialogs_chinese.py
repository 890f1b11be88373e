"""Qt's own dialogs speak Chinese in the Chinese interface: the non-native file dialog and
the print dialog (with its properties), with the shipped translations loaded, show no English
in labels, buttons, combo items and headers, and write dates the Chinese way."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeView,
    QWidget,
)

from desktop_app.ui import i18n
from desktop_app.ui.file_dialog import DATE_COLUMN, SIZE_COLUMN, file_dialog

ENGLISH_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")
# Name filters, units and page sizes keep Latin letters on purpose: "(*.txt)", "(Letter)", "ANSI A"
PARENTHESES = re.compile(r"\([^()]*\)")


def english_words(text: str) -> list[str]:
    """Latin words of two letters or more that contain a lower-case letter (not "ANSI", "A4",
    "PDF"), outside parentheses and ignoring the & of shortcuts."""
    return [w for w in ENGLISH_WORD.findall(PARENTHESES.sub("", text.replace("&", ""))) if len(w) > 1]


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every label, button, group, tab, combo item and header under `root`
    (hidden pages too: the print dialog's options)."""
    texts: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__}:{widget.objectName()}"
        if isinstance(widget, QLabel):
            texts.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts += [(name, widget.text()), (name + " tip", widget.toolTip())]
        elif isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        elif isinstance(widget, QTabWidget):
            texts += [(name, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox) and widget.objectName() != "lookInCombo":  # folder paths
            texts += [(name, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QHeaderView) and widget.model() is not None:
            model = widget.model()
            texts += [(name, str(model.headerData(c, Qt.Orientation.Horizontal)))
                      for c in range(model.columnCount())]
    return texts


def english_in(root: QWidget) -> list[tuple[str, str]]:
    return [(where, text) for where, text in visible_texts(root) if english_words(text)]


@pytest.fixture
def chinese(qapp):
    translations = i18n.Translations()
    assert translations.install("zh_CN")
    yield
    translations.remove()
    QLocale.setDefault(QLocale("en_US"))


def test_english_words_are_found_and_standard_names_are_not():
    assert english_words("Files of &type:") == ["Files", "of", "type"]
    assert english_words("美国信纸 (Letter) / ANSI A") == []
    assert english_words("新闻稿 (*.txt *.md)") == []


def test_the_file_dialog_has_no_english_and_chinese_dates(chinese, qtbot, tmp_path):
    (tmp_path / "子文件夹").mkdir()
    (tmp_path / "报告.txt").write_text("一", encoding="utf-8")
    dialog = file_dialog(None, "导入文件", str(tmp_path), QApplication.translate(
        "Dialogs", "Press releases (*.txt *.md *.html *.htm *.mhtml *.mht *.docx *.pdf);;All files (*)"))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 2)
    assert english_in(dialog) == []
    rows = {model.index(r, 0, view.rootIndex()).data(): r for r in range(2)}
    folder, report = rows["子文件夹"], rows["报告.txt"]
    assert model.index(folder, 2, view.rootIndex()).data() == "文件夹"
    date = model.index(report, DATE_COLUMN, view.rootIndex()).data()
    today = QDateTime.currentDateTime().date()
    assert date.startswith(f"{today.year()}/{today.month()}/{today.day()} ")  # not "7 12 2026"
    assert model.index(report, SIZE_COLUMN, view.rootIndex()).data() == "3 字节"


def test_the_print_dialog_and_its_properties_have_no_english(chinese, qtbot):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert english_in(dialog) == []
    found: list[list[tuple[str, str]]] = []

    def inspect_properties() -> None:
        properties = QApplication.activeModalWidget()
        if isinstance(properties, QDialog) and properties is not dialog:
            found.append(english_in(properties))
            properties.reject()

    QTimer.singleShot(200, inspect_properties)
    dialog.findChild(QPushButton, "properties").click()  # modal: runs until the timer closes it
    assert found == [[]]


def test_the_file_dialog_helpers_return_what_was_chosen(qtbot, tmp_path):
    """dialogs.py builds its file dialogs itself now (for the localised model): they still
    answer like QFileDialog's static functions."""
    from PySide6.QtWidgets import QLineEdit

    from desktop_app.ui import dialogs

    (tmp_path / "报告.txt").write_text("一", encoding="utf-8")
    (tmp_path / "子文件夹").mkdir()

    def answer(name: str | None) -> None:
        def run() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(50, run)
            elif name is None:
                dialog.reject()
            else:
                dialog.findChild(QLineEdit, "fileNameEdit").setText(name)
                dialog.accept()
        QTimer.singleShot(50, run)

    answer("报告.txt")
    assert dialogs.open_files(None, str(tmp_path)) == [str(tmp_path / "报告.txt")]
    answer("导出.pdf")
    assert dialogs.save_file(None, "导出", str(tmp_path / "x.pdf"), "PDF (*.pdf)") == str(tmp_path / "导出.pdf")
    answer("子文件夹")
    assert dialogs.open_folder(None, str(tmp_path)) == str(tmp_path / "子文件夹")
    answer(None)
    assert dialogs.open_file(None, "恢复", str(tmp_path), "*") is None
