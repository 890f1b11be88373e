"""What each figure measures (its label), read from the words around it in the sentence.

全市共配备网格员7600余人 → 网格员; 二氧化硫、化学需氧量排放总量分别下降14.29%和12.45% pairs each
subject with its figure. The rules strip time, scope, verbs and particles between the indicator and
the number; they describe the genre, not particular releases. Also home of the small clause and list
helpers that the figure extractor (metrics.py) shares with the label rules.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Protocol

from desktop_app.core import segment
from desktop_app.core.metric_text import ClauseStarts, last_of_word
from desktop_app.core.model import MetricKind
from desktop_app.core.patterns import lazy

SENTENCE_BREAK = frozenset("。！？；!?;\n")
_LIST_GLUE = re.compile(r"[、和与及\s]*")


class FigureSpan(Protocol):
    """What the label rules need to know about a figure: where it is and what kind it is."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def kind(self) -> MetricKind: ...


# --- clauses, lists, lines --------------------------------------------------------------

def continues_list(norm: str, figures: Sequence[FigureSpan], index: int) -> bool:
    """True when only 、/和/与/及 separate this figure from the previous one (36.01%、85.7%)."""
    if index == 0:
        return False
    gap = norm[figures[index - 1].end:figures[index].start]
    return _LIST_GLUE.fullmatch(gap) is not None


_LATIN_RUN = lazy("[A-Za-z]+")  # the Latin letters an English line is mostly made of


def is_english_line(norm: str, pos: int) -> bool:
    """Is the line holding `pos` written mostly in Latin letters (an English release)?"""
    return EnglishLines(norm)(pos)


class EnglishLines:
    """`is_english_line` for many positions in one text: each line is judged once, and for
    increasing positions each line end is looked for once."""

    def __init__(self, norm: str):
        self._norm = norm
        self._line = (0, -1, False)  # start, end (its line feed or the text's end), judged

    def __call__(self, pos: int) -> bool:
        start, end, judged = self._line
        if not start <= pos <= end:
            norm = self._norm
            start = norm.rfind("\n", end if 0 <= end < pos else 0, pos) + 1
            end = norm.find("\n", pos)
            end = end if end >= 0 else len(norm)
            judged = _ascii(norm, start, end) * 3 >= end - start and _letters(norm, start, end) * 3 >= end - start
            self._line = (start, end, judged)
        return judged

    def spans(self) -> Iterator[tuple[int, int]]:
        """The English lines, in order, as (start, end): only lines holding a Latin letter are
        judged (a Chinese release has few or none), and the others are none of them (but
        an empty one, which holds nothing)."""
        pos = 0
        while (found := _LATIN_RUN.search(self._norm, pos)) is not None:
            english = self(found.start())
            start, end, _ = self._line
            if english:
                yield start, end
            pos = end + 1


_PIECE = 65_536


def _letters(norm: str, start: int, end: int) -> int:
    """How many Latin letters norm[start:end] holds, read in pieces of a bounded length (the
    runs of letters of one huge line would cost as much as the line again). A regex skips the
    other characters at a few ns each (str.translate looked each one up in a table, ~60 ns)."""
    letters = 0
    for at in range(start, end, _PIECE):
        letters += sum(map(len, _LATIN_RUN.findall(norm, at, min(at + _PIECE, end))))
    return letters


def _ascii(norm: str, start: int, end: int) -> int:
    """How many ASCII characters norm[start:end] holds (at least its Latin letters), read in
    pieces as `_letters` reads: encoding drops the others at about 1 ns each, where the regex
    of `_letters` costs about 15 ns for each character of a Chinese line."""
    return sum(len(norm[at:min(at + _PIECE, end)].encode("ascii", "ignore")) for at in range(start, end, _PIECE))


def label_as_written(text: str, norm: str, label: str | None, start: int, end: int) -> str | None:
    """The label in the original characters (full-width brackets stay full-width): as written
    at its last occurrence in [start, end + 40) (metric_text.labels_as_written does this for
    all figures at once)."""
    if not label:
        return None
    i = norm.rfind(label, start, end + 40)
    return text[i:i + len(label)] if i >= 0 else label


# --- labels -----------------------------------------------------------------------------

_COMPARISON_RE = re.compile(r"(同比|环比|比[上去前同全\d]|较[上去前同全\d]|与(?:[上去]年|\d{4}年|同期)|由|从)")
_LEAD_TIME_RE = re.compile(
    r"^(?:截至)?(?:\d{4}年(?:\d{1,2}月)?(?:份|底|末|初|以来)?|今年以来|今年|去年|上半年|下半年|"
    r"全年|当年|目前|前[\d一二三四五六七八九十]+个?月份?|前[一二三四]季度|[一二三四]季度|\d{1,2}(?:[-~—至]\d{1,2})?月(?:份|底|末)?)[,，]?")
_LEAD_SCOPE = ("全市", "全省", "全国", "全区", "全县", "全州", "全镇", "我市", "我省", "我国", "我区",
               "我县", "本市", "该市", "各地区", "各地", "其中", "此外", "同时", "另外", "共计", "合计", "总计",
               "累计", "年均", "月均", "日均", "平均", "已经", "已", "先后", "相继", "还", "又", "并",
               "共", "均", "都", "也", "各类", "各级", "有", "在", "为", "及时")
_INNER_SCOPE = ("共计", "累计", "分别", "共", "年均", "月均", "日均")
_INNER_SCOPE_RE = re.compile("|".join(map(re.escape, _INNER_SCOPE)))
_TRAIL_WORDS = ("分别", "达到了", "达到", "达", "为", "是", "超过", "突破", "增长", "增加", "下降",
                "减少", "提高", "提升", "上升", "降低", "缩短", "扩大", "缩小", "收窄", "降至", "降到",
                "增至", "到", "至", "了", "在", "控制在", "保持在", "稳定在", "约为", "约", "近", "逾",
                "共计", "累计", "合计", "总计", "共", "新增", "均", "都", "已", "仍", "的", "占", "高于",
                "低于", "等", "同比", "环比", "有", "中有", "拥有", "连续", "约合", "共有", "依次是", "年均", "月均",
                "日均", "跃升", "平均", "下降到", "提高到", "上升到", "增长到", "降低到", "增加到")
_LEAD_VERBS = ("组织开展", "排查整改", "涌现出", "配备", "建立", "建成", "新建", "新增", "处理", "破获",
               "侦破", "侦办", "审理", "起诉", "查处", "完成", "实现", "推广", "安排", "拉动", "投入",
               "抓获", "开展", "发放", "形成", "培训", "受理", "办结", "化解", "调解", "帮助", "带动",
               "吸引", "引进", "签约", "打造", "建设", "改造", "整治", "治理", "救助", "资助", "解决",
               "提供", "接待", "惠及", "覆盖", "支持", "创建", "评选", "认定", "表彰", "打掉", "缴获",
               "清除", "找回", "选配", "招录", "录用", "选派", "聘请", "设立", "开通", "组建", "出台",
               "制定", "发展", "实施", "培育", "认定", "新认定", "举办", "出动", "召开", "办理", "收到", "拦截", "挽回", "挽损", "发生", "提出")
_TRAIL_TIME_RE = re.compile(
    r"(?:[自从]?\d{4}\s?年以来|\d{4}\s?年(?:底|末|初)?|去年底|去年|今年|上年末|年底|年末|目前|近?[一二两三四五六七八九十\d]+年[来间]?)的?$")
_LIST_MARKER_RE = re.compile(
    r"^(?:\d+(?:\.\d+)*[.、]\s*|[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|"
    r"[一二三四五六七八九十]是|第[一二三四五六七八九十]+[,，、])")
_SUBJECT_PART_RE = re.compile(r"[^、和与及]+")  # the subjects: what splitting at 、和与及 leaves
# More subjects than a document keeps figures (metrics.MAX_FIGURES) never pair with its figures:
# such a clause is not split (a hostile one named a million subjects).
_MAX_SUBJECTS = 20_000
# (Four characters ahead are enough to know that at least four follow: the lookahead reads no further.)
_PLACE_RE = re.compile(r"[\u4e00-\u9fff]{2,3}[市省](?![级内外属直])(?=[\u4e00-\u9fff]{4})")
_TRAIL_SET = frozenset(_TRAIL_WORDS)
_TRAIL_MAX = max(map(len, _TRAIL_WORDS))
_LEAD_VERB_SET = frozenset(_LEAD_VERBS)
_LEAD_SCOPE_SET = frozenset(_LEAD_SCOPE)  # a word looked up in a tuple is compared with each of its words
_LEAD_VERB_MAX = max(map(len, _LEAD_VERBS))
_NOUN_AFTER_RE = re.compile(
    r"[\u4e00-\u9fff](?:[\u4e00-\u9fff]|\([\u4e00-\u9fff、]{1,6}\)){0,7}?"
    r"(?=[，,。；;、）)]|被|受|参|落实|实现|获|入选|达|在|为|是|的|已|共|均|通过|完成|得到|纳入|"
    r"列入|评为|荣获|创|开展|$)")


class FigureClauses:
    """For each figure of a text: where its clause starts and whether it continues a list of
    figures (36.01%、85.7%). The label rules and the trend rules (metrics.py) both ask; each
    answer is found once."""

    def __init__(self, norm: str, figures: Sequence[FigureSpan]):
        clauses = ClauseStarts(norm)
        self.starts = [clauses(figure.start) for figure in figures]
        self.continues = [continues_list(norm, figures, k) for k in range(len(figures))]


def figure_labels(norm: str, figures: Sequence[FigureSpan],
                  english: Callable[[int], bool] | None = None,
                  clauses: FigureClauses | None = None) -> list[str | None]:
    """The indicator each figure measures, from the words before it (or, failing that, after).

    `english` tells whether a position lies in an English line (an `EnglishLines` of `norm`,
    shared with the figure scan so that each line is judged once); `clauses` are the
    figures' FigureClauses when the caller has them already.
    """
    english = english or EnglishLines(norm)
    clauses = clauses or FigureClauses(norm, figures)
    paired = _PairedLabels(norm, figures, clauses)
    labels: list[str | None] = []
    for index, figure in enumerate(figures):
        if english(figure.start):
            labels.append(None)
            continue
        label = paired(index)
        if label is None and paired.continues[index]:
            label = labels[-1]
        elif label is None:
            label = _label_before(norm, figures, index, clauses.starts[index])
            if not label or _longest_end(label, _LEAD_VERB_SET, _LEAD_VERB_MAX) is not None:  # ends with a verb
                label = _label_after(norm, figure) or label
            if not label and index and _same_sentence(norm, figures[index - 1], figure):
                label = labels[-1]
        labels.append(label or None)
    return labels


def _same_sentence(norm: str, a: FigureSpan, b: FigureSpan) -> bool:
    return SENTENCE_BREAK.isdisjoint(norm[a.end:b.start])  # at C speed, not a Python step per character


def _label_before(norm: str, figures: Sequence[FigureSpan], index: int, clause_start: int) -> str:
    start = figures[index].start
    begin = max(clause_start, figures[index - 1].end if index else 0)
    cut = norm.rfind("、", begin, start)
    region = norm[cut + 1 if cut >= 0 else begin:start]
    if region.endswith("等"):
        return ""  # 北京、河北…等15个省: the figure counts the list, named after it
    m = _COMPARISON_RE.search(region)
    if m and m.start() > 0:
        region = region[:m.start()]
    elif m:
        return ""
    label = _clean_label(_strip_lead(_strip_trailing(region.strip())))
    return "" if label in _LEAD_SCOPE_SET or label in _TRAIL_SET else label


def _label_after(norm: str, figure: FigureSpan) -> str:
    """2933个村(社区)落实…, 选配10688名网格员: the counted noun follows the figure."""
    if figure.kind != MetricKind.COUNT:
        return ""
    m = _NOUN_AFTER_RE.match(norm, figure.end)
    return _clean_label(m.group()) if m else ""


# The subjects of a list of figures are read back to the clause start when that is at most
# _SUBJECT_WINDOW characters before 分别, or while longer reads add up to at most
# _SUBJECT_BUDGET times the text; past that, only the last _SUBJECT_WINDOW characters are read.
# (A release names a few subjects there; but one clause can hold many lists, each with its own
# 分别, and reading the whole clause again for each would not be linear.)
_SUBJECT_WINDOW = 1000
_SUBJECT_BUDGET = 4


class _PairedLabels:
    """X和Y分别下降a、b: pair the subjects with the figures when the counts agree.

    The lists of figures (36.01%、85.7%) are found once, and the subjects of each list once."""

    def __init__(self, norm: str, figures: Sequence[FigureSpan], clauses: FigureClauses):
        self._norm, self._figures, self._clause_starts = norm, figures, clauses.starts
        self._fenbie = last_of_word(norm, "分别")
        self.continues = clauses.continues
        self._first: list[int] = []
        for k, joined in enumerate(self.continues):
            self._first.append(self._first[-1] if joined else k)
        self._last = [0] * len(figures)
        last = len(figures) - 1
        for k in range(len(figures) - 1, -1, -1):
            self._last[k] = last
            if not self.continues[k]:
                last = k - 1
        self._parts: dict[int, list[str] | None] = {}
        self._subjects: dict[tuple[int, int], list[str] | None] = {}
        self._budget = _SUBJECT_BUDGET * len(norm)

    def __call__(self, index: int) -> str | None:
        first, last = self._first[index], self._last[index]
        if first == last:
            return None
        if first not in self._parts:
            self._parts[first] = self._subject_parts(first)
        parts = self._parts[first]
        if parts is None or len(parts) != last - first + 1:
            return None
        return _clean_label(parts[index - first]) or None

    def _subject_parts(self, first: int) -> list[str] | None:
        """The subjects named before 分别 in the clause that leads to figure `first`, else None."""
        begin = self._clause_starts[first]
        at = self._fenbie(self._figures[first].start)
        if at < begin:
            return None
        key = (begin, at)
        if key not in self._subjects:
            if at - begin > _SUBJECT_WINDOW:
                if self._budget >= at - begin:
                    self._budget -= at - begin
                else:
                    begin = at - _SUBJECT_WINDOW
            subject = _strip_lead(self._norm[begin:at])
            comparison = _COMPARISON_RE.search(subject)  # split(subject)[0], without the rest
            subject = subject[:comparison.start()] if comparison else subject
            self._subjects[key] = _subjects_of(subject)
        return self._subjects[key]


def _subjects_of(subject: str) -> list[str] | None:
    """The subjects named in `subject` (X、Y和Z), or None past _MAX_SUBJECTS of them."""
    parts: list[str] = []
    for part in _SUBJECT_PART_RE.finditer(subject):
        if len(parts) == _MAX_SUBJECTS:
            return None
        parts.append(part.group())
    return parts


def _strip_trailing(text: str) -> str:
    """Drop verbs and particles between the indicator and the figure (达到, 分别下降, 的), each
    only where it is a word of its own (违法行为 keeps its 为). Time words go too (2020年)."""
    end = len(text)  # what is left is text[:end]
    while end:
        cut = _trailing_time(text, end)
        if cut is not None:
            start, stop = cut
            if stop < end:  # the time word stood before a final line feed, which stays
                return text[:start] + text[stop:end]
            end = start
        word = _longest_end(text, _TRAIL_SET, _TRAIL_MAX, end)
        if word is None or _cuts_word(text, end - len(word), len(word), hi=end):
            return text[:end]
        end -= len(word)
    return text[:end]


_TIME_NUMERALS = frozenset("一二两三四五六七八九十")
# The last character of each match of _TRAIL_TIME_RE but its 的 (年, 以来, 年底, 目前, 三年间 …).
_TIME_WORD_ENDS = frozenset("年来底末初前间")


def _trailing_time(text: str, end: int) -> tuple[int, int] | None:
    """What `_TRAIL_TIME_RE.sub("", text[:end])` removes, as [start, stop), or None.

    Every match of the pattern ends where the text does (or before a final line feed), so sub
    removes at most one: the leftmost. Only its numeral form (近三年来) is of unbounded length;
    the others span at most 10 characters. So the search starts 12 characters before the end,
    or where a run of numerals before a final 年(来|间)(的) begins: the leftmost match cannot
    start earlier, and the regex never runs along a long run of numerals that leads nowhere.
    """
    stop = end - 1 if text[end - 1:end] == "\n" else end
    last = stop - 2 if text[stop - 1:stop] == "的" else stop - 1
    if last < 0 or text[last] not in _TIME_WORD_ENDS:
        return None  # no match can end here: most labels end with a noun
    lowest = stop - 12
    for year in _final_years(text, stop):
        run = year
        while run > 0 and (text[run - 1] in _TIME_NUMERALS or text[run - 1].isdecimal()):
            run -= 1
        if run < year:
            lowest = min(lowest, run - 1 if text[run - 1:run] == "近" else run)
    match = _TRAIL_TIME_RE.search(text, max(0, lowest), end)
    return match.span() if match else None


def _final_years(text: str, stop: int) -> list[int]:
    """Positions of a 年 that text[:stop] ends with, followed only by 来/间 and 的."""
    found = []
    for de in ((1, 0) if text[stop - 1:stop] == "的" else (0,)):
        for lai in ((1, 0) if stop - de > 0 and text[stop - de - 1] in "来间" else (0,)):
            year = stop - de - lai - 1
            if year >= 0 and text[year] == "年":
                found.append(year)
    return found


def _strip_lead(text: str) -> str:
    """Drop time, scope and the leading verb (2020年全市共破获刑事案件 → 刑事案件), each only
    where it is a word of its own (公共厕所 keeps its 共)."""
    text = _without_opening(_LIST_MARKER_RE, text.strip(" \u3000\u00a0"))
    text = _without_opening(_LEAD_TIME_RE, text)
    for word in _INNER_SCOPE if _INNER_SCOPE_RE.search(text) else ():  # mostly none of them
        i = text.find(word)
        if 0 <= i and len(text) - i - len(word) >= 2 and \
                not _cuts_word(text, i, len(word)) and not _cuts_word(text, i + len(word), len(word)):
            text = text[i + len(word):]
            break
    text = _strip_scope(text)
    for _ in range(2):  # 新增发放廉租房补贴 → 廉租房补贴
        verb = _longest_start(text, _LEAD_VERB_SET, _LEAD_VERB_MAX)
        if not verb or len(text) < len(verb) + 2:
            break
        text = text[len(verb):]
    return text


def _without_opening(pattern: re.Pattern[str], text: str) -> str:
    """pattern.sub("", text) for a pattern anchored at the start (^) that never matches empty:
    it can only match there, and a match is tried nowhere else."""
    found = pattern.match(text)
    return text[found.end():] if found else text


def _longest_start(text: str, words: frozenset[str], longest: int) -> str:
    """The longest of `words` that `text` starts with, else ""."""
    for size in range(min(longest, len(text)), 0, -1):
        if text[:size] in words:
            return text[:size]
    return ""


def _longest_end(text: str, words: frozenset[str], longest: int, end: int | None = None) -> str | None:
    """The longest of `words` that text[:end] ends with, else None."""
    end = len(text) if end is None else end
    for size in range(min(longest, end), 0, -1):
        if text[end - size:end] in words:
            return text[end - size:end]
    return None


# _LEAD_SCOPE by first character, each list in _LEAD_SCOPE's order (the first that fits wins).
_LEAD_SCOPE_BY_FIRST: dict[str, tuple[str, ...]] = {
    first: tuple(w for w in _LEAD_SCOPE if w[0] == first) for first in {w[0] for w in _LEAD_SCOPE}}


def _strip_scope(text: str) -> str:
    i = 0  # what is left is text[i:]
    changed = True
    while changed:
        changed = False
        word = next((w for w in _LEAD_SCOPE_BY_FIRST.get(text[i:i + 1], ())
                     if text.startswith(w, i) and len(text) - i > len(w) + 1
                     and not _cuts_word(text, i + len(w), len(w), lo=i)), None)
        if word:
            i, changed = i + len(word), True
        m = _PLACE_RE.match(text, i)
        if m and not m.group().endswith("城市"):
            i, changed = m.end(), True
    return text[i:]


# Words the label rules strip anyway: a dictionary word made of two of them (共有, 共出动) is
# still cut between them.
_FUNCTION_WORDS = _TRAIL_SET | frozenset(_LEAD_SCOPE) | frozenset(_INNER_SCOPE) | _LEAD_VERB_SET


# The segmenter reads at most this many characters around a cut (a label is a few words; the
# texts the label rules strip are 32 characters at most in the corpus).
_SEGMENT_WINDOW = 100


def _cuts_word(text: str, cut: int, size: int, lo: int = 0, hi: int | None = None) -> bool:
    """Would cutting text[lo:hi] at `cut` split a dictionary word (违法行|为, 公|共厕所, 有|效线索)?

    Only single-character words are doubtful (达到, 全市 are words wherever they stand), so only
    they consult the segmenter, which is loaded on the first such question. Dictionary words
    only (no guessing of unknown words), so that 受害率为 is 受害|率|为, not 受害|率为. A text
    longer than _SEGMENT_WINDOW is segmented in a window of that size around the cut."""
    hi = len(text) if hi is None else hi
    if size > 1 or cut <= lo or cut >= hi:
        return False
    lo = max(lo, min(cut - _SEGMENT_WINDOW // 2, hi - _SEGMENT_WINDOW))
    window = text[lo:min(hi, lo + _SEGMENT_WINDOW)]
    cut -= lo
    for start, end in _word_spans(window):
        if start < cut < end:
            return not (window[start:cut] in _FUNCTION_WORDS and window[cut:end] in _FUNCTION_WORDS)
    return False


@lru_cache(maxsize=4096)
def _word_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((start, end) for _, start, end in segment.segmenter().tokenize(text, "default", False))


_LABEL_BRACKETS = (("“", "”"), ("(", ")"), ("《", "》"))
_LABEL_BRACKET_CHARS = frozenset("“”()《》")


def _clean_label(text: str) -> str:
    """Balanced quotes and brackets, and at most the last 20 characters of a long phrase."""
    text = text.strip(" \u3000\u00a0、，,")
    for open_, close in _LABEL_BRACKETS if not _LABEL_BRACKET_CHARS.isdisjoint(text) else ():
        if text.count(open_) != text.count(close):
            text = text.replace(open_, "").replace(close, "")
    if len(text) > 16 and "的" in text[:-2]:
        text = text[text.rfind("的", 0, len(text) - 1) + 1:]
    return text[-20:]
