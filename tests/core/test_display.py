"""One answer to "is there a display?" (desktop_app/display.py) for the CLI's window check,
`summary --pdf` and the window's --screenshot: before, three copies disagreed on the systems
(a BSD without X got the CLI's message but `summary --pdf` there did not go offscreen)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.display import has_display, offscreen_without_display

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"
# Modules that still read the display variables themselves, each with its reason.
READS_DISPLAY_ITSELF = {
    "display.py": "the helper",
    "system_libs.py": "uses_xcb asks another question: X11 or Wayland, not whether there is a screen",
}


@pytest.mark.parametrize("platform", ["linux", "freebsd14", "openbsd7"])
def test_x11_and_wayland_systems_need_a_session_or_a_chosen_platform(platform):
    assert not has_display({}, platform)
    assert not has_display({"DISPLAY": "", "WAYLAND_DISPLAY": ""}, platform)
    assert has_display({"DISPLAY": ":0"}, platform)
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, platform)
    assert has_display({"QT_QPA_PLATFORM": "offscreen"}, platform)


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_always_have_one(platform):
    assert has_display({}, platform)


def test_offscreen_is_chosen_only_without_a_display():
    headless: dict[str, str] = {}
    assert offscreen_without_display(headless, "freebsd14") and headless == {"QT_QPA_PLATFORM": "offscreen"}
    chosen = {"QT_QPA_PLATFORM": "vnc"}
    assert not offscreen_without_display(chosen, "linux") and chosen == {"QT_QPA_PLATFORM": "vnc"}
    desktop = {"DISPLAY": ":0"}
    assert not offscreen_without_display(desktop, "linux") and "QT_QPA_PLATFORM" not in desktop
    windows: dict[str, str] = {}
    assert not offscreen_without_display(windows, "win32") and windows == {}


def test_no_other_module_asks_the_environment_for_a_display():
    reads = re.compile(r"""(?:\.get\(|\[)\s*["'](?:WAYLAND_)?DISPLAY["']""")
    found = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if reads.search(p.read_text(encoding="utf-8")))
    assert set(found) <= set(READS_DISPLAY_ITSELF), found
