"""The window's first frame waits for nothing it does not show (first paint at most
1.5× a bare PySide6 window). Counted in a real start (`python -m desktop_app`'s main), never
timed: what had been made, imported and compiled when the first frame was drawn."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.ui import zoom
from desktop_app.ui.app import GuiApp, ensure_application
from desktop_app.ui.settings import open_settings

REPO = Path(__file__).resolve().parents[2]

# Runs Zhiku as `python -m desktop_app --data-dir DIR --no-seed` does, and reports at the
# moment its first frame is complete (FirstPaint fires), then ends the process.
CHILD = r"""
import json, os, re, signal, sys

compiled = []
_compile = re.compile

def counting_compile(pattern, flags=0):
    caller = sys._getframe(1).f_code.co_filename
    if os.sep + "desktop_app" + os.sep in caller:
        compiled.append(f"{os.path.basename(caller)}: {str(pattern)[:40]}")
    return _compile(pattern, flags)

re.compile = counting_compile

from desktop_app.ui import app

def first_frame(self):
    if self._done:
        return
    from PySide6 import QtWidgets

    widgets = QtWidgets.QApplication.allWidgets()
    print(json.dumps({
        "compiled": compiled,
        "modules": sorted(m for m in sys.modules if m.startswith("desktop_app") or m in ("socket", "dataclasses")),
        "qt_classes": sorted(name for name in ("QStyle", "QMenu") if name in vars(QtWidgets)),
        "sigterm_default": signal.getsignal(signal.SIGTERM) == signal.SIG_DFL,
        "widget_classes": sorted({type(w).__name__ for w in widgets}),
    }), flush=True)
    os._exit(0)

app.FirstPaint._fire = first_frame
from desktop_app.cli import main
sys.exit(main(["--data-dir", sys.argv[1], "--no-seed"]))
"""


@pytest.fixture(scope="module")
def first_frame(tmp_path_factory) -> dict:
    """What a real start had made when its first frame was drawn."""
    tmp = tmp_path_factory.mktemp("first-frame")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp / "config"))
    env.pop("ZHIKU_STARTUP_PROBE", None)
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp / "data")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_the_first_frame_compiles_none_of_zhikus_regular_expressions(first_frame):
    """Compiling a pattern with a Unicode class costs ~0.5 ms; the ~12 that the modules of the
    first frame hold (reading, terminal, labels, logs, paths) are used only after it."""
    assert first_frame["compiled"] == []


def test_the_release_list_and_the_sigterm_handler_come_after_the_first_frame(first_frame):
    """The release list is a hidden tab (its ~25 widgets were polished before the first frame);
    the SIGTERM handler imports socket and builds the signal module's enums."""
    assert "desktop_app.ui.release_list" not in first_frame["modules"]
    assert "ReleaseList" not in first_frame["widget_classes"]
    assert "socket" not in first_frame["modules"]
    assert first_frame["sigterm_default"]


def test_the_first_frame_does_not_make_qstyle_for_python(first_frame):
    """PySide makes a Qt class's Python enums when the class is first named: QStyle's ~20
    (~5 ms) were made for the contents tree's row delegate, which has no row to draw yet."""
    assert "QStyle" not in first_frame["qt_classes"]


def test_nothing_printing_comparison_or_search_results_is_imported_for_the_first_frame(first_frame):
    """Nor `dataclasses` (~2 ms with the two frozen classes it made: the history's View and
    the search's SearchScope are named tuples)."""
    modules = first_frame["modules"]
    assert "dataclasses" not in modules
    for module in ("printing", "compare_dock", "operations", "search_panel", "search_controller",
                   "metric_cards"):
        assert f"desktop_app.ui.{module}" not in modules
    assert "desktop_app.core.kb" not in modules


class _FontChanges(QObject):
    """Counts the font changes that reach widgets made from now on."""

    def __init__(self) -> None:
        super().__init__()
        self.widgets = 0
        self._before = QApplication.topLevelWidgets()  # other tests' windows, not yet deleted

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FontChange and isinstance(watched, QWidget):
            top = watched.window()
            if not any(top is old for old in self._before):
                self.widgets += 1
        return False


def test_a_saved_zoom_is_the_font_before_the_window_makes_its_widgets(qtbot, data_dir, settings_file,
                                                                     dialog_calls):
    """Qt passes a new application font on to the windows when events are next processed —
    before the first frame. Set after the widgets were made, the zoomed font then reached
    every one of them as a font change, each measured and laid out again (126 here)."""
    ensure_application()
    settings = open_settings(settings_file)
    settings.setValue("ui/zoom", 3)
    counter = _FontChanges()
    app = QApplication.instance()
    app.installEventFilter(counter)
    gui = None
    try:
        gui = GuiApp(data_dir, settings)
        QApplication.processEvents()  # what the event loop does first, before the first frame
        assert counter.widgets == 0
        assert gui.window.zoom_level() == 3
        assert QApplication.font().pointSizeF() == pytest.approx(round(zoom.system_point_size() * 1.3, 2))
    finally:
        app.removeEventFilter(counter)
        if gui is not None:
            gui.close()
        zoom.apply(0)
