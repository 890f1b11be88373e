"""How far an import has come, how fast it goes and how long it has left.

One meter for the CLI's progress line and the window's progress dialog: it is fed the
import's progress reports, progress(done, total, path), and says files done, MB/s and the
time left (the files left at the rate so far: a release parses and stores in roughly the
same time whatever the library holds, which merging off the import path keeps true). Qt-free.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[int, int, str], None]  # progress(done, total, what): imports, upgrades, index builds

MIN_ELAPSED = 1.0  # seconds before a rate or a time left is estimated (the first files lie)


@dataclass
class ImportMeter:
    """The state of one import, fed by `update` (each progress report)."""

    clock: Callable[[], float] = time.monotonic
    started: float | None = None
    done: int = 0
    total: int = 0
    bytes_done: int = 0

    def update(self, done: int, total: int, path: str) -> None:
        """Take a progress report: `done` of `total` files, the last one `path` (its size
        counts towards MB/s; a path that cannot be read counts nothing)."""
        if self.started is None:
            self.started = self.clock()
        if done > self.done and path:
            self.bytes_done += _size(path)
        self.done, self.total = max(done, self.done), total

    @property
    def elapsed(self) -> float:
        return 0.0 if self.started is None else self.clock() - self.started

    @property
    def mb_per_s(self) -> float | None:
        """Megabytes of source files read per second so far, or None while too early."""
        elapsed = self.elapsed
        return self.bytes_done / 1e6 / elapsed if elapsed >= MIN_ELAPSED else None

    @property
    def remaining_s(self) -> float | None:
        """Seconds left at the rate so far, or None while too early to say."""
        elapsed = self.elapsed
        if elapsed < MIN_ELAPSED or self.done <= 0:
            return None
        return max(0, self.total - self.done) * elapsed / self.done


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def duration_text(seconds: float | None) -> str:
    """`seconds` as m:ss or h:mm:ss ("--:--" when unknown)."""
    if seconds is None:
        return "--:--"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_line(meter: ImportMeter) -> str:
    """One line for a terminal: files done of all, MB/s, time left (bilingual)."""
    rate = meter.mb_per_s
    speed = f"{rate:.2f} MB/s" if rate is not None else "-- MB/s"
    return (f"导入 importing {meter.done}/{meter.total}  {speed}  "
            f"剩余 remaining {duration_text(meter.remaining_s)}")
