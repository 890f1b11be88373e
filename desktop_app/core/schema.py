"""The knowledge base's schema and its upgrades: one migration per schema version.

Schema version N is reached by running `MIGRATIONS[N-1]`, a small function given the
`sqlite_utils.Database`; a new database runs them all, an older one those it lacks, and
`PRAGMA user_version` records how far it got (core/store.py runs them, in one transaction,
with the data each upgrade computes: `store.BACKFILLS`). Append a migration, never edit
one: knowledge bases and backups of every earlier version exist. What a version's
migrations make is also what core/restore.py compares a backup with, by structure (columns,
keys, foreign keys, indexes), so a knowledge base made by any build — whichever SQL text
made it — is accepted when it means the same schema.

Tables, indexes and added columns are said with sqlite-utils (`Table.create`,
`Table.create_index`, `Table.add_column`). Raw SQL stays only where sqlite-utils 4.2.1 cannot
say it:
- `INTEGER PRIMARY KEY AUTOINCREMENT` (documents, sections, metrics, corrections, the
  correction journal): ids are never reused, since the window, the CLI and the search index
  hold them. `Table.create` has no way to ask for it (`create_table_sql` takes only a private
  `_autoincrement`, with which `transform` keeps an existing one). The table-level
  `UNIQUE (doc_id, position)` of sections is private to it too (`_uniques`).
- `sections.parent_id`'s `REFERENCES sections(id) ON DELETE CASCADE`, added to an existing
  table: `add_column(fk=…)` adds a foreign key without an ON DELETE action, and
  `add_foreign_key(on_delete=…)` rebuilds the table (`transform`), which refuses to inside the
  upgrade's transaction (metrics refer to sections with ON DELETE CASCADE) and copies every
  section. (`Table.create` does say ON DELETE, with `ForeignKey(on_delete=…)`; the tables
  that have one are the AUTOINCREMENT ones above.)
- the FTS5 search tables (core/section_match.py): `enable_fts` makes `<table>_fts`, an
  external-content table of one table's columns (kept by triggers if asked); these are a table of their
  own (trigram tokenizer, case-sensitive) and a contentless one (`content = ''`,
  `detail = none`), written by the store with the sections.

A later upgrade that changes a column (type, NOT NULL, default, foreign key) is
`Table.transform`, with two cautions learnt from sqlite-utils 4.2.1: it refuses to run inside
a transaction on a table other tables refer to with ON DELETE CASCADE (documents, sections)
while foreign keys are on, so such an upgrade needs `PRAGMA foreign_keys = OFF` set before
the transaction (Store._migrate does not do that yet); and it copies a numeric default from PRAGMA table_info as text
(`DEFAULT 0` becomes `DEFAULT '0'`), so pass those columns' `defaults=` again.
"""
from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.core.patterns import lazy

Migration = Callable[[Database], None]

# The search tables, made by schema 7 and again whenever they are rebuilt from the documents
# (Store.fill_search_texts).
SEARCH_TABLES: dict[str, str] = {
    "section_text": "CREATE VIRTUAL TABLE section_text USING fts5(body, tokenize = 'trigram case_sensitive 1')",
    "section_grams": "CREATE VIRTUAL TABLE section_grams USING fts5(grams, content = '', detail = none)",
}


def _v1_tables(db: Database) -> None:
    """The store: meta (generation, store id, parser version …), documents with their
    sections and figures."""
    db.table("meta").create({"key": str, "value": str}, pk="key", not_null={"value"})
    db.execute("""CREATE TABLE documents (
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
    )""")
    db.table("documents").create_index(["source_path"], index_name="documents_source_path")
    db.table("documents").create_index(["file"], index_name="documents_file")
    db.table("documents").create_index(["date"], index_name="documents_date")
    db.execute("""CREATE TABLE sections (
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
    )""")
    db.table("sections").create_index(["kind"], index_name="sections_kind")
    db.execute("""CREATE TABLE metrics (
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
    )""")
    metrics = db.table("metrics")
    metrics.create_index(["doc_id", "position"], index_name="metrics_doc")
    metrics.create_index(["section_id"], index_name="metrics_section")
    metrics.create_index(["unit", "value"], index_name="metrics_unit_value")
    metrics.create_index(["kind"], index_name="metrics_kind")


def _v2_search_text(db: Database) -> None:
    """The text normalised for search (NFKC, lower case) when that keeps every offset; NULL
    otherwise (and for rows from version 1): then it is computed when needed."""
    db.table("documents").add_column("search_text", str)


def _v3_outline(db: Database) -> None:
    """The outline: level 1 for an area or heading, 2 for an item under the level-1 section
    parent_id. Rows from version 2 read as level 1 until re-parsed."""
    db.table("sections").add_column("level", int, not_null_default=1)
    db.execute("ALTER TABLE sections ADD COLUMN parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE")


def _v4_parser_version(db: Database) -> None:
    """The parser version each document was parsed with (0: before versions were kept), so
    an upgrade to a newer parser knows which documents it has re-parsed (core/upgrade.py)."""
    db.table("documents").add_column("parser_version", int, not_null_default=0)
    db.table("documents").create_index(["parser_version"], index_name="documents_parser_version")


def _v5_dates(db: Database) -> None:
    """The date contract (core/dates.py): the year (known even without month and day), where
    the date comes from, and the shown issuer folded (NFKC, lower case) for the issuer
    filter; all kept by the store, so filtering and sorting is SQL."""
    documents = db.table("documents")
    documents.add_column("year", int)
    documents.add_column("date_source", str)
    documents.add_column("issuer_key", str)
    documents.create_index(["year", "date"], index_name="documents_year_date")


def _v6_indicators(db: Database) -> None:
    """Indicators across releases (core/indicators.py): each figure's label and unit as the
    grouping rule compares them, and its series (level, change …), so that a trend is an
    index look-up and the list of indicators one GROUP BY of the index alone (it holds the
    raw label and unit shown beside each indicator)."""
    metrics = db.table("metrics")
    metrics.add_column("label_key", str)
    metrics.add_column("unit_key", str, not_null_default="")
    metrics.add_column("series", str, not_null_default="level")
    metrics.create_index(["label_key", "unit_key", "doc_id", "label", "unit"], index_name="metrics_indicator")
    # A release's date and title without reading past its text (SQLite would walk the text's
    # overflow pages to reach the columns stored after it): for trends' joins.
    db.table("documents").create_index(["id", "date", "year", "date_source", "user_title", "title"],
                                 index_name="documents_release")


def _v7_search_tables(db: Database) -> None:
    """Search without a scan (core/section_match.py): each section's normalised text (its
    items blanked) under the trigram tokenizer for terms of 3+ characters, and its characters
    and character pairs as tokens for shorter ones; the shown title folded like the texts,
    for title matches (read from its index alone: the column sits after each text)."""
    for sql in SEARCH_TABLES.values():
        db.execute(sql)
    db.table("documents").add_column("title_key", str)
    db.table("documents").create_index(["title_key"], index_name="documents_title_key")


def _v8_corrections(db: Database) -> None:
    """The user's corrections of the parser's output (core/corrections.py): kept apart from
    it, anchored by content hash, offsets and quoted text, applied again whenever a
    document's rows are written; `before`/`after` are JSON. The journal holds each apply or
    revert, for `zhiku correct undo`."""
    db.execute("""CREATE TABLE corrections (
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
    )""")
    db.table("corrections").create_index(["doc_id", "id"], index_name="corrections_doc")
    # metric_count counts the figures that are not borderline: from this index alone
    db.table("metrics").create_index(["doc_id", "borderline"], index_name="metrics_doc_borderline")
    db.execute("""CREATE TABLE correction_journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL,
        corrections TEXT NOT NULL
    )""")


def _v9_fewer_figure_indexes(db: Database) -> None:
    """Two indexes of the figures dropped: by kind and by unit and value. Only `zhiku
    metrics --kind/--unit` filtered on them, and a kind or a unit matches a large share
    of all figures, which that command lists in document order anyway (the query ran
    faster without them); each cost every imported figure one more B-tree insert (the
    metrics insert: 0.90 → 0.64 ms of an import's ~12 ms a release)."""
    db.execute("DROP INDEX metrics_kind")
    db.execute("DROP INDEX metrics_unit_value")


# Append, never edit: version N is reached by MIGRATIONS[N-1].
MIGRATIONS: tuple[Migration, ...] = (
    _v1_tables, _v2_search_text, _v3_outline, _v4_parser_version, _v5_dates,
    _v6_indicators, _v7_search_tables, _v8_corrections, _v9_fewer_figure_indexes,
)
SCHEMA_VERSION = len(MIGRATIONS)
SEARCH_TEXT_VERSION = 7  # reaching it by an upgrade fills the search tables (Store.fill_search_texts)


def migrate(db: Database, version: int, *, upgrade: Callable[[int], None] = lambda number: None) -> None:
    """Bring the schema of `db` from `version` to SCHEMA_VERSION (inside the caller's
    transaction); `upgrade(number)` runs after each migration, for the data it needs."""
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        migration(db)
        upgrade(number)


# ------------------------------------------------------------------ the schema's structure

@dataclass(frozen=True)
class ColumnShape:
    """A column as SQLite holds it (PRAGMA table_xinfo): name, declared type (upper case),
    NOT NULL, default (its SQL text), place in the primary key, hidden (generated)."""

    name: str
    type: str
    not_null: bool
    default: str | None
    pk: int
    hidden: int


@dataclass(frozen=True)
class ForeignKeyShape:
    """A foreign key with its actions (ON DELETE CASCADE deletes a document's rows)."""

    columns: tuple[str, ...]
    other_table: str
    other_columns: tuple[str, ...]
    on_delete: str
    on_update: str

    def describe(self) -> str:
        update = f" ON UPDATE {self.on_update}" if self.on_update != "NO ACTION" else ""
        return (f"({', '.join(self.columns)}) → {self.other_table}({', '.join(self.other_columns)}) "
                f"ON DELETE {self.on_delete}{update}")


@dataclass(frozen=True)
class TableShape:
    """A table's structure, whichever SQL text made it."""

    columns: tuple[ColumnShape, ...]
    foreign_keys: frozenset[ForeignKeyShape]
    clauses: tuple[str, ...]  # AUTOINCREMENT, CHECK, COLLATE, ON CONFLICT: what no PRAGMA shows
    strict: bool
    without_rowid: bool


@dataclass(frozen=True)
class IndexShape:
    """An index: its table, key columns (name, descending, collation), UNIQUE, where it comes
    from (c: CREATE INDEX, u: a UNIQUE constraint, pk: the primary key) and, for a partial
    index, its SQL."""

    table: str
    columns: tuple[tuple[str | None, bool, str], ...]
    unique: bool
    origin: str
    partial: str | None


@dataclass(frozen=True)
class SqlShape:
    """What only its SQL defines (virtual tables, triggers, views): white space folded."""

    sql: str


Shape = TableShape | IndexShape | SqlShape
Structure = dict[tuple[str, str], Shape]  # (type as in sqlite_master, name) → its shape


def structure(conn: sqlite3.Connection) -> Structure:
    """Every schema object of the database on `conn` by its structure: what two schemas made
    by different SQL text (the raw SQL of earlier builds, sqlite-utils' now) share when
    they mean the same tables, columns, keys and indexes."""
    db = Database(conn, execute_plugins=False)
    options = _table_options(conn)
    found: Structure = {}
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, _, sql in rows:
        if kind == "table" and not (sql or "").upper().startswith("CREATE VIRTUAL"):
            found[kind, name] = _table_shape(db, name, sql or "", options.get(name, (False, False)))
            found.update(_index_shapes(db, name, {n: q for k, n, t, q in rows if k == "index" and t == name}))
        elif kind != "index":
            found[kind, name] = SqlShape(_folded(sql))
    return found


def _folded(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _table_options(conn: sqlite3.Connection) -> dict[str, tuple[bool, bool]]:
    """table → (STRICT, WITHOUT ROWID), from PRAGMA table_list (SQLite 3.37+)."""
    try:
        rows = conn.execute("PRAGMA main.table_list").fetchall()
    except sqlite3.OperationalError:  # pragma: no cover - an older SQLite
        return {}
    return {name: (bool(strict), bool(wr)) for _, name, _, _, wr, strict in rows}


def _table_shape(db: Database, name: str, sql: str, options: tuple[bool, bool]) -> TableShape:
    table = db.table(name)
    quoted = name.replace('"', '""')
    columns = tuple(ColumnShape(r[1], (r[2] or "").upper(), bool(r[3]), r[4], r[5], r[6])
                    for r in db.execute(f'PRAGMA table_xinfo("{quoted}")'))
    keys = frozenset(ForeignKeyShape(tuple(fk.columns), fk.other_table, tuple(fk.other_columns),
                                     fk.on_delete.upper(), fk.on_update.upper())
                     for fk in table.foreign_keys)
    return TableShape(columns, keys, _clauses(sql), *options)


_QUOTED = lazy(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\[[^\]]*\]|`(?:[^`]|``)*`|--[^\n]*|/\*.*?(?:\*/|$)",
               re.DOTALL)
_CLAUSES = lazy(r"\b(AUTOINCREMENT|CHECK|COLLATE|CONFLICT)\b", re.IGNORECASE)


def _clauses(sql: str) -> tuple[str, ...]:
    """The AUTOINCREMENT, CHECK, COLLATE and ON CONFLICT clauses of a CREATE TABLE statement
    (outside quoted names, strings and comments), in order: Zhiku writes AUTOINCREMENT alone.
    A keyword scan, not sqlite-utils' parser (`parse_autoincrement`, `Table.checks`), which
    lexes in Python: ~3 ms a table, 80 ms a backup."""
    bare = _QUOTED.sub(" ", sql)
    return tuple(word.upper() for word in _CLAUSES.findall(bare))


def _index_shapes(db: Database, table: str, sql: dict[str, str | None]) -> Structure:
    """The indexes of `table` (`sql`: each one's CREATE INDEX, None for a constraint's)."""
    details = {x.name: x.columns for x in db.table(table).xindexes}
    return {("index", i.name): IndexShape(
                table, tuple((c.name, bool(c.desc), c.coll) for c in details.get(i.name, ()) if c.key),
                bool(i.unique), i.origin, _folded(sql.get(i.name)) if i.partial else None)
            for i in db.table(table).indexes}


@functools.cache
def _reference(version: int) -> tuple[tuple[tuple[str, str], Shape], ...]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db = Database(conn, execute_plugins=False)
        for migration in MIGRATIONS[:version]:
            migration(db)
        return tuple(structure(conn).items())
    finally:
        conn.close()


def reference_structure(version: int) -> Structure:
    """The structure of schema `version` as this build's migrations make it (made once per
    process, in memory)."""
    return dict(_reference(version))
