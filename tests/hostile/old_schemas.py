"""The schema SQL of every earlier build, frozen: knowledge bases and backups made with it
exist, and must open, upgrade and restore.

Until schema version 8 the app made its schema with these raw statements (one list per
version, `_V1` … `_V8` of core/store.py); the app now says its schema with sqlite-utils
(core/schema.py), whose SQL text differs. Never import this from the app: it is the record
of what the old builds wrote. Usable by hand:

    python -m tests.hostile.old_schemas /tmp/old 5    # an empty knowledge base of version 5
"""
from __future__ import annotations

import sqlite3
import sys
import uuid
from pathlib import Path

_V1 = [
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT,
        dateline TEXT,
        issuer TEXT,
        file TEXT,
        source_path TEXT,
        content_hash TEXT NOT NULL UNIQUE,
        encoding TEXT,
        imported_at TEXT NOT NULL,
        credits TEXT NOT NULL DEFAULT '{}',
        warnings TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        user_title TEXT,
        user_year INTEGER,
        user_issuer TEXT,
        date TEXT
    )""",
    "CREATE INDEX documents_source_path ON documents(source_path)",
    "CREATE INDEX documents_file ON documents(file)",
    "CREATE INDEX documents_date ON documents(date)",
    """CREATE TABLE sections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        number INTEGER NOT NULL,
        keyword TEXT,
        heading TEXT,
        form TEXT,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        UNIQUE (doc_id, position)
    )""",
    "CREATE INDEX sections_kind ON sections(kind)",
    """CREATE TABLE metrics (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        value REAL,
        low REAL,
        high REAL,
        unit TEXT NOT NULL DEFAULT '',
        qualifier TEXT,
        kind TEXT NOT NULL,
        label TEXT,
        trend TEXT,
        period TEXT,
        sentence_start INTEGER NOT NULL DEFAULT 0,
        sentence_end INTEGER NOT NULL DEFAULT 0,
        borderline INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX metrics_doc ON metrics(doc_id, position)",
    "CREATE INDEX metrics_section ON metrics(section_id)",
    "CREATE INDEX metrics_unit_value ON metrics(unit, value)",
    "CREATE INDEX metrics_kind ON metrics(kind)",
]

_V2 = [
    # The text normalised for search (NFKC, lower case) when that keeps every offset;
    # NULL otherwise (and for rows from version 1): then it is computed when needed.
    "ALTER TABLE documents ADD COLUMN search_text TEXT",
]

_V3 = [
    # The outline: level 1 for an area or heading, 2 for an item under the
    # level-1 section parent_id. Rows from version 2 read as level 1 until re-parsed.
    "ALTER TABLE sections ADD COLUMN level INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE sections ADD COLUMN parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE",
]

_V4 = [
    # The parser version each document was parsed with (0: before versions were kept), so
    # an upgrade to a newer parser knows which documents it has re-parsed (kb.py).
    "ALTER TABLE documents ADD COLUMN parser_version INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX documents_parser_version ON documents(parser_version)",
]

_V5 = [
    # The date contract (core/dates.py): the year (known even without month and
    # day), where the date comes from, and the shown issuer folded (NFKC, lower case) for
    # the issuer filter; all kept by Store, so filtering and sorting is SQL. Existing rows
    # are computed by BACKFILLS[5] (ISO and English datelines get their date then).
    "ALTER TABLE documents ADD COLUMN year INTEGER",
    "ALTER TABLE documents ADD COLUMN date_source TEXT",
    "ALTER TABLE documents ADD COLUMN issuer_key TEXT",
    "CREATE INDEX documents_year_date ON documents(year, date)",
]

_V6 = [
    # Indicators across releases (core/indicators.py): each figure's label and
    # unit as the grouping rule compares them, and its series (level, change …), so that a
    # trend is an index look-up and the list of indicators one GROUP BY (of the index alone:
    # it holds the raw label and unit shown beside each indicator). Existing rows are
    # computed by BACKFILLS[6], which also infers the dates of undated releases from their
    # text and file name (core/dates.py: date_source "inferred", "filename").
    "ALTER TABLE metrics ADD COLUMN label_key TEXT",
    "ALTER TABLE metrics ADD COLUMN unit_key TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE metrics ADD COLUMN series TEXT NOT NULL DEFAULT 'level'",
    "CREATE INDEX metrics_indicator ON metrics(label_key, unit_key, doc_id, label, unit)",
    # A release's date and title without reading past its text (SQLite would walk the
    # text's overflow pages to reach the columns stored after it): for trends' joins.
    "CREATE INDEX documents_release ON documents(id, date, year, date_source, user_title, title)",
]

_V7 = [
    # Search without a scan (core/section_match.py): each section's normalised text
    # (its items blanked) under the trigram tokenizer for terms of 3+ characters, and its
    # characters and character pairs as tokens for shorter ones; the shown title folded like
    # the texts, for title matches. Written with the sections, in the same transaction.
    "CREATE VIRTUAL TABLE section_text USING fts5(body, tokenize = 'trigram case_sensitive 1')",
    "CREATE VIRTUAL TABLE section_grams USING fts5(grams, content = '', detail = none)",
    "ALTER TABLE documents ADD COLUMN title_key TEXT",
    # title matches read this index alone: the column sits after each release's text
    "CREATE INDEX documents_title_key ON documents(title_key)",
]

_V8 = [
    # The user's corrections of the parser's output (core/corrections.py): kept
    # apart from it, anchored by content hash, offsets and quoted text, applied again
    # whenever a document's rows are written; `before`/`after` are JSON. The journal holds
    # each apply or revert, for `zhiku correct undo`.
    """CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        target TEXT NOT NULL,
        field TEXT NOT NULL,
        anchor_start INTEGER NOT NULL,
        anchor_end INTEGER NOT NULL,
        anchor_text TEXT NOT NULL,
        before TEXT NOT NULL DEFAULT 'null',
        after TEXT NOT NULL DEFAULT 'null',
        status TEXT NOT NULL DEFAULT 'applied',
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX corrections_doc ON corrections(doc_id, id)",
    # metric_count counts the figures that are not borderline: from this index alone
    "CREATE INDEX metrics_doc_borderline ON metrics(doc_id, borderline)",
    """CREATE TABLE correction_journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL,
        corrections TEXT NOT NULL
    )""",
]

_V9 = [
    # Two indexes of the figures dropped (only `metrics --kind/--unit` filtered on them).
    "DROP INDEX metrics_kind",
    "DROP INDEX metrics_unit_value",
]

OLD_MIGRATIONS: tuple[tuple[str, ...], ...] = (tuple(_V1), tuple(_V2), tuple(_V3), tuple(_V4), tuple(_V5),
                                               tuple(_V6), tuple(_V7), tuple(_V8), tuple(_V9))
OLD_VERSIONS = range(1, len(OLD_MIGRATIONS) + 1)


def old_statements(version: int) -> list[str]:
    """Every statement an earlier build ran to make a new knowledge base of `version`."""
    return [sql for statements in OLD_MIGRATIONS[:version] for sql in statements]


def old_database(path: Path, version: int, *, edit: tuple[str, str] | None = None,
                 documents: int = 0) -> Path:
    """A knowledge base file as a build of schema `version` made it (its meta rows
    included), holding `documents` small releases; `edit`: (old, new) replaced once in the
    schema SQL first, as a hand-edited file would have it."""
    statements = old_statements(version)
    if edit is not None:
        statements = _edited(statements, *edit)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        for sql in statements:
            conn.execute(sql)
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                         [("generation", "1"), ("store_id", uuid.uuid4().hex), ("parser_version", "1")])
        for number in range(documents):
            _add_document(conn, number)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    finally:
        conn.close()
    return path


def _edited(statements: list[str], old: str, new: str) -> list[str]:
    """`statements` with `old` replaced by `new` in the one statement that holds it."""
    holding = [i for i, sql in enumerate(statements) if old in sql]
    if len(holding) != 1:
        raise ValueError(f"{old!r} is in {len(holding)} statements, not one")
    changed = list(statements)
    changed[holding[0]] = changed[holding[0]].replace(old, new, 1)
    return changed


_TEXT = "某市统计局发布2023年经济运行情况。\n一、总体情况\n全市生产总值增长5.2%。\n"


def _add_document(conn: sqlite3.Connection, number: int) -> None:
    """One release with a section and a figure, in the columns every version has."""
    text = _TEXT.replace("5.2%", f"5.{number}%")
    doc_id = conn.execute(
        "INSERT INTO documents (title, dateline, file, content_hash, imported_at, text) "
        "VALUES (?, '2024年1月5日', ?, ?, '2024-01-05T00:00:00', ?)",
        [f"经济运行情况{number}", f"r{number}.txt", uuid.uuid4().hex, text]).lastrowid
    start = text.index("一、")
    section_id = conn.execute(
        'INSERT INTO sections (doc_id, position, kind, number, heading, "start", "end") '
        "VALUES (?, 0, 'area', 1, '总体情况', ?, ?)", [doc_id, start, len(text)]).lastrowid
    figure = text.index("5.")
    conn.execute(
        'INSERT INTO metrics (doc_id, section_id, position, text, "start", "end", value, unit, kind, label) '
        "VALUES (?, ?, 0, ?, ?, ?, ?, '%', 'percent', '生产总值')",
        [doc_id, section_id, text[figure:figure + 4], figure, figure + 4, float(text[figure:figure + 3])])


# ------------------------------------------------- backups refused for their structure
# Each is a version-8 backup as an earlier build made it, with one thing of its schema changed.

def with_changed_type(path: Path) -> Path:
    """metrics.value, a number every figure filter compares, declared TEXT."""
    return old_database(path, 8, edit=("value REAL,", "value TEXT,"), documents=2)


def with_missing_index(path: Path) -> Path:
    """The figures' kind index dropped (every `metrics --kind` would scan)."""
    old_database(path, 8, documents=2)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("DROP INDEX metrics_kind")
    finally:
        conn.close()
    return path


def with_cascade_dropped(path: Path) -> Path:
    """metrics.section_id without ON DELETE CASCADE: deleting a document would then fail
    (or leave its figures behind)."""
    return old_database(path, 8, edit=("section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE",
                                       "section_id INTEGER REFERENCES sections(id)"), documents=2)


def with_unique_dropped(path: Path) -> Path:
    """documents.content_hash without UNIQUE: the same release could be imported twice."""
    return old_database(path, 8, edit=("content_hash TEXT NOT NULL UNIQUE", "content_hash TEXT NOT NULL"),
                        documents=2)


def with_autoincrement_dropped(path: Path) -> Path:
    """documents.id without AUTOINCREMENT: a deleted release's id would be given again."""
    return old_database(path, 8, edit=("id INTEGER PRIMARY KEY AUTOINCREMENT,\n        title",
                                       "id INTEGER PRIMARY KEY,\n        title"), documents=2)


def with_check(path: Path) -> Path:
    """A CHECK constraint Zhiku never writes (every later import of a long title fails)."""
    return old_database(path, 8, edit=("title TEXT,\n        dateline", "title TEXT CHECK (length(title) < 4),\n        dateline"),
                        documents=0)


def with_collation(path: Path) -> Path:
    """documents.dateline compared without case (no index shows it)."""
    return old_database(path, 8, edit=("dateline TEXT,", "dateline TEXT COLLATE NOCASE,"), documents=2)


def with_changed_default(path: Path) -> Path:
    """corrections.status defaulting to 'reverted' instead of 'applied'."""
    return old_database(path, 8, edit=("DEFAULT 'applied'", "DEFAULT 'reverted'"), documents=2)


# name → (generator, what the refusal names: Chinese, English)
REFUSED_STRUCTURES = {
    "changed_type": (with_changed_type, "列 value 的类型是 TEXT，应为 REAL", "column value is TEXT, not REAL"),
    "missing_index": (with_missing_index, "索引 metrics_kind：缺少", "index metrics_kind: missing"),
    "cascade_dropped": (with_cascade_dropped, "缺少外键 (section_id) → sections(id) ON DELETE CASCADE",
                        "missing foreign key (section_id) → sections(id) ON DELETE CASCADE"),
    "unique_dropped": (with_unique_dropped, "索引 sqlite_autoindex_documents_1：缺少",
                       "index sqlite_autoindex_documents_1: missing"),
    "autoincrement_dropped": (with_autoincrement_dropped, "表 documents：定义不同", "table documents: defined otherwise"),
    "check": (with_check, "表 documents：定义不同", "table documents: defined otherwise"),
    "collation": (with_collation, "表 documents：定义不同", "table documents: defined otherwise"),
    "changed_default": (with_changed_default, "列 status 的定义不同", "column status is defined otherwise"),
}


def main(argv: list[str]) -> int:
    out, version = Path(argv[0] if argv else "old-kb"), int(argv[1]) if len(argv) > 1 else 1
    out.mkdir(parents=True, exist_ok=True)
    print(old_database(out / "zhiku.sqlite3", version, documents=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
