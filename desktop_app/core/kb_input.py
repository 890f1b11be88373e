"""What users give the knowledge base, checked and made plain: kind names, years, queries.

A kind may be typed as the parser's name, its Chinese or English label or another usual
form (core/labels.py); a year and a page of documents are checked here, so that bad input
raises InputError naming the value before anything is read or written.
"""
from __future__ import annotations

from dataclasses import replace

from desktop_app.core import labels
from desktop_app.core.dates import parse_date_arg
from desktop_app.core.errors import InputError
from desktop_app.core.records import DocumentQuery
from desktop_app.core.sorts import DOCUMENT_SORTS

MAX_LIMIT = 1000


def user_year(year: int | str | None) -> int | None:
    """A year the user gives for set_properties: None unchanged, 0 or "" clears, else
    1..9999 (InputError otherwise)."""
    if year is None:
        return None
    if year == "":
        return 0
    try:
        number = int(year)
    except (TypeError, ValueError) as error:
        raise InputError(f"年份无效：{year}", f"invalid year: {year}") from error
    if not 0 <= number <= 9999:
        raise InputError(f"年份无效：{number}", f"invalid year: {number}")
    return number


def check_query(query: DocumentQuery) -> DocumentQuery:
    """`query` with its dates as YYYY-MM-DD; InputError for a bad date, year, sort, limit or
    offset (the message names the value)."""
    if query.sort not in DOCUMENT_SORTS:
        raise InputError(f"未知的排序：{query.sort}", f"unknown sort {query.sort!r}; use one of "
                         f"{', '.join(DOCUMENT_SORTS)}")
    if query.limit is not None and not 0 <= query.limit <= MAX_LIMIT:
        raise InputError(f"--limit 必须在 0 到 {MAX_LIMIT} 之间：{query.limit}",
                         f"--limit must be from 0 to {MAX_LIMIT}: {query.limit}")
    if query.offset < 0:
        raise InputError(f"--offset 不能为负数：{query.offset}", f"--offset cannot be negative: {query.offset}")
    if query.year is not None and not 1 <= query.year <= 9999:
        raise InputError(f"年份无效：{query.year}", f"invalid year: {query.year}")
    return replace(query,
                   date_from=parse_date_arg(query.date_from) if query.date_from else None,
                   date_to=parse_date_arg(query.date_to) if query.date_to else None)


# ------------------------------------------------------------------- kind names

# What users type for a kind besides the parser's name (first: the Chinese name the window
# shows, then its English name and other forms) — all from the one table in core/labels.py.
SECTION_KIND_LABELS = {kind: (*names, *labels.SECTION_KIND_ALIASES.get(kind, ()))
                       for kind, names in labels.SECTION_KIND_NAMES.items()}
METRIC_KIND_LABELS = {kind: (*names, *labels.METRIC_KIND_ALIASES.get(kind, ()))
                      for kind, names in labels.METRIC_KIND_NAMES.items()}


def _kind_name(name: str | None, labels: dict[str, tuple[str, ...]]) -> str | None:
    if name is None:
        return None
    wanted = str(name).strip()
    for kind, names in labels.items():
        if wanted.lower() == kind or any(wanted.lower() == n.lower() for n in names):
            return kind
    return wanted


def section_kind(name: str | None) -> str | None:
    """The parser's section kind for what a user typed: `achievement`, 主要成效 or
    Achievements all give `achievement`. Unknown names come back unchanged (stripped)."""
    return _kind_name(name, SECTION_KIND_LABELS)


def metric_kind(name: str | None) -> str | None:
    """The metric kind for what a user typed: `percent`, 百分比 or Percent give `percent`.
    Unknown names come back unchanged (stripped)."""
    return _kind_name(name, METRIC_KIND_LABELS)
