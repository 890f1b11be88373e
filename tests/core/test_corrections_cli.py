"""`zhiku correct …` and `zhiku corrections`: each command, its JSON, bad input
(exit 2, nothing changed), the persisted undo journal, the marks in show/list --json, and a
kill during corrections leaving the old or the new state."""
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from desktop_app.cli import main
from desktop_app.core.kb import KnowledgeBase
from tests.core.test_corrections import consistent
from tests.core.test_kb_crash import answers
from tests.hostile.corrections import corrections_file, not_corrections, stray_correction

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORRECTION_KEYS = {"id", "doc_id", "target", "anchor", "field", "before", "after", "status",
                   "content_hash", "created_at"}


@pytest.fixture
def run(tmp_path, capsys):
    """run(*args) -> (exit code, JSON out, stderr) against a knowledge base holding the seed."""
    data = str(tmp_path / "kb")

    def _run(*args):
        code = main([*map(str, args), "--data-dir", data, "--json"])
        captured = capsys.readouterr()
        return code, (json.loads(captured.out) if captured.out.strip() else None), captured.err
    return _run


def seed_ids(run):
    """(document id, the id of the section 社会大局保持和谐稳定, the id of the figure 36.01%)."""
    docs = run("list")[1]
    section = next(s["id"] for s in docs[0]["sections"] if s["heading"] == "社会大局保持和谐稳定")
    metric = next(m["id"] for m in run("metrics", "--doc", docs[0]["id"])[1] if m["text"] == "36.01%")
    return docs[0]["id"], section, metric


def state(run):
    return run("list")[1], run("metrics")[1], run("corrections")[1]


def test_correct_section_and_the_marks_in_show_and_list(run):
    doc, section, _ = seed_ids(run)
    code, made, _ = run("correct", "section", section, "--kind", "priority")
    assert code == 0
    correction = made["corrected"][0]
    assert set(correction) == CORRECTION_KEYS and set(correction["anchor"]) == {"start", "end", "text"}
    assert (correction["target"], correction["field"], correction["before"], correction["after"],
            correction["status"]) == ("section", "kind", "achievement", "priority", "applied")
    shown = run("show", section)[1]
    assert shown["kind"] == "priority" and shown["corrected"] == {"kind": "achievement"}
    listed = run("list")[1][0]
    assert next(s for s in listed["sections"] if s["id"] == section)["corrected"] == {"kind": "achievement"}
    assert "corrected" not in listed  # the release's own properties are the parser's
    assert run("correct", "section", section, "--heading", "大局稳定")[0] == 0
    assert run("show", section)[1]["corrected"] == {"kind": "achievement", "heading": "社会大局保持和谐稳定"}
    assert run("correct", "section", section, "--level", "2")[0] == 0
    assert run("show", section)[1]["level"] == 2


def test_split_and_merge_through_the_cli(run):
    doc, section, _ = seed_ids(run)
    shown = run("show", section)[1]
    at = shown["start"] + shown["text"].index("被确定为全省唯一")
    count = len(run("list")[1][0]["sections"])
    assert run("correct", "section", section, "--split-at", at)[0] == 0
    sections = run("list")[1][0]["sections"]
    assert len(sections) == count + 1
    new = next(s for s in sections if run("show", s["id"])[1]["start"] == at)
    assert run("correct", "section", new["id"], "--merge-into-previous")[0] == 0
    assert len(run("list")[1][0]["sections"]) == count


def test_correct_metric_and_borderline_count(run):
    doc, _, metric = seed_ids(run)
    before = run("list")[1][0]
    assert before["metric_count"] + before["borderline_count"] == len(run("metrics", "--doc", doc)[1])
    code, made, _ = run("correct", "metric", metric, "--label", "刑事案件", "--value", "800-1000",
                        "--borderline", "yes")
    assert code == 0 and [c["field"] for c in made["corrected"]] == ["label", "value", "borderline"]
    figure = next(m for m in run("metrics", "--doc", doc)[1] if m["id"] == metric)
    assert (figure["label"], figure["value"], figure["low"], figure["high"], figure["borderline"]) == \
        ("刑事案件", 800, 800, 1000, True)
    after = run("list")[1][0]
    assert (after["metric_count"], after["borderline_count"]) == (before["metric_count"] - 1,
                                                                  before["borderline_count"] + 1)
    shown = next(m for m in run("show", figure["section_id"])[1]["metrics"] if m["id"] == metric)
    assert set(shown["corrected"]) == {"label", "value", "borderline"} and shown["corrected"]["borderline"] is False
    assert run("correct", "metric", metric, "--remove")[0] == 0
    assert all(m["id"] != metric for m in run("metrics", "--doc", doc)[1])
    assert run("correct", "add-metric", doc, figure["start"], figure["end"])[0] == 0
    assert any(m["text"] == "36.01%" for m in run("metrics", "--doc", doc)[1])


def test_undo_is_a_persisted_journal(run):
    doc, section, metric = seed_ids(run)
    original = state(run)
    run("correct", "section", section, "--kind", "priority")
    run("correct", "metric", metric, "--unit", "件")
    code, undone, _ = run("correct", "undo")  # each run is a process of its own
    assert code == 0 and [c["field"] for c in undone["undone"]] == ["unit"]
    assert run("correct", "undo")[0] == 0
    assert state(run) == original
    code, _, err = run("correct", "undo")
    assert code == 2 and "没有可撤销的修改" in err and "nothing to undo" in err


@pytest.mark.parametrize("args", [
    ("section", "{section}", "--kind", "bogus"),
    ("section", "{section}", "--level", "3"),
    ("section", "{section}", "--level", "x"),
    ("section", "{section}", "--split-at", "999999"),
    ("section", "{section}", "--split-at", "-5"),
    ("section", "{section}", "--split-at", "{section_start}"),
    ("section", "99999", "--kind", "priority"),
    ("metric", "{metric}", "--unit", "斤斤"),
    ("metric", "{metric}", "--unit", "万元"),  # the 万 is the value's: the message says to give 元
    ("metric", "{metric}", "--value", "abc"),
    ("metric", "{metric}", "--borderline", "perhaps"),
    ("metric", "{metric}", "--label", "新", "--value", "1-x"),
    ("metric", "{metric}"),
    ("metric", "99999", "--label", "x"),
    ("add-metric", "{doc}", "10", "999999"),
    ("add-metric", "{doc}", "ten", "20"),
    ("add-metric", "99999", "1", "3"),
])
def test_bad_input_exits_2_with_both_languages_and_changes_nothing(run, args):
    doc, section, metric = seed_ids(run)
    start = run("show", section)[1]["start"]
    before = state(run)
    argv = [a.format(doc=doc, section=section, metric=metric, section_start=start) for a in args]
    code, out, err = run("correct", *argv)
    assert code == 2, err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err) and " / " in err and "Traceback" not in err
    assert state(run) == before


def test_corrections_list_export_import_and_orphans(run, tmp_path):
    doc, section, metric = seed_ids(run)
    run("correct", "section", section, "--kind", "priority")
    run("correct", "metric", metric, "--label", "甲")
    listed = run("corrections", "--doc", doc)[1]
    assert [c["field"] for c in listed] == ["kind", "label"] and all(set(c) == CORRECTION_KEYS for c in listed)
    code, out, _ = run("corrections", "--export", tmp_path / "c.json")
    assert code == 0 and out["exported"] == 2
    assert json.loads((tmp_path / "c.json").read_text("utf-8")) == listed
    stray = corrections_file(tmp_path / "stray.json", [stray_correction(), *listed])
    code, out, _ = run("corrections", "--import", stray)
    assert code == 0 and out["imported"] == [] and len(out["skipped"]) == 3  # elsewhere, already here
    for refused in not_corrections(tmp_path / "refused"):
        code, _, err = run("corrections", "--import", refused)
        assert code == 2 and "Traceback" not in err
    assert run("corrections")[1] == listed


def test_an_orphaned_correction_is_listed_and_counted(tmp_path, seed_path, capsys):
    from tests.hostile.corrections import changed_release

    source = tmp_path / "src" / seed_path.name
    source.parent.mkdir()
    source.write_bytes(seed_path.read_bytes())
    data = str(tmp_path / "kb")
    assert main(["import", str(source), "--data-dir", data, "--no-seed"]) == 0
    with KnowledgeBase.open(data, seed=False) as kb:
        kb.correct_metric(next(m for m in kb.metrics() if m.text == "36.01%").id, label="乙")
    changed_release(source, drop="36.01%")
    capsys.readouterr()
    assert main(["import", str(source), "--data-dir", data, "--no-seed", "--json"]) == 0
    imported = json.loads(capsys.readouterr().out)
    assert [c["after"] for c in imported["orphaned_corrections"]] == ["乙"]
    assert main(["corrections", "--data-dir", data]) == 0
    out = capsys.readouterr().out
    assert "孤立 orphaned" in out and "1 orphaned" in out


KILL_RUNNER = """
import sys
from desktop_app.core.errors import InputError
from desktop_app.core.kb import KnowledgeBase
kb = KnowledgeBase.open(sys.argv[1], seed=False)
doc = kb.documents()[0]
sections = [s.id for s in doc.sections if s.kind == "achievement"]
metrics = [m.id for m in kb.metrics()][:10]
print("ready", flush=True)
n = 0
def attempt(action):
    try:
        action()
    except InputError:  # already so, or nothing to undo: the next one
        pass
while True:
    n += 1
    attempt(lambda: kb.correct_section(sections[n % len(sections)], kind="priority" if n % 2 else "other"))
    attempt(lambda: kb.correct_metric(metrics[n % len(metrics)], label=f"指标{n}",
                                      borderline="yes" if n % 3 else "no"))
    if n % 4 == 0:
        attempt(kb.undo_correction)
    if n % 7 == 0:
        attempt(lambda: kb.restore_parser_version(doc.id))
"""


def test_a_kill_during_corrections_leaves_the_old_or_the_new_state(tmp_path, seed_path):
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.import_paths([seed_path])
    rng = random.Random(15)
    env = {**os.environ, "PYTHONPATH": REPO}
    made = []
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", KILL_RUNNER, str(data_dir)], cwd=REPO, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.6, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        with KnowledgeBase.open(data_dir, seed=False) as kb:
            assert kb._index.problem(kb._store.state()) is None
            assert consistent(kb)  # the rows are exactly the parse corrected by what is stored
            made.append(len(kb.corrections()))
            before = answers(kb)
            kb.reindex()
            assert answers(kb) == before
    assert any(made), made  # corrections were being made when killed
