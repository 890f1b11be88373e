"""The search panel's filters: section kind, a release picker that can be typed into, a date
range (从/到), a year and an issuer.

The filters are read as a `SearchScope` for the search worker; a date the user wrote badly
raises the core's InputError (its message goes in the panel, and nothing is searched).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QCompleter, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop_app.core.dates import parse_date_arg
from desktop_app.core.kinds import SectionKind
from desktop_app.ui import labels
from desktop_app.ui.workers import SearchScope

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo


class ReleasePicker(QComboBox):
    """An editable drop-down of release titles; typing shows the titles that contain the
    text (QCompleter, filtered in C++: fast with 20,000 titles). Row 0 is "all releases"."""

    not_found = Signal(str)  # typed text that names no release (the choice is kept)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.setLineEdit(self.edit)
        self.titles = QCompleter(self.model(), self)
        self.titles.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.titles.setFilterMode(Qt.MatchFlag.MatchContains)
        self.titles.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.titles.setMaxVisibleItems(12)
        self.setCompleter(self.titles)
        self.edit.editingFinished.connect(self._on_editing_finished)

    def set_documents(self, documents: Sequence[DocumentInfo], all_label: str) -> None:
        """The choices (keeps the current release when it still exists), without signals."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(all_label, None)
        for info in documents:
            self.addItem(labels.document_title(info), info.id)
        self.setCurrentIndex(max(0, self.findData(current)) if current else 0)
        self.blockSignals(False)

    def doc_id(self) -> int | None:
        return self.currentData()

    @Slot()
    def _on_editing_finished(self) -> None:
        """Enter or focus out: an empty box means all releases; text that a single title
        contains (or equals) picks that release; anything else restores the choice."""
        text = self.edit.text().strip()
        if text == self.itemText(self.currentIndex()):
            return
        row = 0 if not text else self.findText(text, Qt.MatchFlag.MatchFixedString)
        if row < 0:
            row = self._single_match(text)
        if row < 0:
            self.edit.setText(self.itemText(self.currentIndex()))
            self.not_found.emit(text)
            return
        self.setCurrentIndex(row)
        self.edit.setText(self.itemText(row))

    def _single_match(self, text: str) -> int:
        """The row of the only title containing `text` (the completer's own filtering), or -1."""
        self.titles.setCompletionPrefix(text)
        if self.titles.completionCount() != 1:
            return -1
        proxy = self.titles.completionModel()
        if not isinstance(proxy, QAbstractProxyModel):
            return -1
        return proxy.mapToSource(proxy.index(0, 0)).row()


class SearchFilters(QWidget):
    """Kind and release, 从/到 dates, year and issuer (see _lay_out)."""

    changed = Signal()
    release_not_found = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind_combo = QComboBox()
        self.doc_combo = ReleasePicker()
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        self.year_edit, self.issuer_edit = QLineEdit(), QLineEdit()
        self._applied: tuple[str, ...] = self._texts()
        self._build()

    def _build(self) -> None:
        self.kind_combo.addItem(self.tr("All sections"), None)
        for kind in (SectionKind.ACHIEVEMENT, SectionKind.PRIORITY):  # item data: the plain text
            self.kind_combo.addItem(labels.section_kind_label(kind), kind.value)
        self.doc_combo.addItem(self.tr("All documents"), None)
        self.doc_combo.setToolTip(self.tr("Type part of a title to find a release"))
        for edit, name in ((self.date_from, "searchDateFrom"), (self.date_to, "searchDateTo")):
            edit.setObjectName(name)
            edit.setPlaceholderText("2022-10-14")
            edit.setToolTip(self.tr("A date such as 2022-10-14 or 2022年10月14日 (inclusive); "
                                    "releases without a date are left out"))
        self.year_edit.setObjectName("searchYear")
        self.year_edit.setPlaceholderText(self.tr("Year"))
        self.year_edit.setValidator(QIntValidator(1, 9999, self.year_edit))
        self.issuer_edit.setObjectName("searchIssuer")
        self.issuer_edit.setPlaceholderText(self.tr("Issuer"))
        self.issuer_edit.setToolTip(self.tr("Releases whose issuer contains this text"))
        for edit in (self.date_from, self.date_to, self.year_edit, self.issuer_edit):
            edit.setClearButtonEnabled(True)
            edit.editingFinished.connect(self._on_edited)
        self._lay_out()
        self.kind_combo.currentIndexChanged.connect(self.changed)
        self.doc_combo.currentIndexChanged.connect(self.changed)
        self.doc_combo.not_found.connect(self.release_not_found)

    def _lay_out(self) -> None:
        """Kind and release; 从 … 到 …; year and issuer (three rows: the panel is narrow)."""
        top = QHBoxLayout()
        top.addWidget(self.kind_combo)
        top.addWidget(self.doc_combo, 1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(top, 0, 0, 1, 4)
        grid.addWidget(QLabel(self.tr("From")), 1, 0)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(QLabel(self.tr("To")), 1, 2)
        grid.addWidget(self.date_to, 1, 3)
        grid.addWidget(self.year_edit, 2, 0, 1, 2)
        grid.addWidget(self.issuer_edit, 2, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def _texts(self) -> tuple[str, ...]:
        return tuple(e.text().strip() for e in (self.date_from, self.date_to, self.year_edit, self.issuer_edit))

    @Slot()
    def _on_edited(self) -> None:
        """Enter or focus out in a filter box: search again when a filter's text changed."""
        texts = self._texts()
        if texts != self._applied:
            self._applied = texts
            self.changed.emit()

    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        self.doc_combo.set_documents(documents, self.tr("All documents"))

    def kind(self) -> str | None:
        return self.kind_combo.currentData()

    def doc_id(self) -> int | None:
        return self.doc_combo.doc_id()

    def scope(self) -> SearchScope:
        """The release filters as typed; InputError (naming the value) for a bad date."""
        date_from, date_to, year, issuer = self._texts()
        return SearchScope(doc_id=self.doc_id(),
                           date_from=parse_date_arg(date_from) if date_from else None,
                           date_to=parse_date_arg(date_to) if date_to else None,
                           year=int(year) if year.isdigit() and int(year) > 0 else None,
                           issuer=issuer or None)
