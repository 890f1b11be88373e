"""Full-text search over sections: every substring is found, real word matches rank first.

The front of search: `SearchIndex` builds, updates, checks and queries the Whoosh index,
and this module hands on what the rest of Zhiku imports from the parts. Design, chosen by
measurement (docs/performance.md):

* The Whoosh index (core/word_index.py, the only module that imports Whoosh —
  whoosh-reloaded, no longer developed: keep it behind that door) holds one document per
  section, indexed as rjieba words *without positions* (small, fast to build). It ranks
  "word hits" with BM25F.
* *What* matches is decided in SQLite (core/section_match.py): every section holding each
  query term as a substring of its normalised text, like Ctrl+F, so 交通安全 inside
  道路交通安全 or 淄博市 inside 淄博市委 is always found — answered by FTS5 tables written
  with the sections, without reading (or holding in memory) any section text. Whoosh only
  decides the order of the sections that also match as words. Substring-only hits follow
  the word hits, by occurrences.
* Ranking scores only what can reach the page shown: an AND of words (the usual
  query) is ranked by core/word_rank.py from whole posting blocks, block-max, with exactly
  Whoosh's BM25F scores; other queries by Whoosh's collector with the same two changes
  (word_index._TopAccepted). Whether a word hit also matches as a substring is asked only
  about the hits that would enter the page.
* Queries are parsed in core/search_query.py. Quoted phrases are substring checks; hits
  are marked with `str.find` windows in the texts of the rows shown.
* A document whose title (folded, in SQLite) holds the query, and none of whose sections
  does, is found through its lead section, after the text matches.
* The index is derived data, checked against its manifest (core/index_folder.py) and
  rebuilt when stale, missing or damaged. Writing in segments and merging them, in a
  worker process during an import: core/index_writing.py.

`RjiebaTokenizer` and `RjiebaAnalyzer` are pickled into the index's schema under this
module's path (`desktop_app.core.search_index`): it must keep handing them on.
"""
from __future__ import annotations

import logging
import shutil
import time
import uuid
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core import index_writing, logs, segment
from desktop_app.core.import_progress import Progress
from desktop_app.core.index_folder import (  # noqa: F401 - handed on to data_folder and tests
    BUILD_NAME,
    INDEX_FORMAT,
    MANIFEST,
    MANIFEST_TMP,
    VERIFIED,
    IndexFolder,
    IndexManifest,
    StoreIndexError,
    _make_build_folder,
    build_tmp_pid,
    file_checksum,
    index_files,
    merge_tmp_pid,
)
from desktop_app.core.index_writing import (
    MERGE_LIMIT_MB,
    WRITER_OPTIONS,
    WRITER_TIMEOUT,
    BackgroundMerges,
    _write_all,
)
from desktop_app.core.search_query import (  # noqa: F401 - handed on: kb, the UI and the CLI import them here
    Filters,
    ParsedQuery,
    body_spans,
    note_text,
    parse_query,
    snippet,
    term_spans,
    title_snippet,
)
from desktop_app.core.store import busy_error
from desktop_app.core.word_index import (  # noqa: F401 - the tokenizer's pickled path is here
    FilterCollector,
    LiveBM25F,
    LockError,
    RjiebaAnalyzer,
    RjiebaTokenizer,
    _filter_query,
    _section_id,
    _SectionAdder,
    _TopAccepted,
    index_fields,
    make_schema,
    whoosh_index,
    wq,
)
from desktop_app.core.word_rank import WordRanker

if TYPE_CHECKING:  # Whoosh has no type hints: these name what is passed, for readers
    from desktop_app.core.records import IndexRow
    from desktop_app.core.word_index import Index, Searcher, SegmentWriter

logger = logging.getLogger(__name__)

MAX_WORD_CHARS = 10  # longest index word tried when splitting a query into words


class SearchIndex(IndexFolder):
    """The Whoosh index folder: build, update, check and query word hits.

    `root` holds `current.json` and one sub-folder per build (its files, manifest and
    checks: IndexFolder). Callers serialise writes (the knowledge base holds its write
    lock); Whoosh's own lock is a second guard."""

    def __init__(self, root: Path):
        super().__init__(root)
        self._ix: Index | None = None
        self._searcher: Searcher | None = None
        self._opened_manifest: IndexManifest | None = None
        self._ranker: WordRanker | None = None  # bulk scoring on the open searcher
        self._merges: BackgroundMerges | None = None  # while an import merges off this process
        self.scored_postings = 0  # word-hit postings scored by searches (tests count this)

    def verify(self, *, force: bool = False) -> bool:
        """Whether the index can be trusted: every file holds the bytes it was written with
        (see damaged_file; `force` reads every file), Whoosh opens it and it holds the
        recorded number of sections. False means "rebuild"."""
        damaged = self.damaged_file(force=force)
        if damaged is not None:
            logger.warning("The search index file %s in %s is missing or damaged", damaged, self.root)
            self.close()
            return False
        try:
            self._open()
        except StoreIndexError:  # _open logged why
            return False
        except Exception:  # any failure here means "rebuild" (logged)
            logger.warning("The search index in %s failed its check; it will be rebuilt",
                           self.root, exc_info=True)
            return False
        sections = self._opened_manifest.sections if self._opened_manifest is not None else None
        return self._searcher is not None and self._searcher.doc_count() == sections

    # -- writing ---------------------------------------------------------------------------

    def build(self, rows: Iterable[IndexRow], state: tuple[str, int], *, total: int = 0,
              progress: Progress | None = None) -> None:
        """Write a complete new index from section rows, then switch `current.json` to it."""
        kb_id = self._claim_root()
        folder = self.root / f"b{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        _make_build_folder(folder, kb_id)
        try:
            count = _write_all(folder, rows, total, progress, self._merges)  # see begin_merges
            self.close()
            self._record(folder, state, count)
        except BaseException:
            # A failed build (disk full, killed by an error) must not leave its half-written
            # folder behind: each retry would add another one.
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self.remove_stale_builds()

    def deleted_fraction(self) -> tuple[float, int]:
        """(share of the index's documents that are deleted but not yet purged, how many
        documents it holds in all); (0.0, 0) when it cannot be read."""
        try:
            self._open()
        except StoreIndexError:
            return 0.0, 0
        if self._searcher is None:
            return 0.0, 0
        reader = self._searcher.reader()
        stored = reader.doc_count_all()
        return ((stored - reader.doc_count()) / stored if stored else 0.0), stored

    def update(self, doc_ids: Iterable[int], rows: Iterable[IndexRow], state: tuple[str, int],
               sections: int) -> None:
        """Replace the given documents' sections (remove, then add `rows`) in one commit."""
        folder, ix, writer = self._open_writer()
        try:
            for doc_id in doc_ids:
                writer.delete_by_term("doc_id", str(doc_id))
            add = _SectionAdder(writer).add
            for row in rows:
                add(row)
            self._commit(ix, writer, folder)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        finally:
            ix.close()
        self.close()
        self._record(folder, state, sections)

    def _open_writer(self) -> tuple[Path, Index, SegmentWriter]:
        """The live index's folder, the index and a writer on it (BusyError while another
        process holds the writer's lock; the index is closed again then)."""
        folder = self.live_folder()
        ix = whoosh_index.open_dir(str(folder))
        try:
            return folder, ix, ix.writer(timeout=WRITER_TIMEOUT, **WRITER_OPTIONS)
        except LockError as error:
            ix.close()
            raise busy_error(self.root) from error

    def _commit(self, ix: Index, writer: SegmentWriter, folder: Path) -> None:
        """Commit a writer's segment, then merge: off this process while background merges
        are on (taking in a finished one), else here (_merge_tail)."""
        index_writing.commit(ix, writer, self._merges, folder,
                             lambda segments: self._check_segments(folder, segments))

    def begin_merges(self) -> BackgroundMerges:
        """Merge segments in a worker process, not in this one, until end_merges (for the
        length of an import or a build: see BackgroundMerges)."""
        self.end_merges(None)
        self._merges = BackgroundMerges(self.recorded_sums)
        return self._merges

    def expect_sections(self, count: int) -> None:
        """Tell background merges how many sections the import still has to write."""
        if self._merges is not None:
            self._merges.sections_ahead = count

    def end_merges(self, state: tuple[str, int] | None, sections: int = 0) -> None:
        """Stop merging in a worker process. With the store's `state` (the index matching
        it), a merge that has finished is taken in by one more commit first; one still
        under way is abandoned, never waited for (the next import merges those segments)."""
        merges, self._merges = self._merges, None
        if merges is None:
            return
        try:
            if state is not None and merges.finished:
                folder, ix, writer = self._open_writer()
                try:
                    writer.commit(mergetype=merges.policy(folder))
                except BaseException:
                    if not writer.is_closed:
                        writer.cancel()
                    raise
                finally:
                    ix.close()
                self.close()
                self._record(folder, state, sections)
        finally:
            merges.close()

    def record(self, state: tuple[str, int], sections: int) -> None:
        """Mark the current index as matching `state` (for writes that change nothing it
        indexes, such as a document's user-edited properties)."""
        self._record(self.live_folder(), state, sections)

    def compact(self, state: tuple[str, int], sections: int, min_segments: int = 8) -> bool:
        """Merge all segments into one when there are many or some hold deleted documents
        (call when idle: merging keeps document order, so ranking is unchanged)."""
        folder = self.live_folder()
        ix = whoosh_index.open_dir(str(folder))
        try:
            with ix.reader() as reader:
                segments = len(list(reader.leaf_readers()))
                deletions = reader.has_deletions()
            if segments < min_segments and not deletions:
                return False
            self._check_segments(folder, ix._segments())
            writer = ix.writer(timeout=WRITER_TIMEOUT, limitmb=MERGE_LIMIT_MB, compound=False)
            writer.commit(optimize=True)
        except LockError as error:
            raise busy_error(self.root) from error
        finally:
            ix.close()
        self.close()
        self._record(folder, state, sections)
        return True

    # -- reading ---------------------------------------------------------------------------

    def _open(self) -> None:
        data = self.manifest()
        if data is None:
            self.close()
            return
        if self._searcher is not None and data == self._opened_manifest:
            return
        self.close()
        # Whoosh leaks an open file when a damaged index fails to open: keep that quiet.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                ix = whoosh_index.open_dir(str(self.root / data.dir))
                self._ix, self._searcher = ix, ix.searcher(weighting=LiveBM25F())
            except Exception as error:  # noqa: BLE001 - any failure: the index is unusable
                # the traceback as text: a record holding it would keep the leaked file open
                logger.warning("The search index in %s cannot be opened\n%s", self.root,
                               logs.traceback_text(error))
                self.close()
                failed = True
            else:
                failed = False
            if failed:
                import gc

                gc.collect()
                raise StoreIndexError("the search index cannot be opened")
        self._opened_manifest = data

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        if self._ix is not None:
            self._ix.close()
        self._ix = self._searcher = self._opened_manifest = self._ranker = None

    def query_words(self, term: str) -> list[str] | None:
        """The words of a query term, for ranking. With rjieba: the longest words of the
        index's own vocabulary, left to right (no segmenter needed at query time, and every
        word is one the index knows); None when some character starts no indexed word, as
        the term then cannot match as words anywhere."""
        assert self._searcher is not None, "query_words reads an open index (word_hits opens it)"
        reader = self._searcher.reader()
        words, i = [], 0
        while i < len(term):
            if not (term[i].isalnum() or segment.WORDY.match(term[i])):
                i += 1
                continue
            for j in range(min(len(term), i + MAX_WORD_CHARS), i, -1):
                if ("body", term[i:j]) in reader:
                    words.append(term[i:j])
                    i = j
                    break
            else:
                return None
        return list(dict.fromkeys(words)) or None

    def word_query(self, query: ParsedQuery) -> wq.Query | None:
        """Whoosh query: each clause's terms as words (all words of a term required)."""
        clauses = []
        for clause in query.clauses:
            options = []
            for term in clause:
                words = self.query_words(term)
                if words:
                    options.append(wq.And([wq.Term("body", w) for w in words]))
            if not options:
                return None  # a clause with no words can only match as a substring
            clauses.append(wq.Or(options) if len(options) > 1 else options[0])
        return wq.And(clauses) if len(clauses) > 1 else (clauses[0] if clauses else None)

    def _and_words(self, query: ParsedQuery) -> list[str] | None:
        """Every word the query requires, when it is an AND of words (each clause one term,
        the usual query: word_rank scores it in bulk); None for OR clauses or a term that
        cannot match as words."""
        if any(len(clause) != 1 for clause in query.clauses):
            return None
        words: list[str] = []
        for (term,) in query.clauses:
            found = self.query_words(term)
            if not found:
                return None
            words += found
        return words

    def word_hits(self, query: ParsedQuery, filters: Filters, limit: int,
                  accept: Callable[[int], bool]) -> tuple[list[tuple[int, float]], bool]:
        """Up to `limit` accepted (section_id, score) word hits, best first, and whether
        these are *all* the accepted word hits. One pass over the index that scores only
        the postings that can still reach the top `limit` (see _TopAccepted) and asks
        `accept` only about sections that would enter it. Raises whatever Whoosh raises."""
        self._open()
        if self._searcher is None:
            return [], False
        q = self.word_query(query) if limit > 0 else None
        if q is None:
            return [], True
        searcher = self._searcher
        sections: dict[int, int] = {}

        def section_of(docnum: int) -> int:
            if docnum not in sections:
                sections[docnum] = _section_id(searcher, docnum)
            return sections[docnum]

        words = self._and_words(query)
        if words and _filter_query(filters) is None:
            ranker = self._ranker or WordRanker(searcher, searcher.weighting)
            self._ranker = ranker
            before = ranker.scored
            found, complete = ranker.top(words, limit, lambda docnum: accept(section_of(docnum)))
            self.scored_postings += ranker.scored - before
            hits = [(section_of(docnum), round(float(score), 6)) for docnum, score in found]
            hits.sort(key=lambda h: (-h[1], h[0]))
            return hits, complete
        top = _TopAccepted(limit, lambda docnum: accept(section_of(docnum)))
        wrapped = top if _filter_query(filters) is None else \
            FilterCollector(top, _filter_query(filters))
        searcher.search_with_collector(q, wrapped)
        self.scored_postings += top.scored
        hits = [(section_of(-negated), round(float(score), 6)) for score, negated in top.items]
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits, len(hits) < limit
