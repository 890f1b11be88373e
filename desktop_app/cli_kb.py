"""Knowledge-base subcommands: import, list, show, search, metrics, delete, reindex, backup,
restore. Each takes the argparse Namespace and returns the exit code:
0 ok, 1 a search or filter found nothing, 2 bad input or a refused file, 3 busy.

Readable output shows control characters from documents and file names as escapes
(desktop_app/core/terminal.py); --json and --csv give the data as stored (see _write_csv).
"""
from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict

from desktop_app.core.corrections import Correction, CorrectionMarks, CorrectionStatus
from desktop_app.core.errors import InputError, ZhikuError
from desktop_app.core.import_files import allow_parse_workers
from desktop_app.core.import_progress import ImportMeter, progress_line
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.kb_input import METRIC_KIND_LABELS, SECTION_KIND_LABELS, metric_kind, section_kind
from desktop_app.core.records import (
    DocumentInfo,
    DocumentQuery,
    ImportReport,
    MetricRecord,
    SearchResult,
    SectionRecord,
)
from desktop_app.core.terminal import block, json_text, one_line

OK, NOTHING, BAD_INPUT = 0, 1, 2
_KIND_NAMES = {kind: labels[0] for kind, labels in SECTION_KIND_LABELS.items()}  # 导语, 主要成效 …


def _open(args) -> KnowledgeBase:
    kb = KnowledgeBase.open(getattr(args, "data_dir", None), seed=not getattr(args, "no_seed", False),
                            upgrade_progress=UpgradeLine(sys.stderr))
    if kb.read_only_notice:  # reading works; say why a write will be refused
        print(one_line(f"zhiku: {kb.read_only_notice}"), file=sys.stderr)
    return kb


class UpgradeLine:
    """The upgrade's progress on stderr (a knowledge base re-parsed for a newer parser, see
    core/upgrade.py): one line rewritten in place on a terminal, else a line per tenth."""

    def __init__(self, stream):
        self._stream = stream
        self._shown = -1  # the tenth last printed (not on a terminal)

    def __call__(self, done: int, total: int, backup: str) -> None:
        terminal = _is_terminal(self._stream)
        tenth = done * 10 // max(total, 1)
        if not terminal and tenth == self._shown and done < total:
            return
        self._shown = tenth
        text = (f"升级知识库（用新版解析器重新解析文档）/ upgrading the knowledge base (re-parsing "
                f"documents for the new parser): {done}/{total}")
        if done == 0 and backup:
            text += f"  备份 backup: {one_line(backup)}"
        end = "\n" if done >= total or not terminal or (done == 0 and backup) else ""
        try:
            self._stream.write(("\r" if terminal else "") + text + end)
            self._stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr: progress is optional
            pass


class ImportLine:
    """An import's progress on a terminal: one line rewritten in place (files done, MB/s,
    time left), at most every REFRESH seconds, cleared before the report is printed. Used
    only when stdout is a terminal and not with --json."""

    REFRESH = 0.2

    def __init__(self, stream, clock: Callable[[], float] = time.monotonic):
        self._stream = stream
        self._clock = clock
        self.meter = ImportMeter(clock=clock)
        self._shown_at: float | None = None
        self._width = 0  # characters of the line shown, to blank it

    def __call__(self, done: int, total: int, path: str) -> None:
        self.meter.update(done, total, path)
        now = self._clock()
        if self._shown_at is not None and now - self._shown_at < self.REFRESH and done < total:
            return
        self._shown_at = now
        text = progress_line(self.meter)
        self._write("\r" + text + " " * max(0, self._width - len(text)))
        self._width = len(text)

    def clear(self) -> None:
        """Blank the line (before the report, or an error, is printed)."""
        if self._width:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a closed or broken stream: progress is optional
            pass


def _emit(args, data, text: str) -> None:
    """Print JSON (UTF-8, not ASCII-escaped) with --json, else the readable text. Fields in
    `text` are escaped by its builder; `block` here is the safety net for any that is not."""
    if getattr(args, "json", False):
        output = json_text(json.dumps(data, ensure_ascii=False, indent=1)) + "\n"
    else:
        output = block(text)
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # `… | head`: the reader left
        sys.stdout = None


def _kind(given: str | None, resolve: Callable[[str], str | None],
          labels: dict[str, tuple[str, ...]], what: tuple[str, str]) -> str | None:
    """The kind name for --kind, given as a name or as the label the window shows (主要成效)."""
    if given is None:
        return None
    kind = resolve(given)
    if kind is None or kind in labels:
        return kind
    choices_zh = "、".join(f"{k}（{names[0]}）" for k, names in labels.items())
    choices_en = ", ".join(labels)
    raise InputError(f"未知的{what[0]}类型“{one_line(given)}”，可用：{choices_zh}",
                     f"unknown {what[1]} kind {given!r}; use one of: {choices_en}")


# --------------------------------------------------------------------------- import

def run_import(args) -> int:
    """Import files and folders; exit 2 when any file was refused (the rest are imported).

    If the import stops (busy, disk full), what was imported before is printed, then the
    error (exit 3 for busy). A search index that could not be written is a warning only."""
    previous = allow_parse_workers(True)  # our __main__ is guarded: workers may re-import it
    line = ImportLine(sys.stdout) if _is_terminal(sys.stdout) and not getattr(args, "json", False) else None
    try:
        with _open(args) as kb:
            try:
                report = kb.import_paths(args.paths, progress=line)
            except ZhikuError as error:
                if line is not None:
                    line.clear()
                partial = error.partial
                if partial is not None and (partial.imported or partial.skipped or partial.refused):
                    _print_import(args, partial, None)
                raise
            if line is not None:
                line.clear()
            if report.replaced:
                _compact_if_worthwhile(kb)
            warning = kb.index_warning
            orphaned = [c for _, doc_id in report.replaced for c in kb.corrections(doc_id)
                        if c.status is CorrectionStatus.ORPHANED]
    finally:
        allow_parse_workers(previous)
    _print_import(args, report, warning, orphaned)
    return BAD_INPUT if report.refused else OK


def _print_import(args, report: ImportReport, warning: str | None, orphaned: Sequence[Correction] = ()) -> None:
    replaced = set(report.replaced)
    suspect = {(p, d): w for p, d, w in report.warnings}  # files that do not look like releases
    data = {
        "imported": [{"path": p, "doc_id": d, **({"replaced": True} if (p, d) in replaced else {}),
                      **({"warning": suspect[(p, d)]} if (p, d) in suspect else {})}
                     for p, d in report.imported],
        "skipped": [{"path": p, "doc_id": d, "reason": r} for p, d, r in report.skipped],
        "refused": [{"path": p, "error": e} for p, e in report.refused],
    }
    if report.notes:  # documents not parsed in full (past the parser's limits)
        data["notes"] = [{"path": p, "doc_id": d, "note": n} for p, d, n in report.notes]
    lines = [f"已替换 replaced  {d}  {one_line(p)}" if (p, d) in replaced
             else f"导入 imported  {d}  {one_line(p)}" for p, d in report.imported]
    lines += [f"注意 note      {d}  {one_line(p)}  ({one_line(n)})" for p, d, n in report.notes]
    lines += [f"注意 warning   {d}  {one_line(p)}  ({one_line(w)})" for p, d, w in report.warnings]
    lines += [f"跳过 skipped   {d}  {one_line(p)}  ({one_line(r)})" for p, d, r in report.skipped]
    lines += [f"拒绝 refused   -  {one_line(p)}  {one_line(e)}" for p, e in report.refused]
    new = len(report.imported) - len(replaced)
    lines.append(f"共 {new} 个导入，{len(replaced)} 个替换，{len(report.skipped)} 个跳过，{len(report.refused)} 个拒绝 / "
                 f"{new} imported, {len(replaced)} replaced, {len(report.skipped)} skipped, "
                 f"{len(report.refused)} refused")
    if warning:
        data["warning"] = warning
        lines.append(f"警告 warning: {one_line(warning)}")
    if orphaned:  # corrections of a replaced release whose text is gone
        data["orphaned_corrections"] = [c.to_json() for c in orphaned]
        lines += [f"注意 note      {c.doc_id}  修改 {c.id} 已孤立：原文中找不到“{one_line(c.anchor.text[:20])}” / "
                  f"correction {c.id} is orphaned: its text is gone (zhiku corrections --doc {c.doc_id})"
                  for c in orphaned]
    _emit(args, data, "\n".join(lines) + "\n")


def _compact_if_worthwhile(kb: KnowledgeBase) -> None:
    """Purge deleted sections from the search index when needs_compaction says it pays;
    an optimisation only, so a busy or failing index never fails the command."""
    try:
        if kb.needs_compaction():
            kb.compact_index()
    except ZhikuError:
        pass


# ----------------------------------------------------------------------------- list

def _query(args, *, kind: str | None) -> DocumentQuery:
    """The document filters of `list` and `search` (argparse checked each value)."""
    return DocumentQuery(date_from=args.date_from, date_to=args.date_to, year=args.year or None,
                         issuer=args.issuer, kind=kind, doc_ids=args.doc,
                         sort=getattr(args, "sort", "date"), descending=getattr(args, "desc", False),
                         limit=args.limit, offset=args.offset)


def run_list(args) -> int:
    """The documents matching the filters (all by default) with their sections. Plain
    `list` prints a JSON list; with any filter or paging option, an object: the page of
    "documents", "total", "offset" and "undated_excluded"."""
    kind = _kind(args.kind, section_kind, SECTION_KIND_LABELS, ("段落", "section"))
    query = _query(args, kind=kind)
    with _open(args) as kb:
        page = kb.document_page(query)
        marks = kb.correction_marks_of([d.id for d in page.docs]) if args.json else {}
    docs = page.docs
    data: object = [document_json(d, marks.get(d.id)) for d in docs]
    if query != DocumentQuery(sort=query.sort, descending=query.descending):
        data = {"documents": data, "total": page.total, "offset": page.offset,
                "undated_excluded": page.undated_excluded}
    lines = []
    for d in docs:
        lines.append(f"[{d.id}] {one_line(d.title or '-')}  {one_line(d.dateline or '')}  "
                     f"{one_line(d.issuer or '')}  ({one_line(d.file or '-')}, "
                     f"{d.metric_count} 项数据 metrics)")
        for s in d.sections:
            lines.append(f"    {s.id:>6}  {_indent(s.level)}{_section_label(s.kind, s.number, s.keyword)}  "
                         f"{one_line(s.heading or '')}")
    if not docs and not isinstance(data, dict):
        lines.append("知识库是空的 / the knowledge base is empty")
    if isinstance(data, dict):
        lines.append(_page_line(len(docs), page.total, page.offset, "篇文档", "documents"))
        lines += _undated_line(page.undated_excluded)
    _emit(args, data, "\n".join(lines) + "\n")
    return OK


def document_json(d: DocumentInfo, marks: CorrectionMarks | None = None) -> dict:
    """A document as `list --json` gives it, with the date contract (core/dates.py). What the
    user corrected carries "corrected": {field: the value before}; `metric_count` counts the
    figures that are not borderline, `borderline_count` the others."""
    marks = marks or CorrectionMarks()
    data = {
        "id": d.id, "title": d.title, "dateline": d.dateline, "date": d.date, "year": d.year,
        "date_source": d.date_source, "issuer": d.issuer, "file": d.file,
        "imported_at": d.imported_at, "metric_count": d.metric_count,
        "borderline_count": d.borderline_count,
        "sections": [_corrected({"id": s.id, "kind": s.kind, "number": s.number, "keyword": s.keyword,
                                 "heading": s.heading, "level": s.level, "parent_id": s.parent_id},
                                marks.sections.get(s.id))
                     for s in d.sections],
    }
    return _corrected(data, marks.document)


def _corrected(data: dict, originals: dict | None) -> dict:
    """`data` with "corrected": {field: original} when the user corrected any field of it."""
    if originals:
        data["corrected"] = dict(originals)
    return data


def _page_line(shown: int, total: int, offset: int, zh: str, en: str) -> str:
    if shown < total:
        return (f"第 {offset + 1}–{offset + shown} 个，共 {total} {zh} / "
                f"{offset + 1}–{offset + shown} of {total} {en}") if shown else \
            f"共 {total} {zh}，此页为空 / {total} {en}; this page is empty"
    return f"共 {total} {zh} / {total} {en}"


def _undated_line(count: int) -> list[str]:
    if not count:
        return []
    return [f"未注明日期的 {count} 篇未列入 / {count} undated releases left out"]


# ------------------------------------------------------------------------------ set

def run_set(args) -> int:
    """Set the year and/or issuer of many documents at once: all or none (an unknown id
    exits 2 and changes nothing)."""
    if args.year is None and args.issuer is None:
        raise InputError("请给出 --year 或 --issuer", "give --year or --issuer")
    with _open(args) as kb:
        updated = kb.set_properties_many(args.doc, year=args.year, issuer=args.issuer)
    shown = ", ".join(str(i) for i in updated)
    _emit(args, {"updated": updated}, f"已更新 updated: {shown}\n")
    return OK


def _indent(level: int) -> str:
    """Readable output indents an item (level 2) under its area."""
    return "    " * max(0, level - 1)


def _section_label(kind: str, number: int, keyword: str | None) -> str:
    label = f"{_KIND_NAMES.get(kind, kind)}{number}"
    return f"{label}「{one_line(keyword)}」" if keyword else label


# ----------------------------------------------------------------------------- show

def run_show(args) -> int:
    """One section with its text and metrics."""
    with _open(args) as kb:
        record = kb.section(args.section_id)
        marks = kb.correction_marks(record.doc.id) if args.json else None
    _emit(args, section_json(record, marks), _section_text(record))
    return OK


def section_json(record: SectionRecord, marks: CorrectionMarks | None = None) -> dict:
    """`show --json`: a section with its text and figures; what the user corrected carries
    "corrected": {field: the value before} (the release's title too, as "doc_corrected")."""
    info = record.info
    marks = marks or CorrectionMarks()
    data = _corrected({
        "id": info.id, "doc_id": info.doc_id, "doc_title": record.doc.title, "kind": info.kind,
        "number": info.number, "keyword": info.keyword, "heading": info.heading,
        "level": info.level, "parent_id": info.parent_id,
        "start": info.start, "end": info.end, "text": record.text,
        "metrics": [_corrected(metric_json(m), marks.metrics.get(m.id)) for m in record.metrics],
    }, marks.sections.get(info.id))
    if marks.document:
        data["doc_corrected"] = dict(marks.document)
    return data


def _section_text(record: SectionRecord) -> str:
    """The section's header (an item's under its area's, indented), text and figures."""
    info = record.info
    title = f"《{one_line(record.doc.title or '-')}》"
    parent = next((s for s in record.doc.sections if s.id == info.parent_id), None)
    lines = []
    if parent is not None:
        lines.append(f"[{parent.id}] {_section_label(parent.kind, parent.number, parent.keyword)}  "
                     f"{one_line(parent.heading or '')}  {title}")
        title = ""
    header = f"{_indent(info.level if parent is not None else 1)}[{info.id}] " \
             f"{_section_label(info.kind, info.number, info.keyword)}"
    if parent is not None and info.heading:
        header += f"  {one_line(info.heading)}"
    lines += [f"{header}  {title}".rstrip(), "", block(record.text), ""]
    lines += [f"    · {one_line(m.text)}  {one_line(m.label or '')}  = {_number(m.value)}"
              f"{one_line(m.unit)}" for m in record.metrics]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- search

def run_search(args) -> int:
    """Full-text search; exit 1 when nothing matched, 2 for an unknown kind or document."""
    kind = _kind(args.kind, section_kind, SECTION_KIND_LABELS, ("段落", "section"))
    with _open(args) as kb:
        if args.doc is not None and len(args.doc) <= 1000:
            for doc_id in args.doc:
                kb.document(doc_id)  # NotFoundError: "found nothing" would hide a typo
        result = kb.search(args.query, kind=kind, doc_ids=args.doc, limit=args.limit,
                           offset=args.offset, date_from=args.date_from, date_to=args.date_to,
                           year=args.year or None, issuer=args.issuer)
    _emit(args, search_json(result), _search_text(result))
    return OK if result.total else NOTHING


def search_json(result: SearchResult) -> dict:
    """`search --json`: the true `total`, the page of `hits` from `offset`, and how many
    undated releases a date filter left out."""
    return {
        "query": result.query, "total": result.total, "offset": result.offset,
        "undated_excluded": result.undated_excluded, "hint": result.hint,
        "hits": [{
            "doc_id": h.doc_id, "doc_title": h.doc_title, "section_id": h.section_id,
            "kind": h.kind, "number": h.number, "keyword": h.keyword, "heading": h.heading,
            "score": h.score, "snippet": h.snippet, "matches": [list(m) for m in h.matches],
            "level": h.level, "parent_id": h.parent_id, "parent_heading": h.parent_heading,
        } for h in result.hits],
    }


def _search_text(result: SearchResult) -> str:
    lines = [f"“{one_line(result.query)}”：{result.total} 个段落 / {result.total} sections"]
    if result.hits and len(result.hits) < result.total:
        lines.append(_page_line(len(result.hits), result.total, result.offset, "个段落", "sections"))
    lines += _undated_line(result.undated_excluded)
    if result.hint:
        lines.append(f"提示 hint: {one_line(result.hint)}")
    for h in result.hits:
        plain = h.snippet.replace("<mark>", "【").replace("</mark>", "】")
        heading = one_line(h.heading or "")
        if h.parent_id is not None:  # an item: "area › item"
            heading = f"{one_line(h.parent_heading or '-')} › {heading}"
        lines.append(f"{_indent(h.level)}[{h.section_id}] {_section_label(h.kind, h.number, h.keyword)}  "
                     f"《{one_line(h.doc_title or '-')}》  {heading}")
        lines.append(f"    {_indent(h.level)}{one_line(_unescape(plain))}")
    return "\n".join(lines) + "\n"


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


# -------------------------------------------------------------------------- metrics

_METRIC_FIELDS = (
    "id", "doc_id", "section_id", "text", "start", "end", "value", "low", "high", "unit",
    "qualifier", "kind", "label", "trend", "period", "sentence_start", "sentence_end", "borderline",
)


# `metrics` rows also name their release, so that a CSV can be joined back to releases
_METRIC_ROW_FIELDS = ("id", "doc_id", "doc_title", "date", *_METRIC_FIELDS[2:])


def metric_json(metric: MetricRecord) -> dict:
    data = asdict(metric)
    return {name: data[name] for name in _METRIC_FIELDS}


def metric_row_json(metric: MetricRecord, doc: DocumentInfo | None) -> dict:
    """A figure as `metrics --json/--csv` gives it: with its release's title and date."""
    data = metric_json(metric)
    data.update(doc_title=doc.title if doc else None, date=doc.date if doc else None)
    return {name: data[name] for name in _METRIC_ROW_FIELDS}


def run_metrics(args) -> int:
    """Metric rows matching the filters (JSON, CSV or text); exit 1 when none match, 2 for an
    unknown kind, section or document."""
    kind = _kind(args.kind, metric_kind, METRIC_KIND_LABELS, ("数据", "metric"))
    with _open(args) as kb:
        if args.section is not None:
            kb.section(args.section)  # NotFoundError
        if args.doc is not None:
            kb.document(args.doc)  # NotFoundError
        rows = kb.metrics(section_id=args.section, doc_id=args.doc, unit=args.unit, kind=kind,
                          min_value=args.min, max_value=args.max,
                          label=args.label)
        docs = {d.id: d for d in kb.documents(with_sections=False)} if rows else {}
    data = [metric_row_json(m, docs.get(m.doc_id)) for m in rows]
    if getattr(args, "csv", False):
        _write_csv(data)
    else:
        lines = [f"{m.id:>6}  {one_line(m.text)}  = {_number(m.value)}{one_line(m.unit)}  "
                 f"{one_line(m.label or '')}  (文档 doc {m.doc_id}, 段落 section {m.section_id})"
                 for m in rows]
        lines.append(f"{len(rows)} 项数据 / {len(rows)} metrics")
        _emit(args, data, "\n".join(lines) + "\n")
    return OK if rows else NOTHING


def _write_csv(rows: list[dict], fields: tuple[str, ...] = _METRIC_ROW_FIELDS) -> None:
    """CSV is data for other programs: written as stored when redirected or piped. Only on
    a terminal (like `ls`) are control characters escaped, so they are seen, not obeyed;
    newlines stay (CSV quotes them inside a field)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = buffer.getvalue()
    try:
        sys.stdout.write(block(text) if _is_terminal(sys.stdout) else text)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stdout = None


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ------------------------------------------------------------------ delete and upkeep

def run_delete(args) -> int:
    with _open(args) as kb:
        kb.delete_document(args.doc_id)
        _compact_if_worthwhile(kb)
        warning = kb.index_warning
    data, text = {"deleted": args.doc_id}, f"已删除文档 {args.doc_id} / deleted document {args.doc_id}\n"
    if warning:
        data["warning"] = warning
        text += f"警告 warning: {one_line(warning)}\n"
    _emit(args, data, text)
    return OK


def run_reindex(args) -> int:
    previous = allow_parse_workers(True)  # merges in a worker process; our __main__ is guarded
    try:
        with _open(args) as kb:
            kb.reindex()
            count = sum(len(d.sections) for d in kb.documents())
    finally:
        allow_parse_workers(previous)
    _emit(args, {"reindexed": count}, f"已重建索引：{count} 个段落 / index rebuilt: {count} sections\n")
    return OK


def run_backup(args) -> int:
    with _open(args) as kb:
        kb.backup(args.file)
    name = one_line(args.file)
    _emit(args, {"backup": args.file}, f"已备份到 {name} / backed up to {name}\n")
    return OK


def run_restore(args) -> int:
    """Replace the knowledge base with a backup; works on a damaged database too. The
    knowledge base it replaced is kept under a new name, which is printed."""
    data_dir = getattr(args, "data_dir", None)
    restored = KnowledgeBase.restore_backup(args.file, data_dir)
    count, name = restored.documents, one_line(args.file)
    text = f"已从 {name} 恢复 {count} 篇文档 / restored {count} documents from {name}\n"
    data: dict[str, object] = {"restored": args.file, "documents": count}
    if restored.kept is not None:
        kept = one_line(str(restored.kept))
        if restored.damaged:
            text += (f"损坏的知识库文件已保留为 {kept} / the damaged knowledge base file was kept "
                     f"as {kept}\n")
            data["damaged_kept_as"] = str(restored.kept)
        else:
            text += (f"原来的知识库已保留为 {kept}（确认不再需要后可删除） / the previous knowledge "
                     f"base was kept as {kept} (delete it once you are sure you do not need it)\n")
        data["previous_kept_as"] = str(restored.kept)
    _emit(args, data, text)
    return OK
