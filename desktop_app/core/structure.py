"""Find a release's title, dateline, issuer, credits and sections (no figures: see metrics.py).

Government press releases share a small grammar: a title line, a lead (often opening with the
date and the organising body), areas of achievement introduced by heading lines, enumerated
paragraphs (一是…/第一，…) or items inside one paragraph, an outlook (下一步…重点做好五方面工作)
followed by the priorities, and credit lines at the end. The rules here describe that grammar;
none of them names a particular release. Offsets are code-point indices into the text given.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from desktop_app.core.model import CREDIT_FIELDS, Credits, Section
from desktop_app.core.numbers import parse_ordinal

# ---------------------------------------------------------------------------------------------
# Lines

# Every character str.isspace() accepts, plus zero-width space and a stray BOM.
_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
          "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff")
_SPACE_SET = frozenset(_SPACE)


@dataclass(frozen=True)
class Line:
    """A non-blank line: `start`/`end` bound its text without surrounding white space."""

    index: int
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text` with their trimmed bounds; hard-wrapped paragraphs rejoined."""
    raw_lines: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        raw_lines.append((pos, raw))
        pos += len(raw) + 1
    lines: list[Line] = []
    width = _wrap_width(raw_lines)
    joined_start: int | None = None
    for k, (pos, raw) in enumerate(raw_lines):
        stripped = raw.strip(_SPACE)
        if not stripped:
            joined_start = None
            continue
        start = pos + raw.index(stripped[0])
        end = start + len(stripped)
        if joined_start is not None and lines:
            start = lines.pop().start
        lines.append(Line(len(lines), start, end, text[start:end]))
        following = raw_lines[k + 1][1] if k + 1 < len(raw_lines) else ""
        wraps = width and _display_width(raw) >= width - 4 and _continues(stripped, following)
        joined_start = start if wraps else None
    return lines


def _display_width(line: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in line)


def _wrap_width(raw_lines: list[tuple[int, str]]) -> int:
    """The column at which a hard-wrapped file breaks its lines, or 0 when it does not wrap."""
    widths = [_display_width(raw.rstrip()) for _, raw in raw_lines[1:] if raw.strip(_SPACE)]
    if len(widths) < 6:
        return 0
    widest = max(widths)
    full = sum(1 for w in widths if w >= widest - 4)
    return widest if widest <= 160 and full >= 0.4 * len(widths) else 0


def _continues(line: str, following: str) -> bool:
    """A full-width line runs on unless it closes a sentence and the next line is indented."""
    if not following.strip(_SPACE) or enumerator_at(following.strip(_SPACE), 0):
        return False
    indented = following[:1] in _SPACE_SET
    return not (line[-1] in "。！？!?：:" or indented)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so that it neither begins nor ends with white space."""
    while start < end and text[start] in _SPACE_SET:
        start += 1
    while end > start and text[end - 1] in _SPACE_SET:
        end -= 1
    return start, end


# ---------------------------------------------------------------------------------------------
# Numerals and enumerators

_CN_NUM = "[一二三四五六七八九十]{1,3}"
_DIGITS = "[0-9０-９]{1,2}"
_ENGLISH_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                     "ninth", "tenth")


@dataclass(frozen=True)
class Enumerator:
    """A list marker at some position: its style (一、 vs （一） vs 一是 …) and ordinal."""

    style: str
    number: int
    start: int
    end: int


# Markers that open a line. Ordered by how high in a document's outline they usually sit.
_LINE_MARKERS: tuple[tuple[str, re.Pattern], ...] = (
    ("cn_dun", re.compile(rf"({_CN_NUM})\s*[、.．，,]")),
    ("cn_paren", re.compile(rf"[（(]\s*({_CN_NUM})\s*[）)]\s*[、.．]?")),
    ("di", re.compile(rf"第({_CN_NUM})(?:[，,、：:]|是|部分|方面|章)")),
    ("label", re.compile(rf"([\u4e00-\u9fff]{{1,6}}?)({_CN_NUM})\s*[：:]")),
    ("digit", re.compile(rf"({_DIGITS})\s*(?:[、．]|\.(?![0-9０-９]))\s*")),
    ("digit_paren", re.compile(rf"[（(]\s*({_DIGITS})\s*[）)]\s*")),
    ("digit_rparen", re.compile(rf"({_DIGITS})\s*[）)]\s*")),
    ("circled", re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩])\s*")),
    ("shi", re.compile(rf"({_CN_NUM})是")),
    ("yao", re.compile(rf"({_CN_NUM})要(?=[\u4e00-\u9fff])")),
    ("seq", re.compile(r"(首先|其次|再次|再者|最后)[，,、]")),
    ("en", re.compile(r"(First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|"
                      r"Firstly|Secondly|Thirdly|Finally|Lastly)\b\s*[,:]", re.I)),
)
_STYLE_RANK = {style: rank for rank, (style, _) in enumerate(_LINE_MARKERS)}
# Markers recognised inside a paragraph (after sentence punctuation): the inline forms.
_INLINE_STYLES = ("shi", "di", "cn_paren", "digit_paren", "circled", "yao", "seq", "en")
_SEQ_WORDS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "最后": 99}  # 99: closes any list
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _marker_number(style: str, match: re.Match) -> int | None:
    token = match.group(2) if style == "label" else match.group(1)
    if style == "circled":
        return _CIRCLED.index(token) + 1
    if style == "seq":
        return _SEQ_WORDS[token]
    if style == "en":
        word = token.lower().removesuffix("ly")
        if word in ("final", "last"):
            return 99
        return _ENGLISH_ORDINALS.index(word) + 1 if word in _ENGLISH_ORDINALS else None
    return parse_ordinal(token)


def enumerator_at(text: str, pos: int, styles=None) -> Enumerator | None:
    """The list marker that starts exactly at `pos`, if any."""
    for style, pattern in _LINE_MARKERS:
        if styles is not None and style not in styles:
            continue
        match = pattern.match(text, pos)
        if not match:
            continue
        number = _marker_number(style, match)
        if number:
            label = match.group(1) if style == "label" else ""
            return Enumerator(style + (":" + label if label else ""), number, pos, match.end())
    return None


# ---------------------------------------------------------------------------------------------
# Text cues

_SENTENCE_END = "。！？!?"
_CLAUSE_STOP = "。；;：:！？!?"
_CREDIT_ROLES = {
    "本报记者": "reporter", "记者": "reporter", "值班主任": "duty_editor", "值班编辑": "editor",
    "责任编辑": "editor", "责编": "editor", "编辑": "editor", "校对": "proofreader",
    "编审": "final_reviewer", "终审": "final_reviewer", "审核": "final_reviewer",
    "审校": "final_reviewer", "通讯员": None, "实习生": None, "来源": None, "作者": None,
    "供稿": None, "稿源": None, "摄影": None, "摄像": None, "文图": None, "图文": None, "文": None,
    "图": None, "摄": None, "监制": None, "制作": None, "主编": None, "策划": None, "出品": None,
    "初审": None, "复审": None, "Editor": "editor", "Reporter": "reporter", "Source": None,
    "Written by": "reporter", "Photo": None, "Translated by": None,
}
_ROLE_ALT = "|".join(sorted(map(re.escape, _CREDIT_ROLES), key=len, reverse=True))
_ROLE_RE = re.compile(rf"(?:(?<=^)|(?<=[\s（(【\[,，;；丨|｜/]))({_ROLE_ALT})(?=\s*[:：丨|｜/]|\s+\S)")
_CREDIT_LINE_RE = re.compile(rf"^[（(【\[]?\s*(?:{_ROLE_ALT})\s*(?:[:：丨|｜/]|\s)\s*\S")
_END_MARK_RE = re.compile(r"^[（(【\[]\s*(?:完|全文完|END|end|终)\s*[）)】\]]$")
_INLINE_CREDIT_RE = re.compile(
    rf"[（(]\s*(?:(?:{_ROLE_ALT})\s*(?:[:：]|\s)?\s*[^（()）]{{1,40}}|完|全文完)[）)]\s*$")
_IMAGE_RE = re.compile(r"^\S.{0,200}\.(?:jpe?g|png|gif|bmp|webp|tiff?)$", re.I)
_NAME_TAG_RE = re.compile(r"^[\u4e00-\u9fff]{2,16}[ \u3000\xa0]+[\u4e00-\u9fff·]{2,3}$")  # 党委书记 李金芳
_CAPTION_RE = re.compile(r"^(?:图为|图：|图:|图片|资料图|▲|△)|(?:摄|摄影|供图|资料图)[）)]?$")


def _is_credit_line(line: str) -> bool:
    if _END_MARK_RE.match(line):
        return True
    return len(line) <= 60 and bool(_CREDIT_LINE_RE.match(line))


# Roles that only stand in for a field when its own role is absent: a separate 编辑 line names
# the editor, and 责任编辑/值班编辑 fill `editor` only when there is none (the credits section's
# text keeps every line, so no name is lost).
_STAND_IN_ROLES = frozenset({"责任编辑", "责编", "值班编辑"})


def parse_credits(chunks: list[str]) -> Credits:
    """Credits from credit lines/snippets: 记者/编辑/值班主任/校对/编审 → the Credits fields."""
    found: dict[str, str] = {}
    stand_ins: dict[str, str] = {}
    for chunk in chunks:
        chunk = chunk.strip(_SPACE + "（()）【】[]")
        matches = list(_ROLE_RE.finditer(chunk))
        for i, match in enumerate(matches):
            stop = matches[i + 1].start() if i + 1 < len(matches) else len(chunk)
            value = chunk[match.end():stop].strip(_SPACE + ":：丨|｜/,，;；、（()）")
            key = _CREDIT_ROLES[match.group(1)]
            target = stand_ins if match.group(1) in _STAND_IN_ROLES else found
            if key and value and key not in target:
                target[key] = value
    return Credits(**{k: found.get(k) or stand_ins.get(k) for k in CREDIT_FIELDS})


# Kind cues: (pattern, weight). Future/plan wording leans to priority, results to achievement.
_FUTURE_CUES = [(re.compile(p), w) for p, w in (
    (r"下一步|下阶段|下一阶段|接下来|新的一年|明年|来年", 3), (r"今后|未来|展望", 2),
    (r"力争|计划(?!单列|生育)|预计|拟(?=[\u4e00-\u9fff])", 1.5), (r"到\s*20\d\d\s*年|20\d\d\s*年前", 2),
    (r"重点做好|着力|抓好|争取|努力|确保|务必", 1), (r"需要|必须|应当|亟须|亟需", 1),
    (r"目标|任务", 0.5),
    (r"将(?!其|之|近|于|会议|军)", 1), (r"(?<![主重纲首需必只])要(?!求|素|闻|点|害|件|是)", 0.7),
    (r"(?:进一步|加快|加大|深化|推进|推动|强化)(?![了过])(?![^，。；]{0,6}[0-9０-９])", 0.2),
    (r"\b(?:will|plan|plans|aim|aims|target|next step|going forward|by 20\d\d)\b", 1.5),
)]
_PAST_CUES = [(re.compile(p), w) for p, w in (
    (r"(?<![为除])了(?!解|不起|如指掌)", 1), (r"已(?!知)(?:经)?", 1), (r"取得|成效|成绩|成果", 2),
    (r"荣获|获评|被评为|被授予|先后|累计|同比|比上年|较上年|比去年|年来|以来|截至|截止", 1.5),
    (r"比[^，。；,]{0,8}?(?:增长|增加|提高|加快|下降|减少|回落|上升|回升)", 1.5),
    (r"完成|实现|建成|达到|超过|增长|下降|提高|提升|减少|增加|回升", 0.4),
    (r"全年|上年|去年|今年以来|前[一二三]季度|上半年|[一二三四]季度|[0-9０-９]+[-－—~～][0-9０-９]+月", 0.5),
    (r"\b(?:has|have|had|was|were|achieved|completed|reached|rose|fell|increased|decreased)\b", 1),
)]
_OPENING_FUTURE_RE = re.compile(
    r"下一步|下阶段|下一阶段|接下来|今后|新的一年|明年|未来|展望|"
    r"将(?:继续|进一步|全力|着力|加快|重点|坚持|围绕|聚焦|持续|大力|积极|不断|深入|以)|"
    r"\b(?:next step|going forward|looking ahead|in the future|will continue|will further|"
    r"will focus|plans? to)\b", re.I)
# A heading about problems or remaining tasks (当前节能减排任务繁重) is neither results nor plans,
# unless it says they were tackled (风险防控能力持续增强, 短板加快补齐).
_PROBLEM_RE = re.compile(r"存在|面临|问题|挑战|困难|不足|短板|瓶颈|繁重|严峻")
_TACKLED_RE = re.compile(r"化解|破解|解决|防控|防范|补齐|攻克|应对|有效|明显|提升|提高|增强|改善")
_ANNOUNCE_RE = re.compile(
    r"([一二两三四五六七八九十]{1,3}|[0-9０-９]{1,2})\s*(?:(?:个|大|项|条|点)[\u4e00-\u9fff]{0,4}?|)"
    r"(?:方面|领域|重点|任务|工程|措施|举措|新?亮点|特点|成效|成果|行动|变化|突破|机制|做法|经验)")
_KEYWORD_RE = re.compile(
    r"^(?:围绕|突出|聚焦|坚持|把握|抓住|做好|立足|着眼|紧扣|紧盯|落实|在)(?:一个)?"
    r"[“\"「‘『]([^”\"」’』]{1,4})[”\"」’』]字")


_QUESTION_RE = re.compile(r"^(?:问|记者|主持人|Q)\s*[：:]")


def lean(text: str) -> float:
    """Positive when `text` reads like plans/next steps, negative when it reports results."""
    future = sum(w * len(p.findall(text)) for p, w in _FUTURE_CUES)
    past = sum(w * len(p.findall(text)) for p, w in _PAST_CUES)
    return future - past


def _first_clause(text: str) -> str:
    for i, ch in enumerate(text):
        if ch in _CLAUSE_STOP:
            return text[:i]
    return text


def _first_sentence(text: str) -> str:
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            return text[:i + 1]
    return text


def _opens_future(text: str) -> bool:
    """Does a paragraph open as a forward look (下一步…, 2015年，…将继续…)? Questions do not."""
    first = _first_sentence(text)
    if _QUESTION_RE.match(text) or first.endswith(("？", "?")):
        return False
    if re.search(r"(?<![为除])了(?!解)", first) or "已" in first:
        return False
    return bool(_OPENING_FUTURE_RE.search(first[:80]))


# ---------------------------------------------------------------------------------------------
# Title, dateline, issuer

_DATE_RE = re.compile(
    r"(?:(?:[12][0-9]{3}|[１２][０-９]{3})\s*年\s*)?(?:[0-9０-９]{1,2})\s*月\s*(?:[0-9０-９]{1,2})\s*[日号]"
    r"(?:\s*[～~至\-—–]\s*(?:[0-9０-９]{1,2})\s*[日号])?"
    r"|[12][0-9]{3}[-/.][01]?[0-9][-/.][0-3]?[0-9]"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+[0-3]?[0-9](?:,\s*[12][0-9]{3})?")
_ORG_SUFFIX = (r"(?:委员会|人民政府|政府|办公厅|办公室|宣传部|新闻办|部|委|局|办|厅|院|署|会|中心|"
               r"集团|公司|协会|联合会|法院|检察院|研究所|大学|学院|银行|处|队|站|所)")
_ORG = rf"((?:中共)?[\u4e00-\u9fff（）()、]{{1,30}}?{_ORG_SUFFIX})"
_ISSUE_VERB = (r"(?:联合|组织|召开|举行|举办|发布|公布|印发|通报|宣布|主办|发出|下发|出台|介绍|"
               r"透露|表示|消息|在|于|近日|日前|今天|今日|昨天|昨日)")
_ISSUER_AFTER_DATE_RE = re.compile(
    rf"(?:上午|下午|晚上|晚间|凌晨|早上|中午)?\s*[,，、]?\s*{_ORG}(?={_ISSUE_VERB})")
_ISSUER_LEAD_RE = re.compile(rf"^(?:日前|近日|近期|今天|今日|昨天|昨日)?[，,]?\s*{_ORG}(?={_ISSUE_VERB})")
_ISSUER_FROM_RE = re.compile(rf"记者(?:近日|日前|今天|今日|昨天|昨日)?从{_ORG}(?=获悉|了解到|召开|举行|举办)")
_NEWS_PREFIX_RE = re.compile(r"^(?:本报讯|本网讯|讯|[\u4e00-\u9fff]{1,8}(?:社|网|报|台)[\u4e00-\u9fff]{0,6})$")


def find_dateline(lines: list[Line]) -> tuple[str | None, Line | None, int]:
    """The release date as written (10月14日) near the top: at the start of a paragraph or a date line."""
    for line in lines[:4]:
        head = line.text[:60]
        match = _DATE_RE.search(head)
        if not match:
            continue
        before = head[:match.start()]
        if len(line.text) <= 40 or _is_dateline_prefix(before):
            return match.group(0), line, match.end()
    return None, None, 0


def _is_dateline_prefix(before: str) -> bool:
    """Nothing, a news-agency/place prefix (新华社北京, BEIJING,) or a bracketed credit before the date."""
    before = re.sub(r"[（(【\[][^）)】\]]{0,30}[）)】\]]", "", before).strip(_SPACE)
    return (not before or bool(_NEWS_PREFIX_RE.match(before))
            or bool(re.fullmatch(r"[A-Z][A-Za-z .'-]{1,30},?", before)))


def find_issuer(paragraph: str, after_date: int | None) -> str | None:
    """The organisation that issued the release (中共淄博市委宣传部组织召开… → 中共淄博市委宣传部)."""
    if after_date is not None:
        match = _ISSUER_AFTER_DATE_RE.match(paragraph, after_date)
        if match:
            return _clean_org(match.group(1))
    match = _ISSUER_LEAD_RE.match(paragraph) or _ISSUER_FROM_RE.search(paragraph[:80])
    return _clean_org(match.group(1)) if match else None


def _clean_org(org: str) -> str | None:
    org = re.sub(r"^(?:日前|近日|今天|今日|昨天|昨日|电|讯)", "", org)
    if len(org) < 2 or re.search(r"[我你他她它这那全]", org[:1]):
        return None
    return org


# ---------------------------------------------------------------------------------------------
# Items: the places where an achievement/priority section begins


@dataclass
class Item:
    """A section boundary found in the body (internal; becomes a Section)."""

    start: int
    line: int                       # index of the line it starts in
    form: str | None                # heading_line / paragraph_lead / inline / None
    heading: str | None
    style: str | None = None
    number: int | None = None
    kind: str | None = None         # fixed kind (lead/outlook/credits/other), else decided later
    lean: float = 0.0
    keyword: str | None = None
    group: int = -1                 # items of one list share a group


def _heading_of(text: str) -> str:
    return _first_clause(text).rstrip(_SPACE)


def _is_image(line: str) -> bool:
    return bool(_IMAGE_RE.match(line)) and " " not in line.strip()[-12:]


def _is_short_heading_text(line: str) -> bool:
    """A line that reads like an unnumbered heading: short, no sentence or clause punctuation."""
    if not 2 <= len(line) <= 36 or _IMAGE_RE.match(line) or _is_credit_line(line):
        return False
    if any(ch in line for ch in "。！？；;!?") or line[-1] in "：:，,、—-…" or line[0] in "—-":
        return False
    if re.fullmatch(r"[（(\[].*[）)\]]", line) or _END_MATTER_RE.match(line):
        return False
    if _DATE_RE.fullmatch(line) or re.fullmatch(r"[\d\s\W]+", line):
        return False
    return not line.endswith(".") or len(line.split()) <= 8


def _is_body_paragraph(line: str) -> bool:
    return len(line) >= 40 or (line.rstrip("”’\"')）")[-1:] in "。！？.!?" and len(line) >= 12)


_SENTENCE_STYLES = ("shi", "yao", "seq", "en", "di")


def _numbered_line_form(text: str, line: Line, marker: Enumerator, next_line: Line | None) -> str:
    """heading_line when the numbered line is one short heading with text under it, else paragraph_lead."""
    rest = line.text[marker.end - line.start:]
    inner = rest[:-1] if rest.endswith(("。", ".")) else rest
    if len(line.text) > 50 or any(ch in inner for ch in "。！？；;!?") or next_line is None:
        return "paragraph_lead"
    following = enumerator_at(text, next_line.start)
    if following and following.style == marker.style:
        return "paragraph_lead"  # one-line items in a row: a list, not headings
    if marker.style.split(":")[0] in _SENTENCE_STYLES and re.search(r"[，,。.]", rest):
        return "paragraph_lead"
    return "heading_line"


def _runs(items: list[Item]) -> list[list[Item]]:
    """Split same-style items into runs numbered 1, 2, 3 …; keep runs of two or more."""
    by_style: dict[str, list[Item]] = {}
    for item in items:
        by_style.setdefault(item.style or "", []).append(item)
    runs: list[list[Item]] = []
    for style_items in by_style.values():
        current: list[Item] = []
        for item in style_items:
            if current and item.number == current[-1].number + 1:
                current.append(item)
            elif current and item.number == 99:
                current.append(item)
            else:
                if len(current) >= 2:
                    runs.append(current)
                current = [item] if item.number == 1 else []
        if len(current) >= 2:
            runs.append(current)
    return runs


def _style_rank(style: str) -> int:
    return _STYLE_RANK.get(style.split(":")[0], 99)


def find_line_items(text: str, lines: list[Line], first_body: int) -> list[Item]:
    """Numbered lines (一、 / （一） / 1. / 第一， / 一是 / 关注点一：) that form a 1, 2, 3 … run."""
    candidates: list[Item] = []
    for line in lines[first_body:]:
        marker = enumerator_at(text, line.start)
        if not marker:
            continue
        following = lines[line.index + 1] if line.index + 1 < len(lines) else None
        form = _numbered_line_form(text, line, marker, following)
        heading = line.text if form == "heading_line" else _heading_of(line.text)
        candidates.append(Item(line.start, line.index, form, heading, marker.style, marker.number))
    runs = _runs(candidates)
    if not runs:
        return []
    # The style of the first list is the outline's top level (一、 before its （一）); lists of
    # other styles are nested in it or belong to a later outlook.
    top = min(runs, key=lambda run: (run[0].start, _style_rank(run[0].style)))[0].style
    chosen = [run for run in runs if run[0].style == top]
    items: list[Item] = []
    for group, run in enumerate(chosen):
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
        line = lines[i]
        if not _is_short_heading_text(line.text) or _is_caption_context(lines, i, stop):
            i += 1
            continue
        nxt = i + 1
        two_line = (nxt < stop and _is_short_heading_text(lines[nxt].text)
                    and nxt + 1 < stop and _is_body_paragraph(lines[nxt + 1].text))
        body = _skip_pictures(lines, nxt + 1 if two_line else nxt, stop, 1)
        before = _skip_pictures(lines, i - 1, first_body, -1)
        framed = _is_body_paragraph(lines[before].text) and body < stop
        if framed and _is_body_paragraph(lines[body].text):
            items.append(Item(line.start, i, "heading_line", line.text, "plain", len(items) + 1))
            i = body
        i += 1
    return items if len(items) >= 2 else []


def _is_picture_line(lines: list[Line], i: int) -> bool:
    """An image file name, a photo caption (图为…, …供图）, a short line under an image) or a
    name tag under a portrait."""
    line = lines[i].text
    if _is_image(line) or _CAPTION_RE.search(line) or _NAME_TAG_RE.match(line):
        return True
    return i > 0 and _is_image(lines[i - 1].text) and not _is_body_paragraph(line)


def _skip_pictures(lines: list[Line], i: int, limit: int, step: int) -> int:
    """From line `i`, the first line in direction `step` that is not part of a picture."""
    while i != limit and 0 <= i < len(lines) and _is_picture_line(lines, i):
        i += step
    return i


# A caption written without 图为 describes a scene: someone somewhere (农民在田间播种), or ends
# with a scene word (与会人员合影, 活动现场).
_CAPTION_TAIL_RE = re.compile(r"[\u4e00-\u9fff]在[\u4e00-\u9fff]|(?:现场|合影|留影|一角|掠影|剪影|场景|画面|"
                              r"实景|效果图)$")


def _is_caption_context(lines: list[Line], i: int, stop: int) -> bool:
    """A short line worded like a photo caption or a name tag, placed above an image file name,
    or below one and worded like a description of a scene."""
    line = lines[i].text
    if _CAPTION_RE.search(line) or _NAME_TAG_RE.match(line):
        return True
    if i + 1 < stop and _is_image(lines[i + 1].text):
        return True
    return i > 0 and _is_image(lines[i - 1].text) and bool(_CAPTION_TAIL_RE.search(line))


def find_inline_items(text: str, line: Line) -> list[Item]:
    """Enumerations inside one paragraph: …特点。一是…；二是…；三是…"""
    found: list[Item] = []
    for match in re.finditer(r"(?:^|(?<=[。；;：:！？!?，,]))\s*", line.text):
        pos = line.start + match.end()
        if pos >= line.end:
            continue
        marker = enumerator_at(text, pos, _INLINE_STYLES)
        if marker and not (found and found[-1].start == pos):
            found.append(Item(pos, line.index, "inline", None, marker.style, marker.number))
    items = [it for run in _runs(found) for it in run]
    items.sort(key=lambda it: it.start)
    for k, item in enumerate(items):
        stop = items[k + 1].start if k + 1 < len(items) else line.end
        item.heading = _heading_of(text[item.start:stop])
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
# Assembly


@dataclass(frozen=True)
class Structure:
    """Everything structure.py finds in a release; parser.py adds the figures."""

    title: str | None
    dateline: str | None = None
    issuer: str | None = None
    credits: Credits = field(default_factory=Credits)
    sections: tuple[Section, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Credits:
    stop: int                 # index of the first credit line (or len(lines))
    start: int | None         # offset where the credits begin, None when there are none
    chunks: tuple[str, ...]


def analyse(text: str) -> Structure:
    """Title, dateline, issuer, credits and the sections covering the body, in order."""
    lines = split_lines(text)
    if not lines:
        return Structure(title=None)
    credits = _find_credits(text, lines)
    first_body = _first_body_line(lines, credits.stop)
    dateline, issuer = _dateline_and_issuer(lines, first_body, credits.stop)
    stop = _end_matter(lines, first_body, credits.stop)
    if stop < credits.stop:
        body_end = lines[stop - 1].end
    else:
        body_end = credits.start if credits.start is not None else lines[-1].end
    items = _find_items(text, lines, first_body, stop, body_end)
    boundaries = _frame(lines, first_body, credits, items)
    if stop < credits.stop:
        boundaries.append(Item(lines[stop].start, stop, None, None, kind="other"))
        boundaries.sort(key=lambda it: it.start)
    chunks = list(credits.chunks) + _lead_credit(lines, first_body, credits.stop)
    return Structure(
        title=lines[0].text, dateline=dateline, issuer=issuer, credits=parse_credits(chunks),
        sections=tuple(_sections(text, boundaries)),
        warnings=tuple(_count_warnings(text, lines, items)),
    )


def _dateline_and_issuer(lines: list[Line], first_body: int, stop: int) -> tuple[str | None, str | None]:
    dateline, date_line, date_end = find_dateline(lines[1:first_body + 1])
    if first_body >= stop:
        return dateline, None
    body_line = lines[first_body]
    return dateline, find_issuer(body_line.text, date_end if date_line is body_line else None)


_END_MATTER_RE = re.compile(r"^[【\[（(]?\s*(?:附件|相关链接|相关阅读|延伸阅读|相关新闻|链接|背景资料|名词解释)"
                            r"\s*[0-9０-９一二三四五六七八九十]*\s*[】\]）)]?\s*(?:[：:]|$)")


def _end_matter(lines: list[Line], first_body: int, stop: int) -> int:
    """Index of the first line of attachments or related links after the body (else `stop`)."""
    for i in range(first_body + 1, stop):
        if _END_MATTER_RE.match(lines[i].text):
            return i
    return stop


def _is_sign_off(line: str) -> bool:
    """A closing line that only names the issuing body or the date (淄博市统计局 / 2023年1月20日)."""
    return len(line) <= 30 and bool(_DATE_RE.fullmatch(line) or re.fullmatch(rf"{_ORG}", line))


def _find_credits(text: str, lines: list[Line]) -> _Credits:
    """Credit lines at the end, and an inline (记者 张铭) closing the last paragraph (cut off `lines`)."""
    stop = len(lines)
    while stop > 2 and (_is_credit_line(lines[stop - 1].text) or _is_sign_off(lines[stop - 1].text)):
        stop -= 1
    chunks = [line.text for line in lines[stop:]]
    start = lines[stop].start if stop < len(lines) else None
    if stop > 1:
        last = lines[stop - 1]
        match = _INLINE_CREDIT_RE.search(last.text)
        if match and match.start() > 0:
            start = last.start + match.start()
            chunks.insert(0, match.group(0))
            body_end = _trim(text, last.start, start)[1]
            lines[stop - 1] = Line(last.index, last.start, body_end, text[last.start:body_end])
    return _Credits(stop, start, tuple(chunks))


def _lead_credit(lines: list[Line], first_body: int, stop: int) -> list[str]:
    """A reporter named at the top: 本报讯（记者 张铭）… / 新华社北京10月14日电（记者 张铭）"""
    if first_body >= stop:
        return []
    match = re.search(r"[（(]\s*((?:本报)?记者[^（()）]{1,30})[）)]", lines[first_body].text[:60])
    return [match.group(1)] if match else []


def _first_body_line(lines: list[Line], stop: int) -> int:
    """Skip photo captions, image names and meta lines between the title and the first paragraph."""
    for i in range(1, stop):
        line = lines[i].text
        if _is_image(line) or _CAPTION_RE.search(line):
            continue
        if len(line) >= 40 or any(ch in line for ch in "，,；;"):
            return i
    return 1 if stop > 1 else stop


def _find_items(text: str, lines: list[Line], first_body: int, stop: int, body_end: int) -> list[Item]:
    if first_body >= stop:
        return []
    items = (_top_items(text, lines, first_body, stop)
             or _lead_outlook(text, lines, first_body, stop)
             or _parallel_openings(lines, first_body, stop)
             or _topic_paragraphs(lines, first_body, stop))
    if not items:
        return []
    items = sorted(items + _lead_inline(text, lines, items, first_body), key=lambda it: it.start)
    items = sorted(_outlooks_before(text, lines, items, first_body) + items, key=lambda it: it.start)
    closing = _closing_line(lines, items, stop)
    split = _tail_split(text, lines, items, stop, skip=closing)
    ends = [lines[i].start for i in (split, closing) if i is not None]
    _decide_kinds(text, lines, items, min(ends, default=body_end), _document_prior(lines, first_body))
    if split is not None and items[-1].kind != "priority":
        next_group = max(it.group for it in items) + 1
        outlook_stop = closing if closing is not None and closing > split else stop
        items = items + _outlook_from(text, lines, split, outlook_stop, group=next_group)
    if closing is not None:
        items.append(Item(lines[closing].start, closing, None, None, kind="other"))
    items = sorted(items, key=lambda it: it.start)
    items = sorted(items + _after_inline(text, lines, items, stop), key=lambda it: it.start)
    for item in items:
        item.keyword = item.keyword or _keyword(item.heading)
    return items


def _lead_inline(text: str, lines: list[Line], items: list[Item], first_body: int) -> list[Item]:
    """Items enumerated inside the lead, before the first area (…呈现三个特点：一是…；二是…)."""
    if items[0].form == "inline":
        return []
    found = find_paragraph_items(text, lines, first_body, items[0].line)
    return [it for it in found if it.start < items[0].start]


# A closing summary or footnotes after the last area: neither results nor plans.
_CLOSING_RE = re.compile(
    r"^(?:(?:总的来看|总体来看|总体上看|总的看|总的来说|总体而言|总而言之|总之|综上所述|综上|综合来看|"
    r"从总体上?看|整体来看)[，,]|(?:注|备注|附注|说明)\s*[0-9０-９一二三四五六七八九十]?\s*[：:]|"
    r"(?:数据来源|资料来源)\s*[：:])")


def _closing_line(lines: list[Line], items: list[Item], stop: int) -> int | None:
    """The first closing paragraph (总的来看，… / 注：1. …) after the last area, if any."""
    last = items[-1]
    for i in range(last.line + 1, stop):
        if _CLOSING_RE.match(lines[i].text):
            return i
    return None


def _after_inline(text: str, lines: list[Line], items: list[Item], stop: int) -> list[Item]:
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
        future = following is not None and following.kind == "priority" and following.line == nxt.index
        extra.append(Item(nxt.start, nxt.index, None, None, kind="outlook" if future else "other",
                          group=following.group if future else -1))
    return extra


_PLAN_TITLE_RE = re.compile(r"要点|方案|规划|计划|意见|措施|办法|通知|部署|安排|打算|任务|行动|举措|将")
_RESULT_TITLE_RE = re.compile(r"成效|成绩|成果|回顾|总结|十年|情况|增长|下降|完成|实现|达到?|突破|稳步|持续")


def _document_prior(lines: list[Line], first_body: int) -> float:
    """Does the release as a whole report results (negative) or set out plans (positive)?"""
    title = lines[0].text
    prior = 1.5 * bool(_PLAN_TITLE_RE.search(title)) - 1.5 * bool(_RESULT_TITLE_RE.search(title))
    return prior + 0.3 * lean(lines[first_body].text)


def _top_items(text: str, lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """The highest level of structure present: heading lines, else enumerated paragraphs, else inline."""
    numbered = find_line_items(text, lines[:stop], first_body)
    plain = find_unnumbered_headings(lines, first_body, stop)
    headed = [it for it in numbered if it.form == "heading_line"]
    if numbered and (2 * len(headed) >= len(numbered) or not plain):
        return _expand_headers(text, lines, _continue_short_lists(text, lines, numbered, stop), stop)
    if plain:
        return _expand_headers(text, lines, plain, stop)
    return find_paragraph_items(text, lines, first_body, stop)


_CATEGORY_RE = re.compile(r"成效|成绩|成果|情况|做法|举措|措施|打算|安排|计划|思路|目标|任务|下一步|"
                          r"主要|亮点|经验|进展|特点|变化|问题|工作$")


_PLAN_HEADER_RE = re.compile(r"打算|安排|计划|思路|目标|任务|展望|下一步|今后|明年|下阶段|重点工作")


def _expand_headers(text: str, lines: list[Line], items: list[Item], stop: int) -> list[Item]:
    """A heading that only names a category (一、主要成效 / 二、下一步工作打算) over its own list:
    the heading becomes an outlook (or other) section and the list's items the areas.

    Convention for nested outlines: sections are a flat list numbered within each kind, so only
    the innermost items are achievements/priorities — counting the container too would make
    "主要成效 (5)" of four areas and shift every number off its （一）…（四）. The container that
    introduces the plans, with its opening paragraph (重点抓好四个方面工作), is exactly an outlook;
    the one that introduces the results (with any summary under it) is `other`.
    """
    result: list[Item] = []
    for k, item in enumerate(items):
        end = items[k + 1].line if k + 1 < len(items) else stop
        sub = _header_list(text, lines, item, end)
        if not sub:
            result.append(item)
            continue
        future = bool(_PLAN_HEADER_RE.search(item.heading)) or lean(item.heading) > 0
        item.kind = "outlook" if future else "other"
        for member in sub:
            member.group = 1000 + k
            member.kind = "priority" if future else None
        result.append(item)
        result.extend(sub)
    return result


def _header_list(text: str, lines: list[Line], item: Item, end: int) -> list[Item]:
    if item.form != "heading_line":
        return []
    bare = item.heading[(enumerator_at(item.heading, 0).end if enumerator_at(item.heading, 0) else 0):]
    if len(bare) > 16 or not _CATEGORY_RE.search(bare):
        return []
    sub = [it for it in find_line_items(text, lines[:end], item.line + 1) if it.style != item.style]
    sub = sub or find_paragraph_items(text, lines, item.line + 1, end)
    if len(sub) < 2 or sub[0].line > item.line + 2:
        return []
    return sub


_CONTINUE_RE = re.compile(r"^(?:此外|另外|同时|还要|再者|最后)[，,]")


def _continue_short_lists(text: str, lines: list[Line], items: list[Item], stop: int) -> list[Item]:
    """When a list announces more items (六大工程) than it numbers, count the unnumbered paragraphs
    that open like further items (此外，… or a short topic sentence such as 积极实施机动车减排。)."""
    last = items[-1]
    if last.form != "paragraph_lead":
        return items
    group = [it for it in items if it.group == last.group]
    window = text[lines[group[0].line - 1].start:group[0].start] if group[0].line else ""
    announced = _announced(window)
    if not announced or announced[0] <= len(group):
        return items
    extra: list[Item] = []
    for line in lines[last.line + 1:stop]:
        if len(group) + len(extra) >= announced[0]:
            break
        if _CONTINUE_RE.match(line.text) or _is_topic_sentence(line.text):
            extra.append(Item(line.start, line.index, "paragraph_lead", _heading_of(line.text),
                              last.style, None, group=last.group))
    return items + extra


def _is_topic_sentence(paragraph: str) -> bool:
    """A paragraph opening with a short, figure-free sentence that names a task or an area."""
    first = _first_sentence(paragraph)
    return (first.endswith("。") and 4 <= len(first) <= 21 and len(paragraph) > len(first)
            and not re.search(r"[0-9０-９，,、：:“”\"]", first))


def _keyword(heading: str | None) -> str | None:
    if not heading:
        return None
    match = _KEYWORD_RE.match(heading)
    return match.group(1) if match else None


def _spans(lines: list[Line], items: list[Item], body_end: int) -> list[tuple[int, int]]:
    """Where each item's own text ends: at the next item, and an inline item at its paragraph's end
    (the next paragraph — 下一步，… — says nothing about it)."""
    spans = []
    for k, item in enumerate(items):
        end = items[k + 1].start if k + 1 < len(items) else body_end
        if item.form == "inline":
            end = min(end, lines[item.line].end)
        spans.append((item.start, end))
    return spans


_VERB_HEADING_RE = re.compile(r"^(?:提升|降低|加强|推进|推动|深化|强化|完善|健全|加快|优化|扩大|实施|落实|"
                              r"坚持|提高|促进|构建|打造|建立|建设|做好|抓好|着力|全力|持续|大力|积极)"
                              r"(?![^，。；]*了)")


def _decide_kinds(text: str, lines: list[Line], items: list[Item], body_end: int,
                  prior: float = 0.0) -> None:
    """achievement vs priority by the genre's cues, weighed with the item's group and the document."""
    for item, (start, end) in zip(items, _spans(lines, items, body_end)):
        if item.kind:
            continue
        heading = item.heading or ""
        bare = heading[enumerator_at(heading, 0).end:] if enumerator_at(heading, 0) else heading
        verb = 0.7 if item.form == "heading_line" and _VERB_HEADING_RE.match(bare) else 0.0
        item.lean = 2 * lean(heading) + verb + lean(text[start + len(heading):end])
        if item.form == "heading_line" and _PROBLEM_RE.search(heading) and not _TACKLED_RE.search(heading):
            item.kind = "other"
    groups: dict[int, list[Item]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    for members in groups.values():
        middle = statistics.median(it.lean for it in members)
        announced = _announcement_lean(_text_before(text, lines, items, members[0]))
        for item in members:
            if item.kind:
                continue
            score = item.lean + 0.5 * middle + prior + announced
            item.kind = "priority" if score > 0 else "achievement"


_PLAN_NOUNS_RE = re.compile(r"措施|举措|任务|行动|工程|打算|安排")


def _announcement_lean(intro: str) -> float:
    """What the list's announcement calls its items: 三项措施 (plans) or 三个亮点 (results)."""
    matches = list(_ANNOUNCE_RE.finditer(intro))
    if not matches:
        return 0.0
    match = matches[-1]
    if _RESULT_NOUNS_RE.search(match.group(0)):
        return -1.0
    return 1.0 if _PLAN_NOUNS_RE.search(match.group(0)) else 0.0


def _outlooks_before(text: str, lines: list[Line], items: list[Item], first_body: int) -> list[Item]:
    """A forward-looking paragraph right before a list (下一步，重点抓好以下三项工作：) is its outlook;
    so is the opening of a paragraph that goes on to enumerate (下一步，…：一是…；二是…)."""
    outlooks: list[Item] = []
    item_lines = {it.line for it in items}
    containers = {it.line for it in items
                  if it.form == "heading_line" and it.kind in ("outlook", "other")}
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
        if not opening or at < first_body or not _opens_plans(opening):
            continue
        for item in items:
            if item.group == first.group and item.kind is None:
                item.kind = "priority"
        # A category heading (二、2024年工作安排) and its opening paragraph are one outlook.
        if at > first_body and at - 1 not in containers:
            outlooks.append(Item(lines[at].start, at, None, None, kind="outlook", group=first.group))
    return outlooks


def _opens_plans(paragraph: str) -> bool:
    """A paragraph (or the opening of one) that looks forward or announces the plans that follow."""
    return _opens_future(paragraph) or _is_plan_announcement(paragraph)


# A count or 以下/如下 announcing the list that follows; results-type nouns announce achievements.
_LIST_INTRO_RE = re.compile(r"以下|如下|几个?方面|几项|几点|the following", re.I)
_RESULT_NOUNS_RE = re.compile(r"特点|成效|成果|成绩|亮点|变化|经验|做法")
_PLAN_CUE_RE = re.compile(
    r"下一步|下阶段|下一阶段|接下来|新的一年|今后|明年|来年|未来|(?<![即现特兹])将(?!其|之|近|于)|"
    r"(?<![主重纲首需必只])要(?!求|素|闻|点|害|件|是)|拟(?=[\u4e00-\u9fff])|计划(?!单列)|力争|"
    r"\b(?:will|plans? to|aims? to)\b")


def _is_plan_announcement(paragraph: str) -> bool:
    """A paragraph closing on an announcement of plans (…将…重点在三个方面发力： / …重点抓好以下工作。),
    whatever its length: a forward cue and a count or 以下/如下 in its last sentence, no 了/已."""
    body = paragraph.rstrip(_SPACE)
    if not body.endswith(("：", ":", "。")):
        return False
    last = re.split(r"[。！？!?]", body[:-1])[-1]
    if re.search(r"(?<![为除])了(?!解)|已", last) or not _PLAN_CUE_RE.search(last):
        return False
    announce = _ANNOUNCE_RE.search(last)
    if announce and not _RESULT_NOUNS_RE.search(announce.group(0)):
        return True
    return bool(_LIST_INTRO_RE.search(last))


def _tail_split(text: str, lines: list[Line], items: list[Item], stop: int,
                skip: int | None = None) -> int | None:
    """The line after the last area where a forward look begins (下一步…, 2015年，…将继续…, or a
    paragraph announcing the plans: …重点在三个方面发力：)."""
    last = items[-1]
    first = last.line + (2 if last.form == "heading_line" else 1)
    for i in range(first, stop):
        if i != skip and _opens_plans(_opening_of(text, lines[i])):
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
        announcing = _opens_future(line) and (_ANNOUNCE_RE.search(line) or line.endswith(("：", ":")))
        if announcing or _is_plan_announcement(line):
            return _outlook_from(text, lines, i, stop, group=0)
    return []


def _outlook_from(text: str, lines: list[Line], at: int, stop: int, group: int) -> list[Item]:
    """The outlook paragraph at line `at` and the priorities after it (or it is itself one)."""
    line = lines[at]
    rest = lines[at + 1:stop]
    sub = (find_inline_items(text, line) or find_line_items(text, lines[:stop], at + 1)
           or find_paragraph_items(text, lines, at + 1, stop))
    announces = bool(_ANNOUNCE_RE.search(line.text)) or line.text.endswith(("：", ":"))
    closing: list[Item] = []
    if not sub:
        run = _parallel_run(rest)
        if len(run) >= 2 and len(run) < len(rest):  # 在降碳上下功夫。… ×3, then a closing remark
            rest, closing = run, [Item(rest[len(run)].start, rest[len(run)].index, None, None,
                                       kind="other")]
        if len(rest) >= 2 or (rest and announces):
            sub = [Item(r.start, r.index, "paragraph_lead", _heading_of(r.text), "para", k + 1)
                   for k, r in enumerate(rest)]
    if not sub:
        return [Item(line.start, at, "paragraph_lead", _heading_of(line.text), kind="priority",
                     group=group)]
    for item in sub:
        item.kind, item.group = "priority", group
    sub.sort(key=lambda it: it.start)
    if sub[0].start == line.start:  # the paragraph opens with its first item: no outlook text
        return sub + closing
    return [Item(line.start, at, None, None, kind="outlook", group=group)] + sub + closing


def _parallel_run(paragraphs: list[Line]) -> list[Line]:
    """The paragraphs at the start of `paragraphs` that open in the same shape: a short topic
    sentence (在减污上求突破。…), a 围绕一个“X”字 phrase or a 【…】 tag."""
    def shape(line: Line) -> str | None:
        if _KEYWORD_RE.match(line.text):
            return "keyword"
        if _BRACKET_LEAD_RE.match(line.text):
            return "bracket"
        return "topic" if _is_topic_sentence(line.text) else None

    first = shape(paragraphs[0]) if paragraphs else None
    run = []
    for line in paragraphs:
        if first is None or shape(line) != first:
            break
        run.append(line)
    return run


_OPENING_RE = re.compile(r"^([^，,。：:；;]{2,8})[，,]")


_BRACKET_LEAD_RE = re.compile(r"^【(?!编者按|编者|相关|延伸|链接|提示|注)[^】]{2,12}】")


def _parallel_openings(lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """Paragraphs in a row opening alike are items: 【工业】…/【消费】…, or three or more
    sharing their first phrase (十年来，… / 围绕一个“X”字，…)."""
    def opening(line: Line | None) -> str | None:
        if line is None:
            return None
        if _BRACKET_LEAD_RE.match(line.text):
            return "【】"
        keyword = _KEYWORD_RE.match(line.text)
        match = _OPENING_RE.match(line.text)
        return keyword.group(0)[:4] if keyword else (match.group(1) if match else None)

    run: list[Line] = []
    for line in lines[first_body + 1:stop] + [None]:
        key = opening(line)
        if run and key and key == opening(run[0]):
            run.append(line)
            continue
        if len(run) >= (2 if opening(run[0]) == "【】" else 3) if run else False:
            return [Item(r.start, r.index, "paragraph_lead", _heading_of(r.text), "para", k + 1,
                         group=0) for k, r in enumerate(run)]
        run = [line] if key else []
    return []


def _topic_paragraphs(lines: list[Line], first_body: int, stop: int) -> list[Item]:
    """Two or more paragraphs in a row, each opening with a short topic sentence (学前教育普及水平持续提升。…)."""
    run: list[Line] = []
    for line in lines[first_body + 1:stop] + [None]:
        if line is not None and _is_topic_sentence(line.text):
            run.append(line)
            continue
        if len(run) >= 2:
            return [Item(r.start, r.index, "paragraph_lead", _heading_of(r.text), "topic", k + 1,
                         group=0) for k, r in enumerate(run)]
        run = []
    return []


def _frame(lines: list[Line], first_body: int, credits: _Credits, items: list[Item]) -> list[Item]:
    """Add the lead, leading captions and credits around the items, in text order."""
    frame: list[Item] = []
    if first_body > 1:
        frame.append(Item(lines[1].start, 1, None, None, kind="other"))
    if first_body < credits.stop and (not items or items[0].start > lines[first_body].start):
        frame.append(Item(lines[first_body].start, first_body, None, None, kind="lead"))
    if credits.start is not None:
        frame.append(Item(credits.start, credits.stop, None, None, kind="credits"))
    return sorted(frame + items, key=lambda it: it.start)


def _sections(text: str, items: list[Item]) -> list[Section]:
    """Each boundary runs to the next one; numbers count within each kind."""
    counters: dict[str, int] = {}
    sections: list[Section] = []
    for k, item in enumerate(items):
        limit = items[k + 1].start if k + 1 < len(items) else len(text)
        start, end = _trim(text, item.start, limit)
        kind = item.kind or "other"
        counters[kind] = counters.get(kind, 0) + 1
        sections.append(Section(kind=kind, number=counters[kind], heading=item.heading,
                                start=start, end=end, keyword=item.keyword, form=item.form))
    return sections


def _count_warnings(text: str, lines: list[Line], items: list[Item]) -> list[str]:
    """When the text announces N items (五方面工作, 六个方面) but a different number follows."""
    warnings: list[str] = []
    groups: dict[int, list[Item]] = {}
    for item in items:
        if item.form:
            groups.setdefault(item.group, []).append(item)
    for members in groups.values():
        announced = _announced(_text_before(text, lines, items, members[0]))
        if announced and announced[0] != len(members):
            n, phrase = announced
            warnings.append(f"文中称“{phrase}”，但找到 {len(members)} 项 / "
                            f"the text announces {n} items ({phrase}) but {len(members)} were found")
    return warnings


def _text_before(text: str, lines: list[Line], items: list[Item], first: Item) -> str:
    """The text that introduces a list: from the paragraph before it (or its own paragraph's start,
    for items inside a paragraph) to its first item, never reaching back past an earlier item."""
    line = lines[first.line]
    window = lines[first.line - 1].start if first.start == line.start and first.line else line.start
    earlier = [it.start for it in items if it.start < first.start]
    return text[max([window] + earlier):first.start]


def _announced(text: str) -> tuple[int, str] | None:
    matches = list(_ANNOUNCE_RE.finditer(text))
    if not matches:
        return None
    match = matches[-1]
    number = parse_ordinal(match.group(1))
    return (number, match.group(0)) if number else None
