"""A window settings file edited by hand.

QSettings gives back whatever the INI file holds: read with type QByteArray, a key holding
text comes back as `str`, and one holding a comma-separated value as a `list`. The window
read its saved layout that way and called QByteArray methods on it, so one bad line made
the window fail in its constructor, at every start.

By hand:  python -c "from tests.hostile.settings import mistyped_settings; print(mistyped_settings('/tmp'))"
"""
from __future__ import annotations

from pathlib import Path

# Every UI state key the window reads, each holding a value of the wrong type.
MISTYPED = """\
[ui]
geometry=not a saved geometry
windowState=1, 2
splitter=left, right
metricsHeader=wide
zoom=big, bigger
lastView=section, 2
lastMetric=first
lastImportDir=a, b
language=zh_CN, en

[search]
recent=7

[print]
page_size=A4, Letter
"""


def mistyped_settings(folder: str | Path, name: str = "zhiku.ini") -> Path:
    """An INI settings file whose every window-state value has the wrong type."""
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MISTYPED, encoding="utf-8")
    return path
