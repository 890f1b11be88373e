"""Document properties: title, year and issuer as the user wants them shown and sorted.

A release's dateline often says only 10月14日; the year set here completes the date the tree
sorts by. The knowledge base keeps these edits when the same file is imported again.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.labels import document_date

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo

NO_YEAR = 0
MIN_YEAR, MAX_YEAR = 1949, 2100


def year_of(info: DocumentInfo) -> int | None:
    if info.date and info.date[:4].isdigit():
        return int(info.date[:4])
    return None


class DocumentPropertiesDialog(QDialog):
    """Edits one document's title, year and issuer."""

    def __init__(self, info: DocumentInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Document Properties"))
        self.setMinimumWidth(480)
        self._info = info
        self.title_edit = QLineEdit(info.title or "")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(MIN_YEAR - 1, MAX_YEAR)
        self.year_spin.setSpecialValueText(self.tr("Unknown"))
        self.year_spin.setValue(year_of(info) or MIN_YEAR - 1)
        self.issuer_edit = QLineEdit(info.issuer or "")
        self._build(info)

    def _build(self, info: DocumentInfo) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("Dateline:"), plain_label(document_date(info) or self.tr("(none)")))
        form.addRow(self.tr("&Year:"), self.year_spin)
        form.addRow(self.tr("&Issuer:"), self.issuer_edit)
        form.addRow(self.tr("Source file:"), plain_label(info.file or self.tr("(none)")))
        hint = QLabel(self.tr("The year completes a dateline such as 10月14日; documents are sorted by date."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def values(self) -> dict:
        """The fields for `KnowledgeBase.set_properties` (None for a field left empty)."""
        year = self.year_spin.value()
        return {
            "title": self.title_edit.text().strip() or None,
            "year": None if year < MIN_YEAR else year,
            "issuer": self.issuer_edit.text().strip() or None,
        }


def plain_label(text: str) -> QLabel:
    """A label for text taken from a document or file name: shown as written, never as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
