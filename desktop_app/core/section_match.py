"""Which sections contain a query, found in SQLite's full-text tables instead of a scan.

Search finds every section holding each query term as Ctrl+F would (normalised text,
docs/search.md). Two FTS5 tables in the store answer that without reading the texts:

* `section_text` holds each section's normalised text (its items blanked, as the Whoosh
  index and the snippets see it) under the `trigram` tokenizer, case-sensitive (the text is
  already folded). A term of 3 or more characters is an FTS5 phrase of its trigrams: SQLite
  answers it exactly, as a substring match, from its index.
* `section_grams` (contentless, no positions) holds each section's distinct characters and
  character pairs as tokens, for the 1- and 2-character terms trigrams cannot answer. A token
  spells its characters' code points in hex, so any character (punctuation, %, space) makes
  one token the `unicode61` tokenizer keeps whole.

Both are written in the same transaction as the sections (core/store.py), so they can never
disagree with them, whatever crash comes; `reindex` and a restore rebuild them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

TRIGRAM = 3  # shortest term the trigram table answers
# FTS5's own plain table of `section_text`'s texts (columns id, c0: SQLite's documented
# layout of a table with content). Reading it directly joins on ids like any table, where
# reading through the virtual table runs one more statement a row (half the time of
# reading thousands of texts); only SQLite ever writes it.
BODIES = "section_text_content"


def gram_token(term: str) -> str:
    """The `section_grams` token of a 1- or 2-character term."""
    if len(term) == 1:
        return f"u{ord(term):x}"
    return f"{ord(term[0]):x}x{ord(term[1]):x}"


# Each character's hex code point and its lone token "u<hex>", kept once made: a section's
# grams are then mostly a table look-up per character. Releases use a few thousand
# distinct characters; past GRAM_CACHE_CHARS (a hostile text of every character) the
# codes of new ones are made for the call alone, so the cache stays small. The lone token
# is set first: a character found in _HEX always has its _ALONE (threads).
_HEX: dict[str, str] = {}
_ALONE: dict[str, str] = {}
GRAM_CACHE_CHARS = 20_000


def grams(text: str) -> str:
    """A section's `section_grams` value: its distinct characters and character pairs as
    tokens (the same text always gives the same set: a contentless table's delete must be
    given exactly the tokens that were inserted; their order does not matter)."""
    hexes, alone = _HEX, _ALONE
    try:
        spelt = list(map(hexes.__getitem__, text))
    except KeyError:
        new = set(text).difference(hexes)
        if len(hexes) + len(new) > GRAM_CACHE_CHARS:
            hexes, alone = dict(hexes), dict(alone)  # this call's own
        for char in new:
            code = f"{ord(char):x}"
            alone[char] = "u" + code
            hexes[char] = code
        spelt = list(map(hexes.__getitem__, text))
    tokens = set(map("x".join, zip(spelt, spelt[1:], strict=False)))  # no Python step a pair
    tokens.update(map(alone.__getitem__, set(text)))
    return " ".join(tokens)


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def term_select(term: str) -> tuple[str, str]:
    """(SELECT of the ids of the sections containing `term`, its MATCH argument)."""
    if len(term) >= TRIGRAM:
        return "SELECT rowid AS id FROM section_text WHERE section_text MATCH ?", _phrase(term)
    return "SELECT rowid AS id FROM section_grams WHERE section_grams MATCH ?", gram_token(term)


def _table(term: str) -> str:
    """The full-text table that answers `term`."""
    return "section_text" if len(term) >= TRIGRAM else "section_grams"


def _operand(term: str) -> str:
    """`term` as an FTS5 query operand of its table: a quoted phrase of its trigrams, or of
    its one `section_grams` token (quoted too, so no token can read as an operator)."""
    return _phrase(term) if len(term) >= TRIGRAM else _phrase(gram_token(term))


def _any_of(terms: Iterable[str]) -> str:
    """An FTS5 expression true where any of `terms` (all of one table) occurs."""
    return "(" + " OR ".join(_operand(t) for t in terms) + ")"


def _select(table: str) -> str:
    return f"SELECT rowid AS id FROM {table} WHERE {table} MATCH ?"


def match_select(clauses: Iterable[Iterable[str]], excluded: Iterable[str]) -> tuple[str, list[str]]:
    """One SELECT of the ids of the sections where every clause has one of its terms and
    no excluded term occurs (terms normalised, non-empty; at least one clause).

    A query whose terms are all of one length class is one FTS5 expression of one table
    (`(a OR b) AND c NOT (d OR e)`), which FTS5 answers by merging its sorted lists of ids.
    A query mixing them is asked of `section_grams` alone — a term of 3+ characters as all
    of its character pairs, which every section holding it holds — and its longer terms are
    then looked for in the texts of those sections only (SQL's INTERSECT and EXCEPT of the
    two tables' answers copied every id of both into temporary tables: 10 ms for 20,000
    sections that, together, none held)."""
    clauses = [list(clause) for clause in clauses]
    excluded = list(excluded)
    tables = {_table(t) for t in (*(t for c in clauses for t in c), *excluded)}
    if len(tables) == 1:
        table = tables.pop()
        expression = " AND ".join(_any_of(clause) for clause in clauses)
        if excluded:
            expression = f"({expression}) NOT {_any_of(excluded)}"
        return _select(table), [expression]
    expression = " AND ".join("(" + " OR ".join(_pairs_of(t) for t in clause) + ")" for clause in clauses)
    short = [t for t in excluded if _table(t) == "section_grams"]
    if short:
        expression = f"({expression}) NOT {_any_of(short)}"
    checks, params = [], [expression]
    for clause in clauses:
        if any(_table(t) == "section_text" for t in clause):  # pairs alone may not hold it
            checks.append("(" + " OR ".join("instr(b.c0, ?) > 0" for _ in clause) + ")")
            params += clause
    for term in excluded:
        if _table(term) == "section_text":
            checks.append("instr(b.c0, ?) = 0")
            params.append(term)
    where = " AND ".join(checks) or "1"
    return (f"SELECT c.id AS id FROM ({_select('section_grams')}) c JOIN {BODIES} b ON b.id = c.id "
            f"WHERE {where}"), params


def _pairs_of(term: str) -> str:
    """An FTS5 expression of `section_grams` true wherever `term` occurs: its own token
    (1–2 characters: exact), or all of its character pairs (3+: a condition it needs)."""
    if len(term) < TRIGRAM:
        return _operand(term)
    pairs = dict.fromkeys(term[i:i + 2] for i in range(len(term) - 1))
    return "(" + " AND ".join(_operand(pair) for pair in pairs) + ")"


def holds(body: str, clauses: Iterable[Iterable[str]], excluded: Iterable[str]) -> bool:
    """Whether a section's normalised text holds a term of every clause and no excluded
    term: the test the full-text tables answer, made on one text."""
    return all(any(t in body for t in clause) for clause in clauses) and not any(t in body for t in excluded)


class LazyMatches:
    """The ids of the sections matching a query, as a read-only set whose size SQLite
    counts and whose members are read into Python only when needed (reading
    100,000 ids costs ~50 ms, counting them ~5 ms). Membership is first checked on the
    one section's text; after CHECKS_BEFORE_LOADING checks every id is read once."""

    CHECKS_BEFORE_LOADING = 200

    def __init__(self, count: Callable[[], int], load: Callable[[], set[int]],
                 body: Callable[[int], str | None], clauses: Sequence[Sequence[str]],
                 excluded: Sequence[str]) -> None:
        self._count, self._load, self._body = count, load, body
        self.select = match_select(clauses, excluded)  # the SELECT of the ids, its parameters
        self._clauses, self._excluded = clauses, excluded
        self._size: int | None = None
        self._ids: set[int] | None = None
        self.checks = 0  # sections checked one by one (tests count this work)

    def __len__(self) -> int:
        if self._ids is not None:
            return len(self._ids)
        if self._size is None:
            self._size = self._count()
        return self._size

    def __bool__(self) -> bool:
        return len(self) > 0

    def __contains__(self, section_id: object) -> bool:
        if self._ids is None and self.checks < self.CHECKS_BEFORE_LOADING and isinstance(section_id, int):
            self.checks += 1
            body = self._body(section_id)
            return body is not None and holds(body, self._clauses, self._excluded)
        return section_id in self.ids()

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids())

    def ids(self) -> set[int]:
        """Every matching id (read once)."""
        if self._ids is None:
            self._ids = self._load()
        return self._ids
