"""Before the window starts: are the system libraries Qt's X11 platform plugin needs there?

Without them Qt prints "could not load the Qt platform plugin "xcb"" in English and aborts
the process, so nothing of Zhiku ever gets to explain. This module imports no Qt: it tries to
load each library `scripts/ensure-system-libs.sh` installs and, when one is missing, asks
`ldd` which libraries the xcb plugin (`libqxcb.so` in PySide6) cannot find — and names them
with the Debian packages and the same one command that script prints. `ldd` runs only when a
library is missing: a machine that has them pays a few milliseconds of loading what Qt would
load anyway.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import ZhikuError
from desktop_app.core.patterns import lazy

if TYPE_CHECKING:  # ctypes and subprocess are imported only where a check runs (X11)
    import subprocess

# library file -> Debian package, as in scripts/ensure-system-libs.sh (offscreen + window)
WINDOW_LIBRARIES = {
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libglib-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0", "libdbus-1.so.3": "libdbus-1-3", "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1", "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
NOT_FOUND = lazy(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
Runner = Callable[..., "subprocess.CompletedProcess"]


class MissingLibrariesError(ZhikuError):
    """The window cannot start: Qt's X11 plugin lacks system libraries."""


def xcb_plugin() -> Path | None:
    """PySide6's X11 platform plugin, found without importing Qt (None when not there)."""
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "PySide6")
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        roots += [Path(p) for p in spec.submodule_search_locations]
    for root in roots:
        for plugins in (root / "Qt" / "plugins", root / "plugins"):
            plugin = plugins / "platforms" / "libqxcb.so"
            if plugin.is_file():
                return plugin
    return None


def uses_xcb(environ: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    """Will Qt start on X11 here? (Linux, with QT_QPA_PLATFORM unset or xcb and no Wayland session.)"""
    if not sys.platform.startswith("linux"):
        return False
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform:
        return platform == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def missing_libraries(plugin: Path | None, *, run: Runner | None = None,
                      ldd: str | None = None, load: Callable[[str], object] | None = None) -> list[str]:
    """The library files Qt's window needs that cannot be found: those of WINDOW_LIBRARIES
    that cannot be loaded (a few milliseconds, and Qt finds them loaded already), and then,
    when one is missing, every one `ldd` says `plugin` lacks, in its order."""
    import ctypes
    import subprocess

    run = run if run is not None else subprocess.run
    load = load if load is not None else ctypes.CDLL
    missing = []
    for library in WINDOW_LIBRARIES:
        try:
            load(library)
        except OSError:
            missing.append(library)
    if not missing:
        return []
    ldd = ldd if ldd is not None else shutil.which("ldd")
    if plugin is not None and ldd:
        try:
            result = run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False)
        except (OSError, subprocess.SubprocessError):
            result = None
        if result is not None and result.returncode == 0:
            missing = NOT_FOUND.findall(result.stdout) + missing
    return list(dict.fromkeys(missing))


def install_command(libraries: Sequence[str]) -> str:
    """The command scripts/ensure-system-libs.sh advises for these library files (the script
    itself when none of them is one it knows)."""
    packages = list(dict.fromkeys(WINDOW_LIBRARIES[lib] for lib in libraries if lib in WINDOW_LIBRARIES))
    if not packages:
        return "sudo scripts/ensure-system-libs.sh window"
    return f"sudo apt-get update && sudo apt-get install -y --no-install-recommends {' '.join(packages)}"


def missing_libraries_error(libraries: Sequence[str]) -> MissingLibrariesError:
    """What to tell the user: the missing files, their packages, the command to run."""
    named = ", ".join(f"{lib} ({WINDOW_LIBRARIES[lib]})" if lib in WINDOW_LIBRARIES else lib for lib in libraries)
    command = install_command(libraries)
    return MissingLibrariesError(
        f"无法打开知库窗口：缺少 Qt 所需的系统库 {named}。请先运行：{command}（或以 root 运行 "
        f"scripts/ensure-system-libs.sh window）；也可以不开窗口，使用命令行子命令（zhiku --help）",
        f"cannot open the Zhiku window: Qt needs system libraries that are missing: {named}. "
        f"Run first: {command} (or scripts/ensure-system-libs.sh window as root); the subcommands "
        f"work without a window (zhiku --help)")


def check_window_libraries(environ: os._Environ[str] | dict[str, str] = os.environ, **kwargs) -> None:
    """Raise MissingLibrariesError when the window would start on X11 and Qt's xcb plugin
    lacks system libraries; do nothing elsewhere (Wayland, offscreen, Windows, macOS)."""
    if not uses_xcb(environ):
        return
    missing = missing_libraries(xcb_plugin(), **kwargs)
    if missing:
        raise missing_libraries_error(missing)
