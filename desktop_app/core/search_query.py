"""Search queries as a user types them, and the marks of what they found.

`parse_query` turns typed text into a `ParsedQuery` (clauses of normalised substrings, the
excluded ones, and notes about oddities it passed over, with their bilingual hints);
`Filters` restricts hits to a kind, a document or dates; the span and snippet helpers mark
the matches in the texts of the rows shown. Knows no index: what matches is decided in
SQLite (core/section_match.py), how word hits rank by Whoosh (core/search_index.py).
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.core import reading, segment

MAX_QUERY_CHARS = 200
MAX_TERMS = 16

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
    return body_spans(folded, offsets, terms)


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
