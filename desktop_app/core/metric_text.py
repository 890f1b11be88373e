"""Where clauses and sentences begin, for every figure of a text, reading each character once.

A release can hold thousands of figures in one sentence (增长1%，增长1%，… in a 176 KB line):
looking back from every figure to its clause or sentence start would cost the length of the
sentence per figure. The figure rules ask about positions in increasing order, so these
helpers keep a cursor and only read the text between the last position asked and the next one.
Asked about an earlier position, they start again from the beginning (still correct, but no
caller does so within one pass).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from typing import cast

from desktop_app.core.numbers import FULLWIDTH_CHARS, to_halfwidth

# The characters that end a clause, besides the parentheses.
_CLAUSE_CHARS = "，,。；;！!？?:：\n（"
_CLAUSE_SPECIAL_RE = re.compile("[" + re.escape(_CLAUSE_CHARS) + "()]")
_NON_SPACE_RE = re.compile(r"\S")


class ClauseStarts:
    """The start of the clause holding `pos`, for increasing positions, in linear time overall.

    The clause starts after the nearest clause break before `pos` outside parentheses (the
    scan this replaced, clause_start in tests/core/test_metrics.py, looked back): a ")"
    hides everything back to its matching "(", an unmatched "(" is a break, and an unmatched
    ")" hides everything before it (the answer is then 0). Reading forwards, the answer after
    a ")" is the answer at its matching "(", kept on a stack of open parentheses.
    """

    def __init__(self, norm: str):
        self._norm = norm
        self._reset()

    def _reset(self) -> None:
        self._pos = 0                   # characters before this position have been read
        self._start = 0                 # the clause start for positions up to the next special
        self._open = array("q")         # clause start at each open "(" (its answer before it)

    def __call__(self, pos: int) -> int:
        if pos < self._pos:
            self._reset()
        start, opened = self._start, self._open
        for match in _CLAUSE_SPECIAL_RE.finditer(self._norm, self._pos, pos):
            ch = match.group()
            if ch == ")":
                start = opened.pop() if opened else 0
            else:
                if ch == "(":
                    opened.append(start)
                start = match.end()
        self._start, self._pos = start, max(pos, self._pos)
        return start


class LastBefore:
    """Where `pattern` last occurs wholly before `pos`, for increasing positions; -1 when it
    does not. `pattern` matches at the start of each occurrence, `width` characters long, and
    consumes exactly one character (see `_first_then_rest`): occurrences may overlap.

    Each call reads the text since the last one with a single match: all of it, then back to
    the last occurrence (a greedy `.*` before the pattern), not each occurrence in turn."""

    def __init__(self, norm: str, pattern: str, width: int):
        self._norm = norm
        self._last_in = re.compile(f"(?s:.*)(?:{pattern})").match
        self._width = width
        self._pos = 0
        self._last = -1

    def __call__(self, pos: int) -> int:
        if pos < self._pos:
            self._pos, self._last = 0, -1
        found = self._last_in(self._norm, max(0, self._pos - self._width + 1), pos)
        if found is not None:
            self._last = found.end() - 1  # the pattern's one character
        self._pos = max(pos, self._pos)
        return self._last


class LastOfWords:
    """Where each of several words last occurs wholly before `pos`, for increasing positions
    (one pass for all of them; -1 for a word not seen yet)."""

    def __init__(self, norm: str, words: Sequence[str]):
        self._norm = norm
        # Each word is its first character, then the rest in a group of its own (the match
        # consumes one character, so overlapping words are all seen): the group that took part
        # names the word.
        self._find = re.compile("|".join(_first_then_rest(word, group=True) for word in words)).finditer
        self._words = tuple(words)
        self._width = max(map(len, words))
        self._pos = 0
        self.last = dict.fromkeys(words, -1)

    def __call__(self, pos: int) -> dict[str, int]:
        if pos < self._pos:
            self._pos, self.last = 0, dict.fromkeys(self.last, -1)
        for match in self._find(self._norm, max(0, self._pos - self._width + 1), pos):
            self.last[self._words[cast(int, match.lastindex) - 1]] = match.start()  # its word's group
        self._pos = max(pos, self._pos)
        return self.last


def _first_then_rest(word: str, group: bool = False) -> str:
    """A pattern for `word` that consumes its first character and looks ahead for the rest
    (in a group when `group`). Opening with a literal, it is searched for at C speed; the
    lookahead it replaces, (?=分别), was tried at every position of the text."""
    rest = re.escape(word[1:])
    return re.escape(word[0]) + (f"(?=({rest}))" if group else f"(?={rest})" if rest else "")


def last_of_word(norm: str, word: str) -> LastBefore:
    """A LastBefore for a literal word (分别, 年均)."""
    return LastBefore(norm, _first_then_rest(word), len(word))


def last_of_chars(norm: str, chars: str) -> LastBefore:
    """A LastBefore for any one of `chars` (the characters ending a part of a sentence)."""
    return LastBefore(norm, "[" + re.escape(chars) + "]", 1)


class Sentences:
    """The sentence around a position, split on `breaks` and without outer white space, for
    increasing positions (sentence_bounds in tests/core/test_metrics.py, one sentence read once).

    The start is the first non-space after the previous break (but never after the position);
    the end includes the break unless it is a line end, without trailing white space (but never
    before the position)."""

    def __init__(self, norm: str, breaks: str):
        self._norm = norm
        self._next_break = re.compile("[" + re.escape(breaks) + "]").search
        self._last_break = last_of_chars(norm, breaks)
        self._span = (0, -1, 0, 0)  # raw start, break index (or len), first and last non-space

    def __call__(self, pos: int) -> tuple[int, int]:
        begin, stop, first, last = self._span
        if not begin <= pos <= stop:
            begin, stop, first, last = self._span = self._sentence(pos)
        return min(first, pos), max(last, pos)

    def _sentence(self, pos: int) -> tuple[int, int, int, int]:
        norm = self._norm
        begin = self._last_break(pos) + 1
        found = self._next_break(norm, pos)
        stop = found.start() if found else len(norm)
        end = stop + 1 if stop < len(norm) and norm[stop] != "\n" else stop
        first_found = _NON_SPACE_RE.search(norm, begin, stop)
        first = first_found.start() if first_found else stop
        last = end
        while last > begin and norm[last - 1].isspace():
            last -= 1
        return begin, stop, first, last


# Characters that to_halfwidth produces from a full-width one: only a label holding one of them
# can be written differently in the original text.
_HALFWIDTH_IMAGES = frozenset(to_halfwidth("".join(FULLWIDTH_CHARS)))


def labels_as_written(text: str, norm: str,
                      queries: Sequence[tuple[str | None, int, int]]) -> list[str | None]:
    """metric_labels.label_as_written for many (label, sentence start, figure end): each label
    as written at its last occurrence in norm[start:end + 40].

    A label without a character that full-width forms map to reads the same in the original
    whatever the occurrence. The others are found for each sentence at once: one pass over
    the sentence looks for all of them (labels are at most 20 characters)."""
    found: list[str | None] = [None] * len(queries)
    pending: dict[int, list[tuple[int, str, int]]] = {}
    for k, (label, start, end) in enumerate(queries):
        if not label:
            continue
        if _HALFWIDTH_IMAGES.isdisjoint(label):
            found[k] = label
        else:
            pending.setdefault(start, []).append((k, label, min(end + 40, len(norm))))
    for start, group in pending.items():
        spots = _occurrences(norm, start, max(hi for _, _, hi in group), {label for _, label, _ in group})
        for k, label, hi in group:
            starts = spots[label]
            i = bisect_right(starts, hi - len(label)) - 1
            found[k] = text[starts[i]:starts[i] + len(label)] if i >= 0 else label
    return found


def _occurrences(norm: str, lo: int, hi: int, labels: set[str]) -> dict[str, list[int]]:
    """Where each of `labels` starts in norm[lo:hi] (whole occurrences, overlaps included)."""
    trie: dict = {}
    for label in labels:
        node = trie
        for ch in label:
            node = node.setdefault(ch, {})
        node[""] = label
    spots: dict[str, list[int]] = {label: [] for label in labels}
    firsts = re.compile("[" + re.escape("".join(trie)) + "]")
    for match in firsts.finditer(norm, lo, hi):
        node, q = trie[match.group()], match.end()
        while True:
            if "" in node:
                spots[node[""]].append(match.start())
            if q >= hi or norm[q] not in node:
                break
            node, q = node[norm[q]], q + 1
    return spots
