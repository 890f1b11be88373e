"""The words that make a number a figure: units and their kinds, approximation words, suffixes.

Shared by the figure readers (metrics.py for digits, metric_words.py for Chinese numerals,
metric_english.py for English). `Figure` is what each of them finds, before labels, sentences
and sections are attached.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from desktop_app.core.model import MetricKind

# --- units ------------------------------------------------------------------------------

_UNIT_KINDS: dict[str, MetricKind] = {}


def _units(kind: MetricKind, words: str) -> None:
    for word in words.split():
        _UNIT_KINDS[word] = kind


_units(MetricKind.PERCENT, "% ‰ 成")
_units(MetricKind.PERCENTAGE_POINT, "个百分点 百分点")
_units(MetricKind.MULTIPLE, "倍")
_units(MetricKind.MONEY, "元 美元 欧元 港元 日元 英镑 元人民币 港币 美金")
_units(MetricKind.DURATION, "年 天 个月 小时 个小时 分钟 秒 秒钟 周 个星期 星期 个工作日 工作日 个季度")
# Counters, two-character ones whole (2.1万台件, 5600余户次, 860架次).
_units(MetricKind.COUNT, "个 人 名 位 件 起 项 家 户 座 所 处 条 台 辆 套 只 头 匹 羽 尾 株 棵 根 批 次 "
                "人次 件次 台件 户次 辆次 车次 架次 家次 天次 艘次 列次 班次 台次 项次 剂次 批次 场 "
                "场次 轮 期 届 本 册 卷 部 篇 首 份 张 幅 块 片 支 艘 架 列 趟 例 宗 笔 间 栋 幢 "
                "层 组 对 种 类 款 堂 个点 名次 盏 枚 粒 剂 人份 盒 瓶 箱 袋 台套 件套 口 眼 道 门 部门")
_units(MetricKind.OTHER, "吨 千克 公斤 克 毫克 微克 斤 亩 公顷 平方米 平米 平方公里 平方千米 立方米 米 "
                "千米 公里 厘米 毫米 延米 升 毫升 千瓦 千瓦时 瓦 兆瓦 兆瓦时 吉瓦 吉瓦时 度 千伏 伏 "
                "千伏安 兆伏安 赫兹 标箱 岁 周岁 分 摄氏度 ℃ 分贝 TEU kW kWh MW MWh GW km kg")
# The longest unit opening with each character (% is one character long, 个百分点 four).
_LONGEST_UNIT = {first: max(len(unit) for unit in _UNIT_KINDS if unit[0] == first)
                 for first in {unit[0] for unit in _UNIT_KINDS}}
# Administrative units written straight after a small number: ８省（区、市）, 12市.
ADMIN_UNITS = frozenset("省市县区镇乡村")
# Measure words glued to a weight: 3.4亿吨标准煤, 694千克标准煤.
_UNIT_SUFFIXES = ("标准煤当量", "二氧化碳当量", "标准煤", "油当量", "标煤")
_WEIGHTS = frozenset({"吨", "千克", "公斤", "克"})
# Denominators after "/" that are not units on their own: 吨/日, 元/月.
_PER_WORDS = frozenset("日月年时")
# Words that, right after a bare number, make it a date, time, ordinal, grade or name.
_REJECT_AFTER = ("周年", "年代", "年度", "年级", "月份", "月", "日", "号", "时", "点", "级", "类",
                 "代", "版", "季度", "楼", "后", "线", "强")
TIME_UNITS = frozenset({"年", "个月", "天", "周", "个季度", "个星期", "星期", "小时", "个小时",
                        "工作日", "个工作日"})

# --- words around a number --------------------------------------------------------------

# Approximation words attached before the number, longest first, with the characters that,
# standing just before them, make them part of another word (节约, 接近, 赶超).
_PREFIXES = (("超过", ""), ("不足", ""), ("不到", ""), ("近", "接最附靠临邻亲将"),
             ("约", "节制预条公签合契婚邀相大"), ("逾", ""), ("超", "赶高起招"))
_PREFIX_LAST = frozenset(word[-1] for word, _ in _PREFIXES)  # most numbers follow none of these
# Suffixes as written, with the qualifier each one stands for (65岁及以上 → 以上).
_SUFFIXES = (("及以上", "以上"), ("及以下", "以下"), ("以上", "以上"), ("以下", "以下"),
             ("以内", "以内"), ("左右", "左右"))
_SUFFIX_FIRST = frozenset(word[0] for word, _ in _SUFFIXES)
_APPROX_AFTER = "余多"
MAGNITUDE_CHARS = "十百千万亿"
PUNCT = frozenset("，,。；;！!？?：:、（）()《》“”\"'‘’—…·\n\t 　\u00a0")


def is_cjk(ch: str) -> bool:
    """A Chinese character (not punctuation, digit or letter)."""
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure found in the text before labels, sentences and sections are attached."""

    start: int
    end: int
    value: float | None
    unit: str
    qualifiers: tuple[str, ...] = ()
    kind: MetricKind = MetricKind.OTHER
    low: float | None = None
    high: float | None = None
    borderline: bool = False
    power: int = 0  # its 万/亿 as a power of ten (2300余万元: 4)


def approx_before(norm: str, s: int) -> tuple[int, str]:
    """An approximation word attached before the number at `s` (近3万起): where it starts, and it."""
    if norm[s - 1:s] not in _PREFIX_LAST:
        return s, ""
    for word, blockers in _PREFIXES:
        start = s - len(word)
        if start >= 0 and norm[start:s] == word:
            if blockers and start > 0 and norm[start - 1] in blockers:
                continue
            return start, word
    return s, ""


def approx_after(norm: str, pos: int) -> tuple[int, str]:
    """余/多 right after a number when a magnitude, a unit or the clause end follows."""
    ch = norm[pos:pos + 1]
    if ch and ch in _APPROX_AFTER:
        nxt = norm[pos + 1:pos + 2]
        if not nxt or nxt in MAGNITUDE_CHARS or nxt in PUNCT or unit_at(norm, pos + 1)[1]:
            return pos + 1, ch
    return pos, ""


def suffix_at(norm: str, pos: int) -> tuple[int, str]:
    """以上/以下/以内/左右 (or 及以上/及以下) right after the unit: where it ends and its qualifier."""
    if norm[pos:pos + 1] not in _SUFFIX_FIRST:
        return pos, ""
    for word, qualifier in _SUFFIXES:
        if norm.startswith(word, pos):
            return pos + len(word), qualifier
    return pos, ""


def unit_at(norm: str, pos: int) -> tuple[int, str]:
    """The longest unit at `pos`, with a weight's suffix (吨标准煤) and a denominator (吨/日)."""
    unit = match_unit(norm, pos)
    if not unit:
        return pos, ""
    end = pos + len(unit)
    if unit in _WEIGHTS:
        for suffix in _UNIT_SUFFIXES:
            if norm.startswith(suffix, end):
                unit, end = unit + suffix, end + len(suffix)
                break
    if norm[end:end + 1] == "/":
        per = match_unit(norm, end + 1) or \
            (norm[end + 1] if norm[end + 1:end + 2] and norm[end + 1] in _PER_WORDS else "")
        if per:
            unit, end = f"{unit}/{per}", end + 1 + len(per)
    return end, unit


def match_unit(norm: str, pos: int) -> str:
    """The longest unit written at `pos` (an ASCII unit not run into further letters: kW, not kWx)."""
    ch = norm[pos:pos + 1]
    longest = _LONGEST_UNIT.get(ch, 0)  # 0: no unit opens with it, as after most numbers
    for size in range(min(longest, len(norm) - pos), 0, -1):
        unit = norm[pos:pos + size]
        if unit in _UNIT_KINDS:
            after = norm[pos + size:pos + size + 1]
            if unit.isascii() and after.isascii() and after.isalpha():
                continue
            return unit
    ch = norm[pos:pos + 1]
    return ch if ch and ch in ADMIN_UNITS else ""


@lru_cache(maxsize=1024)
def kind_of(unit: str) -> MetricKind:
    """The metric kind a unit gives: percent, money, count, duration … (other when unknown).
    Asked for every figure, about a few dozen units: each is worked out once."""
    if not unit:
        return MetricKind.OTHER
    if unit.startswith(":"):
        return MetricKind.RATIO
    if "元" in unit.split("/")[0]:
        return MetricKind.MONEY
    return _UNIT_KINDS.get(unit, MetricKind.COUNT if unit in ADMIN_UNITS else MetricKind.OTHER)


def rejected_after(norm: str, pos: int, unit: str) -> bool:
    """A date, time, grade, class or anniversary word (9月, 14日, 1级, 70周年), or 5G."""
    rest = norm[pos:pos + 3]
    if unit in ("年", "周") and norm[pos - 1:pos + 1] in ("周年", "年级", "年代", "年度"):
        return True
    if not unit:
        nxt = rest[:1]
        if rest.startswith(_REJECT_AFTER) or nxt in (".", ":"):
            return True
        return nxt.isdigit() or (nxt.isascii() and nxt.isalpha())
    return rest.startswith("级")


def is_year(digits: str) -> bool:
    """1900–2099 written with four digits."""
    return len(digits) == 4 and digits[:2] in ("19", "20")
