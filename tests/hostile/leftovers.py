"""Kill Zhiku with SIGKILL at a chosen moment of a write, to see what it leaves behind
(temporary files and folders nothing cleaned up).

Deterministic, not a race: the child process runs a `zhiku` command with a pause installed
at `point`; on reaching it, it prints PAUSED and sleeps, and the caller kills it then.

    python -m tests.hostile.leftovers restore_copied restore good.backup --data-dir /tmp/kb

Points:
  restore_copied  the backup has been copied in full to .zhiku.sqlite3.restore-<pid>.tmp
  new_database    a new knowledge base is built as .zhiku.sqlite3.new-<pid>-….tmp, not linked yet
  build_marking   an index build folder exists and is about to be marked as Zhiku's
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAUSED = "PAUSED"
POINTS = ("restore_copied", "new_database", "build_marking")


def _pause(*_args, **_kwargs):
    print(PAUSED, flush=True)
    time.sleep(600)


def install_pause(point: str) -> None:
    """Make this process stop (print PAUSED, then sleep) when it reaches `point`."""
    if point == "restore_copied":
        from desktop_app.core import restore

        restore._checked = _pause  # called once the private copy is complete
    elif point == "new_database":
        os.link = _pause  # create_database links its finished temporary file into place
    elif point == "build_marking":
        from desktop_app.core import paths

        real = paths.write_marker

        def marking(folder, role, kb_id):
            if role == paths.BUILD_ROLE:
                _pause()
            real(folder, role, kb_id)
        paths.write_marker = marking
    else:
        raise SystemExit(f"unknown point {point!r}; one of {', '.join(POINTS)}")


def killed_at(point: str, argv: list[str]) -> int:
    """Run `zhiku ARGV` in a child process, SIGKILL it at `point`; returns its pid (gone)."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.hostile.leftovers", point, *argv],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        if line != PAUSED:
            proc.kill()
            raise AssertionError(f"{point} was never reached: {line!r} {proc.stderr.read()}")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    return proc.pid


def main(argv: list[str]) -> int:
    install_pause(argv[0])
    from desktop_app.cli import main as zhiku

    return zhiku(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
