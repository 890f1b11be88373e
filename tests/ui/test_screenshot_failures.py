"""--screenshot ends after reporting a knowledge base it cannot open:
it printed the error, then hung forever in the window's modal message box."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 90  # a hang guard only: the command normally ends within seconds


def test_screenshot_of_a_damaged_knowledge_base_exits_2_after_the_message(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "zhiku.sqlite3").write_bytes(b"this is not a SQLite database\n" * 200)
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data), "--screenshot", str(out)],
        cwd=REPO, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True,
        text=True, encoding="utf-8", timeout=HANG_GUARD_S,
    )
    errors = [line for line in result.stderr.splitlines() if line.startswith("zhiku:")]
    assert result.returncode == 2, result.stderr
    assert len(errors) == 1 and str(data) in errors[0] and " / " in errors[0]  # bilingual, names it
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert (data / "zhiku.sqlite3").exists()  # reported, never replaced


def test_screenshot_error_line_shows_the_folder_name_escaped(tmp_path):
    """A data folder whose name clears the terminal is named, not obeyed."""
    data = tmp_path / "数据\x1b[2J"
    data.write_text("a file where the folder should be", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data), "--screenshot",
         str(tmp_path / "shot.png")],
        cwd=REPO, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True,
        text=True, encoding="utf-8", timeout=HANG_GUARD_S,
    )
    assert result.returncode == 2, result.stderr
    assert "\x1b" not in result.stderr and "数据\\x1b[2J" in result.stderr
