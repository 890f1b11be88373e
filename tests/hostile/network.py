"""A trap for network use: "no network use, ever".

`run_trapped(cmd, workdir)` runs a command with two witnesses and reports what each saw:

- a TCP listener on a free port of 127.0.0.1 that CUPS_SERVER names, so every connection
  Qt's print support (libcups, C code that bypasses Python's socket module) opens to the
  print server lands there and is counted;
- a `sitecustomize` on PYTHONPATH that installs an audit hook: every `socket.connect` to an
  internet address and every `socket.getaddrinfo` made from Python (in the command and in
  the Python processes it starts) is written to a log, and the connect fails.

By hand:  python -m tests.hostile.network python -m desktop_app summary --doc 1 --pdf x.pdf
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

LOG_ENV = "ZHIKU_NET_TRAP_LOG"

SITECUSTOMIZE = f'''\
"""Installed by tests/hostile/network.py: log (and refuse) network use from Python."""
import os
import socket
import sys

_LOG = os.environ.get({LOG_ENV!r})


def _record(line):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(line + "\\n")


def _hook(event, args):
    if not _LOG:
        return
    if event == "socket.connect":
        sock, address = args[0], args[1]
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            _record(f"connect {{address!r}} pid {{os.getpid()}}")
            raise ConnectionRefusedError(f"network use refused by the test: {{address!r}}")
    elif event == "socket.getaddrinfo":
        _record(f"getaddrinfo {{args[0]!r}} pid {{os.getpid()}}")


sys.addaudithook(_hook)
'''


@dataclass
class Trapped:
    """What a trapped command did: its outcome and every network use either witness saw."""

    returncode: int
    stdout: str
    stderr: str
    accepted: int  # TCP connections that reached the CUPS_SERVER listener (C or Python)
    python_calls: list[str]  # socket.connect / getaddrinfo calls made from Python

    @property
    def network_used(self) -> bool:
        return bool(self.accepted or self.python_calls)


class _Listener:
    """A listening socket on a free local port that accepts and counts connections."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(128)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.count += 1
            conn.close()

    def close(self) -> int:
        """Stop listening; the number of connections received."""
        self._stop.set()
        self._thread.join()
        self.socket.close()
        return self.count


def write_sitecustomize(folder: str | Path) -> Path:
    """Write the audit-hook sitecustomize.py into `folder`; returns its path."""
    path = Path(folder) / "sitecustomize.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SITECUSTOMIZE, encoding="utf-8")
    return path


def run_trapped(cmd: list[str], workdir: str | Path, *, cwd: str | Path | None = None,
                env: dict[str, str] | None = None, timeout: float = 300) -> Trapped:
    """Run `cmd` (its own files go to `workdir`) under both witnesses; see the module doc."""
    workdir = Path(workdir)
    site = write_sitecustomize(workdir / "net-trap-site").parent
    log = workdir / "net-trap.log"
    log.unlink(missing_ok=True)
    listener = _Listener()
    base = dict(os.environ if env is None else env)
    python_path = os.pathsep.join(p for p in (str(site), base.get("PYTHONPATH", "")) if p)
    full_env = {**base, "CUPS_SERVER": f"127.0.0.1:{listener.port}", "PYTHONPATH": python_path,
                LOG_ENV: str(log)}
    try:
        done = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=timeout)
    finally:
        accepted = listener.close()
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return Trapped(done.returncode, done.stdout, done.stderr, accepted, calls)


def main(argv: list[str]) -> int:
    """Run the command given on the command line under the trap and say what it caught."""
    with tempfile.TemporaryDirectory(prefix="zhiku-net-trap-") as tmp:
        caught = run_trapped(argv, tmp, cwd=os.getcwd())
    sys.stdout.write(caught.stdout)
    sys.stderr.write(caught.stderr)
    print(f"exit {caught.returncode}; {caught.accepted} connection(s) to CUPS_SERVER; "
          f"Python network calls: {caught.python_calls or 'none'}")
    return 1 if caught.network_used else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
