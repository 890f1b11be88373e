"""Indicators across releases, read from the store: the list a user browses (`indicators`)
and one indicator's figures by date (`trend`).

The grouping rule is core/indicators.py; the store keeps each figure's label_key, unit_key
and series (schema 6) with an index on (label_key, unit_key), so `trend` reads only its
group's rows and `indicators` is one GROUP BY, however many figures the library holds.
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable

from desktop_app.core.dates import DateSource
from desktop_app.core.indicators import label_key, signed, signed_range, unit_key
from desktop_app.core.records import Indicator, TrendResult, TrendRow

MAX_SUGGESTIONS = 10

# Figures per (group, release) first, read from the index alone in its order; then the
# releases' dates, one look-up per release of a group rather than per figure, in the index
# documents_release (the table would read each release's text to reach its date).
_GROUPS_SQL = (
    "SELECT g.label_key, g.unit_key, sum(g.n), count(*), min(d.date), max(d.date) "
    "FROM (SELECT label_key, unit_key, doc_id, count(*) AS n FROM metrics m WHERE {where} "
    "GROUP BY label_key, unit_key, doc_id) g "
    "JOIN documents d INDEXED BY documents_release ON d.id = g.doc_id "
    "GROUP BY g.label_key, g.unit_key {having}")
_MANY_GROUPS = 2000  # above this, the labels of all figures are read at once
_NAMES_SQL = ("SELECT label_key, unit_key, label, unit, count(*) FROM metrics WHERE {where} "
              "GROUP BY label_key, unit_key, label, unit")
_ROWS_SQL = (
    'SELECT m.doc_id, coalesce(d.user_title, d.title), d.date, d.date_source, m.section_id, '
    's.heading, m.id, m.text, m.value, m.low, m.high, m.unit, m.qualifier, m.trend, m.period, '
    'm.label, m.series, m."start", m."end", m.sentence_start, m.sentence_end '
    "FROM metrics m JOIN documents d INDEXED BY documents_release ON d.id = m.doc_id "
    "LEFT JOIN sections s ON s.id = m.section_id "
    "WHERE m.label_key = ? AND m.unit_key = ? "
    "ORDER BY d.date IS NULL, d.date, d.year IS NULL, d.year, d.id, m.position")


def indicators(conn: sqlite3.Connection, min_releases: int = 2) -> list[Indicator]:
    """Every indicator found in at least `min_releases` releases, most releases first."""
    groups = conn.execute(_GROUPS_SQL.format(where="m.label_key IS NOT NULL",
                                             having="HAVING count(*) >= ?"),
                          [max(1, int(min_releases))]).fetchall()
    if len(groups) > _MANY_GROUPS:
        names = _names(conn.execute(_NAMES_SQL.format(where="label_key IS NOT NULL")))
    else:
        names = {}
        for g in groups:
            names.update(_names(conn.execute(_NAMES_SQL.format(where="label_key = ? AND unit_key = ?"),
                                             [g[0], g[1]])))
    found = [_indicator(g, names.get((g[0], g[1]), Counter())) for g in groups]
    return sorted(found, key=lambda i: (-i.releases, -i.figures, i.indicator, i.unit))


def trend(conn: sqlite3.Connection, label: str, unit: str | None = None) -> TrendResult:
    """The figures of the indicator named `label` (compared by the grouping rule) in `unit`
    (None: the unit it has most releases in), sorted by date; no rows and suggestions when
    no indicator has that label and unit."""
    key = label_key(label) or ""
    units = conn.execute("SELECT unit_key, count(*), count(DISTINCT doc_id) FROM metrics "
                         "WHERE label_key = ? GROUP BY unit_key", [key]).fetchall()
    ranked = sorted(units, key=lambda u: (-u[2], -u[1], u[0]))
    chosen = unit_key(unit) if unit is not None else (ranked[0][0] if ranked else None)
    if chosen is None or chosen not in {u[0] for u in units}:
        return TrendResult(None, None, (), tuple(_suggestions(conn, key)))
    rows = _with_changes([_signed_row(r) for r in conn.execute(_ROWS_SQL, [key, chosen])])
    labels = Counter(r.label for r in rows if r.label)
    written = Counter(r.unit for r in rows)
    others = tuple(group(conn, key, u[0]) for u in ranked if u[0] != chosen)
    return TrendResult(_most_common(labels), _most_common(written), tuple(rows),
                       tuple(i for i in others if i is not None), _by_frequency(labels))


def group(conn: sqlite3.Connection, key: str, unit: str) -> Indicator | None:
    """The indicator of one (label_key, unit_key) group, or None when it has no figures."""
    where = "m.label_key = ? AND m.unit_key = ?"
    row = conn.execute(_GROUPS_SQL.format(where=where, having=""), [key, unit]).fetchone()
    if row is None:
        return None
    names = _names(conn.execute(_NAMES_SQL.format(where="label_key = ? AND unit_key = ?"), [key, unit]))
    return _indicator(row, names.get((key, unit), Counter()))


def _suggestions(conn: sqlite3.Connection, key: str) -> list[Indicator]:
    """The nearest indicators to a label that matched none: those whose label starts with
    it, then those containing it, then those it starts with (刑事案件立案 → 刑事案件); most
    releases first within each."""
    if not key:
        return []
    rows = conn.execute(
        "SELECT label_key, unit_key, count(DISTINCT doc_id) AS releases, "
        "CASE WHEN instr(label_key, ?1) = 1 THEN 0 WHEN instr(label_key, ?1) > 0 THEN 1 ELSE 2 END "
        "AS rank FROM metrics WHERE label_key IS NOT NULL AND (instr(label_key, ?1) > 0 OR "
        "(length(label_key) >= 2 AND instr(?1, label_key) = 1)) "
        "GROUP BY label_key, unit_key ORDER BY rank, releases DESC, label_key, unit_key LIMIT ?2",
        [key, MAX_SUGGESTIONS]).fetchall()
    found = (group(conn, r[0], r[1]) for r in rows)
    return [i for i in found if i is not None]


def _names(rows: Iterable[tuple]) -> dict[tuple[str, str], Counter]:
    """(label_key, unit_key) → Counter of (label, unit) as written."""
    names: dict[tuple[str, str], Counter] = {}
    for key, unit, label, written, count in rows:
        names.setdefault((key, unit), Counter())[(label, written)] += count
    return names


def _indicator(group_row: tuple, names: Counter) -> Indicator:
    key, unit, figures, releases, first, last = group_row
    labels: Counter = Counter()
    units: Counter = Counter()
    for (label, written), count in names.items():
        labels[label] += count
        units[written] += count
    return Indicator(indicator=_most_common(labels) or key, labels=_by_frequency(labels),
                     unit=_most_common(units) or unit, releases=releases, figures=figures,
                     first_date=first, last_date=last, label_key=key, unit_key=unit)


def _most_common(counts: Counter) -> str | None:
    """The most frequent value; ties go to the shortest, then the first in code-point order."""
    ranked = _by_frequency(counts)
    return ranked[0] if ranked else None


def _by_frequency(counts: Counter) -> tuple[str, ...]:
    return tuple(sorted(counts, key=lambda v: (-counts[v], len(v), v)))


_DATE, _DATE_SOURCE, _VALUE, _LOW, _HIGH, _TREND, _SERIES = 2, 3, 8, 9, 10, 13, 16  # in a row of _ROWS_SQL


def _signed_row(r: tuple) -> list:
    """A row of _ROWS_SQL (TrendRow's fields in order, without `change`), values signed."""
    row = list(r)
    row[_DATE_SOURCE] = DateSource.of(row[_DATE_SOURCE])
    trend_word, series = row[_TREND], row[_SERIES]
    row[_VALUE] = signed(row[_VALUE], trend_word, series)
    row[_LOW], row[_HIGH] = signed_range(row[_LOW], row[_HIGH], trend_word, series)
    return row


def _with_changes(rows: list[list]) -> list[TrendRow]:
    """The rows, each dated one with its change against the previous row of its series from
    another release (figures of one release are never compared with each other)."""
    current: dict[str, list] = {}  # series → its latest dated row
    previous: dict[str, list] = {}  # series → the latest dated row of an earlier release
    done = []
    for row in rows:
        change = None
        if row[_DATE]:
            series = row[_SERIES]
            latest = current.get(series)
            if latest is not None and latest[0] != row[0]:  # [0]: the release
                previous[series] = latest
            before = previous.get(series)
            if before is not None and row[_VALUE] is not None and before[_VALUE] is not None:
                change = row[_VALUE] - before[_VALUE]
            current[series] = row
        row.append(change)  # the last of TrendRow's fields
        done.append(TrendRow(*row))
    return done
