"""Plain rows the store hands to the knowledge base, and the knowledge base to the UI,
the CLI and reports.

Offsets in MetricRecord (start, end, sentence_start, sentence_end) are into the document's
text, like the parser's; SectionRecord.start/end too, so a section-relative offset is
`metric.start - section.start`. SearchHit.matches are offsets into the section's text.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypedDict

from desktop_app.core.dates import DateSource
from desktop_app.core.model import Credits, MetricKind, SectionKind


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One `documents` row as stored: the parser's fields beside the user's edits
    (`user_*`, None: not edited), `credits`/`warnings` as their stored JSON text. The
    store's read for imports, property edits and corrections; the shown release is a
    DocumentInfo."""

    id: int
    title: str | None
    dateline: str | None
    issuer: str | None
    file: str | None
    source_path: str | None  # import_files.source_key of the path imported from
    content_hash: str
    encoding: str | None
    imported_at: str
    credits: str
    warnings: str
    user_title: str | None
    user_year: int | None
    user_issuer: str | None
    date: str | None
    year: int | None
    date_source: DateSource | None

    @property
    def shown_title(self) -> str | None:
        """The title shown: the user's, else the parsed one."""
        return self.user_title or self.title

    @property
    def user_edits(self) -> UserEdits:
        """What the user set on this document (kept when a new version replaces it)."""
        return UserEdits(self.user_title, self.user_year, self.user_issuer)


@dataclass(frozen=True, slots=True)
class UserEdits:
    """A document's properties as the user set them (`documents.user_*`; None: not edited)."""

    title: str | None = None
    year: int | None = None
    issuer: str | None = None


@dataclass(frozen=True, slots=True)
class ReparseSource:
    """What parsing a stored document again needs: its text and where it came from."""

    text: str
    file: str | None
    encoding: str | None
    source_path: str | None
    imported_at: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class SectionRow:
    """One `sections` row (without its text; offsets into the document's text)."""

    id: int
    doc_id: int
    position: int
    kind: SectionKind
    number: int
    keyword: str | None
    heading: str | None
    start: int
    end: int
    level: int
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One section as the search index takes it (core/word_index.py): nothing the user
    edits, so editing properties never touches the index. `text` is the section's own text
    (without its items')."""

    section_id: int
    doc_id: int
    kind: SectionKind
    heading: str | None
    text: str
    # its words with how often each occurs (segment.word_counts of `body`, packed), when
    # they were counted where the release was parsed (core/store_rows.py); None: the index
    # counts them
    words: PackedWords | None = None

    @property
    def body(self) -> str:
        """What the index's body field holds: the heading, a newline, the own text."""
        return index_body(self.heading, self.text)


# A section's words and their counts, packed: the words joined by WORD_SEPARATOR, the
# counts in an array. Kept for each parsed release that waits to be stored (~250 at
# most) and sent between processes: ~1,300 separate word strings a release cost ~30 MB
# of the importing process and their pickling, where one string and one array cost little.
PackedWords = tuple[str, array]
WORD_SEPARATOR = "\x1f"


def pack_words(counts: Mapping[str, int]) -> PackedWords | None:
    """`counts` packed (None when a word holds WORD_SEPARATOR: not packable)."""
    joined = WORD_SEPARATOR.join(counts)
    if joined.count(WORD_SEPARATOR) != max(0, len(counts) - 1):
        return None
    return joined, array("I", counts.values())


def unpack_words(packed: PackedWords) -> Iterator[tuple[str, int]]:
    """The (word, count) pairs of pack_words' result."""
    joined, counts = packed
    return zip(joined.split(WORD_SEPARATOR) if joined else (), counts, strict=True)


def index_body(heading: str | None, text: str) -> str:
    """A section's heading and own text as the word index's body field (IndexRow.body)."""
    return f"{heading}\n{text}" if heading else text


@dataclass(frozen=True, slots=True)
class MetricRecord:
    id: int
    doc_id: int
    section_id: int | None
    text: str
    start: int
    end: int
    value: float | None
    unit: str
    qualifier: str | None
    kind: MetricKind
    low: float | None
    high: float | None
    label: str | None
    trend: str | None
    period: str | None
    sentence_start: int
    sentence_end: int
    borderline: bool


@dataclass(frozen=True, slots=True)
class SectionInfo:
    id: int
    doc_id: int
    position: int  # index in the document's section list (the parser's `section` index)
    kind: SectionKind
    number: int
    keyword: str | None
    heading: str | None
    start: int
    end: int
    metric_count: int
    level: int = 1  # 2: an item under the level-1 section `parent_id`
    parent_id: int | None = None


@dataclass(frozen=True)
class SectionRecord:
    """One section with its text and metrics, for the reading pane, `show` and reports."""

    info: SectionInfo
    text: str  # the document text[start:end]
    metrics: tuple[MetricRecord, ...]
    doc: DocumentInfo


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str | None
    dateline: str | None
    issuer: str | None
    file: str | None  # source file name as imported
    encoding: str | None
    imported_at: str  # ISO 8601, UTC
    date: str | None  # ISO date "YYYY-MM-DD" when known (user-set year + dateline); sort key
    # Figures that are not borderline (borderline ones — 12条, a user's "not a
    # statistic" — are counted apart, in borderline_count)
    metric_count: int
    warnings: tuple[str, ...] = ()
    credits: Credits = field(default_factory=Credits)
    sections: tuple[SectionInfo, ...] = ()
    # The date contract (core/dates.py): the year even when month/day are unknown, and
    # where the date comes from: "written" (the text gives it in full), "user" (the user
    # set the year), None (unknown).
    year: int | None = None
    date_source: DateSource | None = None
    borderline_count: int | None = None  # None: not counted (documents(with_sections=False))


@dataclass(frozen=True)
class DocumentQuery:
    """Which documents to list or search in, and (for lists) in what order and which page.

    Every field is optional; all given ones must hold. Dates are "YYYY-MM-DD" (inclusive);
    a date range or a year leaves out undated documents (counted as `undated_excluded`).
    `issuer` is a substring of the shown issuer (user's, else the parsed one), compared
    ignoring full/half width and case. `kind` keeps documents having a section of that
    kind (and, in lists, only those sections). `doc_ids`: only these documents."""

    date_from: str | None = None
    date_to: str | None = None
    year: int | None = None
    issuer: str | None = None
    kind: str | None = None
    doc_ids: tuple[int, ...] | None = None
    sort: str = "date"  # one of DOCUMENT_SORTS (core/sorts.py)
    descending: bool = False
    limit: int | None = None  # None: all (lists only)
    offset: int = 0

    @property
    def dated(self) -> bool:
        """Whether a date filter (range or year) is given: undated documents are left out."""
        return bool(self.date_from or self.date_to or self.year)




@dataclass(frozen=True)
class DocumentPage:
    """One page of documents matching a DocumentQuery, and how many match in all."""

    docs: tuple[DocumentInfo, ...]
    total: int  # documents matching the query (all pages)
    offset: int
    undated_excluded: int = 0  # documents left out only because they have no date (year)


@dataclass(frozen=True)
class SearchHit:
    doc_id: int
    doc_title: str | None
    section_id: int
    kind: SectionKind
    number: int
    keyword: str | None
    heading: str | None
    score: float
    snippet: str  # HTML-escaped text with <mark>…</mark> around matches
    matches: tuple[tuple[int, int], ...]  # offsets into the section's text
    level: int = 1  # 2: an item under the level-1 section `parent_id`
    parent_id: int | None = None
    parent_heading: str | None = None


class OutlinePlace(TypedDict):
    """A section's place in the outline, as SearchHit takes it (keyword arguments): its
    level, its parent's id and heading (None for a level-1 section or a parent without one)."""

    level: int
    parent_id: int | None
    parent_heading: str | None


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hint: str | None  # a message for the user when the query was empty, odd or found nothing
    hits: tuple[SearchHit, ...]
    offset: int = 0  # the page's first hit's rank (0-based) among all `total` hits
    undated_excluded: int = 0  # releases with matching sections left out for having no date
    notes: tuple[str, ...] = ()  # the codes behind `hint` (search_index.note_text), for one language


class ImportOutcome(StrEnum):
    """What importing one file did: a new document, a new version of one, or nothing
    (the same content is stored already)."""

    IMPORTED = "imported"
    REPLACED = "replaced"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ImportReport:
    imported: tuple[tuple[str, int], ...] = ()  # (path, doc_id)
    skipped: tuple[tuple[str, int, str], ...] = ()  # (path, doc_id, reason)
    refused: tuple[tuple[str, str], ...] = ()  # (path, error message)
    # the (path, doc_id) items of `imported` that replaced an earlier version of their document
    replaced: tuple[tuple[str, int], ...] = ()
    # (path, doc_id, note) for imported documents that were not parsed in full because they
    # exceed the parser's limits (Document.limit_notes): bilingual, one per note
    notes: tuple[tuple[str, int, str], ...] = ()
    cancelled: int = 0  # files left unread because the import was cancelled
    # (path, doc_id, warning) for imported files that do not look like press releases
    # (core/release_check.py): bilingual
    warnings: tuple[tuple[str, int, str], ...] = ()
    # (path, warning): such files left out because the caller asked to hold them back
    # (import_paths(hold_suspect=True)), for the user to import anyway or not
    held: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Indicator:
    """Figures of several releases that measure the same thing (core/indicators.py): the
    shown name (its most frequent label), every label merged into it, its unit as most often
    written, how many releases and figures, the first and last date among its releases."""

    indicator: str
    labels: tuple[str, ...]
    unit: str
    releases: int
    figures: int
    first_date: str | None
    last_date: str | None
    label_key: str = ""  # the grouping rule's keys: pass them back to `trend` to get exactly this group
    unit_key: str = ""


@dataclass(frozen=True)
class TrendRow:
    """One figure of an indicator with its release. `value`, `low` and `high` are signed (a
    下降/减少 change is negative); `text` is the figure as written. `change` is the difference
    to the previous row of the same series from another, dated release (None for the first
    and for undated rows). Offsets are into the document's text, as in MetricRecord."""

    doc_id: int
    doc_title: str | None
    date: str | None
    date_source: DateSource | None
    section_id: int | None
    heading: str | None
    metric_id: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str | None
    trend: str | None
    period: str | None
    label: str | None
    series: str
    start: int = 0
    end: int = 0
    sentence_start: int = 0
    sentence_end: int = 0
    change: float | None = None


@dataclass(frozen=True)
class TrendResult:
    """An indicator's figures across releases, sorted by date (undated last); with no
    match, no rows and the nearest indicators as `suggestions` (with a match: the same label
    in other units)."""

    indicator: str | None
    unit: str | None
    rows: tuple[TrendRow, ...]
    suggestions: tuple[Indicator, ...] = ()
    labels: tuple[str, ...] = ()
