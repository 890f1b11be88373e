"""`python -m desktop_app` on a machine without Qt's X11 libraries says which are missing,
in Chinese and English, before Qt could abort. A missing library is simulated:
an `ldd` that reports it, or a loader that cannot load it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import system_libs
from desktop_app.system_libs import (
    WINDOW_LIBRARIES,
    MissingLibrariesError,
    check_window_libraries,
    missing_libraries,
    uses_xcb,
    xcb_plugin,
)
from tests.hostile.desk import LDD_MISSING, fake_ldd

REPO = Path(__file__).resolve().parents[2]
def test_the_library_table_is_the_one_the_install_script_uses():
    script = (REPO / "scripts" / "ensure-system-libs.sh").read_text(encoding="utf-8")
    pairs = dict(re.findall(r"\[([\w.+-]+\.so\.[\d.]+)\]=([\w.+-]+)", script))
    assert pairs == WINDOW_LIBRARIES


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_this_machine_has_everything_the_plugin_needs():
    plugin = xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert missing_libraries(plugin) == []


def cannot_load(*names: str):
    """A dynamic loader for which the library files `names` are missing."""
    def load(name: str):
        if name in names:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()
    return load


def test_ldd_reporting_missing_libraries_names_them_with_packages_and_the_command(tmp_path):
    ldd = fake_ldd(tmp_path, LDD_MISSING)
    missing = missing_libraries(tmp_path / "libqxcb.so", ldd=str(ldd), load=cannot_load("libxcb-cursor.so.0"))
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    error = system_libs.missing_libraries_error(missing)
    assert "缺少 Qt 所需的系统库" in error.chinese and "system libraries that are missing" in error.english
    for text in (error.chinese, error.english):
        assert "libxcb-cursor.so.0 (libxcb-cursor0)" in text
        assert "sudo apt-get install -y --no-install-recommends libxcb-cursor0 libxcb-icccm4" in text


def test_without_ldd_each_library_is_loaded_to_find_the_missing_ones(tmp_path):
    load = cannot_load("libxkbcommon-x11.so.0")
    assert missing_libraries(tmp_path / "libqxcb.so", ldd="", load=load) == ["libxkbcommon-x11.so.0"]
    assert missing_libraries(None, ldd="", load=load) == ["libxkbcommon-x11.so.0"]


def test_a_machine_with_every_library_asks_ldd_nothing(tmp_path):
    def run(*_args, **_kwargs):
        raise AssertionError("ldd was run although every library loaded")

    assert missing_libraries(tmp_path / "libqxcb.so", run=run, ldd="/usr/bin/ldd", load=lambda name: object()) == []


def test_only_an_x11_start_is_checked():
    linux = sys.platform.startswith("linux")
    assert uses_xcb({"DISPLAY": ":0"}) is linux
    assert uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}) is linux
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"})
    check_window_libraries({"QT_QPA_PLATFORM": "offscreen"}, ldd="/nonexistent")  # nothing asked


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_check_raises_the_bilingual_error(tmp_path):
    with pytest.raises(MissingLibrariesError) as caught:
        check_window_libraries({"DISPLAY": ":0"}, ldd=str(fake_ldd(tmp_path, LDD_MISSING)),
                               load=cannot_load("libxcb-cursor.so.0"))
    assert caught.value.exit_code == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_python_m_desktop_app_says_what_is_missing_before_qt_aborts(tmp_path):
    """Before: Qt's English “could not load the Qt platform plugin "xcb"” and an abort
    (exit -6). Simulated: the dynamic loader cannot load libxcb-cursor.so.0, and the `ldd` on
    the PATH reports it and libxcb-icccm.so.4 missing."""
    fake_ldd(tmp_path, LDD_MISSING)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(PATH=f"{tmp_path}{os.pathsep}{env.get('PATH', '')}", DISPLAY=":93",
               ZHIKU_DATA_DIR=str(tmp_path / "data"))
    program = (
        "import ctypes, runpy, sys\n"
        "real = ctypes.CDLL\n"
        "def cdll(name, *args, **kwargs):\n"
        "    if name == 'libxcb-cursor.so.0':\n"
        "        raise OSError('libxcb-cursor.so.0: cannot open shared object file: No such file or directory')\n"
        "    return real(name, *args, **kwargs)\n"
        "ctypes.CDLL = cdll\n"
        "sys.argv = ['desktop_app']\n"
        "runpy.run_module('desktop_app', run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", program], cwd=REPO, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 2, result.stderr
    assert "缺少 Qt 所需的系统库" in result.stderr and "system libraries that are missing" in result.stderr
    assert "libxcb-cursor0" in result.stderr and "apt-get install" in result.stderr
    assert "qt.qpa" not in result.stderr and "Traceback" not in result.stderr
