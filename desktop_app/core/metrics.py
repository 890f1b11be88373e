"""Quantitative figures in a press release: 36.01%, 近3万起, 2300余万元, ８省（区、市）, 5：1.

`extract_metrics` finds every figure with its exact span, parsed value, unit, approximation
qualifier and kind, the indicator it measures (label), its trend and period, the sentence it
sits in and the section that holds it. The rules describe the genre, not particular files:
a number is a figure when a unit, a classifier, a magnitude (万/亿) or a ratio makes it a
quantity; dates, years, time frames, ordinals, names, codes and grades are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from desktop_app.core.metric_labels import (
    SENTENCE_BREAK, clause_start, continues_list, figure_labels, is_english_line, label_as_written,
)
from desktop_app.core.model import Metric, Section
from desktop_app.core.numbers import (
    CN_DIGITS, magnitude_factor, parse_chinese_number, parse_digits, to_float, to_halfwidth,
)

# --- units ------------------------------------------------------------------------------

_UNIT_KINDS: dict[str, str] = {}


def _units(kind: str, words: str) -> None:
    for word in words.split():
        _UNIT_KINDS[word] = kind


_units("percent", "% ‰ 成")
_units("percentage_point", "个百分点 百分点")
_units("multiple", "倍")
_units("money", "元 美元 欧元 港元 日元 英镑 元人民币 港币 美金")
_units("duration", "年 天 个月 小时 个小时 分钟 秒 秒钟 周 个星期 星期 个工作日 工作日 个季度")
_units("count", "个 人 名 位 件 起 项 家 户 座 所 处 条 台 辆 套 只 头 匹 羽 尾 株 棵 根 批 次 "
                "人次 件次 户次 辆次 车次 架次 家次 天次 艘次 列次 班次 台次 项次 剂次 批次 场 "
                "场次 轮 期 届 本 册 卷 部 篇 首 份 张 幅 块 片 支 艘 架 列 趟 例 宗 笔 间 栋 幢 "
                "层 组 对 种 款 堂 个点 名次 盏 枚 粒 剂 人份 盒 瓶 箱 袋 台套 件套 口 眼 道 门 部门")
_units("other", "吨 千克 公斤 克 毫克 微克 斤 亩 公顷 平方米 平米 平方公里 平方千米 立方米 米 "
                "千米 公里 厘米 毫米 延米 升 毫升 千瓦 千瓦时 瓦 兆瓦 兆瓦时 吉瓦 吉瓦时 度 千伏 伏 "
                "千伏安 兆伏安 赫兹 标箱 岁 周岁 分 摄氏度 ℃ 分贝 TEU kW kWh MW MWh GW km kg")
_UNITS_BY_LENGTH = sorted(_UNIT_KINDS, key=len, reverse=True)
_MAX_UNIT = max(map(len, _UNIT_KINDS))
# Administrative units written straight after a small number: ８省（区、市）, 12市.
_ADMIN_UNITS = frozenset("省市县区镇乡村")
# A currency sign before a number without unit: ￥1,200,000.00.
_CURRENCY_SIGNS = {"￥": "元", "¥": "元", "$": "美元"}
# Measure words glued to a weight: 3.4亿吨标准煤, 694千克标准煤.
_UNIT_SUFFIXES = ("标准煤当量", "二氧化碳当量", "标准煤", "油当量", "标煤")
_WEIGHTS = frozenset({"吨", "千克", "公斤", "克"})
# Denominators after "/" that are not units on their own: 吨/日, 元/月.
_PER_WORDS = frozenset("日月年时")
# 个 + 多/余 + a time word: 3个多月, 5个多小时.
_TIME_AFTER_GE = ("月", "小时", "星期", "工作日", "季度")
# Words that, right after a bare number, make it a date, time, ordinal, grade or name.
_REJECT_AFTER = ("周年", "年代", "年度", "年级", "月份", "月", "日", "号", "时", "点", "级", "类",
                 "代", "版", "季度", "楼", "后", "线", "强")

# --- words around a number --------------------------------------------------------------

# Approximation words attached before the number, longest first, with the characters that,
# standing just before them, make them part of another word (节约, 接近, 赶超).
_PREFIXES = (("超过", ""), ("不足", ""), ("不到", ""), ("近", "接最附靠临邻亲将"),
             ("约", "节制预条公签合契婚邀相大"), ("逾", ""), ("超", "赶高起招"))
_SUFFIXES = ("以上", "以下", "以内", "左右")
_APPROX_AFTER = "余多"
_RANGE_SEPS = "-~—–〜至到"
_MAGNITUDE_CHARS = "十百千万亿"

_TIME_UNITS = frozenset({"年", "个月", "天", "周", "个季度", "个星期", "星期", "小时", "个小时",
                         "工作日", "个工作日"})
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
                "以前", "之前", "前", "后", "平均", "累计", "行动", "计划", "规划", "攻坚", "内")
_RANK_UNITS = frozenset({"名", "位", "名次"})
_THRESHOLD_BEFORE = ("不低于", "不高于", "不超过", "不少于", "低于", "高于")

_PUNCT = frozenset("，,。；;！!？?：:、（）()《》“”\"'‘’—…·\n\t 　\u00a0")

_NUMBER_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_RATIO_RE = re.compile(r"(?::\d+(?:\.\d+)?)+(?![\d:])")
_CN_RUN_RE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_PER_BASE_RE = re.compile(r"/(?:10|100|1000)?[万千亿](?:人)?|/(?:100|1000|10000|100000)(?![\d.])")
_ORDINAL_LIST_RE = re.compile(r"第[\d、,]+$")
_SHARED_UNIT_RE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)[、和与及或]$")
_BORDERLINE_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,3}及以[上下]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


@dataclass(frozen=True)
class _Figure:
    """A figure found in the text before labels, sentences and sections are attached."""

    start: int
    end: int
    value: float | None
    unit: str
    qualifiers: tuple[str, ...] = ()
    kind: str = "other"
    low: float | None = None
    high: float | None = None
    borderline: bool = False
    factor: int = 1


@dataclass
class _Reading:
    """A number read forwards from its first digit: value(s), magnitude, 余/多 and unit."""

    start: int
    end: int
    low: Decimal
    high: Decimal | None = None
    factor: int = 1
    high_factor: int = 1
    approx: str = ""
    unit: str = ""


# --- public -----------------------------------------------------------------------------

def extract_metrics(text: str, sections: Sequence[Section]) -> list[Metric]:
    """Every quantitative figure in `text`, in order, linked to its sentence and section.

    `sections` are the document's sections (offsets into the same text); a figure outside
    all of them (the title line) gets `section=None`.
    """
    norm = to_halfwidth(text)
    digits = _scan_digits(norm)
    figures = digits + _shared_unit_figures(norm, digits) + _scan_words(norm) + _scan_english(norm)
    figures = _drop_overlaps(sorted(figures, key=lambda f: (f.start, -f.end)))
    return _annotate(text, norm, figures, sections)


# --- figures written with digits ---------------------------------------------------------

def _scan_digits(norm: str) -> list[_Figure]:
    figures: list[_Figure] = []
    consumed = 0
    for match in _NUMBER_RE.finditer(norm):
        if match.start() < consumed:
            continue
        figure = _digit_figure(norm, match.start(), match.end())
        if figure is not None:
            figures.append(figure)
            consumed = figure.end
    return figures


def _digit_figure(norm: str, s: int, e: int) -> _Figure | None:
    if _is_code_context(norm, s):
        return None
    ratio = _ratio(norm, s, e)
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
    return before == "第" or bool(_ORDINAL_LIST_RE.search(norm[max(0, s - 12):s]))


def _ratio(norm: str, s: int, e: int) -> _Figure | None:
    """5：1, 2.6:1 or 6.01:55.04:38.95 in a clause that speaks of a ratio (比), or any x:1."""
    m = _RATIO_RE.match(norm, e)
    if not m or norm[s - 1:s] == ":":
        return None
    parts = [norm[s:e]] + m.group().split(":")[1:]
    if any(len(p) == 2 and p.startswith("0") for p in parts):
        return None  # a clock time, 15:07
    clock = all(p.isdigit() for p in parts) and int(parts[0]) <= 24 and len(parts) <= 3
    if clock and parts[1:] != ["1"] and "比" not in norm[clause_start(norm, s):s]:
        return None
    value = to_float(parse_digits(norm[s:e]))
    return _Figure(s, m.end(), value, m.group(), (), "ratio")


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
    reading.high_factor = reading.factor
    pos = _read_range(norm, pos, reading)
    pos, approx = _approx_after(norm, pos)
    reading.approx = reading.approx or approx
    if norm[pos:pos + 1] == " " and (norm[pos + 1:pos + 2] == "%" or _is_cjk(norm[pos + 1:pos + 2])):
        if _match_unit(norm, pos + 1) or norm[pos + 1:pos + 2] in "万亿%":
            pos = _read_magnitude(norm, pos + 1, reading)
    reading.end = _read_unit(norm, pos, reading)
    return reading


def _read_magnitude(norm: str, pos: int, reading: _Reading) -> int:
    """余/多 and 万/亿/千 in any order: 2300余万, 6万余, 8千多万, 3.6亿多."""
    while True:
        pos, approx = _approx_after(norm, pos)
        pos, mags = _magnitudes(norm, pos)
        reading.approx = reading.approx or approx
        reading.factor *= magnitude_factor(mags)
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
    low_factor, reading.factor = reading.factor, 1
    pos = _read_magnitude(norm, m.end(), reading)
    reading.high_factor = reading.factor
    reading.factor = low_factor if low_factor > 1 else reading.high_factor
    return pos


def _read_unit(norm: str, pos: int, reading: _Reading) -> int:
    """The unit, a range repeated with its unit (20%-30%), and 多/余 after a duration (5年多)."""
    if norm[pos:pos + 1] == "个" and norm[pos + 1:pos + 2] in ("多", "余") and norm[pos + 1:pos + 2]:
        for word in _TIME_AFTER_GE:
            if norm.startswith(word, pos + 2):
                reading.unit = "个" + word
                reading.approx = reading.approx or norm[pos + 1]
                return pos + 2 + len(word)
    pos, reading.unit = _unit(norm, pos)
    if not reading.unit:
        pos, reading.unit = _per_base(norm, pos)
    if reading.unit and reading.high is None:
        pos, reading.high = _unit_range(norm, pos, reading.unit)
    if reading.unit in _TIME_UNITS and norm[pos:pos + 1] in ("多", "余") and norm[pos:pos + 1]:
        reading.approx = reading.approx or norm[pos]
        pos += 1
    return pos


def _approx_after(norm: str, pos: int) -> tuple[int, str]:
    """余/多 right after a number when a magnitude, a unit or the clause end follows."""
    ch = norm[pos:pos + 1]
    if ch and ch in _APPROX_AFTER:
        nxt = norm[pos + 1:pos + 2]
        if not nxt or nxt in _MAGNITUDE_CHARS or nxt in _PUNCT or _unit(norm, pos + 1)[1]:
            return pos + 1, ch
    return pos, ""


def _magnitudes(norm: str, pos: int) -> tuple[int, str]:
    """万/亿/千 folded into the value; 千 or 百 that starts a unit (千瓦, 百分点) stays with it."""
    start = pos
    while pos < len(norm) and norm[pos] in "百千万亿":
        if norm[pos] in "千百" and _match_unit(norm, pos):
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


def _unit(norm: str, pos: int) -> tuple[int, str]:
    """The longest unit at `pos`, with a weight's suffix (吨标准煤) and a denominator (吨/日)."""
    unit = _match_unit(norm, pos)
    if not unit:
        return pos, ""
    end = pos + len(unit)
    if unit in _WEIGHTS:
        for suffix in _UNIT_SUFFIXES:
            if norm.startswith(suffix, end):
                unit, end = unit + suffix, end + len(suffix)
                break
    if norm[end:end + 1] == "/":
        per = _match_unit(norm, end + 1) or \
            (norm[end + 1] if norm[end + 1:end + 2] and norm[end + 1] in _PER_WORDS else "")
        if per:
            unit, end = f"{unit}/{per}", end + 1 + len(per)
    return end, unit


def _per_base(norm: str, pos: int) -> tuple[int, str]:
    """A rate per base population written after a bare number: 15.1/10万."""
    m = _PER_BASE_RE.match(norm, pos)
    return (m.end(), m.group()) if m else (pos, "")


def _match_unit(norm: str, pos: int) -> str:
    window = norm[pos:pos + _MAX_UNIT]
    for unit in _UNITS_BY_LENGTH:
        if window.startswith(unit):
            after = norm[pos + len(unit):pos + len(unit) + 1]
            if unit.isascii() and after.isascii() and after.isalpha():
                continue
            return unit
    ch = norm[pos:pos + 1]
    return ch if ch and ch in _ADMIN_UNITS else ""


def _excluded(norm: str, s: int, e: int, r: _Reading) -> bool:
    """Dates, years, clock times, grades, codes and item counts that are not figures."""
    if _rejected_after(norm, r.end, r.unit):
        return True
    if not r.unit and r.factor == 1 and not _bare_number_ok(norm, s, r.end) and \
            norm[s - 1:s] not in _CURRENCY_SIGNS:
        return True
    if r.unit == "年" and _is_year(norm[s:e]):
        return True
    return _odd_unit(norm, s, r)


def _odd_unit(norm: str, s: int, r: _Reading) -> bool:
    """Units that are something else in context: 14时30分, 1对1, 形成, 12345市民, 3个方面."""
    nxt = norm[r.end:r.end + 1]
    if r.unit in _ADMIN_UNITS:
        return r.low >= 1000 or r.factor > 1 or not (not nxt or nxt in _PUNCT or nxt in "和及等的区市")
    if r.unit == "分":
        return norm[s - 1:s] in ("时", "点", ":")
    if r.unit == "对":
        return nxt.isdigit()
    if r.unit == "成":
        return bool(nxt) and nxt in "功员为立果效本就型交绩品"
    if r.unit == "个":
        return norm.startswith(("方面", "大方面"), r.end)
    return False


def _rejected_after(norm: str, pos: int, unit: str) -> bool:
    """A date, time, grade, class or anniversary word (9月, 14日, 1级, 70周年), or 5G."""
    rest = norm[pos:pos + 3]
    if unit in ("年", "周") and norm[pos - 1:pos + 1] in ("周年", "年级", "年代", "年度"):
        return True
    if not unit:
        nxt = rest[:1]
        if any(rest.startswith(word) for word in _REJECT_AFTER) or nxt in (".", ":"):
            return True
        return nxt.isdigit() or (nxt.isascii() and nxt.isalpha())
    return rest.startswith("级")


# Verbs of change right before a bare decimal: 比上年同期缩小0.04 (a gap in a ratio or index).
_CHANGE_BEFORE = ("缩小", "扩大", "提高", "下降", "上升", "增加", "减少", "降低", "收窄", "回落", "加快",
                  "放缓", "增长")


def _bare_number_ok(norm: str, s: int, end: int) -> bool:
    """A number without unit counts when it is a decimal measure (系数由1.04下降到0.59, 缩小0.04)."""
    if "." not in norm[s:end]:
        return False
    if norm[s - 1:s] not in tuple("的为到至达是由从约近") and not norm[:s].endswith(_CHANGE_BEFORE):
        return False
    nxt = norm[end:end + 1]
    return not nxt or nxt in _PUNCT or nxt in "下上提增降减"


def _at_line_start(norm: str, pos: int) -> bool:
    """A list marker (1、…) rather than a figure: only white space before it on its line."""
    line_start = norm.rfind("\n", 0, pos) + 1
    return not norm[line_start:pos].strip(" \u3000\u00a0\t")


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and digits[:2] in ("19", "20")


def _finish(norm: str, r: _Reading) -> _Figure | None:
    """Add the glued parenthesis, the approximation words and the suffix; drop time frames."""
    end = _glued_parenthesis(norm, r.end, r.unit)
    if not r.unit and norm[r.start - 1:r.start] in _CURRENCY_SIGNS:
        r.start, r.unit = r.start - 1, _CURRENCY_SIGNS[norm[r.start - 1]]
    start, prefix = _approx_before(norm, r.start)
    end, suffix = _suffix(norm, end)
    if _is_time_frame(norm, start, end, r.unit, prefix):
        return None
    if suffix == "以内" and r.unit in _CALENDAR_UNITS:
        return None  # 3年以内完成: within a time frame, not a quantity
    if r.unit in _RANK_UNITS and norm[start - 1:start] == "前" and norm[start - 2:start - 1] != "提":
        return None
    tenths = 10 if r.unit == "成" else 1  # 8成 is 80 percent
    low = to_float(r.low * r.factor * tenths)
    high = None if r.high is None else to_float(r.high * r.high_factor * tenths)
    qualifiers = tuple(q for q in (prefix, r.approx, suffix) if q)
    borderline = _is_borderline(norm, start, end, suffix, r.unit, high is not None)
    return _Figure(start, end, low, r.unit, qualifiers, _kind(r.unit),
                   low if high is not None else None, high, borderline, r.factor)


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
    if not inner or not all(_is_cjk(ch) or ch == "、" for ch in inner):
        return pos
    if start != pos and "、" not in inner:
        return pos
    return close + 1


def _approx_before(norm: str, s: int) -> tuple[int, str]:
    for word, blockers in _PREFIXES:
        start = s - len(word)
        if start >= 0 and norm[start:s] == word:
            if blockers and start > 0 and norm[start - 1] in blockers:
                continue
            return start, word
    return s, ""


def _suffix(norm: str, pos: int) -> tuple[int, str]:
    for word in _SUFFIXES:
        if norm.startswith(word, pos):
            return pos + len(word), word
    return pos, ""


def _is_time_frame(norm: str, start: int, end: int, unit: str, prefix: str) -> bool:
    """过去５年, 前8个月, 5年来, 近5年: durations that only set the time frame."""
    if unit not in _TIME_UNITS:
        return False
    before = norm[max(0, start - 2):start]
    if prefix == "近" and unit in _CALENDAR_UNITS:
        if not before[-1:] or before[-1:] in _PUNCT or before[-1:] in "在的这和":
            return True
    if _frame_word_before(before, unit):
        return True
    after = norm[end:end + 2]
    if unit in ("年", "个月") and not _asserted_duration(norm, start, end):
        return True
    if unit in _CALENDAR_UNITS:
        return after.startswith(_FRAME_AFTER)
    return after.startswith(("来", "以来", "期间", "时间"))


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


def _kind(unit: str) -> str:
    if not unit:
        return "other"
    if unit.startswith(":"):
        return "ratio"
    if "元" in unit.split("/")[0]:
        return "money"
    return _UNIT_KINDS.get(unit, "count" if unit in _ADMIN_UNITS else "other")


def _is_borderline(norm: str, start: int, end: int, suffix: str, unit: str, ranged: bool) -> bool:
    """Figures that only name a document, a category or a threshold (12条意见, 300兆瓦以上机组)."""
    if _inside_name(norm, start, end):
        return True
    nxt = norm[end:end + 1]
    if suffix in ("以上", "以下", "以内") and _is_cjk(nxt) and nxt not in "的和或及":
        return True
    if _BORDERLINE_AFTER_RE.match(norm, end):
        return True
    if ranged and unit in ("岁", "周岁"):
        return True
    before = norm[max(0, start - 3):start]
    return before.endswith(_THRESHOLD_BEFORE) and nxt == "的"


def _inside_name(norm: str, start: int, end: int) -> bool:
    """Inside 《…》 or a short “…” on the same line: the name of a document or programme."""
    left = norm[max(0, start - 20):start]
    right = norm[end:end + 20]
    for open_, close in (("《", "》"), ("“", "”"), ("\"", "\"")):
        i = left.rfind(open_)
        if i < 0 or close in left[i + 1:] or "\n" in left[i:]:
            continue
        j = right.find(close)
        if j >= 0 and "\n" not in right[:j] and (len(left) - i) + j <= 24:
            return True
    return False


def _shared_unit_figures(norm: str, figures: list[_Figure]) -> list[_Figure]:
    """分别为47、55和55微克/立方米: bare numbers listed before a figure share its unit."""
    extra: list[_Figure] = []
    for figure in figures:
        if not figure.unit or figure.kind == "ratio":
            continue
        pos = figure.start
        while True:
            m = _SHARED_UNIT_RE.search(norm, max(0, pos - 16), pos)
            if not m or _is_code_context(norm, m.start(1)) or _is_year(m.group(1)) or \
                    _at_line_start(norm, m.start(1)):
                break
            value = parse_digits(m.group(1))
            extra.append(_Figure(m.start(1), m.end(1), to_float(value * figure.factor),
                                 figure.unit, (), figure.kind, factor=figure.factor))
            pos = m.start(1)
    return extra


# --- figures written in Chinese numerals ------------------------------------------------

def _scan_words(norm: str) -> list[_Figure]:
    """三万, 九成以上, 百亿斤, 三分之一, 翻一番: parsed, and marked borderline."""
    figures = []
    for match in _CN_RUN_RE.finditer(norm):
        figure = _word_figure(norm, match.start(), match.end())
        if figure is not None:
            figures.append(figure)
    return figures


def _word_figure(norm: str, s: int, e: int) -> _Figure | None:
    if norm[s - 1:s] == "第":
        return None
    run = norm[s:e]
    start, prefix = _approx_before(norm, s)
    if norm.startswith("分之", e):
        return _fraction(norm, start, prefix, s, e)
    if len(run) == 1 and run in CN_DIGITS and norm[e:e + 1] == "成":
        return _tenths(norm, start, prefix, s)
    if run in ("一", "两", "二", "三", "四") and norm[e:e + 1] == "番":
        return _doubling(norm, s, e)
    return _word_magnitude(norm, start, prefix, s, e)


def _doubling(norm: str, s: int, e: int) -> _Figure | None:
    """翻一番 (×2), 翻了两番多 (×4, 多)."""
    verb = 2 if norm[s - 2:s] == "翻了" else 1 if norm[s - 1:s] == "翻" else 0
    if not verb:
        return None
    end, approx = (e + 2, ("多",)) if norm[e + 1:e + 2] == "多" else (e + 1, ())
    end, suffix = _suffix(norm, end)
    quals = approx + ((suffix,) if suffix else ())
    return _Figure(s - verb, end, float(2 ** CN_DIGITS[norm[s]]), "倍", quals, "multiple",
                   borderline=True)


def _fraction(norm: str, start: int, prefix: str, s: int, e: int) -> _Figure | None:
    m = _CN_RUN_RE.match(norm, e + 2)
    den = parse_chinese_number(norm[s:e])
    num = parse_chinese_number(m.group()) if m else None
    if not den or num is None:
        return None
    end, suffix = _suffix(norm, m.end())
    value = round(float(num / den) * 100, 2)
    quals = tuple(q for q in (prefix, suffix) if q)
    return _Figure(start, end, value, "%", quals, "percent", borderline=True)


def _tenths(norm: str, start: int, prefix: str, s: int) -> _Figure | None:
    """九成以上 → 90 (unit 成 kept as written)."""
    end, suffix = _suffix(norm, s + 2)
    after = norm[end:end + 1]
    if not suffix and after and not (after in _PUNCT or after in "的多左"):
        return None
    quals = tuple(q for q in (prefix, suffix) if q)
    return _Figure(start, end, float(CN_DIGITS[norm[s]] * 10), "成", quals, "percent",
                   borderline=True)


def _word_magnitude(norm: str, start: int, prefix: str, s: int, e: int) -> _Figure | None:
    """三万人, 两千余名, 百亿斤, 近万人; not 千方百计, 万人空巷, 千人计划, 百亿斤粮食基地."""
    run = norm[s:e]
    while run and run[-1] in "千百" and _match_unit(norm, s + len(run) - 1):
        run = run[:-1]
    pos = s + len(run)
    mags = sum(ch in "百千万亿" for ch in run)
    has_digit = any(ch in CN_DIGITS for ch in run)
    pos, approx = _approx_after(norm, pos)
    if mags == 0 or not (has_digit or mags >= 2 or approx or prefix):
        return None
    pos, unit = _unit(norm, pos)
    if _rejected_after(norm, pos, unit) or unit in _TIME_UNITS:
        return None
    pos, suffix = _suffix(norm, pos)
    nxt = norm[pos:pos + 1]
    if not (approx or prefix or suffix) and nxt and not (nxt in _PUNCT or nxt == "的"):
        return None
    quals = tuple(q for q in (prefix, approx, suffix) if q)
    return _Figure(start, pos, to_float(parse_chinese_number(run)), unit, quals, _kind(unit),
                   borderline=True)


# --- figures in English -----------------------------------------------------------------

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
_ENGLISH_KINDS = {"yuan": "money", "dollars": "money", "euros": "money", "U.S. dollars": "money",
                  "US dollars": "money", "Hong Kong dollars": "money", "Australian dollars": "money",
                  "pounds": "money", "rupees": "money", "hours": "duration",
                  "days": "duration", "weeks": "duration", "months": "duration", "years": "duration",
                  "minutes": "duration"}
_ENGLISH_KINDS.update(dict.fromkeys(
    ("square meters", "square metres", "square kilometers", "square kilometres", "cubic meters",
     "cubic metres", "metric tons", "tons", "tonnes", "kilowatt-hours", "kilowatt hours", "kWh",
     "MWh", "GWh", "kW", "MW", "GW", "km", "kg", "kilometers", "kilometres", "hectares"), "other"))
_ENGLISH_MONTH_RE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? ?$")


def _scan_english(norm: str) -> list[_Figure]:
    """Over 300 people, 1.5 billion yuan, 12 percent — in lines written mostly in English."""
    figures = []
    for m in _ENGLISH_RE.finditer(norm):
        if is_english_line(norm, m.start()):
            figure = _english_figure(norm, m)
            if figure is not None:
                figures.append(figure)
    return figures


def _english_figure(norm: str, m: re.Match) -> _Figure | None:
    if _ENGLISH_MONTH_RE.search(norm[max(0, m.start("num") - 10):m.start("num")]):
        return None
    unit, kind, end = _english_unit(m)
    if m.group("cur") and not unit:
        unit, kind = "$", "money"
    if not unit and not m.group("mag") and not m.group("pre"):
        return None
    if not m.group("frac") and not m.group("mag") and kind != "percent" and _is_year(m.group("num")):
        return None
    value = Decimal(m.group("num").replace(",", "") + ("." + m.group("frac") if m.group("frac") else ""))
    if m.group("mag"):
        value *= _ENGLISH_MAGNITUDE[m.group("mag")]
    start = m.start("pre") if m.group("pre") else m.start("cur") if m.group("cur") else m.start("num")
    quals = (m.group("pre"),) if m.group("pre") else ()
    if m.group("post") and end == m.start("post"):  # 30 percent or more
        end, quals = m.end("post"), quals + (m.group("post").strip(),)
    return _Figure(start, end, to_float(value), unit, quals, kind)


def _english_unit(m: re.Match) -> tuple[str, str, int]:
    if m.group("pct"):
        if "point" in m.group("pct"):
            return "percentage points", "percentage_point", m.end("pct")
        return "%", "percent", m.end("pct")
    if m.group("times"):
        return "times", "multiple", m.end("times")
    word = m.group("word")
    if word and word not in _ENGLISH_STOP:
        return word, _ENGLISH_KINDS.get(word, "count"), m.end("word")
    end = m.end("mag") if m.group("mag") else m.end("frac") if m.group("frac") else m.end("num")
    return "", "other", end


# --- merging ---------------------------------------------------------------------------

def _drop_overlaps(figures: list[_Figure]) -> list[_Figure]:
    kept: list[_Figure] = []
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
_TREND_GLUE_RE = re.compile(r"(?:了|到|至|为|达|达到|分别|幅度|幅度为|幅度达|\s)*")


def _annotate(text: str, norm: str, figures: list[_Figure],
              sections: Sequence[Section]) -> list[Metric]:
    metrics: list[Metric] = []
    labels = figure_labels(norm, figures)
    for index, figure in enumerate(figures):
        sentence = _sentence_bounds(norm, figure.start)
        trend, period = _trend_and_period(norm, figures, index, metrics)
        label = label_as_written(text, norm, labels[index], sentence[0], figure.end)
        metrics.append(Metric(
            text=text[figure.start:figure.end], start=figure.start, end=figure.end,
            value=figure.value, unit=figure.unit,
            qualifier="+".join(figure.qualifiers) or None, kind=figure.kind,
            low=figure.low, high=figure.high, label=label, trend=trend, period=period,
            sentence_start=sentence[0], sentence_end=sentence[1],
            section=_section_index(sections, figure.start), borderline=figure.borderline,
        ))
    return metrics


def _sentence_bounds(norm: str, pos: int) -> tuple[int, int]:
    """The sentence around `pos`, split on 。！？；and line ends, without outer white space."""
    start = pos
    while start > 0 and norm[start - 1] not in SENTENCE_BREAK:
        start -= 1
    while start < pos and norm[start].isspace():
        start += 1
    end = pos
    while end < len(norm) and norm[end] not in SENTENCE_BREAK:
        end += 1
    if end < len(norm) and norm[end] != "\n":
        end += 1
    while end > pos and norm[end - 1].isspace():
        end -= 1
    return start, end


def _section_index(sections: Sequence[Section], pos: int) -> int | None:
    for index, section in enumerate(sections):
        if section.start <= pos < section.end:
            return index
    return None


def _trend_and_period(norm: str, figures: list[_Figure], index: int,
                      done: list[Metric]) -> tuple[str | None, str | None]:
    """The trend word just before the figure (同比下降) and a period word in its clause (年均)."""
    if continues_list(norm, figures, index):
        return done[-1].trend, done[-1].period
    start = figures[index].start
    begin = max(clause_start(norm, start), figures[index - 1].end if index else 0)
    trend = _trend(norm[begin:start])
    region = norm[_part_start(norm, start):start]
    period = next((w for w in _PERIODS if w in region), None)
    return trend, period


def _part_start(norm: str, pos: int) -> int:
    """Start of the comma-delimited part of the sentence (、 does not break it)."""
    i = pos
    while i > 0 and norm[i - 1] not in "，,。；;！!？?\n":
        i -= 1
    return i


def _trend(region: str) -> str | None:
    """The trend verb that leads straight to the figure (下降了, 上升到, 分别增长), not 增加值."""
    best, at = None, -1
    for word in _TRENDS:
        i = region.rfind(word)
        if i > at and _TREND_GLUE_RE.fullmatch(region, i + len(word)):
            best, at = word, i
    return _TREND_CANON.get(best, best) if best else None
