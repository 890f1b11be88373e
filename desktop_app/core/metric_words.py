"""Figures written in Chinese numerals: 三万余人, 九成以上, 百亿斤, 三分之一, 翻一番.

Their values are parsed (三分之一 → 33.33 with unit %, 九成 → 90 with unit %), and they are all
marked borderline: annotated releases of the genre neither require nor count them.
"""
from __future__ import annotations

import re

from desktop_app.core.metric_units import (
    PUNCT,
    TIME_UNITS,
    Figure,
    approx_after,
    approx_before,
    kind_of,
    match_unit,
    rejected_after,
    suffix_at,
    unit_at,
)
from desktop_app.core.model import MetricKind
from desktop_app.core.numbers import CN_DIGITS, parse_chinese_number, share_percent, to_float

_CN_RUN_RE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_MAGNITUDES = frozenset("百千万亿")


def scan_words(norm: str, limit: int | None = None) -> list[Figure]:
    """三万, 九成以上, 百亿斤, 三分之一, 翻一番: parsed, and marked borderline. In text order;
    with a `limit`, stops after limit + 1 figures."""
    figures = []
    for match in _CN_RUN_RE.finditer(norm):
        figure = _word_figure(norm, match.start(), match.end())
        if figure is not None:
            figures.append(figure)
            if limit is not None and len(figures) > limit:
                break
    return figures


# What may follow a run without 百千万亿 that is a figure: 分之 (三分之一), 成 (九成), 番 (翻一番).
_SMALL_RUN_NEXT = frozenset("分成番")


def _word_figure(norm: str, s: int, e: int) -> Figure | None:
    run = norm[s:e]
    if norm[s - 1:s] == "第" or _MAGNITUDES.isdisjoint(run) and norm[e:e + 1] not in _SMALL_RUN_NEXT:
        return None  # 第三; 一, 三, 十二 alone (most runs): no reader below takes them
    start, prefix = approx_before(norm, s)
    if norm.startswith("分之", e):
        return _fraction(norm, start, prefix, s, e)
    if len(run) == 1 and run in CN_DIGITS and norm[e:e + 1] == "成":
        return _tenths(norm, start, prefix, s)
    if run in ("一", "两", "二", "三", "四") and norm[e:e + 1] == "番":
        return _doubling(norm, s, e)
    return _word_magnitude(norm, start, prefix, s, e)


def _doubling(norm: str, s: int, e: int) -> Figure | None:
    """翻一番 (×2), 翻了两番多 (×4, 多)."""
    verb = 2 if norm[s - 2:s] == "翻了" else 1 if norm[s - 1:s] == "翻" else 0
    if not verb:
        return None
    end, approx = (e + 2, ("多",)) if norm[e + 1:e + 2] == "多" else (e + 1, ())
    end, suffix = suffix_at(norm, end)
    quals = approx + ((suffix,) if suffix else ())
    return Figure(s - verb, end, float(2 ** CN_DIGITS[norm[s]]), "倍", quals, MetricKind.MULTIPLE,
                  borderline=True)


def _fraction(norm: str, start: int, prefix: str, s: int, e: int) -> Figure | None:
    m = _CN_RUN_RE.match(norm, e + 2)
    den = parse_chinese_number(norm[s:e])
    num = parse_chinese_number(m.group()) if m else None
    if m is None or not den or num is None:
        return None
    end, suffix = suffix_at(norm, m.end())
    value = share_percent(num, den)
    quals = tuple(q for q in (prefix, suffix) if q)
    return Figure(start, end, value, "%", quals, MetricKind.PERCENT, borderline=True)


def _tenths(norm: str, start: int, prefix: str, s: int) -> Figure | None:
    """九成以上 → 90 with unit %: tenths are folded into a percentage, so that value and unit
    read together (90%, never "90成") and compare with the other shares."""
    end, suffix = suffix_at(norm, s + 2)
    after = norm[end:end + 1]
    if not suffix and after and not (after in PUNCT or after in "的多左"):
        return None
    quals = tuple(q for q in (prefix, suffix) if q)
    return Figure(start, end, float(CN_DIGITS[norm[s]] * 10), "%", quals, MetricKind.PERCENT,
                  borderline=True)


def _word_magnitude(norm: str, start: int, prefix: str, s: int, e: int) -> Figure | None:
    """三万人, 两千余名, 百亿斤, 近万人; not 千方百计, 万人空巷, 千人计划, 百亿斤粮食基地."""
    run = norm[s:e]
    if _MAGNITUDES.isdisjoint(run):
        return None  # 一, 三, 十二: no magnitude, no figure (mags == 0 below)
    while run and run[-1] in "千百" and match_unit(norm, s + len(run) - 1):
        run = run[:-1]
    pos = s + len(run)
    mags = sum(ch in "百千万亿" for ch in run)
    has_digit = any(ch in CN_DIGITS for ch in run)
    pos, approx = approx_after(norm, pos)
    if mags == 0 or not (has_digit or mags >= 2 or approx or prefix):
        return None
    pos, unit = unit_at(norm, pos)
    if rejected_after(norm, pos, unit) or unit in TIME_UNITS:
        return None
    pos, suffix = suffix_at(norm, pos)
    nxt = norm[pos:pos + 1]
    if not (approx or prefix or suffix) and nxt and not (nxt in PUNCT or nxt == "的"):
        return None
    quals = tuple(q for q in (prefix, approx, suffix) if q)
    return Figure(start, pos, to_float(parse_chinese_number(run)), unit, quals, kind_of(unit),
                  borderline=True)
