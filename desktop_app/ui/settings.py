"""Where the interface keeps its state (window geometry, splitters, language, recent queries).

QSettings holds UI state only; the knowledge itself lives in the data folder. We give
QSettings an explicit INI path, resolved when asked, so that tests (and a portable install)
can point it elsewhere through $XDG_CONFIG_HOME or an explicit file.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

SETTINGS_FILE = "Zhiku/zhiku.ini"


def settings_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base) / SETTINGS_FILE


def open_settings(path: str | Path | None = None) -> QSettings:
    """The application's settings file (INI format on every platform)."""
    return QSettings(str(path or settings_path()), QSettings.Format.IniFormat)


def read_list(settings: QSettings, key: str) -> list[str]:
    """A list of strings; INI stores one-element lists as a plain string."""
    value = settings.value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value] if isinstance(value, list) else []


def read_int(settings: QSettings, key: str, default: int = 0) -> int:
    """A whole number (`default` when missing; 0 when not a number)."""
    value = settings.value(key, default, int)
    return value if isinstance(value, int) else default


def read_str(settings: QSettings, key: str, default: str = "") -> str:
    """A string (`default` when missing; "" when the INI file holds a list there)."""
    value = settings.value(key, default, str)
    return value if isinstance(value, str) else default


def read_bytes(settings: QSettings, key: str) -> QByteArray:
    """A saved Qt state (geometry, dock or splitter layout); empty when missing, or when
    the INI file holds something else there (QSettings then gives the text, not bytes)."""
    value = settings.value(key, QByteArray(), QByteArray)
    return value if isinstance(value, QByteArray) else QByteArray()
