"""`zhiku correct …` and `zhiku corrections`: fix what the parser got wrong.

    zhiku correct section ID --kind priority | --level 2 | --split-at OFFSET
                             | --merge-into-previous | --heading TEXT
    zhiku correct metric ID [--label L] [--unit U] [--value V] [--borderline yes|no] [--remove]
    zhiku correct add-metric DOC START END      (END exclusive)
    zhiku correct undo                          (the last correction, from a persisted journal)
    zhiku corrections [--doc ID] [--json] [--export FILE | --import FILE]

Bad input exits 2 with a Chinese and English message and changes nothing (the core checks
every value: core/corrections.py).
"""
from __future__ import annotations

import json

from desktop_app.cli_kb import OK, _emit, _open
from desktop_app.core.corrections import Correction, CorrectionStatus, CorrectionTarget
from desktop_app.core.errors import InputError
from desktop_app.core.terminal import one_line


def run_correct(args) -> int:
    """One `correct` subcommand; prints the corrections made (or undone)."""
    with _open(args) as kb:
        if args.correct_what == "section":
            made = [kb.correct_section(args.section_id, kind=args.kind, level=args.level,
                                       split_at=args.split_at, heading=args.heading,
                                       merge_into_previous=args.merge_into_previous)]
        elif args.correct_what == "metric":
            made = kb.correct_metric(args.metric_id, label=args.label, unit=args.unit, value=args.value,
                                     borderline=args.borderline, remove=args.remove)
        elif args.correct_what == "add-metric":
            made = [kb.add_metric(args.doc_id, _offset(args.start), _offset(args.end))]
        else:
            made = kb.undo_correction()
    verb = ("已撤销 undone", "undone") if args.correct_what == "undo" else ("已修改 corrected", "corrected")
    lines = [f"{verb[0]}  {_line(c)}" for c in made]
    _emit(args, {verb[1]: [c.to_json() for c in made]}, "\n".join(lines) + "\n")
    return OK


def run_corrections(args) -> int:
    """List the corrections (of one document), or export them to a file, or import a file
    exported elsewhere. Orphaned ones (their text is no longer found) are listed and counted."""
    with _open(args) as kb:
        if args.import_file:
            result = kb.import_corrections(args.import_file)
            data = {"imported": [c.to_json() for c in result.stored],
                    "skipped": [{"correction": item, "reason": reason} for item, reason in result.skipped]}
            orphaned = sum(c.status is CorrectionStatus.ORPHANED for c in result.stored)
            lines = [f"导入 imported  {_line(c)}" for c in result.stored]
            lines += [f"跳过 skipped   {one_line(str(item.get('id')))}  {one_line(reason)}"
                      for item, reason in result.skipped]
            lines.append(f"共 {len(result.stored)} 项导入（{orphaned} 项孤立），{len(result.skipped)} 项跳过 / "
                         f"{len(result.stored)} imported ({orphaned} orphaned), {len(result.skipped)} skipped")
            _emit(args, data, "\n".join(lines) + "\n")
            return OK
        if args.export:
            count = kb.export_corrections(args.export, args.doc)
            name = one_line(args.export)
            _emit(args, {"exported": count, "file": args.export},
                  f"已导出 {count} 项修改到 {name} / exported {count} corrections to {name}\n")
            return OK
        found = kb.corrections(args.doc)
    _emit(args, [c.to_json() for c in found], _listing(found))
    return OK


def _listing(found: list[Correction]) -> str:
    lines = [_line(c) for c in found]
    orphaned = sum(c.status is CorrectionStatus.ORPHANED for c in found)
    lines.append(f"共 {len(found)} 项修改，{orphaned} 项孤立（原文中已找不到） / "
                 f"{len(found)} corrections, {orphaned} orphaned (their text is no longer found)")
    return "\n".join(lines) + "\n"


def _line(c: Correction) -> str:
    """One correction on one line: id, document, what, before → after, status."""
    status = "孤立 orphaned" if c.status is CorrectionStatus.ORPHANED else "已应用 applied"
    where = "" if c.target is CorrectionTarget.DOCUMENT else f" @{c.anchor.start}-{c.anchor.end}「{one_line(c.anchor.text[:20])}」"
    return (f"[{c.id}] 文档 doc {c.doc_id}  {c.target}.{c.field}{where}  "
            f"{one_line(_shown(c.before))} → {one_line(_shown(c.after))}  ({status})")


def _shown(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _offset(text: str) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        raise InputError(f"位置必须是整数：{text}，未作任何修改",
                         f"an offset must be a whole number, not {text!r}; nothing was changed") from None
