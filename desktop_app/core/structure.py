"""Find a release's title, dateline, issuer, credits and sections (no figures: see metrics.py).

Government press releases share a small grammar: a title line, a lead (often opening with the
date and the organising body), areas of achievement introduced by heading lines, enumerated
paragraphs (一是…/第一，…) or items inside one paragraph, an outlook (下一步…重点做好五方面工作)
followed by the priorities, and credit lines at the end. The rules describing that grammar live
in four modules; this one runs them in order and turns what they find into `Section`s:

- structure_lines.py — lines and their shapes (list markers, headings, pictures, credit lines);
- structure_header.py — the frame: dateline, issuer, credits, end matter;
- structure_lists.py — the enumerations where sections begin;
- structure_kinds.py — achievement or priority.

None of the rules names a particular release. Offsets are code-point indices into the text given.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from desktop_app.core.model import Credits, Section, SectionKind
from desktop_app.core.structure_header import (
    CreditBlock,
    dateline_and_issuer,
    end_matter,
    find_credits,
    first_body_line,
    lead_credit,
    parse_credits,
)
from desktop_app.core.structure_kinds import (
    decide_kinds,
    document_prior,
    is_descriptive_heading,
    is_plan_announcement,
    is_plan_header,
    is_plan_heading,
    is_problem_heading,
    is_problem_intro,
    mentions_problems,
    opens_future,
    opens_plans,
    reported_year,
    without_remarks,
)
from desktop_app.core.structure_lines import (
    SENTENCE_STYLES,
    SUBTITLE_RE,
    Line,
    enumerator_at,
    is_chrome_line,
    is_date_line,
    is_image,
    is_picture_line,
    split_lines,
    style_rank,
    trim,
    without_marker,
)
from desktop_app.core.structure_lists import (
    ANNOUNCE_RE,
    Item,
    boundary,
    continue_short_lists,
    count_warnings,
    find_couplet_headings,
    find_inline_items,
    find_line_items,
    find_paragraph_items,
    find_unnumbered_headings,
    groups_of,
    keyword,
    paragraph_item,
    parallel_openings,
    parallel_run,
    topic_paragraphs,
)
from desktop_app.core.structure_outline import anaphora_clauses, nest

__all__ = ["Structure", "analyse"]


# Limits that no release comes near (a hostile 20 MB file of 635,000 paragraphs made
# 1.3 million sections and took 1.1 GB). The corpus and test releases have at most 16 sections
# and 3,000 characters; a long work report or five-year plan a few hundred sections and some
# 10,000 line ends and clause marks (。，；：…) in 70,000 characters.
#
# Sections are looked for in the text up to its MAX_STRUCTURE_UNITS-th line end or clause mark
# (every list item begins after one, so the lines and items held while looking are bounded by
# it); a document keeps at most MAX_SECTIONS sections. The text after either limit is one last
# section, `other`, so that all of it stays searchable.
MAX_STRUCTURE_UNITS = 100_000
MAX_SECTIONS = 5_000
_UNIT_RE = re.compile(r"[\n。；;：:！？!?，,]")
_LINE_SLACK = 10_000  # past the limit, the cut waits this many characters at most for a line end


@dataclass(frozen=True)
class Structure:
    """Everything structure.py finds in a release; parser.py adds the figures."""

    title: str | None
    dateline: str | None = None
    issuer: str | None = None
    credits: Credits = field(default_factory=Credits)
    sections: tuple[Section, ...] = ()
    warnings: tuple[str, ...] = ()
    # Where the text that was not divided into sections begins (the last section holds it),
    # when the document is past a limit; else None.
    undivided: int | None = None


def analyse(text: str) -> Structure:
    """Title, dateline, issuer, credits and the sections covering the body, in order (within
    the limits above)."""
    cut = structure_extent(text)
    found = _analyse(text[:cut] if cut < len(text) else text)
    sections = found.sections
    rest = cut if cut < len(text) else None
    if len(sections) > MAX_SECTIONS:
        rest, sections = sections[MAX_SECTIONS - 1].start, sections[:MAX_SECTIONS - 1]
    if rest is None:
        return found
    start, end = trim(text, rest, len(text))
    if start == end:
        return found
    number = 1 + sum(s.kind == SectionKind.OTHER for s in sections)
    tail = Section(kind=SectionKind.OTHER, number=number, heading=None, start=start, end=end)
    return dataclasses.replace(found, sections=sections + (tail,), undivided=start)


def structure_extent(text: str) -> int:
    """How much of `text` sections are looked for in: up to its MAX_STRUCTURE_UNITS-th line end
    or clause mark, then on to the end of that line if it comes soon (all of `text` when it
    has fewer of them)."""
    if len(text) < MAX_STRUCTURE_UNITS:
        return len(text)  # each unit is a character: a shorter text (every release) has fewer
    count = 0
    for match in _UNIT_RE.finditer(text):
        count += 1
        if count >= MAX_STRUCTURE_UNITS:
            at = match.end()
            line_end = text.find("\n", at - 1, at + _LINE_SLACK)
            return line_end + 1 if line_end >= 0 else at
    return len(text)


def _analyse(text: str) -> Structure:
    """`analyse` without the limits."""
    lines = split_lines(text)
    if not lines:
        return Structure(title=None)
    credits = find_credits(text, lines)
    first_body = first_body_line(lines, credits.stop)
    dateline, issuer = dateline_and_issuer(lines, first_body, credits.stop)
    stop = end_matter(lines, first_body, credits.stop)
    if stop < credits.stop or credits.start is None:
        body_end = lines[stop - 1].end
    else:
        body_end = credits.start
    items = _find_items(text, lines, first_body, stop, body_end)
    boundaries = _frame(lines, first_body, credits, items)
    if stop < len(lines) and (stop < credits.stop or credits.start is None):
        boundaries.append(boundary(lines[stop], SectionKind.OTHER))  # pictures, attachments, page chrome
        boundaries.sort(key=lambda it: it.start)
    chunks = list(credits.chunks) + lead_credit(lines, first_body, credits.stop)
    return Structure(
        title=lines[0].text, dateline=dateline, issuer=issuer, credits=parse_credits(chunks),
        sections=tuple(_sections(text, boundaries)),
        warnings=tuple(count_warnings(text, lines, items)),
    )


def _find_items(text: str, lines: list[Line], first_body: int, stop: int, body_end: int) -> list[Item]:
    """The body's section boundaries: the areas, the outlook and priorities, closing remarks."""
    if first_body >= stop:
        return []
    year = reported_year(lines, first_body)
    items = (_top_items(text, lines, first_body, stop, year)
             or _lead_outlook(text, lines, first_body, stop)
             or parallel_openings(lines, first_body, stop)
             or topic_paragraphs(lines, first_body, stop)
             or _anaphora_items(lines, first_body, stop))
    if not items:
        return []
    items = _by_start(items + _lead_inline(text, lines, items, first_body))
    items = _by_start(_outlooks_before(text, lines, items, first_body) + items)
    items = _by_start(_decide_and_close(text, lines, items, first_body, stop, body_end, year))
    items = _by_start(items + _problem_lists(text, lines, items, first_body, stop))
    items = _by_start(items + _after_inline(lines, items, stop))
    items = nest(text, lines, items, stop)
    for item in items:
        item.keyword = item.keyword or keyword(item.heading)
    return items


def _anaphora_items(lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """No headings and no numbered lists: the clauses of one body paragraph that open alike
    (要聚焦X，…；聚焦Y，…；聚焦Z，…) are the release's items; plans when so announced."""
    for line in lines[first_body:stop]:
        found = anaphora_clauses(line)
        if found:
            for item in found:
                item.group = 10000 + line.index
                if item.forward:
                    item.kind = SectionKind.PRIORITY
            return found
    return []


def _decide_and_close(text: str, lines: list[Line], items: list[Item], first_body: int, stop: int,
                      body_end: int, year: int | None) -> list[Item]:
    """Decide the kinds of the areas found, then add what follows the last one: a forward look
    with its priorities (下一步，…) and a closing remark (总的来看，…)."""
    closing = _closing_line(lines, items, stop)
    split = _tail_split(text, lines, items, stop, skip=closing)
    ends = [lines[i].start for i in (split, closing) if i is not None]
    prior = document_prior(lines, first_body)
    decide_kinds(text, lines, items, min(ends, default=body_end), prior, year)
    if split is not None:
        next_group = max(it.group for it in items) + 1
        outlook_stop = closing if closing is not None and closing > split else stop
        items = items + _outlook_from(text, lines, split, outlook_stop, group=next_group,
                                      listed=items[-1].kind == SectionKind.PRIORITY)
    if closing is not None:
        items = items + [boundary(lines[closing], SectionKind.OTHER)]
    return items


def _by_start(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda it: it.start)


def _top_items(text: str, lines: list[Line], first_body: int, stop: int,
               year: int | None) -> list[Item]:
    """The highest level of structure present: heading lines, else enumerated paragraphs, else inline."""
    numbered = find_line_items(text, lines, first_body, stop)
    plain = find_unnumbered_headings(lines, first_body, stop)
    headed = [it for it in numbered if it.form == "heading_line"]
    if numbered and (2 * len(headed) >= len(numbered) or not plain):
        numbered = continue_short_lists(text, lines, numbered, stop)
        return _expand_headers(text, lines, _with_parts(numbered, plain), stop, year)
    if plain:
        couplets = [it for it in find_couplet_headings(lines, first_body, stop) if it.start < plain[0].start]
        return _expand_headers(text, lines, _renumbered(couplets + plain) if len(couplets) >= 2 else plain,
                               stop, year)
    return (find_paragraph_items(text, lines, first_body, stop)
            or _expand_headers(text, lines, find_couplet_headings(lines, first_body, stop), stop, year))


# The part headings of a work report (2024年工作回顾 / 今后工作安排 / 2025年工作部署)
_PART_RE = re.compile(r"^(?:[0-9０-９]{4}\s*年|过去一年|今年|明年|今后|下一步|下阶段)?的?(?:主要)?工作"
                      r"(?:回顾|总结|安排|部署|打算|思路|重点|任务|建议)$")


def _with_parts(numbered: list[Item], plain: list[Item]) -> list[Item]:
    """Numbered areas and the part headings of a work report around them (2024年工作回顾 over
    一、…二、…, then 2025年工作安排 over 第一，…): short unnumbered heading lines naming a part of
    the report, before the first numbered heading or after the last; all are level 1."""
    headed = [it for it in numbered if it.form == "heading_line"]
    if not headed:
        return numbered
    first, last = headed[0].start, headed[-1].start
    parts = [it for it in plain if (it.start < first or it.start > last) and _PART_RE.match(it.heading or "")]
    for k, part in enumerate(parts):
        part.group = _PART_GROUP + k
    return _by_start(numbered + parts) if parts else numbered


_PART_GROUP = 2000  # each part heading is a list of its own, apart from the numbered ones


def _renumbered(items: list[Item]) -> list[Item]:
    """Unnumbered headings of two finders as one list, numbered in text order."""
    for k, item in enumerate(items):
        item.number = k + 1
    return items


def _lead_inline(text: str, lines: list[Line], items: list[Item], first_body: int) -> list[Item]:
    """Items enumerated inside the lead, before the first area (…呈现三个特点：一是…；二是…), or
    in paragraphs of their own there (一是…/二是… before the first unnumbered heading)."""
    if items[0].form == "inline":
        return []
    found = find_paragraph_items(text, lines, first_body, items[0].line)
    if items[0].style == "plain":
        led = find_line_items(text, lines, first_body, items[0].line)
        found += [it for it in led if it.form == "paragraph_lead" and _sentence_led(it)]
    return [it for it in found if it.start < items[0].start]


# ---------------------------------------------------------------------------------------------
# Category headings over their own lists

_LIST_INTRO_RE = re.compile(r"以下|如下")
_CATEGORY_RE = re.compile(r"成效|成绩|成果|情况|做法|举措|措施|打算|安排|计划|思路|目标|任务|下一步|"
                          r"主要|亮点|经验|进展|特点|变化|问题|工作$")


def _expand_headers(text: str, lines: list[Line], items: list[Item], stop: int,
                    year: int | None) -> list[Item]:
    """A heading that only names a category (一、主要成效 / 三、下一步工作打算) over its own list:
    the heading and the list's items are all sections.

    Convention for nested outlines (the one the genre's annotated releases follow): a container
    heading is itself an achievement or priority section — the kind of what it holds — and so is
    each item under it; a paragraph announcing the plans between the heading and its items
    (下阶段，…重点抓好以下几项工作：) is the outlook. Numbers count within each kind in text
    order, so 一、主要成效 over （一）…（四） is achievement 1 and its items 2…5. A heading about
    problems (二、存在的问题) and its items are `other`. The container's kind is known from its
    words when it names plans or problems; otherwise its items decide it (decide_kinds).
    """
    result: list[Item] = []
    for k, item in enumerate(items):
        end = items[k + 1].line if k + 1 < len(items) else stop
        sub = _header_list(text, lines, item, end)
        result.append(item)
        if not sub:
            continue
        item.heads = 1000 + k
        assert item.heading is not None, "a list sits under a heading line, which has a heading"
        item.kind = _container_kind(item.heading, year)
        for member in sub:
            member.group, member.kind = item.heads, item.kind
        result.extend(sub)
    return result


def _container_kind(heading: str, year: int | None) -> SectionKind | None:
    """other for problems, priority for plans, else None (decided by the items under it).
    A heading naming an area (国土绿化扎实推进) is a plan only when it says so (下一步…)."""
    if is_descriptive_heading(heading):
        return SectionKind.OTHER
    if not _is_category(heading):
        return SectionKind.PRIORITY if is_plan_heading(heading, year) else None
    if is_problem_heading(heading):
        return SectionKind.OTHER
    return SectionKind.PRIORITY if is_plan_header(heading, year) else None


def _header_list(text: str, lines: list[Line], item: Item, end: int) -> list[Item]:
    """The list right under a heading line: under a category heading (一、主要成效) any list;
    under a heading that names an area itself (二、重点领域信贷支持有力), a list nested below it
    (一是…/第一，…/（一）… paragraphs or lower headings) — whatever the heading's numbering or
    its place in the outline."""
    if item.form != "heading_line":
        return []
    category = _is_category(item.heading)
    below = range(item.line + 1, min(item.line + 3, end))
    if not category and not any(enumerator_at(text, lines[i].start) for i in below):
        return []  # cheap: a nested list starts on one of the two lines under the heading
    sub = [it for it in find_line_items(text, lines, item.line + 1, end) if it.style != item.style]
    if not category:
        sub = [it for it in sub if item.style == "plain" or style_rank(it.style) > style_rank(item.style)]
    else:
        sub = sub or find_paragraph_items(text, lines, item.line + 1, end)
    if len(sub) < 2 or sub[0].line > item.line + 2:
        return []
    return sub


def _is_category(heading: str | None) -> bool:
    """A short heading that only names a category of content (主要成效, 下一步工作打算)."""
    bare = without_marker(heading or "")
    return len(bare) <= 16 and bool(_CATEGORY_RE.search(bare))


def _last_sentence(paragraph: str) -> str:
    """The last sentence of a paragraph (its final mark kept)."""
    parts = re.findall(r"[^。！？!?]+[。！？!?]*", paragraph.strip())
    return parts[-1] if parts else paragraph


def _sentence_led(item: Item) -> bool:
    return (item.style or "").split(":")[0] in SENTENCE_STYLES


# ---------------------------------------------------------------------------------------------
# Outlooks and the priorities after them

def _outlooks_before(text: str, lines: list[Line], items: list[Item], first_body: int) -> list[Item]:
    """A forward-looking paragraph right before a list (下一步，重点抓好以下三项工作：) is its outlook;
    so is the opening of a paragraph that goes on to enumerate (下一步，…：一是…；二是…). The lead
    makes the list plans only by its last sentence: a lead that tells of a plan document and
    then introduces an interview (…对未来五年作出部署。…本报记者采访了…) announces no plans."""
    outlooks: list[Item] = []
    item_lines = {it.line for it in items}
    groups = groups_of(items)
    seen: set[int] = set()
    for first in items:
        if first.group in seen:
            continue
        seen.add(first.group)
        line = lines[first.line]
        if first.form == "inline":
            at, opening = first.line, text[line.start:first.start]
        else:
            at = first.line - 1
            opening = lines[at].text if first.start == line.start and at not in item_lines else ""
        if not opening or at < first_body or not opens_plans(opening if at > first_body else _last_sentence(opening)):
            continue
        for item in groups[first.group]:
            if item.kind is None:
                item.kind = SectionKind.PRIORITY
        if at > first_body:
            outlooks.append(boundary(lines[at], SectionKind.OUTLOOK, group=first.group))
    return outlooks


def _tail_split(text: str, lines: list[Line], items: list[Item], stop: int,
                skip: int | None = None) -> int | None:
    """The line after the last area where a forward look begins (下一步…, 2015年，…将继续…, or a
    paragraph announcing the plans: …重点在三个方面发力：). A remark quoted from a speaker in a
    feature story (“我们将…”某某说。) is what someone said, not the release's forward look."""
    last = items[-1]
    first = last.line + (2 if last.form == "heading_line" else 1)
    for i in range(first, stop):
        if i != skip and opens_plans(without_remarks(_opening_of(text, lines[i]))):
            return i
    return None


def _opening_of(text: str, line: Line) -> str:
    """A paragraph up to its first enumerated item (下一步，…：一是…；二是… → 下一步，…：)."""
    inline = find_inline_items(text, line)
    return text[line.start:inline[0].start] if inline and inline[0].start > line.start else line.text


def _lead_outlook(text: str, lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """No areas: an announcing paragraph in the lead (重点做好五方面工作) followed by one paragraph each."""
    for i in range(first_body + 1, stop - 2):
        line = lines[i].text
        announcing = opens_future(line) and (ANNOUNCE_RE.search(line) or line.endswith(("：", ":")))
        if announcing or is_plan_announcement(line):
            return _outlook_from(text, lines, i, stop, group=0)
    return []


def _outlook_from(text: str, lines: list[Line], at: int, stop: int, group: int,
                  listed: bool = False) -> list[Item]:
    """The outlook paragraph at line `at` and the priorities after it (or it is itself one).
    After a list of priorities (`listed`), only a further enumerated list counts (a question
    answered later in a press conference: 今年，我们将在三个方面下功夫：一是…；二是…)."""
    line = lines[at]
    sub = (find_inline_items(text, line) or find_line_items(text, lines, at + 1, stop)
           or find_paragraph_items(text, lines, at + 1, stop))
    if listed and not sub:
        return []
    closing: list[Item] = []
    if not sub:
        sub, closing = _unnumbered_priorities(line, lines[at + 1:stop])
    if not sub:
        only = paragraph_item(line, None, None, group)
        only.kind = SectionKind.PRIORITY
        return [only]
    for item in sub:
        item.kind, item.group = SectionKind.PRIORITY, group
    sub.sort(key=lambda it: it.start)
    if sub[0].start == line.start:  # the paragraph opens with its first item: no outlook text
        return sub + closing
    return [boundary(line, SectionKind.OUTLOOK, group)] + sub + closing


def _unnumbered_priorities(line: Line, rest: list[Line]) -> tuple[list[Item], list[Item]]:
    """After an outlook paragraph: one priority per paragraph when it announces them (重点做好
    以下工作：) or when they open alike (在降碳上下功夫。… ×3, then a closing remark: 总之，…).
    Other paragraphs (据悉，…, pictures, page chrome) are no list: the outlook is then itself
    the priority."""
    announces = bool(ANNOUNCE_RE.search(line.text) or _LIST_INTRO_RE.search(line.text)) or \
        line.text.endswith(("：", ":"))
    closing: list[Item] = []
    rest = [r for k, r in enumerate(rest) if not (is_picture_line(rest, k) or is_chrome_line(r.text))]
    run = parallel_run(rest)
    if 2 <= len(run) < len(rest):
        rest, closing = run, [boundary(rest[len(run)], SectionKind.OTHER)]
    if rest and (announces or len(run) >= 2):
        return [paragraph_item(r, "para", k + 1) for k, r in enumerate(rest)], closing
    return [], closing


def _problem_lists(text: str, lines: list[Line], items: list[Item], first_body: int,
                   stop: int) -> list[Item]:
    """A paragraph outside every list that enumerates problems (…还存在一些问题和不足：一是…；
    二是…): neither results nor plans, so it and its items are `other` sections."""
    taken = {it.line for it in items}
    found: list[Item] = []
    for line in lines[first_body + 1:stop]:
        if line.index in taken or not mentions_problems(line.text):
            continue
        inline = find_inline_items(text, line)
        if not inline or not is_problem_intro(text[line.start:inline[0].start]):
            continue
        if inline[0].start > line.start:
            found.append(boundary(line, SectionKind.OTHER))
        for item in inline:
            item.kind, item.group = SectionKind.OTHER, 20000 + line.index
        found.extend(inline)
    return found


# A closing summary or footnotes after the last area: neither results nor plans.
_CLOSING_RE = re.compile(
    r"^(?:(?:总的来看|总体来看|总体上看|总的看|总的来说|总体而言|总而言之|总之|综上所述|综上|综合来看|"
    r"从总体上?看|整体来看)[，,]|(?:注|备注|附注|说明)\s*[0-9０-９一二三四五六七八九十]?\s*[：:]|"
    r"(?:数据来源|资料来源)\s*[：:])")


def _closing_line(lines: list[Line], items: list[Item], stop: int) -> int | None:
    """The first closing paragraph (总的来看，… / 注：1. …) after the last area, if any."""
    for i in range(items[-1].line + 1, stop):
        if _CLOSING_RE.match(lines[i].text):
            return i
    return None


def _after_inline(lines: list[Line], items: list[Item], stop: int) -> list[Item]:
    """An item enumerated inside a paragraph ends with that paragraph: the paragraphs after it,
    up to the next boundary, are a section of their own — the outlook when they announce the
    plans that follow, else `other` (a question, a remark, the text introducing the next list)."""
    extra: list[Item] = []
    for k, item in enumerate(items):
        if item.form != "inline" or item.line + 1 >= stop:
            continue
        following = items[k + 1] if k + 1 < len(items) else None
        if following is not None and following.line == item.line:
            continue
        nxt = lines[item.line + 1]
        if following is not None and nxt.start >= following.start:
            continue
        if following is not None and following.kind == SectionKind.PRIORITY and following.line == nxt.index:
            extra.append(boundary(nxt, SectionKind.OUTLOOK, following.group))
        else:
            extra.append(boundary(nxt, SectionKind.OTHER))
    return extra


# ---------------------------------------------------------------------------------------------
# Sections

def _frame(lines: list[Line], first_body: int, credits: CreditBlock, items: list[Item]) -> list[Item]:
    """Add the lead, leading captions and credits around the items, in text order."""
    frame: list[Item] = []
    front = _title_block_end(lines, first_body)
    if front < first_body:
        frame.append(boundary(lines[front], SectionKind.OTHER))
    if first_body < credits.stop and (not items or items[0].start > lines[first_body].start):
        frame.append(boundary(lines[first_body], SectionKind.LEAD))
    if credits.start is not None:
        frame.append(Item(credits.start, credits.stop, None, None, kind=SectionKind.CREDITS))
    return _by_start(frame + items)


def _title_block_end(lines: list[Line], first_body: int) -> int:
    """The first line after the title that is not a subtitle (——在…会议上), the speaker's line
    under it or a date line (2023年10月20日): those belong with the title and are no section;
    pictures and other meta lines before the lead are an `other` section."""
    i = 1
    while i < first_body and SUBTITLE_RE.match(lines[i].text):
        i += 1
        if i < first_body and _is_byline(lines, i):
            i += 1
    if i < first_body and is_date_line(lines[i].text):
        i += 1  # the dateline on a line of its own
    return i


def _is_byline(lines: list[Line], i: int) -> bool:
    """A short line naming a speaker or author (市人民检察院检察长　陈立新), not an image."""
    line = lines[i].text
    return len(line) <= 30 and not any(ch in line for ch in "。，,；;：:") and not is_image(line)


def _sections(text: str, items: list[Item]) -> list[Section]:
    """Each boundary runs to the next one. Numbers count level-1 sections within each kind
    (主要成效 一、二、三 whatever items lie between) and items within their parent and kind.

    The outline: an item (level 2) runs to the next boundary or the end of its own text
    (`Item.until`); a level-1 section runs to the next level-1 boundary, so that it covers its
    items ("the area with its items" is one span) and the prose around them. A level-2
    section's `parent` is the index of its level-1 section, always an earlier one."""
    counters: dict[str, int] = {}
    sections: list[Section] = []
    index = {id(item): k for k, item in enumerate(items)}
    next_top = len(text)
    limits = [0] * len(items)
    for k in range(len(items) - 1, -1, -1):  # the next level-1 start after each item
        limits[k] = next_top
        if items[k].parent is None:
            next_top = items[k].start
    for k, item in enumerate(items):
        if item.parent is None:
            limit = limits[k]
        else:
            limit = items[k + 1].start if k + 1 < len(items) else len(text)
            if item.until is not None:
                limit = min(limit, item.until)
        start, end = trim(text, item.start, limit)
        kind = item.kind or SectionKind.OTHER
        parent = index.get(id(item.parent)) if item.parent is not None else None
        counter = kind if parent is None else f"{parent}:{kind}"
        counters[counter] = counters.get(counter, 0) + 1
        sections.append(Section(kind=kind, number=counters[counter], heading=item.heading,
                                start=start, end=end, keyword=item.keyword, form=item.form,
                                level=1 if parent is None else 2, parent=parent))
    return sections
