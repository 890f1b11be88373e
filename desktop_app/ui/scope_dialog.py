"""“What to print”: one radio button per scope, each with its whole text (a search's
query in full, wrapped onto more lines when long, never cut off as in a combo box), the
likeliest one chosen."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

MAX_TEXT_WIDTH = 520  # longer scope texts wrap


class _ScopeLabel(QLabel):
    """The scope's text beside its radio button; clicking it chooses the scope."""

    def __init__(self, text: str, button: QRadioButton):
        super().__init__(text)
        self._button = button
        self.setTextFormat(Qt.TextFormat.PlainText)  # a query is never markup
        self.setWordWrap(True)
        self.setMaximumWidth(MAX_TEXT_WIDTH)
        self.setMinimumWidth(min(MAX_TEXT_WIDTH, self.fontMetrics().horizontalAdvance(text) + 4))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._button.setChecked(True)
        self._button.setFocus()
        super().mousePressEvent(event)


class ScopeDialog(QDialog):
    """Choose one of `labels`; `current` is checked and focused at first."""

    def __init__(self, labels: Sequence[str], current: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("What to print"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Summary of:")))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        self.labels: list[QLabel] = []
        for number, label in enumerate(labels):
            button = QRadioButton()
            button.setAccessibleName(label)
            button.setToolTip(label)
            text = _ScopeLabel(label, button)
            self.group.addButton(button, number)
            self.buttons.append(button)
            self.labels.append(text)
            grid.addWidget(button, number, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, number, 1)
        if self.buttons:
            chosen = self.buttons[max(0, min(current, len(self.buttons) - 1))]
            chosen.setChecked(True)
            chosen.setFocus()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def chosen(self) -> int:
        """The index of the checked scope."""
        return max(0, self.group.checkedId())
