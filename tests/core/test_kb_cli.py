"""The knowledge-base subcommands: JSON shapes, readable output and exit codes."""
import csv
import io
import json

import pytest

from desktop_app.cli import main

SECTION_KEYS = {"id", "kind", "number", "keyword", "heading"}
HIT_KEYS = {"doc_id", "doc_title", "section_id", "kind", "number", "keyword", "heading", "score",
            "snippet", "matches"}
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
    assert set(doc) == {"id", "title", "dateline", "issuer", "file", "imported_at", "metric_count", "sections"}
    assert doc["title"].startswith("权威发布") and doc["metric_count"] == 40
    assert len(doc["sections"]) == 13 and set(doc["sections"][0]) == SECTION_KEYS
    assert doc["sections"][0]["keyword"] is None and doc["sections"][8]["keyword"] == "用"


def test_no_seed(tmp_path, capsys):
    assert main(["list", "--json", "--no-seed", "--data-dir", str(tmp_path / "empty")]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_search_shape_and_exit_codes(run):
    code, result = run("search", "网格员")
    assert code == 0
    assert set(result) == {"query", "total", "hint", "hits"}
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
    assert {"id", "doc_id", "doc_title", "kind", "number", "keyword", "heading", "start", "end", "text",
            "metrics"} <= set(section)
    assert section["text"].startswith("社会治理基层基础持续夯实筑牢")
    assert {m["text"] for m in section["metrics"]} >= {"7600余人", "超过98%"}
    assert code == 0 and set(section["metrics"][0]) == METRIC_KEYS
    assert run("show", 999999)[0] == 2


def test_metrics_filters_json_and_csv(run, capsys, tmp_path):
    code, rows = run("metrics", "--unit", "人", "--min", "1000")
    assert code == 0 and rows and all(set(r) == METRIC_KEYS for r in rows)
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
    assert report["skipped"][0]["reason"] == "unchanged"  # the seed, from the same path
    assert set(report["refused"][0]) == {"path", "error"} and ".docx" in report["refused"][0]["error"]
    code, report = run("import", good)
    assert code == 0 and report["imported"] == [] and report["skipped"][0]["reason"] == "unchanged"


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
