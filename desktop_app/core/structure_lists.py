"""Enumerations: the places where an achievement or priority section begins.

A release lists its areas in a handful of ways: numbered heading lines (一、 （一） 1. 关注点一：),
unnumbered short heading lines between paragraphs, paragraphs led by 一是…/第一，…, items inside
one paragraph (…特点。一是…；二是…), and paragraphs that open alike (十年来，… / 【工业】… /
a short topic sentence). Each finder here returns `Item`s numbered 1, 2, 3 … in one `group`
per list; their kinds are decided later (structure_kinds.py).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.core.model import SectionKind
from desktop_app.core.numbers import parse_ordinal
from desktop_app.core.structure_lines import (
    Line,
    enumerator_at,
    first_sentence,
    heading_of,
    inline_marker_at,
    inline_openings,
    is_body_paragraph,
    is_caption_context,
    is_credit_line,
    is_short_heading_text,
    numbered_line_form,
    skip_pictures,
    style_rank,
)


@dataclass(slots=True)
class Item:
    """A section boundary found in the body (internal; becomes a Section)."""

    start: int
    line: int                       # index of the line it starts in
    form: str | None                # heading_line / paragraph_lead / inline / None
    heading: str | None
    style: str | None = None
    number: int | None = None
    kind: SectionKind | None = None  # fixed kind (lead/outlook/credits/other), else decided later
    lean: float = 0.0
    keyword: str | None = None
    group: int = -1                 # items of one list share a group
    heads: int | None = None        # a category heading (一、主要成效): the group of its own list
    forward: bool = False           # its own text opens by stating plans (今年将… / 力争…)
    facts: int = 0                  # sentences of its text that report figures and plan nothing
    parent: Item | None = None      # the level-1 section an item (level 2) sits under
    until: int | None = None        # where its own text ends, when before the next boundary


def boundary(line: Line, kind: SectionKind, group: int = -1) -> Item:
    """A section of a fixed kind (lead, outlook, other …) that starts with `line`."""
    return Item(line.start, line.index, None, None, kind=kind, group=group)


def paragraph_item(line: Line, style: str | None, number: int | None, group: int = -1) -> Item:
    """An item led by a paragraph: its heading runs to the paragraph's first 。, ； or ：."""
    return Item(line.start, line.index, "paragraph_lead", heading_of(line.text), style, number,
                group=group)


# ---------------------------------------------------------------------------------------------
# Announced counts and keywords

class _EndsWithWord:
    """A pattern's `search` and `finditer`, with a quick no for a text holding none of the words
    each of its matches ends with (`words`, a plain alternation searched for at C speed, about
    5 ns a character). ANNOUNCE_RE opens with a numeral or a digit, common characters, and is
    tried at each of them (about 40 ns a character of a paragraph)."""

    def __init__(self, pattern: str, words: str):
        self.pattern = re.compile(pattern)
        self.words = re.compile(words)

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in `text`, if any."""
        return self.pattern.search(text) if self.words.search(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches in `text`, in order."""
        return self.pattern.finditer(text) if self.words.search(text) else iter(())


ANNOUNCE_RE = _EndsWithWord(
    r"([一二两三四五六七八九十]{1,3}|[0-9０-９]{1,2})\s*(?:(?:个|大|项|条|点)[\u4e00-\u9fff]{0,4}?|)"
    r"(?:方面|领域|重点|任务|工程|措施|举措|新?亮点|特点|成效|成果|行动|变化|突破|机制|做法|经验)",
    "方面|领域|重点|任务|工程|措施|举措|亮点|特点|成效|成果|行动|变化|突破|机制|做法|经验")
# A priority keyed on one word: a short verb (围绕, 做实, 彰显, 在 …), 一个 and a quoted word + 字
# (围绕一个“实”字,进一步… / 做实“基”字，夯实…). The verb is any one or two characters: the
# quoted word + 字 at the start of a paragraph is what marks the form, not the verb.
KEYWORD_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,2}?(?:一个)?"
    r"[“\"「‘『]([^”\"」’』]{1,4})[”\"」’』]字")


def announced(text: str) -> tuple[int, str] | None:
    """The last count announcing a list in `text` (重点做好五方面工作 → (5, 五方面)), if any."""
    matches = list(ANNOUNCE_RE.finditer(text))
    if not matches:
        return None
    match = matches[-1]
    number = parse_ordinal(match.group(1))
    return (number, match.group(0)) if number else None


def keyword(heading: str | None) -> str | None:
    """X of a 围绕一个“X”字 priority."""
    if not heading:
        return None
    match = KEYWORD_RE.match(heading)
    return match.group(1) if match else None


class ItemOrder:
    """The items of a document in text order, to ask about the items before a position
    without going through all of them for every list."""

    def __init__(self, items: list[Item]):
        ordered = sorted(items, key=lambda it: it.start)
        self.starts = [it.start for it in ordered]
        self.highest_line = [-1]  # highest_line[k]: the highest line of the first k items
        for item in ordered:
            self.highest_line.append(max(self.highest_line[-1], item.line))

    def before(self, start: int) -> int:
        """How many items start before `start`."""
        return bisect_left(self.starts, start)


def text_before(text: str, lines: list[Line], items: list[Item], first: Item,
                order: ItemOrder | None = None) -> str:
    """The text that introduces a list: from the paragraph before it (or its own paragraph's start,
    for items inside a paragraph) to its first item, never reaching back past an earlier item.
    `order` (an ItemOrder of `items`) saves going through the items."""
    line = lines[first.line]
    window = lines[first.line - 1].start if first.start == line.start and first.line else line.start
    order = order or ItemOrder(items)
    earlier = order.before(first.start)
    return text[max(window, order.starts[earlier - 1]) if earlier else window:first.start]


def groups_of(items: list[Item]) -> dict[int, list[Item]]:
    """Items by list, in text order."""
    groups: dict[int, list[Item]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    return groups


def spans(lines: list[Line], items: list[Item], body_end: int) -> list[tuple[int, int]]:
    """Where each item's own text ends: at the next item, and an inline item at its paragraph's end
    (the next paragraph — 下一步，… — says nothing about it)."""
    result = []
    for k, item in enumerate(items):
        end = items[k + 1].start if k + 1 < len(items) else body_end
        if item.form == "inline":
            end = min(end, lines[item.line].end)
        result.append((item.start, end))
    return result


def count_warnings(text: str, lines: list[Line], items: list[Item]) -> list[str]:
    """When the text announces N items (五方面工作, 六个方面) but a different number follows."""
    warnings: list[str] = []
    order = ItemOrder(items)
    for members in groups_of([it for it in items if it.form]).values():
        found = announced(text_before(text, lines, items, members[0], order))
        if found and found[0] != len(members):
            n, phrase = found
            warnings.append(f"文中称“{phrase}”，但找到 {len(members)} 项 / "
                            f"the text announces {n} items ({phrase}) but {len(members)} were found")
    return warnings


# ---------------------------------------------------------------------------------------------
# Numbered lines

def runs(items: list[Item]) -> list[list[Item]]:
    """Split same-style items into runs numbered 1, 2, 3 …; keep runs of two or more."""
    by_style: dict[str, list[Item]] = {}
    for item in items:
        by_style.setdefault(item.style or "", []).append(item)
    found: list[list[Item]] = []
    for style_items in by_style.values():
        current: list[Item] = []
        for item in style_items:
            last = current[-1].number if current else None
            if last is not None and (item.number == last + 1 or item.number == 99):
                current.append(item)
                continue
            if len(current) >= 2:
                found.append(current)
            current = [item] if item.number == 1 else []
        if len(current) >= 2:
            found.append(current)
    return found


def find_line_items(text: str, lines: list[Line], first_body: int, stop: int | None = None) -> list[Item]:
    """Numbered lines (一、 / （一） / 1. / 第一， / 一是 / 关注点一：) that form a 1, 2, 3 … run,
    among lines[first_body:stop] (the line at `stop` does not count as following the last)."""
    stop = len(lines) if stop is None else stop
    candidates: list[Item] = []
    for line in lines[first_body:stop]:
        marker = enumerator_at(text, line.start)
        if not marker:
            continue
        following = lines[line.index + 1] if line.index + 1 < stop else None
        form = numbered_line_form(text, line, marker, following)
        heading = line.text if form == "heading_line" else heading_of(line.text)
        candidates.append(Item(line.start, line.index, form, heading, marker.style, marker.number))
    found = runs(candidates)
    if not found:
        return []
    # The style of the first list is the outline's top level (一、 before its （一）); lists of
    # other styles are nested in it or belong to a later outlook.
    top = min(found, key=lambda run: (run[0].start, style_rank(run[0].style)))[0].style
    items: list[Item] = []
    for group, run in enumerate(run for run in found if run[0].style == top):
        for item in run:
            item.group = group
            items.append(item)
    return sorted(items, key=lambda it: it.start)


def find_unnumbered_headings(lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """Short unpunctuated lines standing between paragraphs (the seed's bold headings).

    Pictures (file names, captions, photo credits) around a heading are looked past: a release
    often places a photo and its caption just before the next heading.
    """
    items: list[Item] = []
    i = first_body + 1
    while i < stop:
        body = _heading_body(lines, i, first_body, stop)
        if body is not None:
            items.append(Item(lines[i].start, i, "heading_line", lines[i].text, "plain", len(items) + 1))
            i = body
        i += 1
    plain = [item for item in items if not _DASH_HEADING_RE.fullmatch(item.heading or "")]
    if plain and len(plain) < len(items):  # headlines with a dash under other headings are their items
        items = plain
        for k, item in enumerate(items):
            item.number = k + 1
    return items if len(items) >= 2 else []


# A one-sentence paragraph of two short clauses, a headline couplet (打破时空限制，服务广泛触达。)
_COUPLET_RE = re.compile(r"([^，,。；;：:！？!?\s\d]{2,13})[，,]([^，,。；;：:！？!?\s\d]{2,16})。")
_COUPLET_FIRST_MAX = 12
# A saying, not a heading: a correlative or conditional pair (需求到哪里，服务就跟进到哪里 / 越…越…)
_SAYING_RE = re.compile(r"哪里|哪儿|越|只要|只有|如果|一旦|无论|不管")


_QUESTION_LINE_RE = re.compile(r"^(?:记者|问|主持人)[：:]")


def _asks_next(lines: list[Line], i: int, stop: int) -> bool:
    """Line `i` is a long heading line (up to 60 characters, no sentence punctuation, no final
    clause mark) with an interviewer's question right under it (记者：… / 问：…)."""
    text = lines[i].text
    return (i + 1 < stop and 37 <= len(text) <= 60 and not any(ch in text for ch in "。！？；;!?")
            and text[-1] not in "：:，,、—-…" and bool(_QUESTION_LINE_RE.match(lines[i + 1].text)))


def find_couplet_headings(lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """Headline couplets standing as paragraphs of their own between body paragraphs, two or
    more of them: the areas of a release that has no heading lines (a reader marks them so).
    The first clause is short (at most 12 characters apart from quote marks) and quotes are
    balanced, and a saying (a correlative or conditional pair: 人民群众的需求到哪里，服务就跟进到哪里。)
    is no heading."""
    items: list[Item] = []
    for i in range(first_body + 1, stop - 1):
        text = lines[i].text
        match = _COUPLET_RE.fullmatch(text)
        if match is None or len(match.group(1).strip("“”‘’")) > _COUPLET_FIRST_MAX or _SAYING_RE.search(text) or text.count("“") != text.count("”"):
            continue
        if is_body_paragraph(lines[i - 1].text) and is_body_paragraph(lines[i + 1].text) \
                and len(lines[i + 1].text) > len(text):
            items.append(Item(lines[i].start, i, "heading_line", text[:-1], "plain", len(items) + 1))
    return items if len(items) >= 2 else []


# A topic and a dash on a line of its own (首发经济——), the kicker over a report of a package.
_KICKER_RE = re.compile(r"[^，,。；;：:！？!?—\-－\s]{2,14}(?:——|－－)")


# A label line over a report's keyword (关键词 / 【关键词】 / 关键字：)
_LABEL_RE = re.compile(r"[【\[]?关键[词字][】\]]?[：:]?")


def _report_body(lines: list[Line], i: int, stop: int) -> int | None:
    """When line `i` is a kicker with a dash over a report's own title line (and its byline:
    本报记者 某某), as in a page of reports each on one topic: the report's first body line."""
    if not _KICKER_RE.fullmatch(lines[i].text) or i + 2 >= stop or not is_short_heading_text(lines[i + 1].text):
        return None
    body = i + 2
    while body < stop and body <= i + 3 and is_credit_line(lines[body].text):
        body += 1
    if body + 2 < stop and _LABEL_RE.fullmatch(lines[body].text) and is_short_heading_text(lines[body + 1].text):
        body += 2  # a label and its keyword under the title (关键词 / 乡村振兴)
    return body if body < stop and is_body_paragraph(lines[body].text) else None


# The label of a question in a Q&A report on a line of its own (问 / 问： / 提问 / 记者问), and
# the question under it: up to 90 characters ending with ？. (问：… with the question on the
# label's line is a heading only when an 答：… paragraph answers it: see _qa_turn_body.)
_QA_LABEL_RE = re.compile(r"(?:记者)?(?:问|提问)[：:]?")
_QUESTION_RE = re.compile(r"[^\n]{4,90}[？?]")


def _question_body(lines: list[Line], i: int, first_body: int, stop: int) -> int | None:
    """When line `i` is a question of a Q&A report set as a heading (a question line under a
    label line of its own, 问), with a body paragraph (the answer) right under it and body text
    before the label: the answer's line."""
    if not (i - 2 >= first_body and _QA_LABEL_RE.fullmatch(lines[i - 1].text) and _QUESTION_RE.fullmatch(lines[i].text)):
        return None
    if i + 1 >= stop or not is_body_paragraph(lines[i + 1].text):
        return None
    return i + 1 if is_body_paragraph(lines[i - 2].text) else None


# A turn of a Q&A release written on one line: the question after its label (问：…？, at most 90
# characters, one sentence ending with ？ or 。), answered by the next paragraph (答：…).
_QA_TURN_RE = re.compile(r"(?:记者)?问[：:]\s*([^\n。！？!?]{4,88}[？?。])")
_ANSWER_RE = re.compile(r"答[：:]")


def _qa_turn_body(lines: list[Line], i: int, first_body: int, stop: int) -> int | None:
    """When line `i` is a question of a Q&A release (问：…？) whose answer is the next paragraph
    (答：…), after body text: the answer's line. Such a release (答记者问) is organised by its
    questions, and what the answer enumerates are the question's items."""
    if not (i - 1 >= first_body and i + 1 < stop and _QA_TURN_RE.fullmatch(lines[i].text)):
        return None
    answer = lines[i + 1].text
    if not (_ANSWER_RE.match(answer) and is_body_paragraph(answer)):
        return None
    return i + 1 if is_body_paragraph(lines[i - 1].text) else None


# A headline ending with a dash that leads into its section (产业链条越拉越长——): up to 36
# characters, its clauses cut by commas at most, not itself opening with a dash (a subtitle).
_DASH_HEADING_RE = re.compile(r"[^—－\-。！？；;!?：:\n][^。！？；;!?：:\n]{3,33}(?:——|－－)")


# A long heading of clauses (a signed article's or a report's bold line: 坚决扛起…责任，以…担当维护…，
# 为…贡献…力量): 37–80 characters cut by commas, with no sentence or clause mark and no final
# punctuation. Running text of that length always has a 。, ；, ！ or ？ somewhere.
_LONG_HEADING_RE = re.compile(r"[^—－\-\s。！？；;!?：:][^。！？；;!?：:\n]{35,78}[^。！？；;!?：:，,、—－\-…\s]")


def is_long_heading_text(line: str) -> bool:
    """A line of 37–80 characters that reads like a heading of several clauses (see above)."""
    return (37 <= len(line) <= 80 and bool(_LONG_HEADING_RE.fullmatch(line)) and ("，" in line or "," in line)
            and not is_credit_line(line))


def _heading_body(lines: list[Line], i: int, first_body: int, stop: int) -> int | None:
    """When line `i` is an unnumbered heading between body paragraphs: its first body line.
    An interview's heading may be longer than other headings when a question follows it."""
    question = _question_body(lines, i, first_body, stop)
    if question is None:
        question = _qa_turn_body(lines, i, first_body, stop)
    if question is not None:
        return question
    report = _report_body(lines, i, stop)
    if report is not None:
        return report if is_body_paragraph(lines[skip_pictures(lines, i - 1, first_body, -1)].text) else None
    if not (is_short_heading_text(lines[i].text) or _asks_next(lines, i, stop)
            or _DASH_HEADING_RE.fullmatch(lines[i].text) or is_long_heading_text(lines[i].text)) \
            or is_caption_context(lines, i, stop):
        return None
    nxt = i + 1
    two_line = (nxt < stop and is_short_heading_text(lines[nxt].text)
                and nxt + 1 < stop and is_body_paragraph(lines[nxt + 1].text))
    body = skip_pictures(lines, nxt + 1 if two_line else nxt, stop, 1)
    before = skip_pictures(lines, i - 1, first_body, -1)
    if is_body_paragraph(lines[before].text) and body < stop and is_body_paragraph(lines[body].text):
        return body
    return None


# ---------------------------------------------------------------------------------------------
# Items inside paragraphs

def find_inline_items(text: str, line: Line) -> list[Item]:
    """Enumerations inside one paragraph: …特点。一是…；二是…；三是…"""
    found: list[Item] = []
    for opening in inline_openings(line.text):
        pos = line.start + opening
        if pos >= line.end:
            continue
        marker = inline_marker_at(text, pos)
        if marker and not (found and found[-1].start == pos):
            found.append(Item(pos, line.index, "inline", None, marker.style, marker.number))
    items = sorted((it for run in runs(found) for it in run), key=lambda it: it.start)
    for k, item in enumerate(items):
        stop = items[k + 1].start if k + 1 < len(items) else line.end
        item.heading = heading_of(text[item.start:stop])
    return items


def find_paragraph_items(text: str, lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """Inline enumerations, one paragraph after another (each run within one paragraph)."""
    items: list[Item] = []
    for line in lines[first_body:stop]:
        for item in find_inline_items(text, line):
            item.group = 10000 + line.index
            items.append(item)
    return items


# ---------------------------------------------------------------------------------------------
# Unnumbered items: paragraphs that open alike

_CONTINUE_RE = re.compile(r"^(?:此外|另外|同时|还要|再者|最后)[，,]")
_OPENING_RE = re.compile(r"^([^，,。：:；;]{2,8})[，,]")
_ASPECT_OPENING_RE = re.compile(r"^在[^，,。；;：:！？!?]{1,14}?方面[，,]")
BRACKET_LEAD_RE = re.compile(r"^【(?!编者按|编者|相关|延伸|链接|提示|注)[^】]{2,12}】")


def is_topic_sentence(paragraph: str) -> bool:
    """A paragraph opening with a short, figure-free sentence that names a task or an area."""
    first = first_sentence(paragraph)
    bare = first.replace("“", "").replace("”", "")
    return (first.endswith("。") and 4 <= len(bare) <= 21 and len(paragraph) > len(first)
            and first.count("“") == first.count("”") and not first.startswith("“")
            and not re.search(r"[0-9０-９，,：:\"]", first))


def continue_short_lists(text: str, lines: list[Line], items: list[Item], stop: int) -> list[Item]:
    """When a list announces more items (六大工程) than it numbers, count the unnumbered paragraphs
    that open like further items (此外，… or a short topic sentence such as 积极实施机动车减排。)."""
    last = items[-1]
    if last.form != "paragraph_lead":
        return items
    group = [it for it in items if it.group == last.group]
    window = text[lines[group[0].line - 1].start:group[0].start] if group[0].line else ""
    count = announced(window)
    if not count or count[0] <= len(group):
        return items
    extra: list[Item] = []
    for line in lines[last.line + 1:stop]:
        if len(group) + len(extra) >= count[0]:
            break
        if _CONTINUE_RE.match(line.text) or is_topic_sentence(line.text):
            extra.append(paragraph_item(line, last.style, None, last.group))
    return items + extra


def parallel_run(paragraphs: list[Line]) -> list[Line]:
    """The paragraphs at the start of `paragraphs` that open in the same shape: a short topic
    sentence (在减污上求突破。…), a 围绕一个“X”字 phrase or a 【…】 tag."""
    def shape(line: Line) -> str | None:
        if KEYWORD_RE.match(line.text):
            return "keyword"
        if BRACKET_LEAD_RE.match(line.text):
            return "bracket"
        return "topic" if is_topic_sentence(line.text) else None

    first = shape(paragraphs[0]) if paragraphs else None
    run = []
    for line in paragraphs:
        if first is None or shape(line) != first:
            break
        run.append(line)
    return run


def _opening(line: Line | None) -> str | None:
    """The phrase a paragraph opens with (十年来 / 围绕一个 / 【】), to compare with its neighbours."""
    if line is None:
        return None
    if BRACKET_LEAD_RE.match(line.text):
        return "【】"
    keyword_match = KEYWORD_RE.match(line.text)
    if keyword_match:
        return keyword_match.group(0)[:4]
    if _ASPECT_OPENING_RE.match(line.text):
        return "在…方面"  # 在科技创新方面，… / 在民生保障方面，…: alike whatever the area
    match = _OPENING_RE.match(line.text)
    return match.group(1) if match else None


def parallel_openings(lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """Paragraphs in a row opening alike are items: 【工业】…/【消费】…, or three or more
    sharing their first phrase (十年来，… / 围绕一个“X”字，…) or the subject the title names
    (安吉做强…，/ 安吉坚持…，/ 安吉聚焦…，)."""
    run: list[Line] = []
    run_key = None
    title = lines[0].text[:_TITLE_MAX]  # a name is looked for in it once per paragraph: bounded
    for line in lines[first_body + 1:stop] + [None]:
        key = _title_subject(line, title) or _opening(line)
        if line is not None and run and key and key == run_key:
            run.append(line)
            continue
        if run and len(run) >= (2 if run_key == "【】" else 3):
            return [paragraph_item(r, "para", k + 1, group=0) for k, r in enumerate(run)]
        run, run_key = ([line], key) if line is not None and key else ([], None)
    return []


_SUBJECT_NEXT_RE = re.compile(r"[\u4e00-\u9fff][^，,。；;：:！？!?\n]{1,23}[，,]")
_TITLE_MAX = 200
_NAME_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")
_COLLECTIVE = ("全", "我", "今", "去", "本", "各", "该")  # 全县/我省/今年/本市/各地: no named subject


def _title_subject(line: Line | None, title: str) -> str | None:
    """The name a paragraph opens with when the title names it too (安吉 in 浙江安吉 …), followed
    directly by a verb phrase of one clause (安吉做强白茶和竹产业，…), else None."""
    if line is None or line.text[:1] in _COLLECTIVE:
        return None
    for size in (4, 3, 2):
        name = line.text[:size]
        if _NAME_RE.fullmatch(name) and name in title and _SUBJECT_NEXT_RE.match(line.text, size):
            return "name:" + name
    return None


def topic_paragraphs(lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """Two or more paragraphs in a row, each opening with a short topic sentence (学前教育普及水平持续提升。…)."""
    run: list[Line] = []
    for line in lines[first_body + 1:stop] + [None]:
        if line is not None and is_topic_sentence(line.text):
            run.append(line)
            continue
        if len(run) >= 2:
            return [paragraph_item(r, "topic", k + 1, group=0) for k, r in enumerate(run)]
        run = []
    return []
