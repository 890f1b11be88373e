"""Kills, concurrent writers and damaged indexes never leave an inconsistent knowledge base.

Consistent means: each document is in SQLite with all its sections and metrics or not at
all, and search answers exactly as a fresh rebuild of the index would.
"""
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core import kb as kb_module
from desktop_app.core.errors import BusyError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.parser import parse_file
from desktop_app.core.write_lock import WriteLock

REPO = Path(__file__).resolve().parents[2]
QUERIES = ("网格员", "网格", "淄博市", "交通安全", "36.01%", '"矛盾纠纷"', "诈骗 OR 电诈", "扫黑除恶",
           "犯罪活动")
# Runs the CLI with small import batches, so a kill can land between many commits.
RUNNER = (
    "import sys; import desktop_app.core.kb_import as k; k.BATCH_FILES = 3; "
    "from desktop_app.cli import main; sys.exit(main(sys.argv[1:]))"
)


def make_releases(folder: Path, seed_text: str, count: int, tag: str) -> Path:
    """`count` distinct releases made from the seed by changing its figures and title."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = (seed_text.replace("7600余人", f"{7600 + i}余人").replace("36.01%", f"{30 + i}.{i:02d}%")
                .replace("权威发布丨", f"权威发布{tag}{i}丨"))
        (folder / f"{tag}{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def start_cli(*args) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", RUNNER, *map(str, args)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def answers(kb: KnowledgeBase) -> list:
    return [(r.total, [(h.section_id, h.score, h.snippet, h.matches) for h in r.hits])
            for r in (kb.search(q, limit=50) for q in QUERIES)]


def assert_consistent(data_dir: Path, *sources: Path) -> int:
    """Every stored document equals the parse of its file in one of `sources` (the versions
    it may be at: before or after a replace); search equals a fresh rebuild."""
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._index.problem(kb._store.state()) is None  # open brought the index up to date
        docs = kb.documents()
        for doc in docs:
            text = kb.document_text(doc.id)
            versions = [parse_file(folder / doc.file) for folder in sources]
            parsed = next((v for v in versions if v.text == text), None)
            assert parsed is not None, doc.file  # one whole version, never a mixture
            assert len(doc.sections) == len(parsed.sections)
            assert doc.metric_count + doc.borderline_count == len(parsed.metrics)
            assert doc.borderline_count == sum(m.borderline for m in parsed.metrics)
            assert [(s.start, s.end) for s in doc.sections] == [(s.start, s.end) for s in parsed.sections]
        assert len(kb.metrics()) == sum(d.metric_count + d.borderline_count for d in docs)
        before = answers(kb)
        kb.reindex()
        assert answers(kb) == before
        return len(docs)


def wait_for_documents(data_dir: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until the import in `proc` has committed a document to `data_dir` (or has ended)."""
    import sqlite3

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{data_dir / 'zhiku.sqlite3'}?mode=ro", uri=True, timeout=0.1) as conn:
                if conn.execute("SELECT count(*) FROM documents").fetchone()[0]:
                    return
        except sqlite3.Error:  # not created yet, or being written
            pass
        time.sleep(0.02)


def test_import_killed_at_random_points_leaves_a_consistent_store(tmp_path, seed_path):
    sources = make_releases(tmp_path / "src", seed_path.read_text("utf-8"), 30, "r")
    started = time.monotonic()
    full = start_cli("import", sources, "--data-dir", tmp_path / "full", "--no-seed")
    assert full.wait(timeout=60) == 0
    duration = time.monotonic() - started  # how long an import takes on this machine
    assert assert_consistent(tmp_path / "full", sources) == 30
    rng = random.Random(20241014)
    counts = []
    for run in range(5):
        data_dir = tmp_path / f"kb{run}"
        proc = start_cli("import", sources, "--data-dir", data_dir, "--no-seed")
        if run == 0:  # one kill lands once a batch is committed, whatever the machine's load
            wait_for_documents(data_dir, proc)
            time.sleep(duration * rng.uniform(0.0, 0.1))
        else:
            time.sleep(duration * rng.uniform(0.3, 0.95))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        counts.append(assert_consistent(data_dir, sources))
        assert counts[-1] % 3 == 0  # whole batches (of 3 files here) or nothing
    assert any(0 < c < 30 for c in counts), counts  # at least one kill landed mid-import
    again = start_cli("import", sources, "--data-dir", data_dir, "--no-seed")  # resume
    assert again.wait(timeout=60) == 0
    assert assert_consistent(data_dir, sources) == 30


def test_reindex_and_delete_killed_leave_a_consistent_store(tmp_path, seed_path):
    sources = make_releases(tmp_path / "src", seed_path.read_text("utf-8"), 8, "d")
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.import_paths([sources])
        doc_ids = [d.id for d in kb.documents()]
    rng = random.Random(7)
    for doc_id in doc_ids[:3]:
        for command in (("reindex",), ("delete", doc_id)):
            proc = start_cli(*command, "--data-dir", data_dir, "--no-seed")
            time.sleep(rng.uniform(0.2, 0.7))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert_consistent(data_dir, sources)


def test_two_writer_processes(tmp_path, seed_path):
    """Two imports at once: each finishes or reports busy (exit 3); nothing is corrupted."""
    seed_text = seed_path.read_text("utf-8")
    sources = tmp_path / "src"
    make_releases(sources / "a", seed_text, 9, "a")
    make_releases(sources / "b", seed_text, 9, "b")
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir, seed=False).close()
    procs = {tag: start_cli("import", sources / tag, "--data-dir", data_dir, "--no-seed", "--json")
             for tag in "ab"}
    codes = {tag: p.wait(timeout=60) for tag, p in procs.items()}
    assert sorted(codes.values()) in ([0, 0], [0, 3])  # at least one finishes; never both busy
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        files = {d.file for d in kb.documents()}
    for tag, code in codes.items():
        if code == 0:
            assert {f"{tag}{i:02d}.txt" for i in range(9)} <= files
    flat = tmp_path / "flat"
    flat.mkdir()
    for path in sources.rglob("*.txt"):
        (flat / path.name).write_bytes(path.read_bytes())
    assert_consistent(data_dir, flat)


def test_replacing_import_killed_at_random_points_leaves_a_consistent_store(tmp_path, seed_path):
    """Re-importing changed files (REPLACE: delete the old sections, insert the new ones)
    killed at random points: each document is wholly the old or wholly the new version."""
    seed_text = seed_path.read_text("utf-8")
    old = make_releases(tmp_path / "old", seed_text, 12, "p")
    sources = tmp_path / "src"
    rng = random.Random(1014)
    for run in range(3):
        data_dir = tmp_path / f"kb{run}"
        make_releases(sources, seed_text, 12, "p")
        assert start_cli("import", sources, "--data-dir", data_dir, "--no-seed").wait(timeout=60) == 0
        for path in sources.iterdir():  # every file changes: the next import replaces each
            path.write_text(path.read_text("utf-8").replace("网格员", "专职网格员"), "utf-8")
        started = time.monotonic()
        probe = start_cli("import", sources, "--data-dir", tmp_path / f"probe{run}", "--no-seed")
        assert probe.wait(timeout=60) == 0
        duration = time.monotonic() - started
        proc = start_cli("import", sources, "--data-dir", data_dir, "--no-seed")
        if run == 0:  # one kill lands once a batch is committed, whatever the machine's load
            wait_for_documents(data_dir, proc)
            time.sleep(duration * rng.uniform(0.0, 0.1))
        else:
            time.sleep(duration * rng.uniform(0.3, 0.95))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert assert_consistent(data_dir, old, sources) == 12  # replaced in place, none lost
        with KnowledgeBase.open(data_dir, seed=False) as kb:
            assert len({d.file for d in kb.documents()}) == 12


SET_PROPERTIES_RUNNER = (
    "import sys; from desktop_app.core.kb import KnowledgeBase\n"
    "kb = KnowledgeBase.open(sys.argv[1], seed=False)\n"
    "print('ready', flush=True)\n"
    "for n in range(100000):\n"
    "    for d in kb.documents():\n"
    "        kb.set_properties(d.id, title=f'标题{n}', year=2000 + n % 20, issuer=f'单位{n}')\n"
)


def test_set_properties_killed_at_random_points_leaves_a_consistent_store(tmp_path, seed_path):
    from desktop_app.core.store import iso_date

    sources = make_releases(tmp_path / "src", seed_path.read_text("utf-8"), 4, "s")
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.import_paths([sources])
    rng = random.Random(99)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", SET_PROPERTIES_RUNNER, str(data_dir)], cwd=REPO,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert assert_consistent(data_dir, sources) == 4
        with KnowledgeBase.open(data_dir, seed=False) as kb:
            for row in (kb._store.document_row(d.id) for d in kb.documents()):
                assert row.date == iso_date(row.dateline, row.user_year)  # one edit, whole
                assert (row.user_title is None) == (row.user_issuer is None)
                if row.user_title:
                    assert row.user_title[2:] == row.user_issuer[2:]


def test_second_writer_gets_busy_and_readers_do_not_block(tmp_path, monkeypatch):
    monkeypatch.setattr(kb_module, "LOCK_WAIT", 0.1)
    with KnowledgeBase.open(tmp_path / "kb") as writer, KnowledgeBase.open(tmp_path / "kb") as other:
        doc_id = writer.documents()[0].id
        with writer._writing():
            with pytest.raises(BusyError):
                other.delete_document(doc_id)
            with pytest.raises(BusyError):
                other.reindex()
            assert other.search("网格员").total == 2  # reading while a write is in progress
            assert len(other.documents()) == 1
        other.delete_document(doc_id)
        assert writer.search("网格员").total == 0


def test_busy_is_exit_code_3(tmp_path, monkeypatch, capsys):
    from desktop_app.cli import main

    monkeypatch.setattr(kb_module, "LOCK_WAIT", 0.1)
    with KnowledgeBase.open(tmp_path / "kb") as writer:
        with writer._writing():
            assert main(["delete", "1", "--data-dir", str(tmp_path / "kb")]) == 3
    err = capsys.readouterr().err
    assert "知识库正忙" in err and "请稍后再试" in err  # says what to do, in both languages
    assert "busy" in err and "try again in a moment" in err


def _index_folder(data_dir: Path) -> Path:
    manifest = json.loads((data_dir / "index" / "current.json").read_text("utf-8"))
    return data_dir / "index" / manifest["dir"]


@pytest.mark.parametrize("damage", ["delete_folder", "delete_manifest", "garble_manifest",
                                    "truncate_segment", "stale_generation", "empty_toc"])
def test_damaged_index_is_rebuilt_on_open(tmp_path, damage):
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir) as kb:
        expected = answers(kb)
        section_ids = [s.id for s in kb.documents()[0].sections]
    folder = _index_folder(data_dir)
    if damage == "delete_folder":
        import shutil
        shutil.rmtree(data_dir / "index")
    elif damage == "delete_manifest":
        (data_dir / "index" / "current.json").unlink()
    elif damage == "garble_manifest":
        (data_dir / "index" / "current.json").write_text("{not json", "utf-8")
    elif damage == "truncate_segment":
        segment = max((p for p in folder.iterdir() if p.suffix != ".toc"), key=lambda p: p.stat().st_size)
        with open(segment, "r+b") as handle:
            handle.truncate(segment.stat().st_size // 2)
    elif damage == "stale_generation":
        manifest = json.loads((data_dir / "index" / "current.json").read_text("utf-8"))
        manifest["generation"] -= 1
        (data_dir / "index" / "current.json").write_text(json.dumps(manifest), "utf-8")
    elif damage == "empty_toc":
        for toc in folder.glob("*.toc"):
            toc.write_bytes(b"\0" * toc.stat().st_size)
    calls = []
    with KnowledgeBase.open(data_dir, progress=lambda done, total, label: calls.append((done, total))) as kb:
        assert kb._index.problem(kb._store.state()) is None
        assert answers(kb) == expected
        assert [s.id for s in kb.documents()[0].sections] == section_ids
    assert calls and calls[-1] == (13, 13)  # the rebuild reported its progress


def test_search_survives_an_index_broken_while_running(tmp_path):
    """Whoosh failing mid-session: search still answers from the texts (complete recall)."""
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.warm_up()
        kb._index.close()
        for path in _index_folder(kb.data_dir).iterdir():
            path.write_bytes(b"garbage")
        result = kb.search("网格员")
        assert result.total == 2 and len(result.hits) == 2
    with KnowledgeBase.open(tmp_path / "kb") as kb:  # and the next start repairs it
        assert kb.search("网格员").hits[0].score > 0


def test_backup_and_restore(tmp_path, seed_path):
    data_dir = tmp_path / "kb"
    backup = tmp_path / "备份 #1?.zhiku"  # characters a SQLite URI must escape
    with KnowledgeBase.open(data_dir) as kb:
        kb.set_properties(kb.documents()[0].id, year=2022)
        expected = answers(kb)
        kb.backup(backup)
        kb.delete_document(kb.documents()[0].id)
        assert kb.search("网格员").total == 0
        KnowledgeBase.restore_backup(backup, data_dir)
        assert answers(kb) == expected
        assert kb.documents()[0].date == "2022-10-14"
    with KnowledgeBase.open(data_dir) as kb:
        assert answers(kb) == expected


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    from desktop_app.core.errors import BackupRefusedError

    bogus = tmp_path / "bogus.zhiku"
    bogus.write_text("hello", "utf-8")
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        with pytest.raises(BackupRefusedError):
            KnowledgeBase.restore_backup(bogus, tmp_path / "kb")
        assert kb.search("网格员").total == 2


def _damage_middle(database: Path) -> None:
    data = bytearray(database.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = bytes(range(256)) * 16
    database.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["middle", "not_a_database"])
def test_open_reports_a_damaged_database_as_store_error(tmp_path, how):
    from desktop_app.core.errors import StoreError

    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    database = data_dir / "zhiku.sqlite3"
    if how == "middle":
        _damage_middle(database)
    else:
        database.write_bytes(b"GIF89a" + bytes(range(256)) * 40)
    before = database.read_bytes()
    with pytest.raises(StoreError) as caught:
        KnowledgeBase.open(data_dir)
    assert "知识库文件已损坏" in caught.value.chinese and str(database) in caught.value.chinese
    assert "damaged" in caught.value.english and "zhiku restore" in caught.value.english
    assert database.read_bytes() == before  # opening never writes into a damaged file


def test_restore_backup_sets_a_damaged_database_aside_with_its_log(tmp_path):
    data_dir = tmp_path / "kb"
    backup = tmp_path / "good.backup"
    with KnowledgeBase.open(data_dir) as kb:
        expected = answers(kb)
        kb.backup(backup)
    database = data_dir / "zhiku.sqlite3"
    _damage_middle(database)
    Path(f"{database}-wal").write_bytes(b"old log")  # must never be replayed into the restored file
    damaged = database.read_bytes()
    restored = KnowledgeBase.restore_backup(backup, data_dir)
    kept = restored.kept
    assert restored.damaged and kept is not None and kept.name.startswith("zhiku.sqlite3.damaged-")
    assert kept.read_bytes() == damaged and Path(f"{kept}-wal").read_bytes() == b"old log"
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert answers(kb) == expected
    aside = sorted(data_dir.glob("zhiku.sqlite3.damaged-*"))
    again = KnowledgeBase.restore_backup(backup, data_dir)  # a healthy one: its content kept
    assert not again.damaged and again.kept.name.startswith("zhiku.sqlite3.before-restore-")
    assert sorted(data_dir.glob("zhiku.sqlite3.damaged-*")) == aside


def test_restore_backup_waits_for_the_writer(tmp_path, monkeypatch):
    monkeypatch.setattr(kb_module, "LOCK_WAIT", 0.1)
    backup = tmp_path / "good.backup"
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.backup(backup)
        with kb._writing():
            with pytest.raises(BusyError):
                KnowledgeBase.restore_backup(backup, tmp_path / "kb")


def _cli_run(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("store", ["no database yet", "empty database"])
def test_readers_of_a_never_seeded_folder_do_not_wait_for_its_first_writer(tmp_path, store):
    """`list` and `search` (real processes) on a never-seeded folder while another process
    holds the write lock, as its first import or seeding does. Deterministic: this test
    holds the lock. Before the fix the reader tried to seed, waited 3 s for the lock and
    exited 3 ("busy"); now it reads what is there, and a later open seeds."""
    data_dir = tmp_path / "kb"
    if store == "empty database":
        KnowledgeBase.open(data_dir, seed=False).close()
    else:
        data_dir.mkdir()
    lock = WriteLock(data_dir / kb_module.LOCK_NAME)
    lock.acquire(1)
    try:
        listed = _cli_run("list", "--json", "--data-dir", data_dir)
        assert (listed.returncode, json.loads(listed.stdout)) == (0, []), listed.stderr
        searched = _cli_run("search", "网格员", "--json", "--data-dir", data_dir)
        assert searched.returncode == 1, searched.stderr  # found nothing: not busy (3)
    finally:
        lock.release()
    listed = _cli_run("list", "--json", "--data-dir", data_dir)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 1  # seeded now
