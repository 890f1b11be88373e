"""The SQLite store: documents, sections and metrics — the knowledge base's source of truth.

Everything the search index holds is derived from these tables and can be rebuilt from them.
Every write happens in one transaction that also bumps the `generation` counter in `meta`;
the index records the generation it was built from, so a mismatch means "rebuild".
The schema and its migrations live in core/schema.py (`MIGRATIONS`, `PRAGMA user_version`);
the data an upgrade computes for existing rows lives here (`BACKFILLS`).

sqlite-utils: whole rows are read with `Table.rows_where` (it runs on the plain connection)
into the records of core/records.py; the rare one-row writes (meta, corrections, their
journal) are `Table.insert` / `upsert`. Raw SQL stays where sqlite-utils cannot say it or
costs measured time:
- what core/schema.py says why it keeps (AUTOINCREMENT, the FTS5 tables …);
- the upgrades' backfills (`BACKFILLS`): one UPDATE of every row through SQL functions;
- the writes of an import (documents, sections, metrics, the search tables):
  `insert`/`insert_all` wrap every call in a SAVEPOINT (`Database.atomic`), and a savepoint
  makes FTS5 write out what it holds in memory — one small segment per release, merged
  again later (see `_documents`);
- joins, counts, full-text matches and `json_each` id lists (`rows_where` reads one table).
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import sqlite_utils

from desktop_app.core.correction_apply import apply_corrections
from desktop_app.core.corrections import (
    JOURNAL_ACTIONS,
    Anchor,
    Correction,
    CorrectionStatus,
    CorrectionTarget,
    JournalAction,
    JournalEntry,
    dumps,
)
from desktop_app.core.dates import DateFacts, DateSource, date_facts
from desktop_app.core.dates import iso_date as iso_date  # re-exported
from desktop_app.core.errors import (
    BackupRefusedError,
    BusyError,
    ForeignFolderError,
    StoreError,
    ZhikuError,
)
from desktop_app.core.model import CREDIT_FIELDS, Credits, Document, MetricKind, SectionKind
from desktop_app.core.parser import PARSER_VERSION
from desktop_app.core.records import (
    DocumentInfo,
    DocumentQuery,
    IndexRow,
    MetricRecord,
    PackedWords,
    ReparseSource,
    SectionInfo,
    SectionRow,
    StoredDocument,
    UserEdits,
)
from desktop_app.core.schema import SCHEMA_VERSION as SCHEMA_VERSION  # re-exported
from desktop_app.core.schema import SEARCH_TABLES, SEARCH_TEXT_VERSION, migrate
from desktop_app.core.section_match import BODIES as _BODIES
from desktop_app.core.section_match import LazyMatches, grams, match_select
from desktop_app.core.segment import normalize, normalize_with_map
from desktop_app.core.sorts import DOCUMENT_SORTS
from desktop_app.core.store_rows import (
    DerivedRows,
    derive,
    index_text,
    indicator_columns,
    item_spans,
    own_text,
    search_bodies,
)
from desktop_app.core.title_match import JoinedTitles

DB_NAME = "zhiku.sqlite3"
BUSY_TIMEOUT_MS = 5000

def _backfill_indicators(conn: sqlite3.Connection) -> None:
    """Schema 6 for existing figures: label_key, unit_key and series, one document at a time
    (the series needs the few characters before each figure in its document's text)."""
    doc_ids = [r[0] for r in conn.execute("SELECT DISTINCT doc_id FROM metrics")]
    for doc_id in doc_ids:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        rows = conn.execute('SELECT id, label, unit, trend, period, "start" FROM metrics '
                            "WHERE doc_id = ?", [doc_id]).fetchall()
        conn.executemany(
            "UPDATE metrics SET label_key = ?, unit_key = ?, series = ? WHERE id = ?",
            [(*indicator_columns(label, unit, trend, period, text, start), metric_id)
             for metric_id, label, unit, trend, period, start in rows])


Backfill = str | Callable[[sqlite3.Connection], None]

# Data written when a schema version is reached by an upgrade (not by a new database), in
# the same transaction, with the SQL functions _register_functions defines (or a function
# given the connection). Kept apart from schema.MIGRATIONS, which hold the schema alone
# (core/restore.py replays them to check a backup).
BACKFILLS: dict[int, tuple[Backfill, ...]] = {
    5: ("UPDATE documents SET date = zhiku_date(dateline, user_year), "
        "year = zhiku_year(dateline, user_year), date_source = zhiku_date_source(dateline, user_year), "
        "issuer_key = zhiku_fold(coalesce(user_issuer, issuer))",),
    6: ("UPDATE documents SET date = zhiku_inferred(dateline, title, text, file, 'date'), "
        "year = zhiku_inferred(dateline, title, text, file, 'year'), "
        "date_source = zhiku_inferred(dateline, title, text, file, 'source') "
        "WHERE date_source IS NULL",
        _backfill_indicators),
    7: ("UPDATE documents SET title_key = zhiku_fold(coalesce(user_title, title))",),
}

_DOC_COLUMNS = (
    "id, title, dateline, issuer, file, source_path, content_hash, encoding, imported_at, "
    "credits, warnings, user_title, user_year, user_issuer, date, year, date_source"
)
_SECTION_COLUMNS = 'id, doc_id, position, kind, number, keyword, heading, "start", "end", level, parent_id'
_CORRECTION_COLUMNS = ("id, doc_id, target, field, anchor_start, anchor_end, anchor_text, before, after, "
                       "status, content_hash, created_at")
_METRIC_COLUMNS = (
    'id, doc_id, section_id, text, "start", "end", value, unit, qualifier, kind, low, high, '
    "label, trend, period, sentence_start, sentence_end, borderline"
)


def _date_columns(dateline: str | None, user_year: int | None, issuer: str | None, *,
                  title: str | None, text: str | None, file: str | None,
                  facts: DateFacts | None = None) -> dict[str, Any]:
    """The stored columns derived from a document's dateline, user-set year and shown issuer
    (and, for a date the dateline lacks, its parsed title, text and file name); `facts`:
    the date facts without a user-set year, when they are known (DerivedRows.dates)."""
    if facts is None or user_year:
        facts = date_facts(dateline, user_year, title=title, text=text, file=file)
    return {"date": facts.date, "year": facts.year, "date_source": facts.source,
            "issuer_key": issuer_key(issuer)}


def issuer_key(issuer: str | None) -> str | None:
    """An issuer folded for the issuer filter: full/half width and case ignored."""
    return normalize(issuer) if issuer else None


def _register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the migrations use to compute derived columns of existing rows."""
    conn.create_function("zhiku_date", 2, lambda d, y: date_facts(d, y).date, deterministic=True)
    conn.create_function("zhiku_year", 2, lambda d, y: date_facts(d, y).year, deterministic=True)
    conn.create_function("zhiku_date_source", 2, lambda d, y: date_facts(d, y).source,
                         deterministic=True)
    conn.create_function("zhiku_fold", 1, issuer_key, deterministic=True)
    conn.create_function("zhiku_inferred", 5, _inferred_column, deterministic=True)


def _inferred_column(dateline: str | None, title: str | None, text: str | None, file: str | None,
                     column: str) -> str | int | None:
    """One date column (date, year or source) of a document with no user-set year."""
    facts = date_facts(dateline, None, title=title, text=text, file=file)
    return {"date": facts.date, "year": facts.year, "source": facts.source}[column]


_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26  # primary result codes of a damaged file


def is_damage(error: BaseException) -> bool:
    """Whether a SQLite error means the database file itself is damaged (not busy, not full)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def damaged_error(path: Path, detail: str | None = None) -> StoreError:
    """The message for a damaged knowledge base file: what happened and how to recover."""
    detail = " ".join((detail or "").replace("*** in database main ***", "").split())[:160]
    extra = f" ({detail})" if detail else ""
    return StoreError(
        f"知识库文件已损坏：{path}。请用“文件 → 从备份恢复…”或命令 zhiku restore 备份文件 从备份恢复"
        f"（损坏的文件会改名保留，不会删除）。",
        f"the knowledge base file is damaged: {path}{extra}. Restore a backup with "
        f"File → Restore from Backup… or the command zhiku restore FILE "
        f"(the damaged file is kept under another name, never deleted).",
    )


def busy_error(where: Path) -> BusyError:
    """Another process is writing: say so, and what to do."""
    return BusyError(f"知识库正忙：另一个程序正在写入 {where}，请稍后再试。",
                     f"the knowledge base is busy: another process is writing to {where}; "
                     f"try again in a moment.")


def disk_error(error: OSError | None, where: Path) -> StoreError:
    """The error for a failed write into the knowledge base folder: a full disk (ENOSPC) or
    a disk that fails (EIO) said plainly, with what to do; anything else with its reason."""
    code = getattr(error, "errno", None)
    if code == errno.ENOSPC:
        return StoreError(f"磁盘空间不足：无法写入知识库 {where}。请清理磁盘空间后再试。",
                          f"disk full: cannot write the knowledge base {where}; free some disk "
                          f"space and try again.")
    if code == errno.EIO:
        return StoreError(f"磁盘读写错误：无法写入知识库 {where}。请检查磁盘或换一个位置存放知识库。",
                          f"disk I/O error: cannot write the knowledge base {where}; check the "
                          f"disk or keep the knowledge base elsewhere.")
    reason = getattr(error, "strerror", None) or str(error or "")
    return StoreError(f"无法写入知识库：{where}。请检查磁盘空间和文件夹的写入权限。",
                      f"cannot write the knowledge base {where}: {reason}")


def store_error(error: sqlite3.Error, path: Path) -> ZhikuError:
    """The error a user sees for a SQLite failure on the knowledge base file `path`."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return busy_error(path)
    if is_damage(error):
        return damaged_error(path, str(error))
    if "disk is full" in text:
        return disk_error(OSError(errno.ENOSPC, "disk full"), path)
    if "disk i/o error" in text:
        return disk_error(OSError(errno.EIO, "disk I/O error"), path)
    return StoreError(f"无法读写知识库：{path}。请检查磁盘空间和文件夹的写入权限。",
                      f"cannot read or write the knowledge base {path}: {error}")



class Store:
    """One SQLite connection to a knowledge base folder's database (WAL, foreign keys on).

    Opening checks the whole file first (SQLite's quick_check on a read-only connection,
    about 1 ms per 2 MB), so that a damaged database is reported at once, with advice, and
    left exactly as it was, instead of failing halfway through some later read. A missing
    database is created whole (see `create_database`), so an empty file is never Zhiku's:
    it is reported as damaged. `read_only` opens without writing anything (a read-only
    folder or disk): the schema must then be current, as it cannot be migrated."""

    def __init__(self, path: Path, *, read_only: bool = False, in_place: bool = False):
        """`in_place`: create a missing file right at `path` (only for private temporary
        files; a knowledge base file is created whole by `create_database`)."""
        self.path = Path(path)
        self.read_only = read_only
        # section id → its words counted where it was parsed, kept from the write of a
        # section to the index update that follows it (sections_for_index; forget_index_words)
        self._index_words: dict[int, PackedWords] = {}
        problem = checked_file_damage(self.path)
        if problem is not None:
            raise damaged_error(self.path, problem)
        if read_only and not self.path.exists():
            raise StoreError(f"知识库文件夹是只读的，其中没有知识库：{self.path.parent}。",
                             f"the knowledge base folder is read-only and holds no knowledge "
                             f"base: {self.path.parent}")
        if not read_only and not in_place and not self.path.exists():
            create_database(self.path)
        conn = None
        try:
            if read_only:
                conn = connect_read_only(self.path, check_same_thread=False)
            else:
                conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None,
                                       timeout=BUSY_TIMEOUT_MS / 1000)
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            if read_only:
                self._check_readable()
            else:
                self._check_not_foreign()  # before WAL mode is set: that rewrites the header
                self._configure()
                self._migrate()
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            raise store_error(error, self.path) from error
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    # -- connection and schema -------------------------------------------------------------

    def _configure(self) -> None:
        conn = self.db.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _register_functions(conn)

    def _migrate(self) -> None:
        if self.schema_version() >= SCHEMA_VERSION:
            self._check_not_newer()
            return
        with self.transaction(bump=False):
            version = self.schema_version()  # re-read under the write lock
            self._check_not_foreign()
            migrate(self.db, version, upgrade=self._backfill if version else lambda number: None)
            if version == 0:
                self._set_meta("generation", "0")
                self._set_meta("store_id", uuid.uuid4().hex)
                self._set_meta("parser_version", str(PARSER_VERSION))
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _backfill(self, number: int) -> None:
        """The data of existing rows that schema version `number` adds (an upgrade only)."""
        for backfill in BACKFILLS.get(number, ()):
            if isinstance(backfill, str):
                self.db.execute(backfill)
            else:
                backfill(self.db.conn)
        if number == SEARCH_TEXT_VERSION:
            self.fill_search_texts()

    def _check_not_foreign(self) -> None:
        """A database without our schema version that holds tables is another program's:
        never add our tables to it, nor change its journal mode."""
        if self.schema_version() == 0 and self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise foreign_database_error(self.path)

    def _check_readable(self) -> None:
        """Read-only: the schema must be this build's, since it cannot be migrated."""
        self._check_not_newer()
        version = self.schema_version()
        self._check_not_foreign()
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"知识库 {self.path} 需要升级到新的格式，但它所在的文件夹是只读的。请让该文件夹可写后再打开一次。",
                f"the knowledge base {self.path} needs an upgrade to the current format, but its "
                f"folder is read-only; make the folder writable and open it once.")

    def _check_not_newer(self) -> None:
        if self.schema_version() > SCHEMA_VERSION:
            raise StoreError(
                f"知识库 {self.path} 由更新版本的知库创建，请升级程序",
                f"the knowledge base {self.path} was written by a newer Zhiku; please upgrade",
            )

    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.db.conn.close()

    @contextmanager
    def transaction(self, *, bump: bool = True) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE); bumps the generation unless told not to.

        Raises BusyError when another process holds SQLite's write lock past the timeout."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise store_error(error, self.path) from error
        try:
            yield
            if bump:
                self.db.execute(
                    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
            self.db.execute("COMMIT")
        except BaseException:
            self.forget_index_words()  # of sections rolled back
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    # -- meta ------------------------------------------------------------------------------

    def _set_meta(self, key: str, value: str) -> None:
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    def meta(self, key: str) -> str | None:
        """One meta value (None: not set)."""
        row = next(self.db.table("meta").rows_where("key = ?", [key], select="value"), None)
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Write one meta value in its own transaction (no generation bump)."""
        with self.transaction(bump=False):
            self._set_meta(key, value)

    def parser_version(self) -> int:
        """The newest parser version the whole knowledge base was brought to (meta
        `parser_version`, written when it is created and after an upgrade); 0 when it was
        made before versions were kept."""
        value = self.meta("parser_version")
        return int(value) if value and value.isdigit() else 0

    def generation(self) -> int:
        """The write counter: every committed change to documents, sections or metrics bumps it."""
        return int(self.meta("generation") or 0)

    def state(self) -> tuple[str, int]:
        """(store_id, generation): what the search index must have been built from."""
        rows = dict(self.db.execute(
            "SELECT key, value FROM meta WHERE key IN ('store_id', 'generation')").fetchall())
        return rows.get("store_id", ""), int(rows.get("generation", 0))

    # -- writes (call inside `transaction()`) -----------------------------------------------

    def insert_document(self, doc: Document, *, content_hash: str, source_path: str | None,
                        imported_at: str, user: UserEdits | None = None,
                        derived: DerivedRows | None = None) -> int:
        """Insert a parsed document with its sections and metrics; returns the new id.
        `derived`: its derived rows, when they were made where it was parsed (else, or
        when they are another document's, they are made here)."""
        rows = derived if derived is not None and derived.fits(doc) else derive(doc)
        row = self._document_row(doc, rows, content_hash, source_path, imported_at, user or UserEdits())
        # not Table.insert: its savepoint would flush the search tables once a release
        cursor = self.db.execute(
            f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()))
        doc_id = cursor.lastrowid
        assert doc_id is not None, "an INSERT sets lastrowid"
        self._insert_children(doc_id, doc, rows)
        return doc_id

    def replace_document(self, doc_id: int, doc: Document, *, content_hash: str,
                         source_path: str | None, imported_at: str,
                         derived: DerivedRows | None = None) -> None:
        """Replace a document's content in place (same id), keeping the user's edits and
        applying its corrections; `derived` as for insert_document."""
        old = self.document_row(doc_id)
        assert old is not None, f"replace_document is given an existing document, not {doc_id}"
        rows = derived if derived is not None and derived.fits(doc) else derive(doc)
        row = self._document_row(doc, rows, content_hash, source_path, imported_at, old.user_edits)
        assignments = ", ".join(f"{name} = ?" for name in row)
        self._remove_search_texts(doc_id)
        self.db.execute("DELETE FROM metrics WHERE doc_id = ?", [doc_id])
        self.db.execute("DELETE FROM sections WHERE doc_id = ?", [doc_id])
        self.db.execute(f"UPDATE documents SET {assignments} WHERE id = ?", [*row.values(), doc_id])
        stored = self.corrected(doc_id, doc, content_hash)
        self._insert_children(doc_id, stored, rows if rows.fits(stored) else derive(stored))

    @staticmethod
    def _document_row(doc: Document, rows: DerivedRows, content_hash: str,
                      source_path: str | None, imported_at: str, user: UserEdits) -> dict[str, Any]:
        return {
            "title": doc.title, "dateline": doc.dateline, "issuer": doc.issuer, "file": doc.file,
            "source_path": source_path, "content_hash": content_hash, "encoding": doc.encoding,
            "imported_at": imported_at,
            "credits": json.dumps(asdict(doc.credits), ensure_ascii=False),
            "warnings": json.dumps(list(doc.warnings), ensure_ascii=False),
            "text": doc.text,
            "search_text": rows.folded,
            "user_title": user.title, "user_year": user.year, "user_issuer": user.issuer,
            "title_key": issuer_key(user.title or doc.title),
            **_date_columns(doc.dateline, user.year, user.issuer or doc.issuer,
                            title=doc.title, text=doc.text, file=doc.file, facts=rows.dates),
            "parser_version": PARSER_VERSION,
        }

    def _insert_children(self, doc_id: int, doc: Document, derived: DerivedRows,
                         ids: tuple[list[int | None], list[int | None]] | None = None) -> None:
        """Insert a document's sections with their search texts, and its metrics, from the
        document and its derived rows; `ids`: the id each section and metric is to have
        (None: a new one), to keep ids across a rewrite (see rewrite_document)."""
        section_ids: list[int] = []
        wanted_sections, wanted_metrics = ids or ([None] * len(doc.sections), [None] * len(doc.metrics))
        for position, s in enumerate(doc.sections):
            # a parent comes before its items, so its id is known
            parent_id = section_ids[s.parent] if s.parent is not None and 0 <= s.parent < position else None
            cursor = self.db.execute(
                'INSERT INTO sections (id, doc_id, position, kind, number, keyword, heading, form, '
                '"start", "end", level, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [wanted_sections[position], doc_id, position, s.kind, s.number, s.keyword, s.heading,
                 s.form, s.start, s.end, s.level, parent_id])
            assert cursor.lastrowid is not None, "an INSERT sets lastrowid"
            section_ids.append(cursor.lastrowid)
        if derived.words is not None:  # for the index update that follows the write
            self._index_words.update(zip(section_ids, derived.words, strict=True))
        self.db.conn.executemany("INSERT INTO section_text (rowid, body) VALUES (?, ?)",
                                 zip(section_ids, derived.bodies, strict=True))
        self.db.conn.executemany("INSERT INTO section_grams (rowid, grams) VALUES (?, ?)",
                                 zip(section_ids, derived.grams, strict=True))
        rows = []
        for position, m in enumerate(doc.metrics):
            section_id = section_ids[m.section] if m.section is not None and 0 <= m.section < len(section_ids) else None
            rows.append([wanted_metrics[position], doc_id, section_id, position, m.text, m.start, m.end,
                         m.value, m.low, m.high,
                         m.unit or "", m.qualifier, m.kind, m.label, m.trend, m.period,
                         m.sentence_start, m.sentence_end, int(bool(m.borderline)),
                         *derived.indicators[position]])
        self.db.conn.executemany(
            'INSERT INTO metrics (id, doc_id, section_id, position, text, "start", "end", value, low, '
            "high, unit, qualifier, kind, label, trend, period, sentence_start, sentence_end, "
            "borderline, label_key, unit_key, series) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def forget_index_words(self) -> None:
        """Forget the words kept for the index (sections_for_index): the index update they
        were kept for is over, or was replaced by a rebuild."""
        self._index_words.clear()

    # -- corrections (core/corrections.py; call inside `transaction()` for writes) ----------

    def corrected(self, doc_id: int, doc: Document, digest: str) -> Document:
        """`doc` (the parser's output for document `doc_id`, whose text has hash `digest`)
        with the document's corrections applied; their new states (re-anchored, applied or
        orphaned) are saved. Unchanged when it has none (one index look-up)."""
        stored = self.corrections(doc_id)
        if not stored:
            return doc
        applied = apply_corrections(doc, stored, digest)
        self.save_correction_states(applied.corrections)
        return applied.document

    def rewrite_document(self, doc_id: int, doc: Document) -> None:
        """Write a document's sections and metrics anew (its text and properties stay), each
        keeping the id of the row it continues: a section with the same start and level (or
        start), a figure with the same span. A correction changes a few rows of a release;
        the ids the window and the CLI hold stay valid."""
        old_sections = self.db.execute('SELECT id, "start", "end", level FROM sections WHERE doc_id = ? '
                                       "ORDER BY position", [doc_id]).fetchall()
        old_metrics = self.db.execute('SELECT id, "start", "end" FROM metrics WHERE doc_id = ? ORDER BY position',
                                      [doc_id]).fetchall()
        section_ids = _kept_ids([((s.start, s.end, s.level), (s.start, s.level), (s.start,)) for s in doc.sections],
                                [(r[0], ((r[1], r[2], r[3]), (r[1], r[3]), (r[1],))) for r in old_sections])
        metric_ids = _kept_ids([((m.start, m.end),) for m in doc.metrics],
                               [(r[0], ((r[1], r[2]),)) for r in old_metrics])
        self._remove_search_texts(doc_id)
        self.db.execute("DELETE FROM metrics WHERE doc_id = ?", [doc_id])
        self.db.execute("DELETE FROM sections WHERE doc_id = ?", [doc_id])
        self._insert_children(doc_id, doc, derive(doc), (section_ids, metric_ids))

    def corrections(self, doc_id: int | None = None) -> list[Correction]:
        """The corrections of one document (None: of all), in the order they were made."""
        where, params = ("doc_id = ?", [doc_id]) if doc_id is not None else (None, [])
        rows = self.db.table("corrections").rows_where(where, params, order_by="id", select=_CORRECTION_COLUMNS)
        return [_correction(r) for r in rows]

    def corrections_by_id(self, ids: Sequence[int]) -> list[Correction]:
        """The stored corrections among `ids`, in id order."""
        rows = self.db.table("corrections").rows_where(
            "id IN (SELECT value FROM json_each(?))", [json.dumps([int(i) for i in ids])],
            order_by="id", select=_CORRECTION_COLUMNS)
        return [_correction(r) for r in rows]

    def corrected_documents(self, doc_ids: Sequence[int]) -> list[int]:
        """Those of `doc_ids` that have corrections, in id order."""
        rows = self.db.execute("SELECT DISTINCT doc_id FROM corrections WHERE doc_id IN "
                               "(SELECT value FROM json_each(?)) ORDER BY doc_id",
                               [json.dumps([int(i) for i in doc_ids])]).fetchall()
        return [r[0] for r in rows]

    def has_corrections(self) -> bool:
        """Whether any correction is stored (one look-up: most knowledge bases have none)."""
        return self.db.execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is not None

    def add_correction(self, c: Correction) -> Correction:
        """Store a correction (with its id when it has one: a redo); returns it with its id."""
        table = self.db.table("corrections").insert({
            "id": c.id, "doc_id": c.doc_id, "content_hash": c.content_hash, "target": str(c.target),
            "field": c.field, "anchor_start": c.anchor.start, "anchor_end": c.anchor.end,
            "anchor_text": c.anchor.text, "before": dumps(c.before), "after": dumps(c.after),
            "status": str(c.status), "created_at": c.created_at})
        assert table.last_pk is not None, "an insert sets last_pk"
        return replace(c, id=int(table.last_pk))

    def save_correction_states(self, corrections: Sequence[Correction]) -> None:
        """Record where each correction's anchor now is, its status and what it replaced."""
        self.db.conn.executemany(
            "UPDATE corrections SET content_hash = ?, anchor_start = ?, anchor_end = ?, before = ?, "
            "status = ? WHERE id = ?",
            [(c.content_hash, c.anchor.start, c.anchor.end, dumps(c.before), c.status, c.id)
             for c in corrections if c.id is not None])

    def delete_corrections(self, ids: Sequence[int]) -> None:
        self.db.execute("DELETE FROM corrections WHERE id IN (SELECT value FROM json_each(?))",
                        [json.dumps([int(i) for i in ids])])

    def push_journal(self, action: JournalAction, corrections: Sequence[Correction]) -> None:
        """Note an `apply` or `revert` of corrections, for `undo` (in the caller's transaction)."""
        self.db.table("correction_journal").insert(
            {"action": action, "corrections": dumps([c.to_json() for c in corrections])})

    def pop_journal(self) -> JournalEntry | None:
        """Take the last journal entry (None: the journal is empty)."""
        row = self.db.execute("SELECT id, action, corrections FROM correction_journal "
                              "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        self.db.execute("DELETE FROM correction_journal WHERE id = ?", [row[0]])
        try:
            entries = json.loads(row[2])
        except ValueError:
            entries = []
        action = JournalAction(row[1]) if row[1] in JOURNAL_ACTIONS else None
        return JournalEntry(action, entries if isinstance(entries, list) else [])

    def reparse_document(self, doc_id: int, doc: Document) -> None:
        """Replace a document's parsed content with `doc`, parsed again from its stored text
        by this parser: the user's fields, its source and import time stay; its sections
        and figures get new ids. The content hash changes only if the text did (and then
        only when no other document has the new one)."""
        old = self.reparse_source(doc_id)
        assert old is not None, f"reparse_document is given an existing document, not {doc_id}"
        digest = old.content_hash
        if doc.text != old.text:
            fresh = content_hash(doc.text)
            if self.find_by_hash(fresh) is None:
                digest = fresh
        self.replace_document(doc_id, doc, content_hash=digest, source_path=old.source_path,
                              imported_at=old.imported_at)

    def _add_search_texts(self, doc_id: int, text: str, folded: str | None) -> None:
        """Write a document's sections into the search tables (core/section_match.py)."""
        rows = self.db.execute('SELECT id, "start", "end", parent_id FROM sections '
                               "WHERE doc_id = ? ORDER BY id", [doc_id]).fetchall()
        bodies = list(search_bodies(text, folded, rows))
        self.db.conn.executemany("INSERT INTO section_text (rowid, body) VALUES (?, ?)", bodies)
        self.db.conn.executemany("INSERT INTO section_grams (rowid, grams) VALUES (?, ?)",
                                 [(sid, grams(body)) for sid, body in bodies])

    def _remove_search_texts(self, doc_id: int) -> None:
        """Remove a document's sections from the search tables (before the sections go).
        The contentless grams table forgets a row only when told exactly what it was given,
        which the stored body gives back."""
        rows = self.db.execute(
            "SELECT rowid, body FROM section_text WHERE rowid IN "
            "(SELECT id FROM sections WHERE doc_id = ?)", [doc_id]).fetchall()
        self.db.conn.executemany(
            "INSERT INTO section_grams (section_grams, rowid, grams) VALUES ('delete', ?, ?)",
            [(sid, grams(body)) for sid, body in rows])
        self.db.conn.executemany("DELETE FROM section_text WHERE rowid = ?", [(r[0],) for r in rows])

    def fill_search_texts(self) -> None:
        """Make the search tables anew from every document (inside a transaction; for the
        upgrade to schema 7, `reindex` and a restored backup, whose tables are not trusted:
        dropped and created again, so even damaged ones go)."""
        for table, create in SEARCH_TABLES.items():
            self.db.execute(f"DROP TABLE IF EXISTS {table}")  # whatever a backup's held
            self.db.execute(create)
        for doc_id, text, folded in self.db.execute(
                "SELECT id, text, search_text FROM documents ORDER BY id").fetchall():
            self._add_search_texts(doc_id, text, folded)

    def mark_parsed(self, doc_id: int) -> None:
        """Mark a document as parsed by this parser without changing it (see upgrade.py)."""
        self.db.execute("UPDATE documents SET parser_version = ? WHERE id = ?",
                        [PARSER_VERSION, doc_id])

    def finish_upgrade(self, backup_key: str) -> None:
        """Record meta `parser_version` as this parser's (unless a newer one is recorded)
        and drop the upgrade's backup record `backup_key` (inside a transaction)."""
        if self.parser_version() < PARSER_VERSION:
            self._set_meta("parser_version", str(PARSER_VERSION))
        self.db.execute("DELETE FROM meta WHERE key = ?", [backup_key])

    def delete_document(self, doc_id: int) -> bool:
        """Delete a document with its sections and metrics; False when there was none."""
        self._remove_search_texts(doc_id)
        return self.db.execute("DELETE FROM documents WHERE id = ?", [doc_id]).rowcount > 0

    def set_properties(self, doc_id: int, *, title: str | None, year: int | None,
                       issuer: str | None) -> None:
        """Store the user's title/year/issuer ("" clears an edit; None leaves it alone)."""
        row = self.document_row(doc_id)
        assert row is not None, f"set_properties is given an existing document, not {doc_id}"
        updates: dict[str, Any] = {}
        if title is not None:
            updates["user_title"] = title.strip() or None
            updates["title_key"] = issuer_key(updates["user_title"] or row.title)
        if issuer is not None:
            updates["user_issuer"] = issuer.strip() or None
        if year is not None:
            updates["user_year"] = int(year) or None
        issuer_shown = updates.get("user_issuer", row.user_issuer) or row.issuer
        text, file = self.db.execute("SELECT text, file FROM documents WHERE id = ?",
                                     [doc_id]).fetchone()
        updates.update(_date_columns(row.dateline, updates.get("user_year", row.user_year),
                                     issuer_shown, title=row.title, text=text, file=file))
        assignments = ", ".join(f"{name} = ?" for name in updates)
        self.db.execute(f"UPDATE documents SET {assignments} WHERE id = ?", [*updates.values(), doc_id])

    # -- reads -----------------------------------------------------------------------------

    def count_documents(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def _documents(self, where: str, params: Sequence[Any]) -> list[StoredDocument]:
        """`documents` rows as StoredDocument, read on the plain connection. Not with
        `Database.query`: it wraps every statement in a SAVEPOINT, and a savepoint makes
        SQLite's full-text tables (FTS5) write out what they hold in memory — once a file
        during an import (find_by_hash), so the search tables were written as one small
        segment per release that FTS5 then merged again (~3 ms a release, ~15 % of the
        importing process's time). Not with `rows_where` either: it first asks sqlite_master
        whether the table exists, on every call, and a page of search results reads a
        document and a section or two per hit (see section_row)."""
        cursor = self.db.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE {where}", list(params))
        return [_stored_document(row) for row in cursor]

    def document_row(self, doc_id: int) -> StoredDocument | None:
        """Document `doc_id` as stored (None: no such document)."""
        rows = self._documents("id = ?", [doc_id])
        return rows[0] if rows else None

    def find_by_hash(self, content_hash: str) -> StoredDocument | None:
        """The document with this text (content hash), if one is stored."""
        rows = self._documents("content_hash = ?", [content_hash])
        return rows[0] if rows else None

    def find_by_source(self, source_path: str) -> StoredDocument | None:
        """The first document imported from `source_path` (core/import_files.py's source key of a path)."""
        rows = self._documents("source_path = ? ORDER BY id LIMIT 1", [source_path])
        return rows[0] if rows else None

    def find_by_file_name(self, file: str) -> list[StoredDocument]:
        """The documents imported from a file of this name, in id order."""
        return self._documents("file = ? ORDER BY id", [file])

    def reparse_source(self, doc_id: int) -> ReparseSource | None:
        """What re-parsing a document needs: its text, file name, encoding, source, import
        time and content hash."""
        rows = self.db.table("documents").rows_where(
            "id = ?", [doc_id], select="text, file, encoding, source_path, imported_at, content_hash")
        row = next(rows, None)
        return None if row is None else ReparseSource(**row)

    def outdated_documents(self, version: int) -> list[int]:
        """Ids of the documents parsed by a parser older than `version`, in the order their
        sections were stored (so a rebuilt index keeps its document order)."""
        rows = self.db.execute(
            "SELECT id FROM documents WHERE parser_version < ? "
            "ORDER BY (SELECT min(s.id) FROM sections s WHERE s.doc_id = documents.id), id",
            [version]).fetchall()
        return [r[0] for r in rows]

    def has_outdated_documents(self, version: int) -> bool:
        """Whether any document was parsed by a parser older than `version` (an index look-up)."""
        return self.db.execute("SELECT 1 FROM documents WHERE parser_version < ? LIMIT 1",
                               [version]).fetchone() is not None

    def document_text(self, doc_id: int) -> str | None:
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def documents(self, doc_ids: Sequence[int] | None = None, *,
                  with_sections: bool = True) -> list[DocumentInfo]:
        """Documents sorted by date (unknown last), then id, each with its sections; without
        them (`with_sections=False`: one query, for a list of thousands of releases whose
        sections are read one release at a time, when shown). Their borderline figures are
        counted with the sections only (else borderline_count is None): a second look-up per
        release made listing 20,000 of them ~1.5× slower."""
        where: str | None = None
        params: list[int] = []
        if doc_ids is not None:
            where = f"id IN ({', '.join('?' * len(doc_ids))})"
            params = list(doc_ids)
        borderline = ("(SELECT count(*) FROM metrics m WHERE m.doc_id = documents.id AND m.borderline != 0)"
                      if with_sections else "NULL")
        rows = list(self.db.table("documents").rows_where(
            where, params, order_by=_order_sql("date", False),
            select=f"{_DOC_COLUMNS}, (SELECT count(*) FROM metrics m WHERE m.doc_id = documents.id "
                   f"AND m.borderline = 0) AS metric_count, {borderline} AS borderline_count"))
        sections = self._section_infos([r["id"] for r in rows]) if with_sections else {}
        return [self._document_info(r, sections.get(r["id"], ())) for r in rows]

    def counts(self) -> tuple[int, int, int]:
        """How many documents, sections (credits not counted) and metrics are stored."""
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM documents), "
            "(SELECT count(*) FROM sections WHERE kind != 'credits'), "
            "(SELECT count(*) FROM metrics)").fetchone()
        return row[0], row[1], row[2]

    def document_page(self, query: DocumentQuery) -> tuple[list[int], int, int]:
        """The ids of one page of documents matching `query` in its order, how many match in
        all, and how many were left out only for having no date (when a date filter is given)."""
        clauses, params = _document_where(query)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        total = self.db.execute(f"SELECT count(*) FROM documents {where}", params).fetchone()[0]
        order = _order_sql(query.sort, query.descending)
        page = "LIMIT ? OFFSET ?"
        limit = -1 if query.limit is None else max(0, int(query.limit))
        ids = [r[0] for r in self.db.execute(
            f"SELECT id FROM documents {where} ORDER BY {order} {page}",
            [*params, limit, max(0, int(query.offset))]).fetchall()]
        return ids, total, self._undated_excluded(query)

    def _undated_excluded(self, query: DocumentQuery) -> int:
        if not query.dated:
            return 0
        undated = replace(query, date_from=None, date_to=None, year=None)
        clauses, params = _document_where(undated)
        clauses.append("date IS NULL" if query.date_from or query.date_to else "year IS NULL")
        return self.db.execute(f"SELECT count(*) FROM documents WHERE {' AND '.join(clauses)}",
                               params).fetchone()[0]

    def filter_doc_ids(self, query: DocumentQuery) -> tuple[set[int] | None, set[int]]:
        """For search: the ids of the documents `query` allows (None: every document; its
        `kind`, a section filter, is ignored), and the ids left out only for having no date."""
        query = replace(query, kind=None)
        clauses, params = _document_where(query)
        if not clauses:
            return None, set()
        allowed = {r[0] for r in self.db.execute(
            f"SELECT id FROM documents WHERE {' AND '.join(clauses)}", params).fetchall()}
        undated: set[int] = set()
        if query.dated:
            clauses, params = _document_where(replace(query, date_from=None, date_to=None, year=None))
            clauses.append("date IS NULL" if query.date_from or query.date_to else "year IS NULL")
            undated = {r[0] for r in self.db.execute(
                f"SELECT id FROM documents WHERE {' AND '.join(clauses)}", params).fetchall()}
        return allowed, undated

    def missing_documents(self, doc_ids: Sequence[int]) -> list[int]:
        """Those of `doc_ids` that name no document, in the order given."""
        found = {r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps([int(i) for i in doc_ids])]).fetchall()}
        return [int(i) for i in doc_ids if int(i) not in found]

    def _section_infos(self, doc_ids: list[int]) -> dict[int, tuple[SectionInfo, ...]]:
        if not doc_ids:
            return {}
        found: dict[int, list[SectionInfo]] = {}
        for chunk_start in range(0, len(doc_ids), 500):
            chunk = doc_ids[chunk_start:chunk_start + 500]
            marks = ", ".join("?" * len(chunk))
            for r in self.db.table("sections").rows_where(
                    f"doc_id IN ({marks})", chunk, order_by="doc_id, position",
                    select=f"{_SECTION_COLUMNS}, (SELECT count(*) FROM metrics m "
                           "WHERE m.section_id = sections.id) AS metric_count"):
                found.setdefault(r["doc_id"], []).append(SectionInfo(**{**r, "kind": SectionKind(r["kind"])}))
        return {k: tuple(v) for k, v in found.items()}

    def _document_info(self, r: dict, sections: tuple[SectionInfo, ...]) -> DocumentInfo:
        credits = json.loads(r["credits"] or "{}")
        return DocumentInfo(
            id=r["id"], title=r["user_title"] or r["title"], dateline=r["dateline"],
            issuer=r["user_issuer"] or r["issuer"], file=r["file"], encoding=r["encoding"],
            imported_at=r["imported_at"], date=r["date"], metric_count=r["metric_count"],
            borderline_count=r["borderline_count"],
            year=r["year"], date_source=DateSource.of(r["date_source"]),
            warnings=tuple(json.loads(r["warnings"] or "[]")),
            credits=Credits(**{k: credits.get(k) for k in CREDIT_FIELDS}),
            sections=sections,
        )

    def section_row(self, section_id: int) -> SectionRow | None:
        """Section `section_id` as stored (None: no such section)."""
        # Raw SQL, not rows_where: a page of search results reads two or three sections and a
        # document per hit, and rows_where's check that the table exists (a sqlite_master
        # query each call) made a query's median CPU time 3.2 → 3.55 ms (2,000 releases).
        row = self.db.conn.execute(f"SELECT {_SECTION_COLUMNS} FROM sections WHERE id = ?",
                                   [section_id]).fetchone()
        if row is None:
            return None
        values = list(row)
        values[3] = SectionKind(values[3])
        return SectionRow(*values)

    def section_infos(self, doc_id: int) -> tuple[SectionInfo, ...]:
        return self._section_infos([doc_id]).get(doc_id, ())

    def section_infos_of(self, doc_ids: list[int]) -> dict[int, tuple[SectionInfo, ...]]:
        """The sections of several documents at once (see `_section_infos`)."""
        return self._section_infos(doc_ids)

    def section_openings(self, section_ids: Sequence[int], chars: int) -> dict[int, str]:
        """Section id → the first `chars` characters of its text (SQLite slices the text)."""
        rows = self.db.execute(
            'SELECT s.id, substr(d.text, s."start" + 1, min(s."end" - s."start", ?)) FROM sections s '
            "JOIN documents d ON d.id = s.doc_id WHERE s.id IN (SELECT value FROM json_each(?))",
            [chars, json.dumps([int(i) for i in section_ids])])
        return {row[0]: row[1] or "" for row in rows}

    def section_doc_ids(self, section_ids: Sequence[int] | None,
                        skip_kinds: Sequence[str] = ()) -> dict[int, int]:
        """Section id → document id, for `section_ids` (None: all), without `skip_kinds`."""
        clauses, params = [], []
        if section_ids is not None:
            clauses.append("id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps([int(i) for i in section_ids]))
        if skip_kinds:
            clauses.append(f"kind NOT IN ({', '.join('?' * len(skip_kinds))})")
            params.extend(skip_kinds)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return dict(self.db.execute(f"SELECT id, doc_id FROM sections {where} ORDER BY id",
                                    params).fetchall())

    def metrics(self, *, section_id: int | None = None, doc_id: int | None = None,
                unit: str | None = None, kind: str | None = None,
                min_value: float | None = None, max_value: float | None = None,
                label: str | None = None) -> list[MetricRecord]:
        """Metric rows matching every given filter, in document then text order.

        `label` is words separated by spaces; each must occur in the metric's label."""
        clauses: list[str] = []
        params: list[str | float] = []
        for column, value in (("section_id", section_id), ("doc_id", doc_id), ("unit", unit),
                              ("kind", kind)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if min_value is not None:
            clauses.append("value >= ?")
            params.append(float(min_value))
        if max_value is not None:
            clauses.append("value <= ?")
            params.append(float(max_value))
        for word in (label or "").split():
            clauses.append("instr(coalesce(label, ''), ?) > 0")
            params.append(word)
        rows = self.db.table("metrics").rows_where(" AND ".join(clauses) or None, params,
                                             order_by="doc_id, position", select=_METRIC_COLUMNS)
        return [_metric_record(r) for r in rows]

    def metric(self, metric_id: int) -> MetricRecord | None:
        """Figure `metric_id` (None: no such figure)."""
        row = next(self.db.table("metrics").rows_where("id = ?", [metric_id], select=_METRIC_COLUMNS), None)
        return None if row is None else _metric_record(row)

    def iter_sections_for_index(self) -> Iterator[IndexRow]:
        """Every section as an index row, in section id order (a document's sections have
        consecutive ids), so a rebuilt index orders its documents exactly as one that grew
        by imports."""
        doc_rows = self.db.execute(
            "SELECT id, text, search_text FROM documents "
            "ORDER BY (SELECT min(s.id) FROM sections s WHERE s.doc_id = documents.id), id")
        for doc_id, text, folded in doc_rows.fetchall():
            yield from self.sections_for_index(doc_id, text=(text, folded))

    def matching_sections(self, clauses: Sequence[Sequence[str]], excluded: Sequence[str]) -> set[int]:
        """Ids of the sections holding a term of every clause and no excluded term, as
        substrings of their normalised text (core/section_match.py: answered by SQLite's
        full-text index, no text is read)."""
        sql, params = match_select(clauses, excluded)
        return {row[0] for row in self.db.execute(sql, params)}

    def lazy_matching(self, clauses: Sequence[Sequence[str]], excluded: Sequence[str]) -> LazyMatches:
        """matching_sections as a set counted by SQLite, whose ids are read only when
        needed (core/section_match.LazyMatches)."""
        sql, params = match_select(clauses, excluded)

        def count() -> int:
            return int(self.db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])

        def body(section_id: int) -> str | None:
            row = self.db.execute(f"SELECT c0 FROM {_BODIES} WHERE id = ?", [section_id]).fetchone()
            return None if row is None else row[0]

        return LazyMatches(count, lambda: self.matching_sections(clauses, excluded), body,
                           clauses, excluded)

    def section_places(self, clauses: Sequence[Sequence[str]], excluded: Sequence[str]
                       ) -> dict[int, tuple[int, str, str | None]]:
        """matching_sections with each section's (document id, kind, document date), for
        filters."""
        sql, params = match_select(clauses, excluded)
        rows = self.db.execute(
            "SELECT s.id, s.doc_id, s.kind, d.date FROM sections s JOIN documents d ON d.id = s.doc_id "
            f"WHERE s.id IN ({sql})", params)
        return {sid: (doc_id, kind, date or None) for sid, doc_id, kind, date in rows}

    def section_bodies(self, section_ids: Iterable[int]) -> dict[int, str]:
        """The normalised search text of these sections (what matching saw), by id."""
        rows = self.db.execute(
            f"SELECT id, c0 FROM {_BODIES} WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps([int(i) for i in section_ids])])
        return dict(rows.fetchall())

    def most_occurring(self, matched: set[int] | LazyMatches, leave_out: set[int], terms: Sequence[str],
                       count: int) -> list[int]:
        """Up to `count` ids of `matched` but not `leave_out`, by how often the terms occur
        in their normalised text (most first, then id) — Python's str.count, computed by
        SQLite without carrying every text into Python. The ids drive the plain rows of the
        texts (`_BODIES`) and occurrences are counted in bytes (UTF-8 cannot match inside a
        character): through the full-text table's own row look-ups, and counting characters,
        20,000 texts took 37 ms."""
        if isinstance(matched, LazyMatches):
            source, params = matched.select
        else:
            source, params = "SELECT value AS id FROM json_each(?)", [json.dumps(sorted(matched))]
        size = "length(CAST({} AS BLOB))"
        occurrences = " + ".join(f"({size.format('b.c0')} - {size.format('replace(b.c0, ?, ?)')}) / ?"
                                 for _ in terms)
        values = [v for t in terms for v in (t, "", len(t.encode("utf-8")))]
        where, skip = "", []
        if leave_out:
            where, skip = "WHERE m.id NOT IN (SELECT value FROM json_each(?))", [json.dumps(sorted(leave_out))]
        rows = self.db.execute(
            f"SELECT m.id FROM ({source}) m JOIN {_BODIES} b ON b.id = m.id {where} "
            f"ORDER BY {occurrences} DESC, m.id LIMIT ?", [*params, *skip, *values, count])
        return [row[0] for row in rows]

    def section_view(self, section_id: int) -> tuple[str, list[int] | None] | None:
        """A section's normalised search text and, when normalising changed its length, the
        offset into its own raw text of each character (None: offsets unchanged); None for
        an unknown section. What the snippets' marks are found in."""
        row = self.db.execute(
            'SELECT s.doc_id, s."start", s."end", d.search_text IS NULL FROM sections s '
            "JOIN documents d ON d.id = s.doc_id WHERE s.id = ?", [section_id]).fetchone()
        if row is None:
            return None
        doc_id, start, end, unfolded = row
        if not unfolded:
            body = self.section_bodies([section_id]).get(section_id)
            return None if body is None else (body, None)
        text = self.document_text(doc_id) or ""
        items = self.db.execute('SELECT "start", "end" FROM sections WHERE parent_id = ?',
                                [section_id]).fetchall()
        folded, offsets = normalize_with_map(own_text(text, start, end, items))
        return folded.replace("\x00", " "), offsets

    _titles: JoinedTitles | None = None  # the folded titles of the last state searched

    def _joined_titles(self) -> JoinedTitles:
        """Every folded title joined in memory (core/title_match.py), read again after any
        write (~5 ms at 20,000 releases)."""
        state = self.state()
        if self._titles is None or self._titles.state != state:
            self._titles = JoinedTitles.read(self.db.conn, state)
        return self._titles

    def _titled(self, clauses: Sequence[Sequence[str]], excluded: Sequence[str]
                ) -> tuple[str, list[Any]] | None:
        """A SELECT of the `id`s of the documents whose shown title (folded) holds a term
        of every clause and no excluded term, and its parameters: the ids themselves when
        the joined titles find few, else a scan of the titles' index; None when none can."""
        titles = self._joined_titles()
        if not titles.may_hold(clauses):
            return None
        ids = titles.holding(clauses, excluded)
        if ids is not None:
            return ("SELECT value AS id FROM json_each(?)", [json.dumps(ids)]) if ids else None
        condition, params = _title_condition(clauses, excluded)
        return f"SELECT id FROM documents INDEXED BY documents_title_key WHERE {condition}", params

    def title_matches(self, clauses: Sequence[Sequence[str]], excluded: Sequence[str]) -> list[int]:
        """Ids of the documents whose shown title (folded) holds a term of every clause and
        no excluded term, in id order."""
        titled = self._titled(clauses, excluded)
        if titled is None:
            return []
        return [r[0] for r in self.db.execute(f"SELECT id FROM ({titled[0]}) ORDER BY id", titled[1])]

    def title_only(self, clauses: Sequence[Sequence[str]], excluded: Sequence[str], start: int,
                   count: int) -> tuple[int, list[int]]:
        """Documents found by their title alone: those whose title holds the query (see
        title_matches), none of whose sections matches (see matching_sections) and whose
        first section, which stands for them, holds no excluded term. Their number, and
        the first sections of [start, start + count) of them in document id order — the
        page's, read alone: no list of documents or sections crosses into Python."""
        titled = self._titled(clauses, excluded)
        if titled is None:
            return 0, []  # the usual case: no title holds the query, no full-text query needed
        sql, match_params = match_select(clauses, excluded)
        leave_out, leave_params = "", []
        if excluded:  # the first section holds no excluded term, looked up in its text alone
            leave_out = (f"AND NOT EXISTS (SELECT 1 FROM {_BODIES} b WHERE b.id = f.sid AND ("
                         + " OR ".join("instr(b.c0, ?) > 0" for _ in excluded) + "))")
            leave_params = list(excluded)
        # The documents of the matching sections, one row look-up per section, against
        # the title's documents: each side once (probing each title document's sections
        # instead took 3–6 look-ups a document).
        found = (f"WITH f(doc, sid) AS (SELECT t.id, (SELECT min(s.id) FROM sections s WHERE s.doc_id = t.id) "
                 f"FROM ({titled[0]}) t WHERE t.id NOT IN "
                 f"(SELECT s.doc_id FROM ({sql}) m JOIN sections s ON s.id = m.id)) "
                 f"SELECT {{}} FROM f WHERE f.sid IS NOT NULL {leave_out}")
        all_params = [*titled[1], *match_params, *leave_params]
        if count > 0:  # the page and the number in one pass
            rows = self.db.execute(found.format("f.sid, count(*) OVER ()") + " ORDER BY f.doc LIMIT ? OFFSET ?",
                                   [*all_params, count, start]).fetchall()
            if rows:
                return int(rows[0][1]), [row[0] for row in rows]
        return int(self.db.execute(found.format("count(*)"), all_params).fetchone()[0]), []

    def sections_of(self, doc_ids: Sequence[int]) -> dict[int, list[tuple[int, str, str | None]]]:
        """Each document's sections as (section id, kind, document date), in id order."""
        found: dict[int, list[tuple[int, str, str | None]]] = {}
        rows = self.db.execute(
            "SELECT s.id, s.doc_id, s.kind, d.date FROM sections s JOIN documents d ON d.id = s.doc_id "
            "WHERE s.doc_id IN (SELECT value FROM json_each(?)) ORDER BY s.id",
            [json.dumps([int(i) for i in doc_ids])])
        for sid, doc_id, kind, date in rows:
            found.setdefault(doc_id, []).append((sid, kind, date or None))
        return found

    def sections_for_index(self, doc_id: int, *, text: tuple[str, str | None] | None = None,
                           take_words: bool = False) -> Iterator[IndexRow]:
        """One document's sections as index rows: id, document, kind, heading and text
        (nothing the user edits, so editing properties never touches the index). `text`:
        the document's text and search_text, when the caller has read them.

        Where the document's normalised text keeps every offset (its search_text), the rows
        are cut from it and their headings normalised (store_rows.index_text): NFKC of a
        whole release twice (its search_text, then its sections) cost ~0.3 ms of an
        import's ~8 ms a release. With `take_words` (the index update after a write), a row
        carries its words when they were counted where the release was parsed (kept by
        the write until forget_index_words)."""
        if text is None:
            row = self.db.execute("SELECT text, search_text FROM documents WHERE id = ?",
                                  [doc_id]).fetchone()
            if row is None:
                return
            text = row
        raw, folded = text
        rows = self.db.execute(
            'SELECT id, kind, heading, "start", "end", parent_id FROM sections WHERE doc_id = ? ORDER BY id',
            [doc_id]).fetchall()
        items = item_spans(rows)
        for section_id, kind, heading, start, end, _ in rows:
            yield IndexRow(section_id, doc_id, SectionKind(kind),
                           *index_text(raw, folded, heading, start, end, items.get(section_id, ())),
                           words=self._index_words.pop(section_id, None) if take_words else None)

    def section_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM sections").fetchone()[0]

    # -- backup and restore ----------------------------------------------------------------

    def backup_to(self, target: Path) -> None:
        """Copy the whole database to `target` with SQLite's online backup (a consistent snapshot)."""
        dest = sqlite3.connect(str(target))
        try:
            self.db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()


def _read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A read-only SQLite URI for any path (spaces, #, ?, Chinese names are escaped)."""
    return Path(path).resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def _title_condition(clauses: Sequence[Sequence[str]], excluded: Sequence[str]) -> tuple[str, list[str]]:
    """The WHERE condition (and its parameters) of the documents whose folded title holds
    a term of every clause and no excluded term (read from the documents_title_key index)."""
    where, params = [], []
    for clause in clauses:
        where.append("(" + " OR ".join("instr(title_key, ?) > 0" for _ in clause) + ")")
        params += list(clause)
    for term in excluded:
        where.append("instr(title_key, ?) = 0")
        params.append(term)
    return f"title_key != '' AND {' AND '.join(where)}", params


_SQLITE_CANTOPEN = 14


def connect_read_only(path: Path, *, peek: bool = False, **options: Any) -> sqlite3.Connection:
    """A connection that never writes to `path`.

    A WAL database needs its -shm file, which a read-only folder or disk cannot hold:
    SQLite then refuses even to read. When no write-ahead log holds changes (the file is
    complete), the file is opened as immutable instead; otherwise the error stands.
    `peek`: open a complete file as immutable at once, so that not even a -shm file
    appears beside it (a look that must leave a folder exactly as it was)."""
    options.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
    if peek and _log_is_empty(path) and Path(path).is_file():
        return sqlite3.connect(_read_only_uri(path, immutable=True), uri=True, **options)
    conn = None
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, **options)
        conn.execute("PRAGMA schema_version").fetchone()  # opening is lazy: read something
        return conn
    except sqlite3.DatabaseError as error:
        if conn is not None:
            conn.close()
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code != _SQLITE_CANTOPEN or not _log_is_empty(path) or not Path(path).is_file():
            raise
    return sqlite3.connect(_read_only_uri(path, immutable=True), uri=True, **options)


def _log_is_empty(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def foreign_database_error(path: Path) -> ForeignFolderError:
    """A SQLite file of another program where the knowledge base belongs: never touched."""
    return ForeignFolderError(
        f"{path} 不是知库的知识库文件（它是另一个程序的数据库），知库不会改动它。请另选一个知识库文件夹，或把该文件移走。",
        f"{path} is not a Zhiku knowledge base (it is another program's database); Zhiku will "
        f"not change it. Choose another knowledge base folder or move the file away.")


# create_database's temporary file for the knowledge base (and its -wal, -shm, -journal)
_NEW_DB_TMP = re.compile(re.escape(f".{DB_NAME}.new-") + r"(\d+)-[0-9a-f]{8}\.tmp(-wal|-shm|-journal)?")


def new_database_tmp_pid(name: str) -> int | None:
    """The process id in the name of create_database's temporary file for the knowledge
    base (or of its -wal, -shm or -journal), or None for any other name."""
    found = _NEW_DB_TMP.fullmatch(name)
    return int(found.group(1)) if found else None


def create_database(path: Path) -> None:
    """Create an empty knowledge base at `path` whole: built under a temporary name, then
    linked into place, so `path` is never an empty or half-made file (an empty file is
    damage, not a new knowledge base). When another process created it first, theirs stays."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        Store(tmp, in_place=True).close()  # the full schema, in WAL mode; closing removes the empty log
        try:
            os.link(tmp, path)  # fails if `path` appeared meanwhile: never replaces it
        except FileExistsError:
            pass
        except OSError:  # no hard links here (some shares, FAT)
            if not path.exists():
                os.replace(tmp, path)
    except OSError as error:
        raise disk_error(error, path) from error
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            try:
                leftover.unlink()
            except OSError:  # mostly absent; a private temporary name nobody reads
                pass


_SORT_SQL = {
    # year-only documents after the dated ones of their year; undated ones last
    "date": "year IS NULL, year{d}, date IS NULL, date{d}",
    "issuer": "issuer_key IS NULL, issuer_key{d}",
    "title": "coalesce(user_title, title) IS NULL, coalesce(user_title, title){d}",
    "file": "file IS NULL, file{d}",
    "metrics": "(SELECT count(*) FROM metrics m WHERE m.doc_id = documents.id AND m.borderline = 0){d}",
    "imported": "imported_at{d}",
    "id": "id{d}",
}
assert set(_SORT_SQL) == set(DOCUMENT_SORTS)


def _order_sql(sort: str, descending: bool) -> str:
    """ORDER BY for a DocumentQuery sort key (ValueError for an unknown one), id breaking ties."""
    if sort not in _SORT_SQL:
        raise ValueError(f"unknown sort {sort!r}; one of {', '.join(DOCUMENT_SORTS)}")
    d = " DESC" if descending else ""
    return f"{_SORT_SQL[sort].format(d=d)}, id{d}"


def _document_where(query: DocumentQuery) -> tuple[list[str], list[Any]]:
    """SQL conditions (on `documents`) and parameters for a DocumentQuery's filters."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.date_from:
        clauses.append("date >= ?")
        params.append(query.date_from)
    if query.date_to:  # inclusive, also of a prefix: "2021" and "2021-12" end with their last day
        clauses.append("date <= ?")
        params.append(query.date_to + "\uffff")
    if query.year:
        clauses.append("year = ?")
        params.append(int(query.year))
    key = issuer_key((query.issuer or "").strip())
    if key:
        clauses.append("instr(issuer_key, ?) > 0")
        params.append(key)
    if query.kind:
        clauses.append("EXISTS (SELECT 1 FROM sections s WHERE s.doc_id = documents.id AND s.kind = ?)")
        params.append(query.kind)
    if query.doc_ids is not None:
        clauses.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in query.doc_ids]))
    return clauses, params


def _kept_ids(new_keys: Sequence[tuple[tuple, ...]], old: Sequence[tuple[int, tuple[tuple, ...]]]
              ) -> list[int | None]:
    """For each new row (its match keys, most exact first), the id of the old row it
    continues (each old id used once), trying the most exact key of every row first."""
    free = {row_id for row_id, _ in old}
    found: list[int | None] = [None] * len(new_keys)
    for level in range(max((len(k) for k in new_keys), default=0)):
        by_key: dict[tuple, list[int]] = {}
        for row_id, keys in old:
            if row_id in free and level < len(keys):
                by_key.setdefault(keys[level], []).append(row_id)
        for k, keys in enumerate(new_keys):
            if found[k] is None and level < len(keys) and by_key.get(keys[level]):
                row_id = by_key[keys[level]].pop(0)
                if row_id in free:
                    free.discard(row_id)
                    found[k] = row_id
    return found


def _correction(row: dict[str, Any]) -> Correction:
    """A corrections row (as Store.corrections selects it) as a Correction."""
    return Correction(id=row["id"], doc_id=row["doc_id"], target=CorrectionTarget(row["target"]),
                      field=row["field"], anchor=Anchor(row["anchor_start"], row["anchor_end"], row["anchor_text"]),
                      before=_json_or_none(row["before"]), after=_json_or_none(row["after"]),
                      status=CorrectionStatus(row["status"]), content_hash=row["content_hash"],
                      created_at=row["created_at"])


def _json_or_none(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def content_hash(text: str) -> str:
    """A document's identity by content: the SHA-256 of its text (same text, same release)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_DOC_SOURCE_AT = _DOC_COLUMNS.replace(" ", "").split(",").index("date_source")


def _stored_document(row: Sequence[Any]) -> StoredDocument:
    """A row of _DOC_COLUMNS as a StoredDocument (its date source read as a DateSource)."""
    values = list(row)
    values[_DOC_SOURCE_AT] = DateSource.of(values[_DOC_SOURCE_AT])
    return StoredDocument(*values)


def _metric_record(r: dict) -> MetricRecord:
    return MetricRecord(**{**r, "kind": MetricKind(r["kind"]), "borderline": bool(r["borderline"])})


def check_backup_file(path: Path, live: Path | None = None) -> None:
    """Raise BackupRefusedError unless `path` can be read as a backup at all: a missing file, a
    folder, something that is not a regular file (a FIFO would block the reader forever,
    a device would be read without end), an unreadable file or the live database itself.
    Its content is checked in full by core/restore.py before anything is replaced."""
    path = Path(path)
    if path.is_dir():
        raise BackupRefusedError(f"这是一个文件夹，不是备份文件：{path}", f"this is a folder, not a backup file: {path}")
    if not path.exists():
        raise BackupRefusedError(f"找不到备份文件：{path}", f"backup file not found: {path}")
    if not path.is_file():
        raise BackupRefusedError(f"这不是普通文件，不能作为备份：{path}",
                                 f"this is not a regular file, so it cannot be a backup: {path}")
    if live is not None and _same_file(path, live):
        raise BackupRefusedError(f"这是正在使用的知识库文件本身，不是备份：{path}",
                                 f"this is the knowledge base file in use, not a backup: {path}")
    if not os.access(path, os.R_OK):
        raise BackupRefusedError(f"无法读取备份文件（没有读取权限）：{path}",
                                 f"cannot read the backup file (permission denied): {path}")


def check_backup_target(target: Path, live: Path) -> None:
    """Raise StoreError, naming `target`, when a backup cannot be written there: a folder,
    something that is not a regular file (a device such as /dev/null, a FIFO), a folder
    that does not exist, or the live database itself."""
    target = Path(target)
    if target.is_dir():
        raise StoreError(f"这是一个文件夹：{target}。请给出备份文件的名称，如 {target / 'zhiku-backup.sqlite3'}",
                         f"this is a folder: {target}. Give a file name for the backup, "
                         f"e.g. {target / 'zhiku-backup.sqlite3'}")
    if target.exists() and not target.is_file():  # /dev/null, a FIFO, a socket
        raise StoreError(f"无法备份到 {target}：它不是普通文件（如设备或管道），知库不会替换它。请给出一个文件名。",
                         f"cannot back up to {target}: it is not a regular file (a device or "
                         f"a pipe) and Zhiku will not replace it; give a file name.")
    parent = target.parent
    if not parent.is_dir():
        raise StoreError(f"无法备份到 {target}：文件夹 {parent} 不存在。请先创建该文件夹，或选择其他位置。",
                         f"cannot back up to {target}: the folder {parent} does not exist; "
                         f"create it first or choose another place.")
    if _same_file(target, live) or any(_same_file(target, Path(f"{live}{s}")) for s in ("-wal", "-shm")):
        raise StoreError(f"不能备份到正在使用的知识库文件本身：{target}。请选择其他位置。",
                         f"cannot back up onto the knowledge base file in use: {target}. Choose another place.")


_WRITE_REASONS = {
    errno.EACCES: ("没有写入权限", "permission denied"),
    errno.EPERM: ("没有写入权限", "permission denied"),
    errno.EROFS: ("该位置只读", "read-only file system"),
    errno.ENOSPC: ("磁盘空间不足", "no space left on the disk"),
}


def backup_write_error(target: Path, error: BaseException) -> StoreError:
    """A failed backup write, naming the target the user gave (never our temporary file)."""
    code = getattr(error, "errno", None) or 0  # 0: none (not one of _WRITE_REASONS)
    if code not in _WRITE_REASONS and not os.access(Path(target).parent, os.W_OK):
        code = errno.EACCES
    chinese, english = _WRITE_REASONS.get(code, ("写入失败", "the write failed"))
    if code not in _WRITE_REASONS:
        detail = getattr(error, "strerror", None) or str(error)
        english = f"{english}: {detail}" if detail else english
    return StoreError(f"无法写入备份文件：{target}（{chinese}）。请选择其他位置。",
                      f"cannot write the backup {target} ({english}); choose another place.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


CHECKED_NAME = "quick_check.json"  # beside the database: the files as they were when checked
# File times are coarse: a file changed within this long of a check may still show the times
# it had at the check, so such a check is not remembered (as for the index: search_index.RACY_NS).
RACY_NS = 2_000_000_000


def _identities(path: Path) -> list[list[int] | None] | None:
    """What changes when the database or its write-ahead log is written to, even by someone
    who resets the times (the change time cannot be set back); None when it cannot be read."""
    found: list[list[int] | None] = []
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            stat = name.stat()
        except FileNotFoundError:
            found.append(None)
            continue
        except OSError:
            return None
        found.append([stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino])
    return found


def checked_file_damage(path: Path) -> str | None:
    """file_damage, read only when the database has changed since it last passed: its size,
    times and inode (and its write-ahead log's) are remembered beside it after a check that
    passed (best effort: a read-only folder checks every time). A whole-file check costs
    ~5 ms per 10 MB, which made opening a 20,000-release library 0.4 s slower than a small
    one; a file nobody wrote to since it was checked cannot have been damaged by
    a program, and any write changes what is remembered."""
    path = Path(path)
    record = path.with_name(CHECKED_NAME)
    before = _identities(path)
    try:
        if before is not None and before[0] is not None and json.loads(
                record.read_text(encoding="utf-8")) == before:
            return None
    except (OSError, ValueError):
        pass
    problem = file_damage(path)
    times = [max(i[1], i[2]) for i in before or () if i is not None]
    if problem is None and times and time.time_ns() - max(times) > RACY_NS:
        _remember_check(record, before)
    return problem


def _remember_check(record: Path, identities: list | None) -> None:
    tmp = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(identities), encoding="utf-8")
        os.replace(tmp, record)
    except OSError:  # best effort: checked again next time
        try:
            tmp.unlink()
        except OSError:
            pass


def file_damage(path: Path) -> str | None:
    """What is wrong with the database file at `path` if it is damaged; None when it is
    intact or absent. An empty file is damage: Zhiku creates its database whole (see
    `create_database`), so an empty one was truncated or badly copied, never new. Other
    failures (busy, unreadable) raise BusyError or StoreError. Read-only: never checkpoints
    a write-ahead log into a damaged file, nor deletes it."""
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            return "the file is empty (0 bytes)"
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"无法读取知识库文件：{path}。请检查文件的读取权限。",
                         f"cannot read the knowledge base file {path}: {error.strerror or error}") from error
    try:
        conn = connect_read_only(path)
        try:
            problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return str(error)
        raise store_error(error, path) from error
    return None if problem == "ok" else problem
