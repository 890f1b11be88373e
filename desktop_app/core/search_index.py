"""Full-text search over sections: every substring is found, real word matches rank first.

This module and core/word_rank.py (which reads Whoosh's posting blocks to rank in bulk) are
the only ones that import Whoosh (whoosh-reloaded, no longer developed: keep it behind this
door). Design, chosen by measurement (docs/performance.md):

* The Whoosh index holds one document per section, indexed as rjieba words *without
  positions* (small, fast to build). It ranks "word hits" with BM25F.
* *What* matches is decided in SQLite (core/section_match.py): every section holding each
  query term as a substring of its normalised text, like Ctrl+F, so 交通安全 inside
  道路交通安全 or 淄博市 inside 淄博市委 is always found — answered by FTS5 tables written
  with the sections, without reading (or holding in memory) any section text. Whoosh only
  decides the order of the sections that also match as words. Substring-only hits follow
  the word hits, by occurrences.
* Ranking scores only what can reach the page shown: an AND of words (the usual
  query) is ranked by core/word_rank.py from whole posting blocks, block-max, with exactly
  Whoosh's BM25F scores; other queries by Whoosh's collector with the same two changes
  (_TopAccepted). Whether a word hit also matches as a substring is asked only about the
  hits that would enter the page.
* Quoted phrases are substring checks; hits are marked with `str.find` windows in the texts
  of the rows shown.
* A document whose title (folded, in SQLite) holds the query, and none of whose sections
  does, is found through its lead section, after the text matches.
* The index is derived data. `current.json` records the store id and generation it was
  built from and the size and CRC-32 of every file, so a stale, missing, truncated or
  overwritten index is noticed and rebuilt. Sizes are checked on every open; each file's
  checksum is read once after it was written, and again only when its size, times or inode
  change (`verified.json` in the build folder remembers the files that passed), so opening
  stays fast. Rebuilds go to a fresh folder that `current.json` then points at (atomic).

`RjiebaTokenizer` and `RjiebaAnalyzer` are pickled into the index's schema: their import
path (`desktop_app.core.search_index`) must never change.
"""
from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import time
import unicodedata
import uuid
import warnings
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from heapq import heappush, heapreplace
from math import inf, log, nextafter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import Composable, Token, Tokenizer
from whoosh.collectors import FilterCollector, TopCollector
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import LockError
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer
from whoosh.system import emptybytes, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from desktop_app.core import logs, paths, reading, segment
from desktop_app.core.store import busy_error
from desktop_app.core.word_rank import WordRanker

if TYPE_CHECKING:  # Whoosh has no type hints: these name what is passed, for readers
    from whoosh.codec.base import Segment
    from whoosh.index import Index
    from whoosh.scoring import BaseScorer
    from whoosh.searching import Searcher
    from whoosh.writing import SegmentWriter

logger = logging.getLogger(__name__)  # not `log`: that is math.log, for BM25 below

INDEX_FORMAT = 4  # 4: a checksum of every file (an index without them is rebuilt once)
MANIFEST = "current.json"
VERIFIED = "verified.json"  # in a build folder: the files whose checksum passed, as they were then
# File times are coarse (a few ms on Linux): a file changed within this long of a check may
# still show the times it had at the check, so it is not remembered as verified ("racy").
RACY_NS = 2_000_000_000
CHECKSUM_CHUNK = 1 << 20
WHOOSH_LOCK = "MAIN_WRITELOCK"
_WHOOSH_FILE = re.compile(r"^_?MAIN_")  # Whoosh's files for the index named MAIN
MAX_QUERY_CHARS = 200
MAX_TERMS = 16
LIMIT_MB = 256  # Whoosh's posting pool; a chunk of CHUNK_SECTIONS stays well below it
CHUNK_SECTIONS = 1000  # sections per Whoosh segment when writing (bounded memory, no spills)
# Merge the newest segments when this many of one size class pile up. Merging is costly
# in Whoosh (16 segments of 1,000 sections: ~10 s) and 22 segments query as fast as one,
# so it is a safety net for very large collections; compact_index() merges when idle.
MERGE_FACTOR = 32
MERGE_LIMIT_MB = 64  # bounded memory while merging (Whoosh spills sorted runs to disk)
# Separate segment files: Whoosh copies every part of a compound segment into memory on open.
WRITER_OPTIONS = {"limitmb": LIMIT_MB, "compound": False}
MAX_WORD_CHARS = 10  # longest index word tried when splitting a query into words
WRITER_TIMEOUT = 2.0
# Typical field length in words, used by BM25 instead of the index's running average.
TYPICAL_WORDS = {"body": 150}

Progress = Callable[[int, int, str], None]
PROGRESS_LABEL = "正在重建搜索索引 / rebuilding the search index"


# --------------------------------------------------------------------------- analyzer

class RjiebaTokenizer(Tokenizer):
    """Whoosh tokenizer yielding rjieba words of NFKC/lower-cased text (domain dictionary on).

    When indexing (mode "index") it uses jieba's search mode, which adds the dictionary
    words found inside longer words; queries use the plain mode."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: Any) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = segment.normalize(value)
        if not tokenize:
            token.original = token.text = text
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        if positions or chars:
            for pos, (word, start, end) in enumerate(segment.tokens(text)):
                token.text, token.boost, token.stopped = word, 1.0, False
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = start_pos + pos
                if chars:
                    token.startchar, token.endchar = start_char + start, start_char + end
                yield token
            return
        for word in segment.words(text, search=(mode == "index")):
            token.text, token.boost, token.stopped = word, 1.0, False
            if keeporiginal:
                token.original = word
            yield token


def RjiebaAnalyzer() -> Composable:
    """The default analyzer: rjieba words, normalised (the tokenizer itself is the chain)."""
    return RjiebaTokenizer()


ANALYZER_NAME = "rjieba"  # recorded in current.json: an index made otherwise is rebuilt


def make_schema(analyzer: Composable) -> Schema:
    """One Whoosh document per section; text fields store frequencies only (no positions).

    Matching is decided on the section text (core/section_match.py), so the index holds only what
    ranks and filters sections: one text field, `body` — the section text with its heading
    once more, so heading words weigh double (one field keeps queries to one posting list
    per word, half the work of a separate heading field). The document title and metric
    labels are left out: they cost 40 % of the build time, and a title would repeat in each
    of its sections. Nothing a user edits (title, year, issuer) is indexed, so editing
    properties never rewrites the index."""
    return Schema(
        section_id=ID(stored=True, unique=True),
        doc_id=ID,
        kind=ID,
        body=TEXT(analyzer=analyzer, phrase=False),
    )


def index_fields(row: dict) -> dict:
    """Whoosh field values for one section row from the store."""
    return {
        "section_id": str(row["section_id"]), "doc_id": str(row["doc_id"]), "kind": row["kind"],
        "body": f"{row['heading']}\n{row['text']}" if row["heading"] else row["text"],
    }


class LiveBM25F(BM25F):
    """BM25F whose statistics never depend on the index's history, so an index updated in
    place ranks exactly like a fresh rebuild: document frequencies count live documents
    only (deleted ones linger in Whoosh until a merge) and field lengths are compared with
    fixed typical lengths instead of running averages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idf: dict[tuple[str, bytes], float] = {}  # one model per searcher: never stale

    def idf(self, searcher: Searcher, fieldname: str, text: bytes) -> float:
        parent = searcher.get_parent()
        reader = parent.reader()
        if not reader.has_deletions():
            return log(parent.doc_count_all() / (parent.doc_frequency(fieldname, text) + 1)) + 1
        key = (fieldname, text)
        if key not in self._idf:  # counting live postings reads them all: once per word
            try:
                live = sum(1 for _ in reader.postings(fieldname, text).all_ids())
            except TermNotFound:
                live = 0
            self._idf[key] = log(parent.doc_count() / (live + 1)) + 1
        return self._idf[key]

    def scorer(self, searcher: Searcher, fieldname: str, text: bytes, qf: int = 1) -> BaseScorer:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _TypicalLengthScorer(searcher, fieldname, text, self._field_B.get(fieldname, self.B),
                                    self.K1, qf=qf)


class _TypicalLengthScorer(BM25FScorer):
    def __init__(self, searcher: Searcher, fieldname: str, text: bytes, B: float, K1: float,
                 qf: int = 1) -> None:
        self.idf = searcher.get_parent().idf(fieldname, text)
        self.avgfl = TYPICAL_WORDS.get(fieldname, 1)
        self.B, self.K1, self.qf = B, K1, qf
        self.setup(searcher, fieldname, text)


_TEXT_FIELDS = frozenset({"body"})


class _SectionAdder:
    """Adds section rows to a Whoosh SegmentWriter about 1.5× faster than `add_document`,
    with an identical result (tests/core/test_kb_index.py compares both).

    Whoosh 2.7.5 (pinned, no longer developed) spends most of an import in per-token Token
    objects, per-posting pool bookkeeping and one lengths-column read per posting. Here
    each text field is counted with `Counter` over rjieba's word list, postings go straight
    into the writer's in-memory pool (callers keep segments to CHUNK_SECTIONS, so it never
    needs to spill), and the lengths the posting writer asks for come from a dict. Use only
    with the rjieba analyzer and a writer committed with `merge=False`."""

    def __init__(self, writer: SegmentWriter) -> None:
        self.writer = writer
        self.lengths = _Lengths()
        writer.per_document_reader = self.lengths.reader  # called by the writer's _flush_segment

    def add(self, row: dict) -> None:
        writer = self.writer
        writer._check_state()
        docnum, post, perdoc = writer.docnum, writer.pool.current.append, writer.perdocwriter
        fields = index_fields(row)
        writer.pool.fieldnames.update(fields)
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value, field = fields[name], writer.schema[name]
            if name in _TEXT_FIELDS:
                counts = Counter(segment.words(segment.normalize(value), search=True))
                for word, freq in counts.items():
                    post((name, word.encode("utf-8"), docnum, float(freq), pack_uint(freq)))
                length = sum(counts.values())
                if length:
                    self.lengths.values[(docnum, name)] = byte_to_length(length_to_byte(length))
                perdoc.add_field(name, field, None, length)
            else:
                post((name, value.encode("utf-8"), docnum, 1.0, emptybytes))
                perdoc.add_field(name, field, value if field.stored else None, 0)
        perdoc.finish_doc()
        writer._added = True
        writer.docnum += 1


class _Lengths:
    """Field lengths of the documents added to one segment, as its posting writer reads
    them (Whoosh's one-byte approximation), without a reference back to the writer."""

    def __init__(self) -> None:
        self.values: dict[tuple[int, str], int] = {}

    def reader(self) -> _Lengths:
        return self

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return self.values.get((docnum, fieldname), default)

    def close(self) -> None:
        self.values = {}


def _write_all(folder: Path, rows: Iterable[dict], total: int, progress: Progress | None) -> int:
    """Write every row into a new Whoosh index in `folder`, one segment per CHUNK_SECTIONS
    rows; returns how many rows were written."""
    ix = whoosh_index.create_in(str(folder), make_schema(RjiebaAnalyzer()))
    count, writer = 0, None
    try:
        writer = ix.writer(**WRITER_OPTIONS)
        add = _SectionAdder(writer).add
        for count, row in enumerate(rows, 1):
            add(row)
            if count % CHUNK_SECTIONS == 0:
                writer.commit(merge=False)
                _merge_tail(ix)
                writer = ix.writer(**WRITER_OPTIONS)
                add = _SectionAdder(writer).add
            if progress and count % 200 == 0:
                progress(count, total, PROGRESS_LABEL)
        writer.commit(merge=False)
        _merge_tail(ix)
    except BaseException:
        if writer is not None and not writer.is_closed:
            writer.cancel()
        raise
    finally:
        ix.close()
    if progress:
        progress(count, total, PROGRESS_LABEL)
    return count


# ------------------------------------------------------------------------------ query

_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"'})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Only ASCII * and ? read as (needless) wildcards; they are marked before NFKC folds the
# full-width ？ and ＊ of Chinese typing into them, so those stay punctuation, as typed.
_WILDCARD_MARKS = {"*": "\ue000", "?": "\ue001"}
_MARK_WILDCARDS = str.maketrans(_WILDCARD_MARKS)
_UNMARK_WILDCARDS = str.maketrans({mark: char for char, mark in _WILDCARD_MARKS.items()})
_MARKS = "".join(_WILDCARD_MARKS.values())
_OPERATORS = {"AND": "and", "OR": "or", "NOT": "not", "|": "or", "&": "and", "&&": "and",
              "||": "or"}


@dataclass(frozen=True)
class ParsedQuery:
    """A user query: every clause must match (a clause matches when any of its terms does);
    no excluded term may occur. Terms are normalised substrings."""

    clauses: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Every positive term, longest first (what gets marked in the text)."""
        unique = {t for clause in self.clauses for t in clause}
        return tuple(sorted(unique, key=lambda t: (-len(t), t)))


_NOTES = {
    "empty": ("请输入要查找的词", "Type a word to search for"),
    "long": (f"查询过长，只用了前 {MAX_QUERY_CHARS} 个字符", f"The query is long; only its first {MAX_QUERY_CHARS} characters were used"),
    "quote": ("引号不成对，已把末尾部分当作短语", "Unbalanced quote: the rest was taken as one phrase"),
    "operator": ("忽略了多余的 AND/OR/NOT", "Stray AND/OR/NOT ignored"),
    "wildcard": ("不需要 * 或 ?：每个词都按包含关系查找", "No need for * or ?: every word is matched as a substring"),
    "punct": ("忽略了只有标点或符号的部分", "Parts with only punctuation or symbols were ignored"),
    "only_not": ("请至少给出一个要查找的词（不只是排除的词）", "Give at least one word to find, not only words to exclude"),
    "many": (f"词太多，只用了前 {MAX_TERMS} 个", f"Too many words; only the first {MAX_TERMS} were used"),
    "nothing": ("没有找到匹配的段落", "No matching sections"),
    "title": ("部分结果只在文档标题中匹配（显示其导语或首个段落）",
              "Some results match only a document's title (its lead or first section is shown)"),
    "index_failed": ("搜索索引无法写入（如磁盘空间不足），结果按出现次数排序；索引将在下次写入或启动时重建",
                     "The search index could not be written (disk full?); results are ordered by "
                     "occurrences, and the index will be rebuilt at the next write or start"),
    "no_index": ("搜索索引暂不可用，结果按出现次数排序", "The search index is unavailable; results are ordered by occurrences"),
}


def note_text(code: str, language: str = "") -> str:
    """The hint for a note code: bilingual (the CLI's), or in one `language` ("zh…", "en")."""
    chinese, english = _NOTES[code]
    if language:
        return chinese if language.startswith("zh") else english
    return f"{chinese} / {english}"


def _split_query(text: str) -> tuple[list[tuple[str, bool]], set[str]]:
    """Raw pieces of a query: (text, quoted) pairs, in order."""
    notes: set[str] = set()
    pieces: list[tuple[str, bool]] = []
    parts = text.split('"')
    if len(parts) % 2 == 0:
        notes.add("quote")
    for index, part in enumerate(parts):
        if index % 2 == 1:
            if part.strip():
                pieces.append((part.strip(), True))
        else:
            pieces.extend((word, False) for word in part.split())
    return pieces, notes


def parse_query(text: str | None) -> ParsedQuery:
    """Parse a user's query; never raises. Words are ANDed; `OR` between words, `NOT` or a
    leading `-` to exclude; "quoted phrases" keep their spaces. Oddities become notes."""
    # Invisible characters a pasted query may carry (BOM, zero-width space…) are dropped, as
    # imports drop them from documents: both sides then hold the same visible text.
    text = reading.strip_invisible(text or "").translate(_MARK_WILDCARDS)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _CONTROL.sub(" ", text)
    notes: set[str] = set()
    if len(text) > MAX_QUERY_CHARS:
        text, notes = text[:MAX_QUERY_CHARS], {"long"}
    pieces, split_notes = _split_query(text)
    notes |= split_notes
    clauses: list[list[str]] = []
    excluded: list[str] = []
    pending_or = pending_not = False
    for raw, quoted in pieces:
        operator = None if quoted else _OPERATORS.get(raw)
        if operator:
            if operator == "or" and clauses and not pending_or:
                pending_or = True
            elif operator == "not" and not pending_not:
                pending_not = True
            else:
                notes.add("operator")
            continue
        negate = pending_not
        if not quoted and raw.startswith("-") and len(raw) > 1:
            raw, negate = raw[1:], True
        term = _clean_term(raw, quoted, notes)
        if term is None:
            pending_or = pending_not = False
            continue
        if negate:
            excluded.append(term)
        elif pending_or:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        pending_or = pending_not = False
    if pending_or or pending_not:
        notes.add("operator")
    return _finish_query(clauses, excluded, notes)


def _clean_term(raw: str, quoted: bool, notes: set[str]) -> str | None:
    if not quoted and any(c in raw for c in _MARKS):
        notes.add("wildcard")
        raw = "".join(c for c in raw if c not in _MARKS)
    raw = raw.translate(_UNMARK_WILDCARDS)  # a quoted phrase keeps its * and ? as typed
    term = segment.normalize(raw).strip()
    if not term:
        return None
    if not segment.WORDY.search(term):
        notes.add("punct")
        return None
    return term


def _finish_query(clauses: list[list[str]], excluded: list[str], notes: set[str]) -> ParsedQuery:
    if len(clauses) > MAX_TERMS:
        clauses, notes = clauses[:MAX_TERMS], notes | {"many"}
    if not clauses:
        notes.add("only_not" if excluded else "empty")
    ordered = tuple(code for code in _NOTES if code in notes)
    return ParsedQuery(tuple(tuple(dict.fromkeys(c)) for c in clauses),
                       tuple(dict.fromkeys(excluded))[:MAX_TERMS], ordered)


# ---------------------------------------------------------------------------- corpus

@dataclass(frozen=True)
class Filters:
    """Restrict hits to a section kind, a document and/or a date range (ISO strings)."""

    kind: str | None = None
    doc_id: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    doc_ids: frozenset[int] | None = None  # only these documents (the store's filters' answer)

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.kind, self.doc_id, self.date_from, self.date_to,
                                           self.doc_ids))

    def allows(self, kind: str, doc_id: int, date: str | None) -> bool:
        if self.kind is not None and kind != self.kind:
            return False
        if self.doc_id is not None and doc_id != self.doc_id:
            return False
        if self.doc_ids is not None and doc_id not in self.doc_ids:
            return False
        if self.date_from or self.date_to:
            if not date:
                return False
            if self.date_from and date < self.date_from:
                return False
            if self.date_to and date[:len(self.date_to)] > self.date_to:
                return False
        return True


def body_spans(body: str, offsets: list[int] | None, terms: Iterable[str]
               ) -> tuple[tuple[int, int], ...]:
    """Every occurrence of the terms in a section's normalised text `body`, as merged
    [start, end) offsets into its *original* text (`offsets` maps them when normalising
    changed the length; None: unchanged)."""
    found = []
    for term in terms:
        pos = body.find(term)
        while pos != -1:
            found.append((pos, pos + len(term)))
            pos = body.find(term, pos + 1)
    if offsets is not None:
        found = [(offsets[s], offsets[e - 1] + 1) for s, e in found]
    return _merge(found)


def term_spans(text: str, terms: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Every occurrence of the (normalised) terms in raw `text`, as merged [start, end) offsets."""
    folded, offsets = segment.normalize_with_map(text)
    found = []
    for term in terms:
        pos = folded.find(term)
        while pos != -1:
            found.append((pos, pos + len(term)))
            pos = folded.find(term, pos + 1)
    if offsets is not None:
        found = [(offsets[s], offsets[e - 1] + 1) for s, e in found]
    return _merge(found)


def title_snippet(title: str, lead: str, terms: Iterable[str], width: int = 90) -> str:
    """The snippet of a title match: the title in 《》 with the matches marked, then the
    start of the lead (HTML-escaped, like `snippet`)."""
    marked = snippet(title, term_spans(title, terms), width=len(title), before=len(title))
    return f"《{marked}》 {snippet(lead, (), width=width)}"


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def snippet(text: str, spans: tuple[tuple[int, int], ...], width: int = 120,
            before: int = 30) -> str:
    """An HTML-escaped window of `text` around the first span, matches in <mark>…</mark>."""
    if not spans:
        start, end = 0, min(len(text), width)
    else:
        start = max(0, spans[0][0] - before)
        end = min(len(text), max(start + width, spans[0][1]))
    out = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out += [html.escape(text[cursor:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        cursor = e
    out.append(html.escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out).replace("\n", " ")


# ----------------------------------------------------------------------------- index

class StoreIndexError(Exception):
    """The Whoosh index cannot be read (search falls back to the texts; open rebuilds it)."""


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def index_files(folder: Path) -> list[Path]:
    """Whoosh's files in a build folder — segments and tables of contents — without its
    lock file (empty, touched by every writer) or anything else kept there."""
    return sorted(p for p in folder.iterdir()
                  if _WHOOSH_FILE.match(p.name) and p.name != WHOOSH_LOCK and p.is_file())


def file_checksum(path: Path) -> str:
    """CRC-32 of a file's bytes, as 8 hex digits (~2 GB/s: damage detection, not security —
    whoever can rewrite a segment can rewrite the manifest too)."""
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHECKSUM_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return f"{crc:08x}"


def _identity(stat: os.stat_result) -> list[int]:
    """What changes when a file is written to, even by a vandal who resets its times
    (the change time cannot be set back)."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def _segment_files(folder: Path, segments: Iterable[Segment]) -> list[str]:
    """Names of the files that make up the given Whoosh segments."""
    prefixes = tuple(f"{segment.segment_id()}." for segment in segments)
    return [p.name for p in index_files(folder) if p.name.startswith(prefixes)]


def _write_verified(folder: Path, passed: dict[str, list]) -> None:
    """Remember the files that passed their checksum (best effort: several processes and
    threads may check at once, each writes a complete file; a read-only folder is fine)."""
    tmp = folder / f".{VERIFIED}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        tmp.write_text(json.dumps(passed), encoding="utf-8")
        os.replace(tmp, folder / VERIFIED)
    except OSError:  # best effort: the files are checked again next time
        logger.debug("Could not record the checked index files in %s", folder, exc_info=True)
        try:
            tmp.unlink()
        except OSError:
            pass


class SearchIndex:
    """The Whoosh index folder: build, update, check and query word hits.

    `root` holds `current.json` and one sub-folder per build. Callers serialise writes
    (the knowledge base holds its write lock); Whoosh's own lock is a second guard."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._ix: Index | None = None
        self._searcher: Searcher | None = None
        self._opened_manifest: dict | None = None
        self._ranker: WordRanker | None = None  # bulk scoring on the open searcher
        self._merges: BackgroundMerges | None = None  # while an import merges off this process
        self.checked_files = 0  # files read to check their checksum (tests count this work)
        self.scored_postings = 0  # word-hit postings scored by searches (tests count this)

    # -- manifest and checks --------------------------------------------------------------

    def manifest(self) -> dict | None:
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def problem(self, state: tuple[str, int], section_count: int | None = None) -> str | None:
        """Why the index cannot be trusted for `state` (store id, generation), or None."""
        data = self.manifest()
        if data is None:
            return "missing"
        if data.get("format") != INDEX_FORMAT or data.get("analyzer") != ANALYZER_NAME:
            return "format"
        if (data.get("store_id"), data.get("generation")) != tuple(state):
            return "stale"
        folder = self.root / str(data.get("dir", ""))
        for name, size in (data.get("files") or {}).items():
            try:
                if (folder / name).stat().st_size != size:
                    return "damaged"
            except OSError:
                return "damaged"
        if not data.get("files") or set(data.get("sums") or ()) != set(data["files"]):
            return "damaged"
        if section_count is not None and data.get("sections") != section_count:
            return "stale"
        return None

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
        data = self._opened_manifest or {}
        return self._searcher is not None and self._searcher.doc_count() == data.get("sections")

    def damaged_file(self, *, force: bool = False) -> str | None:
        """The name of an index file that is missing or whose bytes differ from the checksum
        recorded when it was written; None when all match (or there is no manifest: that is
        problem()'s to report).

        Each file is read once after it was written: a file whose size, times and inode
        are as they were when it last passed is not read again (the build folder's
        VERIFIED file remembers; best effort, a read-only folder just checks every time).
        Whoosh never rewrites a segment file, so a later change to one is damage."""
        data = self.manifest()
        if data is None:
            return None
        folder = self.root / str(data.get("dir", ""))
        sums = data.get("sums")
        if not isinstance(sums, dict) or not sums:
            return MANIFEST
        known = {} if force else self._verified(folder)
        passed: dict[str, list] = {}
        now = time.time_ns()
        for name, expected in sorted(sums.items()):
            try:
                stat = (folder / name).stat()
            except OSError:
                return name
            entry = [expected, *_identity(stat)]
            if known.get(name) != entry:
                self.checked_files += 1
                try:
                    if file_checksum(folder / name) != expected:
                        return name
                except OSError:
                    return name
                if now - max(stat.st_mtime_ns, stat.st_ctime_ns) <= RACY_NS:
                    continue  # changed too recently for its times to prove anything later
            passed[name] = entry
        if passed != known:
            _write_verified(folder, passed)
        return None

    @staticmethod
    def _verified(folder: Path) -> dict[str, list]:
        """The files of a build folder that passed their checksum, as they were then."""
        try:
            data = json.loads((folder / VERIFIED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _record(self, folder: Path, state: tuple[str, int], sections: int) -> None:
        """Point the manifest at `folder`, recording the size and checksum of each file.
        Files already recorded for this folder with the same size keep their checksum
        (Whoosh never rewrites a segment file): a commit reads only the files it wrote,
        and never blesses a file damaged since it was recorded."""
        before = self.manifest() or {}
        same_folder = before.get("dir") == folder.name
        old_sizes = (before.get("files") or {}) if same_folder else {}
        old_sums = (before.get("sums") or {}) if same_folder else {}
        files, sums = {}, {}
        for path in index_files(folder):
            files[path.name] = path.stat().st_size
            if path.name in old_sums and old_sizes.get(path.name) == files[path.name]:
                sums[path.name] = old_sums[path.name]
            else:
                sums[path.name] = file_checksum(path)
        _write_json_atomic(self.root / MANIFEST, {
            "format": INDEX_FORMAT, "analyzer": ANALYZER_NAME, "dir": folder.name,
            "store_id": state[0], "generation": state[1], "sections": sections, "files": files,
            "sums": sums, "written_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        })

    def _check_segments(self, folder: Path, segments: Iterable[Segment]) -> None:
        """Raise StoreIndexError unless the given segments' files match their checksums:
        merging damaged segments would write the damage into a new, well-summed segment."""
        sums = (self.manifest() or {}).get("sums") or {}
        for name in _segment_files(folder, segments):
            # A file not in the manifest yet was written by this very commit.
            if name in sums and file_checksum(folder / name) != sums[name]:
                raise StoreIndexError(f"the search index file {name} is damaged")

    # -- writing ---------------------------------------------------------------------------

    def build(self, rows: Iterable[dict], state: tuple[str, int], *, total: int = 0,
              progress: Progress | None = None) -> None:
        """Write a complete new index from section rows, then switch `current.json` to it."""
        kb_id = self._claim_root()
        folder = self.root / f"b{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        _make_build_folder(folder, kb_id)
        try:
            count = _write_all(folder, rows, total, progress)
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

    def update(self, doc_ids: Iterable[int], rows: Iterable[dict], state: tuple[str, int],
               sections: int) -> None:
        """Replace the given documents' sections (remove, then add `rows`) in one commit."""
        data = self.manifest() or {}
        folder = self.root / str(data.get("dir", ""))
        ix = whoosh_index.open_dir(str(folder))
        try:
            writer = ix.writer(timeout=WRITER_TIMEOUT, **WRITER_OPTIONS)
        except LockError as error:
            ix.close()
            raise busy_error(self.root) from error
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

    def _commit(self, ix: Index, writer: SegmentWriter, folder: Path) -> None:
        """Commit a writer's segment, then merge: off this process while background merges
        are on (taking in a finished one), else here (_merge_tail)."""
        check = lambda segments: self._check_segments(folder, segments)  # noqa: E731
        merges = self._merges
        if merges is None:
            writer.commit(merge=False)
            _merge_tail(ix, check)
            return
        writer.commit(mergetype=merges.policy(folder))
        if len(ix._segments()) >= MAX_SEGMENTS:  # the worker fell far behind: merge here
            merges.close()  # (its sources may be the tail merged here)
            _merge_tail(ix, check)
        merges.start(ix, folder)

    def begin_merges(self) -> BackgroundMerges:
        """Merge segments in a worker process, not in this one, until end_merges (for the
        length of an import: see BackgroundMerges)."""
        self.end_merges(None)
        self._merges = BackgroundMerges(lambda: (self.manifest() or {}).get("sums") or {})
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
                data = self.manifest() or {}
                folder = self.root / str(data.get("dir", ""))
                ix = whoosh_index.open_dir(str(folder))
                try:
                    writer = ix.writer(timeout=WRITER_TIMEOUT, **WRITER_OPTIONS)
                except LockError as error:
                    ix.close()
                    raise busy_error(self.root) from error
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
        data = self.manifest() or {}
        self._record(self.root / str(data.get("dir", "")), state, sections)

    def compact(self, state: tuple[str, int], sections: int, min_segments: int = 8) -> bool:
        """Merge all segments into one when there are many or some hold deleted documents
        (call when idle: merging keeps document order, so ranking is unchanged)."""
        data = self.manifest() or {}
        folder = self.root / str(data.get("dir", ""))
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

    def _claim_root(self) -> str | None:
        """The knowledge base id of the index folder, creating and marking the folder when
        it is missing or empty; None for an unmarked folder holding files (never adopted
        here: the knowledge base refuses such a folder before any build)."""
        kb_id = paths.read_marker(self.root, paths.INDEX_ROLE)
        if kb_id is not None:
            return kb_id
        self.root.mkdir(parents=True, exist_ok=True)
        if any(self.root.iterdir()):
            return None
        kb_id = paths.read_marker(self.root.parent, paths.DATA_ROLE) or uuid.uuid4().hex
        paths.write_marker(self.root, paths.INDEX_ROLE, kb_id)
        return paths.read_marker(self.root, paths.INDEX_ROLE)  # whoever marked it last

    def stale_builds(self) -> list[Path]:
        """Build folders Zhiku made for this index that are not the current one: replaced
        builds, and builds a killed rebuild left half-written. Only folders named like a
        build and marked with this index's knowledge base id count: nothing else is ever
        deleted, whatever else sits in the folder."""
        kb_id = paths.read_marker(self.root, paths.INDEX_ROLE)
        if kb_id is None:
            return []
        current = (self.manifest() or {}).get("dir")
        try:
            entries = list(self.root.iterdir())
        except OSError:
            return []
        return [entry for entry in entries
                if BUILD_NAME.fullmatch(entry.name) and entry.name != current
                and entry.is_dir() and not entry.is_symlink()
                and paths.read_marker(entry, paths.BUILD_ROLE) == kb_id]

    def remove_stale_builds(self) -> None:
        """Delete stale build folders (see stale_builds) and manifest files a killed write
        left behind (call with the write lock held: no other build is under way). Best
        effort: a reader in another process may still hold files open on Windows; a later
        call finishes the job."""
        for entry in self.stale_builds():
            shutil.rmtree(entry, ignore_errors=True)
        if paths.read_marker(self.root, paths.INDEX_ROLE) is None:
            return
        for entry in self.root.iterdir():
            if MANIFEST_TMP.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink():
                try:
                    entry.unlink()
                except OSError:  # best effort: the next call tries again
                    logger.debug("Could not remove %s", entry, exc_info=True)

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
                ix = whoosh_index.open_dir(str(self.root / str(data.get("dir", ""))))
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


def _section_id(searcher: Searcher, docnum: int) -> int:
    """The section id stored with a Whoosh document."""
    return int(searcher.stored_fields(docnum)["section_id"])


class _TopAccepted(TopCollector):
    """Whoosh's top-N collector (a heap; postings in blocks skipped when even their best
    possible score cannot beat the N-th best so far), changed in two ways:

    * Only documents `accept(docnum)` takes enter the top N, and `accept` is asked only
      about a document whose score would enter it — a few per page, not every word hit
      (before, the search re-ran with limits ×4 until enough hits were accepted).
    * Once N documents are held, the N-th best score is the bar below which blocks are
      skipped. Whoosh raises that bar only when a document is *replaced*, so when many
      sections score the same (one template, one phrase everywhere) it never skipped and
      scored every posting. A tie never enters (the earlier document wins, as in Whoosh),
      so blocks whose best equals the N-th best are skipped too (the bar is one float
      step above it: only a score within that step of the N-th best could be missed).

    `scored` counts the postings scored (tests count this work)."""

    def __init__(self, limit: int, accept: Callable[[int], bool]) -> None:
        super().__init__(limit)
        self.accept = accept
        self.scored = 0

    def _collect(self, global_docnum: int, score: float) -> float:
        self.scored += 1
        items = self.items
        full = len(items) >= self.limit
        if full and score <= items[0][0]:
            return 0 - score
        if not self.accept(global_docnum):
            return 0 - score
        if full:
            heapreplace(items, (score, 0 - global_docnum))
        else:
            heappush(items, (score, 0 - global_docnum))
        if len(items) >= self.limit:
            # One step above the N-th best: Whoosh skips an AND's blocks only when their
            # bound is *below* the bar, and a tie cannot enter anyway.
            self.minscore = nextafter(items[0][0], inf)
        return 0 - score


def _size_class(docs: int) -> int:
    """0 for a segment of up to two batches of documents (a batch ends past CHUNK_SECTIONS),
    1 for up to MERGE_FACTOR times that, and so on."""
    level, limit = 0, 2 * CHUNK_SECTIONS
    while docs > limit:
        level, limit = level + 1, limit * MERGE_FACTOR
    return level


def _tail_to_merge(segments: list[Segment]) -> list[Segment]:
    """The newest MERGE_FACTOR segments when they are all of one size class, else []."""
    if len(segments) < MERGE_FACTOR:
        return []
    tail = segments[-MERGE_FACTOR:]
    classes = {_size_class(s.doc_count_all()) for s in tail}
    return tail if len(classes) == 1 else []


def _merge_tail(ix: Index, check: Callable[[list[Segment]], None] = lambda segments: None) -> None:
    """Log-structured merging: when MERGE_FACTOR segments of one size class pile up at the
    end, merge them into one (repeatedly). Segments stay few, each posting is rewritten
    only about log(N) times, and merging a tail keeps document order (ties rank the same
    as in a fresh build). Whoosh's default policy made single commits take 35 s.
    `check(segments)` runs before a merge and raises when they are damaged."""
    from whoosh.reading import SegmentReader

    while True:
        tail = _tail_to_merge(list(ix._segments()))
        if not tail:
            return
        check(tail)

        def policy(writer: SegmentWriter, segments: list[Segment],
                   tail: list[Segment] = tail) -> list[Segment]:
            for seg in tail:
                reader = SegmentReader(writer.storage, writer.schema, seg)
                writer.add_reader(reader)
                reader.close()
            return segments[:len(segments) - len(tail)]

        writer = ix.writer(limitmb=MERGE_LIMIT_MB, compound=False)
        writer.commit(mergetype=policy)


# ------------------------------------------------------------- merging off the import path

# An import never merges segments in the process that writes them: merging rewrote every
# posting of 32 segments in the middle of an import (37 % of the writer's time at 10,000
# releases, nothing at 2,000), so the rate fell as the library grew. A merge runs in a
# process of its own (BackgroundMerges) while the import goes on writing new segments, and
# the merged segment takes its sources' place at a later commit. Only when that process
# falls far behind (MAX_SEGMENTS) does the writer merge itself, as before.
MAX_SEGMENTS = 3 * MERGE_FACTOR
# A merge in the worker takes about as long as the writer needs to write as many sections
# (both rewrite every posting in Python): it starts only when the import still has that
# many sections to write, so that it ends in time instead of being abandoned, and merges
# the oldest of the small segments at the end of the index, at least this many of them.
MIN_BACKGROUND_MERGE = 8


def merge_segments(folder: str, tail: list[Segment], sums: dict[str, str], out: str) -> Segment:
    """Merge the segments `tail` of the index in `folder` into one new segment written to
    the empty folder `out` (runs in a worker process; the index itself is not touched,
    so the writer keeps writing meanwhile). Raises StoreIndexError when a source file no
    longer matches its checksum in `sums`: merging would copy the damage."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.reading import SegmentReader

    for name in _segment_files(Path(folder), tail):
        if name in sums and file_checksum(Path(folder) / name) != sums[name]:
            raise StoreIndexError(f"the search index file {name} is damaged")
    storage = FileStorage(folder)
    target = whoosh_index.create_in(out, make_schema(RjiebaAnalyzer()))
    writer = target.writer(limitmb=MERGE_LIMIT_MB, compound=False)
    try:
        for seg in tail:
            reader = SegmentReader(storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        writer.commit(merge=False)
        merged = list(target._segments())
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    finally:
        target.close()
    assert len(merged) == 1, "a writer given documents commits exactly one segment"
    return merged[0]


def _deletions(seg: Segment) -> frozenset[int]:
    return frozenset(seg.deleted_docs())


@dataclass
class _MergeJob:
    """A merge under way in a worker process: its sources as they were when it started
    (with their deletions), where it writes, the process and the end of a pipe that
    brings back its result."""

    folder: Path
    tail: list[Segment]
    deleted: list[frozenset[int]]
    out: Path
    process: Any
    conn: Any

    def finished(self) -> bool:
        return self.conn.poll() or not self.process.is_alive()

    def result(self) -> Segment | None:
        """The merged segment, or None when the merge failed (logged)."""
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            status, value = "failed", "the merge worker process ended without an answer"
        self.process.join()
        if status == "ok":
            return value
        logger.warning("Merging search index segments in a worker process failed; they stay "
                       "as they are\n%s", value)
        return None

    def stop(self) -> None:
        """End the worker (a merge still under way is abandoned) and remove its output."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()
        shutil.rmtree(self.out, ignore_errors=True)


def _merge_worker(conn: Any, folder: str, tail: list[Segment], sums: dict[str, str], out: str) -> None:
    """A merge worker process: merge_segments, its result or the traceback (as text: the
    log is the parent's) sent back on `conn`. Dies with its parent (parent_watch)."""
    from desktop_app.core import parent_watch

    parent_watch.die_with_parent()
    try:
        conn.send(("ok", merge_segments(folder, tail, sums, out)))
    except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
        conn.send(("failed", logs.traceback_text(error)))
    finally:
        conn.close()


class BackgroundMerges:
    """One merge at a time in a worker process, for the length of one import (see
    MAX_SEGMENTS above). `policy()` is the merge policy of every commit: it puts a
    finished merge's segment in the place of its sources when they are still there
    unchanged (same segments in the same order, no deletions since), else drops it; it
    never merges in this process. `start(ix, folder)` after a commit starts the next merge
    when enough small segments have piled up and the import has enough left to write for
    the merge to end before it does (MIN_BACKGROUND_MERGE). An import never waits for a
    merge: one still under way at its end is abandoned (`close`). A killed import leaves at most the worker's output folder
    (MERGE_TMP, hidden in the build folder, where Whoosh, the manifest and the checks never
    look; removed by the next open once its process is gone: data_folder.leftovers), never
    a file the index refers to."""

    def __init__(self, sums: Callable[[], dict[str, str]]) -> None:
        self._sums = sums
        self._job: _MergeJob | None = None
        self.sections_ahead = 0  # what the import still has to write (told by the caller)
        self.started = 0  # merges started, taken in and dropped (tests count this work)
        self.taken = 0
        self.dropped = 0

    @property
    def finished(self) -> bool:
        """Whether a merge has finished and waits to be taken in by a commit."""
        return self._job is not None and self._job.finished()

    def start(self, ix: Index, folder: Path) -> None:
        """Start merging the tail of `ix` unless a merge is under way or none is due."""
        if self._job is not None:
            return
        tail = _background_tail(list(ix._segments()), self.sections_ahead)
        if not tail:
            return
        import multiprocessing

        out = folder / f".merge-{uuid.uuid4().hex[:8]}.{os.getpid()}.tmp"  # Whoosh skips dot names
        out.mkdir()
        # "spawn", as the parse workers: never fork a process holding SQLite or Qt
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_merge_worker, name="zhiku-merge", daemon=True,
                                  args=(send, str(folder), tail, self._sums(), str(out)))
        process.start()
        send.close()
        self._job = _MergeJob(folder, tail, [_deletions(s) for s in tail], out, process, receive)
        self.started += 1

    def policy(self, folder: Path) -> Callable[[SegmentWriter, list[Segment]], list[Segment]]:
        """The merge policy for a commit to the index in `folder` (see the class)."""
        def swap(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
            job = self._job
            if job is None or not job.finished():
                return list(segments)
            self._job = None
            merged = job.result()
            place = _place_of(job, segments) if merged is not None and job.folder == folder else None
            if place is None:
                self.dropped += 1
                job.stop()
                return list(segments)
            for name in _segment_files(job.out, [merged]):
                os.replace(job.out / name, folder / name)
            job.stop()
            self.taken += 1
            return [*segments[:place], merged, *segments[place + len(job.tail):]]
        return swap

    def close(self) -> None:
        """Stop: a merge still under way is abandoned (its worker ended, its output removed)."""
        job, self._job = self._job, None
        if job is not None:
            job.stop()


def _background_tail(segments: list[Segment], sections_ahead: int) -> list[Segment]:
    """The segments a background merge takes now: the oldest of the small segments (size
    class 0) at the end of the index, at most MERGE_FACTOR and only as many as the import
    can outlast (`sections_ahead`), at least MIN_BACKGROUND_MERGE; else []."""
    run: list[Segment] = []
    for seg in reversed(segments):
        if _size_class(seg.doc_count_all()) != 0:
            break
        run.insert(0, seg)
    taken: list[Segment] = []
    for seg in run[:MERGE_FACTOR]:
        if sum(s.doc_count_all() for s in taken) + seg.doc_count_all() > sections_ahead:
            break
        taken.append(seg)
    return taken if len(taken) >= MIN_BACKGROUND_MERGE else []


MERGE_TMP = re.compile(r"\.merge-[0-9a-f]{8}\.(\d+)\.tmp")  # a merge's output, in its build folder


def merge_tmp_pid(name: str) -> int | None:
    """The process id in the name of a merge output folder (BackgroundMerges), else None."""
    found = MERGE_TMP.fullmatch(name)
    return int(found.group(1)) if found else None


def _place_of(job: _MergeJob, segments: list[Segment]) -> int | None:
    """Where the merged sources still stand, unchanged, in `segments`; None when they do not."""
    ids = [s.segment_id() for s in segments]
    wanted = [s.segment_id() for s in job.tail]
    if wanted[0] not in ids:
        return None
    place = ids.index(wanted[0])
    if ids[place:place + len(wanted)] != wanted:
        return None
    now = segments[place:place + len(wanted)]
    if [_deletions(s) for s in now] != job.deleted:
        return None
    return place


# Index build folders (b<time>-<random>) and the manifest's temporary files: the names
# remove_stale_builds may delete, and data_folder recognises in an index from before markers.
BUILD_NAME = re.compile(r"b\d{14}-[0-9a-f]{8}")  # one folder per build: b<time>-<random>
# A build folder being made: .<build name>.<pid>.tmp, marked, then renamed (_make_build_folder)
_BUILD_TMP = re.compile(r"\.b\d{14}-[0-9a-f]{8}\.(\d+)\.tmp")


def build_tmp_pid(name: str) -> int | None:
    """The process id in the name of a build folder still being made, or None for any
    other name (such a folder outlives its process only when that process was killed)."""
    found = _BUILD_TMP.fullmatch(name)
    return int(found.group(1)) if found else None


def _make_build_folder(folder: Path, kb_id: str | None) -> None:
    """Create the build folder `folder` already marked as this index's (when the index is
    marked: `kb_id`): made under a temporary name, marked inside, then renamed. A kill at
    any moment leaves either a marked build (removed as stale) or a temporary folder whose
    name says whose it was (removed once that process is gone: data_folder.leftovers) —
    never an unmarked build nothing would ever delete."""
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    tmp.mkdir()
    try:
        if kb_id is not None:
            paths.write_marker(tmp, paths.BUILD_ROLE, kb_id)
        os.rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
MANIFEST_TMP = re.compile(r"\.current\.json\.\d+\.tmp")  # _write_json_atomic's, of a killed write


def _filter_query(filters: Filters) -> wq.Query | None:
    parts = []
    if filters.kind is not None:
        parts.append(wq.Term("kind", filters.kind))
    if filters.doc_id is not None:
        parts.append(wq.Term("doc_id", str(filters.doc_id)))
    if not parts:
        return None
    return wq.And(parts) if len(parts) > 1 else parts[0]
