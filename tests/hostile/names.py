"""File names that try to pass for one another in the knowledge base.

Each function writes into `folder` and returns the paths it made. Usable by hand:

    python -c "from tests.hostile.names import escaped_name_twins; print(escaped_name_twins('/tmp/t'))"
"""
from __future__ import annotations

import os
from pathlib import Path

from tests.hostile.files import GOOD_RELEASE


def escaped_name_twins(folder) -> tuple[Path, Path]:
    """Two different releases whose names read alike once raw bytes are written as \\xNN:
    the GBK name b'\\xd0\\xc2.txt' (新.txt) and a UTF-8 name that literally spells
    `\\xd0\\xc2.txt`. On Linux the first one's str name holds surrogates (os.fsdecode)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    literal = folder / "\\xd0\\xc2.txt"
    literal.write_text(GOOD_RELEASE.replace("网格化", "网格化（字面转义名）"), encoding="utf-8")
    raw = os.path.join(os.fsencode(folder), b"\xd0\xc2.txt")
    with open(raw, "wb") as out:
        out.write(GOOD_RELEASE.replace("网格化", "网格化（GBK 名）").encode())
    return literal, Path(os.fsdecode(raw))
