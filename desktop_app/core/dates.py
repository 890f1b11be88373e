"""A release's date: one contract for the whole product (list, filters, sorts, groups).

A dateline as the parser found it (2022年10月14日, 10月14日, 2022-10-14, 2022/10/14,
Sept. 27, 2022 …) and the year the user set give three facts, stored with each document:

- `date`: "YYYY-MM-DD" when year, month and day are all known, else None;
- `year`: the year when known, even without month and day (a user-set year on an undated
  release), else None;
- `date_source`: "written" when the text gives the full date, "user" when the user set the
  year (it completes, or overrides, the written year), else None.

`parse_date_arg` reads a --from/--to value for the filters.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from desktop_app.core.errors import InputError

DateSource = Literal["written", "user"]

_CHINESE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_NUMERIC = re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")
_ENGLISH = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)?(\d{4})?\b")
_MONTHS = {name: n for n, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}


@dataclass(frozen=True)
class DateFacts:
    """What a document's dateline and user-set year say about its date (see module doc)."""

    date: str | None = None
    year: int | None = None
    source: DateSource | None = None


def written_parts(dateline: str | None) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) as written in a dateline, in any form Zhiku reads; None
    when it holds no month and day. Full-width digits are read as digits."""
    text = unicodedata.normalize("NFKC", dateline or "")
    for pattern in (_CHINESE, _NUMERIC):
        match = pattern.search(text)
        if match:
            year = int(match.group(1)) if match.group(1) else None
            return year, int(match.group(2)), int(match.group(3))
    for match in _ENGLISH.finditer(text):
        month = _MONTHS.get(match.group(1).lower())
        if month:
            return (int(match.group(3)) if match.group(3) else None), month, int(match.group(2))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # 2月30日, 13月40日, year 0
        return None


def date_facts(dateline: str | None, user_year: int | None) -> DateFacts:
    """The stored date, year and source of a document (user-set year wins over the written one)."""
    parts = written_parts(dateline)
    if user_year:
        date = _iso(user_year, parts[1], parts[2]) if parts else None
        return DateFacts(date, int(user_year), "user")
    if parts is None or parts[0] is None:
        return DateFacts()
    date = _iso(parts[0], parts[1], parts[2])
    return DateFacts(date, parts[0] if date else None, "written" if date else None)


def iso_date(dateline: str | None, year: int | None) -> str | None:
    """ISO date from a dateline and a year (user-set wins); None when unknown."""
    return date_facts(dateline, year).date


def parse_date_arg(text: str) -> str:
    """A --from/--to date as YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD, 2022年10月14日);
    InputError, naming the value, for anything else or an impossible date (2022-02-30)."""
    parts = written_parts(str(text).strip())
    date = None
    if parts is not None and parts[0] is not None:
        date = _iso(parts[0], parts[1], parts[2])
    if date is None:
        raise InputError(f"日期无效：{text}（请写作 年-月-日，如 2022-10-14）",
                         f"invalid date: {text} (use YYYY-MM-DD, e.g. 2022-10-14)")
    return date
