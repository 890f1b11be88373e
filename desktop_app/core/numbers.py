"""Number forms found in Chinese press releases: full-width digits, Chinese numerals, 万/亿.

The figure extractor works on a width-normalised copy of the text; `to_halfwidth` maps
character for character, so every offset into the copy is also an offset into the original.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import pairwise
from typing import overload

from desktop_app.core.patterns import lazy

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULLWIDTH.update({
    "．": ".", "％": "%", "（": "(", "）": ")", "～": "~", "－": "-", "：": ":",
    "／": "/", "＋": "+", "﹪": "%", "∶": ":", "−": "-",
})
_HALFWIDTH_TABLE = str.maketrans(_FULLWIDTH)
FULLWIDTH_CHARS = tuple(_FULLWIDTH)  # what to_halfwidth changes
_FULLWIDTH_RUN = lazy("[" + re.escape("".join(_FULLWIDTH)) + "]+")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
MAGNITUDE_POWERS = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}  # 万 is 10⁴


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and number punctuation as ASCII; same length as `text`.

    Only the runs of such characters are translated: str.translate looks every character of
    a Chinese text up in the table (~60 ns each, 0.18 ms for a release), the pattern skips
    the characters it leaves alone at a few ns each."""
    return _FULLWIDTH_RUN.sub(_halfwidth_run, text)


def _halfwidth_run(match: re.Match[str]) -> str:
    return match.group().translate(_HALFWIDTH_TABLE)


def parse_digits(digits: str) -> Decimal | None:
    """`1,234.5` → Decimal('1234.5'); None when it is not a number."""
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None


def magnitude_power(chars: str) -> int:
    """The power of ten a run of magnitude characters stands for: 万 → 4, 千万 → 7, 万亿 → 12
    (a long run of 亿 costs its length, not a huge multiplication)."""
    return sum(MAGNITUDE_POWERS.get(ch, 0) for ch in chars)


def value_at_most(digits: str, limit: int) -> bool:
    """int(digits) <= limit for a string of decimal digits, without converting a long string
    (Python refuses more than 4300 digits, and converting costs their square)."""
    size = len(str(limit))
    if len(digits) > size and any(unicodedata.decimal(ch) for ch in digits[:-size]):
        return False
    return int(digits[-size:]) <= limit


_NUMERAL_CHARS = frozenset(CN_DIGITS) | frozenset(CN_SMALL_UNITS) | {"万", "亿"}
MAX_YI = 4  # 亿 in one numeral read exactly: 10³², far beyond any figure


def parse_chinese_number(text: str) -> Decimal | None:
    """Chinese numerals as a number: 三万 → 30000, 二十三 → 23, 百亿 → 10¹⁰, 三点五 → 3.5.

    Returns None for text that is not made only of numeral characters.
    """
    if not text:
        return None
    whole, _, frac = text.partition("点")
    value = _parse_chinese_integer(whole) if whole else Decimal(0)
    if value is None:
        return None
    if frac:
        if any(ch not in CN_DIGITS for ch in frac):
            return None
        value += Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    return value


@lru_cache(maxsize=1024)
def parse_ordinal(token: str) -> int | None:
    """A small whole number as list markers and announced counts write it: 三 → 3, 十二 → 12,
    ２ → 2, 12 → 12. None for anything else (甲, 三三, 1.5). Each marker (of at most three
    characters) is read once: a release asks about the same few markers again and again."""
    token = to_halfwidth(token)
    if token.isdigit():
        return int(token)
    if not token or any(a in CN_DIGITS and b in CN_DIGITS for a, b in pairwise(token)):
        return None
    value = parse_chinese_number(token)
    return int(value) if value is not None and value == value.to_integral_value() else None


def _parse_chinese_integer(text: str) -> Decimal | None:
    """The value of the integer numeral `text`, or None when it is not one. A numeral with
    more 亿 than any real one (亿亿 is 10¹⁶) is infinite, as a run of 万 after digits is: its
    exact value would cost n² digit operations for n 亿 (each multiplies the sum)."""
    if text.count("亿") > MAX_YI:
        return Decimal("Infinity") if all(ch in _NUMERAL_CHARS for ch in text) else None
    section = number = total = 0
    for ch in text:
        if ch in CN_DIGITS:
            number = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (number or 1) * CN_SMALL_UNITS[ch]
            number = 0
        elif ch == "万":
            total += ((section + number) or 1) * 10_000
            section = number = 0
        elif ch == "亿":
            total = ((total + section + number) or 1) * 100_000_000
            section = number = 0
        else:
            return None
    return Decimal(total + section + number)


def share_percent(numerator: Decimal | int, denominator: Decimal | int) -> float:
    """A fraction as the percentage it states, to two places: 1/4 → 25.0, 三分之一 → 33.33.

    Figures written as fractions (近1/4, 三分之一以上) are reported with unit "%" and this value,
    so that they compare with the percentages around them.
    """
    return round(float(Decimal(numerator) / Decimal(denominator)) * 100, 2)


@overload
def to_float(value: Decimal) -> float: ...


@overload
def to_float(value: None) -> None: ...


def to_float(value: Decimal | None) -> float | None:
    """A Decimal as float, keeping integers exact (15000.0, not 15000.000000002)."""
    return None if value is None else float(value)
