"""The best word hits of an AND of words, scored a block of postings at a time.

Whoosh's searcher scores one posting at a time through a tree of matcher objects, about
20 µs a posting in Python: a word in every release of 20,000 is 20,000–100,000 postings,
and its block-max skipping cannot help an AND when sections of different lengths share a
block (it adds each word's bound made at that word's own shortest length). Here the usual
query — every word of every term required — is ranked block-max from the posting blocks
themselves: segments and blocks whose best possible score cannot beat the page are passed
over on their statistics (bounds at the longest of the words' shortest lengths: a section
holding every word is at least that long); the rest is decoded a block at a time, the field
lengths of a segment read once as one byte string, and each posting's BM25F score comes
from the same formula, parameters and numbers Whoosh uses, ties to the earlier document as
in Whoosh (tests/core/test_search_scale.py compares both on every hit). `accept` is asked
only about sections that would enter the page.

Reads Whoosh 2.7.5's codec internals (pinned, no longer developed); an error here is an
index failure to search (core/kb.py repairs the index; core/kb_search.py answers from the texts
meanwhile).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from heapq import heappush, heapreplace
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from desktop_app.core.word_index import TermNotFound, byte_to_length, lengths_column

if TYPE_CHECKING:  # Whoosh has no type hints: these name what is passed, for readers
    from desktop_app.core.word_index import Searcher

FIELD = "body"
LENGTHS = "_body_len"  # Whoosh 3's column of a field's lengths (one byte a document)


class WordRanker:
    """Ranks AND-of-words queries on one open searcher; caches each segment's lengths
    (one byte a section) for the searcher's life. `scored` counts postings scored."""

    def __init__(self, searcher: Searcher, weighting: Any) -> None:
        self.searcher = searcher
        self.weighting = weighting
        self._lengths: dict[int, bytes] = {}
        self.scored = 0

    def top(self, words: list[str], limit: int, accept: Callable[[int], bool]
            ) -> tuple[list[tuple[int, float]], bool]:
        """Up to `limit` (global docnum, score) pairs of the documents holding every word
        that `accept(docnum)` takes, best first (ties: lower docnum first, as in Whoosh),
        and whether these are all of them. A word repeated counts twice, as in Whoosh.

        Block-max, as Whoosh's collector: the documents are visited a block of the rarest
        word at a time, in docnum order; a block is skipped when no document in it can
        beat the `limit`-th best accepted so far. The bound of a block takes each word's
        best frequency in the blocks that overlap it and the *longest* of the words' block
        minimum lengths (a document in every word's block is at least that long) — where
        Whoosh adds bounds made at each word's own shortest length, too loose to skip
        anything when sections of different lengths share blocks."""
        scorers = []
        for word in words:
            try:
                scorer = self.weighting.scorer(self.searcher, FIELD, word.encode("utf-8"))
            except TermNotFound:  # a word of no live document
                return [], True
            if not hasattr(scorer, "avgfl"):
                return [], True
            scorers.append(_Bm25(scorer))
        heap: list[tuple[float, int]] = []
        for reader, offset in self.searcher.reader().leaf_readers():
            self._segment(reader, offset, words, scorers, limit, heap, accept)
        hits = sorted(heap, key=lambda item: (-item[0], -item[1]))
        return [(0 - negated, score) for score, negated in hits], len(heap) < limit

    def _segment(self, reader: Any, offset: int, words: list[str], scorers: list[_Bm25],
                 limit: int, heap: list[tuple[float, int]], accept: Callable[[int], bool]) -> None:
        """Add one segment's best accepted documents to `heap` (score, -global docnum).
        A segment whose best possible score (from its term statistics: each word's best
        frequency at the longest of the words' shortest lengths) cannot beat the page is
        passed over without reading a block."""
        texts = [word.encode("utf-8") for word in words]
        try:
            infos = [reader.term_info(FIELD, text) for text in texts]
        except TermNotFound:
            return
        if len(heap) >= limit:
            longest = max(info.min_length() for info in infos)
            bound = 0.0
            for info, scorer in zip(infos, scorers, strict=True):
                bound += scorer.score_length(info.max_weight(), longest)
            if bound <= heap[0][0]:
                return
        lengths = self._segment_lengths(reader)
        lists = []
        for word in words:
            blocks = _Blocks.of(reader, word.encode("utf-8"), lengths)
            if blocks is None:
                return
            lists.append(blocks)
        driver = min(range(len(lists)), key=lambda i: len(lists[i].maxids))
        deleted = reader.deleted_docs_set if reader.has_deletions() else ()
        low = -1
        for block, high in enumerate(lists[driver].maxids):
            spans = _spans(lists, driver, block, low, high)
            low = high
            if spans is None:
                continue
            if len(heap) >= limit and _block_bound(lists, scorers, spans) <= heap[0][0]:
                continue  # nothing here can beat the page (a tie loses to an earlier one)
            self._visit(lists, scorers, driver, block, lengths, deleted, offset, limit, heap, accept)

    def _visit(self, lists: list[_Blocks], scorers: list[_Bm25], driver: int, block: int,
               lengths: bytes, deleted: Any, offset: int, limit: int,
               heap: list[tuple[float, int]], accept: Callable[[int], bool]) -> None:
        """Offer the documents of the driver's block that hold every word to the heap. Once
        the heap is full, a document whose bound — its own score for the driver word plus
        each other word's best in the block that may hold it, at the document's own length
        — cannot beat the page is passed over without reading the other words' blocks."""
        own = lists[driver].scores(block, scorers[driver], lengths, self)
        for doc in lists[driver].block(block)[0]:
            if doc in deleted:
                continue
            where = _places(lists, driver, block, doc)
            if where is None:
                continue
            if len(heap) >= limit:
                length = byte_to_length(lengths[doc]) if lengths[doc] else 1
                bound = 0.0
                for i, index in enumerate(where):
                    bound += own[doc] if i == driver else \
                        scorers[i].score_length(lists[i].maxweights[index], length)
                if bound <= heap[0][0]:
                    continue
            total = self._total(lists, scorers, where, driver, own[doc], doc, lengths)
            if total is None or (len(heap) >= limit and total <= heap[0][0]):
                continue
            if not accept(offset + doc):
                continue
            if len(heap) >= limit:
                heapreplace(heap, (total, 0 - (offset + doc)))
            else:
                heappush(heap, (total, 0 - (offset + doc)))

    def _total(self, lists: list[_Blocks], scorers: list[_Bm25], where: list[int], driver: int,
               own: float, doc: int, lengths: bytes) -> float | None:
        """A document's score summed over the words in query order (as Whoosh adds them);
        None when a word is not in it."""
        total = 0.0
        for i, index in enumerate(where):
            found = own if i == driver else lists[i].scores(index, scorers[i], lengths, self).get(doc)
            if found is None:
                return None
            total += found
        return total

    def _segment_lengths(self, reader: Any) -> bytes:
        """A segment's field lengths, one byte a document (Whoosh's encoding), read once."""
        key = id(reader)
        if key not in self._lengths:
            column = reader._perdoc._cached_reader(LENGTHS, lengths_column())
            if column is None:
                data = b""
            else:
                data = column._dbfile.get(column._basepos, column._count)
            self._lengths[key] = bytes(data).ljust(reader.doc_count_all(), b"\x00")
        return self._lengths[key]


def _spans(lists: list[_Blocks], driver: int, block: int, low: int, high: int
           ) -> list[tuple[int, int]] | None:
    """Per word, the (first, last) blocks that may hold docnums in (low, high] — the
    driver's block — or None when some word has none there."""
    spans = []
    for i, blocks in enumerate(lists):
        span = (block, block) if i == driver else blocks.overlapping(low, high)
        if span is None:
            return None
        spans.append(span)
    return spans


def _block_bound(lists: list[_Blocks], scorers: list[_Bm25], spans: list[tuple[int, int]]) -> float:
    """The best score a document holding every word can have in these blocks: each word's
    best frequency there, at the longest of the words' shortest lengths."""
    longest = max(min(blocks.minlens[a:b + 1]) for blocks, (a, b) in zip(lists, spans, strict=True))
    bound = 0.0
    for blocks, scorer, (a, b) in zip(lists, scorers, spans, strict=True):
        bound += scorer.score_length(max(blocks.maxweights[a:b + 1]), longest)
    return bound


def _places(lists: list[_Blocks], driver: int, block: int, doc: int) -> list[int] | None:
    """Per word, the block that may hold `doc`; None when a word has no block for it."""
    where = []
    for i, blocks in enumerate(lists):
        index = block if i == driver else blocks.find(doc)
        if index is None:
            return None
        where.append(index)
    return where


class _Bm25:
    """One word's BM25F scores, computed exactly as Whoosh's scorer computes them: one
    Python call per distinct (frequency, length byte), C loops over the postings."""

    def __init__(self, scorer: Any) -> None:
        self.scorer = scorer
        self.pairs: dict[tuple[float, int], float] = {}
        self.tables: dict[float, list[float]] = {}  # by length byte, for one frequency

    def score_length(self, weight: float, length: int) -> float:
        """The score of a frequency at a field length (not its byte)."""
        return self.scorer._score(weight, length)

    def score(self, weight: float, lbyte: int) -> float:
        if (weight, lbyte) not in self.pairs:
            length = byte_to_length(lbyte) if lbyte else 1
            self.pairs[weight, lbyte] = self.scorer._score(weight, length)
        return self.pairs[weight, lbyte]

    def bulk(self, blocks: list[tuple[list[int], Any]], lengths: bytes) -> list[float]:
        """The score of each posting of `blocks`: (docnums, frequencies) per posting block,
        frequencies as Whoosh stores them (None when all are 1, one float when all are
        equal, else an array); `lengths` holds the segment's length bytes."""
        out: list[float] = []
        for ids, weights in blocks:
            lbytes = map(lengths.__getitem__, ids)
            if weights is None or isinstance(weights, float):
                weight = 1.0 if weights is None else weights
                if weight not in self.tables:
                    self.tables[weight] = [self.score(weight, lbyte) for lbyte in range(256)]
                out += map(self.tables[weight].__getitem__, lbytes)
            else:
                pairs = list(zip(weights, lbytes, strict=True))
                for pair in set(pairs).difference(self.pairs):
                    self.score(*pair)
                out += map(self.pairs.__getitem__, pairs)
        return out


class _Blocks:
    """One word's posting blocks in one segment: the directory (each block's last
    docnum, best frequency, shortest field length) read from the block headers, the
    blocks themselves decoded when asked for."""

    def __init__(self, matcher: Any) -> None:
        self.matcher = matcher
        self.maxids: list[int] = []
        self.maxweights: list[float] = []
        self.minlens: list[int] = []
        self.offsets: list[int] = []
        self.decoded: dict[int, tuple[list[int], Any]] = {}
        self.scored: dict[int, dict[int, float]] = {}

    @classmethod
    def of(cls, reader: Any, text: bytes, lengths: bytes) -> _Blocks | None:
        """The blocks of a term in a segment's reader; None when it lacks the term."""
        try:
            matcher = reader._terms.matcher(FIELD, text, reader.schema[FIELD].format)
        except (TermNotFound, KeyError):
            return None
        blocks = cls(matcher)
        if not hasattr(matcher, "_goto"):  # a term with one posting is kept inline
            ids, weights = [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(float(matcher.weight()))
                matcher.next()
            if not ids:
                return None
            blocks.maxids, blocks.maxweights = [ids[-1]], [max(weights)]
            blocks.minlens = [min(byte_to_length(lengths[d]) if lengths[d] else 1 for d in ids)]
            blocks.offsets, blocks.decoded = [-1], {0: (ids, weights)}
            return blocks
        position = matcher._baseoffset
        while True:  # the matcher stands on the block at `position`
            blocks.offsets.append(position)
            blocks.maxids.append(matcher._maxid)
            blocks.maxweights.append(matcher._maxweight)
            blocks.minlens.append(matcher._minlength)
            if matcher._lastblock:
                return blocks
            position = matcher._nextoffset
            matcher._goto(position)

    def overlapping(self, low: int, high: int) -> tuple[int, int] | None:
        """(first, last) index of the blocks that may hold docnums in (low, high]; None
        when none can."""
        first = bisect_left(self.maxids, low + 1)
        if first == len(self.maxids):
            return None
        return first, min(bisect_left(self.maxids, high), len(self.maxids) - 1)

    def find(self, doc: int) -> int | None:
        """Index of the block that may hold this docnum; None past the last block."""
        index = bisect_left(self.maxids, doc)
        return index if index < len(self.maxids) else None

    def scores(self, index: int, scorer: _Bm25, lengths: bytes, ranker: WordRanker) -> dict[int, float]:
        """Docnum → this word's score, for one block (scored once; `ranker.scored` counts)."""
        if index not in self.scored:
            ids, weights = self.block(index)
            ranker.scored += len(ids)
            self.scored[index] = dict(zip(ids, scorer.bulk([(ids, weights)], lengths), strict=True))
        return self.scored[index]

    def block(self, index: int) -> tuple[list[int], Any]:
        """(docnums, frequencies as stored) of one block."""
        if index not in self.decoded:
            matcher = self.matcher
            matcher._goto(self.offsets[index])
            matcher._read_data()
            raw, weights = matcher._data[0], matcher._data[1]
            self.decoded[index] = (list(raw) if matcher._byteids else list(accumulate(raw)), weights)
        return self.decoded[index]
