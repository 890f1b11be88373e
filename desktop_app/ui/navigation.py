"""Moving around the window by keyboard and mouse: back / forward through what the user
looked at, the Tab cycle through the panes, and a focus mark that can be seen.

History: every section or release shown (a search hit is a section with its hits) is one
step; Alt+← / Alt+→, the mouse's back / forward buttons and the toolbar arrows walk it.

Tab cycle: Tab moves from pane to pane — the list on the left (contents, search results or
releases, with their filter fields), the reading pane, the search box, the metrics table
(with its filters) — and round again; Shift+Tab goes back. The reading pane and the table
are one stop each: arrow keys move inside them (the pane's figure links and the table's
cells are not Tab stops; the cards and the table reach every figure).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QWidget
from shiboken6 import Shiboken

HISTORY_LIMIT = 200

FOCUS_FRAME_PX = 2


class FocusFrames(QObject):
    """A 2 px frame in the highlight colour around the pane that has the keyboard (the same
    width, in the window's colour, around the others: nothing moves when focus does) — not a
    dotted box around one figure. A plain frame drawn in the palette's WindowText colour, not
    a style sheet: a style sheet would fix the pane's font, which zoom changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._views: list[QFrame] = []
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def add(self, view: QFrame) -> None:
        view.setFrameShape(QFrame.Shape.Box)
        view.setFrameShadow(QFrame.Shadow.Plain)
        view.setLineWidth(FOCUS_FRAME_PX)
        self._views.append(view)
        self._paint(view, view.hasFocus())

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self._views = [view for view in self._views if Shiboken.isValid(view)]  # a window being closed
        for view in self._views:
            self._paint(view, new is not None and (new is view or view.isAncestorOf(new)))

    @staticmethod
    def _paint(view: QFrame, focused: bool) -> None:
        palette = view.palette()
        role = QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Window
        if palette.color(QPalette.ColorRole.WindowText) != palette.color(role):
            palette.setColor(QPalette.ColorRole.WindowText, palette.color(role))
            view.setPalette(palette)


class View(NamedTuple):
    """One step of the history: a section (with a search's hits) or a whole release. (A
    named tuple: the window's first frame needs no `dataclasses`.)"""

    kind: str  # "section" or "document"
    item: int
    hits: tuple[tuple[int, int], ...] = ()
    query: str = ""


class History:
    """Back and forward through the views shown, like a browser's."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._back: list[View] = []
        self._forward: list[View] = []
        self.current: View | None = None
        self._limit = limit

    def visit(self, view: View) -> None:
        """A view the user chose: the forward steps are dropped (a repeat is no step)."""
        if view == self.current:
            return
        if self.current is not None:
            self._back.append(self.current)
            del self._back[:-self._limit]
        self._forward.clear()
        self.current = view

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def back(self) -> View | None:
        if not self._back:
            return None
        if self.current is not None:
            self._forward.append(self.current)
        self.current = self._back.pop()
        return self.current

    def forward(self) -> View | None:
        if not self._forward:
            return None
        if self.current is not None:
            self._back.append(self.current)
        self.current = self._forward.pop()
        return self.current

    def forget(self, view: View) -> None:
        """Drop a view that no longer exists (its release was deleted)."""
        self._back = [v for v in self._back if v != view]
        self._forward = [v for v in self._forward if v != view]


class MouseHistoryButtons(QObject):
    """The mouse's back / forward (side) buttons anywhere over `window`."""

    back = Signal()
    forward = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.MouseButtonPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QMouseEvent)
        button = event.button()
        if button not in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton) or watched.window() is not self._window:
            return False
        (self.back if button == Qt.MouseButton.BackButton else self.forward).emit()
        return True


def tab_stops(panes: Sequence[QWidget]) -> list[QWidget]:
    """The widgets Tab visits, pane by pane: each pane's own focusable, visible widgets in
    Qt's focus order (the pane itself when it takes focus and has none inside)."""
    stops: list[QWidget] = []
    for pane in panes:
        if not pane.isVisible() or not pane.isEnabled():
            continue
        inside = _focus_chain_within(pane)
        stops += inside or ([pane] if pane.focusPolicy() & Qt.FocusPolicy.TabFocus else [])
    return stops


def _focus_chain_within(pane: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    widget = pane.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not pane and seen < 5000:
        seen += 1
        if (pane.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None):
            found.append(widget)
        widget = widget.nextInFocusChain()
    if pane.focusPolicy() & Qt.FocusPolicy.TabFocus and pane.focusProxy() is None:
        found.insert(0, pane)
    return found


def next_stop(stops: Sequence[QWidget], focus: QWidget | None, forward: bool,
              contains: Callable[[QWidget, QWidget], bool] | None = None) -> QWidget | None:
    """The stop after (or before) the one holding `focus`; the first (last) when none does."""
    if not stops:
        return None
    position = next((i for i, stop in enumerate(stops)
                     if focus is not None and (stop is focus or (contains or _contains)(stop, focus))), None)
    if position is None:
        return stops[0] if forward else stops[-1]
    return stops[(position + (1 if forward else -1)) % len(stops)]


def _contains(stop: QWidget, focus: QWidget) -> bool:
    """`focus` is `stop` or inside it (a combo box's line edit, a spin box's field)."""
    return stop.isAncestorOf(focus) or focus.focusProxy() is stop
