"""The progress an import shows: the CLI's one updating line on a
terminal (count, MB/s, time left), nothing on a pipe or with --json; the meter both the CLI
and the window word it from."""
from __future__ import annotations

import io
import json

import pytest

from desktop_app import cli
from desktop_app.cli_kb import ImportLine
from desktop_app.core import import_progress
from desktop_app.core.import_progress import ImportMeter, duration_text, progress_line
from tests.hostile.imports import releases


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_meter_gives_rate_and_time_left(tmp_path):
    clock = _Clock()
    meter = ImportMeter(clock=clock)
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 500_000)
    meter.update(1, 10, str(path))
    assert meter.remaining_s is None and meter.mb_per_s is None  # too early to say
    clock.now += 2.0
    meter.update(4, 10, str(path))
    assert meter.remaining_s == pytest.approx(3.0)  # 6 files left at 0.5 s a file
    assert meter.mb_per_s == pytest.approx(0.5)  # 2 files of 0.5 MB in 2 s
    assert duration_text(3.0) == "0:03" and duration_text(3725) == "1:02:05"
    assert progress_line(meter) == "导入 importing 4/10  0.50 MB/s  剩余 remaining 0:03"


def test_the_cli_line_rewrites_one_line_and_clears_it():
    clock, stream = _Clock(), _Terminal()
    line = ImportLine(stream, clock=clock)
    for done in range(1, 11):
        clock.now += 0.5
        line(done, 10, "")
    line.clear()
    written = stream.getvalue()
    assert "\n" not in written
    assert written.count("\r") >= 10 and "10/10" in written and "剩余 remaining 0:00" in written
    assert written.endswith("\r")


@pytest.mark.parametrize("terminal, json_out", [(True, False), (False, False), (True, True)])
def test_cli_import_shows_progress_only_on_a_terminal_and_not_with_json(
        tmp_path, monkeypatch, terminal, json_out):
    """A terminal gets the updating line (then the report on a clean line); a pipe or a
    file, and --json, get the report alone."""
    releases(tmp_path / "src", 3)
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stdout", stream)
    monkeypatch.setattr(import_progress, "MIN_ELAPSED", 0.0)
    args = ["import", str(tmp_path / "src"), "--data-dir", str(tmp_path / "kb"), "--no-seed"]
    assert cli.main(args + (["--json"] if json_out else [])) == 0
    out = stream.getvalue()
    if terminal and not json_out:
        assert "\r导入 importing 3/3" in out and "MB/s" in out
        assert "导入 imported" in out.rsplit("\r", 1)[1]  # the report after the cleared line
    else:
        assert "\r" not in out and "importing" not in out
    if json_out:
        assert len(json.loads(out)["imported"]) == 3
