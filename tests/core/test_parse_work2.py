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
    numbers,
    structure,
    structure_kinds,
    structure_lines,
    structure_lists,
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
def test_the_period_words_are_searched_for_their_first_character():
    """The period words (年均, 累计 …) are looked for at their first character (before: a
    lookahead, (?=(年均|…)), tried at every position of the text)."""
    periods = metric_text.LastOfWords("全市年均增长5%", metrics._PERIODS)._find.__self__
    assert _searched_for_first_character(periods)


def test_the_last_break_or_word_before_a_figure_costs_one_match(monkeypatch):
    """LastBefore (the part of a sentence, 分别, 比) reads the text since its last call with one
    regex match (before: 分别 was looked for by a lookahead tried at every position, and every
    break of the stretch was a match of its own)."""
    norm = "甲，乙，丙分别，丁，戊。" * 3
    for scan, width in ((metric_text.last_of_word(norm, "分别"), 2), (metric_text.last_of_chars(norm, "，。"), 1)):
        calls = []
        last_in = scan._last_in
        scan._last_in = lambda *args, _calls=calls, _last_in=last_in: _calls.append(args) or _last_in(*args)
        positions = [4, 10, 11, 30, 36]
        found = [scan(pos) for pos in positions]
        assert len(calls) == len(positions)
        word = "分别" if width == 2 else None
        expected = [max((i for i in range(pos - width + 1) if (norm.startswith(word, i) if word else norm[i] in "，。")),
                        default=-1) for pos in positions]
        assert found == expected


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


# --- lines (structure_lines) ------------------------------------------------------------------

def _old_is_chrome_line(line: str) -> bool:
    """is_chrome_line as it was before its two quick looks."""
    if len(line) > 160:
        return False
    pieces = [p.strip(structure_lines.SPACE) for p in structure_lines._CHROME_SPLIT_RE.split(line)]
    found = [structure_lines._CHROME_PIECE_RE.fullmatch(p) for p in pieces if p]
    matches = [m for m in found if m is not None]
    if not matches or len(matches) < len(found):
        return False
    return any(not m.group("date") and m.group("field") not in structure_lines._CREDIT_FIELDS for m in matches)


def test_a_body_line_is_no_chrome_without_a_regex_split(monkeypatch):
    """A line holding nothing any piece of chrome holds is answered without splitting it, and a
    line without a wide space, a bar or 【】 is not split (before: a split with lookbehinds,
    tried at every position, for each line up to 160 characters)."""
    split = _count(monkeypatch, structure_lines, "_CHROME_SPLIT_RE")
    pieces = _count(monkeypatch, structure_lines, "_CHROME_PIECE_RE")
    assert structure_lines.is_chrome_line("全市经济运行稳中有进，发展质量持续提升") is False
    assert split == [] and pieces == []
    assert structure_lines.is_chrome_line("打印本页") is True
    assert split == [] and len(pieces) == 1
    assert structure_lines.is_chrome_line("打印本页　关闭窗口") is True
    assert len(split) == 1


_CHROME_WORDS = ("打印本页", "关闭窗口", "返回", "分享到", "微信", "扫一扫", "字体", "大", "中", "小", "来源",
                 "发布时间", "作者", "浏览次数", "上一篇", "2024-02-28", "2024年3月5日", "10:30", "Source",
                 "新华社", "全市", "增长", "【", "】", "[", "]", "：", ":", "|", "丨", "　", "  ", " ", "\t",
                 "\xa0", "，", "。", "12", "2023", "收藏", "纠错", "复制链接")


def test_chrome_lines_are_those_found_before():
    rng = random.Random(7)
    for _ in range(4000):
        line = "".join(rng.choice(_CHROME_WORDS) for _ in range(rng.randint(1, 8)))
        assert structure_lines.is_chrome_line(line) == _old_is_chrome_line(line), line
    for line in ("分享到：微信 微博", "【字体：大 中 小】", "来源：市林业局　发布时间：2024-02-28",
                 "打印本页|关闭窗口", "上一篇：某某", "中小企业", "扫码关注", "x" * 161):
        assert structure_lines.is_chrome_line(line) == _old_is_chrome_line(line), line


def test_a_text_with_a_line_wider_than_any_wrap_is_measured_up_to_it(monkeypatch):
    """The wrap width is 0 once a line is wider than 160 columns: the lines after it are not
    measured (before: every line of the text)."""
    measured = []
    width = structure_lines._display_width
    monkeypatch.setattr(structure_lines, "_display_width", lambda line: measured.append(line) or width(line))
    text = "标题\n第一段短句。\n" + "全市经济运行稳中有进。" * 20 + "\n" + "短句一行。\n" * 50
    assert structure_lines._wrap_width(text) == 0
    assert measured == ["第一段短句。"]


def _old_wrap_width(text: str) -> int:
    widths: dict[int, int] = {}
    for raw in text.split("\n")[1:]:
        if raw.strip(structure_lines.SPACE):
            width = structure_lines._display_width(raw.rstrip())
            widths[width] = widths.get(width, 0) + 1
    count = sum(widths.values())
    if count < 6:
        return 0
    widest = max(widths)
    full = sum(n for width, n in widths.items() if width >= widest - 4)
    return widest if widest <= 160 and full >= 0.4 * count else 0


def test_wrap_widths_are_those_found_before():
    rng = random.Random(3)
    for _ in range(500):
        lines = ["标题"] + ["中" * rng.choice([0, 3, 38, 39, 40, 79, 80, 81, 90]) + "a" * rng.choice([0, 1, 2])
                          for _ in range(rng.randint(0, 12))]
        text = "\n".join(lines)
        assert structure_lines._wrap_width(text) == _old_wrap_width(text), lines


def test_a_body_line_is_no_image_without_a_regex_match(monkeypatch):
    """An image file name ends with its extension: a line without a dot among its last
    characters is not matched against IMAGE_RE, and a caption's end is looked for among the
    line's last characters only (before: the whole line, each time)."""
    images = _count(monkeypatch, structure_lines, "IMAGE_RE")
    ends = _count(monkeypatch, structure_lines, "_CAPTION_END_RE")
    line = "全市经济运行稳中有进，" * 10
    assert not structure_lines.is_image(line) and not structure_lines.is_caption(line)
    assert images == []
    assert [args[1] for _, args in ends] == [len(line) - structure_lines._CAPTION_END_MAX]
    assert structure_lines.is_image("W020231016537288145210.JPEG")
    assert structure_lines.is_caption("游客在古镇游览。本报记者 某某摄（影像中国）")


# --- lists (structure_lists, structure_lines) --------------------------------------------------

def test_each_list_marker_s_number_is_read_once(monkeypatch):
    """The same few markers (一、 （二） 3.) are asked about again and again for each list finder:
    each is read once (before: 25 of a generated release's 32 readings were repeats)."""
    read = []
    chinese = numbers.parse_chinese_number
    monkeypatch.setattr(numbers, "parse_chinese_number", lambda token: read.append(token) or chinese(token))
    numbers.parse_ordinal.cache_clear()
    assert [numbers.parse_ordinal(token) for token in ("三", "十二", "三", "２", "三三", "十二")] == [3, 12, 3, 2, None, 12]
    assert read == ["三", "十二"]


def test_a_paragraph_naming_no_announced_noun_is_not_searched_for_a_count(monkeypatch):
    """ANNOUNCE_RE (三个方面, 5项措施) opens with a numeral or a digit and is tried at each one;
    a text without any of the nouns its matches end with is not searched (before: each
    paragraph under a heading, and each announcement, was)."""
    announce = structure_lists.ANNOUNCE_RE
    paragraph = "一是进一步统一思想，二是抓好12件实事"
    assert announce.words.search(paragraph) is None  # the quick look
    calls = _count(monkeypatch, announce, "pattern")
    assert announce.search(paragraph) is None
    assert list(announce.finditer(paragraph)) == []
    assert calls == []
    assert announce.search("重点做好五方面工作").group() == "五方面"
    assert [m.group(1) for m in announce.finditer("三个亮点，4项新亮点")] == ["三", "4"]


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="reads re's compiled code (CPython 3.11)")
def test_the_announced_nouns_are_searched_for_their_first_character():
    assert _searched_for_first_character(structure_lists.ANNOUNCE_RE.words)


def test_announcements_are_found_where_the_pattern_finds_them():
    announce = structure_lists.ANNOUNCE_RE
    rng = random.Random(13)
    pieces = ["三", "十", "12", "５", "个", "大", "项", "重点", "方面", "新亮点", "亮点", "工作", " ", "，", "经验", "任", "务"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        found, quick = announce.pattern.search(text), announce.search(text)
        assert (found and found.span()) == (quick and quick.span()), text
        assert [m.span() for m in announce.finditer(text)] == [m.span() for m in announce.pattern.finditer(text)]


# --- kinds (structure_kinds) -------------------------------------------------------------------

def test_a_text_without_a_quote_is_not_searched_for_remarks(monkeypatch):
    calls = _count(monkeypatch, structure_kinds, "_REMARK_RE")
    assert structure_kinds.without_remarks("全市生产总值增长5%，他表示将继续努力。") == "全市生产总值增长5%，他表示将继续努力。"
    assert calls == []
    assert structure_kinds.without_remarks("他表示：“我们将继续努力推进各项工作。”全市") == "他全市"
    assert len(calls) == 1


def test_a_sentence_without_figures_is_not_asked_whether_it_plans(monkeypatch):
    """facts() counts the figures of sentences that plan nothing: a sentence without figures
    adds none, planned or not (before: each sentence was searched for a plan first)."""
    calls = _count(monkeypatch, structure_kinds, "_PLANNED_RE")
    text = "全市经济运行稳中有进。下一步将继续努力。破获案件9起，打掉团伙3个。今年将新建学校5所。"
    assert structure_kinds.facts(text) == 2
    assert [args[0] for _, args in calls] == ["破获案件9起，打掉团伙3个", "今年将新建学校5所"]


def test_a_text_shorter_than_the_structure_limit_is_not_counted_mark_by_mark(monkeypatch):
    """structure_extent counts line ends and clause marks up to MAX_STRUCTURE_UNITS: a text
    with fewer characters has fewer of them (before: each mark of every release was counted)."""
    calls = _count(monkeypatch, structure, "_UNIT_RE")
    text = "标题\n全市生产总值增长5%，达到100亿元。\n" * 10
    assert structure.structure_extent(text) == len(text)
    assert calls == []
    long = "增长1%，" * (structure.MAX_STRUCTURE_UNITS // 2)
    assert structure.structure_extent(long) == structure.MAX_STRUCTURE_UNITS * 5 // 2
    assert len(calls) == 1


# --- labels (metric_labels) --------------------------------------------------------------------

class _Unusable(tuple):
    """A word list that must not be gone through while parsing (its set is looked up instead)."""

    def __iter__(self):
        raise AssertionError("gone through word by word")

    def __contains__(self, item):
        raise AssertionError("looked up word by word")


def test_the_label_rules_look_words_up_in_sets(monkeypatch):
    """A label was compared with each of 47 scope words and 70 trailing words, and each label
    ended with one of 80 verbs was asked of each (before: a Python-level scan of the tuples for
    every figure; now a few set lookups)."""
    for name in ("_LEAD_SCOPE", "_TRAIL_WORDS", "_LEAD_VERBS"):
        monkeypatch.setattr(metric_labels, name, _Unusable(getattr(metric_labels, name)))
    figures, _ = find_metrics(RELEASE + "全市共配备网格员7600余人，新建学校5所。\n", ())
    labels = [f.label for f in figures]
    assert "网格员" in labels and "学校" in labels


def test_words_rejecting_a_bare_number_are_looked_for_at_once(monkeypatch):
    """9月, 14日, 1级: the words after a number without unit were tried one by one in Python."""
    tried = []

    class _Words(tuple):
        def __iter__(self):
            tried.append(1)
            return super().__iter__()

    monkeypatch.setattr(metric_units, "_REJECT_AFTER", _Words(metric_units._REJECT_AFTER))
    assert metric_units.rejected_after("9月份", 1, "") and not metric_units.rejected_after("9个", 1, "")
    assert tried == []


def test_two_figures_are_in_one_sentence_when_no_break_stands_between_them(monkeypatch):
    """The gap between two figures was read a character at a time in Python."""
    looked = []

    class _Breaks(frozenset):
        def __contains__(self, ch):
            looked.append(ch)
            return super().__contains__(ch)

    monkeypatch.setattr(metric_labels, "SENTENCE_BREAK", _Breaks(metric_labels.SENTENCE_BREAK))
    figures, _ = find_metrics("全市增长5%，其中农村增长6%。城镇增长7%。", ())
    assert metric_labels._same_sentence("全市增长5%，其中农村增长6%。城镇增长7%。", figures[0], figures[1])
    assert not metric_labels._same_sentence("全市增长5%，其中农村增长6%。城镇增长7%。", figures[1], figures[2])
    assert looked == []
