"""The Whoosh word index: the one module that imports Whoosh.

whoosh-reloaded 2.7.5 is pinned and no longer developed: every name of it Zhiku uses is
taken here, and the other modules (search_index, index_writing, word_rank) take it from
here. The index holds one document per section, indexed as rjieba words *without
positions* (small, fast to build), ranked with BM25F whose statistics never depend on the
index's history (LiveBM25F).

`RjiebaTokenizer` is pickled into every index's schema under the path
`desktop_app.core.search_index.RjiebaTokenizer` (indexes written before this module existed
name it so): that path must never change, so the class says it lives there and the front
module hands it on.
"""
from __future__ import annotations

from functools import partial
from heapq import heappush, heapreplace
from heapq import merge as heapq_merge
from math import inf, log, nextafter
from operator import sub
from pickle import dumps
from struct import Struct
from typing import TYPE_CHECKING, Any
from zlib import compress

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import Composable, Token, Tokenizer
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.collectors import FilterCollector, TopCollector
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import _lengths as _KEY_VALUE_LENGTHS
from whoosh.index import LockError
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer
from whoosh.system import _INT_SIZE, emptybytes, pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from desktop_app.core import segment
from desktop_app.core.records import unpack_words

if TYPE_CHECKING:  # Whoosh has no type hints: these name what is passed, for readers
    from collections.abc import Callable, Iterator

    from whoosh.codec.base import Segment as Segment  # handed on: `as` re-exports
    from whoosh.index import Index as Index
    from whoosh.scoring import BaseScorer
    from whoosh.searching import Searcher as Searcher
    from whoosh.writing import SegmentWriter as SegmentWriter

    from desktop_app.core.records import IndexRow
    from desktop_app.core.search_query import Filters

# The Whoosh names the other search modules use, handed on from here (their types, under
# TYPE_CHECKING above, are handed on the same way).
__all__ = [
    "FileStorage", "FilterCollector", "LockError", "SegmentReader", "TermNotFound",
    "byte_to_length", "whoosh_index", "wq",
]

# Typical field length in words, used by BM25 instead of the index's running average.
TYPICAL_WORDS = {"body": 150}


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


# Pickled into every index's schema by this path (see the module's docstring).
RjiebaTokenizer.__module__ = "desktop_app.core.search_index"


def RjiebaAnalyzer() -> Composable:
    """The default analyzer: rjieba words, normalised (the tokenizer itself is the chain)."""
    return RjiebaTokenizer()


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


def index_fields(row: IndexRow) -> dict[str, str]:
    """Whoosh field values (plain text) for one section row from the store."""
    return {
        "section_id": str(row.section_id), "doc_id": str(row.doc_id), "kind": row.kind.value,
        "body": row.body,
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
    """Adds section rows to a Whoosh SegmentWriter several times faster than
    `add_document`, writing byte for byte the same segment files (tests/core/test_import_work.py
    compares both).

    Whoosh 2.7.5 (pinned, no longer developed) spends most of an import in per-token Token
    objects, per-posting tuples that its pool then sorts, one posting-writer call with type
    checks per posting and one lengths-column read per posting. Here each text field is
    counted with `Counter` over rjieba's word list, postings are grouped by term as they
    come (documents arrive in order, so no sort is needed), and at the commit each term's
    posting blocks and term info are written straight into the segment's files
    (`_write_terms`, `_TermWriter`). The
    lengths the posting writer needs come from a dict. Use only with the rjieba analyzer and
    a writer committed with `merge=False` or a policy that merges no segment into it (else
    the grouped postings join Whoosh's pool through its own, slower, path)."""

    def __init__(self, writer: SegmentWriter) -> None:
        self.writer = writer
        self.lengths = _Lengths(writer.per_document_reader)
        self.terms: dict[str, dict[str, list[int]]] = {}  # field → term → [docnum, freq, …]
        writer.per_document_reader = self.lengths.reader  # called by the writer's _flush_segment
        fields = writer.fieldwriter  # its add_postings, called by _flush_segment, writes ours
        fields.add_postings = partial(_write_terms, fields, self, writer.pool)

    def add(self, row: IndexRow) -> None:
        writer = self.writer
        writer._check_state()
        docnum, perdoc = writer.docnum, writer.perdocwriter
        fields = index_fields(row)
        writer.pool.fieldnames.update(fields)
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value, field = fields[name], writer.schema[name]
            terms = self.terms.get(name)
            if terms is None:
                terms = self.terms[name] = {}
            if name in _TEXT_FIELDS:
                # counted where the section was parsed (a parse worker), or here
                counts = (unpack_words(row.words) if row.words is not None
                          else segment.word_counts(value).items())
                length = 0
                for word, freq in counts:
                    length += freq
                    posting = terms.get(word)
                    if posting is None:
                        terms[word] = [docnum, freq]
                    else:
                        posting += (docnum, freq)
                self.lengths.values[(docnum, name)] = byte_to_length(length_to_byte(length))
                perdoc.add_field(name, field, None, length)
            else:
                posting = terms.get(value)
                if posting is None:
                    terms[value] = [docnum, 1]
                else:
                    posting += (docnum, 1)
                perdoc.add_field(name, field, value if field.stored else None, 0)
        perdoc.finish_doc()
        writer._added = True
        writer.docnum += 1

    def sorted_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """The grouped postings as Whoosh's pool gives them: (field, term bytes, docnum,
        weight, value), sorted."""
        for name in sorted(self.terms):
            text = name in _TEXT_FIELDS
            for btext, term in sorted((t.encode("utf-8"), t) for t in self.terms[name]):
                flat = self.terms[name][term]
                for docnum, freq in zip(flat[0::2], flat[1::2], strict=True):
                    yield name, btext, docnum, float(freq), pack_uint(freq) if text else emptybytes


# Posting blocks of fewer postings are written without zlib. Whoosh compresses every block
# (its "less than 20 bytes" exception is overwritten a line later): a block of a few
# postings gains nothing from it (the whole index came out 1 % larger with it) and its
# zlib.compress was ~3 % of an import's CPU in the importing process. Each block records
# its own compression, so readers take both kinds, and Whoosh's own merges compress as before.
COMPRESS_MIN_POSTINGS = 8
WHOOSH_COMPRESSION = 3  # Whoosh 3's default zlib level
_TERM_INFO = W3TermInfo._struct  # a term's statistics in the terms file
_FREQUENCY_SIZE = _INT_SIZE  # the value of a posting of a text field: its frequency
_UINTS = [Struct(f"!{n}I") for n in range(129)]  # a block's frequencies (Whoosh's block: 128)


def block_compression(postings: int) -> int:
    """The zlib level of a posting block of `postings` postings (0: not compressed)."""
    return WHOOSH_COMPRESSION if postings >= COMPRESS_MIN_POSTINGS else 0


def _write_terms(fields: Any, adder: _SectionAdder, pool: Any, schema: Schema, lengths: Any,
                 items: Iterator[tuple]) -> None:
    """Whoosh's FieldWriter.add_postings for the postings `adder` grouped, with the same
    bytes: each term's posting blocks (Whoosh's block size) are set on Whoosh's posting
    writer whole, with the statistics its `add_posting` would have gathered one posting at
    a time, and written by its own `_write_block`. Postings in Whoosh's pool (a merge
    policy that merged segments into this writer) take Whoosh's own path, with ours."""
    if pool.current or pool.runs:
        merged = heapq_merge(items, adder.sorted_postings())
        type(fields).add_postings(fields, schema, lengths, merged)
        return
    for name in sorted(adder.terms):
        terms = adder.terms[name]
        if not terms:
            continue
        fields.start_field(name, schema[name])
        text = name in _TEXT_FIELDS
        length_of = {docnum: n for (docnum, field), n in adder.lengths.values.items() if field == name}
        write = _TermWriter(fields, text).write
        for btext, term in sorted((t.encode("utf-8"), t) for t in terms):
            flat = terms[term]
            ids = flat[0::2]
            write(btext, ids, flat[1::2], list(map(length_of.get, ids)) if text else None)
        fields.finish_field()


class _TermWriter:
    """Writes a term's postings straight into the segment's postings and terms files, the
    bytes Whoosh 3's own calls write (W3FieldWriter.start_term, add … finish_term:
    W3PostingsWriter._write_block for each block of `_blocklimit` postings,
    W3TermInfo.add_block and to_bytes, OrderedHashWriter.add), without their per-call
    bookkeeping and checks: those calls were ~60 % of writing a segment, itself ~1.5 ms of
    the importing process's ~7.5 ms a release. The files' offsets are counted, not asked
    for (file.tell was 10 % of it). tests/core/test_import_work.py compares the files with
    Whoosh's own."""

    def __init__(self, fields: Any, text: bool) -> None:
        self._post, self._tindex = fields._postfile, fields._tindex
        self._limit = fields._postwriter._blocklimit
        assert self._limit < len(_UINTS), "Whoosh 3's block size (128)"
        self._prefix = pack_ushort(fields._fieldid)
        self._text = text  # a text field: frequencies as values (Whoosh's Frequency format)
        assert fields._format.fixed_value_size() == (_FREQUENCY_SIZE if text else 0), \
            "the formats of make_schema"
        self._offset, self._toffset = self._post.tell(), self._tindex.dbfile.tell()

    def write(self, btext: bytes, ids: list[int], freqs: list[int],
              lengths: list[int | None] | None) -> None:
        """Write term `btext` with its postings: document numbers ascending, each with its
        frequency and (a text field) its field length (None or 0: none). Terms come in
        ascending order (the terms file's order), and a field that is not text has
        postings of frequency 1 (Whoosh's Existence format keeps no frequency)."""
        key = self._prefix + btext
        if key <= self._tindex.lastkey or not (self._text or freqs.count(1) == len(freqs)):
            raise ValueError(f"search index term {key!r}: out of order, or counted in a field without counts")
        blocks, limit = [WHOOSH3_HEADER_MAGIC], self._limit
        shortest: int | None = None
        longest = 0
        for first in range(0, len(ids), limit):
            block_ids, block_freqs = ids[first:first + limit], freqs[first:first + limit]
            block_lengths = [n for n in lengths[first:first + limit] if n] if lengths else ()
            low, high = (min(block_lengths), max(block_lengths)) if block_lengths else (None, 0)
            blocks.append(self._block(block_ids, block_freqs, low, high,
                                      last=first + limit >= len(ids)))
            if low is not None:
                shortest = low if shortest is None else min(shortest, low)
            longest = max(longest, high)
        written = b"".join(blocks)
        self._post.write(written)
        start, self._offset = self._offset, self._offset + len(written)
        value = (_TERM_INFO.pack(False, float(sum(freqs)), len(ids), length_to_byte(shortest),
                                 length_to_byte(longest), float(max(freqs)), ids[0], ids[-1])
                 + pack_long(start) + pack_int(len(written)))
        tindex = self._tindex
        tindex.index.append(self._toffset)
        tindex.dbfile.write(b"".join((_KEY_VALUE_LENGTHS.pack(len(key), len(value)), key, value)))
        hashed = tindex.hashfn(key)
        tindex.buckets[hashed & 255].append((hashed, self._toffset))
        tindex.lastkey = key
        self._toffset += _KEY_VALUE_LENGTHS.size + len(key) + len(value)

    def _block(self, ids: list[int], freqs: list[int], shortest: int | None, longest: int,
               last: bool) -> bytes:
        """One posting block as W3PostingsWriter._write_block writes it."""
        count = len(ids)
        deltas = tuple(map(sub, ids, [0, *ids[:-1]]))
        if not self._text:
            weights, values = None, None
        else:
            first = freqs[0]
            weights = (None if first == 1 and freqs.count(1) == count
                       else float(first) if freqs.count(first) == count else tuple(map(float, freqs)))
            values = _UINTS[count].pack(*freqs)
        comp = block_compression(count)
        data = dumps((deltas, weights, values), 2)
        if comp:
            data = compress(data, comp)
        info = dumps((count, ids[-1], float(max(freqs)), comp, length_to_byte(shortest),
                      length_to_byte(longest)), 2)
        size = len(info) + len(data)
        return b"".join((pack_int(-size if last else size), info, data))


class _Lengths:
    """Field lengths of the documents added to one segment, as its posting writer reads
    them (Whoosh's one-byte approximation), without reading back the column just written.
    A document the adder did not add (a segment merged into the same writer) is read from
    Whoosh's own per-document reader, `whoosh_reader`, opened on the first such miss."""

    def __init__(self, whoosh_reader: Callable[[], Any]) -> None:
        self.values: dict[tuple[int, str], int] = {}
        self._whoosh_reader = whoosh_reader
        self._whoosh: Any = None

    def reader(self) -> _Lengths:
        return self

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        found = self.values.get((docnum, fieldname))
        if found is not None:
            return found
        if self._whoosh is None:
            self._whoosh = self._whoosh_reader()
        return self._whoosh.doc_field_length(docnum, fieldname, default)

    def close(self) -> None:
        self.values = {}
        if self._whoosh is not None:
            self._whoosh.close()
            self._whoosh = None


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


def _filter_query(filters: Filters) -> wq.Query | None:
    parts = []
    if filters.kind is not None:
        parts.append(wq.Term("kind", filters.kind))
    if filters.doc_id is not None:
        parts.append(wq.Term("doc_id", str(filters.doc_id)))
    if not parts:
        return None
    return wq.And(parts) if len(parts) > 1 else parts[0]


def lengths_column() -> Any:
    """Whoosh 3's codec column of a field's lengths (what word_rank reads them with)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN
