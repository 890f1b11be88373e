"""The parser's work per release, second round: counted, never timed (see test_parse_work.py).

Each test counts what a shortcut saves — regex calls that cannot match, lines measured after
the answer is known, patterns tried at every position — and the shortcuts are checked against
what they replace on generated texts: the parser's output must not change at all.
"""
from __future__ import annotations

import random
import re
import sys

import pytest

from desktop_app.core import (
    metric_labels,
    metric_text,
    metric_units,
    metric_words,
    metrics,
    structure,
)
from desktop_app.core.metrics import find_metrics
from tests.core.test_parse_work import RELEASE, _searched_for_first_character


class _Counted:
    """A stand-in for a compiled pattern that records each call of its methods (name, args)."""

    def __init__(self, pattern: re.Pattern, calls: list):
        self._pattern, self._calls = pattern, calls

    def __getattr__(self, name: str):
        method = getattr(self._pattern, name)
        if not callable(method):
            return method

        def counted(*args, **kwargs):
            self._calls.append((name, args))
            return method(*args, **kwargs)
        return counted


def _count(monkeypatch, module, name: str) -> list:
    calls: list = []
    monkeypatch.setattr(module, name, _Counted(getattr(module, name), calls))
    return calls


# --- outlines (structure_outline) --------------------------------------------------------------

def test_nesting_goes_through_the_items_a_few_times_whatever_their_number(monkeypatch):
    """The items under each category heading were gathered by going through all items once per
    heading: n headings over n lists cost n² (before: 57 passes over the items for 50 headings, now 8;
    2.3 s of the 4.5 s of parsing 2,000 of them)."""
    passes = []

    class _Items(list):
        def __iter__(self):
            passes.append(len(self))
            return super().__iter__()

    nest = structure.nest
    monkeypatch.setattr(structure, "nest", lambda text, lines, items, stop: nest(text, lines, _Items(items), stop))
    cn = "一二三四五六七八九十"
    text = "标题\n导语。\n" + "".join(f"{cn[k % 10]}、主要成效\n（一）经济增长\n（二）就业稳定\n" for k in range(50))
    found = structure.analyse(text)
    assert sum(s.parent is None for s in found.sections) >= 50
    assert len(passes) <= 10


# --- words looked for before each figure (metric_text) -----------------------------------------

@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="reads re's compiled code (CPython 3.11)")
def test_the_words_before_figures_are_searched_for_their_first_character():
    """分别 (paired labels) and the period words (年均, 累计 …) are looked for at their first
    character (before: a lookahead, (?=分别), tried at every position of the text)."""
    norm = "全市年均增长5%"
    fenbie = metric_text.last_of_word(norm, "分别")._find.__self__
    periods = metric_text.LastOfWords(norm, metrics._PERIODS)._find.__self__
    assert _searched_for_first_character(fenbie)
    assert _searched_for_first_character(periods)


def _last_of_words(norm: str, words: tuple[str, ...], pos: int) -> dict[str, int]:
    """Where each word last occurs wholly before `pos`, read plainly (overlaps included)."""
    last = dict.fromkeys(words, -1)
    for i in range(pos):
        word = next((w for w in words if norm.startswith(w, i) and i + len(w) <= pos), None)
        if word is not None:
            last[word] = i
    return last


def test_the_last_words_before_positions_are_those_read_plainly():
    rng = random.Random(5)
    words = ("年均", "每年", "累计", "分别", "每年度")
    for _ in range(300):
        norm = "".join(rng.choice(["年", "均", "每", "累", "计", "分", "别", "度", "，", "5"]) for _ in range(40))
        scan = metric_text.LastOfWords(norm, words)
        fenbie = metric_text.last_of_word(norm, "分别")
        for pos in sorted(rng.sample(range(41), 8)):
            plain = _last_of_words(norm, words, pos)
            assert scan(pos) == plain, (norm, pos)
            assert fenbie(pos) == plain["分别"], (norm, pos)


def test_a_figure_without_a_period_word_in_its_part_looks_at_no_period_word(monkeypatch):
    """The period words are gone through only when one of them is in the figure's part of the
    sentence (before: all ten for every figure)."""

    looked = []

    class _Last(dict):
        def __getitem__(self, word):
            looked.append(word)
            return super().__getitem__(word)

    ask = metric_text.LastOfWords.__call__
    monkeypatch.setattr(metric_text.LastOfWords, "__call__", lambda self, pos: _Last(ask(self, pos)))
    figures, _ = find_metrics(RELEASE, ())
    assert len(figures) >= 10
    assert looked == []
    figures, _ = find_metrics("全市生产总值年均增长5.2%。\n", ())
    assert [f.period for f in figures] == ["年均"]


# --- figures (metrics, metric_words, metric_labels, metric_units) -------------------------------

def test_numeral_runs_that_cannot_be_figures_are_not_read(monkeypatch):
    """一是, 进一步, 统一, 十二: a run of numerals without 百千万亿 is a figure only before 分之, 成
    or 番; the others are not read further (before: each went through the readers)."""
    read = []
    before = metric_words.approx_before
    monkeypatch.setattr(metric_words, "approx_before", lambda norm, s: read.append(s) or before(norm, s))
    norm = "一是进一步统一思想，二是抓好十二项任务，三分之一，九成以上，翻一番，三万余人。"
    figures = metric_words.scan_words(norm)
    assert [norm[f.start:f.end] for f in figures] == ["三分之一", "九成以上", "翻一番", "三万余人"]
    assert sorted(norm[s] for s in read) == ["一", "三", "三", "九"]  # 翻一番, 三分之一, 三万, 九成


def test_a_label_not_ending_with_a_time_word_is_not_searched_for_one(monkeypatch):
    """_TRAIL_TIME_RE is searched for only when the label ends as one of its matches does
    (年, 以来, 年底, 目前 …); before: once for every label."""
    calls = _count(monkeypatch, metric_labels, "_TRAIL_TIME_RE")
    assert metric_labels._strip_trailing("全市生产总值") == "全市生产总值"
    assert calls == []
    assert metric_labels._strip_trailing("城镇居民收入2020年") == "城镇居民收入"
    assert metric_labels._strip_trailing("财政收入近三年来的\n") == "财政收入\n"
    assert len(calls) == 2


def test_trailing_times_are_those_the_pattern_finds():
    rng = random.Random(11)
    pieces = ["年", "来", "以", "底", "末", "初", "前", "间", "的", "目", "近", "三", "2020", "去", "今", "上",
              "收入", "\n", "自", " "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        for end in range(len(text) + 1):
            match = metric_labels._TRAIL_TIME_RE.search(text, max(0, end - 40), end)
            expected = match.span() if match else None
            assert metric_labels._trailing_time(text, end) == expected, (text, end)


def test_a_chinese_line_holding_figures_is_not_counted_letter_by_letter(monkeypatch):
    """A line with fewer ASCII characters than a third of its length is no English line: its
    Latin letters are not counted (before: each line holding a figure was; here five)."""
    judged = []
    letters = metric_labels._letters
    monkeypatch.setattr(metric_labels, "_letters", lambda norm, start, end: judged.append(start) or
                        letters(norm, start, end))
    figures, _ = find_metrics(RELEASE, ())
    assert len(figures) >= 10
    assert judged == [RELEASE.index("分月看")]  # 1月增长5.1%，2月增长4.9%: 10 ASCII characters of 23
    english = metric_labels.EnglishLines("GDP grew 5% in 2023\n全市增长5%")
    assert english(0) and not english(21)


def test_figures_without_ji_yi_after_them_are_not_matched_for_it(monkeypatch):
    """300兆瓦机组及以上: _BORDERLINE_AFTER_RE is tried only where 及以 follows within its reach
    (before: after every figure)."""
    calls = _count(monkeypatch, metrics, "_BORDERLINE_AFTER_RE")
    figures, _ = find_metrics(RELEASE + "全市300兆瓦机组及以上项目12个。\n", ())
    assert len(calls) == 1
    assert [f.borderline for f in figures if f.unit == "兆瓦"] == [True]


def test_each_unit_s_kind_is_worked_out_once():
    metric_units.kind_of.cache_clear()
    find_metrics(RELEASE * 3, ())
    info = metric_units.kind_of.cache_info()
    assert info.misses <= 5 < info.hits
