"""The knowledge-base subcommands: JSON shapes, readable output and exit codes."""
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main

SECTION_KEYS = {"id", "kind", "number", "keyword", "heading", "level", "parent_id"}
HIT_KEYS = {"doc_id", "doc_title", "section_id", "kind", "number", "keyword", "heading", "score",
            "snippet", "matches", "level", "parent_id", "parent_heading"}
METRIC_KEYS = {"id", "doc_id", "section_id", "text", "start", "end", "value", "low", "high", "unit",
               "qualifier", "kind", "label", "trend", "period", "sentence_start", "sentence_end",
               "borderline"}


@pytest.fixture
def run(tmp_path, capsys):
    """run(*args) -> (exit code, stdout) against a knowledge base in tmp_path."""
    data = str(tmp_path / "kb")

    def _run(*args, json_out=True):
        argv = [*map(str, args), "--data-dir", data] + (["--json"] if json_out else [])
        code = main(argv)
        out = capsys.readouterr().out
        return code, (json.loads(out) if json_out and out.strip() else out)
    return _run


def test_first_command_imports_the_seed_and_list_shape(run):
    code, docs = run("list")
    assert code == 0 and len(docs) == 1
    doc = docs[0]
    assert set(doc) == {"id", "title", "dateline", "date", "year", "date_source", "issuer", "file",
                        "imported_at", "metric_count", "borderline_count", "sections"}
    # metric_count counts the figures that are not borderline: 37 of the 40
    assert doc["title"].startswith("权威发布") and (doc["metric_count"], doc["borderline_count"]) == (37, 3)
    assert len(doc["sections"]) == 13 and set(doc["sections"][0]) == SECTION_KEYS
    assert doc["sections"][0]["keyword"] is None and doc["sections"][8]["keyword"] == "用"


def test_no_seed(tmp_path, capsys):
    assert main(["list", "--json", "--no-seed", "--data-dir", str(tmp_path / "empty")]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_search_shape_and_exit_codes(run):
    code, result = run("search", "网格员")
    assert code == 0
    assert set(result) == {"query", "total", "offset", "undated_excluded", "hint", "hits"}
    assert result["query"] == "网格员" and result["total"] == 2 and result["hint"] is None
    hit = result["hits"][0]
    assert set(hit) == HIT_KEYS
    assert "<mark>网格员</mark>" in hit["snippet"]
    assert all(isinstance(m, list) and len(m) == 2 for m in hit["matches"])
    code, result = run("search", "月球基地")
    assert code == 1 and result["total"] == 0 and result["hits"] == [] and result["hint"]
    code, result = run("search", "网格", "--kind", "priority", "--limit", "5")
    assert code == 0 and [h["keyword"] for h in result["hits"]] == ["用"]
    code, _ = run("search", "网格", "--kind", "bogus")
    assert code == 2


@pytest.mark.parametrize("query", ['"', "AND", "*", "😀", "x" * 3000, "((网格"])
def test_hostile_search_exits_cleanly(run, query):
    code, result = run("search", query)
    assert code in (0, 1) and result["total"] == len(result["hits"])


def test_json_is_utf8_not_escaped(run):
    _, out = run("search", "网格员", json_out=False)
    assert "网格员" in out and "\\u" not in out
    code, text = run("search", "--json", "网格员", json_out=False)
    assert '"网格员"' in text


def test_show_shape(run):
    _, docs = run("list")
    section_id = docs[0]["sections"][2]["id"]
    code, section = run("show", section_id)
    assert code == 0
    assert {"id", "doc_id", "doc_title", "kind", "number", "keyword", "heading", "start", "end", "text", "level",
            "parent_id", "metrics"} <= set(section)
    assert section["text"].startswith("社会治理基层基础持续夯实筑牢")
    assert {m["text"] for m in section["metrics"]} >= {"7600余人", "超过98%"}
    assert code == 0 and set(section["metrics"][0]) == METRIC_KEYS
    assert run("show", 999999)[0] == 2


def test_metrics_filters_json_and_csv(run, capsys, tmp_path):
    code, rows = run("metrics", "--unit", "人", "--min", "1000")
    assert code == 0 and rows and all(set(r) == METRIC_KEYS | {"doc_title", "date"} for r in rows)
    assert all(r["unit"] == "人" and r["value"] >= 1000 for r in rows)
    assert run("metrics", "--label", "月球")[0] == 1
    code = main(["metrics", "--label", "满意度", "--csv", "--data-dir", str(tmp_path / "kb")])
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert code == 0 and [r["text"] for r in table] == ["超过98%"] and table[0]["unit"] == "%"


def test_import_shapes_and_refused_exit_code(run, tmp_path, seed_path):
    good = tmp_path / "稿件.txt"
    good.write_text(seed_path.read_text("utf-8").replace("7600", "8100"), "utf-8")
    bad = tmp_path / "旧稿.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    code, report = run("import", good, bad, seed_path)
    assert code == 2
    assert set(report) == {"imported", "skipped", "refused"}
    assert [set(r) for r in report["imported"]] == [{"path", "doc_id"}]
    assert report["skipped"][0]["reason"] == "已导入过，内容未变 / unchanged"  # the seed, from the same path
    assert set(report["refused"][0]) == {"path", "error"} and ".docx" in report["refused"][0]["error"]
    code, report = run("import", good)
    assert code == 0 and report["imported"] == [] and report["skipped"][0]["reason"].endswith("unchanged")


def test_delete_reindex_backup_restore(run, tmp_path):
    backup = tmp_path / "kb.backup"
    assert run("backup", backup)[0] == 0 and backup.exists()
    assert run("delete", 1)[0] == 0
    assert run("list")[1] == []
    assert run("delete", 1)[0] == 2
    assert run("restore", backup)[0] == 0
    assert run("reindex")[0] == 0
    assert run("search", "网格员")[1]["total"] == 2


def test_readable_output(run):
    code, out = run("search", "网格员", json_out=False)
    assert code == 0 and "【网格员】" in out and "<mark>" not in out
    code, out = run("list", json_out=False)
    assert "下一步重点2「用」" in out


# ------------------------------------------------------------- as a user sees it (subprocess)

REPO = Path(__file__).resolve().parents[2]


def cli(*args, data_dir=None):
    """Run `python -m desktop_app ARGS` -> (exit code, stdout, stderr) as a user would."""
    extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
    result = subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args), *extra],
                            capture_output=True, cwd=REPO, timeout=120)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def one_clean_line(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def chinese_half(message: str) -> str:
    """The Chinese half of a `zhiku: 中文 / English` line, without the paths it names."""
    chinese = message.removeprefix("zhiku: ").split(" / ", 1)[0]
    return re.sub(r"(/[^\s：（）。，]+)", "", chinese)


def damage(database: Path, how: str) -> bytes:
    if how == "middle":  # a few KB overwritten in the middle of the file
        data = bytearray(database.read_bytes())
        middle = len(data) // 2
        data[middle:middle + 4096] = bytes(range(256)) * 16
        database.write_bytes(bytes(data))
    else:  # not a database at all
        database.write_text("这不是数据库 not a database\n" * 200, "utf-8")
    return database.read_bytes()


@pytest.mark.parametrize("how", ["middle", "not_a_database"])
def test_damaged_database_is_reported_and_restore_repairs_it(tmp_path, how):
    data = tmp_path / "kb"
    backup = tmp_path / "good.backup"
    assert cli("backup", backup, data_dir=data)[0] == 0
    database = data / "zhiku.sqlite3"
    damaged = damage(database, how)
    for command in (["list"], ["search", "网格员"], ["show", "3"]):
        code, out, err = cli(*command, data_dir=data)
        line = one_clean_line(err)
        assert code == 2 and out == ""
        assert "知识库文件已损坏" in line and "the knowledge base file is damaged" in line
        assert str(database) in line and "zhiku restore" in line
    code, out, err = cli("restore", backup, data_dir=data)
    assert code == 0, err
    kept = [p for p in data.glob("zhiku.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert [p.read_bytes() for p in kept] == [damaged]  # set aside, never deleted
    assert str(kept[0]) in out
    code, out, _ = cli("search", "网格员", "--json", data_dir=data)
    assert code == 0 and json.loads(out)["total"] == 2


def test_backup_refuses_impossible_targets_naming_them(tmp_path):
    data = tmp_path / "kb"
    folder = tmp_path / "已有文件夹"
    folder.mkdir()
    targets = [tmp_path / "没有的文件夹" / "kb.backup", folder, data / "zhiku.sqlite3"]
    if Path("/proc/self").is_dir():
        targets.append(Path("/proc/zhiku.backup"))  # nobody, not even root, may create files here
    for target in targets:
        code, out, err = cli("backup", target, data_dir=data)
        line = one_clean_line(err)
        assert code == 2 and out == ""
        assert str(target) in line and ".tmp" not in line
        assert not re.search(r"[A-Za-z]{3,}", chinese_half(line)), line
    assert not (tmp_path / "没有的文件夹").exists()
    assert cli("search", "网格员", data_dir=data)[0] == 0  # the live database is untouched


def test_restore_from_a_folder_says_it_is_a_folder(tmp_path):
    code, _, err = cli("restore", tmp_path, data_dir=tmp_path / "kb")
    line = one_clean_line(err)
    assert code == 2 and "文件夹" in line and "folder" in line and "not found" not in line
    bogus = tmp_path / "bogus.backup"
    bogus.write_text("hello", "utf-8")
    code, _, err = cli("restore", bogus, data_dir=tmp_path / "kb")
    line = one_clean_line(err)
    assert code == 2 and "不是知库备份文件" in line
    assert not re.search(r"[A-Za-z]{3,}", chinese_half(line)), line  # no SQLite English in the Chinese half


def test_summary_search_without_hits_writes_nothing(tmp_path):
    out_file = tmp_path / "s.html"
    code, out, err = cli("summary", "--search", "月球基地", "--html", out_file, data_dir=tmp_path / "kb")
    assert code == 1 and out == "" and not out_file.exists()
    assert "没有找到匹配的段落" in one_clean_line(err) and "No matching sections" in err


def test_summary_refuses_an_output_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "没有" / "这个文件夹"
    code, _, err = cli("summary", "--search", "网格", "--pdf", missing / "x.pdf", data_dir=tmp_path / "kb")
    assert code == 2 and str(missing) in one_clean_line(err) and "不存在" in err
    assert not (tmp_path / "没有").exists()  # no folders made behind the user's back


# ------------------------------------------------------------------------ in-process

def test_replaced_document_is_visible(run, tmp_path, seed_path):
    release = tmp_path / "稿件.txt"
    release.write_text(seed_path.read_text("utf-8"), "utf-8")
    code, report = run("import", release, "--no-seed")
    assert code == 0 and report["imported"] == [{"path": str(release), "doc_id": 1}]
    release.write_text(seed_path.read_text("utf-8").replace("7600", "8100"), "utf-8")
    code, report = run("import", release)
    assert code == 0 and report["imported"] == [{"path": str(release), "doc_id": 1, "replaced": True}]
    release.write_text(seed_path.read_text("utf-8").replace("7600", "8200"), "utf-8")
    code, text = run("import", release, json_out=False)
    assert "已替换 replaced  1" in text and "1 replaced" in text
    copy = tmp_path / "副本.txt"
    copy.write_text(release.read_text("utf-8"), "utf-8")
    code, report = run("import", copy)
    assert report["skipped"] == [{"path": str(copy), "doc_id": 1,
                                  "reason": "与文档 1 内容相同 / same content as document 1"}]


def test_import_lets_large_imports_use_worker_processes(run, monkeypatch, seed_path):
    """`zhiku import` (a guarded __main__) may parse in workers; a library call may not."""
    from desktop_app.core import import_files
    from desktop_app.core import kb as kb_module

    seen = []
    original = kb_module.KnowledgeBase.import_paths

    def spy(self, *args, **kwargs):
        seen.append(import_files._parse_workers_allowed)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(kb_module.KnowledgeBase, "import_paths", spy)
    run("import", seed_path)
    assert seen == [True] and import_files._parse_workers_allowed is False


def test_unknown_ids_exit_2_not_found_nothing(tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "kb")]
    assert main(["search", "网格", "--doc", "99", *data]) == 2
    assert "没有编号为 99 的文档" in capsys.readouterr().err
    for option in ("--section", "--doc"):
        assert main(["metrics", option, "999", *data]) == 2
        assert "999" in capsys.readouterr().err
    assert main(["search", "月球基地", "--doc", "1", *data]) == 1  # a known document, nothing found


@pytest.mark.parametrize("label, kind", [("下一步重点", "priority"), ("主要成效", "achievement"),
                                         ("导语", "lead"), ("展望", "outlook"), ("其他", "other"),
                                         ("署名", "credits"), ("Priorities", "priority")])
def test_kind_accepts_the_labels_the_window_shows(run, label, kind):
    code, by_label = run("search", "淄博", "--kind", label)
    _, by_name = run("search", "淄博", "--kind", kind)
    assert by_label == by_name and code in (0, 1)
    assert all(h["kind"] == kind for h in by_label["hits"])


def test_metric_kind_labels(run):
    code, by_label = run("metrics", "--kind", "百分比")
    assert code == 0 and by_label == run("metrics", "--kind", "percent")[1]
    code, _ = run("metrics", "--kind", "月球")
    assert code == 2


# ---------------------------------------------- ids no document can have

BEYOND_SQLITE = "99999999999999999999"  # > 2**63 - 1: OverflowError in SQLite, exit 4 before
IMPOSSIBLE_IDS = [BEYOND_SQLITE, str(2**63), "0", "-1"]
ID_COMMANDS = [
    ["show", "{id}"], ["delete", "{id}"], ["metrics", "--doc", "{id}"],
    ["metrics", "--section", "{id}"], ["search", "网格", "--doc", "{id}"],
    ["summary", "--doc", "{id}", "--html", "{out}"],
    ["summary", "--section", "1", "{id}", "--html", "{out}"],
]


def _exit_code(argv: list[str]) -> int:
    """main()'s exit code, whether it returns it or argparse exits with it."""
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code


@pytest.mark.parametrize("value", IMPOSSIBLE_IDS)
@pytest.mark.parametrize("command", ID_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_impossible_ids_exit_2_with_a_message_naming_them(tmp_path, capsys, command, value):
    out = tmp_path / "summary.html"
    args = [a.format(id=value, out=out) for a in command]
    if args[1] == value:  # a positional id: `show -- -1`
        args.insert(1, "--")
    code = _exit_code(["--data-dir", str(tmp_path / "kb"), *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert value in err and "意外错误" not in err and "Traceback" not in err
    assert not out.exists()


def test_the_largest_sqlite_id_is_a_plain_unknown_id(tmp_path, capsys):
    assert main(["show", str(2**63 - 1), "--data-dir", str(tmp_path / "kb")]) == 2
    assert f"没有编号为 {2**63 - 1} 的段落" in capsys.readouterr().err


def test_an_id_beyond_sqlite_exits_2_as_a_user_sees_it(tmp_path):
    code, out, err = cli("delete", BEYOND_SQLITE, data_dir=tmp_path / "kb")
    assert code == 2 and out == ""
    assert f"没有编号为 {BEYOND_SQLITE} 的文档" in err and "ids go up to" in err
    assert "Traceback" not in err and "unexpected" not in err
    code, _out, err = cli("--screenshot", tmp_path / "x.png", "--select", BEYOND_SQLITE,
                          data_dir=tmp_path / "kb")
    assert code == 2 and f"没有编号为 {BEYOND_SQLITE} 的段落" in err
    assert not (tmp_path / "x.png").exists()
