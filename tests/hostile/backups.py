"""Hostile backups and data folders.

Each function writes one file or folder and returns its path; nothing is committed. The
backups start from a real Zhiku backup (`zhiku_backup`) and change one thing in it, the way
a hand-edited or malicious file would. Usable by hand:

    python -m tests.hostile.backups /tmp/hostile     # writes every kind into /tmp/hostile
"""
from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

from desktop_app.core.store import SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_fdae50e4b2650f6d.txt"


# ------------------------------------------------------------------------ a real backup

def releases(folder: Path, count: int, seed: Path = SEED) -> Path:
    """`count` distinct releases made from the seed (figures and title changed)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = seed.read_text("utf-8")
    for i in range(count):
        changed = (text.replace("7600余人", f"{7600 + i}余人").replace("权威发布丨", f"权威发布{i}丨"))
        (folder / f"r{i:03d}.txt").write_text(changed, encoding="utf-8")
    return folder


def zhiku_backup(target: Path, documents: int = 3) -> Path:
    """A genuine backup written by Zhiku itself, holding `documents` releases."""
    from desktop_app.core.kb import KnowledgeBase

    work = target.parent / f".{target.name}.work"
    try:
        with KnowledgeBase.open(work / "kb", seed=False) as kb:
            kb.import_paths([releases(work / "src", documents)])
            kb.backup(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _edited(source: Path, target: Path, *statements: str, foreign_keys: bool = True) -> Path:
    """A copy of `source` with SQL statements run on it (as a hand-edited backup would be)."""
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        if not foreign_keys:
            conn.execute("PRAGMA foreign_keys = OFF")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()
    return target


# --------------------------------------------------------------------- hostile backups

def with_extra_columns(source: Path, target: Path) -> Path:
    """Zhiku's schema version, but tables with other columns (another program's, or an
    unknown version's)."""
    return _edited(source, target,
                   "ALTER TABLE meta ADD COLUMN note TEXT",
                   "ALTER TABLE documents ADD COLUMN colour TEXT")


def unversioned(source: Path, target: Path) -> Path:
    """Other columns and user_version 0: restoring it made every later command fail with
    "table meta already exists" (the migration from version 0 ran on Zhiku's tables)."""
    return _edited(source, target,
                   "ALTER TABLE meta ADD COLUMN note TEXT",
                   "PRAGMA user_version = 0")


def with_missing_column(source: Path, target: Path) -> Path:
    """Version 2 by its user_version, but `documents` lacks `search_text` (a column every
    search reads)."""
    return _edited(source, target, "ALTER TABLE documents DROP COLUMN search_text")


def with_bytes_in_text(source: Path, target: Path) -> Path:
    """A document whose `text` is bytes that are not UTF-8 (every later command exited 4)."""
    return _edited(source, target,
                   "UPDATE documents SET text = CAST(X'E7BD91E6A0BCFFFE' AS TEXT) "
                   "WHERE id = (SELECT min(id) FROM documents)")


def with_blob_text(source: Path, target: Path) -> Path:
    """A document whose `text` is a BLOB instead of text."""
    return _edited(source, target,
                   "UPDATE documents SET text = X'00010203' WHERE id = (SELECT min(id) FROM documents)")


def with_bad_json_credits(source: Path, target: Path) -> Path:
    """A document whose `credits` is not JSON (every later command exited 4)."""
    return _edited(source, target,
                   "UPDATE documents SET credits = '{not json' WHERE id = (SELECT min(id) FROM documents)")


def with_list_credits(source: Path, target: Path) -> Path:
    """`credits` is JSON, but a list where an object belongs."""
    return _edited(source, target,
                   "UPDATE documents SET credits = '[1, 2]' WHERE id = (SELECT min(id) FROM documents)")


def with_text_in_a_number(source: Path, target: Path) -> Path:
    """A metric whose value is a word instead of a number."""
    return _edited(source, target,
                   "UPDATE metrics SET value = 'many' WHERE id = (SELECT min(id) FROM metrics)")


def with_bad_generation(source: Path, target: Path) -> Path:
    """`meta.generation`, which every open reads as a number, is a word."""
    return _edited(source, target, "UPDATE meta SET value = 'soon' WHERE key = 'generation'")


def with_huge_generation(source: Path, target: Path) -> Path:
    """`meta.generation` is a number, but one no knowledge base reaches (2^53 + 1)."""
    return _edited(source, target, f"UPDATE meta SET value = '{2 ** 53 + 1}' WHERE key = 'generation'")


def with_section_outside_its_text(source: Path, target: Path) -> Path:
    """A section whose end lies far beyond its document's text."""
    return _edited(source, target,
                   'UPDATE sections SET "end" = 10000000 WHERE id = (SELECT min(id) FROM sections)')


def with_orphan_section(source: Path, target: Path) -> Path:
    """A section of a document that does not exist (foreign keys were off when edited)."""
    return _edited(source, target,
                   "UPDATE sections SET doc_id = 999999 WHERE id = (SELECT min(id) FROM sections)",
                   foreign_keys=False)


def with_trigger(source: Path, target: Path) -> Path:
    """A trigger that deletes every other document on the next import (74 of 75 were lost)."""
    return _edited(source, target,
                   "CREATE TRIGGER keep_one AFTER INSERT ON documents "
                   "BEGIN DELETE FROM documents WHERE id != NEW.id; END")


def with_view(source: Path, target: Path) -> Path:
    """A view Zhiku never creates."""
    return _edited(source, target, "CREATE VIEW titles AS SELECT id, title FROM documents")


def with_extra_index(source: Path, target: Path) -> Path:
    """A unique index Zhiku never creates (it would refuse releases sharing a title)."""
    return _edited(source, target, "CREATE UNIQUE INDEX one_title ON documents(title)")


def newer_version(source: Path, target: Path) -> Path:
    """A backup from a newer Zhiku (a schema version this build does not know)."""
    return _edited(source, target, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


# Undo schema 7: the search tables and the folded title.
BEFORE_SEARCH_TABLES = ("DROP TABLE section_text", "DROP TABLE section_grams",
                        "DROP INDEX documents_title_key", "ALTER TABLE documents DROP COLUMN title_key")
# Undo schema 6: the figures' indicator keys and the release index.
BEFORE_INDICATORS = ("DROP INDEX metrics_indicator", "DROP INDEX documents_release",
                     "ALTER TABLE metrics DROP COLUMN label_key", "ALTER TABLE metrics DROP COLUMN unit_key",
                     "ALTER TABLE metrics DROP COLUMN series")


# Undo schema 8: the corrections and their journal.
# Schema 9 dropped two of the figures' indexes: every earlier version has them.
BEFORE_FEWER_FIGURE_INDEXES = ("CREATE INDEX metrics_unit_value ON metrics(unit, value)",
                               "CREATE INDEX metrics_kind ON metrics(kind)")
BEFORE_CORRECTIONS = (*BEFORE_FEWER_FIGURE_INDEXES, "DROP INDEX metrics_doc_borderline",
                      "DROP TABLE correction_journal", "DROP TABLE corrections")


def version_one(source: Path, target: Path) -> Path:
    """A genuine backup of schema version 1 (before `search_text` and the outline's columns):
    must still restore."""
    return _edited(source, target, *BEFORE_CORRECTIONS, *BEFORE_SEARCH_TABLES, *BEFORE_INDICATORS,
                   "DROP INDEX documents_year_date",
                   "ALTER TABLE documents DROP COLUMN year",
                   "ALTER TABLE documents DROP COLUMN date_source",
                   "ALTER TABLE documents DROP COLUMN issuer_key",
                   "DROP INDEX documents_parser_version",
                   "ALTER TABLE documents DROP COLUMN parser_version",
                   "ALTER TABLE documents DROP COLUMN search_text",
                   "ALTER TABLE sections DROP COLUMN parent_id",
                   "ALTER TABLE sections DROP COLUMN level", "PRAGMA user_version = 1")


HOSTILE_BACKUPS = {
    "extra_columns": with_extra_columns, "unversioned": unversioned,
    "missing_column": with_missing_column,
    "bytes_in_text": with_bytes_in_text, "blob_text": with_blob_text,
    "bad_json_credits": with_bad_json_credits, "list_credits": with_list_credits,
    "text_in_a_number": with_text_in_a_number, "bad_generation": with_bad_generation,
    "huge_generation": with_huge_generation,
    "section_outside_its_text": with_section_outside_its_text, "orphan_section": with_orphan_section,
    "trigger": with_trigger, "view": with_view, "extra_index": with_extra_index,
    "newer_version": newer_version,
}


# ------------------------------------------------------------------------ data folders

USER_FILES = {  # what a user keeps in a folder of their own called `index`
    "index/notes/会议纪要.txt": "不要删除我。\n",
    "index/drafts/v2/plan.md": "# plan\n",
    "index/draft.tmp": "unsaved work\n",
    "index/photo.jpg": "\xff\xd8 not really a jpeg\n",
}


def folder_with_foreign_index(folder: Path) -> Path:
    """A folder the user names as --data-dir that already holds an `index/` folder of their
    own files (subfolders and a *.tmp file: what remove_stale_builds deleted)."""
    for name, content in USER_FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return folder


def folder_with_empty_database(folder: Path) -> Path:
    """A data folder whose zhiku.sqlite3 is zero bytes (a failed copy, a truncated disk)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "zhiku.sqlite3").write_bytes(b"")
    return folder


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "hostile-backups")
    out.mkdir(parents=True, exist_ok=True)
    good = zhiku_backup(out / "good.backup")
    for name, make in HOSTILE_BACKUPS.items():
        print(make(good, out / f"{name}.backup"))
    print(folder_with_foreign_index(out / "foreign-index"))
    print(folder_with_empty_database(out / "empty-database"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
