"""Figures in English releases: Over 300 people, 1.5 billion yuan, 12 percent, 2.46 million TEUs.

The same span convention as in Chinese: an approximation word (about, nearly, over, more than)
+ the number (thousands commas, decimals) + a magnitude (million/billion) + the unit. A unit is
a measure or a currency (percent, yuan, U.S. dollars, times, tonnes, TEUs); after a plain number
the counted noun itself also ends the span (Over 300 people, 46 routes), but never a word that
only qualifies the noun to come (562,000 inbound tourist visits → 562,000; 127 cultural and
tourism projects → 127), and after a magnitude only a measure or a currency does (over 280
million domestic tourist visits → over 280 million; 36.5 million visits → 36.5 million).
Only lines written mostly in English are read.
"""
from __future__ import annotations

import re
from decimal import Decimal

from desktop_app.core.metric_labels import EnglishLines
from desktop_app.core.metric_units import Figure, is_year
from desktop_app.core.model import MetricKind
from desktop_app.core.numbers import to_float

# Units of more than one word or in capitals, longest first: 2.3 percentage points (not
# 2.3 percent), 15.6 billion U.S. dollars, 1.58 million TEUs.
_ENGLISH_UNITS = sorted((
    "U.S. dollars", "US dollars", "Hong Kong dollars", "Australian dollars", "square meters",
    "square metres", "square kilometers", "square kilometres", "cubic meters", "cubic metres",
    "metric tons", "kilowatt-hours", "kilowatt hours", "TEUs", "TEU", "kWh", "MWh", "GWh", "kW",
    "MW", "GW", "km", "kg",
), key=len, reverse=True)
_ENGLISH_RE = re.compile(
    r"(?:\b(?P<pre>[Oo]ver|[Mm]ore than|[Nn]early|[Aa]bout|[Aa]round|[Aa]pproximately|[Aa]lmost|"
    r"[Uu]p to|[Ll]ess than|[Ff]ewer than|[Aa]t least) )?"
    r"(?<![\w.$-])(?P<cur>\$)?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?: ?(?P<mag>million|billion|thousand|trillion))?"
    r"(?:(?P<pct> ?%| percentage points?\b| per cent\b| percent\b| pct\b)|(?P<times> times\b)|"
    r" (?P<word>" + "|".join(map(re.escape, _ENGLISH_UNITS)) + r"|[a-z][a-z-]+))?"
    r"(?P<post> or (?:more|above|higher|less|below|fewer)\b| and above\b)?")
_ENGLISH_MAGNITUDE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ENGLISH_STOP = frozenset(
    "and or of in to the a an for from with by on at as is are was were be been that this which "
    "than per its their st nd rd th will shall would can "
    "could may might must has have had said says also after before since more most new other "
    "such under over about into during through between up down out off against among via "
    "while when where who whom whose according including compared".split())
_ENGLISH_KINDS: dict[str, MetricKind] = {
    **dict.fromkeys(("yuan", "dollars", "euros", "U.S. dollars", "US dollars", "Hong Kong dollars",
                     "Australian dollars", "pounds", "rupees"), MetricKind.MONEY),
    **dict.fromkeys(("hours", "days", "weeks", "months", "years", "minutes"), MetricKind.DURATION)}
_ENGLISH_KINDS.update(dict.fromkeys(
    ("square meters", "square metres", "square kilometers", "square kilometres", "cubic meters",
     "cubic metres", "metric tons", "tons", "tonnes", "kilowatt-hours", "kilowatt hours", "kWh",
     "MWh", "GWh", "kW", "MW", "GW", "km", "kg", "kilometers", "kilometres", "hectares"), MetricKind.OTHER))
_ENGLISH_MEASURES = frozenset(_ENGLISH_KINDS) | frozenset(_ENGLISH_UNITS) | frozenset(
    ("yuan", "renminbi", "RMB", "yen", "won", "mu", "tons", "tonnes", "kilograms", "meters",
     "metres", "liters", "litres", "hectares", "acres", "kilometers", "kilometres", "miles",
     "barrels", "kilowatts", "megawatts", "gigawatts"))
# Plural nouns that do not end in -s.
_IRREGULAR_PLURALS = frozenset("people children men women staff personnel cattle sheep fish "
                               "livestock poultry".split())
# A code right after a count names what is counted: 93 5A and 4A-level scenic spots, 20 5G stations.
_CODE_AFTER_RE = re.compile(r" [0-9]+[A-Z]+\b")
_ENGLISH_MONTH_RE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? ?$")


def scan_english(norm: str, english: EnglishLines, limit: int | None = None) -> list[Figure]:
    """Over 300 people, 1.5 billion yuan, 12 percent — in lines written mostly in English. In
    text order; with a `limit`, stops after limit + 1 figures.

    Only the English lines are read (no match of the pattern crosses a line end, and its
    lookbehinds see the character before a line as they would in the whole text): a Chinese
    release has none, and the pattern, which stops at every number, costs nothing there."""
    figures = []
    for start, end in english.spans():
        for m in _ENGLISH_RE.finditer(norm, start, end):
            figure = _english_figure(norm, m)
            if figure is not None:
                figures.append(figure)
                if limit is not None and len(figures) > limit:
                    return figures
    return figures


def _english_figure(norm: str, m: re.Match) -> Figure | None:
    if _ENGLISH_MONTH_RE.search(norm[max(0, m.start("num") - 10):m.start("num")]):
        return None
    unit, kind, end = _english_unit(m)
    if m.group("cur") and not unit:
        unit, kind = "$", MetricKind.MONEY
    counted = _counts_a_noun(norm, m) or _grouped(m)
    if not unit and not m.group("mag") and not m.group("pre") and not counted:
        return None
    if not unit and counted:
        kind = MetricKind.COUNT
    if not m.group("frac") and not m.group("mag") and kind != MetricKind.PERCENT and is_year(m.group("num")):
        return None
    value = Decimal(m.group("num").replace(",", "") + ("." + m.group("frac") if m.group("frac") else ""))
    if m.group("mag"):
        value *= _ENGLISH_MAGNITUDE[m.group("mag")]
    start = m.start("pre") if m.group("pre") else m.start("cur") if m.group("cur") else m.start("num")
    quals = (m.group("pre"),) if m.group("pre") else ()
    if m.group("post") and end == m.start("post"):  # 30 percent or more
        end, quals = m.end("post"), quals + (m.group("post").strip(),)
    return Figure(start, end, to_float(value), unit, quals, kind)


def _english_unit(m: re.Match) -> tuple[str, MetricKind, int]:
    if m.group("pct"):
        if "point" in m.group("pct"):
            return "percentage points", MetricKind.PERCENTAGE_POINT, m.end("pct")
        return "%", MetricKind.PERCENT, m.end("pct")
    if m.group("times"):
        return "times", MetricKind.MULTIPLE, m.end("times")
    word = m.group("word")
    if word and word not in _ENGLISH_STOP and _ends_the_span(word, bool(m.group("mag"))):
        return word, _ENGLISH_KINDS.get(word, MetricKind.COUNT), m.end("word")
    end = m.end("mag") if m.group("mag") else m.end("frac") if m.group("frac") else m.end("num")
    return "", MetricKind.OTHER, end


def _ends_the_span(word: str, magnitude: bool) -> bool:
    """A measure or a currency always; the counted noun (a plural: people, routes) only after a
    plain number; never an adjective or a noun qualifying the noun to come (inbound, passenger)."""
    if word in _ENGLISH_MEASURES:
        return True
    return not magnitude and _is_plural(word)


def _is_plural(word: str) -> bool:
    if word in _IRREGULAR_PLURALS:
        return True
    return len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


def _grouped(m: re.Match) -> bool:
    """A whole number written with thousands commas (2,400 new foreign-invested enterprises) is
    a quantity whatever words follow it: years, codes and list numbers are never grouped."""
    return "," in m.group("num") and not m.group("frac") and not m.group("mag") and \
        not m.group("pct") and not m.group("times")


def _counts_a_noun(norm: str, m: re.Match) -> bool:
    """A whole number followed by the words naming what it counts (127 cultural and tourism
    projects, 93 5A and 4A-level scenic spots), not by a function word."""
    if m.group("pct") or m.group("times"):
        return False
    word = m.group("word")
    if word:
        return word not in _ENGLISH_STOP and not word.endswith(("ed", "ing", "ly"))
    return not m.group("mag") and bool(_CODE_AFTER_RE.match(norm, m.end("num")))
