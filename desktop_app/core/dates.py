"""A release's date: one contract for the whole product (list, filters, sorts, groups).

A dateline as the parser found it (2022年10月14日, 10月14日, 2022-10-14, 2022/10/14,
Sept. 27, 2022 …) and the year the user set give three facts, stored with each document:

- `date`: "YYYY-MM-DD" when year, month and day are all known, else None;
- `year`: the year when known, even without month and day (a user-set year on an undated
  release), else None;
- `date_source`: "written" when the dateline gives the full date, "user" when the user set the
  year (it completes, or overrides, the written year), "inferred" when the text gives it
  elsewhere (a newspaper byline （2026年01月20日第 02 版）, or a year in the title or lead
  that the dateline's month and day belong to), "filename" when the file name holds it
  (2022-10-14, 20221014), else None.

The user's year always wins; then the dateline's full date; then the text; then the file
name. A file's modification time is never used: a copied file's time means nothing.

`parse_date_arg` reads a --from/--to value for the filters.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from desktop_app.core.errors import InputError


class DateSource(StrEnum):
    """Where a document's date comes from (see the module doc); stored as its text in
    `documents.date_source`."""

    WRITTEN = "written"
    USER = "user"
    INFERRED = "inferred"
    FILENAME = "filename"

    @classmethod
    def of(cls, text: str | None) -> DateSource | None:
        """The source a stored text names; None for none (or one this build does not know)."""
        return _DATE_SOURCES.get(text) if text is not None else None


_DATE_SOURCES = {source.value: source for source in DateSource}
# The sources that are Zhiku's guess (marked as such in trends and their printed tables)
INFERRED_SOURCES = (DateSource.INFERRED, DateSource.FILENAME)

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


def utc_stamp() -> str:
    """Now, in UTC, as the store records when something was imported or corrected."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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


def date_facts(dateline: str | None, user_year: int | None, *, title: str | None = None,
               text: str | None = None, file: str | None = None) -> DateFacts:
    """The stored date, year and source of a document: the user-set year wins (it completes
    the dateline's month and day), then a dateline with its year, then the date the text
    gives elsewhere (`text`, `title`: see infer_from_text), then the file name's."""
    parts = written_parts(dateline)
    if user_year:
        date = _iso(user_year, parts[1], parts[2]) if parts else None
        return DateFacts(date, int(user_year), DateSource.USER)
    if parts is not None and parts[0] is not None:
        date = _iso(parts[0], parts[1], parts[2])
        if date:
            return DateFacts(date, parts[0], DateSource.WRITTEN)
    month_day = (parts[1], parts[2]) if parts else None
    found = infer_from_text(text, title, dateline, month_day)
    if found is not None:
        return DateFacts(found, int(found[:4]), DateSource.INFERRED)
    found = date_from_file_name(file, month_day)
    if found is not None:
        return DateFacts(found, int(found[:4]), DateSource.FILENAME)
    return DateFacts()


HEAD_CHARS = 3000  # bylines, titles and leads are at the top of a release
_BYLINE = re.compile(r"[（(]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*第\s*\d+\s*版\s*[）)]")
_THIS_YEAR = re.compile(r"(?:今年|本年)度?\s*(?:是|为|即|[（(])\s*(\d{4})\s*年")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*(?:年(?!\s*\d{1,2}\s*月)|(?=[-—–~～至到]\s*\d{4}\s*年))")
# A year followed by a reporting period (2021年全年, 2021年前三季度, 2021年1-9月) is the year
# reported on, often not the release's (a January release on last year): no guess then.
_REPORTED_YEAR = re.compile(r"(?<!\d)\d{4}\s*年\s*(?:全年|年度|度|上半年|下半年|前?[一二三四1-4]季度|"
                            r"\d{1,2}\s*[-—–~～至到]\s*\d{1,2}\s*月|以前|底|末)")
_YEAR_THEN = r"(?<!\d)(\d{{4}})\s*年[\s,，、:：]*{month}\s*月\s*{day}\s*[日号]"
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_PLAUSIBLE_YEARS = range(1949, 2101)


def infer_from_text(text: str | None, title: str | None, dateline: str | None,
                    month_day: tuple[int, int] | None) -> str | None:
    """The release's date ("YYYY-MM-DD") from its text when the dateline lacks the year:
    a newspaper byline （2026年01月20日第 02 版）, else the year that the dateline's month
    and day belong to, stated in the title or lead (今年是2022年; 2022年 then 10月14日; or
    the one year the dateline's paragraph names, unless as a period reported on: 2021年全年,
    2021年1-9月). None when the text does not say."""
    head = unicodedata.normalize("NFKC", (text or "")[:HEAD_CHARS])
    for match in _BYLINE.finditer(head):
        date = _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if date:
            return date
    if month_day is None:
        return None
    month, day = month_day
    lead = _lead(head, dateline)
    where = f"{unicodedata.normalize('NFKC', title or '')}\n{lead}"
    year = _year_of(where, lead, month, day)
    return _iso(year, month, day) if year else None


def _year_of(where: str, lead: str, month: int, day: int) -> int | None:
    """The year stated in `where` (title and lead) for a month and day, by the rules of
    infer_from_text; None when none, or when the lead names several years."""
    stated = re.search(_YEAR_THEN.format(month=f"0?{month}", day=f"0?{day}"), where)
    if stated is None:
        stated = _THIS_YEAR.search(where)
    if stated is not None and int(stated.group(1)) in _PLAUSIBLE_YEARS:
        return int(stated.group(1))
    years = {int(m.group(1)) for m in _YEAR.finditer(lead)} & set(_PLAUSIBLE_YEARS)
    if len(years) != 1 or _REPORTED_YEAR.search(lead):
        return None
    return years.pop()


def _lead(head: str, dateline: str | None) -> str:
    """The paragraph holding the dateline (and the next one when the dateline ends its line:
    2022年10月14日, 新华社北京10月14日电); "" when the dateline is not in the text's head."""
    written = unicodedata.normalize("NFKC", dateline or "").strip()
    at = head.find(written) if written else -1
    if at < 0:
        return ""
    lines = head[head.rfind("\n", 0, at) + 1:].split("\n")
    paragraphs = [line.strip() for line in lines if line.strip()]
    if not paragraphs:
        return ""
    alone = not paragraphs[0][paragraphs[0].find(written) + len(written):].strip(" 电:：,，")
    if alone and len(paragraphs) > 1:
        return f"{paragraphs[0]}\n{paragraphs[1]}"
    return paragraphs[0]


def date_from_file_name(file: str | None, month_day: tuple[int, int] | None = None) -> str | None:
    """The date a file name holds (报告-2022-10-14.txt, 20221014.txt), or None. With the
    dateline's month and day, those are kept and the file name gives the year: the one of
    the year before, the same or the year after that puts the date nearest the file's."""
    name = unicodedata.normalize("NFKC", Path(file or "").name)
    for match in _FILE_DATE.finditer(name):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
        named = _iso(year, month, day)
        if named is None:
            continue
        if month_day is None:
            return named
        nearest = [(abs((dt.date.fromisoformat(c) - dt.date.fromisoformat(named)).days), c)
                   for c in (_iso(y, *month_day) for y in (year - 1, year, year + 1)) if c]
        return min(nearest)[1] if nearest else None
    return None


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
