"""Zoom of the whole interface (Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0): menus, tree, table and
the reading pane grow together, in steps of 10 %, from the system's font size.

Qt without the desktop's platform theme (Kylin/UOS, or any desktop Qt does not integrate
with) reports its own fallback, "Sans Serif" 9 pt — 12 px, small on a 1080p screen. Then the
interface starts at DESKTOP_DEFAULT_PT, the usual Linux desktop interface size (GNOME, UKUI).
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

STEP, MIN_LEVEL, MAX_LEVEL = 0.1, -4, 8
QT_FALLBACK = ("Sans Serif", 9.0)  # what Qt's generic Unix theme answers without a desktop
DESKTOP_DEFAULT_PT = 11.0
_base: dict[str, float] = {}  # the application font's size before any zoom, read once


def clamp(level: int) -> int:
    return max(MIN_LEVEL, min(MAX_LEVEL, int(level)))


def scale(level: int) -> float:
    """The size factor of a zoom level (0: the system size)."""
    return 1.0 + STEP * clamp(level)


def system_point_size() -> float:
    """The interface font size the desktop asks for (see the module's note on Qt's fallback)."""
    if "size" not in _base:
        font = QApplication.font()
        size = font.pointSizeF()
        if sys.platform.startswith("linux") and (font.family(), size) == QT_FALLBACK:
            size = DESKTOP_DEFAULT_PT
        _base["size"] = size if size > 0 else DESKTOP_DEFAULT_PT
    return _base["size"]


def apply(level: int) -> None:
    """Set the application font (every widget without a font of its own) to the level's size.

    Qt hands a new application font to the windows when it next processes events; that is
    done here at once, so that widgets made next are made at this size: the window applies
    its zoom before making its widgets, and with the change still pending each of its ~90
    widgets was given the font again, re-measured and laid out anew before the first frame."""
    font = QApplication.font()
    font.setPointSizeF(round(system_point_size() * scale(level), 2))
    QApplication.setFont(font)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
