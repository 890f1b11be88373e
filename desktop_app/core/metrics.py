"""Quantitative figures in a press release: 36.01%, 近3万起, 2300余万元, ８省（区、市）, 5：1.

`extract_metrics` finds every figure with its exact span, parsed value, unit, approximation
qualifier and kind, the indicator it measures (label), its trend and period, the sentence it
sits in and the section that holds it. The rules describe the genre, not particular files:
a number is a figure when a unit, a classifier, a magnitude (万/亿) or a ratio makes it a
quantity; dates, years, time frames, ordinals, names, codes and grades are left out.

This module reads figures written with digits and puts everything together; the vocabulary of
units and approximation words is in metric_units.py, Chinese numerals in metric_words.py,
English in metric_english.py, labels in metric_labels.py.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from desktop_app.core.metric_english import scan_english
from desktop_app.core.metric_labels import (
    SENTENCE_BREAK,
    EnglishLines,
    FigureClauses,
    figure_labels,
)
from desktop_app.core.metric_text import (
    ClauseStarts,
    LastOfWords,
    Sentences,
    labels_as_written,
    last_of_chars,
    last_of_word,
)
from desktop_app.core.metric_units import (
    ADMIN_UNITS,
    PUNCT,
    TIME_UNITS,
    Figure,
    approx_after,
    approx_before,
    is_cjk,
    is_year,
    kind_of,
    match_unit,
    rejected_after,
    suffix_at,
    unit_at,
)
from desktop_app.core.metric_words import scan_words
from desktop_app.core.model import Metric, MetricKind, Section
from desktop_app.core.numbers import (
    magnitude_power,
    parse_digits,
    share_percent,
    to_float,
    to_halfwidth,
    value_at_most,
)

# A currency sign before a number without unit: ￥1,200,000.00.
_CURRENCY_SIGNS = {"￥": "元", "¥": "元", "$": "美元"}
# 个 + 多/余 + a time word: 3个多月, 5个多小时.
_TIME_AFTER_GE = ("月", "小时", "星期", "工作日", "季度")
_RANGE_SEPS = "-~—–〜至到"
_CALENDAR_UNITS = frozenset({"年", "个月", "个季度", "周", "星期", "个星期"})
# Before a duration these make it a time frame (过去５年, 今后5年, 前8个月, 每3年).
_FRAME_BEFORE = ("过去", "今后", "未来", "最近", "此后", "其后", "近些", "来的", "经过", "这", "那",
                 "头", "每", "前", "后", "上")
# A number of years or months is a figure only when the text asserts it (连续5年, 缩短2个月,
# 潜逃18年的); otherwise it sets the time frame (6年减贫8000万人, 3个月完成整改).
_DURATION_BEFORE = ("连续", "达到", "达", "长达", "历时", "用时", "耗时", "缩短", "提前", "延长", "满",
                    "为", "是", "了", "潜逃", "增加", "提高", "平均", "至", "到", "坚持", "徒刑",
                    "判处", "年限", "寿命", "工龄", "期限")
# After a calendar duration these make it a time frame (5年来, 3年内, 5年时间, 3年行动计划).
_FRAME_AFTER = ("来", "以来", "间", "中", "里", "期间", "之内", "以内", "时间", "之后", "以后",
                "以前", "之前", "前", "后", "平均", "累计", "行动", "计划", "规划", "攻坚", "内",
                "最", "新高", "新低")  # 为近13个月最高涨幅: the span a record is measured over
_RANK_UNITS = frozenset({"名", "位", "名次"})
_THRESHOLD_BEFORE = ("不低于", "不高于", "不超过", "不少于", "低于", "高于")
# Before a figure that qualifies a noun (适用3%征收率): it names the category the rule applies to.
_CATEGORY_BEFORE = ("适用",)

_NUMBER_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_PER_BASE_RE = re.compile(r"/(?:10|100|1000)?[万千亿](?:人)?|/(?:100|1000|10000|100000)(?![\d.])")
_ORDINAL_LIST_RE = re.compile(r"第[\d、,]+$")
_ORDINAL_LIST_ENDS = frozenset("、,\n")  # besides digits, what text before an ordinal list ends with
_SHARED_UNIT_RE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)[、和与及或]$")
_SHARED_UNIT_ENDS = frozenset("、和与及或\n")  # what text before a shared unit ends with
_BORDERLINE_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,3}及以[上下]")


@dataclass
class _Reading:
    """A number read forwards from its first digit: value(s), magnitude, 余/多 and unit.

    Magnitudes (万, 亿) are powers of ten: `power` 4 is ×10⁴ (a run of 亿 never builds a huge
    integer)."""

    start: int
    end: int
    low: Decimal
    high: Decimal | None = None
    power: int = 0
    high_power: int = 0
    approx: str = ""
    unit: str = ""


# At most this many figures are extracted from one document (a hostile 20 MB file
# held 4.2 million and took 2.5 GB). Releases have tens to a few hundred; a long statistical
# bulletin one or two thousand; none of the corpus and test releases more than 69.
MAX_FIGURES = 20_000


# --- public -----------------------------------------------------------------------------

def extract_metrics(text: str, sections: Sequence[Section], limit: int | None = None) -> list[Metric]:
    """Every quantitative figure in `text`, in order, linked to its sentence and section.

    `sections` are the document's sections (offsets into the same text); a figure outside
    all of them (the title line) gets `section=None`. At most `limit` figures: the first
    ones (see find_metrics).
    """
    return find_metrics(text, sections, limit)[0]


def find_metrics(text: str, sections: Sequence[Section],
                 limit: int | None = None) -> tuple[list[Metric], int | None]:
    """`extract_metrics`, and where the figures stop when there are more than `limit`
    (MAX_FIGURES by default): then only the figures that start before that offset are
    extracted (at most `limit`), and the readers stop there, so a text full of figures costs no
    more memory than `limit` of them. The offset is None when every figure was extracted."""
    limit = MAX_FIGURES if limit is None else limit
    norm = to_halfwidth(text)
    english = EnglishLines(norm)
    digits = _scan_digits(norm, _ClockContext(norm), limit)
    found = [digits, _shared_unit_figures(norm, digits, limit), scan_words(norm, limit),
             scan_english(norm, english, limit)]
    # A reader that stopped (it returned limit + 1 figures) has found every figure of its kind
    # that starts before the last one it returned: all figures before the first such are known.
    cut = min((figures[-1].start for figures in found if len(figures) > limit), default=None)
    figures = [f for figures in found for f in figures if cut is None or f.start < cut]
    figures = _drop_overlaps(sorted(figures, key=lambda f: (f.start, -f.end)))
    if len(figures) > limit:
        cut = figures[limit].start
        del figures[limit:]
    return _annotate(text, norm, figures, sections, english), cut


# --- figures written with digits ---------------------------------------------------------

class _ClockContext:
    """Is there a 比 in the clause before a position (5:1 vs 15:07)? For increasing positions."""

    def __init__(self, norm: str):
        self._clauses = ClauseStarts(norm)
        self._bi = last_of_word(norm, "比")

    def __call__(self, pos: int) -> bool:
        return self._bi(pos) >= self._clauses(pos)


def _scan_digits(norm: str, clock: Callable[[int], bool] | None = None,
                 limit: int = MAX_FIGURES) -> list[Figure]:
    """Figures written with digits, in text order; stops after limit + 1 of them."""
    figures: list[Figure] = []
    consumed = 0
    for match in _NUMBER_RE.finditer(norm):
        if match.start() < consumed:
            continue
        figure = _digit_figure(norm, match.start(), match.end(), clock)
        if figure is not None:
            figures.append(figure)
            consumed = figure.end
            if len(figures) > limit:
                break
    return figures


def _digit_figure(norm: str, s: int, e: int, clock: Callable[[int], bool] | None = None) -> Figure | None:
    if _is_code_context(norm, s):
        return None
    ratio = _ratio(norm, s, e, clock) or _digit_fraction(norm, s, e)
    if ratio is not None:
        return ratio
    reading = _read_quantity(norm, s, e)
    if reading is None or _excluded(norm, s, e, reading):
        return None
    return _finish(norm, reading)


def _is_code_context(norm: str, s: int) -> bool:
    """PM2.5, G20, COVID-19, 1.2.3, 第3, 第1、2名: the number is part of a code or an ordinal."""
    before = norm[s - 1:s]
    if before.isascii() and before.isalpha():
        return True
    two = norm[max(0, s - 2):s]
    if before == "-" and two[:1].isascii() and two[:1].isalpha():
        return True
    if before == "." and two[:1].isdigit():
        return True
    if before == "第":
        return True
    if before not in _ORDINAL_LIST_ENDS and not before.isdecimal():
        return False  # _ORDINAL_LIST_RE cannot match: what it matches ends there (or before a \n)
    return bool(_ORDINAL_LIST_RE.search(norm[max(0, s - 12):s]))


def _ratio(norm: str, s: int, e: int, has_bi: Callable[[int], bool] | None = None) -> Figure | None:
    """5：1, 2.6:1 or 6.01:55.04:38.95 in a clause that speaks of a ratio (比), or any x:1.

    `has_bi(s)` says whether the clause before `s` holds a 比 (for increasing `s`)."""
    if norm[s - 1:s] == ":" or norm[e:e + 1] != ":":
        return None  # inside a ratio already read (or none): not read again along the chain
    end = _ratio_end(norm, e)
    if end is None:
        return None
    first, count, digits_only, only_one = norm[s:e], 1, norm[s:e].isdigit(), True
    for found in _RATIO_PART_RE.finditer(norm, e, end):  # the parts after the first, one by one
        part = found.group()
        if len(part) == 2 and part.startswith("0"):
            return None  # a clock time, 15:07
        count += 1
        digits_only = digits_only and part.isdigit()
        only_one = only_one and count == 2 and part == "1"
    if len(first) == 2 and first.startswith("0"):
        return None
    clock = digits_only and value_at_most(first, 24) and count <= 3
    if clock and not only_one and not (has_bi or _ClockContext(norm))(s):
        return None
    value = to_float(parse_digits(first))
    return Figure(s, end, value, norm[e:end], (), MetricKind.RATIO)


_RATIO_NEXT_RE = re.compile(r":(\d+)(\.\d+)?")
_RATIO_PART_RE = re.compile(r"[^:]+")


def _ratio_end(norm: str, e: int) -> int | None:
    r"""Where the ratio going on at `e` (":1:1.5") ends: where (?::\d+(?:\.\d+)?)+(?![\d:])
    matched at `e`, or None. Read part by part: that pattern kept a backtracking point per
    part, so its memory grew with the chain (136 MB for 1 MB of "1:").

    The pattern takes every part it can; followed by a ":" it gives back parts and decimals
    until what follows is no digit and no ":", which only dropping the decimals of the last
    part that has some achieves (the "." then follows)."""
    pos, before_decimals = e, None
    while (m := _RATIO_NEXT_RE.match(norm, pos)) is not None:
        if m.group(2):
            before_decimals = m.end(1)
        pos = m.end()
    if pos == e:
        return None
    return before_decimals if norm[pos:pos + 1] == ":" else pos


_FRACTION_RE = re.compile(r"/(\d{1,3})(?![\d./万千亿])")
# Right before a fraction that states a share: 占…的1/3, 约为2/3, 达到1/2.
_FRACTION_BEFORE = frozenset("占的为达是到至及和、")
# A fraction of tenths or less closing its clause is a share too (游客接近1/4。).
_FRACTION_AFTER = frozenset("，,。；;！!？?、）)\n")


def _digit_fraction(norm: str, s: int, e: int) -> Figure | None:
    """近1/4, 约2/3, 1/3以上: a share written as a fraction of small whole numbers.

    Folded like 三分之一 (numbers.share_percent): value = the fraction × 100 rounded to two
    places, unit "%", kind percent — 近1/4 → 25 "%". A share needs a word that states it (an
    approximation word, a suffix, 占/为/达… before or 的 after) or, for tenths and coarser
    (1/4, 2/3), the end of its clause right after it; dates (2023/1/4, 于3/5召开) and rates
    (15.1/10万) stay out.
    """
    if norm[e:e + 1] != "/":
        return None
    m = _FRACTION_RE.match(norm, e)
    if not m or norm[s - 1:s] in ("/", ".", "-") or not norm[s:e].isdigit():
        return None
    if not value_at_most(norm[s:e], 999):
        return None  # not a share of a whole of at most 100 (and no long number is read)
    num, den = int(norm[s:e][-3:]), int(m.group(1))
    if not 0 < num < den <= 100:
        return None
    start, prefix = approx_before(norm, s)
    end, suffix = suffix_at(norm, m.end())
    stated = prefix or suffix or norm[start - 1:start] in _FRACTION_BEFORE or norm[end:end + 1] == "的"
    closes = den <= 10 and (end == len(norm) or norm[end] in _FRACTION_AFTER)
    return _share(norm, start, end, num, den, prefix, suffix) if stated or closes else None


def _share(norm: str, start: int, end: int, num: int, den: int, prefix: str, suffix: str) -> Figure:
    """The figure for a fraction num/den spanning [start, end)."""
    quals = tuple(q for q in (prefix, suffix) if q)
    borderline = _is_borderline(norm, start, end, suffix, "%", False)
    return Figure(start, end, share_percent(num, den), "%", quals, MetricKind.PERCENT, borderline=borderline)


def _read_quantity(norm: str, s: int, e: int) -> _Reading | None:
    """Number, 余/多, magnitude, a range's second number, then the unit."""
    low = parse_digits(norm[s:e])
    if low is None:
        return None
    reading = _Reading(s, e, low)
    sign_before = norm[s - 2:s - 1]
    if norm[s - 1:s] == "-" and not (sign_before.isascii() and sign_before.isalnum() or sign_before == "-"):
        reading.start, reading.low = s - 1, -low
    pos = _read_magnitude(norm, e, reading)
    reading.high_power = reading.power
    pos = _read_range(norm, pos, reading)
    pos, approx = approx_after(norm, pos)
    reading.approx = reading.approx or approx
    if norm[pos:pos + 1] == " " and (norm[pos + 1:pos + 2] == "%" or is_cjk(norm[pos + 1:pos + 2])):
        if match_unit(norm, pos + 1) or norm[pos + 1:pos + 2] in "万亿%":
            pos = _read_magnitude(norm, pos + 1, reading)
    reading.end = _read_unit(norm, pos, reading)
    return reading


def _read_magnitude(norm: str, pos: int, reading: _Reading) -> int:
    """余/多 and 万/亿/千 in any order: 2300余万, 6万余, 8千多万, 3.6亿多."""
    while True:
        pos, approx = approx_after(norm, pos)
        pos, mags = _magnitudes(norm, pos)
        reading.approx = reading.approx or approx
        if mags:
            reading.power += magnitude_power(mags)
        if not approx and not mags:
            return pos


def _read_range(norm: str, pos: int, reading: _Reading) -> int:
    """The second number of 800-1000亿千瓦时, 3至5年, 0.5到1个百分点."""
    if pos >= len(norm) or norm[pos] not in _RANGE_SEPS:
        return pos
    m = _NUMBER_RE.match(norm, pos + 1)
    if not m:
        return pos
    reading.high = parse_digits(m.group())
    low_power, reading.power = reading.power, 0
    pos = _read_magnitude(norm, m.end(), reading)
    reading.high_power = reading.power
    reading.power = low_power if low_power > 0 else reading.high_power
    return pos


def _read_unit(norm: str, pos: int, reading: _Reading) -> int:
    """The unit, a range repeated with its unit (20%-30%), and 多/余 after a duration (5年多)."""
    if norm[pos:pos + 1] == "个" and norm[pos + 1:pos + 2] in ("多", "余") and norm[pos + 1:pos + 2]:
        for word in _TIME_AFTER_GE:
            if norm.startswith(word, pos + 2):
                reading.unit = "个" + word
                reading.approx = reading.approx or norm[pos + 1]
                return pos + 2 + len(word)
    pos, reading.unit = unit_at(norm, pos)
    if not reading.unit:
        pos, reading.unit = _per_base(norm, pos)
    if reading.unit and reading.high is None:
        pos, reading.high = _unit_range(norm, pos, reading.unit)
    if reading.unit in TIME_UNITS and norm[pos:pos + 1] in ("多", "余") and norm[pos:pos + 1]:
        reading.approx = reading.approx or norm[pos]
        pos += 1
    return pos


def _magnitudes(norm: str, pos: int) -> tuple[int, str]:
    """万/亿/千 folded into the value; 千 or 百 that starts a unit (千瓦, 百分点) stays with it."""
    start = pos
    while pos < len(norm) and norm[pos] in "百千万亿":
        if norm[pos] in "千百" and match_unit(norm, pos):
            break
        pos += 1
    return pos, norm[start:pos]


def _unit_range(norm: str, pos: int, unit: str) -> tuple[int, Decimal | None]:
    """20%-30% or 15%—20%: a range written with the unit on both ends."""
    if pos >= len(norm) or norm[pos] not in "-~—–〜至":
        return pos, None
    m = _NUMBER_RE.match(norm, pos + 1)
    if not m or not norm.startswith(unit, m.end()):
        return pos, None
    return m.end() + len(unit), parse_digits(m.group())


def _per_base(norm: str, pos: int) -> tuple[int, str]:
    """A rate per base population written after a bare number: 15.1/10万."""
    m = _PER_BASE_RE.match(norm, pos)
    return (m.end(), m.group()) if m else (pos, "")


def _excluded(norm: str, s: int, e: int, r: _Reading) -> bool:
    """Dates, years, clock times, grades, codes and item counts that are not figures."""
    if rejected_after(norm, r.end, r.unit):
        return True
    if not r.unit and r.power == 0 and not _bare_number_ok(norm, s, r.end) and \
            norm[s - 1:s] not in _CURRENCY_SIGNS:
        return True
    if r.unit in _YEAR_UNITS and is_year(norm[s:e]):
        return True  # 2014年, 2024届毕业生
    if _is_service_number(norm, s, e):
        return True
    return _odd_unit(norm, s, r)


# After a year, these make it a date or a cohort, not a count.
_YEAR_UNITS = frozenset({"年", "届"})
# A public service number (12333, 12345, 12329) before the line it names: a code.
_SERVICE_LINE_RE = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:热线|电话|专线|平台|短信)")


def _is_service_number(norm: str, s: int, e: int) -> bool:
    """12333人社服务热线, 12345政务服务便民热线: a five-digit 12xxx number naming a service line
    (not a round count such as 12000人参加热线培训)."""
    digits = norm[s:e]
    if len(digits) != 5 or not digits.startswith("12") or digits.endswith("00"):
        return False
    return norm[e:e + 1] not in ("余", "多", "万", "亿", "千") and bool(_SERVICE_LINE_RE.match(norm, e))


def _odd_unit(norm: str, s: int, r: _Reading) -> bool:
    """Units that are something else in context: 14时30分, 1对1, 形成, 12345市民, 3个方面."""
    nxt = norm[r.end:r.end + 1]
    if r.unit in ADMIN_UNITS:
        return r.low >= 1000 or r.power > 0 or not (not nxt or nxt in PUNCT or nxt in "和及等的区市")
    if r.unit == "人":  # 人 that starts a word: 人社, 人民, 人口, 人力
        return bool(nxt) and nxt in _PERSON_WORD_STARTS
    if r.unit == "分":
        return norm[s - 1:s] in ("时", "点", ":")
    if r.unit == "对":
        return nxt.isdigit()
    if r.unit == "成":
        return bool(nxt) and nxt in "功员为立果效本就型交绩品"
    if r.unit == "个":
        return norm.startswith(("方面", "大方面"), r.end)
    if r.unit == "类":  # 医用耗材31类 counts kinds; 3类水质, 1类地区 name a class
        return bool(nxt) and not (nxt in PUNCT or nxt.isdigit() or nxt in "和及与等共")
    return False


# Second characters that make 人 right after a number the start of a word, not a count.
_PERSON_WORD_STARTS = frozenset("社民口力")

# Verbs of change right before a bare decimal: 比上年同期缩小0.04 (a gap in a ratio or index).
_CHANGE_BEFORE = ("缩小", "扩大", "提高", "下降", "上升", "增加", "减少", "降低", "收窄", "回落", "加快",
                  "放缓", "增长")


def _bare_number_ok(norm: str, s: int, end: int) -> bool:
    """A number without unit counts when it is a decimal measure (系数由1.04下降到0.59, 缩小0.04)."""
    if "." not in norm[s:end]:
        return False
    if norm[s - 1:s] not in tuple("的为到至达是由从约近") and not norm.endswith(_CHANGE_BEFORE, 0, s):
        return False
    nxt = norm[end:end + 1]
    return not nxt or nxt in PUNCT or nxt in "下上提增降减"


_LINE_INDENT = " \u3000\u00a0\t"


def _at_line_start(norm: str, pos: int) -> bool:
    """A list marker (1、…) rather than a figure: only white space before it on its line."""
    while pos > 0 and norm[pos - 1] in _LINE_INDENT:
        pos -= 1
    return pos == 0 or norm[pos - 1] == "\n"


def _finish(norm: str, r: _Reading) -> Figure | None:
    """Add the glued parenthesis, the approximation words and the suffix; drop time frames."""
    end = _glued_parenthesis(norm, r.end, r.unit)
    if not r.unit and norm[r.start - 1:r.start] in _CURRENCY_SIGNS:
        r.start, r.unit = r.start - 1, _CURRENCY_SIGNS[norm[r.start - 1]]
    start, prefix = approx_before(norm, r.start)
    end, suffix = suffix_at(norm, end)
    name = _name_role(norm, start, end, r.unit)
    if name == "name" or _is_time_frame(norm, start, end, r.unit, prefix):
        return None
    if suffix == "以内" and r.unit in _CALENDAR_UNITS:
        return None  # 3年以内完成: within a time frame, not a quantity
    if r.unit in _RANK_UNITS and norm[start - 1:start] == "前" and norm[start - 2:start - 1] != "提":
        return None
    tenths = 10 if r.unit == "成" else 1  # 8成 is 80 percent
    low = _scaled(r.low, r.power, tenths)
    high = None if r.high is None else _scaled(r.high, r.high_power, tenths)
    qualifiers = tuple(filter(None, (prefix, r.approx, suffix)))
    borderline = name == "count" or _is_borderline(norm, start, end, suffix, r.unit, high is not None)
    unit = "%" if r.unit == "成" else r.unit  # value 80 reads "80%", never "80成"
    return Figure(start, end, low, unit, qualifiers, kind_of(r.unit),
                  low if high is not None else None, high, borderline, r.power)


def _scaled(value: Decimal, power: int, tenths: int = 1) -> float:
    """float(value × 10**power × tenths), as the Decimal product gives it, without building
    10**power: a figure that large is infinite as a float (1万万万…万元 is inf, not a hang)."""
    if not value.is_zero() and value.adjusted() + power > 308:
        return -math.inf if value.is_signed() else math.inf
    return to_float(value.scaleb(power) * tenths)


def _glued_parenthesis(norm: str, pos: int, unit: str) -> int:
    """Keep 件(次), 省（区、市） and 个省(自治区、直辖市): a short qualifier glued to the unit."""
    if not unit:
        return pos
    start = pos
    if unit == "个" and norm[pos:pos + 1] in ("省", "市", "县", "区"):
        start = pos + 1
    if norm[start:start + 1] != "(":
        return pos
    close = norm.find(")", start, start + 12)
    inner = norm[start + 1:close] if close > 0 else ""
    if not inner or not all(is_cjk(ch) or ch == "、" for ch in inner):
        return pos
    if start != pos and "、" not in inner:
        return pos
    return close + 1


def _is_time_frame(norm: str, start: int, end: int, unit: str, prefix: str) -> bool:
    """过去５年, 前8个月, 5年来, 近5年: durations that only set the time frame."""
    if unit not in TIME_UNITS or _is_comparison_base(norm, start, end):
        return False
    before = norm[max(0, start - 2):start]
    if prefix == "近" and unit in _CALENDAR_UNITS:
        if not before[-1:] or before[-1:] in PUNCT or before[-1:] in "在的这和":
            return True
    if _frame_word_before(before, unit):
        return True
    after = norm[end:end + 2]
    if unit in ("年", "个月") and not _asserted_duration(norm, start, end):
        return True
    if unit in _CALENDAR_UNITS:
        return after.startswith(_FRAME_AFTER)
    return after.startswith(("来", "以来", "期间", "时间"))


# 由原来的2天压缩至半天以内, 从过去的15个工作日缩短到5个: the value a change starts from.
_BASE_BEFORE_RE = re.compile(r"(?:由|从)(?:原来|过去|以前|之前|原先|此前|以往)?的?$")
_CHANGE_AFTER_RE = re.compile(r"(?:压缩|缩短|缩减|减少|降低|下降|减|降|提高|提升|增加|增长|上升|延长|扩大|"
                              r"调整|变)?(?:至|到|为)")


def _is_comparison_base(norm: str, start: int, end: int) -> bool:
    """The value before the change in 由X…压缩至Y: a figure whatever Y is written as."""
    return bool(_BASE_BEFORE_RE.search(norm, max(0, start - 6), start)
                and _CHANGE_AFTER_RE.match(norm, end))


def _asserted_duration(norm: str, start: int, end: int) -> bool:
    if norm[max(0, start - 2):start].endswith(_DURATION_BEFORE):
        return True
    after = norm[end:end + 1]
    return not after or after in "、，,。；;的整）)\n"


def _frame_word_before(before: str, unit: str) -> bool:
    if before.endswith("提前"):
        return False
    for word in _FRAME_BEFORE:
        if before.endswith(word):
            return unit in _CALENDAR_UNITS or word not in ("上", "后")
    return False


def _is_borderline(norm: str, start: int, end: int, suffix: str, unit: str, ranged: bool) -> bool:
    """Figures that only define a category or a threshold (300兆瓦以上机组, 65岁及以上老年人,
    10万元以下（含本数）, 适用3%征收率的销售额)."""
    nxt = norm[end:end + 1]
    if suffix in ("以上", "以下", "以内") and is_cjk(nxt) and nxt not in "的和或及":
        return True
    if suffix in ("以上", "以下") and norm.startswith("(含", end):
        return True
    if "及以" in norm[end:end + 5] and _BORDERLINE_AFTER_RE.match(norm, end):  # where a match has it
        return True
    if ranged and unit in ("岁", "周岁"):
        return True
    before = norm[max(0, start - 3):start]
    if before.endswith(_CATEGORY_BEFORE) and is_cjk(nxt):
        return True
    return before.endswith(_THRESHOLD_BEFORE) and nxt == "的"


# Classifiers that count the points of a document or a programme (“12条意见”, “10项机制”).
_LIST_COUNT_UNITS = frozenset({"条", "项", "点", "个", "大", "招", "批", "件"})


def _name_role(norm: str, start: int, end: int, unit: str) -> str | None:
    """A figure inside 《…》 or a short “…” on its line: "name" when a name without punctuation
    goes on past a measure (“15分钟就业服务圈”, “30天办结” — not a figure), else "count"
    (“12条意见”, a short quoted phrase — borderline); None outside names."""
    quoted = _quoted_around(norm, start, end)
    if quoted is None:
        return None
    before, rest, after = quoted
    if _SCHEME_AFTER_RE.match(after):
        return "name"  # “1、3、5分钟”快速反应机制: the quoted figures name a scheme
    is_name = rest and unit not in _LIST_COUNT_UNITS and not PUNCT.intersection(before + rest)
    return "name" if is_name else "count"


# After a quoted phrase, a noun that makes it the name of a scheme, a system or a campaign,
# with up to four words of its own before it (“1、3、5分钟”快速反应机制, “15分钟”生活圈).
_SCHEME_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:机制|体系|工程|模式|行动|工作法|服务圈|生活圈|"
                              r"经济圈|品牌|格局|战略)")


_QUOTE_OPEN_RE = re.compile("[《“\"]")


def _quoted_around(norm: str, start: int, end: int) -> tuple[str, str, str] | None:
    """The text of the short name holding a figure, before and after it, and what follows the
    name, else None."""
    if not _QUOTE_OPEN_RE.search(norm, max(0, start - 20), start):
        return None  # no 《, “ or " before the figure: nothing to look for
    left = norm[max(0, start - 20):start]
    right = norm[end:end + 20]
    for open_, close in (("《", "》"), ("“", "”"), ("\"", "\"")):
        i = left.rfind(open_)
        if i < 0 or close in left[i + 1:] or "\n" in left[i:]:
            continue
        j = right.find(close)
        if j >= 0 and "\n" not in right[:j] and (len(left) - i) + j <= 24:
            return left[i + 1:], right[:j], norm[end + j + 1:end + j + 12]
    return None


def _shared_unit_figures(norm: str, figures: list[Figure], limit: int = MAX_FIGURES) -> list[Figure]:
    """分别为47、55和55微克/立方米: bare numbers listed before a figure share its unit.

    Each list is read backwards from its figure. Stops after limit + 1 figures, the last one
    then being the first of its list: every such figure before it has been found."""
    extra: list[Figure] = []
    for figure in figures:
        if not figure.unit or figure.kind == MetricKind.RATIO:
            continue
        pos = figure.start
        while True:
            if norm[pos - 1:pos] not in _SHARED_UNIT_ENDS:
                break  # _SHARED_UNIT_RE cannot match: what it matches ends there (or before a \n)
            m = _SHARED_UNIT_RE.search(norm, max(0, pos - 16), pos)
            if not m or _is_code_context(norm, m.start(1)) or is_year(m.group(1)) or \
                    _at_line_start(norm, m.start(1)):
                break
            value = parse_digits(m.group(1))
            assert value is not None, "_SHARED_UNIT_RE matches decimal numbers only"
            shared = Figure(m.start(1), m.end(1), _scaled(value, figure.power),
                            figure.unit, (), figure.kind, power=figure.power)
            if len(extra) > limit:
                extra[-1] = shared  # past the limit: only where this list starts is kept
            else:
                extra.append(shared)
            pos = m.start(1)
        if len(extra) > limit:
            break
    return extra


# --- merging ---------------------------------------------------------------------------

def _drop_overlaps(figures: list[Figure]) -> list[Figure]:
    kept: list[Figure] = []
    for figure in figures:
        if not kept or figure.start >= kept[-1].end:
            kept.append(figure)
    return kept


# --- sentence, section, trend, period (labels: metric_labels.py) ------------------

_TRENDS = ("下降", "增长", "提高", "缩短", "减少", "上升", "降低", "增加", "提升", "扩大", "缩小",
           "下滑", "回落", "上涨", "下跌", "增多", "压缩", "减轻", "收窄", "降至", "降到", "增至",
           "增", "减", "降")
_TREND_CANON = {"降至": "下降", "降到": "下降", "增至": "增长", "增": "增长", "减": "减少", "降": "下降"}
_PERIODS = ("年均", "月均", "日均", "周均", "季均", "累计", "每年", "每月", "每日", "每天")
# Words between a trend verb and its figure: 了, 到, 达到, 幅度为 … (达到 is 达 + 到 and 幅度为 is
# 幅度 + 为: listing only the parts keeps the match from trying every way to split them).
_TREND_GLUE_RE = re.compile(r"(?:[了到至为达\s]|分别|幅度)*")


def _annotate(text: str, norm: str, figures: list[Figure], sections: Sequence[Section],
              english: EnglishLines) -> list[Metric]:
    """Label, sentence, trend, period and section of each figure; figures are in text order,
    so each helper reads the text once, forwards."""
    metrics: list[Metric] = []
    sentence_of = Sentences(norm, "".join(SENTENCE_BREAK))
    sentences = [sentence_of(figure.start) for figure in figures]
    clauses = FigureClauses(norm, figures)
    labels = labels_as_written(text, norm, [
        (label, sentence[0], figure.end)
        for label, sentence, figure in zip(figure_labels(norm, figures, english, clauses), sentences, figures,
                                           strict=True)])
    context = _TrendContext(norm, clauses)
    section_of = _SectionIndex(sections)
    for index, figure in enumerate(figures):
        sentence = sentences[index]
        trend, period = _trend_and_period(norm, figures, index, metrics, context)
        metrics.append(Metric(
            text=text[figure.start:figure.end], start=figure.start, end=figure.end,
            value=figure.value, unit=figure.unit,
            qualifier="+".join(figure.qualifiers) or None, kind=figure.kind,
            low=figure.low, high=figure.high, label=labels[index], trend=trend, period=period,
            sentence_start=sentence[0], sentence_end=sentence[1],
            section=section_of(figure.start), borderline=figure.borderline,
        ))
    return metrics


def _section_index(sections: Sequence[Section], pos: int) -> int | None:
    """The deepest section holding `pos`: the last one that does (an item comes after its parent)."""
    found = None
    for index, section in enumerate(sections):
        if section.start <= pos < section.end:
            found = index
    return found


class _SectionIndex:
    """`_section_index` by bisection when the sections are in order of their starts (as
    structure.py makes them: an item after its parent, inside the parent's span), else by the
    linear scan. A figure links to its deepest section: the item when it is inside one, else
    the area around it."""

    def __init__(self, sections: Sequence[Section]):
        self._sections = sections
        ordered = all(a.start <= b.start for a, b in pairwise(sections)) and \
            all(s.start <= s.end for s in sections) and \
            all(s.parent is None or 0 <= s.parent < k for k, s in enumerate(sections)) and \
            all(a.end <= b.start for a, b in pairwise(s for s in sections if s.parent is None))
        self._starts = [s.start for s in sections] if ordered else None

    def __call__(self, pos: int) -> int | None:
        if self._starts is None:
            return _section_index(self._sections, pos)
        index: int | None = bisect_right(self._starts, pos) - 1
        while index is not None and index >= 0:
            section = self._sections[index]
            if pos < section.end:
                return index
            index = section.parent  # past an item's end: maybe still in its area
        return None


class _TrendContext:
    """The figures' clauses, and comma-part starts and the period words before a figure, for
    increasing positions."""

    def __init__(self, norm: str, clauses: FigureClauses):
        self.clauses = clauses
        self.parts = last_of_chars(norm, _PART_BREAKS)
        self.periods = LastOfWords(norm, _PERIODS)


def _trend_and_period(norm: str, figures: list[Figure], index: int, done: list[Metric],
                      context: _TrendContext) -> tuple[str | None, str | None]:
    """The trend word just before the figure (同比下降) and a period word in its clause (年均)."""
    if context.clauses.continues[index]:
        return done[-1].trend, done[-1].period
    start = figures[index].start
    begin = max(context.clauses.starts[index], figures[index - 1].end if index else 0)
    trend = _trend(norm[begin:start])
    part = context.parts(start) + 1  # the comma-delimited part of the sentence (、 does not break it)
    last = context.periods(start)
    period = next((word for word in _PERIODS if last[word] >= part), None) if max(last.values()) >= part else None
    return trend, period


_PART_BREAKS = "，,。；;！!？?\n"  # end a comma-delimited part of a sentence (、 does not)


def _trend(region: str) -> str | None:
    """The trend verb that leads straight to the figure (下降了, 上升到, 分别增长), not 增加值:
    the last occurrence of a trend word that only glue words follow, the latest of them (the
    first in _TRENDS of those starting there).

    Only the few positions after which glue alone follows can end such a word, so only the
    words ending there are looked up (not all of _TRENDS in every region)."""
    best, at = None, -1
    for end in _glue_starts(region):
        for word in _TRENDS_BY_LAST.get(region[end - 1:end], ()):
            i = end - len(word)
            if i > at and region.startswith(word, i) and region.rfind(word) == i:
                best, at = word, i
    return _TREND_CANON.get(best, best) if best else None


_TRENDS_BY_LAST: dict[str, tuple[str, ...]] = {  # in _TRENDS' order: the first one wins a tie
    last: tuple(w for w in _TRENDS if w[-1] == last) for last in {w[-1] for w in _TRENDS}}
_GLUE_CHARS = frozenset("了到至为达")
_GLUE_WORDS = ("分别", "幅度")


def _glue_starts(region: str) -> list[int]:
    """Where `_TREND_GLUE_RE.fullmatch(region, j)` holds, latest first: region[j:] is made of
    glue words only. Read backwards from the end while it holds at one of the two positions
    after (a glue word is one or two characters long)."""
    found = [len(region)]
    after1, after2 = True, False  # does it hold at j + 1, at j + 2
    j = len(region) - 1
    while j >= 0 and (after1 or after2):
        ch = region[j]
        holds = (after1 and (ch in _GLUE_CHARS or ch.isspace())) or \
            (after2 and region.startswith(_GLUE_WORDS, j))
        if holds:
            found.append(j)
        after1, after2 = holds, after1
        j -= 1
    return found
