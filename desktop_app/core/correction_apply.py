"""Applying the user's corrections (core/corrections.py) to the parser's Document.

`apply_corrections(doc, corrections, content_hash)` is a pure function: the parser's
document, every correction of it in the order they were made, and the hash of its text give
the corrected document and the corrections as they now stand (re-anchored, applied or
orphaned, `before` being what the parser or an earlier correction had). Store calls it
whenever it writes a document's rows (core/store.py), so a re-parse by a newer parser, a
reindex or a re-import of a changed release keeps every correction that still finds its
anchor. A correction that does not is kept as orphaned, never applied to something else;
one that finds its target already as it wants it (a split where a section starts) is
applied and changes nothing.

Anchors: a correction made on text of another content hash (a changed release) is found
again by its quoted text: at its old offsets if the text is still there, else at the
occurrence nearest to them.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.core.corrections import (
    Anchor,
    Correction,
    CorrectionStatus,
    CorrectionTarget,
    bad_input,
    metric_kind_of,
    parse_value,
)
from desktop_app.core.metric_labels import SENTENCE_BREAK
from desktop_app.core.metric_text import Sentences
from desktop_app.core.metrics import find_metrics
from desktop_app.core.model import Document, Metric, MetricKind, Section, SectionKind
from desktop_app.core.numbers import to_halfwidth

_SPACE = frozenset(" \t\r\n\u3000\u00a0")


@dataclass(frozen=True)
class Applied:
    """The corrected document and its corrections as they now stand."""

    document: Document
    corrections: tuple[Correction, ...]


class _Orphaned(Exception):
    """The correction's target is not in the document (the anchor found nothing to apply to)."""


class _Sec:
    """A section while corrections are applied: its parent is another _Sec, not an index."""

    def __init__(self, section: Section, parent: _Sec | None):
        self.kind, self.heading, self.keyword, self.form = section.kind, section.heading, section.keyword, section.form
        self.start, self.end, self.level, self.parent = section.start, section.end, section.level, parent
        self.number = section.number


def reanchor(correction: Correction, text: str, content_hash: str) -> Correction | None:
    """The correction with its anchor in `text` (content hash `content_hash`): unchanged
    when its quoted text is at its offsets, else moved to the occurrence of the quoted text
    nearest to them; None when the text holds it nowhere. Document corrections need none."""
    anchor = correction.anchor
    if correction.target is CorrectionTarget.DOCUMENT:
        return replace(correction, content_hash=content_hash)
    if not anchor.text:
        return None
    if text[anchor.start:anchor.end] == anchor.text:
        return replace(correction, content_hash=content_hash)
    places, at = [], text.find(anchor.text)
    while at >= 0:
        places.append(at)
        at = text.find(anchor.text, at + 1)
    if not places:
        return None
    start = min(places, key=lambda p: (abs(p - anchor.start), p))
    return replace(correction, anchor=Anchor(start, start + len(anchor.text), anchor.text),
                   content_hash=content_hash)


def apply_corrections(doc: Document, corrections: Sequence[Correction], content_hash: str, *,
                      strict: Collection[int | None] = ()) -> Applied:
    """`doc` as corrected by `corrections` (applied in the order given); those whose
    anchor or target is not found come back orphaned, except those whose id is in `strict`
    (a correction being made: InputError instead, so that nothing is stored)."""
    sections = _working_sections(doc.sections)
    metrics = [_metric_dict(m) for m in doc.metrics]
    for m, original in zip(metrics, doc.metrics, strict=True):
        m["_sec"] = sections[original.section] if original.section is not None and 0 <= original.section < len(sections) else None
    # the parser's figures as it found them: a figure removed and then added again is its own
    parser = {(m["start"], m["end"]): dict(m) for m in metrics}
    done: list[Correction] = []
    touched_sections = False
    for correction in corrections:
        if correction.target is CorrectionTarget.DOCUMENT:
            done.append(replace(correction, status=CorrectionStatus.APPLIED, content_hash=content_hash))
            continue
        found = reanchor(correction, doc.text, content_hash)
        try:
            if found is None:
                raise _Orphaned
            if found.target is CorrectionTarget.SECTION:
                before = _apply_section(doc.text, sections, found)
                touched_sections = True
            else:
                before = _apply_metric(doc.text, metrics, found, parser)
        except _Orphaned:
            if correction.id in strict:
                raise bad_input("在文档中找不到要修改的内容", "the text to correct is not in the document") from None
            done.append(replace(found or correction, status=CorrectionStatus.ORPHANED))
            continue
        except (ValueError, TypeError, KeyError, AttributeError):
            # a value it cannot take (InputError is a ValueError; a backup's odd `after`)
            if correction.id in strict:
                raise
            done.append(replace(found or correction, status=CorrectionStatus.ORPHANED))
            continue
        done.append(replace(found, status=CorrectionStatus.APPLIED, before=before))
    if not corrections:
        return Applied(doc, ())
    new_sections, index = _sections_out(sections, renumber=touched_sections)
    new_metrics = _metrics_out(doc.text, metrics, new_sections, index, relink=touched_sections)
    return Applied(replace(doc, sections=tuple(new_sections), metrics=tuple(new_metrics)), tuple(done))


# ------------------------------------------------------------------------ sections

def _working_sections(sections: Sequence[Section]) -> list[_Sec]:
    out: list[_Sec] = []
    for s in sections:
        parent = out[s.parent] if s.parent is not None and 0 <= s.parent < len(out) else None
        out.append(_Sec(s, parent))
    return out


def _section_at(sections: list[_Sec], start: int) -> _Sec:
    """The section starting at `start` (the outer one when an area and its item share it)."""
    for s in sections:
        if s.start == start:
            return s
    raise _Orphaned


def _apply_section(text: str, sections: list[_Sec], c: Correction) -> Any:
    """Apply one section correction in place; returns the value it replaced."""
    if c.field == "split":
        return _split(text, sections, c.anchor.start)
    section = _section_at(sections, c.anchor.start)
    before: Any
    if c.field == "kind":
        before, section.kind = section.kind, SectionKind(c.after)
    elif c.field == "heading":
        before, section.heading = section.heading, c.after
    elif c.field == "level":
        before = section.level
        if c.after == 2 and section.level == 1:
            _demote(sections, section)
        elif c.after == 1 and section.level == 2:
            _promote(sections, section)
    elif c.field == "merge":
        before = False
        _merge(sections, section)
    else:
        raise _Orphaned
    return before


def _children(sections: list[_Sec], parent: _Sec) -> list[_Sec]:
    return [s for s in sections if s.parent is parent]


def _demote(sections: list[_Sec], section: _Sec) -> None:
    """Make a level-1 section an item of the nearest level-1 section before it; its own
    items become items of that area too."""
    above = [s for s in sections if s.level == 1 and s is not section and s.start < section.start]
    if not above:
        raise bad_input("它之前没有可归属的上级段落，无法改为第 2 级",
                        "there is no area before it to become an item of")
    area = max(above, key=lambda s: s.start)
    for item in _children(sections, section):
        item.parent = area
    section.level, section.parent = 2, area
    area.end = max(area.end, section.end, *(s.end for s in _children(sections, area)))


def _promote(sections: list[_Sec], section: _Sec) -> None:
    """Make an item an area of its own: the items after it in its area become its items,
    and the area it left ends where it starts."""
    area = section.parent
    assert area is not None, "a level-2 section has its area"
    later = [s for s in _children(sections, area) if s.start > section.start]
    for item in later:
        item.parent = section
    section.level, section.parent = 1, None
    section.end = max(section.end, *(s.end for s in later), area.end)
    area.end = _trim_end_before(area, section.start)


def _trim_end_before(section: _Sec, at: int) -> int:
    return max(section.start, min(section.end, at))


def _split(text: str, sections: list[_Sec], at: int) -> Any:
    """A new section starting at `at`, cut from the innermost section holding it (kind,
    level and area as that one's; its items from `at` on go with it). A section already
    starting there: nothing to do. InputError when either part would hold no text."""
    if any(s.start == at for s in sections):
        return None
    holding = [s for s in sections if s.start < at < s.end]
    if not holding:
        raise _Orphaned
    section = max(holding, key=lambda s: (s.level, s.start))
    if not text[section.start:at].strip() or not text[at:section.end].strip():
        raise bad_input("拆分后会留下空段落", "the split would leave an empty section")
    new = _Sec(Section(kind=section.kind, number=0, heading=None, start=at, end=section.end,
                       level=section.level), section.parent)
    for item in _children(sections, section):
        if item.start >= at:
            item.parent = new
    end = at
    while end > section.start and text[end - 1] in _SPACE:
        end -= 1
    section.end = end
    sections.insert(sections.index(section) + 1, new)
    return None


def _merge(sections: list[_Sec], section: _Sec) -> None:
    """Merge a section into the one before it at its level (in the same area, for an item):
    that one grows to its end, and takes its items."""
    before = [s for s in sections if s.level == section.level and s.parent is section.parent
              and s.start < section.start]
    if not before:
        raise bad_input("它之前没有同级的段落，无法合并", "there is no section before it at its level to merge into")
    into = max(before, key=lambda s: s.start)
    for item in _children(sections, section):
        item.parent = into
    into.end = max(into.end, section.end)
    sections.remove(section)


def _sections_out(sections: list[_Sec], *, renumber: bool) -> tuple[list[Section], dict[int, int]]:
    """The working sections as Sections in document order (an area before its items),
    numbered per kind as the parser numbers them when any was corrected; and the index of
    each working section (by id()) in that list."""
    ordered = sorted(sections, key=lambda s: (s.start, s.level))
    index = {id(s): k for k, s in enumerate(ordered)}
    counters: dict[str, int] = {}
    out: list[Section] = []
    for position, s in enumerate(ordered):
        parent = index.get(id(s.parent)) if s.parent is not None else None
        if parent is not None and parent >= position:  # never after its items
            parent = None
        counter = s.kind if parent is None else f"{parent}:{s.kind}"
        counters[counter] = counters.get(counter, 0) + 1
        number = counters[counter] if renumber else s.number
        out.append(Section(kind=s.kind, number=number, heading=s.heading, start=s.start, end=s.end,
                           keyword=s.keyword, form=s.form, level=1 if parent is None else 2,
                           parent=parent))
    return out, index


# ------------------------------------------------------------------------ metrics

def _metric_dict(metric: Metric) -> dict[str, Any]:
    return {name: getattr(metric, name) for name in Metric.__slots__}


def _metric_at(metrics: list[dict], anchor: Anchor) -> dict:
    for m in metrics:
        if m["start"] == anchor.start and m["end"] == anchor.end:
            return m
    raise _Orphaned


def _apply_metric(text: str, metrics: list[dict], c: Correction,
                  parser: dict[tuple[int, int], dict] | None = None) -> Any:
    """Apply one figure correction in place; returns the value it replaced. An added figure
    where the parser found one (removed by an earlier correction) is the parser's figure
    again, with its trend, period and label (`parser`: its figures by span)."""
    if c.field == "add":
        span = (c.anchor.start, c.anchor.end)
        if any((m["start"], m["end"]) == span for m in metrics):
            return None  # the parser finds it now
        found = (parser or {}).get(span)
        metrics.append(dict(found) if found is not None else _added(text, c))
        return None
    metric = _metric_at(metrics, c.anchor)
    if c.field in ("label", "borderline"):
        before = metric[c.field]
        metric[c.field] = c.after
    elif c.field == "unit":
        before = metric["unit"]
        metric["unit"], metric["kind"] = c.after, metric_kind_of(c.after)
    elif c.field == "value":
        before = {"value": metric["value"], "low": metric["low"], "high": metric["high"]}
        metric.update(value=c.after["value"], low=c.after["low"], high=c.after["high"])
    elif c.field == "remove":
        before = False
        metrics.remove(metric)
    else:
        raise _Orphaned
    return before


def _added(text: str, c: Correction) -> dict[str, Any]:
    fields = dict(c.after)
    return {"text": text[c.anchor.start:c.anchor.end], "start": c.anchor.start, "end": c.anchor.end,
            "value": fields.get("value"), "unit": fields.get("unit") or "",
            "qualifier": fields.get("qualifier"), "kind": MetricKind(fields.get("kind") or MetricKind.OTHER),
            "low": fields.get("low"), "high": fields.get("high"), "label": fields.get("label"),
            "trend": None, "period": None, "sentence_start": 0, "sentence_end": 0,
            "section": None, "borderline": False, "_sec": None, "_sentence": True}


def _metrics_out(text: str, metrics: list[dict], sections: list[Section], index: dict[int, int], *,
                 relink: bool) -> list[Metric]:
    """The working figures as Metrics in text order, an added one given its sentence; each
    linked to its deepest section (as the parser links them) when sections were corrected
    or it was added, else to the section the parser gave it."""
    sentence_of = None
    out = []
    for m in sorted(metrics, key=lambda m: (m["start"], -m["end"])):
        if m.pop("_sentence", False):
            sentence_of = sentence_of or Sentences(to_halfwidth(text), "".join(SENTENCE_BREAK))
            m["sentence_start"], m["sentence_end"] = sentence_of(m["start"])
        section = m.pop("_sec", None)
        if relink or section is None:
            m["section"] = deepest_section(sections, m["start"])
        else:
            m["section"] = index.get(id(section))
        out.append(Metric(**m))
    return out


def deepest_section(sections: Sequence[Section], pos: int) -> int | None:
    """The index of the deepest section holding `pos` (the parser's rule: the last one)."""
    found = None
    for k, s in enumerate(sections):
        if s.start <= pos < s.end:
            found = k
    return found


# ------------------------------------------------------------------------ adding a figure

def added_figure(text: str, start: int, end: int) -> dict[str, Any]:
    """The fields of a figure the user selected as text[start:end] (END exclusive), read
    by the parser's figure rules in the selection's sentence (for its label); a plain number
    when the rules find no figure there. InputError for a span outside the text, an empty
    one, or one without a number."""
    if not 0 <= start < end <= len(text):
        raise bad_input(f"位置超出文本范围：{start}–{end}（文本共 {len(text)} 个字符）",
                        f"offsets outside the text: {start}-{end} (the text has {len(text)} characters)")
    if not text[start:end].strip():
        raise bad_input("选中的文字为空", "the selected text is empty")
    norm = to_halfwidth(text)
    sentence_start = Sentences(norm, "".join(SENTENCE_BREAK))(start)[0]
    found = [m for m in find_metrics(text[sentence_start:end], ())[0] if m.start >= start - sentence_start]
    if found:
        figure = max(found, key=lambda m: (m.end - m.start, -m.start))
        return {"value": figure.value, "low": figure.low, "high": figure.high, "unit": figure.unit,
                "qualifier": figure.qualifier, "kind": figure.kind, "label": figure.label}
    number = _leading_number(norm[start:end])
    if number is None:
        raise bad_input(f"选中的文字中没有数字：{text[start:end][:40]}",
                        f"the selected text holds no number: {text[start:end][:40]!r}")
    return {**parse_value(number), "unit": "", "qualifier": None, "kind": "other", "label": None}


def _leading_number(selected: str) -> str | None:
    found = re.search(r"-?\d[\d,]*(?:\.\d+)?(?:\s*[-~]\s*\d[\d,]*(?:\.\d+)?)?", selected)
    return found.group(0).replace(" ", "") if found else None
