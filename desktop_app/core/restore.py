"""Restoring a backup: checked in full in a private copy, then put in place, the previous
database kept under a visible name (and put back if the restored one does not open).

A backup is a SQLite file that anyone may have edited, or built to do harm: other columns,
bytes where text belongs, JSON that does not parse, a trigger that deletes documents on the
next import. Nothing of it reaches the knowledge base unless it has exactly the structure of
Zhiku's schema of a version this build knows (the tables, their columns with type, NOT NULL,
default and primary key, foreign keys with their ON DELETE, the indexes with their columns
and UNIQUE, the search tables' definitions, as that version's migrations make them; no
triggers, no views: core/schema.py) and every row reads as Zhiku reads it. Structure, not
SQL text: earlier builds wrote the same schema in other words. The copy that passed is the copy
that is installed, so the file cannot change between the check and the restore.

The window's File → Restore and `zhiku restore` both come here (KnowledgeBase.restore_backup).
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.corrections import FIELDS, STATUSES, checked_after
from desktop_app.core.errors import BackupRefusedError, StoreError, ZhikuError
from desktop_app.core.model import CREDIT_FIELDS
from desktop_app.core.schema import (
    SCHEMA_VERSION,
    ForeignKeyShape,
    IndexShape,
    Shape,
    TableShape,
    reference_structure,
    structure,
)
from desktop_app.core.store import (
    Store,
    check_backup_file,
    connect_read_only,
    file_damage,
    is_damage,
    store_error,
)

# The largest id, id counter or generation a real knowledge base could hold: beyond it a
# backup was made up (and an id at SQLite's limit, 2^63 - 1, makes every insert fail).
MAX_PLAUSIBLE_COUNTER = 2 ** 53
Problem = tuple[str, str]  # (Chinese, English): what is wrong with a backup
Column = tuple[str, str, bool]  # (name, declared type in upper case, NOT NULL) of a table


@dataclass(frozen=True)
class Restored:
    """What a restore did: how many documents the knowledge base now holds, and where the
    knowledge base it replaced was kept (None when there was none)."""

    documents: int
    kept: Path | None  # zhiku.sqlite3.before-restore-<time>, or .damaged-<time> when `damaged`
    damaged: bool = False


def restore_database(database: Path, backup: Path) -> Restored:
    """Replace the knowledge base file `database` with the content of `backup` (the caller
    holds the folder's write lock). Raises, naming the backup and the problem, before
    anything is replaced when the backup is not one this build can restore.

    A healthy database receives the backup in one SQLite transaction (readers, such as the
    open window, see before or after), its previous content kept as
    `zhiku.sqlite3.before-restore-<time>`: a restore replaces everything, and the user may
    have picked the wrong backup. A damaged or empty one is swapped for the restored file
    and kept as `zhiku.sqlite3.damaged-<time>`. Either way, when the restored database does
    not open, the previous one is put back (and no copy is left)."""
    database, backup = Path(database), Path(backup)
    check_backup_file(backup, live=database)
    damaged = file_damage(database) is not None
    generation, page_size = (0, None) if damaged else _live_generation_and_page_size(database)
    prepared = prepare_copy(backup, database, generation=generation, page_size=page_size)
    try:
        if damaged:
            aside = aside_name(database, "damaged")
            return Restored(_swap_in(database, prepared, aside=aside), aside, damaged=True)
        if not database.exists():
            return Restored(_swap_in(database, prepared, aside=None), None)
        return _copy_into(database, prepared)
    finally:
        remove_with_logs(prepared)


def _restore_tmp(database: Path, pid: int) -> Path:
    """The private copy a restore by process `pid` prepares beside `database`."""
    return database.with_name(f".{database.name}.restore-{pid}.tmp")


def restore_tmp_pid(database: Path, name: str) -> int | None:
    """The process id in the name of a restore's private copy of a backup beside
    `database` (or of its -wal, -shm, -journal), or None for any other name."""
    found = re.fullmatch(re.escape(f".{database.name}.restore-") + r"(\d+)\.tmp(-wal|-shm|-journal)?", name)
    return int(found.group(1)) if found else None


def prepare_copy(backup: Path, database: Path, *, generation: int, page_size: int | None) -> Path:
    """The backup copied beside `database` under a private name, checked in full, migrated to
    the current schema, with a generation past `generation` and a new store id (so any
    search index built before is seen as stale). Raises BackupRefusedError naming the
    backup and the problem (the copy is then removed); StoreError when the copy cannot be
    written."""
    tmp = _restore_tmp(database, os.getpid())
    remove_with_logs(tmp)
    try:
        _copy(backup, tmp, database)
        problem = _checked(tmp)
        if problem is not None:
            raise refused_error(backup, problem)
        _finish(tmp, generation, page_size)
    except BaseException:
        remove_with_logs(tmp)
        raise
    return tmp


def refused_error(backup: Path, problem: Problem) -> BackupRefusedError:
    chinese, english = problem
    return BackupRefusedError(f"不能从 {backup} 恢复：{chinese}。知识库没有任何改动。",
                      f"cannot restore from {backup}: {english}. The knowledge base was not changed.")


# ------------------------------------------------------------------------ the copy

def _copy(backup: Path, tmp: Path, database: Path) -> None:
    """A page-for-page copy of the backup (SQLite's backup API: a consistent snapshot even
    of a file in WAL mode), as one self-contained file. A backup SQLite cannot read is
    refused; a failure to write the copy is the knowledge base folder's (disk full …)."""
    try:
        source = connect_read_only(backup)
    except sqlite3.DatabaseError as error:
        raise _not_a_backup(backup, error) from error
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            raise _not_a_backup(backup, error) from error
        raise store_error(error, database) from error
    finally:
        source.close()


def _not_a_backup(backup: Path, error: BaseException) -> BackupRefusedError:
    return refused_error(backup, ("它不是知库备份文件", f"it is not a Zhiku backup file ({error})"))


def _finish(tmp: Path, generation: int, page_size: int | None) -> None:
    """Give the checked copy the live database's page size (SQLite cannot copy pages of
    another size into a WAL database), migrate it, and move its generation on."""
    if page_size:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            if conn.execute("PRAGMA page_size").fetchone()[0] != page_size:
                conn.execute(f"PRAGMA page_size = {int(page_size)}")
                conn.execute("VACUUM")
        finally:
            conn.close()
    store = Store(tmp, in_place=True)
    try:
        with store.transaction(bump=False):
            store._set_meta("generation", str(max(generation, store.generation()) + 1))
            store._set_meta("store_id", uuid.uuid4().hex)
            store.fill_search_texts()  # derived data: never trust a backup's own
    finally:
        store.close()


def _live_generation_and_page_size(database: Path) -> tuple[int, int | None]:
    if not database.exists():
        return 0, None
    try:
        conn = connect_read_only(database)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        finally:
            conn.close()
        return int(row[0]) if row else 0, page_size
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return 0, None


# ------------------------------------------------------------------------ the checks

def _checked(tmp: Path) -> Problem | None:
    """What makes the copy unfit to restore, or None."""
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")  # nothing in the file's schema runs
        return backup_problem(conn)
    except sqlite3.DatabaseError as error:
        return ("备份文件已损坏或无法读取", f"the backup file is damaged or unreadable ({error})")
    finally:
        conn.close()


def backup_problem(conn: sqlite3.Connection) -> Problem | None:
    """What makes the database on `conn` no restorable Zhiku backup, or None: damage, a
    schema version this build does not know, any difference from that version's schema
    (triggers and views included), or a row Zhiku could not read."""
    integrity = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
    if integrity != "ok":
        return "备份文件已损坏", f"the backup file is damaged ({integrity})"
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return ("它由更新版本的知库创建，请升级程序",
                f"it was written by a newer Zhiku (schema version {version}; this one knows up to "
                f"{SCHEMA_VERSION}); please upgrade")
    if version < 1:
        return "它不是知库备份文件（没有知库的格式版本）", "it is not a Zhiku backup file (no Zhiku schema version)"
    return (_schema_problem(conn, version) or _meta_problem(conn) or _rows_problem(conn, version)
            or _offsets_problem(conn) or _links_problem(conn)
            or (_corrections_problem(conn) if version >= 8 else None))


_KIND_NAMES = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}


def _schema_problem(conn: sqlite3.Connection, version: int) -> Problem | None:
    """Triggers and views, then any schema object that differs in structure from what this
    build's migrations make for `version` (schema.structure: the SQL text may be an earlier
    build's)."""
    found, wanted = structure(conn), reference_structure(version)
    triggers = sorted(name for kind, name in found if kind == "trigger")
    if triggers:
        return (f"它含有触发器 {triggers[0]}（知库从不创建触发器；触发器可能在以后的导入中改动或删除数据）",
                f"it holds a trigger, {triggers[0]} (Zhiku never creates one; it could change "
                f"or delete data on a later import)")
    views = sorted(name for kind, name in found if kind == "view")
    if views:
        return (f"它含有视图 {views[0]}（知库从不创建视图）",
                f"it holds a view, {views[0]} (Zhiku never creates one)")
    for kind, name in sorted(set(found) | set(wanted)):
        have, want = found.get((kind, name)), wanted.get((kind, name))
        if have == want:
            continue
        if want is None:
            zh, en = "知库没有它", "not Zhiku's"
        elif have is None:
            zh, en = "缺少", "missing"
        else:
            zh, en = _difference(have, want)
        what = _KIND_NAMES.get(kind, kind)
        return (f"它的结构与知库第 {version} 版不同（{what} {name}：{zh}）",
                f"its schema is not Zhiku's version {version} ({kind} {name}: {en})")
    return None


def _difference(have: Shape, want: Shape) -> tuple[str, str]:
    """(Chinese, English) saying how a schema object differs from Zhiku's."""
    if isinstance(have, TableShape) and isinstance(want, TableShape):
        return _table_difference(have, want)
    if isinstance(have, IndexShape) and isinstance(want, IndexShape):
        if have.table != want.table or _index_columns(have) != _index_columns(want):
            return "列不同", f"on {have.table}({_index_columns(have)}), not {want.table}({_index_columns(want)})"
        if have.columns != want.columns:
            return "列的排序方式不同", "its columns sort otherwise (COLLATE or DESC)"
        if have.unique != want.unique:
            return ("唯一性不同", "UNIQUE" if have.unique else "not UNIQUE")
    return "定义不同", "defined otherwise"


def _index_columns(index: IndexShape) -> str:
    return ", ".join(str(name) for name, _, _ in index.columns)


def _table_difference(have: TableShape, want: TableShape) -> tuple[str, str]:
    found, wanted = [c.name for c in have.columns], [c.name for c in want.columns]
    extra = [c for c in found if c not in wanted]
    missing = [c for c in wanted if c not in found]
    if extra or missing:
        zh = "，".join([f"多了列 {c}" for c in extra] + [f"缺少列 {c}" for c in missing])
        en = ", ".join([f"extra column {c}" for c in extra] + [f"missing column {c}" for c in missing])
        return zh, en
    for a, b in zip(have.columns, want.columns, strict=True):
        if a.name != b.name:
            return "列的顺序不同", f"column {a.name} where {b.name} belongs"
        if a.type != b.type:
            return f"列 {a.name} 的类型是 {a.type}，应为 {b.type}", f"column {a.name} is {a.type}, not {b.type}"
        if a != b:
            return f"列 {a.name} 的定义不同", f"column {a.name} is defined otherwise"
    if have.foreign_keys != want.foreign_keys:
        key = sorted(want.foreign_keys - have.foreign_keys, key=ForeignKeyShape.describe)
        other = sorted(have.foreign_keys - want.foreign_keys, key=ForeignKeyShape.describe)
        if key:
            return (f"缺少外键 {key[0].describe()}", f"missing foreign key {key[0].describe()}"
                    + (f" (it has {other[0].describe()})" if other else ""))
        return f"多了外键 {other[0].describe()}", f"extra foreign key {other[0].describe()}"
    return "定义不同", "defined otherwise"


def _meta_problem(conn: sqlite3.Connection) -> Problem | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    value = row[0] if row else "0"
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return "meta 表中的 generation 不是数字", f"meta.generation is not a number ({value!r})"
    if int(value) > MAX_PLAUSIBLE_COUNTER:
        return (f"meta 表中的 generation 过大（{value}）",
                f"meta.generation is implausibly large ({value})")
    return None


_AFFINITY = {"TEXT": ("text",), "INTEGER": ("integer",), "REAL": ("real", "integer")}


def _json_object_of_texts(text: str) -> bool:
    value = json.loads(text)
    return isinstance(value, dict) and all(
        value.get(k) is None or isinstance(value.get(k), str) for k in CREDIT_FIELDS)


def _json_list_of_texts(text: str) -> bool:
    value = json.loads(text)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _json_any(text: str) -> bool:
    json.loads(text)
    return True


def _json_list_of_objects(text: str) -> bool:
    value = json.loads(text)
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


_JSON_COLUMNS: dict[tuple[str, str], Callable[[str], bool]] = {
    ("documents", "credits"): _json_object_of_texts,
    ("documents", "warnings"): _json_list_of_texts,
    ("corrections", "before"): _json_any,
    ("corrections", "after"): _json_any,
    ("correction_journal", "corrections"): _json_list_of_objects,
}
# The tables of each schema version whose rows are checked (those with ids, after meta)
_ROW_TABLES = ("meta", "documents", "sections", "metrics")
_CORRECTION_TABLES = ("corrections", "correction_journal")  # from schema 8


def _rows_problem(conn: sqlite3.Connection, version: int) -> Problem | None:
    """Every value of the type its column declares, every text valid UTF-8, every JSON
    column parsing to the shape Zhiku reads, every id below MAX_PLAUSIBLE_COUNTER."""
    tables = _ROW_TABLES + (_CORRECTION_TABLES if version >= 8 else ())
    for table in tables:
        columns = [(r[1], r[2].upper(), bool(r[3])) for r in conn.execute(f"PRAGMA table_info({table})")]
        problem = _types_problem(conn, table, columns) or _texts_problem(conn, table, columns)
        if problem:
            return problem
        if table != "meta":
            top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
            if top is not None and top > MAX_PLAUSIBLE_COUNTER:
                return f"表 {table} 中的编号过大（{top}）", f"an id in {table} is implausibly large ({top})"
    top = conn.execute("SELECT max(seq) FROM sqlite_sequence").fetchone()[0]
    if isinstance(top, int) and top > MAX_PLAUSIBLE_COUNTER:
        return f"编号计数器过大（{top}）", f"the id counter is implausibly large ({top})"
    return None


def _types_problem(conn: sqlite3.Connection, table: str, columns: list[Column]) -> Problem | None:
    for name, declared, not_null in columns:
        allowed = _AFFINITY.get(declared, ("text", "integer", "real"))
        if not not_null:
            allowed = (*allowed, "null")
        marks = ", ".join("?" * len(allowed))
        row = conn.execute(f'SELECT rowid, typeof("{name}") FROM {table} '
                           f'WHERE typeof("{name}") NOT IN ({marks}) LIMIT 1', allowed).fetchone()
        if row:
            return (f"表 {table} 第 {row[0]} 行的 {name} 类型不对（{row[1]}）",
                    f"row {row[0]} of {table}: {name} is {row[1]}, not {declared.lower()}")
    return None


def _texts_problem(conn: sqlite3.Connection, table: str, columns: list[Column]) -> Problem | None:
    texts = [name for name, declared, _ in columns if declared == "TEXT"]
    if not texts:
        return None
    conn.text_factory = bytes
    try:
        quoted = ", ".join(f'"{name}"' for name in texts)
        for row in conn.execute(f"SELECT rowid, {quoted} FROM {table}"):
            for name, raw in zip(texts, row[1:], strict=True):
                if raw is None:
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    return (f"表 {table} 第 {row[0]} 行的 {name} 不是有效的 UTF-8 文本",
                            f"row {row[0]} of {table}: {name} is not valid UTF-8 text")
                check = _JSON_COLUMNS.get((table, name))
                try:
                    ok = check is None or check(text)
                except ValueError:
                    ok = False
                if not ok:
                    return (f"表 {table} 第 {row[0]} 行的 {name} 不是知库的 JSON 格式",
                            f"row {row[0]} of {table}: {name} is not the JSON Zhiku writes")
    finally:
        conn.text_factory = str
    return None


def _offsets_problem(conn: sqlite3.Connection) -> Problem | None:
    """Sections and figures lie inside their document's text (offsets are code points)."""
    row = conn.execute(
        'SELECT s.id FROM sections s JOIN documents d ON d.id = s.doc_id '
        'WHERE s."start" < 0 OR s."end" < 0 OR max(s."start", s."end") > length(d.text) LIMIT 1').fetchone()
    if row:
        return (f"段落 {row[0]} 超出了它所在文档的文本", f"section {row[0]} lies outside its document's text")
    row = conn.execute(
        'SELECT m.id FROM metrics m JOIN documents d ON d.id = m.doc_id '
        'WHERE m."start" < 0 OR m."end" < m."start" OR m."end" > length(d.text) LIMIT 1').fetchone()
    if row:
        return (f"数据 {row[0]} 超出了它所在文档的文本", f"figure {row[0]} lies outside its document's text")
    return None


def _corrections_problem(conn: sqlite3.Connection) -> Problem | None:
    """Every correction of a target, field and status Zhiku makes, its anchor in order,
    and every journal entry an apply or a revert (core/corrections.py)."""
    for row_id, target, name, status, start, end, after in conn.execute(
            "SELECT id, target, field, status, anchor_start, anchor_end, after FROM corrections"):
        if target not in FIELDS or name not in FIELDS[target] or status not in STATUSES \
                or not 0 <= start <= end or not _valid_after(target, name, after):
            return (f"表 corrections 第 {row_id} 行不是知库的修改记录",
                    f"row {row_id} of corrections is not a correction Zhiku makes")
    row = conn.execute("SELECT id FROM correction_journal WHERE action NOT IN ('apply', 'revert') "
                       "LIMIT 1").fetchone()
    if row:
        return (f"表 correction_journal 第 {row[0]} 行不是知库的记录",
                f"row {row[0]} of correction_journal is not an entry Zhiku makes")
    return None


def _valid_after(target: str, name: str, after: str) -> bool:
    """Whether a stored correction's new value is one Zhiku could have made."""
    try:
        checked_after(target, name, json.loads(after))
    except (ZhikuError, ValueError, TypeError):
        return False
    return True


def _links_problem(conn: sqlite3.Connection) -> Problem | None:
    row = conn.execute("PRAGMA foreign_key_check").fetchone()
    if row:
        return (f"表 {row[0]} 第 {row[1]} 行指向不存在的 {row[2]}",
                f"row {row[1]} of {row[0]} refers to a missing row of {row[2]}")
    return None


# ---------------------------------------------------------------- putting it in place

def _copy_into(database: Path, prepared: Path) -> Restored:
    """Copy the prepared database into the healthy live one in one SQLite transaction
    (connections elsewhere, like the open window's, see the new content), a copy of the
    previous content kept first under a visible name, for good; if the restored one does
    not open, the previous content is copied back and the copy removed. The copy exists
    before anything is replaced, so the user's data is never only in memory."""
    previous = aside_name(database, "before-restore")
    try:
        _backup(database, previous, self_contained=True)
        _backup(prepared, database)
    except sqlite3.DatabaseError as error:
        remove_with_logs(previous)
        raise store_error(error, database) from error
    try:
        documents = check_opens(database)
    except BaseException as error:
        _backup(previous, database)
        remove_with_logs(previous)
        raise _put_back_error(database, error) from error
    return Restored(documents, previous)


def _backup(source: Path, target: Path, *, self_contained: bool = False) -> None:
    """SQLite's online backup of `source` into `target` (one transaction in `target`);
    `self_contained`: a file without write-ahead log, readable on its own."""
    src = connect_read_only(source)
    try:
        dest = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dest)
            if self_contained:
                dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        src.close()


def _swap_in(database: Path, prepared: Path, *, aside: Path | None) -> int:
    """Rename the prepared file into place; returns the number of documents it holds. A
    damaged `database` is kept as `aside` first, for good (it may hold data worth rescuing):
    its -wal/-shm move there (they must never meet the restored file), the file itself is
    linked there, then replaced in one rename, so `database` never goes missing. If the
    restored database does not open, the previous files go back."""
    moved: list[tuple[Path, Path]] = []
    linked: Path | None = None  # `aside`, once it is a second link to the damaged file
    try:
        if aside is not None:
            for old, new in list(zip(with_logs(database), with_logs(aside), strict=True))[1:]:
                if old.exists():
                    os.replace(old, new)
                    moved.append((old, new))
            try:
                os.link(database, aside)
                linked = aside
            except OSError:  # no hard links here (some shares, FAT): a rename instead
                os.replace(database, aside)
                moved.append((database, aside))
        os.replace(prepared, database)
    except OSError as error:
        if linked is not None:
            linked.unlink()
        _move_back(moved)
        reason = error.strerror or str(error)
        raise StoreError(f"无法替换知识库文件：{database}。请检查该文件夹是否可写。",
                         f"cannot replace the knowledge base file {database}: {reason}") from error
    try:
        documents = check_opens(database)
    except BaseException as error:
        for log in with_logs(database)[1:]:
            log.unlink(missing_ok=True)
        if aside is None:
            database.unlink(missing_ok=True)
        else:
            os.replace(aside, database)
            _move_back([m for m in moved if m[0] != database])
        raise _put_back_error(database, error) from error
    return documents


def _move_back(moved: list[tuple[Path, Path]]) -> None:
    for old, new in reversed(moved):
        os.replace(new, old)


def check_opens(database: Path) -> int:
    """Open the restored database as Zhiku does and read every document's details; returns
    how many documents it holds."""
    store = Store(database)
    try:
        return len(store.documents())
    finally:
        store.close()


def _put_back_error(database: Path, error: BaseException) -> StoreError:
    detail = getattr(error, "english", None) or str(error)
    return StoreError(f"恢复后的知识库无法打开，已放回原来的知识库：{database}。",
                      f"the restored knowledge base did not open ({detail}); the previous "
                      f"one was put back: {database}")


def with_logs(path: Path) -> tuple[Path, Path, Path]:
    return path, Path(f"{path}-wal"), Path(f"{path}-shm")


def remove_with_logs(path: Path) -> None:
    for file in with_logs(path):
        try:
            file.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # pragma: no cover - a temporary file we could not remove
            pass


def aside_tmp_pid(database: Path, name: str) -> int | None:
    """The process id in the name of a copy being written beside `database` under an
    aside name (the backup an upgrade writes first: `.<db>.before-upgrade-<time>.<pid>.tmp`,
    made by KnowledgeBase.backup), or None for any other name."""
    found = re.fullmatch(re.escape(f".{database.name}.before-") + r"[\w-]+\.(\d+)\.tmp(-wal|-shm|-journal)?",
                         name)
    return int(found.group(1)) if found else None


def aside_name(path: Path, why: str) -> Path:
    """`<name>.<why>-<time>`, numbered if that name is taken."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept, number = path.with_name(f"{path.name}.{why}-{stamp}"), 1
    while any(p.exists() for p in with_logs(kept)):
        number += 1
        kept = path.with_name(f"{path.name}.{why}-{stamp}-{number}")
    return kept
