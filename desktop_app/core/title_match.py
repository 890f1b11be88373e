"""Which documents' titles hold a query, from every folded title joined in memory.

Search also finds documents by their title (docs/search.md). Asking SQLite reads the whole
index of the folded titles (`instr` on each: 2–3 ms at 20,000 releases) for every query,
though most queries are in no title. The titles joined into one string (~0.4 M characters at
20,000 releases, read once after each write) answer whether any title may hold a query in
~0.2 ms, and which titles do when few hold it; SQLite still reads the index when many do.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

FEW = 256  # up to this many occurrences, the titles holding a term are found here
SEPARATOR = "\x00"  # never in a query term (parse_query drops control characters)


@dataclass
class JoinedTitles:
    """The non-empty folded titles of one state of the store, joined, with their documents."""

    state: tuple[str, int]
    text: str
    ids: list[int]
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def read(cls, conn: Any, state: tuple[str, int]) -> JoinedTitles:
        """Every non-empty folded title and its document, read from the titles' index."""
        ids, text = conn.execute(
            f"SELECT group_concat(id), group_concat(title_key, char({ord(SEPARATOR)})) FROM documents "
            "INDEXED BY documents_title_key WHERE title_key != ''").fetchone()
        return cls(state, text or "", [int(i) for i in ids.split(",")] if ids else [])

    def may_hold(self, clauses: Sequence[Sequence[str]]) -> bool:
        """False when no title holds a term of every clause (True: some title may)."""
        return all(any(term in self.text for term in clause) for clause in clauses)

    def holding(self, clauses: Sequence[Sequence[str]], excluded: Sequence[str]) -> list[int] | None:
        """Ids of the documents whose title holds a term of every clause and no excluded
        term, in id order; None when the rarest clause occurs more than FEW times (then
        SQLite's scan of the index is as quick)."""
        counts = [sum(self.text.count(term) for term in clause) for clause in clauses]
        rarest = clauses[counts.index(min(counts))]
        if min(counts) > FEW or len(self.starts()) != len(self.ids):
            return None  # many; or a title holding the separator itself: SQLite decides
        found = set()
        for term in rarest:
            at = self.text.find(term)
            while at != -1:
                found.add(bisect_right(self.starts(), at) - 1)
                at = self.text.find(term, at + 1)
        return sorted(self.ids[i] for i in found if _holds(self.title(i), clauses, excluded))

    def starts(self) -> list[int]:
        """Where each title starts in `text` (made when first needed)."""
        if not self._starts and self.ids:
            lengths = (len(title) + 1 for title in self.text.split(SEPARATOR))
            self._starts = list(accumulate(lengths, initial=0))[:-1]
        return self._starts

    def title(self, index: int) -> str:
        """The index-th title."""
        starts = self.starts()
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.text)
        return self.text[starts[index]:end]


def _holds(title: str, clauses: Sequence[Sequence[str]], excluded: Sequence[str]) -> bool:
    return all(any(t in title for t in clause) for clause in clauses) and not any(t in title for t in excluded)
