"""The second level of a release's outline: the items under an area, priority or other heading.

Under a heading line (numbered 一、 or a short unnumbered line), a release lists its items in a
handful of ways, looked for in this order within the heading's own lines:

- numbered lines or paragraphs of a lower style: （一）… under 一、…, 一是…/第一，… paragraphs;
- enumerations inside a paragraph (…：一是…；二是…);
- paragraphs led by a label in lenticular brackets, wherever they stand (【政策】… 【效果】…);
- paragraphs led by a short phrase and a dash (实施常态化精准帮扶——…);
- paragraphs led by 在…方面 (在基础研究方面，… / 应用研究方面，…), or near the heading by a stage of
  a chain (药品首发阶段，… / 药品进入医保阶段，…), two or more in a row;
- parallel topic paragraphs right under the heading's introduction, each opening with a short
  headline clause (科技硬实力不断跃升。… / 产业向新力积聚成势，…);
- clauses of one paragraph that open with the same lead word (聚焦X，…；聚焦Y，…；聚焦Z，…);
- topic paragraphs further down, after a lead-in, a quote or a scene, each opening with a
  short sentence of its own (应急响应更加高效。… / 做强“大通道”，让开放之路更通畅。…);
- failing all of those, one-sentence lines set apart between longer paragraphs (比如外贸韧性。).

A forward look standing under the last heading when that heading is about plans (an
interview's last answer: 我们将…，一是…) is the heading's prose, and its list the heading's items.

Prose that is no item (a lead-in quote, a speaker's introduction or closing remark) stays part of
the heading's section. The items of a category heading over its own list (一、主要成效 over
（一）…（四）, found by structure.py) are level 2 too. An item takes its parent's kind unless its
own wording says otherwise; a parent whose items mix results and plans becomes `other`.

Every finder goes through the heading's lines once, so the whole pass is linear in the text.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from desktop_app.core.model import SectionKind
from desktop_app.core.patterns import lazy
from desktop_app.core.structure_kinds import DONE_STATEMENT_RE, facts, lean, opens_plans, states_plans
from desktop_app.core.structure_lines import (
    Line,
    first_sentence,
    is_body_paragraph,
    is_chrome_line,
    is_picture_line,
    is_short_heading_text,
    style_rank,
)
from desktop_app.core.structure_lists import ANNOUNCE_RE, Item, find_line_items, find_paragraph_items

__all__ = ["nest"]

_FIXED_KINDS = (SectionKind.LEAD, SectionKind.OUTLOOK, SectionKind.CREDITS)
_GROUP_BASE = 30000  # groups of level-2 lists: apart from the groups structure.py numbers


def nest(text: str, lines: list[Line], items: list[Item], stop: int) -> list[Item]:
    """Give the items of category headings their parent and add the items found under each
    heading line; `items` are the level-1 sections (and category lists) in text order, with
    their kinds decided. Returns all of them in text order."""
    containers = {it.heads: it for it in items if it.heads is not None}
    for item in items:
        container = containers.get(item.group)
        if container is not None and container is not item:
            item.parent = container
            if item.until is None and item.form == "inline":
                item.until = lines[item.line].end
    children: dict[int, list[Item]] = {}  # the items under each parent, in order (one pass, not one per parent)
    for item in items:
        if item.parent is not None:
            children.setdefault(id(item.parent), []).append(item)
    for container in containers.values():
        _mixed_parent(container, children.get(id(container), []))
    items = _outlook_under_last_heading(text, lines, items, stop)
    level1 = [it for it in items if it.parent is None]
    found: list[Item] = []
    for k, item in enumerate(level1):
        if item.form != "heading_line" or item.heads is not None or item.kind in _FIXED_KINDS:
            continue
        end = level1[k + 1].line if k + 1 < len(level1) else stop
        sub = section_items(text, lines, item.line + 1, end, item.style)
        if not sub:
            continue
        for member in sub:
            member.parent, member.group = item, _GROUP_BASE + item.line
        _item_kinds(text, item, sub, lines[end - 1].end, planned=_plans_announced(lines, item.line, sub))
        found.extend(sub)
    return sorted(items + found, key=lambda it: it.start) if found else items


def _outlook_under_last_heading(text: str, lines: list[Line], items: list[Item], stop: int) -> list[Item]:
    """A forward look that stands under the last heading line, before the text ends (an
    interview's last question answered 我们将…：一是…二是…, or 下一步，… at the end of the last
    area), is part of that heading's section: its paragraph is the heading's prose and its list
    is the heading's items, found as under any heading (`nest` then looks for them). Only when
    the heading is itself about plans (a results heading followed by 下一步… starts a new part:
    the outlook stays a section of its own), everything after it is that outlook and its list,
    and the heading's own items include every item of the list."""
    level1 = [it for it in items if it.parent is None]
    heads = [k for k, it in enumerate(level1) if it.form == "heading_line" and it.heads is None
             and it.kind not in _FIXED_KINDS]
    if not heads:
        return items
    last = level1[heads[-1]]
    if last.kind != SectionKind.PRIORITY:
        return items
    after = level1[heads[-1] + 1:]
    outlooks = [it for it in after if it.kind == SectionKind.OUTLOOK]
    if len(outlooks) != 1 or after[0] is not outlooks[0]:
        return items
    listed = [it for it in after[1:] if it.group == outlooks[0].group and it.form != "heading_line"]
    if not listed or len(listed) != len(after) - 1:
        return items
    found = {it.start for it in section_items(text, lines, last.line + 1, stop, last.style)}
    if not all(it.start in found for it in listed):
        return items
    dropped = {id(outlooks[0])} | {id(it) for it in listed}
    return [it for it in items if id(it) not in dropped]


def section_items(text: str, lines: list[Line], first: int, end: int,
                  parent_style: str | None) -> list[Item]:
    """The items among lines[first:end] under a heading of `parent_style` (see the module), and
    beside them the 一方面…另一方面… pairs written inside a paragraph (items of the same level)."""
    if first >= end:
        return []
    items = _listed_items(text, lines, first, end, parent_style)
    starts = {item.start for item in items}
    pairs = [pair for line in lines[first:end] for pair in pair_sentences(line) if pair.start not in starts]
    return sorted(items + pairs, key=lambda it: it.start) if pairs else items


def _listed_items(text: str, lines: list[Line], first: int, end: int,
                  parent_style: str | None) -> list[Item]:
    """The items of `section_items` but the pairs inside paragraphs."""
    numbered = [it for it in find_line_items(text, lines, first, end)
                if it.style != parent_style
                and (parent_style in (None, "plain") or style_rank(it.style) > style_rank(parent_style))]
    paragraphs = [line for line in lines[first:end] if not _aside(lines, line)]
    if len(numbered) >= 2:
        last = numbered[-1]
        if last.form != "paragraph_lead":
            return numbered
        last.until = lines[last.line].end  # what follows the last item is the heading's again
        return _with_aspects(numbered, [line for line in paragraphs if line.index > last.line])
    inline = find_paragraph_items(text, lines, first, end) or \
        [item for line in paragraphs for item in _clause_items(line)]
    if inline:
        for item in inline:
            item.until = lines[item.line].end
        taken = {item.line for item in inline if item.start == lines[item.line].start}
        return _with_aspects(inline, [line for line in paragraphs if line.index not in taken])
    sentences = [item for k, line in enumerate(paragraphs) for item in aspect_sentences(line, k < _NEAR and names_stage(line))]
    taken = {item.line for item in sentences}
    labels = labelled(paragraphs[:_NEAR])  # a labelled paragraph may hold 在…方面 sentences of its own
    paragraphs = [line for line in paragraphs if line.index not in taken]
    near = paragraphs[:_NEAR]
    found = (labels or dash_headed(paragraphs) or _runs(paragraphs, dash_lead)
             or _runs(paragraphs, aspect_lead) or _runs(near, stage_lead)
             or (headline_sentences(paragraphs[0]) if paragraphs else []) or headline_run(paragraphs)
             or _runs(near, lead_sentence) or standalone_sentences(paragraphs))
    return sorted(sentences + found, key=lambda it: it.start) if sentences else found


# The forms of item that are looked for in the first paragraphs under a heading only (labels,
# stages, topic paragraphs after a lead-in): a heading's items stand among its first 40
# paragraphs, and a text of thousands of paragraphs under one heading costs no more per line.
_NEAR = 40


def _with_aspects(items: list[Item], paragraphs: list[Line]) -> list[Item]:
    """Numbered or inline items, and beside them the paragraphs of the same heading led by
    在…方面 / …方面 (two or more, wherever they stand) or by 在…上 (two or more in a row), or
    the sentences of one paragraph so led (场景培育方面，…。场景开放方面，…): items of the same
    level (设备更新方面，…一是…；二是… / 二是…。 在开发上，… 在融资上，…)."""
    listed = {item.line for item in items}
    sentences = [item for line in paragraphs if line.index not in listed for item in aspect_sentences(line)]
    if sentences:
        taken = {item.line for item in sentences}
        items = sorted(items + sentences, key=lambda it: it.start)
        paragraphs = [line for line in paragraphs if line.index not in taken]
    aspects = [line for line in paragraphs if _ASPECT_RE.match(line.text)]
    extra = ([_item(line, aspect_lead(line) or "", k + 1) for k, line in enumerate(aspects)]
             if len(aspects) >= 2 else _runs(paragraphs, aspect_lead))
    return sorted(items + extra, key=lambda it: it.start) if extra else items


def _aside(lines: list[Line], line: Line) -> bool:
    """A picture, caption or page-chrome line between paragraphs: looked past."""
    return is_picture_line(lines, line.index) or is_chrome_line(line.text)


def _item(line: Line, heading: str, number: int) -> Item:
    """A level-2 item that is one paragraph."""
    return Item(line.start, line.index, "paragraph_lead", heading, "para", number, until=line.end)


# ---------------------------------------------------------------------------------------------
# Paragraphs led by a phrase and a dash, or by 在…方面

_DASH_RE = re.compile(r"^([^，,。；;：:！？!?—\-－\s]{2,20})(?:——|—|－－|--)(?=\S)")
_DASH_LINE_RE = re.compile(r"([^，,。；;：:！？!?—\-－\s]{2,20})(?:——|—|－－|--)")
_ASPECT_RE = re.compile(r"^(?:(?:比如|例如|其中|同时|此外|另外)[，,]?)?在?([^，,。；;：:！？!?]{1,14}?)方面[，,：:]")
# A stage or link of a chain named as an area (药品首发阶段，… / 生产环节，…): not 各个环节 / 不同阶段 /
# 现阶段 / 这一阶段 / 下一阶段 (no area of its own).
_STAGE = r"(?<![一个各同这那此现新该])(?:阶段|环节)"
_STAGE_LEAD_RE = re.compile(r"^[^，,。；;：:！？!?“”]{1,14}?" + _STAGE + r"[，,]")
# 在制度建设上，… / 在赋能发展上向纵深推进，…: not 在此基础上 / 在…会上 (a setting, not an area)
_ON_RE = re.compile(r"^在(?!此|这|那|该|其)([^，,。；;：:！？!?]{2,18}?)上(?=[，,]|[\u4e00-\u9fff])")
_SETTING_RE = re.compile(r"(?:基础|会|会议|过程|进程|道路|平台|网站)$")


def dash_lead(line: Line) -> str | None:
    """The phrase before the dash of 实施常态化精准帮扶——…, else None."""
    match = _DASH_RE.match(line.text)
    return match.group(1) if match and len(line.text) > match.end() + 4 else None


# 【政策】今年以来，… / 【效果】一季度，…: a paragraph led by a short label in lenticular brackets
_LABEL_RE = re.compile(r"^【([\u4e00-\u9fff]{1,8})】(?=\S)")


def label_lead(line: Line) -> str | None:
    """The label of a paragraph opening with 【…】 and going on with its own text (【政策】今年…),
    else None."""
    if len(line.text) < 12 or not line.text.startswith("【"):
        return None
    match = _LABEL_RE.match(line.text)
    return match.group(0) if match else None


def labelled(paragraphs: list[Line]) -> list[Item]:
    """Two or more paragraphs under a heading led by a 【…】 label, wherever they stand (a
    scene or a paragraph of its own may come between: 【政策】… …… 【效果】…): items, each up
    to the next, the paragraphs after a label being its text."""
    heads = [(line, label) for line in paragraphs if (label := label_lead(line)) is not None]
    if len(heads) < 2:
        return []
    return [Item(line.start, line.index, "paragraph_lead", label, "para", k + 1)
            for k, (line, label) in enumerate(heads)]


def names_stage(line: Line) -> bool:
    """Whether a paragraph names a stage or link at all (阶段 / 环节): the stage patterns are run
    on such paragraphs only."""
    return "阶段" in line.text or "环节" in line.text


def stage_lead(line: Line) -> str | None:
    """The stage a paragraph opens with (药品首发阶段，… → 药品首发阶段), else None."""
    if line.text.find("阶段", 0, 17) < 0 and line.text.find("环节", 0, 17) < 0:
        return None  # no stage among the first characters: the pattern need not run
    match = _STAGE_LEAD_RE.match(line.text)
    return match.group(0)[:-1] if match else None


def aspect_lead(line: Line) -> str | None:
    """The heading of a paragraph led by 在…方面 (在基础研究方面，… → 在基础研究方面) or by 在…上
    (在标准制定上，… / 在标准制定上下功夫。… → its first clause), else None."""
    match = _ASPECT_RE.match(line.text)
    if match:
        return match.group(0)[:-1]
    on = _ON_RE.match(line.text)
    if on and not _SETTING_RE.search(on.group(1)):
        clause = re.match(r"[^，,。；;：:！？!?]+", line.text)
        return clause.group(0) if clause and len(clause.group(0)) <= 24 else None
    return None


# A sentence opening with 在…方面 / …方面 / …层面 and a comma (在商品消费方面，… / 场景开放方面，… /
# 企业层面，…): not 一方面/另一方面 (a pair), 各方面/多方面/这方面 (no area of its own).
_ASPECT_SENTENCE = (r"(?:^|(?<=[。；;]))(?!(?:另一|一|各|多|这|那|此|有关|相关|其他)[方层]面)"
                    r"在?[^，,。；;：:！？!?“”]{{1,14}}?(?:方面|层面{})[，,]")
_ASPECT_SENTENCE_RE = re.compile(_ASPECT_SENTENCE.format(""))
_ASPECT_STAGE_SENTENCE_RE = re.compile(_ASPECT_SENTENCE.format("|" + _STAGE))
_ASPECT_WORDS = ("方面", "层面")  # one of them is in each match of _ASPECT_SENTENCE_RE
_ASPECT_STAGE_WORDS = _ASPECT_WORDS + ("阶段", "环节")  # … of _ASPECT_STAGE_SENTENCE_RE


def aspect_sentences(line: Line, stages: bool = False) -> list[Item]:
    """Two or more sentences of one paragraph that each open with (在)…方面 or …层面 (在商品消费方面，…。
    在服务消费方面，…。 / 国家层面，…。企业层面，…): items inside the paragraph, each up to the
    next (the last to its end). The first may open the paragraph; a paragraph opening with a
    headline clause keeps its 方面/层面 sentences (without 在) as its own evidence. With `stages`
    (a paragraph near the heading), sentences led by a stage count too (药品参与集采阶段，…。
    常规挂网阶段，…)."""
    if not any(word in line.text for word in (_ASPECT_STAGE_WORDS if stages else _ASPECT_WORDS)):
        return []  # no sentence can open so: each holds one of these words
    found = list((_ASPECT_STAGE_SENTENCE_RE if stages else _ASPECT_SENTENCE_RE).finditer(line.text))
    if len(found) < 2:
        return []
    if found[0].start() > 0 and not all(match.group(0).startswith("在") for match in found) \
            and headline(line) is not None:
        return []  # a topic paragraph (…活力释放，…。企业销售方面，…): the aspects are its evidence
    items = []
    for k, match in enumerate(found):
        start = line.start + match.start()
        item = Item(start, line.index, "inline", match.group(0)[:-1], "aspect", k + 1, until=line.end)
        items.append(item)
    return items


# Measures stated after 将/要 and set apart by ；, each led by a short verb phrase and a comma
# (…介绍，将加强协同，…；突出重点，…；完善机制，…).
_PHRASE_FIRST_RE = re.compile(r"(?:将|要|拟|着力)([\u4e00-\u9fff]{2,8})[，,]")
_PHRASE_NEXT_RE = re.compile(r"[\u4e00-\u9fff]{2,8}(?=[，,])")
_MIN_PHRASES = 3
_CLAUSE_RE = re.compile(r"[^；。]*")


def _clause_items(line: Line) -> list[Item]:
    """The items of `phrase_clauses`, else of `anaphora_clauses` (the paragraph split once)."""
    parts = line.text.split("；")
    if len(parts) < _MIN_PHRASES:
        return []
    return phrase_clauses(line, parts) or anaphora_clauses(line, parts)


def phrase_clauses(line: Line, parts: list[str] | None = None) -> list[Item]:
    """Three or more clauses of one paragraph set apart by ；, the first led by 将/要 and a short
    phrase, each further one opening with a short phrase and a comma (将加强协同，…；突出重点，…；
    完善机制，…): measures announced as plans, items inside the paragraph (`forward`). The
    first is in the last sentence before the first ；; a paragraph opening with a headline
    sentence keeps such clauses as its own. `parts`: the paragraph split at ；, when known."""
    parts = parts if parts is not None else line.text.split("；")
    if len(parts) < _MIN_PHRASES:
        return []
    firsts = list(_PHRASE_FIRST_RE.finditer(parts[0].rsplit("。", 1)[-1]))
    opening = headline(line)
    if not firsts or (opening is not None and line.text[len(opening)] == "。"):
        return []  # a topic paragraph (把…作为主要路径。要坚持…；坚持…): its clauses are its evidence
    starts = [len(parts[0]) - len(parts[0].rsplit("。", 1)[-1]) + firsts[-1].start(1)]
    offset = len(parts[0]) + 1
    for part in parts[1:]:
        match = _PHRASE_NEXT_RE.match(part)
        if match is None or _adverbial(match.group(0)) or _SPEECH_RE.search(match.group(0)):
            break
        starts.append(offset)
        offset += len(part) + 1
    if len(starts) < _MIN_PHRASES:
        return []
    items = []
    for k, at in enumerate(starts):
        clause = _CLAUSE_RE.match(line.text, at)
        item = Item(line.start + at, line.index, "inline", clause.group(0) if clause else None, "phrase", k + 1,
                    until=line.end)
        item.forward = True
        items.append(item)
    return items


# Clauses of one paragraph set apart by ；, each opening with the same lead word and a short
# phrase before a comma (聚焦X，…；聚焦Y，…；聚焦Z，… / 着眼出行，…；着眼农村，…).
_ANAPHORA_NEXT_RE = re.compile(r"([\u4e00-\u9fff]{2})[^，,。；;：:！？!?]{1,12}[，,]")
_ANAPHORA_FIRST_RE = r"(?:^|(?<=[，,。：:要将]))({lead})[^，,。；;：:！？!?]{{1,12}}[，,]"


def anaphora_clauses(line: Line, parts: list[str] | None = None) -> list[Item]:
    """Three or more clauses of one paragraph set apart by ；, every one opening with the same lead
    word (two characters, a verb such as 聚焦/着眼/强化) and a short phrase and a comma: items inside
    the paragraph, each up to its ； (the first may follow the paragraph's own opening: 要聚焦…，
    / 某某表示，着眼…，). A lead that is an adverbial or a speaker's verb makes no list, and a topic
    paragraph (opening with a headline sentence) keeps such clauses as its own. `parts`: the
    paragraph split at ；, when known."""
    parts = parts if parts is not None else line.text.split("；")
    if len(parts) < _MIN_PHRASES:
        return []
    matches = [_ANAPHORA_NEXT_RE.match(part) for part in parts[1:]]
    nexts = [match for match in matches if match is not None]
    if len(nexts) != len(matches) or len({match.group(1) for match in nexts}) != 1:
        return []
    lead = nexts[0].group(1)
    if _adverbial(lead) or _SPEECH_RE.search(lead):
        return []
    opening = headline(line)
    if opening is not None and line.text[len(opening)] == "。":
        return []
    last = parts[0].rsplit("。", 1)[-1]
    firsts = list(re.finditer(_ANAPHORA_FIRST_RE.format(lead=re.escape(lead)), last))
    if not firsts:
        return []
    starts = [len(parts[0]) - len(last) + firsts[-1].start(1)]
    offset = len(parts[0]) + 1
    for part in parts[1:]:
        starts.append(offset)
        offset += len(part) + 1
    before = line.text[:starts[0]]
    forward = before.endswith(("要", "将")) or states_plans(before) or opens_plans(before)
    items = []
    for k, at in enumerate(starts):
        clause = _CLAUSE_RE.match(line.text, at)
        item = Item(line.start + at, line.index, "inline", clause.group(0) if clause else None, "phrase", k + 1,
                    until=line.end)
        item.forward = forward  # announced as plans by the paragraph's opening (…将…：/ 要聚焦…)
        items.append(item)
    return items


_PAIR_RE = re.compile(r"(?:^|(?<=[。；;！!]))(另)?一方面[，,]")


def pair_sentences(line: Line) -> list[Item]:
    """A pair of sentences inside one paragraph opening 一方面，… and 另一方面，… (the second after
    the first, in the same paragraph): two items, each up to the next (the last to the end of the
    paragraph). A paragraph that only opens with 一方面 (its pair in the next paragraph) has none."""
    if "一方面" not in line.text:
        return []  # what each match of _PAIR_RE holds
    found = list(_PAIR_RE.finditer(line.text))
    firsts = [k for k, match in enumerate(found) if match.group(1) is None]
    if not firsts or not any(match.group(1) for match in found[firsts[0] + 1:]):
        return []
    pair = found[firsts[0]:]
    pair = pair[:next((k for k, match in enumerate(pair) if k and match.group(1) is None), len(pair))]
    if len(pair) != 2:
        return []
    items = []
    for k, match in enumerate(pair):
        stop = pair[k + 1].start() if k + 1 < len(pair) else len(line.text)
        heading = re.match(r"[^，,。；;：:！？!?]*[，,]?[^，,。；;：:！？!?]*", line.text[match.start():stop])
        items.append(Item(line.start + match.start(), line.index, "inline", heading.group(0) if heading else None,
                          "pair", k + 1, until=line.end))
    return items


def dash_headed(paragraphs: list[Line]) -> list[Item]:
    """Items headed by a phrase and a dash on a line of its own (优化窗口服务——), their text in
    the paragraphs below: two or more such lines under a heading. Each item runs to the next."""
    heads = [line for line in paragraphs if _DASH_LINE_RE.fullmatch(line.text)]
    if len(heads) < 2:
        return []
    return [Item(line.start, line.index, "paragraph_lead", line.text, "para", k + 1)
            for k, line in enumerate(heads)]


def _runs(paragraphs: list[Line], lead: Callable[[Line], str | None]) -> list[Item]:
    """Every run of two or more paragraphs in a row that `lead` gives a heading, as items."""
    found: list[Item] = []
    run: list[tuple[Line, str]] = []
    for line in paragraphs + [None]:
        heading = lead(line) if line is not None else None
        if heading is not None and line is not None:
            run.append((line, heading))
            continue
        if len(run) >= 2:
            found += [_item(ln, h, k + 1) for k, (ln, h) in enumerate(run)]
        run = []
    return found


# ---------------------------------------------------------------------------------------------
# Parallel topic paragraphs under a heading

# Openings that are adverbials (time, place, manner, source), not a topic and its state: by
# their first words or their last (see _adverbial).
_ADVERBIAL_START_RE = re.compile(
    r"经过|通过|随着|近年|近期|目前|当前|同时|此外|另外|其中|比如|例如|对此|为此|为了|对于|据|"
    r"截至|截止|今年|去年|明年|全年|日前|近日|前不久|不久前|如今|现在|过去|未来|清晨|凌晨|早上|上午|中午|下午|傍晚|晚上|深夜|面对|针对|围绕|按照|根据|依托|"
    r"在|从|到|自|由|与|和|但|而|就|这|那|我们|我国|全国|全市|全省|记者|会上|此前|之后|以来")
_ADVERBIAL_ENDS = ("来", "后", "中", "前", "时", "里", "内", "外", "上", "下", "间", "期", "以来")


def _adverbial(text: str) -> bool:
    """Does `text` open or end as an adverbial? What searching text for
    ^(?:<_ADVERBIAL_START_RE>)|(?:<_ADVERBIAL_ENDS>)$ finds (its $ is the end of the text or
    a final line feed), without trying the ending at every position."""
    if _ADVERBIAL_START_RE.match(text) or text.endswith(_ADVERBIAL_ENDS):
        return True
    return text.endswith("\n") and text.endswith(_ADVERBIAL_ENDS, 0, len(text) - 1)
_SPEECH_RE = re.compile(r"表示|介绍|说|指出|强调|认为|称|透露|告诉|坦言|回答")
# 一块铝材 / 一位老人: one object or person, the opening of a scene (一批/一系列 are topics)
_SCENE_RE = re.compile(r"一[块个位名家座条只辆台间张件幅艘架棵次天]")
_HEADLINE_STOP = "，,。"
_QUOTES = "“”‘’\"《》"
_HEADLINE_STOP_RE = lazy("[" + re.escape(_HEADLINE_STOP) + "]")
_WITHOUT_QUOTES = str.maketrans("", "", _QUOTES)
_ANNOUNCING_END = ("：", ":", "——", "—")


def headline(line: Line) -> str | None:
    """The short headline clause a topic paragraph opens with (科技硬实力不断跃升。… /
    产业向新力积聚成势，… / 一批“小而美”的项目落地见效，…): a topic and its state, no figure,
    copula or speaker, quoted words allowed (not a “X”字 keyword), followed by the paragraph's
    own text; or a headline sentence of up to 40 characters with no comma (把X作为Y。 /
    …取得重要制度成果。); else None."""
    text = line.text
    cut = _first_of(_HEADLINE_STOP_RE, text, 23)
    if cut < 0:
        cut = _first_of(_SENTENCE_STOP_RE, text, _SENTENCE_MAX + 1)
        if cut < 0 or text[cut] != "。":
            return None
        return _headline_clause(text, cut, _SENTENCE_MAX)
    return _headline_clause(text, cut, _SENTENCE_MAX if text[cut] == "。" else 17)


_SENTENCE_MAX = 40
_SENTENCE_STOP = "，,。；;：:！？!?"
_SENTENCE_STOP_RE = lazy("[" + re.escape(_SENTENCE_STOP) + "]")


def _first_of(chars: re.Pattern[str], text: str, stop: int) -> int:
    """Where the first of the characters `chars` stands in text[:stop], else -1."""
    found = chars.search(text, 0, stop)
    return found.start() if found else -1


_DEFINED_RE = re.compile(r"(?:就|正|便|也|即)?是")


def _headline_clause(text: str, cut: int, longest: int) -> str | None:
    """The clause text[:cut] when it reads as a headline of at most `longest` characters."""
    if cut < 2 or len(text) < cut + 8:
        return None
    clause = text[:cut]
    bare = clause.translate(_WITHOUT_QUOTES)
    if not re.fullmatch(rf"[\u4e00-\u9fff、]{{2,{longest}}}", bare) or "是" in bare or re.search(r"[”’\"]字", clause):
        return None
    if clause.count("“") != clause.count("”") or clause.count("‘") != clause.count("’"):
        return None  # the opening of a quoted remark, not a quoted word
    if _adverbial(bare) or _SPEECH_RE.search(bare) or _SCENE_RE.match(bare):
        return None
    if _DEFINED_RE.match(text, cut + 1):  # 推进…建设，是… / …的目的，就是…: the subject of a definition
        return None
    return clause


def announces_items(line: Line) -> bool:
    """A paragraph that announces the items after it: it ends with a colon or a dash
    (…重点抓好四方面工作： / …只为一切平安——) or names their number (围绕…3个方面来开展工作)."""
    return line.text.endswith(_ANNOUNCING_END) or bool(ANNOUNCE_RE.search(line.text))


def headline_run(paragraphs: list[Line]) -> list[Item]:
    """Two or more topic paragraphs in a row, beginning with the first or second paragraph
    under the heading (the second when the first introduces them), or right after a paragraph
    announcing them (…重点抓好三方面工作：) or a turn of an interview (记者：… / 某某：…, the
    answer's opening); a paragraph of another shape ends the run. Under an interview heading
    every answer may list its own run: all runs after a turn are items. Short lines (a deck
    line under the heading) are not paragraphs here. Each paragraph is looked at once: a run
    is scanned from a starting point only past the previous scan."""
    body = [line for line in paragraphs if not is_short_heading_text(line.text)]
    lines_by_index = {line.index: line for line in body}
    turns = {k + 1 for k, line in enumerate(body) if _TURN_RE.match(line.text)}
    starts = sorted({0, 1} | turns | {k + 1 for k, line in enumerate(body) if announces_items(line)})
    scanned = 0
    found: list[Item] = []
    for begin in starts:
        if begin < scanned or begin >= len(body):
            continue
        run: list[Item] = []
        for line in body[begin:]:
            clause = headline(line)
            if clause is None:
                break
            run.append(_item(line, clause, len(run) + 1))
        scanned = begin + len(run) + 1
        run = _without_summary(run, body[begin:])
        if len(run) >= 2:
            found += run
            found += [sub for item in run for sub in verb_sentences(lines_by_index[item.line], item.heading or "")]
            if begin not in turns:
                return found
    return found


def _without_summary(run: list[Item], paragraphs: list[Line]) -> list[Item]:
    """A run whose first paragraph opens with a clause cut by a comma (依法履行…职责，…，全力维护…。)
    while the two or more after it open with a whole headline sentence (严厉打击…犯罪。…): the first
    sums up the heading's work and introduces the items; it is no item of its own."""
    cuts = [line.text[len(item.heading or ""):len(item.heading or "") + 1]
            for item, line in zip(run, paragraphs, strict=False)]
    if len(run) < 3 or cuts[0] not in ("，", ",") or any(cut != "。" for cut in cuts[1:]):
        return run
    for k, item in enumerate(run[1:]):
        item.number = k + 1
    return run[1:]


_VERB_SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]?")
_VERB_SENTENCE_MAX = 24


def verb_sentences(line: Line, clause: str) -> list[Item]:
    """Inside a topic paragraph whose headline is a whole sentence (强化刑事检察监督。), the short
    sentences after it that open with the verb of the one right after the headline (加强审查逮捕
    职能。… 加强立案监督。… 加强审判监督。), two or more, figure- and comma-free: each is an
    item of the same level as the paragraph, up to the next."""
    if line.text[len(clause):len(clause) + 1] != "。":
        return []
    items: list[Item] = []
    verb = None
    for match in _VERB_SENTENCE_RE.finditer(line.text, len(clause) + 1):
        sentence = match.group(0)
        short = 4 <= len(sentence) <= _VERB_SENTENCE_MAX and sentence.endswith("。") and \
            not re.search(r"[，,：:；;0-9０-９]", sentence)
        if verb is None:
            if not short:
                return []
            verb = sentence[:2]
        if short and sentence.startswith(verb):
            items.append(Item(line.start + match.start(), line.index, "inline", sentence[:-1], "verb",
                              len(items) + 1, until=line.end))
    return items if len(items) >= 2 else []


_MIN_HEADLINE_SENTENCES = 3
_LEAD_SENTENCE_MAX = 18


def lead_sentence(line: Line) -> str | None:
    """The short first sentence a topic paragraph opens with, a headline of its own (应急响应更加
    高效。… / 做强“大通道”，让开放之路更通畅。…): at most 18 characters and one comma, its first
    clause a `headline`, the paragraph going on after it; else None. Two or more such
    paragraphs in a row are items wherever they stand under the heading (after a lead-in, a
    quote and a scene, not only at its top)."""
    text = line.text
    cut = text.find("。", 0, _LEAD_SENTENCE_MAX + 1)
    if cut < 2 or len(text) < cut + 9:
        return None
    sentence = text[:cut]
    if sentence.count("，") > 1 or re.search(r"[,；;：:！？!?、]", sentence) or headline(line) is None:
        return None
    return sentence


# A one-sentence paragraph set apart like a bold line (比如外贸韧性。 / 产业韧性也更加凸显。): at most
# 24 characters of one clause, no figure, not a quotation, question or speaker's turn. A saying
# set apart as a lead-in (守护青春，向阳而生。 / 榜样是鲜活的价值观，是有形的正能量。) has two
# clauses or a copula: no item.
_STANDALONE_RE = re.compile(r"[^“”‘’\"0-9０-９。！？!?：:；;，,是\n]{3,23}[。！]")
_SPEAKER_RE = re.compile(r"说|表示|介绍|指出|强调")


def standalone_sentences(paragraphs: list[Line]) -> list[Item]:
    """Two or more one-sentence paragraphs, each set apart between longer body paragraphs under
    the heading (the text of each item follows it): items that are lines of their own
    (heading_line), heading without the final mark. Looked for only when no other form of item
    is found under the heading."""
    found: list[Item] = []
    for k in range(1, len(paragraphs) - 1):
        line, before, after = paragraphs[k], paragraphs[k - 1], paragraphs[k + 1]
        size = line.end - line.start
        if size > 30 or min(before.end - before.start, after.end - after.start) <= 2 * size:
            continue  # cheap, on lengths only: not a short line between longer paragraphs
        text = line.text.strip()
        if not _STANDALONE_RE.fullmatch(text) or _SPEAKER_RE.search(text):
            continue
        if is_body_paragraph(before.text) and is_body_paragraph(after.text):
            found.append(Item(line.start, line.index, "heading_line", text[:-1], "plain", len(found) + 1))
    return found if len(found) >= 2 else []


def headline_sentences(line: Line) -> list[Item]:
    """A paragraph of parallel topics, every sentence opening with a headline clause (…不断上新，…。
    …持续升温，…。…空间广阔，…。), at least three: each sentence is an item, up to the next."""
    sentences = list(re.finditer(r"[^。！？!?]+[。！？!?]?", line.text))
    if len(sentences) < _MIN_HEADLINE_SENTENCES:
        return []
    items = []
    for k, match in enumerate(sentences):
        clause = headline(Line(line.index, line.start + match.start(), line.start + match.end(), match.group(0)))
        if clause is None:
            return []
        items.append(Item(line.start + match.start(), line.index, "inline", clause, "headline", k + 1, until=line.end))
    return items


# A turn of an interview: the question (记者：…) or the opening of the answer (李某某：…).
_TURN_RE = re.compile(r"^(?:记者|问|主持人|[\u4e00-\u9fff]{2,4})[：:]")


# ---------------------------------------------------------------------------------------------
# Kinds

_CLEAR_RESULTS = -3.0


def _plans_announced(lines: list[Line], heading: int, sub: list[Item]) -> list[bool]:
    """For each item, whether the run of items it belongs to is announced as plans: the
    paragraph right before the run's first item (under the heading, no item itself) ends by
    stating plans (…下一步要在“…”上全面发力。 / …将围绕三个方面来开展工作。)."""
    item_lines = {it.line for it in sub}
    planned, flags = False, []
    for item in sub:
        before = item.line - 1
        if item.start == lines[item.line].start and before > heading and before not in item_lines:
            planned = _states_plans_last(lines[before].text)
        flags.append(planned)
    return flags


_SPOKEN_PLAN_RE = re.compile(r"^(?:[^，,。]{0,30}(?:表示|介绍|说|指出|透露)[，,：:])?(?:今年|明年|下一步|下阶段)?[，,]?"
                             r"(?:我们|我国|全市|全省)?(?:还将|将|要|拟|计划)")


def _states_plans_last(paragraph: str) -> bool:
    """The last sentence of a paragraph states plans: 下一步，… / …，将围绕…开展工作 / a speaker's
    将… (该负责人表示，将从三个方面发力)."""
    last = re.split(r"[。！？!?]", paragraph.rstrip("。！？!?：:—"))[-1]
    return states_plans(last) or opens_plans(last) or bool(_SPOKEN_PLAN_RE.match(last))


# A policy document as the subject of what it lays down (药品首发阶段，意见提出优化… / 《方案》明确…):
# its measures, which are plans whatever tense the release reports them in.
_MEASURES_RE = re.compile(r"(?:意见|方案|规划|纲要|条例|办法|通知|决定|措施|计划|》)[^，,。；;：:]{0,4}?"
                          r"(?:提出|强调|明确|要求|规定|部署)")


# An item's lead and then its actor's 将/要 (在促进成果转化上，全省将… / 在…方面，我们要…): plans.
_LEAD_WILL_RE = re.compile(r"^[^，,。；;：:]{2,24}[，,][\u4e00-\u9fff]{1,4}?(?:将|要|拟)(?!其|之|近|于|求|是|素|点)")


def _opens_with_plans(sentence: str) -> bool:
    """An item's first sentence that states plans (今年将… / 在…上，全省将… / 意见提出…)."""
    return states_plans(sentence) or bool(_LEAD_WILL_RE.match(sentence)) or bool(_MEASURES_RE.search(sentence))


def _item_kinds(text: str, parent: Item, sub: list[Item], limit: int, planned: list[bool]) -> None:
    """Each item takes its parent's kind unless its own wording says otherwise: an item that
    opens by stating plans and reports nothing done is a priority, an item that reports
    figures and clearly leans to results is an achievement. Items announced by a paragraph
    stating plans (`planned[k]`) take `priority` as their base instead of the parent's kind.
    When the items then mix results and plans, the parent is `other` and they keep their own
    kinds; when they are all plans announced so and the parent's own text before them reports
    no figures, an achievement parent is a priority (its plan wording is only in the lead-in)."""
    for k, item in enumerate(sub):
        plans = (planned[k] or item.forward) and parent.kind != SectionKind.OTHER
        base = SectionKind.PRIORITY if plans else parent.kind or SectionKind.OTHER
        stop = sub[k + 1].start if k + 1 < len(sub) else limit
        own = text[item.start:min(stop, item.until) if item.until is not None else stop]
        kind = base
        if base == SectionKind.ACHIEVEMENT and _opens_with_plans(first_sentence(own)) \
                and not DONE_STATEMENT_RE.search(own):
            kind = SectionKind.PRIORITY
        elif base == SectionKind.PRIORITY and facts(own) >= 2 and lean(own) <= _CLEAR_RESULTS:
            kind = SectionKind.ACHIEVEMENT
        item.kind = kind
    announced = any(planned) or any(item.forward for item in sub)
    if parent.kind == SectionKind.ACHIEVEMENT and announced \
            and all(item.kind == SectionKind.PRIORITY for item in sub) and facts(text[parent.start:sub[0].start]) == 0:
        parent.kind = SectionKind.PRIORITY  # its plans are stated only in the lead-in of its items
    _mixed_parent(parent, sub)


def _mixed_parent(parent: Item, sub: list[Item]) -> None:
    """A heading whose items mix results and plans is neither: `other`."""
    if {SectionKind.ACHIEVEMENT, SectionKind.PRIORITY} <= {it.kind for it in sub}:
        parent.kind = SectionKind.OTHER
