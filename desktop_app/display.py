"""Is there a display Qt can draw on? One answer for the command line, the summaries and the window.

On systems whose desktops are X11 or Wayland, a process without `DISPLAY` or `WAYLAND_DISPLAY`
has no screen, and Qt aborts when it tries to open one; a Qt platform named in
`QT_QPA_PLATFORM` (offscreen, vnc, xcb …) is the user's choice and counts as a display.
Windows and macOS always give a logged-in user one. This module imports no Qt.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping

# sys.platform prefixes of the systems that draw through X11 or Wayland
X11_WAYLAND_SYSTEMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


def has_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True when Qt has somewhere to draw: an X11 or Wayland session, a Qt platform chosen in
    QT_QPA_PLATFORM, or a system that is not X11/Wayland-based."""
    if not platform.startswith(X11_WAYLAND_SYSTEMS):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY") or environ.get("QT_QPA_PLATFORM"))


def offscreen_without_display(environ: MutableMapping[str, str] = os.environ,
                              platform: str = sys.platform) -> bool:
    """Choose Qt's offscreen platform when there is no display, so that PDF export and
    screenshots work on a server; True when it was chosen. Call before the QApplication exists."""
    if has_display(environ, platform):
        return False
    environ["QT_QPA_PLATFORM"] = "offscreen"
    return True
