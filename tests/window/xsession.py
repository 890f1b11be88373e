"""Drive Zhiku in a real X window: Xvfb, the app as its own process, xdotool for keys.

There is no window manager, so nothing gets focus by itself: every key goes to a window
found by its title and focused first. Chinese text goes in through the clipboard (xclip
and Ctrl+V); ASCII is typed. A failed step saves a screenshot next to the app's output so
the failure can be seen.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TOOLS = ("Xvfb", "xdotool", "xclip", "import")
REPO = Path(__file__).resolve().parents[2]


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class XServer:
    """An Xvfb server on a free display number (Xvfb picks it: -displayfd)."""

    def __init__(self, size: str = "1400x900x24"):
        read, write = os.pipe()
        self.process = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
                                        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.process.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class App:
    """One Zhiku process on the X server, with its output in `log`."""

    def __init__(self, server: XServer, data_dir: Path, work: Path, *args: str):
        self.server, self.work = server, work
        self.log = work / "app-output.txt"
        self.env = {**os.environ, "DISPLAY": server.display, "XDG_CONFIG_HOME": str(work / "config"),
                    "QT_QPA_PLATFORM": "xcb", "PYTHONFAULTHANDLER": "1"}
        self.env.pop("ZHIKU_DATA_DIR", None)
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "--lang", "zh_CN", *args],
                cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        self.shots = 0

    # -- X -----------------------------------------------------------------------------
    def xdotool(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def windows(self, title: str) -> list[str]:
        """Visible windows whose title matches `title` (a regular expression)."""
        return self.xdotool("search", "--onlyvisible", "--name", title, check=False).split()

    def wait_window(self, title: str, timeout: float = 30, action=None) -> str:
        """Wait until a window titled `title` shows (calling `action` between looks, e.g. a
        shortcut that is ignored while the window is still loading)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.assert_alive()
            found = self.windows(title)
            if found:
                return found[-1]
            if action is not None:
                action()
            time.sleep(0.3)
        self.fail(f"no window titled {title!r} after {timeout:.0f} s")

    def wait_until(self, condition, message: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            self.assert_alive()
            if time.monotonic() > deadline:
                self.fail(message)
            time.sleep(0.2)

    def wait_gone(self, title: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.windows(title):
            self.assert_alive()
            if time.monotonic() > deadline:
                self.fail(f"the window {title!r} is still open after {timeout:.0f} s")
            time.sleep(0.3)

    def focus(self, window: str) -> None:
        self.xdotool("windowfocus", "--sync", window)

    def key(self, window: str, *keys: str) -> None:
        self.focus(window)
        self.xdotool("key", "--clearmodifiers", *keys)

    def type(self, window: str, text: str) -> None:
        self.focus(window)
        if text.isascii():
            self.xdotool("type", "--delay", "15", text)
            return
        subprocess.run(["xclip", "-selection", "clipboard"], input=text.encode(), env=self.env, check=True,
                       timeout=10)
        self.xdotool("key", "ctrl+v")

    def screenshot(self, name: str) -> Path:
        self.shots += 1
        path = self.work / f"{self.shots:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, timeout=30, check=False)
        return path

    # -- the process -------------------------------------------------------------------
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def assert_alive(self) -> None:
        code = self.process.poll()
        if code is not None:
            raise AssertionError(f"Zhiku ended with exit code {code}:\n{self.output()[-3000:]}")

    def fail(self, message: str):
        shot = self.screenshot("failure")
        raise AssertionError(f"{message} (screenshot: {shot})\n{self.output()[-3000:]}")

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, which Zhiku handles like closing its window; kill if it does not end."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            raise AssertionError(f"Zhiku ignored SIGTERM for {timeout:.0f} s:\n{self.output()[-3000:]}") from None

    @contextmanager
    def running(self, alarms) -> Iterator[App]:
        """The app's session in a test: at the end of the block it must still be running;
        then it is ended by `terminate` (also when the block failed) and, when the block
        did not fail, must have exited cleanly (assert_clean_exit)."""
        try:
            yield self
            self.assert_alive()
        finally:
            code = self.terminate()
        self.assert_clean_exit(code, alarms)

    def assert_clean_exit(self, code: int, alarms) -> None:
        """The app (ended by `terminate`) exited 0 and printed nothing matching `alarms`
        (Qt's thread warnings, tracebacks)."""
        output = self.output()
        assert code == 0, output
        assert not alarms.search(output), output
