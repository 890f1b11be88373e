"""The bundled CJK font, loaded once so Chinese renders on machines without one."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop_app.core.paths import resource_path

BUNDLED_FONT = resource_path("fonts", "wqy-microhei.ttc")
_families: list[str] | None = None


def load_bundled_font() -> list[str]:
    """Register the bundled font and add it as a fallback after the system's own fonts."""
    global _families
    if _families is None:
        font_id = QFontDatabase.addApplicationFont(str(BUNDLED_FONT))
        _families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if _families and QApplication.instance() is not None:
            font = QApplication.font()
            QFont.insertSubstitutions(font.family(), _families)
            families = list(font.families()) or [font.family()]
            font.setFamilies(families + [f for f in _families if f not in families])
            QApplication.setFont(font)
    return list(_families)


def cjk_family() -> str:
    """A family name that is sure to have Chinese glyphs (the bundled one)."""
    families = load_bundled_font()
    return families[0] if families else QFont().defaultFamily()
