"""Every message box, file dialog and modal dialog Zhiku shows, in one place.

Tests replace these functions (monkeypatch `desktop_app.ui.dialogs.X`) instead of clicking
through real modal dialogs; the rest of the UI calls them through the module
(`dialogs.confirm(...)`), never through QMessageBox or QFileDialog directly.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QMessageBox, QWidget

from desktop_app.core.errors import one_language
from desktop_app.ui import i18n
from desktop_app.ui.file_dialog import file_dialog
from desktop_app.ui.i18n import fill
from desktop_app.ui.messages import UserMessage

if TYPE_CHECKING:
    from collections.abc import Sequence

    from desktop_app.core.records import DocumentInfo, ImportReport

translate = QCoreApplication.translate


def _box(parent, icon, title: str, text: str, detail: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setInformativeText(detail)
    return box


def information(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    _box(parent, QMessageBox.Icon.Information, title, text, detail).exec()


def show_error(parent: QWidget | None, message: UserMessage) -> None:
    """An expected problem: what went wrong (naming the file) and what to do."""
    _box(parent, QMessageBox.Icon.Warning, message.title, message.text, message.advice).exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before something that cannot be undone; `action` labels the accepting button."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    accept = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept


def _chosen(dialog: QFileDialog) -> list[str]:
    """The files the user accepted in `dialog` ([] when cancelled), with every name typed in
    its file-name box: Qt prefers the rows its type-ahead selected in the list, and behind
    the dialog's proxy model (file_dialog.py) that selection can miss some of the typed
    names ("a.txt" "b.txt" … imported only five of eleven)."""
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    files = list(dialog.selectedFiles())
    if dialog.fileMode() == QFileDialog.FileMode.ExistingFiles:
        files += [f for f in _typed_files(dialog) if f not in files]
    return files


def _typed_files(dialog: QFileDialog) -> list[str]:
    """The existing files named in the dialog's file-name box ("a" "b" or one bare name)."""
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    text = edit.text().strip() if edit is not None else ""
    names = re.findall(r'"([^"]+)"', text) or ([text] if text else [])
    folder = Path(dialog.directory().absolutePath())
    paths = [Path(name) if Path(name).is_absolute() else folder / name for name in names]
    return [str(path) for path in paths if path.is_file()]


def open_files(parent: QWidget | None, directory: str = "") -> list[str]:
    dialog = file_dialog(parent, translate("Dialogs", "Import Files"), directory,
                         translate("Dialogs", "Press releases (*.txt *.md *.html *.htm *.mhtml *.mht *.docx *.pdf);;All files (*)"))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _chosen(dialog)


def open_folder(parent: QWidget | None, directory: str = "") -> str | None:
    dialog = file_dialog(parent, translate("Dialogs", "Import Folder"), directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return next(iter(_chosen(dialog)), None)


def save_file(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
    dialog = file_dialog(parent, title, suggested, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return next(iter(_chosen(dialog)), None)


def open_file(parent: QWidget | None, title: str, directory: str, file_filter: str) -> str | None:
    dialog = file_dialog(parent, title, directory, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(_chosen(dialog)), None)


def choose_print_scope(parent: QWidget | None, labels: Sequence[str], current: int) -> int | None:
    """Which of `labels` to print (`current` chosen at first), or None when cancelled."""
    from desktop_app.ui.scope_dialog import ScopeDialog

    dialog = ScopeDialog(labels, current, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


def pdf_saved(parent: QWidget | None, path: Path) -> None:
    """The PDF is written: say where, with buttons that open it or the folder holding it."""
    text = fill(translate("Dialogs", "The PDF was saved as %1."), path)
    box = _box(parent, QMessageBox.Icon.Information, translate("Dialogs", "PDF Exported"), text)
    open_file_button = box.addButton(translate("Dialogs", "Open File"), QMessageBox.ButtonRole.ActionRole)
    open_folder_button = box.addButton(translate("Dialogs", "Open Containing Folder"),
                                       QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if box.clickedButton() is open_file_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif box.clickedButton() is open_folder_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def import_summary_text(report: ImportReport) -> tuple[str, str]:
    """(headline, details) for an import: counts, then each refused file with its reason, each
    document not parsed in full with why (too many figures or sections) and each skipped one."""
    headline = fill(translate("Dialogs", "Imported: %1 · Skipped (already in the knowledge base): %2 · Refused: %3"),
                    len(report.imported), len(report.skipped), len(report.refused))
    if report.cancelled:
        cancelled = translate("Dialogs", "Cancelled: %1 files were not imported.")
        headline += "\n" + fill(cancelled, report.cancelled)
    english = i18n.current_language() == "en"  # the core's reasons are bilingual: show one half
    if report.held:
        held = translate("Dialogs", "Not imported yet: %1 files do not look like press releases. "
                                    "Import them anyway?")
        headline += "\n" + fill(held, len(report.held))
    lines = [f"? {Path(path).name}: {one_language(warning, english)}" for path, warning in report.held]
    lines += [f"✗ {Path(path).name}: {one_language(reason, english)}" for path, reason in report.refused]
    lines += [f"! {Path(path).name}: {one_language(note, english)}" for path, _doc, note in report.notes]
    lines += [f"! {Path(path).name}: {one_language(warning, english)}" for path, _doc, warning in report.warnings]
    lines += [f"= {Path(path).name}: {one_language(reason, english)}" for path, _doc, reason in report.skipped]
    return headline, "\n".join(lines)


def show_import_summary(parent: QWidget | None, report: ImportReport) -> bool:
    """What an import did. With files held back because they do not look like press
    releases, it offers to import them anyway: True when the user chose that."""
    headline, details = import_summary_text(report)
    icon = QMessageBox.Icon.Warning if report.refused or report.held else QMessageBox.Icon.Information
    box = _box(parent, icon, translate("Dialogs", "Import finished"), headline)
    if report.held:
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setDefaultButton(QMessageBox.StandardButton.Close)
    if details:
        box.setInformativeText(details if len(details) < 1500 else details[:1500] + "…")
        box.setDetailedText(details)
    anyway = None
    if report.held:
        anyway = box.addButton(translate("Dialogs", "Import Anyway"), QMessageBox.ButtonRole.AcceptRole)
        previous: QWidget = box.button(QMessageBox.StandardButton.Close)
        shown_details = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole]
        for after in [*shown_details[:1], anyway]:  # Tab from Close: “Show Details…” first, as without it
            QWidget.setTabOrder(previous, after)
            previous = after
    box.exec()
    return anyway is not None and box.clickedButton() is anyway


def edit_document_properties(parent: QWidget | None, info: DocumentInfo) -> dict | None:
    """Title, year and issuer as the user set them, or None when cancelled."""
    from desktop_app.ui.properties_dialog import DocumentPropertiesDialog

    dialog = DocumentPropertiesDialog(info, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text the user typed (a heading, an indicator, a unit, a value), starting
    from `text`; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, accepted = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if accepted else None


def edit_bulk_properties(parent: QWidget | None, infos: Sequence[DocumentInfo]) -> dict | None:
    """The year and/or issuer to set on every release of `infos` ({} when nothing is ticked),
    or None when cancelled."""
    from desktop_app.ui.bulk_properties_dialog import BulkPropertiesDialog

    dialog = BulkPropertiesDialog(infos, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()


def show_about(parent: QWidget | None) -> None:
    from desktop_app.ui.about import about_html

    QMessageBox.about(parent, translate("Dialogs", "About Zhiku"), about_html())


def show_about_qt(parent: QWidget | None) -> None:
    QMessageBox.aboutQt(parent, translate("Dialogs", "About Qt"))


def show_folder(folder: Path) -> None:
    """Open `folder` in the system's file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def show_unexpected_error(parent: QWidget | None, log_path: str) -> None:
    """Shown once per session for a bug: no traceback, just where the details were written
    (`log_path`, "" when no log could be written), with a button that opens that file."""
    text = translate("Dialogs", "Zhiku ran into an unexpected problem. You can keep working; if something looks "
              "wrong, restart Zhiku.")
    box = _box(parent, QMessageBox.Icon.Critical, translate("Dialogs", "Unexpected error"), text)
    open_log = None
    if log_path:
        detail = translate("Dialogs", "The details were written to %1. Please send this file to whoever maintains Zhiku.")
        box.setInformativeText(fill(detail, log_path))
        open_log = box.addButton(translate("Dialogs", "Open Log"), QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if open_log is not None and box.clickedButton() is open_log:
        QDesktopServices.openUrl(QUrl.fromLocalFile(log_path))
