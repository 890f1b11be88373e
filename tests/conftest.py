"""Shared test set-up: headless Qt, and no test ever touches the real user data folder."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests that make a QPrinter (printing, preview) would ask CUPS for printers over TCP to
# localhost:631; a socket path that does not exist keeps libcups off the network.
os.environ["CUPS_SERVER"] = "/nonexistent/zhiku-tests-no-cups.sock"

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = REPO / "seeds" / "000_fdae50e4b2650f6d.txt"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHIKU_DATA_DIR", str(tmp_path / "zhiku-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture(autouse=True)
def _no_log_left_set_up():
    """A test that runs the CLI or the window in-process sets up the log (core/logs.py):
    the next test starts without it, as a fresh process would."""
    yield
    from desktop_app.core import logs

    logs.reset()
