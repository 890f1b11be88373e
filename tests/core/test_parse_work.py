"""The parser's work per release stays small: counted, never timed.

Importing runs the parser beside the importing process on a 2-core machine: its CPU per
release is part of the import rate. These tests count what made it cost more than it needs
(benchmarks/bench_parse.py times it): lines judged English in a Chinese release, clause starts
looked for twice per figure, one regex per marker style on each line, patterns tried at every
position of every item's text, and they check the shortcuts against what they replace.
"""
from __future__ import annotations

import re
import sys
from re import _compiler, _constants, _parser

import pytest

from desktop_app.core import metric_labels, metric_text, reading, structure_kinds, structure_lines
from desktop_app.core.metric_english import scan_english
from desktop_app.core.metrics import find_metrics
from desktop_app.core.numbers import to_halfwidth

RELEASE = ("某市2023年经济运行情况\n"
           "全市生产总值达到1200亿元，同比增长5.2%。其中，第一产业增加值86亿元，增长3.1%；"
           "第二产业增加值470亿元，增长6.4%。\n"
           "全市共破获刑事案件326起，抓获犯罪嫌疑人518名，挽回经济损失2300余万元。\n"
           "城镇和农村居民人均可支配收入分别增长4.8%和6.9%。\n"
           "分月看，1月增长5.1%，2月增长4.9%。\n")


def test_a_chinese_release_has_no_line_judged_english_by_the_english_scan(monkeypatch):
    """scan_english reads only lines holding a Latin letter (before: the pattern stopped at
    every number of the text, and each line holding one it took for English was judged)."""
    judged = []
    letters = metric_labels._letters
    monkeypatch.setattr(metric_labels, "_letters", lambda norm, start, end: judged.append(start) or
                        letters(norm, start, end))
    norm = to_halfwidth(RELEASE + "PM2.5浓度下降12%，GDP增长5%。\n")
    assert scan_english(norm, metric_labels.EnglishLines(norm)) == []
    assert judged == [norm.index("PM2.5")]  # the one line with Latin letters, once


def test_each_figure_s_clause_start_is_looked_for_once(monkeypatch):
    """The label and the trend rules share each figure's clause start (before: both asked
    ClauseStarts, 2 calls per figure)."""
    calls = []
    ask = metric_text.ClauseStarts.__call__
    monkeypatch.setattr(metric_text.ClauseStarts, "__call__", lambda self, pos: calls.append(pos) or ask(self, pos))
    figures, _ = find_metrics(RELEASE, ())
    assert len(figures) >= 10
    assert sorted(calls) == sorted(figure.start for figure in figures)


class _CountedPattern:
    """A compiled pattern whose `match` calls are counted in `calls`."""

    def __init__(self, pattern: re.Pattern, calls: list):
        self._pattern, self._calls = pattern, calls
        self.flags, self.pattern = pattern.flags, pattern.pattern

    def match(self, *args):
        self._calls.append(self.pattern)
        return self._pattern.match(*args)


def test_a_line_without_a_list_marker_costs_one_regex_match(monkeypatch):
    """enumerator_at tries one pattern for every marker style first (before: 12 patterns, one
    per style, on every line)."""
    calls: list = []
    monkeypatch.setattr(structure_lines, "_LINE_MARKERS", tuple(
        (style, _CountedPattern(pattern, calls)) for style, pattern in structure_lines._LINE_MARKERS))
    assert structure_lines.enumerator_at("全市生产总值达到1200亿元，同比增长5.2%。", 0) is None
    assert calls == []
    assert structure_lines.enumerator_at("二、主要成效", 0).number == 2
    assert len(calls) == 1  # cn_dun, the first style


def _searched_for_first_character(pattern: re.Pattern) -> bool:
    """Does re search `pattern` by a literal prefix or a set of first characters (at C speed),
    rather than trying it at every position? (What re's compiler writes in the pattern's INFO.)"""
    code = _compiler._code(_parser.parse(pattern.pattern, pattern.flags), pattern.flags)
    return code[0] == _constants.INFO and bool(code[2] & (_constants.SRE_INFO_PREFIX | _constants.SRE_INFO_CHARSET))


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="reads re's compiled code (CPython 3.11)")
def test_the_kind_cues_are_searched_for_their_first_character():
    """The cues lean() and facts() count in the text of every item: before, six opened with a
    lookbehind (将, 要, 了, 3-5月…) or held one in an alternative, and were tried at every
    position (the English cues are read only in a text with a lower-case Latin letter)."""
    cues = [p for p, _, english in structure_kinds._FUTURE_CUES + structure_kinds._PAST_CUES if not english]
    others = [structure_kinds._PLANNED_RE, structure_kinds._PAST_RE, structure_kinds.DONE_STATEMENT_RE]
    slow = [p.pattern for p in cues + others if not _searched_for_first_character(p)]
    assert slow == []


def test_english_cues_are_read_only_with_a_lower_case_latin_letter():
    assert not structure_kinds.has_lowercase_latin("全市GDP增长5%，PM2.5浓度下降")
    assert structure_kinds.has_lowercase_latin("全市e网通")
    assert structure_kinds.lean("We will expand it.") == 1.5  # will


def _first_characters(items: list) -> set[str] | None:
    """The characters a parsed pattern can open with (None: it may open with anything)."""
    if not items:
        return None
    op, av = items[0]
    if op is _constants.LITERAL:
        return {chr(av)}
    if op is _constants.IN and all(kind is _constants.LITERAL for kind, _ in av):
        return {chr(code) for _, code in av}
    if op is _constants.SUBPATTERN:
        return _first_characters(list(av[3]))
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and av[0] >= 1:
        return _first_characters(list(av[2]))
    if op is _constants.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            chars = _first_characters(list(branch))
            if chars is None:
                return None
            found |= chars
        return found
    return None


def test_inline_first_holds_the_first_character_of_every_inline_marker():
    """find_inline_items tries markers only before a character of INLINE_FIRST: each inline
    style's pattern opens with one of them (in either case where the pattern ignores case)."""
    first = re.compile(structure_lines.INLINE_FIRST)
    for style, pattern in structure_lines._LINE_MARKERS:
        if style not in structure_lines.INLINE_STYLES:
            continue
        chars = _first_characters(list(_parser.parse(pattern.pattern, pattern.flags)))
        assert chars, style
        if pattern.flags & re.IGNORECASE:
            chars |= {c for c in map(chr, range(0x250)) if any(re.fullmatch(f"(?i:{re.escape(x)})", c) for x in chars)}
        assert all(first.fullmatch(c) for c in chars), (style, sorted(c for c in chars if not first.fullmatch(c)))


def test_inline_items_are_found_where_they_were():
    """The openings found by inline_openings are those of the old boundary pattern that a
    marker may follow."""
    old = re.compile(r"(?:^|(?<=[。；;：:！？!?，,]))\s*")
    first = re.compile(structure_lines.INLINE_FIRST)
    for text in ("一是抓落实；二是促发展。", " ，一是…", "。 。(1) x", "首先，其次，最后，", "First, second: third",
                 "①②，③", "第一，第二，", "", "，", "中文，　一是"):
        expected = [m.end() for m in old.finditer(text) if m.end() < len(text) and first.match(text, m.end())]
        assert list(structure_lines.inline_openings(text)) == expected, text


def test_looks_binary_counts_what_it_counted():
    """The regex of looks_binary holds the characters the old per-character loop counted:
    control characters but tab, line feed, vertical tab, form feed and return; private use;
    U+FFFD."""
    control = {chr(c) for c in range(32)} - set("\t\n\r\f\v")
    for code in range(0x10000):
        ch = chr(code)
        assert bool(reading._ODD.fullmatch(ch)) == (ch in control or "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd")

