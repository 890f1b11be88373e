"""A correction in a real X window, as a person makes it: keys and the Edit menu,
then Ctrl+Z, Ctrl+Shift+Z and Ctrl+Z again; the CLI sees each state, and Qt prints no
warning about widgets touched from the write's thread. Run with `make test-window`."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.window.test_window_import import ALARMS, xserver  # noqa: F401 - the X server fixture
from tests.window.xsession import REPO, App

pytestmark = pytest.mark.window


def corrections_in(data_dir: Path) -> list[dict]:
    """The knowledge base's corrections as `zhiku corrections --json` lists them."""
    out = subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "corrections", "--json"],
                         cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120, check=True)
    return json.loads(out.stdout)


def seeded(data_dir: Path) -> bool:
    """Whether the window has imported the seed, read from SQLite without opening the
    knowledge base: `zhiku list` would seed an empty folder itself when it got there first,
    and the window, which opened it empty meanwhile, would go on showing it empty."""
    db = data_dir / "zhiku.sqlite3"
    if not db.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
    except sqlite3.Error:  # not made yet, or being made
        return False


def test_a_correction_made_with_the_edit_menu_is_undone_with_ctrl_z(xserver, tmp_path):  # noqa: F811
    data_dir = tmp_path / "kb"
    app = App(xserver, data_dir, tmp_path)
    with app.running(ALARMS):
        main = app.wait_window("^知库", timeout=60)
        app.wait_until(lambda: seeded(data_dir), "the seed was not imported", 60)
        time.sleep(1.5)  # the window lists it once the knowledge base is open

        def made() -> bool:
            """Ctrl+1: the contents; End: the last priority; Edit → 修改段落 → 设为上一板块的条目
            (again while the window is still loading: the keys did nothing then)."""
            if corrections_in(data_dir):
                return True
            app.key(main, "Escape", "Escape", "Escape")  # a menu left open by a try under load
            for keys in (("ctrl+1",), ("End",), ("alt+e",), ("s",), ("i",)):
                app.key(main, *keys)
                time.sleep(0.4)  # each menu opens before the next key (a loaded machine is slow)
            time.sleep(2)
            return bool(corrections_in(data_dir))

        app.wait_until(made, "no correction was made through the Edit menu", 60)
        (made_one,) = corrections_in(data_dir)
        assert (made_one["target"], made_one["field"], made_one["after"]) == ("section", "level", 2)

        app.key(main, "ctrl+z")
        app.wait_until(lambda: corrections_in(data_dir) == [], "Ctrl+Z did not undo the correction", 30)
        app.key(main, "ctrl+shift+z")
        app.wait_until(lambda: [c["id"] for c in corrections_in(data_dir)] == [made_one["id"]],
                       "Ctrl+Shift+Z did not redo the correction", 30)
        app.key(main, "ctrl+z")
        app.wait_until(lambda: corrections_in(data_dir) == [], "Ctrl+Z did not undo the redone correction", 30)
