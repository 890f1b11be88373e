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


def gram_token(term: str) -> str:
    """The `section_grams` token of a 1- or 2-character term."""
    if len(term) == 1:
        return f"u{ord(term):x}"
    return f"{ord(term[0]):x}x{ord(term[1]):x}"


def grams(text: str) -> str:
    """A section's `section_grams` value: its distinct characters and character pairs as
    tokens (the same text always gives the same set: a contentless table's delete must be
    given exactly the tokens that were inserted; their order does not matter)."""
    codes = {c: f"{ord(c):x}" for c in set(text)}  # each distinct character spelt once
    spelt = list(map(codes.__getitem__, text))
    tokens = {"u" + code for code in codes.values()}
    tokens.update(map("x".join, zip(spelt, spelt[1:], strict=False)))  # no Python step a pair
    return " ".join(tokens)


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def term_select(term: str) -> tuple[str, str]:
    """(SELECT of the ids of the sections containing `term`, its MATCH argument)."""
    if len(term) >= TRIGRAM:
        return "SELECT rowid AS id FROM section_text WHERE section_text MATCH ?", _phrase(term)
    return "SELECT rowid AS id FROM section_grams WHERE section_grams MATCH ?", gram_token(term)


def _union(terms: Iterable[str]) -> tuple[str, list[str]]:
    selects, params = [], []
    for term in terms:
        sql, param = term_select(term)
        selects.append(sql)
        params.append(param)
    return " UNION ".join(selects), params


def match_select(clauses: Iterable[Iterable[str]], excluded: Iterable[str]) -> tuple[str, list[str]]:
    """One SELECT of the ids of the sections where every clause has one of its terms and
    no excluded term occurs (terms normalised, non-empty; at least one clause)."""
    parts, params = [], []
    for clause in clauses:
        sql, clause_params = _union(clause)
        parts.append(f"SELECT id FROM ({sql})")
        params += clause_params
    compound = " INTERSECT ".join(parts)
    for term in excluded:
        sql, param = term_select(term)
        compound += f" EXCEPT {sql}"
        params.append(param)
    return compound, params


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
