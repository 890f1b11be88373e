"""Plain data passed between Zhiku's layers: a parsed press release.

Every offset is a code-point index into ``Document.text`` (the decoded text with the
BOM removed and line ends normalised to LF).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from operator import attrgetter
from typing import Any

from desktop_app.core.kinds import MetricKind as MetricKind  # re-exported: the model's kinds
from desktop_app.core.kinds import SectionKind as SectionKind

# The names as text, in the order menus and help list them
SECTION_KINDS: tuple[str, ...] = tuple(k.value for k in SectionKind)
METRIC_KINDS: tuple[str, ...] = tuple(k.value for k in MetricKind)
CREDIT_FIELDS = ("reporter", "editor", "duty_editor", "proofreader", "final_reviewer")


# Section and Metric have slots: a document can hold thousands of them (no __dict__ each;
# pickling to worker processes, dataclasses.replace and asdict work as before).
@dataclass(frozen=True, slots=True)
class Section:
    """A span of the body: lead, an achievement area, the outlook, a priority, credits, other."""

    kind: SectionKind
    number: int
    heading: str | None
    start: int
    end: int
    keyword: str | None = None
    # How the section was introduced: "heading_line", "paragraph_lead", "inline" or None.
    form: str | None = None
    # The outline: 1 for an area, priority or other heading (and lead, outlook, credits);
    # 2 for an item under a level-1 section, whose index in `sections` is `parent`.
    level: int = 1
    parent: int | None = None

    def __reduce__(self) -> tuple[type[Section], tuple[Any, ...]]:
        return Section, _section_fields(self)  # see Metric.__reduce__


@dataclass(frozen=True, slots=True)
class Metric:
    """One quantitative figure, exactly as written, with its parsed value."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str
    qualifier: str | None = None
    kind: MetricKind = MetricKind.OTHER
    low: float | None = None
    high: float | None = None
    label: str | None = None
    trend: str | None = None
    period: str | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    section: int | None = None
    borderline: bool = False

    def __reduce__(self) -> tuple[type[Metric], tuple[Any, ...]]:
        # Pickled as the call of the class with its fields: a parse worker sends ~60 figures
        # a release, and the dataclass's own state pickling (a Python loop over the fields
        # for each) made sending them twice as costly both ways.
        return Metric, _metric_fields(self)


_section_fields = attrgetter(*(f.name for f in fields(Section)))
_metric_fields = attrgetter(*(f.name for f in fields(Metric)))


@dataclass(frozen=True)
class Credits:
    reporter: str | None = None
    editor: str | None = None
    duty_editor: str | None = None
    proofreader: str | None = None
    final_reviewer: str | None = None


@dataclass(frozen=True)
class Document:
    """A parsed release: its text, where it came from, its sections and its figures."""

    text: str
    title: str | None
    dateline: str | None = None
    issuer: str | None = None
    file: str | None = None
    encoding: str | None = None
    credits: Credits = field(default_factory=Credits)
    warnings: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    metrics: tuple[Metric, ...] = ()
    # Why the document was not parsed in full (more figures or sections than the parser's
    # limits): bilingual notes, also among `warnings`, for the import report.
    limit_notes: tuple[str, ...] = ()

    def section_text(self, index: int) -> str:
        section = self.sections[index]
        return self.text[section.start:section.end]

    def to_json(self) -> dict:
        """The `parse --json` shape: everything but the text itself."""
        return {
            "title": self.title,
            "dateline": self.dateline,
            "issuer": self.issuer,
            "file": self.file,
            "encoding": self.encoding,
            "credits": asdict(self.credits),
            "warnings": list(self.warnings),
            "sections": [
                {k: s_dict[k] for k in ("kind", "number", "keyword", "heading", "start", "end", "level",
                                        "parent")}
                for s_dict in map(asdict, self.sections)
            ],
            "metrics": [_metric_json(m) for m in self.metrics],
        }


_METRIC_JSON_FIELDS = (
    "text", "start", "end", "value", "low", "high", "unit", "qualifier", "kind", "label",
    "trend", "period", "sentence_start", "sentence_end", "section", "borderline",
)


def _metric_json(metric: Metric) -> dict:
    data = asdict(metric)
    return {k: data[k] for k in _METRIC_JSON_FIELDS}
