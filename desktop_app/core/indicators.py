"""The grouping rule of indicators: which figures of different releases measure the same thing.

An indicator is the figures whose labels are equal after `label_key` (width, spaces, quotes
and a trailing 数/总数/数量 folded away) and whose units are equal after `unit_key` (width and
case folded, and the few spellings EQUIVALENT_UNITS declares the same unit). Nothing else
merges: 件 and 起 stay apart, as do 元 and 美元, 吨 and 亩, 个 and 人.

Within an indicator a figure stated as a change (同比下降36.01%, 增长5%) is in the "change"
series, apart from the levels (刑事案件3237起); a period word (年均, 累计) makes a series of
its own ("change:年均", "level:累计"). A 下降/减少 change counts as negative (`signed`).

The store keeps label_key, unit_key and series of every figure (schema 6), so that a trend
is an index look-up and the list of indicators one GROUP BY.
"""
from __future__ import annotations

import re
import unicodedata

# Spellings of one unit (after NFKC and lower case) → the one they are counted as.
EQUIVALENT_UNITS: dict[str, str] = {
    "百分点": "个百分点",
    "公斤": "千克", "kg": "千克",
    "平米": "平方米",
    "平方千米": "平方公里", "km²": "平方公里",
    "千米": "公里", "km": "公里",
    "个小时": "小时",
    "个星期": "周", "星期": "周",
    "个工作日": "工作日",
    "秒钟": "秒",
    "周岁": "岁",
    "℃": "摄氏度",
    "元人民币": "元",
    "美金": "美元",
    "港币": "港元",
    "kw": "千瓦", "kwh": "千瓦时", "mw": "兆瓦", "mwh": "兆瓦时", "gw": "吉瓦",
}

# Trend words (core/metrics.py canonical forms) that state a fall: such a change is negative.
FALLING_TRENDS = frozenset({"下降", "减少", "降低", "缩短", "缩小", "下滑", "回落", "下跌", "压缩",
                            "减轻", "收窄"})

_QUOTES = "\"'“”‘’「」『』《》〈〉〔〕【】"
_DROP = re.compile(rf"[\s{re.escape(_QUOTES)}\u200b\ufeff]+")
_COUNT_SUFFIXES = ("总数量", "总数", "数量", "数")  # 网格员总数, 刑事案件数量, 立案数 …
_MIN_KEY = 2  # a suffix is kept when dropping it would leave less than this
# Words ending in 数 that are the measure itself, not "the number of": 价格指数 ≠ 价格指.
_MEASURE_WORDS = ("指数", "系数", "倍数", "分数", "基数", "参数", "读数", "函数")
# The words after a trend verb that make the figure the level reached (下降到5%, 增至3万人).
_REACHED = re.compile(r"(?:[至]|(?<!达)到)[\s了]*$")


def label_key(label: str | None) -> str | None:
    """The label as indicators compare it: full/half width and case folded, spaces and
    quotes dropped, a trailing 数/总数/数量 dropped (not the 数 of 指数, 系数 …); None for
    no label."""
    if not label:
        return None
    key = _DROP.sub("", unicodedata.normalize("NFKC", label).casefold())
    if key.endswith(_MEASURE_WORDS):
        return key
    for suffix in _COUNT_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_KEY:
            key = key[:-len(suffix)]
            break
    return key or None


def unit_key(unit: str | None) -> str:
    """The unit as indicators compare it: width and case folded, spaces dropped, and an
    equivalent spelling (EQUIVALENT_UNITS) replaced by the one it stands for."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit or "").casefold())
    return EQUIVALENT_UNITS.get(key, key)


def series_of(trend: str | None, period: str | None, before: str = "") -> str:
    """The series of a figure: "change" when a trend word leads to it (增长5%), "level"
    otherwise, also for the level a trend reaches (下降到5%: `before` is the text just
    before the figure); a period word adds itself ("change:年均", "level:累计")."""
    change = bool(trend) and _REACHED.search(before or "") is None
    kind = "change" if change else "level"
    return f"{kind}:{period}" if period else kind


def is_change(series: str) -> bool:
    """Whether a series (series_of) holds changes rather than levels."""
    return series.startswith("change")


def signed(value: float | None, trend: str | None, series: str) -> float | None:
    """A figure's value as compared and plotted: negative for a falling change (下降5% → -5)."""
    if value is None or not is_change(series) or trend not in FALLING_TRENDS:
        return value
    return -value


def signed_range(low: float | None, high: float | None, trend: str | None,
                 series: str) -> tuple[float | None, float | None]:
    """A figure's (low, high) as compared: a falling change's range negated and swapped."""
    if not is_change(series) or trend not in FALLING_TRENDS:
        return low, high
    return (None if high is None else -high), (None if low is None else -low)
