"""A layout that places widgets left to right and wraps them into rows, like words in a line
of text (after Qt's `layouts/flowlayout` example). Used for the key-figure cards, so that a
section with many figures grows downwards instead of needing a horizontal scrollbar."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Rows of widgets at their size hints, `spacing` apart; the height follows the width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing

    # -- QLayout interface ------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- rows -------------------------------------------------------------------------------
    def rows(self, width: int) -> list[list[int]]:
        """Which items (by index) go on each row when the layout is `width` pixels wide;
        hidden widgets take no place."""
        margins = self.contentsMargins()
        shown = [i for i, item in enumerate(self._items) if not item.isEmpty()]
        widths = [self._items[i].sizeHint().width() for i in shown]
        room = width - margins.left() - margins.right()
        return [[shown[j] for j in row] for row in wrap_rows(widths, room, self._spacing)]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the items row by row inside `rect` (when `apply`); return the height used."""
        margins = self.contentsMargins()
        y = rect.y() + margins.top()
        rows = self.rows(rect.width())
        for row in rows:
            x = rect.x() + margins.left()
            height = max(self._items[i].sizeHint().height() for i in row)
            for index in row:
                hint = self._items[index].sizeHint()
                if apply:
                    self._items[index].setGeometry(QRect(QPoint(x, y), hint))
                x += hint.width() + self._spacing
            y += height + self._spacing
        if not rows:
            return 0
        return y - self._spacing - rect.y() + margins.bottom()


def wrap_rows(widths: list[int], room: int, spacing: int) -> list[list[int]]:
    """Greedy line breaking: indexes of `widths` per row, each row at most `room` wide
    (an item wider than the room gets a row of its own)."""
    rows: list[list[int]] = []
    used = 0
    for index, wanted in enumerate(widths):
        if rows and used + spacing + wanted <= room:
            rows[-1].append(index)
            used += spacing + wanted
        else:
            rows.append([index])
            used = wanted
    return rows
