"""Files for the desk-habit tests, written at test time (usable by hand too):

    python -c "from tests.hostile.desk import *; print(english_readme('/tmp'))"

- english_readme: an English README without code — nothing a press release has
- fake_ldd: an `ldd` that reports Qt's X11 libraries missing, to put first on the PATH
"""
from __future__ import annotations

from pathlib import Path

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/lib/libQt6XcbQpa.so.6 (0x00007f12)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => not found
"""


def english_readme(folder, name: str = "README.txt") -> Path:
    """A short English README: no sections, no figures, no dateline, no credits."""
    path = Path(folder) / name
    path.write_text("Widget Tool\n\nThis is a small tool for arranging widgets on a desk. It is kept by "
                    "volunteers.\n\nInstall it with your package manager, then choose a theme.\n",
                    encoding="utf-8")
    return path


def fake_ldd(folder, output: str = LDD_MISSING) -> Path:
    """An executable `ldd` in `folder` that prints `output` whatever it is asked."""
    script = Path(folder) / "ldd"
    script.write_text(f"#!/bin/sh\ncat <<'EOF'\n{output}EOF\n", encoding="utf-8")
    script.chmod(0o755)
    return script
