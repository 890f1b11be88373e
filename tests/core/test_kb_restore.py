"""Restore checks a backup in full in a copy before anything is replaced, and keeps the
previous database until the restored one opens.

The hostile backups come from tests/hostile/backups.py: each is a genuine Zhiku backup
with one thing changed, as a hand-edited or malicious file would be.
"""
import sqlite3
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.errors import BackupRefusedError, StoreError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.store import DB_NAME, SCHEMA_VERSION
from tests.hostile import backups as hostile

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> Path:
    """A genuine backup holding three releases (made once: it costs an import)."""
    return hostile.zhiku_backup(tmp_path_factory.mktemp("genuine") / "good.backup", documents=3)


def snapshot(data_dir: Path) -> tuple:
    """What a user would notice changing: the documents, their sections, a search."""
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        docs = [(d.id, d.title, d.metric_count, tuple((s.id, s.heading) for s in d.sections))
                for d in kb.documents()]
        return docs, kb.search("网格员").total


def folder_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.iterdir() if p.is_file() and p.name != "write.lock")


@pytest.mark.parametrize("kind", sorted(hostile.HOSTILE_BACKUPS))
def test_a_hostile_backup_is_refused_and_nothing_changes(tmp_path, genuine, kind):
    """Every kind of hostile backup is refused with a message naming the file and the
    problem, by the path the CLI and the window share; the knowledge base is untouched."""
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()  # the seed
    before, files = snapshot(data_dir), folder_files(data_dir)
    backup = hostile.HOSTILE_BACKUPS[kind](genuine, tmp_path / f"{kind}.backup")
    with pytest.raises(StoreError) as caught:
        KnowledgeBase.restore_backup(backup, data_dir)
    assert str(backup) in caught.value.chinese and str(backup) in caught.value.english
    assert "知识库没有任何改动" in caught.value.chinese and "was not changed" in caught.value.english
    assert snapshot(data_dir) == before
    assert folder_files(data_dir) == files  # no copy or temporary file left behind


@pytest.mark.parametrize("kind, chinese, english", [
    ("unversioned", "没有知库的格式版本", "no Zhiku schema version"),
    ("extra_columns", "多了列 colour", "extra column colour"),
    ("missing_column", "缺少列 search_text", "missing column search_text"),
    ("bytes_in_text", "text 不是有效的 UTF-8 文本", "text is not valid UTF-8"),
    ("blob_text", "text 类型不对", "text is blob, not text"),
    ("bad_json_credits", "credits 不是知库的 JSON 格式", "credits is not the JSON Zhiku writes"),
    ("bad_generation", "generation 不是数字", "meta.generation is not a number ('soon')"),
    ("huge_generation", f"generation 过大（{2 ** 53 + 1}）", f"meta.generation is implausibly large ({2 ** 53 + 1})"),
    ("trigger", "触发器 keep_one", "a trigger, keep_one"),
    ("view", "视图 titles", "a view, titles"),
    ("extra_index", "索引 one_title", "index one_title"),
    ("newer_version", "更新版本的知库", f"schema version {SCHEMA_VERSION + 1}"),
])
def test_the_refusal_says_what_is_wrong(tmp_path, genuine, kind, chinese, english):
    backup = hostile.HOSTILE_BACKUPS[kind](genuine, tmp_path / f"{kind}.backup")
    with pytest.raises(StoreError) as caught:
        KnowledgeBase.restore_backup(backup, tmp_path / "kb")
    assert chinese in caught.value.chinese and english in caught.value.english


def test_a_backup_with_a_trigger_deletes_nothing_on_the_next_import(tmp_path, genuine, capsys):
    """The audit's case: the trigger deleted 74 of 75 documents on the next import.
    Before the fix: restore exit 0, then 1 document left after importing 75."""
    data_dir = tmp_path / "kb"
    releases = hostile.releases(tmp_path / "src", 75)
    backup = hostile.with_trigger(genuine, tmp_path / "trigger.backup")
    assert main(["restore", str(backup), "--data-dir", str(data_dir), "--no-seed"]) == 2
    err = capsys.readouterr().err
    assert "触发器 keep_one" in err and "a trigger, keep_one" in err and "Traceback" not in err
    assert main(["import", str(releases), "--data-dir", str(data_dir), "--no-seed", "--json"]) == 0
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert len(kb.documents()) == 75


@pytest.mark.parametrize("kind", ["bytes_in_text", "bad_json_credits", "unversioned", "bad_generation"])
def test_every_command_still_works_after_a_refused_restore(tmp_path, genuine, capsys, kind):
    """Before the fix these backups were restored, and then every command exited 2 or 4."""
    data_dir = ["--data-dir", str(tmp_path / "kb")]
    backup = hostile.HOSTILE_BACKUPS[kind](genuine, tmp_path / f"{kind}.backup")
    assert main(["restore", str(backup), *data_dir]) == 2
    assert main(["list", *data_dir]) == 0
    assert main(["search", "网格员", *data_dir]) == 0
    assert main(["metrics", "--kind", "percent", *data_dir]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_an_open_instance_sees_what_the_one_restore_path_did(tmp_path, genuine):
    """restore_backup is the only way to restore (the window's and the CLI's); an instance
    open meanwhile (the window's reader) sees a refused restore change nothing and a good
    one replace everything."""
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir) as kb:
        before = kb.search("网格员").total
        with pytest.raises(BackupRefusedError):
            KnowledgeBase.restore_backup(hostile.with_trigger(genuine, tmp_path / "trigger.backup"),
                                         data_dir)
        assert kb.search("网格员").total == before
        restored = KnowledgeBase.restore_backup(genuine, data_dir)
        assert restored.documents == 3 == len(kb.documents())
        assert kb.search("网格员").total == 3 * before  # each release holds the seed's two
    assert not hasattr(KnowledgeBase, "restore")


def test_a_version_one_backup_is_migrated(tmp_path, genuine):
    """A genuine backup from schema version 1 (before search_text) restores and searches."""
    backup = hostile.version_one(genuine, tmp_path / "v1.backup")
    data_dir = tmp_path / "kb"
    KnowledgeBase.restore_backup(backup, data_dir)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._store.schema_version() == SCHEMA_VERSION
        assert len(kb.documents()) == 3 and kb.search("网格员").total == 6


def test_a_backup_of_every_test_release_passes_the_checks(tmp_path):
    """No false refusals: a knowledge base of every release the tests hold (corpus, GBK,
    UTF-16, English, odd structures) backs up and restores."""
    backup = tmp_path / "all.backup"
    with KnowledgeBase.open(tmp_path / "source", seed=True) as kb:
        kb.import_paths([DATA])
        kb.set_properties(kb.documents()[0].id, title="改过的标题", year=2022, issuer="某单位")
        count = len(kb.documents())
        kb.backup(backup)
    assert count > 10
    KnowledgeBase.restore_backup(backup, tmp_path / "kb")
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        assert len(kb.documents()) == count


def test_a_backup_with_another_page_size_restores_into_a_wal_database(tmp_path, genuine):
    """SQLite cannot copy pages of another size into a WAL database: the checked copy is
    given the live page size first."""
    odd = tmp_path / "odd.backup"
    odd.write_bytes(genuine.read_bytes())
    conn = sqlite3.connect(odd, isolation_level=None)
    conn.execute("PRAGMA page_size = 1024")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 1024
    conn.close()
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    KnowledgeBase.restore_backup(odd, data_dir)
    assert len(snapshot(data_dir)[0]) == 3


def _fails_to_open(database):
    raise StoreError("打不开", "does not open")


def test_the_previous_database_is_put_back_when_the_restored_one_does_not_open(tmp_path, genuine,
                                                                              monkeypatch):
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    before, files = snapshot(data_dir), folder_files(data_dir)
    from desktop_app.core import restore as restore_module

    monkeypatch.setattr(restore_module, "check_opens", _fails_to_open)
    with pytest.raises(StoreError) as caught:
        KnowledgeBase.restore_backup(genuine, data_dir)
    assert "已放回原来的知识库" in caught.value.chinese and "put back" in caught.value.english
    monkeypatch.undo()
    assert snapshot(data_dir) == before
    assert folder_files(data_dir) == files  # the kept copy is gone once it is back


def test_a_damaged_database_is_put_back_when_the_restored_one_does_not_open(tmp_path, genuine,
                                                                           monkeypatch):
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    database = data_dir / DB_NAME
    database.write_bytes(b"GIF89a" + bytes(range(256)) * 40)
    damaged = database.read_bytes()
    from desktop_app.core import restore as restore_module

    monkeypatch.setattr(restore_module, "check_opens", _fails_to_open)
    with pytest.raises(StoreError):
        KnowledgeBase.restore_backup(genuine, data_dir)
    assert database.read_bytes() == damaged
    assert not list(data_dir.glob("*.damaged-*")) and not list(data_dir.glob(".*.tmp"))


def test_a_healthy_database_is_kept_under_a_visible_name_when_it_is_replaced(tmp_path, genuine,
                                                                            monkeypatch):
    """Before the backup is copied in, the previous content exists as a plain file of its
    own (a crash there loses nothing); it stays, and restore says where (the user may have
    picked the wrong backup). Before the review it was removed once the restore opened."""
    from desktop_app.core import restore as restore_module

    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    seen = []

    def check(database):
        kept = [p for p in data_dir.glob(f"{DB_NAME}.before-restore-*") if not p.name.endswith(("-wal", "-shm"))]
        conn = sqlite3.connect(f"file:{kept[0]}?mode=ro", uri=True)
        seen.append(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        conn.close()
        restore_module.Store(database).close()

    monkeypatch.setattr(restore_module, "check_opens", check)
    restored = KnowledgeBase.restore_backup(genuine, data_dir)
    assert seen == [1]  # the seed, as it was before the restore
    kept = list(data_dir.glob(f"{DB_NAME}.before-restore-*"))
    assert kept == [restored.kept] and not restored.damaged
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert len(kb.documents()) == 3  # the restored ones
    conn = sqlite3.connect(f"file:{kept[0]}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1  # still the seed
    conn.close()


def test_the_cli_says_where_the_previous_knowledge_base_was_kept(tmp_path, genuine, capsys):
    """Before: `zhiku restore` printed only the count; the previous content was gone."""
    import json

    data_dir = ["--data-dir", str(tmp_path / "kb")]
    assert main(["list", *data_dir]) == 0  # the seed
    capsys.readouterr()
    assert main(["restore", str(genuine), *data_dir]) == 0
    out = capsys.readouterr().out
    kept = sorted((tmp_path / "kb").glob(f"{DB_NAME}.before-restore-*"))
    assert len(kept) == 1
    assert "恢复 3 篇文档" in out and "restored 3 documents" in out
    assert f"原来的知识库已保留为 {kept[0]}" in out and f"previous knowledge base was kept as {kept[0]}" in out
    assert main(["restore", str(genuine), "--json", *data_dir]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 3 and Path(data["previous_kept_as"]).is_file()
    assert "damaged_kept_as" not in data
