"""Plain rows the knowledge base hands to the UI, the CLI and reports.

Offsets in MetricRecord (start, end, sentence_start, sentence_end) are into the document's
text, like the parser's; SectionRecord.start/end too, so a section-relative offset is
`metric.start - section.start`. SearchHit.matches are offsets into the section's text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.core.model import Credits


@dataclass(frozen=True)
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
    kind: str
    low: float | None
    high: float | None
    label: str | None
    trend: str | None
    period: str | None
    sentence_start: int
    sentence_end: int
    borderline: bool


@dataclass(frozen=True)
class SectionInfo:
    id: int
    doc_id: int
    position: int  # index in the document's section list (the parser's `section` index)
    kind: str
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
    metric_count: int
    warnings: tuple[str, ...] = ()
    credits: Credits = field(default_factory=Credits)
    sections: tuple[SectionInfo, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    doc_id: int
    doc_title: str | None
    section_id: int
    kind: str
    number: int
    keyword: str | None
    heading: str | None
    score: float
    snippet: str  # HTML-escaped text with <mark>…</mark> around matches
    matches: tuple[tuple[int, int], ...]  # offsets into the section's text
    level: int = 1  # 2: an item under the level-1 section `parent_id`
    parent_id: int | None = None
    parent_heading: str | None = None


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hint: str | None  # a message for the user when the query was empty, odd or found nothing
    hits: tuple[SearchHit, ...]


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
