"""Releases and file names that try to drive the terminal.

Each generator writes one small file into `folder` and returns its path. The sequences are
the ones an attacker would use: retitle the terminal (OSC 0 … BEL), clear it (CSI 2J, also
as the 8-bit C1 CSI U+009B), return the carriage to overwrite a line, reverse the text
(bidi override U+202E).

By hand:  python -c "from tests.hostile.terminal import escaped_release; print(escaped_release('/tmp'))"
"""
from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fdae50e4b2650f6d.txt"

RETITLE = "\x1b]0;PWNED\x07"
CLEAR = "\x1b[2J"
C1_CLEAR = "\x9b2J"
OVERWRITE = "\r"
REVERSE = "\u202e"
SEQUENCES = (RETITLE, CLEAR, C1_CLEAR, OVERWRITE, REVERSE)
# What none of the readable output may contain raw (ESC, BEL, C1 CSI, CR, bidi override).
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\r", "\u202e")

TITLE_MARK = "平安淄博"  # the seed's title, kept around the injected sequences
HEADING = "社会大局保持和谐稳定"
FIGURE = "全市共配备网格员7600余人"


def escaped_text() -> str:
    """The seed release with sequences in its title, an area heading and the label of a
    figure (网格员 of 7600余人). A carriage return would become a line break on reading,
    so it is tried in file names only."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("权威发布丨", f"权威发布{RETITLE}丨", 1)
    text = text.replace(HEADING, f"社会大局{CLEAR}保持{REVERSE}和谐稳定", 1)
    return text.replace(FIGURE, f"全市共配备网{C1_CLEAR}格员7600余人", 1)


def escaped_release(folder: str | Path, name: str = "escaped.txt") -> Path:
    """A release whose title, heading and body hold terminal control sequences."""
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(escaped_text(), encoding="utf-8")
    return path


def escaped_file_name(folder: str | Path) -> Path:
    """The plain seed release under a file name that retitles and clears the terminal."""
    path = Path(folder) / f"发布会{RETITLE}{CLEAR}{OVERWRITE}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def escaped_refused_file(folder: str | Path) -> Path:
    """An empty .txt (refused on import) whose name clears the screen and fakes a line."""
    path = Path(folder) / f"空{CLEAR}\n导入 imported  1  fake.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path
