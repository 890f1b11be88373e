"""The user's corrections of what the parser found: plain data, checks, JSON.

A correction changes one field of one section, figure or release, and is stored apart from
the parser's output (table `corrections`, core/store.py), anchored by the document's content
hash, character offsets into its text and the text quoted at those offsets. The stored
sections and figures are the *corrected* view: whenever a document's rows are written
(a correction, a reindex that re-parses, an upgrade re-parse, a re-import of a changed
release), the parser's output is corrected again from the table (core/correction_apply.py),
so reads cost nothing extra and every reader (search, metrics, trends, summaries, the
window) sees the corrected view. A correction whose anchor is no longer found is kept as
"orphaned", reported, and never applied elsewhere.

Targets and fields (`after` is the new value; `before` the value it replaced):

- section (anchor: the section's first characters; its start is the anchor's start):
  `kind` (a SECTION_KINDS name), `level` (2: an item of the area above; 1: an area of its
  own), `heading` (the heading shown), `merge` (True: merged into the section before it at
  its level), `split` (the anchor's start: a new section starts there).
- metric (anchor: the figure as written, its offsets): `label`, `unit` (a unit the unit
  rules know, or X/Y of such), `value` ({"value", "low", "high"}), `borderline` (bool),
  `remove` (True), `add` (the figure's fields; the anchor is the selected text).
- document (no anchor): `title`, `year`, `issuer`: the release's properties as the user set
  them (`before`/`after` the user's value, None for the parser's).

The knowledge base's API (core/kb.py, KnowledgeBase):
  section_correction(section_id, field, value) -> Correction      (checked, not stored)
  metric_correction(metric_id, field, value) -> Correction         (checked, not stored)
  added_metric(doc_id, start, end) -> Correction                   (checked, not stored)
  property_correction(doc_id, field, value) -> Correction          (checked, not stored)
  apply_correction(correction) -> Correction      stored and applied (its id kept if it has one)
  revert_corrections(ids) -> list[Correction]     removed; apply them again to redo
  undo_correction() -> list[Correction]           the last journaled apply/revert undone
  restore_parser_version(doc_id, section_id=None, metric_id=None) -> list[Correction]
  corrections(doc_id=None, section_id=None, metric_id=None) -> list[Correction]
  correction_marks(doc_id) -> CorrectionMarks     corrected ids → {field: original value}
  correct_section / correct_metric / add_metric: build and apply in one call (the CLI's)
  export_corrections(path, doc_id=None) / import_corrections(path) -> CorrectionImport
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from desktop_app.core.errors import CorrectionError
from desktop_app.core.metric_units import MAGNITUDE_CHARS, kind_of, match_unit, unit_at
from desktop_app.core.model import SECTION_KINDS, MetricKind


class CorrectionTarget(StrEnum):
    """What a correction changes; stored as its text in `corrections.target`."""

    SECTION = "section"
    METRIC = "metric"
    DOCUMENT = "document"


class CorrectionStatus(StrEnum):
    """Whether a correction's anchor was found (and it applied) the last time its
    document's rows were written; stored as its text in `corrections.status`."""

    APPLIED = "applied"
    ORPHANED = "orphaned"


class JournalAction(StrEnum):
    """What an undo-journal entry records: corrections made (`apply`: undone by removing
    them) or removed (`revert`: undone by storing them again); stored as its text in
    `correction_journal.action`."""

    APPLY = "apply"
    REVERT = "revert"


@dataclass(frozen=True)
class JournalEntry:
    """One undo-journal entry: its action (None: one this build does not know, skipped)
    and the corrections as they were exported (Correction.to_json)."""

    action: JournalAction | None
    corrections: list[dict]


TARGETS: tuple[str, ...] = tuple(t.value for t in CorrectionTarget)
FIELDS: dict[str, tuple[str, ...]] = {
    CorrectionTarget.SECTION: ("kind", "level", "heading", "merge", "split"),
    CorrectionTarget.METRIC: ("label", "unit", "value", "borderline", "remove", "add"),
    CorrectionTarget.DOCUMENT: ("title", "year", "issuer"),
}
STATUSES: tuple[str, ...] = tuple(s.value for s in CorrectionStatus)
JOURNAL_ACTIONS: tuple[str, ...] = tuple(a.value for a in JournalAction)
ANCHOR_CHARS = 40  # a section's anchor: its first characters (enough to find it again)
MAX_HEADING = 200


@dataclass(frozen=True)
class Anchor:
    """Where a correction applies: offsets into the document's text and the text there."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Correction:
    """One user correction (see the module docstring for targets and fields). `id` is None
    until stored; `content_hash` is the hash of the text the anchor's offsets are into."""

    id: int | None
    doc_id: int
    target: CorrectionTarget
    field: str
    anchor: Anchor
    before: Any
    after: Any
    status: CorrectionStatus = CorrectionStatus.APPLIED
    content_hash: str = ""
    created_at: str = ""

    def to_json(self) -> dict:
        """The `corrections --json` / export shape (with the content hash, for import)."""
        return {"id": self.id, "doc_id": self.doc_id, "target": str(self.target),
                "anchor": {"start": self.anchor.start, "end": self.anchor.end, "text": self.anchor.text},
                "field": self.field, "before": self.before, "after": self.after,
                "status": str(self.status), "content_hash": self.content_hash,
                "created_at": self.created_at}


@dataclass(frozen=True)
class CorrectionMarks:
    """A document's corrected items, for the "已修改" mark and its tooltip: section id /
    metric id → {field: the parser's value before the first correction of that field}; the
    document's own corrected properties likewise; and its orphaned corrections."""

    sections: dict[int, dict[str, Any]] = field(default_factory=dict)
    metrics: dict[int, dict[str, Any]] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)
    orphaned: tuple[Correction, ...] = ()


@dataclass(frozen=True)
class CorrectionImport:
    """What importing corrections did: stored (as applied or orphaned), and left out (no
    such document here), as (the correction as given, the bilingual reason)."""

    stored: tuple[Correction, ...] = ()
    skipped: tuple[tuple[dict, str], ...] = ()


# ------------------------------------------------------------------------ values

def bad_input(chinese: str, english: str) -> CorrectionError:
    """A refused correction (an InputError) that says nothing was changed."""
    return CorrectionError(f"{chinese}，未作任何修改", f"{english}; nothing was changed")


def check_kind(kind: object) -> str:
    """A section kind (already resolved from a label by kb.section_kind) or InputError."""
    if kind not in SECTION_KINDS:
        raise bad_input(f"未知的段落类型“{kind}”，可用：{'、'.join(SECTION_KINDS)}",
                        f"unknown section kind {kind!r}; use one of: {', '.join(SECTION_KINDS)}")
    return str(kind)


def check_level(level: object) -> int:
    if level not in (1, 2) or isinstance(level, bool):
        raise bad_input(f"层级只能是 1 或 2：{level}", f"the level must be 1 or 2, not {level!r}")
    return 1 if level == 1 else 2


def check_text(value: object, what: tuple[str, str]) -> str:
    """A heading or label: non-empty text on one line, at most MAX_HEADING characters."""
    text = " ".join(str(value if value is not None else "").split())
    if not text:
        raise bad_input(f"{what[0]}不能为空", f"the {what[1]} cannot be empty")
    if len(text) > MAX_HEADING:
        raise bad_input(f"{what[0]}过长（最多 {MAX_HEADING} 个字符）",
                        f"the {what[1]} is too long (at most {MAX_HEADING} characters)")
    return text


def is_known_unit(unit: str) -> bool:
    """Whether the unit rules recognise `unit` whole (吨, 吨标准煤, 元/月), or it is X/Y of such."""
    if not unit:
        return False
    if unit_at(unit, 0) == (len(unit), unit):
        return True
    parts = unit.split("/")
    return len(parts) == 2 and all(p and match_unit(p, 0) == p for p in parts)


def check_unit(unit: object) -> str:
    text = str(unit if unit is not None else "").strip()
    magnitude = len(text) - len(text.lstrip(MAGNITUDE_CHARS))
    if 0 < magnitude < len(text) and is_known_unit(text[magnitude:]):
        # 万元 as written in 2300万元: the 万 is part of the value (23,000,000), the unit is 元
        prefix, rest = text[:magnitude], text[magnitude:]
        raise bad_input(f"“{text}”中的“{prefix}”是数量级，已计入数值；单位请填“{rest}”（数值可用 --value 修改）",
                        f"the {prefix} of {text!r} is a magnitude, part of the value; give the unit as "
                        f"{rest!r} (change the value with --value)")
    if not is_known_unit(text):
        raise bad_input(f"无法识别的单位“{text}”（应为数据规则认识的单位，如 %、元、人次，或 X/Y 形式如 元/人）",
                        f"unknown unit {text!r} (use a unit the figure rules know, such as %, 元, "
                        f"人次, or X/Y of such, such as 元/人)")
    return text


def parse_value(value: object) -> dict[str, float | None]:
    """`--value`: a number, or a range `800-1000` (also 800~1000, 800至1000): value = low,
    as the parser gives ranges. InputError for anything else."""
    text = str(value if value is not None else "").strip().replace("～", "~").replace("－", "-")
    for sep in ("~", "至", "到", "-"):
        head, mark, tail = text[1:].partition(sep)  # a leading minus is a sign
        if mark:
            low, high = _number(text[0] + head, value), _number(tail, value)
            if high < low:
                raise bad_input(f"范围无效：{value}（下限大于上限）", f"invalid range {value!r} (low above high)")
            return {"value": low, "low": low, "high": high}
    return {"value": _number(text, value), "low": None, "high": None}


def _number(text: str, given: object) -> float:
    try:
        number = float(text.replace(",", "").strip())
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise bad_input(f"不是数字：{given}", f"not a number: {given!r}")
    return number


def check_borderline(value: object) -> bool:
    """yes/no, true/false, 是/否, 1/0 (or a bool) → bool; InputError otherwise."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "1", "是"):
        return True
    if text in ("no", "n", "false", "0", "否"):
        return False
    raise bad_input(f"--borderline 只能是 yes 或 no：{value}", f"--borderline must be yes or no, not {value!r}")


def metric_kind_of(unit: str) -> MetricKind:
    """The metric kind a corrected unit gives (as the parser would: percent for %, …)."""
    return kind_of(unit)


# ------------------------------------------------------------------------ JSON

def from_json(data: object) -> Correction:
    """A correction as exported (`corrections --export`); InputError naming what is wrong."""
    if not isinstance(data, Mapping):
        raise bad_input("修改记录应为 JSON 对象", "each correction must be a JSON object")
    target, name = data.get("target"), data.get("field")
    if target not in TARGETS or name not in FIELDS[str(target)]:
        raise bad_input(f"未知的修改：{target}.{name}", f"unknown correction {target}.{name}")
    anchor = data.get("anchor") or {}
    if not isinstance(anchor, Mapping):
        raise bad_input("修改记录的 anchor 无效", "a correction's anchor is not an object")
    try:
        start, end = int(anchor.get("start", 0)), int(anchor.get("end", 0))
        doc_id = int(data["doc_id"])
    except (KeyError, TypeError, ValueError) as error:
        raise bad_input("修改记录缺少 doc_id 或 anchor 的位置", "a correction lacks its doc_id or anchor offsets") from error
    text = anchor.get("text", "")
    if not isinstance(text, str) or start < 0 or end < start:
        raise bad_input("修改记录的 anchor 无效", "a correction's anchor is invalid")
    status = data.get("status", CorrectionStatus.APPLIED)
    return Correction(id=None, doc_id=doc_id, target=CorrectionTarget(target), field=str(name),
                      anchor=Anchor(start, end, text), before=data.get("before"),
                      after=checked_after(str(target), str(name), data.get("after")),
                      status=CorrectionStatus(status) if status in STATUSES else CorrectionStatus.APPLIED,
                      content_hash=str(data.get("content_hash") or ""),
                      created_at=str(data.get("created_at") or ""))


def checked_after(target: str, name: str, after: object) -> Any:
    """`after` of a correction read from a file or a backup, checked as a new one would be."""
    if target == CorrectionTarget.SECTION:
        return {"kind": check_kind, "level": check_level, "merge": lambda v: True,
                "split": lambda v: True,
                "heading": lambda v: check_text(v, ("标题", "heading"))}[name](after)
    if target == CorrectionTarget.METRIC:
        if name == "value":
            if not isinstance(after, Mapping):
                raise bad_input("数值修改无效", "invalid value correction")
            low, high = after.get("low"), after.get("high")
            text = str(after.get("value")) if high is None else f"{low}~{high}"
            return parse_value(text)
        return {"label": lambda v: check_text(v, ("指标名称", "label")), "unit": check_unit,
                "borderline": check_borderline, "remove": lambda v: True,
                "add": _checked_added}[name](after)
    if name == "year":
        return None if after in (None, "", 0) else _year(after)
    return None if after in (None, "") else str(after)


def _year(value: object) -> int:
    try:
        year = int(str(value).strip())
    except ValueError as error:
        raise bad_input(f"年份无效：{value}", f"invalid year: {value!r}") from error
    if not 1 <= year <= 9999:
        raise bad_input(f"年份无效：{value}", f"invalid year: {value!r}")
    return year


_ADDED_FIELDS = ("value", "low", "high", "unit", "qualifier", "kind", "label")


def _checked_added(after: object) -> dict:
    if not isinstance(after, Mapping):
        raise bad_input("新增数据的内容无效", "an added figure's fields are invalid")
    added = {k: after.get(k) for k in _ADDED_FIELDS}
    for key in ("value", "low", "high"):
        if added[key] is not None and not isinstance(added[key], (int, float)):
            raise bad_input("新增数据的数值无效", "an added figure's value is not a number")
    unit = str(added["unit"] or "")
    added["unit"] = unit
    added["kind"] = str(added["kind"] or metric_kind_of(unit))
    return added


def dumps(value: Any) -> str:
    """A before/after value as stored (JSON text)."""
    return json.dumps(value, ensure_ascii=False)


def with_status(correction: Correction, status: CorrectionStatus, **changes: Any) -> Correction:
    return replace(correction, status=status, **changes)
