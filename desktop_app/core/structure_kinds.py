"""Achievement or priority: what a section reports (results) or sets out (plans).

The genre marks the difference in its wording: results speak of 了/已/取得/同比/累计, plans of
下一步/将/力争/要/重点做好. `lean` weighs those cues; an item's kind comes from its heading, its
text, the announcement of its list (三个亮点 vs 三项措施), its list's other items and the
release as a whole (a 工作要点 vs a 工作总结).
"""
from __future__ import annotations

import re
import statistics

from desktop_app.core.model import SectionKind
from desktop_app.core.numbers import to_halfwidth
from desktop_app.core.structure_lines import (
    SPACE,
    Line,
    first_sentence,
    without_marker,
)
from desktop_app.core.structure_lists import ANNOUNCE_RE, Item, ItemOrder, groups_of, spans, text_before

# Kind cues: (pattern, weight, English?). Future/plan wording leans to priority, results to
# achievement. (预计 before a result — 全年预计增长5% / 规模预计突破万亿元 — estimates a result of
# the year reported, not a plan; 预计到2030年… is still a plan by its year.)
# A character that must not stand before a cue is looked at after the cue's first character
# (将(?<![即现特兹]将), not (?<![即现特兹])将): a pattern that opens with a literal is searched
# for that character at C speed, one that opens with a lookbehind is tried at every position.
# The English cues (lower-case words) are not read in a text without a lower-case Latin letter
# (a Chinese release, mostly: GDP is no English).
_EXPECTED = r"预计(?!全年|[^，,。；;]{0,4}(?:突破|达到|超过|增长|实现|完成))"
_FUTURE_CUES = [(re.compile(p), w, english) for p, w, english in (
    (r"下一步|下阶段|下一阶段|接下来|新的一年|明年|来年", 3, False), (r"今后|未来|展望", 2, False),
    (rf"力争|计划(?!单列|生育)|{_EXPECTED}|拟(?=[\u4e00-\u9fff])", 1.5, False),
    (r"到\s*20\d\d\s*年|20\d\d\s*年前", 2, False),
    (r"重点做好|着力|抓好|争取|努力|确保|务必", 1, False), (r"需要|必须|应当|亟须|亟需", 1, False),
    (r"目标|任务", 0.5, False),
    (r"将(?<![即现特兹]将)(?!其|之|近|于|会议|军)", 1, False),
    (r"要(?<![主重纲首需必只摘概提纪简]要)(?!求|素|闻|点|害|件|是)", 0.7, False),
    (r"(?:进一步|加快|加大|深化|推进|推动|强化)(?![了过])(?![^，。；]{0,6}[0-9０-９])", 0.2, False),
    (r"\b(?:will|plan|plans|aim|aims|target|next step|going forward|by 20\d\d)\b", 1.5, True),
)]
_PAST_CUES = [(re.compile(p), w, english) for p, w, english in (
    (r"了(?<![为除]了)(?!解|不起|如指掌)", 1, False), (r"已(?!知)(?:经)?", 1, False),
    (r"取得|成效|成绩|成果", 2, False),
    (r"荣获|获评|被评为|被授予|先后|累计|同比|比上年|较上年|比去年|年来|以来|截至|截止", 1.5, False),
    (r"比[^，。；,]{0,8}?(?:增长|增加|提高|加快|下降|减少|回落|上升|回升)", 1.5, False),
    (r"完成|实现|建成|达到|超过|增长|下降|提高|提升|减少|增加|回升", 0.4, False),
    # 全年|上年|去年|今年以来|前[一二三]季度|上半年|[一二三四]季度|(?<![0-9０-９])[0-9０-９]+[-－—~～][0-9０-９]+月,
    # written to open with the class of its first characters (each alternative then checks its own).
    (r"[全上去今前一二三四0-9０-９](?:(?<=全)年|(?<=上)年|(?<=去)年|(?<=今)年以来|(?<=前)[一二三]季度|(?<=上)半年|"
     r"(?<=[一二三四])季度|(?<=[0-9０-９])(?<![0-9０-９]{2})[0-9０-９]*[-－—~～][0-9０-９]+月)", 0.5, False),
    (r"\b(?:has|have|had|was|were|achieved|completed|reached|rose|fell|increased|decreased)\b", 1, True),
)]
_OPENING_FUTURE_RE = re.compile(
    r"下一步|下阶段|下一阶段|接下来|今后|新的一年|明年|未来|展望|"
    r"将(?:继续|进一步|全力|着力|加快|重点|坚持|围绕|聚焦|持续|大力|积极|不断|深入|以)|"
    r"\b(?:next step|going forward|looking ahead|in the future|will continue|will further|"
    r"will focus|plans? to)\b", re.I)
# A paragraph opening with a time phrase, then its subject and a plan verb in the same clause:
# 第四季度，市人社局将紧盯… / 下半年，我们力争… / 明年，全市确保… — whatever the time phrase
# but a past one (过去一年，全省始终将民生置于… : 将 there is 把).
_TIMED_PLAN_RE = re.compile(
    r"^(?!过去|去年|上年|前年|近年|近几年|多年|历年)[^，,。；;：:！？!?]{0,10}?(?:年|季度|月|月份|月底|阶段|时期|期间|年底|年末|年内|年初|近期|今后)"
    r"\s*[，,]\s*[^，,。；;：:！？!?]{0,16}?"
    r"(?:(?<![即现特兹])将(?!其|之|近|于)|力争|确保|计划(?=[\u4e00-\u9fff])|"
    r"(?<![主重纲首需必只摘概提纪简])要(?!求|素|闻|点|害|件|是))")
_PAST_RE = re.compile(r"了(?<![为除]了)(?!解)|已")
_QUESTION_RE = re.compile(r"^(?:问|记者|主持人|Q)\s*[：:]")
# A heading about problems or remaining tasks (当前节能减排任务繁重) is neither results nor plans,
# unless it says they were tackled (风险防控能力持续增强, 短板加快补齐).
_PROBLEM_RE = re.compile(r"存在|面临|问题|挑战|困难|不足|短板|瓶颈|繁重|严峻")
_TACKLED_RE = re.compile(r"化解|破解|解决|防控|防范|补齐|攻克|应对|有效|明显|提升|提高|增强|改善")
_VERB_HEADING_RE = re.compile(r"^(?:提升|降低|加强|推进|推动|深化|强化|完善|健全|加快|优化|扩大|实施|落实|"
                              r"坚持|提高|促进|构建|打造|建立|建设|做好|抓好|着力|全力|持续|大力|积极)"
                              r"(?![^，。；]*了)")


# A figure counted or measured (破获案件9起, 节约利息支出约9.8亿元, 下降18.6%): a number, then its
# unit. (Read as two steps: a number followed by no unit is passed over in one step, not tried
# again from each of its digits.)
_FIGURE_NUMBER_RE = re.compile(r"[0-9０-９][0-9０-９.．,]*")
_FIGURE_UNIT_RE = re.compile(r"\s*+[万亿千]?[余多]?\s*+"
                             r"(?:%|％|‰|个百分点|倍|万|亿|元|[件起个名人家户项次场所处条台辆套亩吨张笔批期])")
# … in a sentence that states no plan or target is a fact reported: results, not plans.
# (Its English words apart, as in the cues above: a sentence plans when either finds something.)
_PLANNED_RE = re.compile(r"将(?<![即现特兹]将)(?!其|之|近|于)|力争|确保|计划|预计|目标|争取|拟|"
                         r"要(?<![主重纲首需必只摘概提纪简]要)(?!求|素|闻|点|害|件|是)")
_PLANNED_ENGLISH_RE = re.compile(r"\b(?:will|plans?|aims?|target)\b")
_SENTENCE_SPLIT_RE = re.compile(r"[。；;！？!?\n]")
_FACT_WEIGHT = 0.4


# A quoted remark attributed to a speaker (“我们将…”陈某说 / 他表示：“…”): what someone said in a
# feature story, not what the release reports or plans. A quoted document (规划建议提出“…”) stays.
_SAID = r"(?:说|表示|介绍|坦言|告诉记者|笑着说)"
_REMARK_RE = re.compile(rf"“[^“”\n]{{8,}}?”(?=[^，,。“”\n]{{0,20}}?{_SAID})|{_SAID}[，,：:]?“[^“”\n]{{8,}}?”")


def without_remarks(text: str) -> str:
    """`text` without the remarks quoted from speakers (each opens with “: a text without one,
    most, is not searched)."""
    return _REMARK_RE.sub("", text) if "“" in text else text


def lean(text: str) -> float:
    """Positive when `text` reads like plans/next steps, negative when it reports results."""
    latin = has_lowercase_latin(text)
    future = sum(w * (len(p.findall(text)) if latin or not english else 0) for p, w, english in _FUTURE_CUES)
    past = sum(w * (len(p.findall(text)) if latin or not english else 0) for p, w, english in _PAST_CUES)
    return future - past


def has_lowercase_latin(text: str) -> bool:
    """Does `text` hold a lower-case Latin letter (a–z)? Encoding to ASCII drops the other
    characters at about 1 ns each; a regex tests each one at about 5 ns."""
    ascii_part = text.encode("ascii", "ignore")
    return ascii_part != ascii_part.upper()


def facts(text: str) -> int:
    """Figures in sentences that plan nothing (破获案件9起，打掉团伙3个。 → 2): results,
    unless the text around the list says these figures are targets (今年的项目确定为…：)."""
    latin = has_lowercase_latin(text)
    return sum(count for sentence in _SENTENCE_SPLIT_RE.split(text)  # a sentence without figures adds none:
               if (count := _count_figures(sentence))                 # whether it plans is not asked
               and not (_PLANNED_RE.search(sentence) or latin and _PLANNED_ENGLISH_RE.search(sentence)))


def _count_figures(sentence: str) -> int:
    """How many figures (a number and its unit) `sentence` holds. A unit never begins with a
    digit, so a number whose unit is missing is missing it from each of its digits too."""
    return sum(1 for number in _FIGURE_NUMBER_RE.finditer(sentence)
               if _FIGURE_UNIT_RE.match(sentence, number.end()))


def opens_future(text: str) -> bool:
    """Does a paragraph open as a forward look (下一步…, 2015年，…将继续…)? Questions do not."""
    first = first_sentence(text)
    if _QUESTION_RE.match(text) or first.endswith(("？", "?")):
        return False
    if re.search(r"(?<![为除])了(?!解)", first) or "已" in first:
        return False
    return bool(_OPENING_FUTURE_RE.search(first[:80]) or _TIMED_PLAN_RE.match(first))


def opens_plans(paragraph: str) -> bool:
    """A paragraph (or the opening of one) that looks forward or announces the plans that follow."""
    return opens_future(paragraph) or is_plan_announcement(paragraph)


_DESCRIPTIVE_RE = re.compile(r"(?:概况|基本情况|简介|概述|简况)[。.]?$")


# A heading over what the newsroom adds to a release, not the release's results or plans: a
# reporter's notes or commentary, a question-and-answer part, the sources of its data and charts.
_ASIDE_RE = re.compile(
    r"^(?:记者手记|采访手记|记者观察|记者札记|编后(?:语|记)?|短评|快评|点评|评论|述评|观察|手记|"
    r"答记者问|记者问答|现场问答|问答(?:环节|实录)?|互动问答|访谈实录|背景(?:链接|资料)?|"
    r"(?:数据|资料|图片|图表)来源|制图|图解|图表)(?:[：:\s]|$)")


_BULLETS = "■□●○◆◇▲△▼▽★☆▶►▷◎·•"  # a decorative mark before a box heading (■记者手记)


def is_descriptive_heading(heading: str) -> bool:
    """一、机构概况 / 基本情况: a description of the body or the area, neither results nor plans;
    so is a heading over the newsroom's additions (记者手记, 答记者问, 数据来源：…, 制图：…)."""
    bare = without_marker(heading.strip("【】[] ").lstrip(_BULLETS + " \u3000"))
    return bool(_DESCRIPTIVE_RE.search(bare) or _ASIDE_RE.match(bare))


# A heading that states a plan in its own words (过渡期后帮扶政策将保持总体稳定 / 下一步要… /
# 研究制定…办法), and reports nothing done.
_HEADING_PLAN_RE = re.compile(
    r"(?<![即现特兹必])将(?!其|之|近|于|士|领|帅)|下一步|研究制定|力争|拟(?=[\u4e00-\u9fff])|"
    r"(?<![主重纲首需必只摘概])要(?!求|素|闻|点|害|件|是|事|案|务)")


# A question that asks what will be done (…提出哪些举措？ / 有哪些部署？ / 下一步如何推进？ /
# 该如何发力？): the answer is plans, whatever the question's preamble reports.
_PLAN_QUESTION_RE = re.compile(
    r"(?:哪些|什么|何种)(?:部署|举措|措施|安排|打算|考虑|政策|任务|要求)|(?:如何|怎样|怎么)(?:推进|发力|落实|部署|做|抓)|"
    r"(?:下一步|下阶段|今后|接下来)[^？?。]{0,12}(?:如何|怎样|怎么|哪些|什么)")


def asks_for_plans(heading: str) -> bool:
    """A question heading (ending with ？) whose every question asks what will be done."""
    bare = heading.strip()
    if not bare.endswith(("？", "?")):
        return False
    questions = [q for q in re.split(r"[？?]", bare) if q.strip()]
    return all(_PLAN_QUESTION_RE.search(q) for q in questions[-1:]) and \
        all(_PLAN_QUESTION_RE.search(q) or not re.search(r"如何|怎样|怎么|哪些|什么|吗|是否", q) for q in questions)


def states_plan_heading(heading: str) -> bool:
    """A heading line whose own wording is a plan (…将保持总体稳定, 要…, 研究制定…)."""
    bare = without_marker(heading)
    return bool(_HEADING_PLAN_RE.search(bare)) and not DONE_STATEMENT_RE.search(bare) \
        and not _DONE_RE.search(bare)


def is_problem_heading(heading: str) -> bool:
    """存在的问题 / 当前任务依然繁重: difficulties, not results (unless they were tackled)."""
    return bool(_PROBLEM_RE.search(heading)) and not _TACKLED_RE.search(heading)


_PROBLEM_INTRO_RE = re.compile(
    r"(?:存在|面临|还有|仍有|尚有|也有)[^，,。；;]{0,10}(?:问题|不足|短板|差距|困难|挑战|薄弱环节)|"
    r"(?:问题|不足)(?:主要)?(?:有|是|表现在)")


# One of these words is in each match of _PROBLEM_INTRO_RE: a text without any is not searched.
_PROBLEM_WORDS = ("问题", "不足", "短板", "差距", "困难", "挑战", "薄弱环节")


def mentions_problems(text: str) -> bool:
    """A cheap first look: could `text` announce a list of problems?"""
    return any(word in text for word in _PROBLEM_WORDS) and bool(_PROBLEM_INTRO_RE.search(text))


def is_problem_intro(intro: str) -> bool:
    """A paragraph that opens by announcing a list of problems (同时，…还存在一些问题和不足：),
    not results followed by a remark on difficulties, nor what was done about them (面临困难，
    我们采取了以下措施：), nor plans to solve them."""
    clause = intro.rstrip(SPACE + "：:，,")
    if any(ch in clause for ch in "。！？!?") or not _PROBLEM_INTRO_RE.search(clause):
        return False
    return not (_TACKLED_RE.search(clause) or _PAST_RE.search(clause) or opens_plans(intro))


# ---------------------------------------------------------------------------------------------
# Announcements

# A count or 以下/如下 announcing the list that follows; results-type nouns announce achievements.
_LIST_INTRO_RE = re.compile(r"以下|如下|几个?方面|几项|几点|the following", re.I)
_RESULT_NOUNS_RE = re.compile(r"特点|成效|成果|成绩|亮点|变化|经验|做法")
_PLAN_NOUNS_RE = re.compile(r"措施|举措|任务|行动|工程|打算|安排")
_PLAN_CUE_RE = re.compile(
    r"下一步|下阶段|下一阶段|接下来|新的一年|今后|明年|来年|未来|(?<![即现特兹])将(?!其|之|近|于)|"
    r"(?<![主重纲首需必只摘概提纪简])要(?!求|素|闻|点|害|件|是)|拟(?=[\u4e00-\u9fff])|计划(?!单列)|力争|"
    r"\b(?:will|plans? to|aims? to)\b")


def is_plan_announcement(paragraph: str) -> bool:
    """A paragraph closing on an announcement of plans (…将…重点在三个方面发力： / …重点抓好以下工作。),
    whatever its length: a forward cue and a count or 以下/如下 in its last sentence, no 了/已."""
    body = paragraph.rstrip(SPACE)
    if not body.endswith(("：", ":", "。")):
        return False
    last = re.split(r"[。！？!?]", body[:-1])[-1]
    if re.search(r"(?<![为除])了(?!解)|已", last) or not _PLAN_CUE_RE.search(last):
        return False
    announce = ANNOUNCE_RE.search(last)
    if announce and not _RESULT_NOUNS_RE.search(announce.group(0)):
        return True
    return bool(_LIST_INTRO_RE.search(last))


# A sentence that states plans or targets (今年将…, 力争年内…达到…以上, 计划总投资…, 确定为…) …
_PLAN_STATEMENT_RE = re.compile(
    rf"力争|拟(?=[\u4e00-\u9fff])|{_EXPECTED}|(?<!被)确定为|计划(?:总)?投资|"
    r"(?:今年|年内|全年|明年|来年|下一步|下阶段|今后|未来|[0-9０-９]{4}\s*年)[^。；;]{0,12}?"
    r"(?:将(?!其|之|近|于)|计划(?=[\u4e00-\u9fff]))")
# … unless it also reports what was done.
DONE_STATEMENT_RE = re.compile(r"了(?<![为除]了)(?!解)|已|以来|截至|截止|同比|累计|先后|被|"
                                r"圆满完成|顺利完成|全面完成|超额完成")


def states_plans(sentence: str) -> bool:
    """A sentence that sets out plans or targets and reports nothing done (今年将新推出…20个以上，
    力争年内…达到200项以上 / 今年的项目确定为12件，计划总投资约92亿元)."""
    return bool(_PLAN_STATEMENT_RE.search(sentence)) and not DONE_STATEMENT_RE.search(sentence)


def reports_done(sentence: str) -> bool:
    """A sentence that reports what was done (了/已/以来/截至/同比/累计) and plans nothing."""
    return bool(DONE_STATEMENT_RE.search(sentence)) and not _PLAN_STATEMENT_RE.search(sentence)


def context_lean(intro: str, before: str) -> float:
    """A bare announcement (具体来说，主要聚焦以下四个方面：) says nothing of when: the sentence
    before it does (今年的民生实事项目确定为12件36项，计划总投资约92亿元。 → plans)."""
    body = intro.strip(SPACE)
    if not body or _PLAN_CUE_RE.search(body) or _PAST_RE.search(body):
        return 0.0
    if not (ANNOUNCE_RE.search(body) or _LIST_INTRO_RE.search(body) or body.endswith(("：", ":"))):
        return 0.0
    last = _last_sentence(before)
    return 1.5 if states_plans(last) else -1.5 if reports_done(last) else 0.0


def _last_sentence(text: str) -> str:
    sentences = [s for s in re.split(r"(?<=[。！？!?])", text.strip(SPACE)) if s.strip(SPACE)]
    return sentences[-1] if sentences else ""


def announcement_lean(intro: str) -> float:
    """What the list's announcement says of its items: done (主要做了以下工作：, 采取了三方面措施：
    → decisively results), or what it calls them: 三项措施 (plans) or 三个亮点 (results)."""
    if _announces_done(intro):
        return -DECISIVE
    matches = list(ANNOUNCE_RE.finditer(intro))
    if not matches:
        return 0.0
    match = matches[-1]
    if _RESULT_NOUNS_RE.search(match.group(0)):
        return -1.0
    return 1.0 if _PLAN_NOUNS_RE.search(match.group(0)) else 0.0


def _announces_done(intro: str) -> bool:
    """An announcement in the past tense: …主要做了以下工作： / 我们采取了三方面措施："""
    body = intro.rstrip(SPACE)
    last = re.split(r"[。！？!?]", body.rstrip("：:"))[-1]
    announces = _LIST_INTRO_RE.search(last) or ANNOUNCE_RE.search(last) or body.endswith(("：", ":"))
    return bool(announces and _PAST_RE.search(last) and not _PLAN_CUE_RE.search(last))


# ---------------------------------------------------------------------------------------------
# Deciding

# An announcement this sure (主要做了以下工作：) gives the kind of all its items, except one whose
# own words lean the other way by more than _CLEAR times as much.
DECISIVE = 2.0
_CLEAR = 3.0

def decide_kinds(text: str, lines: list[Line], items: list[Item], body_end: int,
                 prior: float = 0.0, year: int | None = None) -> None:
    """achievement vs priority by the genre's cues, weighed with the item's group and the document.

    A heading that names plans (2024年重点工作, 下一步工作打算) is a priority whatever its text;
    a category heading over its own list (一、主要成效) takes the kind of its items.
    """
    order = ItemOrder(items)
    for item, (start, end) in zip(items, spans(lines, items, body_end), strict=True):
        if item.kind or item.heads is not None:
            continue
        heading = item.heading or ""
        verb = 0.7 if item.form == "heading_line" and _VERB_HEADING_RE.match(without_marker(heading)) else 0.0
        item.lean = 2 * lean(heading) + verb + lean(without_remarks(text[start + len(heading):end]))
        item.facts = facts(text[start:end])
        item.forward = states_plans(_opening_sentence(text, item, start, end)) and \
            not DONE_STATEMENT_RE.search(text, start, end)
        if item.form == "heading_line" and (is_problem_heading(heading) or is_descriptive_heading(heading)):
            item.kind = SectionKind.OTHER
        elif item.form == "heading_line" and (is_plan_heading(heading, year) or states_plan_heading(heading)
                                              or asks_for_plans(heading)):
            item.kind = SectionKind.PRIORITY
    for members in groups_of(items).values():
        _decide_group(members, prior, _intro_lean(text, lines, items, members[0], order))
    _settle_containers(items)


def _opening_sentence(text: str, item: Item, start: int, end: int) -> str:
    """The first sentence of an item's own text (under a heading line: of the text under it).
    An item that opens by stating plans and reports nothing done is a priority (今年将…，力争…)."""
    if item.form == "heading_line":
        start += len(item.heading or "")
    return first_sentence(text[start:end].lstrip(SPACE + "。；;：:"))


def _intro_lean(text: str, lines: list[Line], items: list[Item], first: Item,
                order: ItemOrder) -> float:
    """What the text before a list says of its items: its announcement, or, when that is bare,
    the sentence before it."""
    intro = text_before(text, lines, items, first, order)
    found = announcement_lean(intro)
    if found:
        return found
    if states_plans(_last_sentence(intro)):  # 今年的民生实事项目确定为以下四个方面：
        return 1.5
    at = first.line - 1 if first.start == lines[first.line].start else first.line
    if at < 1 or order.highest_line[order.before(first.start)] >= at - 1:
        return 0.0  # an item before the list starts at or after the line before it
    return context_lean(intro, lines[at - 1].text)


def _decide_group(members: list[Item], prior: float, intro: float) -> None:
    """The items of one list: each by its own lean, its list's median, the document and the
    announcement — all of them by a decisive announcement unless one clearly differs."""
    middle = statistics.median(it.lean for it in members)
    for item in members:
        if item.kind or item.heads is not None:
            continue
        score = item.lean + 0.5 * middle + prior + intro
        if intro <= 0:  # nothing before the list calls them plans: figures stated are results
            score -= _FACT_WEIGHT * item.facts
        if abs(intro) >= DECISIVE and item.lean * intro > -_CLEAR * abs(intro):
            score = intro
        elif item.forward and intro > -DECISIVE:
            score = max(score, 1.0)  # 今年将… / 力争…: plans, whatever the items around it report
        item.kind = SectionKind.PRIORITY if score > 0 else SectionKind.ACHIEVEMENT


def _settle_containers(items: list[Item]) -> None:
    """A category heading whose kind was left open takes the kind most of its items have."""
    groups = groups_of(items)
    for item in items:
        if item.heads is not None and not item.kind:
            kinds = [it.kind for it in groups.get(item.heads, ())]
            item.kind = max((SectionKind.ACHIEVEMENT, SectionKind.PRIORITY, SectionKind.OTHER), key=kinds.count)


_PLAN_TITLE_RE = re.compile(r"要点|方案|规划|计划|意见|措施|办法|通知|部署|安排|打算|任务|行动|举措|将")
_QUOTED_RE = re.compile(r"“[^”]{0,20}”|\"[^\"]{0,20}\"")  # a campaign's name, not 《a plan》
_RESULT_TITLE_RE = re.compile(r"成效|成绩|成果|战果|回顾|回眸|回望|盘点|年终|这一年|一年来|总结|十年|情况|增长|下降|完成|实现|达到?|突破|稳步|持续")


def document_prior(lines: list[Line], first_body: int) -> float:
    """Does the release as a whole report results (negative) or set out plans (positive)?
    A quoted name in the title (通报“夏季治安打击整治行动”战果) says nothing of either."""
    title = _QUOTED_RE.sub("", lines[0].text)
    prior = 1.5 * bool(_PLAN_TITLE_RE.search(title)) - 1.5 * bool(_RESULT_TITLE_RE.search(title))
    return prior + 0.3 * lean(lines[first_body].text)


# ---------------------------------------------------------------------------------------------
# Headings that name plans

_PLAN_HEADER_RE = re.compile(r"打算|安排|计划|思路|目标|任务|展望|下一步|今后|明年|下阶段|重点工作")
# A heading line names plans by a forward word anywhere, or by being only a plan noun with a
# time word (2024年重点工作, 下阶段工作安排, 工作思路 — not 重点工作扎实推进, 完成年度投资计划).
_PLAN_HEADING_RE = re.compile(
    r"下一步|下阶段|下一阶段|今后|明年|来年|展望|"
    r"^(?:[0-9０-９]{4}\s*年|今年|全年|新的一年|近期)?的?(?:主要|重点)?(?:工作)?"
    r"(?:重点工作|工作重点|打算|安排|计划|思路|主要任务|重点任务|任务)[。.]?$")
_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年(?!以来|来)")
_DONE_RE = re.compile(r"完成|实现|取得|超额|(?<![为除])了(?!解)|已")


def is_plan_header(heading: str, year: int | None = None) -> bool:
    """A category heading that introduces plans (二、下一步工作打算 / 2024年工作安排 / 三、主要
    任务), not one that reports them done (一、圆满完成全年目标任务)."""
    if is_plan_heading(heading, year):
        return True
    return (bool(_PLAN_HEADER_RE.search(heading)) or lean(heading) > 0) and not _DONE_RE.search(heading)


def is_plan_heading(heading: str, year: int | None = None) -> bool:
    """A heading line that names plans: 【下一步打算】, 下阶段工作安排, 2024年重点工作 (in a
    release about 2023)."""
    bare = without_marker(heading.strip("【】[] "))
    return bool(_PLAN_HEADING_RE.search(bare)) or _later_year(bare, year)


def _later_year(heading: str, year: int | None) -> bool:
    """Does the heading open with a year after the one the release reports on?"""
    match = _YEAR_RE.match(to_halfwidth(without_marker(heading.strip("【】[] "))))
    return bool(year and match and int(match.group(1)) > year)


def reported_year(lines: list[Line], first_body: int) -> int | None:
    """The year a release reports on: the latest its title names, else its lead's first
    sentence (2023年全市农业农村经济稳中有进 → 2023; 2013—2023年… → 2023)."""
    for text in (lines[0].text, first_sentence(lines[first_body].text) if first_body < len(lines) else ""):
        years = [int(y) for y in _YEAR_RE.findall(to_halfwidth(text))]
        if years:
            return max(years)
    return None
