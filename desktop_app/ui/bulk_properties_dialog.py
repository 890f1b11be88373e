"""Properties of many releases at once: set the year or the issuer of every selected release.

Each field is applied only when its box is ticked, so a user can set the year of fifty
releases without touching their issuers (and the other way round); a ticked, empty field
clears what the user had set before."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.i18n import fill
from desktop_app.ui.properties_dialog import MAX_YEAR, MIN_YEAR
from desktop_app.ui.release_model import year_of

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo


class BulkPropertiesDialog(QDialog):
    """Year and issuer for several releases; `values()` holds only the ticked fields."""

    def __init__(self, infos: Sequence[DocumentInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("Properties of %1 Releases"), len(infos)))
        self.setMinimumWidth(420)
        years = {year_of(i) for i in infos}
        issuers = {i.issuer or "" for i in infos}
        self.year_check = QCheckBox(self.tr("Set the &year:"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(MIN_YEAR - 1, MAX_YEAR)
        self.year_spin.setSpecialValueText(self.tr("Unknown"))
        common_year = next(iter(years)) if len(years) == 1 else None
        self.year_spin.setValue(common_year or MIN_YEAR - 1)
        self.issuer_check = QCheckBox(self.tr("Set the &issuer:"))
        self.issuer_edit = QLineEdit(next(iter(issuers)) if len(issuers) == 1 else "")
        self.year_spin.valueChanged.connect(lambda _v: self.year_check.setChecked(True))
        self.issuer_edit.textEdited.connect(lambda _t: self.issuer_check.setChecked(True))
        self._build(len(infos))

    def _build(self, count: int) -> None:
        form = QFormLayout()
        form.addRow(self.year_check, self.year_spin)
        form.addRow(self.issuer_check, self.issuer_edit)
        note = QLabel(fill(self.tr("Ticked fields are set on all %1 selected releases; an empty field "
                                   "clears the value you set before."), count))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def values(self) -> dict:
        """{"year": int or "" (clear), "issuer": str or "" (clear)}, ticked fields only."""
        values: dict = {}
        if self.year_check.isChecked():
            year = self.year_spin.value()
            values["year"] = "" if year < MIN_YEAR else year
        if self.issuer_check.isChecked():
            values["issuer"] = self.issuer_edit.text().strip()
        return values
