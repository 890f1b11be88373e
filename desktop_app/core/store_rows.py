"""What the store writes for a parsed document that follows from the document alone: its
normalised text, its sections' search texts and their `section_grams` tokens, its figures'
indicator columns, its date (unless the user sets a year). No SQLite here, so an import computes it where the file was parsed — a
parse worker process (core/import_files.py) — and the importing process only writes it:
that process, which also writes SQLite and the search index, was the import's bottleneck
on 2 cores (docs/performance.md). The store derives the same rows itself when it is given
none, or rows of another document (a corrected one), so both ways write the same bytes.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from desktop_app.core.dates import DateFacts, date_facts
from desktop_app.core.indicators import label_key, series_of, unit_key
from desktop_app.core.model import Document, Metric, Section
from desktop_app.core.records import PackedWords, index_body, pack_words
from desktop_app.core.section_match import grams
from desktop_app.core.segment import normalize, normalize_with_map, word_counts

IndicatorColumns = tuple[str | None, str, str]  # label_key, unit_key, series


@dataclass(frozen=True, slots=True)
class DerivedRows:
    """A document's derived rows, in the order of its sections and of its figures. They
    belong to the document whose text, sections and figures they were made from (the same
    objects: `fits`); a worker's result keeps that sameness through pickling."""

    text: str
    sections: tuple[Section, ...]
    metrics: tuple[Metric, ...]
    folded: str | None  # the documents.search_text column (see folded_text)
    bodies: tuple[str, ...]  # each section's search text (section_text)
    grams: tuple[str, ...]  # each section's section_grams value
    indicators: tuple[IndicatorColumns, ...]  # each figure's label_key, unit_key, series
    dates: DateFacts  # its date, year and their source while the user has set no year
    # each section's words as the word index counts them (IndexRow.words), when asked for
    # (None also when a section's words could not be packed)
    words: tuple[PackedWords, ...] | None = None

    def fits(self, doc: Document) -> bool:
        """Whether these rows were derived from `doc` (not from a corrected copy of it)."""
        return self.text is doc.text and self.sections is doc.sections and self.metrics is doc.metrics


def derive(doc: Document, *, words: bool = False) -> DerivedRows:
    """The derived rows of `doc`; with `words`, its sections' words counted for the word
    index too (a parse worker's: rjieba is ~10 % of what the importing process spends a
    release, and on 2 cores that process is the import's bottleneck)."""
    folded = folded_text(doc.text)
    spans = section_spans(doc.sections)
    bodies = tuple(body for _, body in search_bodies(doc.text, folded, spans))
    return DerivedRows(
        doc.text, doc.sections, doc.metrics, folded, bodies, tuple(map(grams, bodies)),
        tuple(indicator_columns(m.label, m.unit, m.trend, m.period, doc.text, m.start)
              for m in doc.metrics),
        date_facts(doc.dateline, None, title=doc.title, text=doc.text, file=doc.file),
        index_words(doc, folded, spans) if words else None)


def index_words(doc: Document, folded: str | None, spans: list[tuple[int, int, int, int | None]]
                ) -> tuple[PackedWords, ...] | None:
    """Each section's words with their counts, as the word index counts its IndexRow,
    packed (None when one section's cannot be): `spans` are section_spans(doc.sections)."""
    items = item_spans([(p, None, None, start, end, parent) for p, start, end, parent in spans])
    packed = [pack_words(word_counts(index_body(*index_text(
        doc.text, folded, s.heading, start, end, items.get(p, ())))))
        for (p, start, end, _), s in zip(spans, doc.sections, strict=True)]
    kept = tuple(words for words in packed if words is not None)
    return kept if len(kept) == len(packed) else None


def index_text(text: str, folded: str | None, heading: str | None, start: int, end: int,
               items: Iterable[tuple[int, int]]) -> tuple[str | None, str]:
    """A section's heading and own text as the word index takes them (IndexRow): cut from
    the document's normalised text `folded` where that keeps every offset, the heading
    normalised too (the index normalises what it is given, which costs almost nothing on
    text already normalised), else from its text."""
    if folded is not None and heading:
        heading = normalize(heading)
    return heading, own_text(text if folded is None else folded, start, end, items)


def section_spans(sections: Iterable[Section]) -> list[tuple[int, int, int, int | None]]:
    """(position, start, end, parent's position) of each section, as search_bodies takes
    them: the parent as the store links it (only a parent that comes before its item)."""
    return [(position, s.start, s.end,
             s.parent if s.parent is not None and 0 <= s.parent < position else None)
            for position, s in enumerate(sections)]


def folded_text(text: str) -> str | None:
    """The document's normalised text when normalising keeps every offset (the usual case
    for Chinese text), else None (documents.search_text)."""
    folded = normalize(text)
    return folded if len(folded) == len(text) else None


def search_bodies(text: str, folded: str | None, rows: Iterable[tuple]
                  ) -> Iterator[tuple[int, str]]:
    """(section id, normalised own text) of a document's sections, from rows of (id, start,
    end, parent_id): what search matches, snippets mark and the search tables hold.
    `folded` is the document's normalised text when that keeps every offset, else None."""
    rows = list(rows)
    items = item_spans([(r[0], None, None, r[1], r[2], r[3]) for r in rows])
    for section_id, start, end, _ in rows:
        spans = items.get(section_id, ())
        if folded is not None:
            body = own_text(folded, start, end, spans)
        else:
            body = normalize_with_map(own_text(text, start, end, spans))[0]
        yield section_id, body.replace("\x00", " ")


def item_spans(rows: Iterable[tuple]) -> dict[int, list[tuple[int, int]]]:
    """Each level-1 section's items' spans, from rows of (id, kind, heading, start, end,
    parent_id)."""
    found: dict[int, list[tuple[int, int]]] = {}
    for _, _, _, start, end, parent_id in rows:
        if parent_id is not None:
            found.setdefault(parent_id, []).append((start, end))
    return found


def own_text(text: str, start: int, end: int, items: Iterable[tuple[int, int]] = ()) -> str:
    """text[start:end] with the spans of the section's items (which an area's span covers)
    blanked by newlines: what the search index holds for it, so that a word in an item is
    found in the item alone, while every offset into the section's text stays valid."""
    own = text[start:end]
    for item_start, item_end in items:
        a, b = max(item_start, start) - start, min(item_end, end) - start
        if b > a:
            own = own[:a] + "\n" * (b - a) + own[b:]
    return own


def indicator_columns(label: str | None, unit: str | None, trend: str | None, period: str | None,
                      text: str, start: int) -> IndicatorColumns:
    """A figure's label_key, unit_key and series (core/indicators.py); `text` is its
    document's, `start` the figure's offset into it."""
    before = text[max(0, start - 4):start]
    return label_key(label), unit_key(unit), series_of(trend, period, before)
