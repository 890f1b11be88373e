"""The schema said with sqlite-utils (core/schema.py) is the schema every earlier build made
with raw SQL: their knowledge bases open and upgrade, their backups restore, and a backup
is judged by its structure, not by its SQL text (tests/hostile/old_schemas.py freezes that
text)."""
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from desktop_app.core.errors import BackupRefusedError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.schema import SCHEMA_VERSION, reference_structure, structure
from desktop_app.core.store import DB_NAME, Store
from tests.hostile import old_schemas


def structure_of(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return structure(conn)
    finally:
        conn.close()


def test_the_old_sql_of_every_version_has_the_structure_of_its_migrations():
    """Version by version, the frozen raw SQL and the sqlite-utils migrations make the same
    tables, columns, keys and indexes (though not the same SQL text)."""
    for version in old_schemas.OLD_VERSIONS:
        conn = sqlite3.connect(":memory:")
        for sql in old_schemas.old_statements(version):
            conn.execute(sql)
        assert structure(conn) == reference_structure(version), version
        conn.close()


def test_a_new_knowledge_base_is_made_with_sqlite_utils(tmp_path):
    """meta is Table.create's, the added columns add_column's (quoted "name"), and the
    structure is the last version's."""
    Store(tmp_path / DB_NAME).close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
    assert sql["meta"].startswith('CREATE TABLE "meta"')
    assert '"title_key" TEXT' in sql["documents"]
    assert structure(conn) == reference_structure(SCHEMA_VERSION)
    conn.close()


@pytest.mark.parametrize("version", old_schemas.OLD_VERSIONS)
def test_a_knowledge_base_of_every_earlier_build_opens_and_upgrades(tmp_path, version):
    """A knowledge base made by the old raw SQL of `version` opens, upgrades (its releases
    parsed again by this parser), reads and searches, and ends with the structure of a new one."""
    data_dir = tmp_path / "kb"
    data_dir.mkdir()
    old_schemas.old_database(data_dir / DB_NAME, version, documents=2)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._store.schema_version() == SCHEMA_VERSION
        assert len(kb.documents()) == 2
        assert kb.search("生产总值").total == 2
    fresh = tmp_path / "fresh" / DB_NAME
    fresh.parent.mkdir()
    Store(fresh).close()
    assert structure_of(data_dir / DB_NAME) == structure_of(fresh)


@pytest.mark.parametrize("version", old_schemas.OLD_VERSIONS)
def test_a_backup_of_every_earlier_build_restores(tmp_path, version):
    """A backup whose schema SQL is the old raw SQL of `version` passes the checks, is
    upgraded and replaces the knowledge base."""
    backup = old_schemas.old_database(tmp_path / f"v{version}.backup", version, documents=2)
    data_dir = tmp_path / "kb"
    restored = KnowledgeBase.restore_backup(backup, data_dir)
    assert restored.documents == 2
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._store.schema_version() == SCHEMA_VERSION
        assert kb.search("生产总值").total == 2


def test_a_backup_written_in_other_words_restores(tmp_path):
    """The same schema in other SQL text (tables rebuilt by sqlite-utils' transform, as a
    backup of this build has them) is accepted. Before: refused, "table documents: defined
    otherwise", as the SQL text differed from the old migrations'."""
    backup = old_schemas.old_database(tmp_path / "rebuilt.backup", SCHEMA_VERSION, documents=2)
    db = sqlite_utils.Database(backup)
    for table in ("meta", "corrections", "correction_journal"):
        db[table].transform()
    # transform re-quotes a numeric default taken from PRAGMA table_info (0 → '0'): say it
    db["documents"].transform(defaults={"parser_version": 0})
    db.conn.close()
    assert '"content_hash" TEXT NOT NULL UNIQUE' in structure_sql(backup, "documents")
    restored = KnowledgeBase.restore_backup(backup, tmp_path / "kb")
    assert restored.documents == 2


def structure_sql(path: Path, table: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("kind", sorted(old_schemas.REFUSED_STRUCTURES))
def test_a_backup_of_another_structure_is_refused(tmp_path, kind):
    """A changed column type, a missing index, a foreign key without its ON DELETE, a lost
    UNIQUE or AUTOINCREMENT, a CHECK, a collation, another default: refused, naming the
    backup and what differs, and nothing changes."""
    make, chinese, english = old_schemas.REFUSED_STRUCTURES[kind]
    backup = make(tmp_path / f"{kind}.backup")
    data_dir = tmp_path / "kb"
    with pytest.raises(BackupRefusedError) as caught:
        KnowledgeBase.restore_backup(backup, data_dir)
    assert str(backup) in caught.value.chinese and str(backup) in caught.value.english
    assert "它的结构与知库第 8 版不同" in caught.value.chinese
    assert "its schema is not Zhiku's version 8" in caught.value.english
    assert chinese in caught.value.chinese and english in caught.value.english
    assert not (data_dir / DB_NAME).exists()


def test_figures_filtered_by_kind_and_unit_are_the_same_after_their_indexes_went(tmp_path, seed_path):
    """Schema 9 dropped the figures' indexes by kind and by unit and value (each an index
    insert of every imported figure, for `metrics --kind/--unit` alone): a knowledge base
    of schema 8 upgrades, loses them, and lists the same figures for those filters, in
    document order."""
    from tests.hostile.backups import BEFORE_FEWER_FIGURE_INDEXES

    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.import_paths([seed_path])
        for sql in (*BEFORE_FEWER_FIGURE_INDEXES, "PRAGMA user_version = 8"):
            kb._store.db.execute(sql)
        before = {(kind, unit): kb.metrics(kind=kind, unit=unit)
                  for kind, unit in [("percent", None), (None, "%"), ("count", "人"), (None, "起")]}
    assert all(before.values())
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._store.schema_version() == SCHEMA_VERSION == 9
        indexes = {row[0] for row in kb._store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'metrics'")}
        assert not indexes & {"metrics_kind", "metrics_unit_value"}
        assert {"metrics_doc", "metrics_indicator"} <= indexes
        for (kind, unit), figures in before.items():
            assert kb.metrics(kind=kind, unit=unit) == figures
