"""`python -m desktop_app parse FILE [--json]`: print one release as Zhiku understands it.

FILE is anything `import` accepts (.txt, .md, .html, .docx; see desktop_app/core/formats.py),
refused with the same messages, so `parse` shows exactly what an import would store.
"""
from __future__ import annotations

import dataclasses
import json
import sys

from desktop_app.core.formats import load_release
from desktop_app.core.model import Document, Metric, Section, SectionKind
from desktop_app.core.reading import display_name
from desktop_app.core.terminal import block, json_text, one_line

_KIND_LABELS = {
    SectionKind.LEAD: "导语 lead", SectionKind.ACHIEVEMENT: "成效 achievement",
    SectionKind.OUTLOOK: "展望 outlook", SectionKind.PRIORITY: "重点 priority",
    SectionKind.CREDITS: "署名 credits", SectionKind.OTHER: "其他 other",
}


def run_parse(args) -> int:
    """Parse args.file and print it as readable text, or as JSON with --json; 0 on success."""
    # The path as given, shown with U+FFFD where a name is not UTF-8.
    document = dataclasses.replace(load_release(args.file), file=display_name(str(args.file)))
    if getattr(args, "json", False):
        output = json_text(json.dumps(document.to_json(), ensure_ascii=False, indent=1)) + "\n"
    else:
        output = block(format_document(document))  # a net: the fields are escaped below
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # `… | head`: the reader left; not an error of ours
        sys.stdout = None
    return 0


def format_document(document: Document) -> str:
    """Readable text: the header fields, then each section with the figures found in it.
    Control characters in the document's fields are shown as escapes (core.terminal.one_line)."""
    out = [f"标题 title: {one_line(document.title or '-')}",
           f"日期 dateline: {one_line(document.dateline or '-')}",
           f"发布单位 issuer: {one_line(document.issuer or '-')}",
           f"文件 file: {one_line(document.file or '-')} ({document.encoding or '-'})"]
    credits = [f"{k}={one_line(v)}" for k, v in vars(document.credits).items() if v]
    if credits:
        out.append("署名 credits: " + ", ".join(credits))
    out.extend(f"! {one_line(warning)}" for warning in document.warnings)
    by_section: dict[int | None, list[Metric]] = {}
    for metric in document.metrics:
        by_section.setdefault(metric.section, []).append(metric)
    for index, section in enumerate(document.sections):
        out.append("")
        out.append(_section_line(document, section))
        out.extend(_metric_line(m) for m in by_section.get(index, []))
    loose = by_section.get(None, [])
    if loose:
        out.append("")
        out.append("(正文之外 outside the sections)")
        out.extend(_metric_line(m) for m in loose)
    return "\n".join(out) + "\n"


def _section_line(document: Document, section: Section) -> str:
    label = _KIND_LABELS.get(section.kind, section.kind)
    heading = section.heading or _preview(document.text[section.start:section.end])
    keyword = f" [{one_line(section.keyword)}]" if section.keyword else ""
    return f"[{label} {section.number}]{keyword} {one_line(heading)}  ({section.start}-{section.end})"


def _metric_line(metric: Metric) -> str:
    unit = one_line(metric.unit)
    parts = [one_line(metric.text), f"= {_number(metric.value)}{unit}"]
    if metric.low is not None and metric.high is not None:
        parts[1] = f"= {_number(metric.low)}–{_number(metric.high)}{unit}"
    for extra in (metric.qualifier, metric.label, metric.trend, metric.period):
        if extra:
            parts.append(one_line(extra))
    if metric.borderline:
        parts.append("(borderline)")
    return "    · " + "  ".join(parts)


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _preview(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"
