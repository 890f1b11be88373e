"""Readable CLI output shows control characters from documents and file names as escapes,
never sends them to the terminal; --json and --csv keep the data."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from desktop_app import cli_kb
from desktop_app.cli import main
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.terminal import block, json_text, one_line
from tests.hostile.terminal import (
    C1_CLEAR,
    CLEAR,
    RAW_CONTROLS,
    RETITLE,
    TITLE_MARK,
    escaped_file_name,
    escaped_refused_file,
    escaped_release,
)

SHOWN_RETITLE = one_line(RETITLE)  # the visible form: \x1b]0;PWNED\x07


def _raw_controls(text: str) -> list[str]:
    return [c for c in RAW_CONTROLS if c in text]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """A folder of releases that try to drive the terminal, and a knowledge base holding them."""
    root = tmp_path_factory.mktemp("terminal")
    folder = root / "in"
    files = {"release": escaped_release(folder), "named": escaped_file_name(folder),
             "refused": escaped_refused_file(folder)}
    data = root / "kb"
    with KnowledgeBase.open(data, seed=False) as kb:
        kb.import_paths([files["release"], files["named"]])
        doc = next(d for d in kb.documents() if d.file == files["release"].name)
        heading = next(s for s in doc.sections if CLEAR in (s.heading or ""))
        metric = next(m for m in kb.metrics(doc_id=doc.id) if C1_CLEAR in (m.label or ""))
    return {"folder": folder, "data": data, "doc": doc.id, "section": heading.id,
            "metric_section": metric.section_id, **files}


def _run(capsys, hostile, *args) -> tuple[int, str, str]:
    try:
        code = main([*map(str, args), "--data-dir", str(hostile["data"]), "--no-seed"])
    except SystemExit as stop:
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_report_shows_file_names_escaped_and_fakes_no_line(tmp_path, capsys, hostile):
    code = main(["import", str(hostile["folder"]), "--data-dir", str(tmp_path / "kb"), "--no-seed"])
    out, err = capsys.readouterr()
    assert code == 2  # the empty file is refused, the two releases imported
    assert _raw_controls(out + err) == []
    assert SHOWN_RETITLE in out and "\\x1b[2J\\x0d.txt" in out
    lines = out.splitlines()
    assert sum(line.startswith("导入 imported") for line in lines) == 2
    assert not any(line.startswith("导入 imported  1  fake.txt") for line in lines)
    assert any(line.startswith("拒绝 refused") and "\\x0a导入 imported  1  fake.txt" in line
               for line in lines)


@pytest.mark.parametrize("command", [
    ["list"], ["show", "{section}"], ["search", "网格员"], ["search", "平安淄博"],
    ["metrics", "--section", "{metric_section}"], ["parse", "{release}"], ["parse", "{named}"],
    ["summary", "--doc", "{doc}", "--html", "{folder}/out{clear}.html"],
], ids=lambda c: " ".join(c[:2]))
def test_readable_output_escapes_control_characters(capsys, hostile, command):
    args = [a.format(clear=CLEAR, **hostile) for a in command]
    code, out, err = _run(capsys, hostile, *args)
    assert code == 0, err
    assert _raw_controls(out + err) == [], repr(out[:300])
    assert "\\x1b" in out or "\\x9b" in out or "\\u202e" in out  # shown, not dropped


def test_chinese_text_and_its_line_breaks_stay_as_they_are(capsys, hostile):
    code, out, _err = _run(capsys, hostile, "show", hostile["section"])
    assert code == 0
    lines = out.splitlines()
    heading = "社会大局\\x1b[2J保持和谐稳定"  # the bidi override was dropped at import
    assert heading in lines  # the heading: a line of its own
    assert lines[lines.index(heading) + 1].startswith("全力维护政治安全")
    _code, listed, _err = _run(capsys, hostile, "list")
    assert f"权威发布{SHOWN_RETITLE}丨纵深推进{TITLE_MARK}各项建设" in listed


def test_error_messages_naming_files_are_escaped(capsys, hostile):
    code, out, err = _run(capsys, hostile, "parse", hostile["refused"])
    assert code == 2 and out == ""
    assert _raw_controls(err) == [] and len(err.strip().splitlines()) == 1
    assert "空\\x1b[2J\\x0a导入 imported" in err
    code, _out, err = _run(capsys, hostile, "show", f"1{CLEAR}")  # argparse quotes the argument
    assert code == 2 and _raw_controls(err) == [] and "1\\x1b[2J" in err


def test_json_keeps_the_data_and_sends_no_control_character(capsys, hostile):
    code, out, _err = _run(capsys, hostile, "show", hostile["section"], "--json")
    assert code == 0 and _raw_controls(out) == []
    assert json.loads(out)["heading"] == f"社会大局{CLEAR}保持和谐稳定"  # bidi dropped at import
    code, out, _err = _run(capsys, hostile, "metrics", "--section", hostile["metric_section"], "--json")
    assert "\\u009b" in out and _raw_controls(out) == []  # json.dumps leaves C1 raw; we do not
    assert any(row["label"] == f"网{C1_CLEAR}格员" for row in json.loads(out))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [False, True])
def test_csv_is_data_as_stored_unless_written_to_a_terminal(monkeypatch, terminal):
    """CSV piped to a program or a file keeps every character; on a terminal (like `ls`)
    control characters are shown as escapes, and the newline inside a quoted field stays."""
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stdout", stream)
    row = dict.fromkeys(cli_kb._METRIC_FIELDS)
    row.update(id=1, text="7600余人", label=f"网{C1_CLEAR}格员\n{RETITLE}")
    cli_kb._write_csv([row])
    written = stream.getvalue()
    label = next(csv.DictReader(io.StringIO(written)))["label"]
    if terminal:
        assert _raw_controls(written) == [] and label == f"网\\x9b2J格员\n{SHOWN_RETITLE}"
    else:
        assert label == f"网{C1_CLEAR}格员\n{RETITLE}"


def test_the_escapes_themselves():
    assert one_line("a\x1b[2J\tb\nc\r\u202e\x9b\x7f") == "a\\x1b[2J\\x09b\\x0ac\\x0d\\u202e\\x9b\\x7f"
    assert block("标题\n\t正文\x1b]0;x\x07") == "标题\n\t正文\\x1b]0;x\\x07"
    assert one_line("名\udcb1.txt") == "名\ufffd.txt"  # a non-UTF-8 byte kept surrogate-escaped
    assert one_line("知库 Zhiku 2022年") == "知库 Zhiku 2022年"
    dumped = json.dumps({"x": "a\x9b\x7fb"}, ensure_ascii=False)
    assert "\x9b" in dumped and json.loads(json_text(dumped)) == {"x": "a\x9b\x7fb"}
    assert Path(one_line("/tmp/a.txt")) == Path("/tmp/a.txt")
