"""The knowledge base's corrections API: KnowledgeBase inherits CorrectionsMixin.

Building a correction (`section_correction`, `metric_correction`, `added_metric`) checks the
user's input and stores nothing. `apply_correction` stores one and writes the document's
corrected rows in the same SQLite transaction (the parser's output for the stored text,
corrected by every correction of the document: core/correction_apply.py), so a kill leaves
the old or the new state; the search index follows like after any write. `revert_corrections`
removes corrections and writes the rows again without them. Both are journaled, for
`undo_correction` (`zhiku correct undo`); the window's QUndoStack calls apply_correction with
the Correction it got back (its id is kept, so undo/redo in any order names the same
correction) and revert_corrections([id]).

Section and figure ids stay across a correction (Store.rewrite_document); a split's new
section and an added figure get new ids.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.correction_apply import added_figure, apply_corrections
from desktop_app.core.corrections import (
    ANCHOR_CHARS,
    Anchor,
    Correction,
    CorrectionImport,
    CorrectionMarks,
    CorrectionStatus,
    CorrectionTarget,
    JournalAction,
    bad_input,
    check_borderline,
    check_kind,
    check_level,
    check_text,
    check_unit,
    from_json,
    parse_value,
)
from desktop_app.core.dates import utc_stamp
from desktop_app.core.errors import CorrectionError, InputError, NotFoundError, ZhikuError
from desktop_app.core.kb_host import KnowledgeBaseHost
from desktop_app.core.kb_input import section_kind, user_year
from desktop_app.core.parser import parse_text
from desktop_app.core.records import SectionRow
from desktop_app.core.store import Store, content_hash

if TYPE_CHECKING:
    pass

_SPACE = frozenset(" \t\r\n\u3000\u00a0")
_USER_COLUMNS = {"title": "user_title", "year": "user_year", "issuer": "user_issuer"}


class CorrectionsMixin(KnowledgeBaseHost):
    """Corrections of sections, figures and release properties; see the module docstring."""

    # -- building (checked, not stored) ------------------------------------------------

    def section_correction(self, section_id: int, field: str, value: object = None) -> Correction:
        """A correction of a section: field `kind` (a kind name or label such as 主要成效),
        `level` (1 or 2), `heading` (text), `merge` (into the section before it), `split`
        (value: a document offset inside the section, where the new one starts).
        NotFoundError for an unknown section, InputError for a bad value."""
        with self._lock:
            row = self._store.section_row(int(section_id))
            if row is None:
                raise NotFoundError(f"没有编号为 {section_id} 的段落", f"no section with id {section_id}")
            text, digest = self._text_and_hash(row.doc_id)
        start, end = row.start, row.end
        before: Any = getattr(row, field, None)
        if field == "kind":
            after: Any = check_kind(section_kind(str(value)))
        elif field == "level":
            after = check_level(_whole(value, ("层级", "level")))
            if after == 2 and row.level == 1 and row.position == 0:
                raise bad_input("第一个段落之前没有可归属的段落，无法改为第 2 级",
                                "the first section has no area before it to become an item of")
        elif field == "heading":
            after = check_text(value, ("标题", "heading"))
        elif field == "merge":
            after, before = True, False
        elif field == "split":
            start = _split_offset(text, row, _whole(value, ("位置", "offset")))
            after, before = start, None
        else:
            raise bad_input(f"未知的段落修改：{field}", f"unknown section correction {field!r}")
        _changes(before, after)
        anchor = Anchor(start, min(end, start + ANCHOR_CHARS), text[start:min(end, start + ANCHOR_CHARS)])
        if field == "split":
            stop = min(len(text), start + ANCHOR_CHARS)
            anchor = Anchor(start, stop, text[start:stop])
        return Correction(None, row.doc_id, CorrectionTarget.SECTION, field, anchor, before, after,
                          content_hash=digest)

    def metric_correction(self, metric_id: int, field: str, value: object = None) -> Correction:
        """A correction of a figure: `label`, `unit` (one the unit rules know, or X/Y of
        such), `value` (a number or a range 800-1000: value = low), `borderline` (yes/no),
        `remove`. NotFoundError for an unknown figure, InputError for a bad value."""
        with self._lock:
            row = self._store.metric(int(metric_id))
            if row is None:
                raise NotFoundError(f"没有编号为 {metric_id} 的数据", f"no figure with id {metric_id}")
            text, digest = self._text_and_hash(row.doc_id)
        before: Any
        after: Any
        if field == "label":
            before, after = row.label, check_text(value, ("指标名称", "label"))
        elif field == "unit":
            before, after = row.unit, check_unit(value)
        elif field == "value":
            before = {"value": row.value, "low": row.low, "high": row.high}
            after = parse_value(value)
        elif field == "borderline":
            before, after = row.borderline, check_borderline(value)
        elif field == "remove":
            before, after = False, True
        else:
            raise bad_input(f"未知的数据修改：{field}", f"unknown figure correction {field!r}")
        _changes(before, after)
        anchor = Anchor(row.start, row.end, text[row.start:row.end])
        return Correction(None, row.doc_id, CorrectionTarget.METRIC, field, anchor, before, after, content_hash=digest)

    def added_metric(self, doc_id: int, start: int, end: int) -> Correction:
        """A figure the user selected as the document's text[start:end] (END exclusive),
        read by the figure rules. InputError for offsets outside the text, a selection
        without a number, or one that already is a figure."""
        with self._lock:
            text, digest = self._text_and_hash(int(doc_id))
            taken = self._store.db.execute(
                'SELECT id FROM metrics WHERE doc_id = ? AND "start" = ? AND "end" = ?',
                [int(doc_id), int(start), int(end)]).fetchone()
        if taken:
            raise bad_input(f"这段文字已是一项数据（编号 {taken[0]}）",
                            f"this text already is a figure (id {taken[0]})")
        after = added_figure(text, int(start), int(end))
        return Correction(None, int(doc_id), CorrectionTarget.METRIC, "add", Anchor(int(start), int(end), text[start:end]),
                          None, after, content_hash=digest)

    def property_correction(self, doc_id: int, field: str, value: object) -> Correction:
        """A correction of a release's `title`, `issuer` (text; "" or None: the parser's) or
        `year` (1..9999; 0, "" or None: none set). set_properties records these itself."""
        if field not in _USER_COLUMNS:
            raise bad_input(f"未知的属性：{field}", f"unknown property {field!r}")
        with self._lock:
            row = self._store.document_row(int(doc_id))
            if row is None:
                raise NotFoundError(f"没有编号为 {doc_id} 的文档", f"no document with id {doc_id}")
            digest = self._text_and_hash(int(doc_id))[1]
        if field == "year":
            after: Any = user_year(str(value).strip() if value is not None else "") or None
        else:
            after = " ".join(str(value or "").split()) or None
        return Correction(None, int(doc_id), CorrectionTarget.DOCUMENT, field, Anchor(0, 0, ""),
                          getattr(row, _USER_COLUMNS[field]),
                          after, content_hash=digest)

    # -- applying and reverting ------------------------------------------------------

    def apply_correction(self, correction: Correction, *, journal: bool = True) -> Correction:
        """Store `correction` and write its document's corrected rows, in one transaction;
        returns it as stored (with its id; one that has an id keeps it: a redo). InputError
        when it cannot be applied (nothing is changed then)."""
        return self.apply_corrections([correction], journal=journal)[0]

    def apply_corrections(self, corrections: Sequence[Correction], *, journal: bool = True
                          ) -> list[Correction]:
        """`apply_correction` for several at once: all or none, one journal entry."""
        with self._writing():
            index_ok = self._index.problem(self._store.state()) is None
            with self._store.transaction():
                stored = [self._store_correction(c, strict=True) for c in corrections]
                if journal:
                    self._store.push_journal(JournalAction.APPLY, stored)
            self._sync_index(sorted({c.doc_id for c in stored}), index_ok)
        return stored

    def revert_corrections(self, ids: Sequence[int], *, journal: bool = True) -> list[Correction]:
        """Remove corrections and write their documents' rows again without them; returns
        them as they were (apply them again to redo). NotFoundError for an unknown id."""
        with self._writing():
            index_ok = self._index.problem(self._store.state()) is None
            with self._store.transaction():
                removed = self._remove_corrections([int(i) for i in ids])
                if journal and removed:
                    self._store.push_journal(JournalAction.REVERT, removed)
            self._sync_index(sorted({c.doc_id for c in removed}), index_ok)
        return removed

    def undo_correction(self) -> list[Correction]:
        """Undo the last journaled apply or revert (`zhiku correct undo`): the corrections
        it applied are removed, or those it removed applied again. InputError when there is
        nothing to undo."""
        with self._writing():
            index_ok = self._index.problem(self._store.state()) is None
            with self._store.transaction():
                done = self._undo_one()
            self._sync_index(sorted({c.doc_id for c in done}), index_ok)
        return done

    def restore_parser_version(self, doc_id: int, *, section_id: int | None = None,
                               metric_id: int | None = None) -> list[Correction]:
        """Remove the corrections of one section or figure, or (neither given) of the whole
        document, properties included: the parser's version comes back. Journaled (undo
        applies them again). Returns the corrections removed."""
        found = self.corrections(doc_id, section_id=section_id, metric_id=metric_id)
        return self.revert_corrections([c.id for c in found if c.id is not None]) if found else []

    # -- the CLI's one-call forms ----------------------------------------------------

    def correct_section(self, section_id: int, *, kind: str | None = None, level: int | str | None = None,
                        split_at: int | str | None = None, merge_into_previous: bool = False,
                        heading: str | None = None) -> Correction:
        """Build and apply one section correction (exactly one option)."""
        given = [(f, v) for f, v in (("kind", kind), ("level", level), ("split", split_at),
                                     ("merge", True if merge_into_previous else None),
                                     ("heading", heading)) if v is not None]
        if len(given) != 1:
            raise bad_input("请给出一项修改：--kind、--level、--split-at、--merge-into-previous 或 --heading",
                            "give one correction: --kind, --level, --split-at, --merge-into-previous or --heading")
        return self.apply_correction(self.section_correction(section_id, *given[0]))

    def correct_metric(self, metric_id: int, *, label: str | None = None, unit: str | None = None,
                       value: str | None = None, borderline: str | bool | None = None,
                       remove: bool = False) -> list[Correction]:
        """Build and apply the given figure corrections together (all or none)."""
        given = [(f, v) for f, v in (("label", label), ("unit", unit), ("value", value),
                                     ("borderline", borderline), ("remove", True if remove else None))
                 if v is not None]
        if not given:
            raise bad_input("请给出修改：--label、--unit、--value、--borderline 或 --remove",
                            "give a correction: --label, --unit, --value, --borderline or --remove")
        if remove and len(given) > 1:
            raise bad_input("--remove 不能与其他修改同时使用", "--remove cannot go with other corrections")
        return self.apply_corrections([self.metric_correction(metric_id, f, v) for f, v in given])

    def add_metric(self, doc_id: int, start: int, end: int) -> Correction:
        """Build and apply the addition of the figure written at text[start:end]."""
        return self.apply_correction(self.added_metric(doc_id, start, end))

    # -- reading ----------------------------------------------------------------------

    def corrections(self, doc_id: int | None = None, *, section_id: int | None = None,
                    metric_id: int | None = None) -> list[Correction]:
        """The corrections of a document (None: of all), or only those of one of its
        sections or figures (the item's start, or span, is where they are anchored), in
        the order they were made."""
        with self._lock:
            if doc_id is not None and self._store.document_row(int(doc_id)) is None:
                raise NotFoundError(f"没有编号为 {doc_id} 的文档", f"no document with id {doc_id}")
            found = self._store.corrections(None if doc_id is None else int(doc_id))
            if section_id is not None:
                row = self._store.section_row(int(section_id))
                start = row.start if row else -1
                found = [c for c in found if c.target is CorrectionTarget.SECTION and c.status is CorrectionStatus.APPLIED
                         and c.anchor.start == start]
            elif metric_id is not None:
                span = self._store.db.execute('SELECT "start", "end" FROM metrics WHERE id = ?',
                                              [int(metric_id)]).fetchone()
                found = [c for c in found if c.target is CorrectionTarget.METRIC and c.status is CorrectionStatus.APPLIED and span
                         and (c.anchor.start, c.anchor.end) == tuple(span)]
        return found

    def correction_marks(self, doc_id: int) -> CorrectionMarks:
        """What is corrected in a document, for its marks (see CorrectionMarks)."""
        return self.correction_marks_of([doc_id]).get(int(doc_id), CorrectionMarks())

    def correction_marks_of(self, doc_ids: Sequence[int]) -> dict[int, CorrectionMarks]:
        """correction_marks of several documents (those with corrections only): one query
        when no document has any, then one finds those that do."""
        with self._lock:
            if not self._store.has_corrections():
                return {}
            found = {}
            for doc_id in self._store.corrected_documents(doc_ids):
                corrections = self._store.corrections(doc_id)
                if corrections:
                    found[doc_id] = _marks(self._store, doc_id, corrections)
            return found

    # -- export and import ------------------------------------------------------------

    def export_corrections(self, path: str | os.PathLike[str], doc_id: int | None = None) -> int:
        """Write the corrections (of one document, or all) to a JSON file in the
        `corrections --json` shape; returns how many."""
        found = self.corrections(doc_id)
        target = Path(path)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")
            os.replace(tmp, target)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise InputError(f"无法写入文件：{target}（{error.strerror or error}）",
                             f"cannot write {target}: {error.strerror or error}") from error
        return len(found)

    def import_corrections(self, path: str | os.PathLike[str]) -> CorrectionImport:
        """Read corrections exported on another workstation and apply them here, all in
        one transaction: each goes to the document with its content hash, else to the one
        with its id when that document holds its quoted text (or it is a property); it is
        applied or, when its anchor is not found, kept as orphaned. Those whose document is
        not here, and those already here, are left out (CorrectionImport.skipped)."""
        items = _read_corrections_file(Path(path))
        parsed = [from_json(item) for item in items]  # InputError before anything is written
        with self._writing():
            index_ok = self._index.problem(self._store.state()) is None
            stored: list[Correction] = []
            skipped: list[tuple[dict, str]] = []
            with self._store.transaction():
                for item, correction in zip(items, parsed, strict=True):
                    doc_id = self._import_target(correction)
                    if doc_id is None:
                        skipped.append((item, "知识库中没有该文档 / no such document here"))
                        continue
                    correction = replace(correction, doc_id=doc_id)
                    if self._already_here(correction):
                        skipped.append((item, "已有相同的修改 / already here"))
                        continue
                    stored.append(self._store_correction(correction, strict=False))
                if stored:
                    self._store.push_journal(JournalAction.APPLY, stored)
            self._sync_index(sorted({c.doc_id for c in stored}), index_ok)
        return CorrectionImport(tuple(stored), tuple(skipped))

    # -- inside a transaction ---------------------------------------------------------

    def _record_properties(self, ids: Sequence[int], *, title: str | None, year: int | None,
                           issuer: str | None) -> None:
        """Record the user's property edits of `ids` as corrections (one journal entry),
        before Store.set_properties makes them: each value that changes, with the one before."""
        wanted = {"title": None if title is None else (title.strip() or None),
                  "year": None if year is None else (int(year) or None),
                  "issuer": None if issuer is None else (issuer.strip() or None)}
        given = {"title": title is not None, "year": year is not None, "issuer": issuer is not None}
        made = []
        for doc_id in ids:
            row = self._store.document_row(doc_id)
            if row is None:
                continue
            digest = self._text_and_hash(doc_id)[1]
            for name, column in _USER_COLUMNS.items():
                if given[name] and getattr(row, column) != wanted[name]:
                    made.append(self._store.add_correction(Correction(
                        None, doc_id, CorrectionTarget.DOCUMENT, name, Anchor(0, 0, ""), getattr(row, column), wanted[name],
                        content_hash=digest, created_at=utc_stamp())))
        if made:
            self._store.push_journal(JournalAction.APPLY, made)

    def _text_and_hash(self, doc_id: int) -> tuple[str, str]:
        source = self._store.reparse_source(doc_id)
        if source is None:
            raise NotFoundError(f"没有编号为 {doc_id} 的文档", f"no document with id {doc_id}")
        return source.text, source.content_hash

    def _store_correction(self, c: Correction, *, strict: bool) -> Correction:
        """Store one correction and apply it (strict: InputError when it cannot be,
        which rolls the transaction back; else it may be stored as orphaned)."""
        if c.id is not None and self._store.corrections_by_id([c.id]):
            return self._store.corrections_by_id([c.id])[0]  # a redo of one still there
        source = self._store.reparse_source(c.doc_id)
        if source is None:
            raise NotFoundError(f"没有编号为 {c.doc_id} 的文档", f"no document with id {c.doc_id}")
        c = replace(c, created_at=c.created_at or utc_stamp(), status=CorrectionStatus.APPLIED,
                    content_hash=c.content_hash or source.content_hash)
        if c.target is CorrectionTarget.DOCUMENT:
            return self._store_property(c)
        stored = self._store.add_correction(c)
        self._rewrite(c.doc_id, strict_id=stored.id if strict else None)
        return self._store.corrections_by_id([stored.id])[0] if stored.id is not None else stored

    def _store_property(self, c: Correction) -> Correction:
        """A release property correction: the user's value is set as `after`."""
        row = self._store.document_row(c.doc_id)
        assert row is not None, "the document was checked"
        c = replace(c, before=getattr(row, _USER_COLUMNS[c.field]))
        self._store.set_properties(c.doc_id, **_property_args(c.field, c.after))
        return self._store.add_correction(c)

    def _rewrite(self, doc_id: int, *, strict_id: int | None = None) -> None:
        """Write a document's rows as the parser gives them for its stored text, corrected
        by its corrections (their states saved)."""
        source = self._store.reparse_source(doc_id)
        assert source is not None, "the document was checked"
        doc = parse_text(source.text, file=source.file, encoding=source.encoding)
        digest = content_hash(doc.text) if doc.text != source.text else source.content_hash
        applied = apply_corrections(doc, self._store.corrections(doc_id), digest,
                                    strict=() if strict_id is None else (strict_id,))
        self._store.save_correction_states(applied.corrections)
        self._store.rewrite_document(doc_id, applied.document)

    def _remove_corrections(self, ids: list[int]) -> list[Correction]:
        found = self._store.corrections_by_id(ids)
        missing = sorted(set(ids) - {c.id for c in found if c.id is not None})
        if missing:
            raise NotFoundError(f"没有编号为 {missing[0]} 的修改", f"no correction with id {missing[0]}")
        self._store.delete_corrections(ids)
        for c in sorted((c for c in found if c.target is CorrectionTarget.DOCUMENT), key=lambda c: -(c.id or 0)):
            later = [o for o in self._store.corrections(c.doc_id)
                     if o.target is CorrectionTarget.DOCUMENT and o.field == c.field and (o.id or 0) > (c.id or 0)]
            if not later:  # the value it set is the one shown: the one before it comes back
                self._store.set_properties(c.doc_id, **_property_args(c.field, c.before))
        for doc_id in sorted({c.doc_id for c in found if c.target is not CorrectionTarget.DOCUMENT}):
            self._rewrite(doc_id)
        return found

    def _undo_one(self) -> list[Correction]:
        while True:
            entry = self._store.pop_journal()
            if entry is None:
                raise CorrectionError("没有可撤销的修改", "there is nothing to undo (no correction left in the journal)")
            action, items = entry.action, entry.corrections
            ids = [int(i["id"]) for i in items if isinstance(i, dict) and isinstance(i.get("id"), int)]
            if action is JournalAction.APPLY:
                present = [c.id for c in self._store.corrections_by_id(ids) if c.id is not None]
                if present:
                    return self._remove_corrections(present)
            elif action is JournalAction.REVERT:
                again = [self._reapplied(i) for i in items if isinstance(i, dict)]
                done = [c for c in again if c is not None]
                if done:
                    return done
            # an entry with nothing left to undo (undone since by other means): the one before

    def _reapplied(self, item: dict) -> Correction | None:
        try:
            correction = replace(from_json(item), id=int(item["id"]), doc_id=int(item["doc_id"]))
        except (ZhikuError, KeyError, TypeError, ValueError):
            return None
        if self._store.corrections_by_id([correction.id or 0]) or \
                self._store.document_row(correction.doc_id) is None:
            return None
        return self._store_correction(correction, strict=False)

    def _import_target(self, c: Correction) -> int | None:
        if c.content_hash:
            same = self._store.find_by_hash(c.content_hash)
            if same is not None:
                return same.id
        text = self._store.document_text(c.doc_id)
        if text is None:
            return None
        return c.doc_id if c.target is CorrectionTarget.DOCUMENT or (c.anchor.text and c.anchor.text in text) else None

    def _already_here(self, c: Correction) -> bool:
        return any(o.target == c.target and o.field == c.field and o.after == c.after
                   and (o.anchor.text, o.anchor.start) == (c.anchor.text, c.anchor.start)
                   for o in self._store.corrections(c.doc_id))


def _changes(before: object, after: object) -> None:
    """InputError for a correction that would change nothing (it already is so)."""
    if before == after:
        raise bad_input(f"已经是“{after}”，无需修改", f"it already is {after!r}; there is nothing to change")


def _whole(value: object, what: tuple[str, str]) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise bad_input(f"{what[0]}必须是整数：{value}", f"the {what[1]} must be a whole number, not {value!r}") from None


def _split_offset(text: str, row: SectionRow, offset: int) -> int:
    """Where a split of section `row` at document offset `offset` starts the new section
    (past white space); InputError outside the text or the section, or for an empty part."""
    if not 0 <= offset <= len(text):
        raise bad_input(f"位置超出文本范围：{offset}（文本共 {len(text)} 个字符）",
                        f"offset {offset} is outside the text (it has {len(text)} characters)")
    if not row.start <= offset < row.end:
        raise bad_input(f"位置 {offset} 不在段落 {row.id} 之内（{row.start}–{row.end}）",
                        f"offset {offset} is not inside section {row.id} ({row.start}-{row.end})")
    while offset < row.end and text[offset] in _SPACE:
        offset += 1
    if not text[row.start:offset].strip() or not text[offset:row.end].strip():
        raise bad_input("拆分后会留下空段落", "the split would leave an empty section")
    return offset


def _property_args(field: str, value: Any) -> dict[str, Any]:
    """Store.set_properties' arguments setting one user property to `value` (None: the
    parser's)."""
    args: dict[str, Any] = {"title": None, "year": None, "issuer": None}
    args[field] = (value or 0) if field == "year" else (value or "")
    return args


def _marks(store: Store, doc_id: int, corrections: list[Correction]) -> CorrectionMarks:
    """Map a document's applied corrections to its current rows (by their anchors)."""
    row = store.document_row(doc_id)
    parsed = {"title": row.title if row else None, "issuer": row.issuer if row else None, "year": None}
    section_starts: dict[int, int] = {}
    for sid, start in store.db.execute('SELECT id, "start" FROM sections WHERE doc_id = ? ORDER BY position',
                                       [doc_id]).fetchall():
        section_starts.setdefault(start, sid)
    spans = {(start, end): mid for mid, start, end in store.db.execute(
        'SELECT id, "start", "end" FROM metrics WHERE doc_id = ?', [doc_id]).fetchall()}
    sections: dict[int, dict[str, Any]] = {}
    metrics: dict[int, dict[str, Any]] = {}
    document: dict[str, Any] = {}
    removed: set[tuple[int, int]] = set()  # spans of figures the user removed
    for c in corrections:
        if c.status is not CorrectionStatus.APPLIED:
            continue
        if c.target is CorrectionTarget.DOCUMENT:
            document.setdefault(c.field, c.before if c.before is not None else parsed.get(c.field))
        elif c.target is CorrectionTarget.SECTION:
            sid = section_starts.get(c.anchor.start)
            if sid is None and c.field == "merge":
                sid = next((s for start, s in sorted(section_starts.items(), reverse=True)
                            if start <= c.anchor.start), None)
            if sid is not None:
                sections.setdefault(sid, {}).setdefault(c.field, c.before)
        elif c.field == "remove":  # a removed figure has no row to mark
            removed.add((c.anchor.start, c.anchor.end))
        else:
            span = (c.anchor.start, c.anchor.end)
            mid = spans.get(span)
            if mid is not None and c.field == "add" and span in removed:
                metrics.pop(mid, None)  # the parser's figure added back: as the parser found it
                removed.discard(span)
            elif mid is not None:
                metrics.setdefault(mid, {}).setdefault(c.field, c.before)
    return CorrectionMarks(sections, metrics, document, tuple(c for c in corrections if c.status is CorrectionStatus.ORPHANED))


def _read_corrections_file(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InputError(f"找不到文件：{path}", f"file not found: {path}") from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise InputError(f"无法读取修改记录文件：{path}（应为 zhiku corrections --export 写出的 JSON）",
                         f"cannot read the corrections file {path} (expected the JSON that zhiku "
                         f"corrections --export writes): {error}") from error
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError(f"修改记录文件格式不对：{path}（应为 JSON 列表）",
                         f"the corrections file {path} is not a JSON list of corrections")
    return data


def iter_orphaned(corrections: Sequence[Correction]) -> Iterator[Correction]:
    """The orphaned ones among `corrections` (for reports)."""
    return (c for c in corrections if c.status is CorrectionStatus.ORPHANED)
