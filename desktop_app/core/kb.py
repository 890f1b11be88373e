"""The knowledge base: one facade over the SQLite store and the search index.

SQLite is the source of truth; the Whoosh index is derived from it. A write is: take the
folder's write lock, change SQLite in one transaction (which bumps the generation), then
bring the index up to date and record that generation in it. After a crash anywhere in
between, the next `open` sees the generation mismatch and rebuilds the index, so a store
is always either before or after each write. The GUI, the CLI, reports and the self-test
all go through `KnowledgeBase`.

This module is the front: opening, upgrading, index repair, reads and the small writes.
The larger parts are mixins, each in its own module: the import (core/kb_import.py), search
(core/kb_search.py) and corrections (core/kb_corrections.py); the write lock is
core/write_lock.py and finding and parsing files core/import_files.py.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from desktop_app.core import data_folder, trends, upgrade
from desktop_app.core.errors import BusyError, InputError, NotFoundError
from desktop_app.core.import_files import raw_path, worker_count
from desktop_app.core.import_progress import Progress
from desktop_app.core.index_folder import IndexManifest
from desktop_app.core.indicators import label_key
from desktop_app.core.kb_corrections import CorrectionsMixin
from desktop_app.core.kb_errors import store_errors
from desktop_app.core.kb_import import ImportMixin
from desktop_app.core.kb_input import check_query, metric_kind, user_year
from desktop_app.core.kb_search import SearchMixin
from desktop_app.core.parser import PARSER_VERSION
from desktop_app.core.records import (
    DocumentInfo,
    DocumentPage,
    DocumentQuery,
    Indicator,
    MetricRecord,
    SectionInfo,
    SectionRecord,
    TrendResult,
)
from desktop_app.core.restore import Restored, aside_name, restore_database
from desktop_app.core.search_index import SearchIndex, StoreIndexError
from desktop_app.core.store import (
    DB_NAME,
    Store,
    backup_write_error,
    check_backup_target,
    disk_error,
    store_error,
)
from desktop_app.core.write_lock import WriteLock

INDEX_DIR = data_folder.INDEX_DIR
LOCK_NAME = data_folder.LOCK_NAME
LOCK_WAIT = 3.0  # seconds a writer waits for another process before BusyError
# Purge deleted sections from the index (compact_index) when more than this share of it is
# deleted, or when it is small enough that merging it costs well under a second.
COMPACT_SHARE = 0.10
CHEAP_COMPACT_SECTIONS = 2000
log = logging.getLogger(__name__)


# ------------------------------------------------------------------ knowledge base

class KnowledgeBase(ImportMixin, SearchMixin, CorrectionsMixin):
    """Documents, sections and metrics in SQLite, searchable through a derived index.

    One instance may be used from any thread, one call at a time (an internal lock
    serialises calls). Other instances and processes may open the same folder: readers
    never block; a second writer waits briefly, then gets BusyError."""

    def __init__(self, data_dir: Path, store: Store, index: SearchIndex):
        self.data_dir = data_dir
        self._store = store
        self._index = index
        self._lock = threading.RLock()
        self.read_only = store.read_only  # a read-only folder: reads and backups only
        # Never taken in a read-only folder: every write checks read_only first.
        self._write_lock = WriteLock(data_dir / LOCK_NAME)
        # Whether a search (or warm_up) that finds the index damaged rebuilds it in this
        # instance: off for the window's reader, whose calls run on the GUI thread.
        self.repair_index = True
        self._index_usable = True
        self._searched_state: tuple[str, int] | None = None  # the store state of the last search
        self._unusable_manifest: IndexManifest | None = None  # the index manifest a search gave up on
        self._index_failure: str | None = None  # why the index could not be written, if so
        self._progress: Progress | None = None  # told of index rebuilds (given to open)
        self.lock_wait = LOCK_WAIT

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, *, seed: bool = True,
             progress: Progress | None = None, repair_index: bool = True,
             upgrade_progress: Progress | None = None) -> KnowledgeBase:
        """Open (creating if needed) the knowledge base in `data_dir` (default: the user data
        folder). Imports the bundled seeds into a never-seeded empty store when `seed`, and
        rebuilds a missing, stale or damaged search index (progress(done, total, label)).

        Documents parsed by an older parser are re-parsed first, in place, after a backup
        (see core/upgrade.py): upgrade_progress(done, total, "") counts the documents (its
        first call, at 0, names the backup). Skipped
        while another process writes (it is done at a later open); a backup that cannot be
        written raises StoreError and nothing is changed.

        The folder is checked first (see core/data_folder.py): one holding someone else's
        files where Zhiku's go is refused (StoreError) before anything is written. A folder
        Zhiku cannot write is opened read-only (`read_only`, `read_only_notice`): reading,
        searching and backing up work, writes raise ReadOnlyError.

        `repair_index=False`: an index found damaged *after* opening (by a search) is not
        rebuilt by this instance; its searches answer from the texts until another instance
        has rebuilt it. For an instance used on a thread that must not block (the window's
        reader); a stale or damaged index is still rebuilt here, while opening."""
        place = data_folder.claim(data_dir)
        folder = place.path
        if place.read_only:
            log.info("Opened %s read-only", folder)
        kb = cls(folder, Store(folder / DB_NAME, read_only=place.read_only),
                 SearchIndex(folder / INDEX_DIR))
        kb.repair_index = repair_index
        try:
            if not kb.read_only:
                kb._upgrade_if_needed(upgrade_progress, progress)
                if seed:
                    kb._seed_if_new(progress)
                kb._ensure_index(progress)
                kb._tidy()
        except sqlite3.DatabaseError as error:
            kb.close()
            raise store_error(error, kb._store.path) from error
        except BaseException:
            kb.close()
            raise
        return kb

    @classmethod
    def restore_backup(cls, path: str | os.PathLike[str],
                       data_dir: str | os.PathLike[str] | None = None, *,
                       progress: Progress | None = None) -> Restored:
        """Replace the knowledge base in `data_dir` with a backup file, without opening the
        current database first, so this also repairs a damaged one (the window's restore
        and `zhiku restore` come here; it is the one way to restore). The backup is checked
        in full in a copy before anything is replaced (see core/restore.py); a refused one
        raises BackupRefusedError. A healthy database gets the backup's content in one
        transaction (readers elsewhere see before or after), its previous content kept as
        `zhiku.sqlite3.before-restore-<time>`; a damaged one is swapped for the restored copy
        and kept as `zhiku.sqlite3.damaged-<time>`. Then the index is rebuilt
        (progress(done, total, label)). Returns the document count and the kept copy."""
        place = data_folder.claim(data_dir)
        if place.read_only:
            raise data_folder.read_only_error(place.path)
        folder = place.path
        database = folder / DB_NAME
        lock = WriteLock(folder / LOCK_NAME)
        lock.acquire(LOCK_WAIT)
        try:
            data_folder.remove_leftovers(data_folder.leftovers(folder))  # an earlier restore's copy
            restored = restore_database(database, Path(path))
            log.info("Restored the knowledge base in %s from %s (%d documents)%s", folder, path,
                     restored.documents,
                     f"; the previous database kept as {restored.kept.name}" if restored.kept else "")
            kb = cls(folder, Store(database), SearchIndex(folder / INDEX_DIR))
            kb._write_lock = lock  # already held: the calls below re-enter it
            try:
                if not kb._upgrade_if_needed(None, progress):  # a backup of an older parser's
                    kb.reindex(progress)
            finally:
                kb.close()
        finally:
            lock.release()
        return restored

    @property
    def parser_version(self) -> int:
        """The parser version the knowledge base was last brought to (0: before versions)."""
        with self._lock:
            return self._store.parser_version()

    @property
    def read_only_notice(self) -> str | None:
        """A bilingual line saying the knowledge base was opened read-only, or None."""
        return data_folder.read_only_notice(self.data_dir) if self.read_only else None

    def close(self) -> None:
        with self._lock:
            self._index.close()
            self._store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- noticing other writers (core/change_watch.py) ---------------------------------

    @store_errors
    def data_version(self) -> int | None:
        """SQLite's `PRAGMA data_version` on this instance's connection: it moves on whenever
        another connection (another instance, another process) commits, never for this
        one's own commits. None while another thread is using this instance: it never waits.
        A few microseconds; it takes no write lock, and in WAL mode a writer never blocks it."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return int(self._store.db.conn.execute("PRAGMA data_version").fetchone()[0])
        finally:
            self._lock.release()

    @store_errors
    def store_state(self) -> tuple[str, int]:
        """(store id, generation): every committed write to documents, sections or figures
        moves the generation on; a restore gives a new store id."""
        with self._lock:
            return self._store.state()

    @store_errors
    def warm_up(self) -> None:
        """Open and check the index, so the first search is quick (the GUI calls it
        off-thread). Searching never needs the segmenter: it is loaded on the first import;
        nor the section texts: SQLite's full-text tables answer (core/section_match.py)."""
        with self._lock:
            if self._index.manifest() is not None and not self._index.verify():
                if not self._repair_index(None):
                    self._give_up_index()

    @store_errors
    def _upgrade_if_needed(self, progress: Progress | None, index_progress: Progress | None) -> bool:
        """Re-parse the documents an older parser parsed (core/upgrade.py), after writing a
        backup beside the database (`zhiku.sqlite3.before-upgrade-<time>`; a resumed upgrade
        keeps the one it wrote), then rebuild the index. Holds the write lock throughout, so
        other writers get BusyError; skipped (False) while another process writes. True when
        it upgraded."""
        if self.read_only or not self._store.has_outdated_documents(PARSER_VERSION):
            return False
        with self._lock:
            try:
                self._write_lock.acquire(timeout=0)
            except BusyError:
                log.info("The knowledge base needs an upgrade to parser %d; not now: another "
                         "process is writing to %s", PARSER_VERSION, self.data_dir)
                return False
            try:
                doc_ids = self._store.outdated_documents(PARSER_VERSION)
                if not doc_ids:  # another process upgraded it meanwhile
                    return False
                backup = upgrade.recorded_backup(self._store)
                if backup is None:
                    backup = aside_name(self._store.path, "before-upgrade")
                    self.backup(backup)
                    upgrade.record_backup(self._store, backup)
                log.info("Upgrading %d documents to parser %d (backup: %s)", len(doc_ids),
                         PARSER_VERSION, backup)
                upgrade.reparse(self._store, doc_ids, progress, backup)
                upgrade.finish(self._store)
                self._index_write(lambda: self._rebuild(index_progress))
            finally:
                self._write_lock.release()
        return True

    def _tidy(self) -> None:
        """Delete what killed writers left: index builds that are not current (only Zhiku's
        marked ones, SearchIndex.stale_builds, and only while the index is sound) and
        temporary files and folders of processes that are gone (data_folder.leftovers).
        Only while no other process writes (a writer's work under way is never touched);
        never waits for the lock."""
        stale = bool(self._index.stale_builds()) and self._index.problem(self._store.state()) is None
        if not stale and not data_folder.leftovers(self.data_dir):
            return
        try:
            self._write_lock.acquire(timeout=0)
        except BusyError:
            return
        try:
            data_folder.remove_leftovers(data_folder.leftovers(self.data_dir))
            if stale:
                self._index.remove_stale_builds()
        finally:
            self._write_lock.release()

    def _ensure_index(self, progress: Progress | None) -> None:
        """Rebuild the index when it does not match SQLite or is damaged (skipped while
        another process writes: that writer brings the index up to date itself). Checking
        for damage reads only the index files not yet checked since they were written."""
        self._progress = progress
        if self._index_trusted():
            return
        try:
            self._write_lock.acquire(timeout=0)
        except BusyError:
            return
        try:
            self._rebuild_if_needed(progress)
        except OSError as error:  # disk full, I/O error: open anyway, reading never blocked
            self._index_failed(error)
        finally:
            self._write_lock.release()

    @property
    def index_warning(self) -> str | None:
        """Why the search index could not be written (disk full …), bilingual, or None.

        The data in SQLite is safe and search still answers, from the texts held in memory
        (ordered by occurrences); the index is rebuilt at the next write or start."""
        return self._index_failure

    def _index_failed(self, error: OSError) -> None:
        """Note (index_warning) and log that the index could not be written."""
        log.error("The search index could not be written in %s; search answers from the texts "
                  "until it is rebuilt", self._index.root, exc_info=error)
        problem = disk_error(error, self._index.root)
        self._index_failure = (
            f"{problem.chinese}数据已安全保存，搜索仍可使用；搜索索引将在下次写入或启动时重建。 / "
            f"{problem.english} The data is stored safely and search still works; the search "
            f"index will be rebuilt at the next write or start.")

    def _index_write(self, write: Callable[[], None]) -> None:
        """Run an index write after SQLite committed; a failing disk leaves the knowledge
        base usable (degraded search, index_warning set) instead of failing the command."""
        try:
            write()
        except OSError as error:
            self._index_failed(error)

    def _index_trusted(self) -> bool:
        """The index matches SQLite's generation and section count, and no file is damaged."""
        state, sections = self._store.state(), self._store.section_count()
        return self._index.problem(state, sections) is None and self._index.verify()

    def _rebuild_if_needed(self, progress: Progress | None) -> None:
        if not self._index_trusted():
            self._rebuild(progress)

    def _repair_index(self, failed: IndexManifest | None) -> bool:
        """Rebuild the index from SQLite after it failed to read (when its manifest was
        `failed`) or failed its checks (`failed` None), as open does and with open's
        progress callback. Skipped in a read-only folder, in an instance opened with
        `repair_index=False`, and while another process writes (that writer brings the
        index up to date itself). True when a sound index is in place afterwards."""
        if self.read_only or not self.repair_index:
            log.info("The search index in %s needs repair; not by this instance (%s)",
                     self.data_dir, "read-only" if self.read_only else "repair is left to another")
            return False
        try:
            self._write_lock.acquire(timeout=0)
        except BusyError:  # another writer: it brings the index up to date
            log.info("The search index needs repair; not now: another process is writing to %s",
                     self.data_dir)
            return False
        except OSError:  # a folder this process cannot write
            log.warning("The search index needs repair but %s cannot be locked", self.data_dir,
                        exc_info=True)
            return False
        try:
            if failed is not None and self._index.manifest() == failed:
                self._rebuild(self._progress)  # the same index failed: its files lie
            else:
                self._rebuild_if_needed(self._progress)
        except OSError as error:
            self._index_failed(error)
            return False
        finally:
            self._write_lock.release()
        return True

    def _give_up_index(self) -> None:
        """Search from the texts alone until the index changes (a rebuild elsewhere)."""
        log.warning("The search index in %s is unusable; searching the texts until it changes",
                    self._index.root)
        self._index_usable, self._unusable_manifest = False, self._index.manifest()

    def _rebuild(self, progress: Progress | None) -> None:
        total = self._store.section_count()
        state = self._store.state()
        self._index.build(self._store.iter_sections_for_index(), state, total=total,
                          progress=progress)
        log.info("Rebuilt the search index in %s (%d sections)", self._index.root, total)
        self._index_usable = True
        self._index_failure = None

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """The instance lock plus the folder's write lock (BusyError after `lock_wait`;
        ReadOnlyError in a read-only folder)."""
        with self._lock:
            if self.read_only:
                raise data_folder.read_only_error(self.data_dir)
            self._write_lock.acquire(self.lock_wait)
            try:
                yield
            finally:
                self._write_lock.release()

    # -- reading -----------------------------------------------------------------------

    @store_errors
    def documents(self, *, with_sections: bool = True) -> list[DocumentInfo]:
        """Every document, sorted by date (unknown last), then id; `with_sections=False`
        leaves `sections` empty (one query: a window lists thousands of releases and reads
        a release's sections with `section_infos` when it is shown)."""
        with self._lock:
            return self._store.documents(with_sections=with_sections)

    @store_errors
    def section_infos(self, doc_ids: Sequence[int]) -> dict[int, tuple[SectionInfo, ...]]:
        """The sections of these documents, each document's in document order (documents
        without sections, or unknown, are left out). One query per 500 documents."""
        with self._lock:
            return self._store.section_infos_of([int(i) for i in doc_ids])

    @store_errors
    def section_openings(self, section_ids: Sequence[int], chars: int = 80) -> dict[int, str]:
        """Section id → the first `chars` characters of its text, without reading the whole
        release: what the window's tree names a section without a heading by. One query."""
        with self._lock:
            return self._store.section_openings(section_ids, chars)

    @store_errors
    def section_doc_ids(self, section_ids: Sequence[int] | None = None, *,
                        skip_kinds: Sequence[str] = ()) -> dict[int, int]:
        """Section id → its document's id, for these sections (None: every section), leaving
        out sections of `skip_kinds`; unknown ids are left out. One query."""
        with self._lock:
            return self._store.section_doc_ids(section_ids, skip_kinds)

    @store_errors
    def counts(self) -> tuple[int, int, int]:
        """How many documents, sections (credits not counted) and figures are stored."""
        with self._lock:
            return self._store.counts()

    @store_errors
    def document_page(self, query: DocumentQuery | None = None) -> DocumentPage:
        """One page of the documents matching `query` (filters, sort, limit ≤ kb_input.MAX_LIMIT or
        None for all, offset), each with its sections (only those of `query.kind` when
        given), the true total and how many undated ones a date filter left out. One SQL
        query selects and sorts; only the page's documents are read. InputError for a bad
        date, year, sort or limit."""
        query = check_query(query or DocumentQuery())
        with self._lock:
            ids, total, undated = self._store.document_page(query)
            infos = {d.id: d for d in self._store.documents(ids)} if ids else {}
        docs = [infos[i] for i in ids if i in infos]
        if query.kind:
            docs = [replace(d, sections=tuple(s for s in d.sections if s.kind == query.kind))
                    for d in docs]
        return DocumentPage(tuple(docs), total, query.offset, undated)

    @store_errors
    def document(self, doc_id: int) -> DocumentInfo:
        with self._lock:
            found = self._store.documents([int(doc_id)])
        if not found:
            raise _no_document(doc_id)
        return found[0]

    @store_errors
    def document_text(self, doc_id: int) -> str:
        with self._lock:
            text = self._store.document_text(int(doc_id))
        if text is None:
            raise _no_document(doc_id)
        return text

    @store_errors
    def source_file(self, doc_id: int) -> Path | None:
        """Where the document's original file was imported from (None when not known); the
        file may since have been moved or deleted: callers check before opening it."""
        with self._lock:
            row = self._store.reparse_source(int(doc_id))
        if row is None:
            raise _no_document(doc_id)
        key = row.source_path
        if not key:
            return None
        raw = raw_path(key)
        return Path(os.fsdecode(raw)) if raw is not None else Path(key)

    @store_errors
    def section(self, section_id: int) -> SectionRecord:
        with self._lock:
            row = self._store.section_row(int(section_id))
            if row is None:
                raise NotFoundError(f"没有编号为 {section_id} 的段落", f"no section with id {section_id}")
            doc = self.document(row.doc_id)
            return self._section_record(doc, row.id)

    @store_errors
    def sections(self, doc_id: int) -> list[SectionRecord]:
        """A document's sections in document order, each with its text and metrics."""
        with self._lock:
            doc = self.document(doc_id)
            return [self._section_record(doc, info.id) for info in doc.sections]

    def _section_record(self, doc: DocumentInfo, section_id: int) -> SectionRecord:
        info = next(s for s in doc.sections if s.id == section_id)
        text = self._store.document_text(doc.id) or ""
        metrics = tuple(self._store.metrics(section_id=section_id))
        return SectionRecord(info=info, text=text[info.start:info.end], metrics=metrics, doc=doc)

    @store_errors
    def metrics(self, *, section_id: int | None = None, doc_id: int | None = None,
                unit: str | None = None, kind: str | None = None, min_value: float | None = None,
                max_value: float | None = None, label: str | None = None) -> list[MetricRecord]:
        """Metric rows matching every given filter (unit exact; kind a name or a label such
        as 百分比; label words each contained in the label; value range inclusive)."""
        with self._lock:
            return self._store.metrics(section_id=section_id, doc_id=doc_id, unit=unit,
                                       kind=metric_kind(kind), min_value=min_value,
                                       max_value=max_value, label=label)

    @store_errors
    def trend(self, label: str, unit: str | None = None) -> TrendResult:
        """The figures of one indicator across releases, sorted by date (undated last): the
        figures whose label is `label` by the grouping rule (core/indicators.py) and whose
        unit is `unit` or an equivalent (None: the unit the label has most releases in).
        With no match, no rows and the nearest indicators as suggestions; InputError for a
        label that is empty once spaces and quotes are dropped."""
        if label_key(label) is None:
            raise InputError("请给出指标名称（如 刑事案件）", "give an indicator's label (e.g. 刑事案件)")
        with self._lock:
            return trends.trend(self._store.db.conn, label, unit)

    @store_errors
    def indicators(self, min_releases: int = 2) -> list[Indicator]:
        """The indicators found in at least `min_releases` releases, most releases first."""
        with self._lock:
            return trends.indicators(self._store.db.conn, min_releases)

    # -- writing -----------------------------------------------------------------------

    def _sync_index(self, doc_ids: Sequence[int], index_ok: bool) -> None:
        """Bring the index to SQLite's new generation: incrementally when it was current
        before this write, else (or if that fails) by a full rebuild."""
        update = index_ok and self._index_failure is None
        try:
            state, sections = self._store.state(), self._store.section_count()
            rows = ([row for d in doc_ids for row in self._store.sections_for_index(d, take_words=True)]
                    if update else [])
        finally:
            self._store.forget_index_words()
        if update:
            try:
                self._index.update(doc_ids, rows, state, sections)
                return
            except BusyError:
                raise
            except Exception:  # fall back to a rebuild from SQLite (logged)
                log.warning("Updating the search index failed; rebuilding it", exc_info=True)
        self._index_write(lambda: self._rebuild(None))

    @store_errors
    def set_properties(self, doc_id: int, *, title: str | None = None, year: int | str | None = None,
                       issuer: str | None = None) -> DocumentInfo:
        """Record the user's title, year or issuer for a document (None: unchanged, "": clear).
        Kept when the same file is imported again; the year completes the dateline's date."""
        self._set_properties([int(doc_id)], title=title, year=user_year(year), issuer=issuer)
        return self.document(doc_id)

    @store_errors
    def set_properties_many(self, doc_ids: Sequence[int], *, year: int | str | None = None,
                            issuer: str | None = None) -> list[int]:
        """Set the user's year and/or issuer of many documents at once (None: unchanged;
        year 0 or "" and issuer "" clear the user's edit), in one transaction: all or none.
        Returns the ids updated (each once, in the order given). NotFoundError, naming the
        unknown ids, before anything is changed; InputError for a bad year."""
        ids = list(dict.fromkeys(int(i) for i in doc_ids))
        number = user_year(year)
        with self._lock:
            missing = self._store.missing_documents(ids)
        if missing:
            shown = ", ".join(str(i) for i in missing[:20]) + ("…" if len(missing) > 20 else "")
            raise NotFoundError(f"没有编号为 {shown} 的文档，未作任何修改",
                                f"no document with id {shown}; nothing was changed")
        if ids and (number is not None or issuer is not None):
            self._set_properties(ids, title=None, year=number, issuer=issuer)
        return ids

    def _set_properties(self, ids: list[int], *, title: str | None, year: int | None,
                        issuer: str | None) -> None:
        """One transaction over `ids`; nothing the index holds changes, so its record moves on."""
        with self._writing():
            missing = self._store.missing_documents(ids)
            if missing:
                raise _no_document(missing[0])
            index_ok = self._index.problem(self._store.state()) is None
            with self._store.transaction():
                self._record_properties(ids, title=title, year=year, issuer=issuer)
                for doc_id in ids:
                    self._store.set_properties(doc_id, title=title, year=year, issuer=issuer)
            if index_ok:  # nothing the index holds changed: it now matches the new generation
                self._index_write(lambda: self._index.record(self._store.state(),
                                                             self._store.section_count()))
            else:
                self._index_write(lambda: self._rebuild(None))

    @store_errors
    def delete_document(self, doc_id: int) -> None:
        """Delete a document with its sections and metrics (NotFoundError if absent)."""
        with self._writing():
            index_ok = self._index.problem(self._store.state()) is None
            with self._store.transaction():
                if not self._store.delete_document(int(doc_id)):
                    raise _no_document(doc_id)
            log.info("Deleted document %d", int(doc_id))
            self._sync_index([int(doc_id)], index_ok)

    @store_errors
    def reindex(self, progress: Progress | None = None) -> None:
        """Rebuild the search index from SQLite (ids do not change); StoreError when the
        disk is full or fails (the old index, if any, is left as it was)."""
        with self._writing():
            with self._store.transaction(bump=False):  # derived from the sections: same content
                self._store.fill_search_texts()
            background = worker_count() > 0  # merge in a worker process, as an import does
            if background:
                self._index.begin_merges()
            try:
                self._rebuild(progress)
            except OSError as error:
                self._index_failed(error)
                raise disk_error(error, self._index.root) from error
            finally:
                self._index.end_merges(None)
        if background and self._index_failure is None:
            from desktop_app.core import index_compaction

            index_compaction.start(self.data_dir)

    @store_errors
    def compact_index(self) -> bool:
        """Merge the index's segments, purging deleted sections, when there are many
        segments or any deletions; an index of more than CHEAP_COMPACT_SECTIONS is merged by
        a compaction process of its own (core/index_compaction.py, never waited for: True
        when one was started). False when nothing was done (nothing to merge, or the disk
        refused the write)."""
        with self._writing():
            if self._index_failure or self._index.problem(self._store.state()) is not None:
                return False
            if self._index.deleted_fraction()[1] > CHEAP_COMPACT_SECTIONS:  # not in this process
                from desktop_app.core import index_compaction

                return index_compaction.start(self.data_dir) is not None
            try:
                return self._index.compact(self._store.state(), self._store.section_count())
            except OSError:  # the old segments stay valid; merging can wait
                log.warning("Compacting the search index failed; it stays as it was", exc_info=True)
                return False
            except StoreIndexError:  # a damaged segment: rebuild rather than merge it
                log.warning("The search index is damaged; rebuilding it instead of compacting",
                            exc_info=True)
                self._index_write(lambda: self._rebuild(None))
                return self._index_failure is None

    @store_errors
    def needs_compaction(self) -> bool:
        """Whether compact_index is worth calling now: the index holds deleted sections
        (left by deletes and replacing imports), more than COMPACT_SHARE of it, or any at
        all while it is small enough (CHEAP_COMPACT_SECTIONS) to merge in well under a
        second. The CLI calls this after a delete or a replacing import; the GUI when idle."""
        with self._lock:
            if self._index_failure or self._index.problem(self._store.state()) is not None:
                return False
            share, stored = self._index.deleted_fraction()
            return share > COMPACT_SHARE or (share > 0 and stored <= CHEAP_COMPACT_SECTIONS)

    @store_errors
    def backup(self, path: str | os.PathLike[str]) -> None:
        """Write the whole knowledge base to one SQLite file (consistent while the app runs)."""
        target = Path(path)
        check_backup_target(target, self._store.path)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with self._lock:
                self._store.backup_to(tmp)
            os.replace(tmp, target)
        except (OSError, sqlite3.Error) as error:
            raise backup_write_error(target, error) from error
        finally:
            _remove_quietly(tmp)
        log.info("Backed up the knowledge base to %s", target)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # pragma: no cover - a temporary file we could not remove
        pass


def _no_document(doc_id: int) -> NotFoundError:
    return NotFoundError(f"没有编号为 {doc_id} 的文档", f"no document with id {doc_id}")
