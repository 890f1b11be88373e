"""Command-line plumbing a user relies on: where options may stand, validation, no tracebacks."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def zhiku(*args, env_extra=None, **kw):
    import os
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", **kw)


@pytest.mark.parametrize("before", [True, False])
def test_common_options_work_before_or_after_the_subcommand(tmp_path, before):
    data = tmp_path / "kb"
    opts = ["--data-dir", str(data), "--no-seed", "--json"]
    args = [*opts, "list"] if before else ["list", *opts]
    result = zhiku(*args)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert data.is_dir()


@pytest.mark.parametrize("args, fragment", [
    (["search", "x", "--limit", "0"], "--limit"),
    (["--size", "huge", "--screenshot", "x.png"], "--size"),
    (["metrics", "--csv", "--json"], "--csv"),
])
def test_bad_option_values_are_refused_with_a_usage_message(args, fragment):
    result = zhiku(*args)
    assert result.returncode == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_window_without_a_display_gives_a_clear_message(tmp_path):
    result = zhiku("--data-dir", str(tmp_path / "kb"),
                   env_extra={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert result.returncode == 2
    assert "DISPLAY" in result.stderr and "Traceback" not in result.stderr


def test_an_unexpected_error_prints_one_line_and_keeps_the_traceback_in_a_log(monkeypatch, capsys):
    from desktop_app import cli
    # json.loads(Namespace) raises TypeError: stands in for any bug in a subcommand.
    monkeypatch.setitem(cli.HANDLERS, "list", "json:loads")
    monkeypatch.delenv("ZHIKU_DEBUG", raising=False)
    assert cli.main(["list"]) == cli.UNEXPECTED_ERROR_EXIT
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected error: TypeError" in err
    log = Path(err.rsplit("(", 1)[1].rstrip(")\n"))
    assert "Traceback" in log.read_text(encoding="utf-8")
    log.unlink()


@pytest.mark.parametrize("argv", [
    [],
    ["--data-dir", "/tmp/kb", "--lang", "en"],
    ["--data-dir=/tmp/kb", "--no-seed", "-v"],
    ["--screenshot", "out.png", "--size", "800x600", "--search", "词", "--select", "3"],
    ["--self-test"],
])
def test_the_window_parser_reads_window_arguments_as_the_whole_parser_does(argv):
    from desktop_app import cli

    assert cli._window_only(argv)
    assert cli.build_parser(commands=False).parse_args(argv) == cli.build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [
    ["list"], ["--data-dir", "/tmp/kb", "search", "x"], ["--help"], ["-h"], ["stray"],
    ["--data", "/tmp/kb"],  # an abbreviated option: its value looks like a subcommand
])
def test_anything_but_window_arguments_gets_the_whole_parser(argv):
    from desktop_app import cli

    assert not cli._window_only(argv)


def test_the_cli_refuses_the_limit_the_knowledge_base_refuses():
    """The CLI keeps its own copy of the largest --limit (its start-up imports no records)."""
    from desktop_app import cli
    from desktop_app.core.kb_input import MAX_LIMIT

    assert cli.MAX_LIMIT == MAX_LIMIT
