"""Lines of a release and what each one is: a list marker, a short heading, a picture, a caption.

`split_lines` turns the text into trimmed, non-blank lines (rejoining hard-wrapped paragraphs);
the predicates here classify a single line by its shape — where a list marker (一、 （一） 1. 一是
第一， 关注点一：) opens it, whether it reads like a heading or a body paragraph, whether it belongs
to a picture (file name, caption, photo credit) or to the web page around the release (share
and print buttons, page meta). They look at form only, never at meaning
(structure_kinds.py) or at the document's outline (structure_lists.py).
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from desktop_app.core.numbers import parse_ordinal
from desktop_app.core.patterns import lazy

# Every character str.isspace() accepts, plus zero-width space and a stray BOM.
SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
         "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff")
SPACE_SET = frozenset(SPACE)
SENTENCE_END = "。！？!?"
CLAUSE_STOP = "。；;：:！？!?"


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: `start`/`end` bound its text without surrounding white space."""

    index: int
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text` with their trimmed bounds; hard-wrapped paragraphs rejoined."""
    lines: list[Line] = []
    width = _wrap_width(text)
    joins = False
    current: tuple[int, int] | None = None  # the line being read (it grows while wrapped lines join it)
    raw_lines = _raw_lines(text)
    following = next(raw_lines, None)
    while following is not None:
        pos, raw = following
        following = next(raw_lines, None)
        stripped = raw.strip(SPACE)
        if not stripped:
            joins = False
            continue
        start = pos + raw.index(stripped[0])
        end = start + len(stripped)
        if joins and current:
            current = (current[0], end)
        else:
            if current:
                lines.append(Line(len(lines), current[0], current[1], text[current[0]:current[1]]))
            current = (start, end)
        joins = bool(width and _display_width(raw) >= width - 4
                     and _continues(stripped, following[1] if following else ""))
    if current:
        lines.append(Line(len(lines), current[0], current[1], text[current[0]:current[1]]))
    return lines


def _raw_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for each piece of text.split("\n"), one at a time: a list of them would
    hold the whole text again in as many small strings as it has lines."""
    pos = 0
    while (end := text.find("\n", pos)) >= 0:
        yield pos, text[pos:end]
        pos = end + 1
    yield pos, text[pos:]


_WIDE_RE = re.compile("[\u2e80-\U0010ffff]")  # CJK and everything after it: two columns
_NARROW_RUN = lazy(r"[\x00-\u2e7f]+")  # the other characters, one column each


_WIDTH_PIECE = 65_536


def _display_width(line: str) -> int:
    """Columns of `line`: two for each wide character (_WIDE_RE), one for each other. The
    runs of narrow characters are counted (a line of Chinese has few of them; one regex
    match per wide character cost ~60 ns each), in pieces of a bounded length: the runs of
    one huge line of alternating wide and narrow characters (增长1%增长1%…) would cost
    several times the line."""
    narrow = 0
    for at in range(0, len(line), _WIDTH_PIECE):
        narrow += sum(map(len, _NARROW_RUN.findall(line, at, at + _WIDTH_PIECE)))
    return 2 * len(line) - narrow


def _wrap_width(text: str) -> int:
    """The column at which a hard-wrapped file breaks its lines, or 0 when it does not wrap."""
    widths: dict[int, int] = {}  # display width → how many non-blank lines after the first have it
    raw_lines = _raw_lines(text)
    next(raw_lines)
    for _, raw in raw_lines:
        if raw.strip(SPACE):
            line = raw.rstrip()
            # A line wider than any wrap width is the widest one or narrower than it: the text
            # does not wrap, and the lines after it need not be measured (a character is at
            # least one column wide: a longer line is wider).
            width = _WRAP_MAX + 1 if len(line) > _WRAP_MAX else _display_width(line)
            if width > _WRAP_MAX:
                return 0
            widths[width] = widths.get(width, 0) + 1
    count = sum(widths.values())
    if count < 6:
        return 0
    widest = max(widths)
    full = sum(n for width, n in widths.items() if width >= widest - 4)
    return widest if full >= 0.4 * count else 0


_WRAP_MAX = 160  # the widest line a hard-wrapped text may have, in columns


def _continues(line: str, following: str) -> bool:
    """A full-width line runs on unless it closes a sentence and the next line is indented."""
    if not following.strip(SPACE) or enumerator_at(following.strip(SPACE), 0):
        return False
    indented = following[:1] in SPACE_SET
    return not (line[-1] in "。！？!?：:" or indented)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so that it neither begins nor ends with white space."""
    while start < end and text[start] in SPACE_SET:
        start += 1
    while end > start and text[end - 1] in SPACE_SET:
        end -= 1
    return start, end


_CLAUSE_STOP_RE = lazy("[" + re.escape(CLAUSE_STOP) + "]")
_SENTENCE_END_RE = lazy("[" + re.escape(SENTENCE_END) + "]")


def first_clause(text: str) -> str:
    """`text` up to its first 。；：！？ (not included)."""
    stop = _CLAUSE_STOP_RE.search(text)
    return text[:stop.start()] if stop else text


def first_sentence(text: str) -> str:
    """`text` up to and including its first 。！？."""
    end = _SENTENCE_END_RE.search(text)
    return text[:end.end()] if end else text


def heading_of(text: str) -> str:
    """The heading of an item led inside a paragraph: its text up to the first 。, ； or ：."""
    return first_clause(text).rstrip(SPACE)


# ---------------------------------------------------------------------------------------------
# List markers

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
INLINE_STYLES = ("shi", "di", "cn_paren", "digit_paren", "circled", "yao", "seq", "en")
# The characters an inline marker opens with (the first of each pattern of INLINE_STYLES;
# tests/core/test_parse_work.py checks them against the patterns).
INLINE_FIRST = "[一二三四五六七八九十第（(①②③④⑤⑥⑦⑧⑨⑩首其再最]|(?i:[efnlst])"
# Markers that open a sentence rather than a heading (一是…, 第一，…).
SENTENCE_STYLES = ("shi", "yao", "seq", "en", "di")
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


def enumerator_at(text: str, pos: int, styles: Collection[str] | None = None) -> Enumerator | None:
    """The list marker that starts exactly at `pos`, if any."""
    if styles is None and _ANY_START.match(text, pos) is None:
        return None  # most lines open with no marker: one failed match, not one per style
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


def _any_of(styles: Collection[str]) -> re.Pattern[str]:
    """One pattern that matches where the marker pattern of any of `styles` does."""
    return lazy("|".join(
        f"(?i:{pattern.pattern})" if pattern.flags & re.IGNORECASE else f"(?:{pattern.pattern})"
        for style, pattern in _LINE_MARKERS if style in styles))


# Any (inline) marker at a position, in one regex: most line and sentence starts open with
# none, and one failed match is cheaper than trying each style (enumerator_at then decides).
_ANY_START = _any_of(_STYLE_RANK)
_INLINE_START = _any_of(INLINE_STYLES)


# Where an inline marker may open in a paragraph: at its start or after a clause mark and white
# space, before one of INLINE_FIRST (the clause mark itself opens the pattern: it is looked for
# at C speed, and the positions of other characters are never tried).
_INLINE_OPENING = lazy(rf"^\s*(?={INLINE_FIRST})")
_INLINE_AFTER_MARK = lazy(rf"[。；;：:！？!?，,]\s*(?={INLINE_FIRST})")


def inline_openings(paragraph: str) -> Iterator[int]:
    r"""Where an inline marker may begin in `paragraph` (a line's text): the positions where
    (?:^|(?<=[。；;：:！？!?，,]))\s* ends that one of INLINE_FIRST follows, in order."""
    opening = _INLINE_OPENING.match(paragraph)
    if opening:
        yield opening.end()
    for match in _INLINE_AFTER_MARK.finditer(paragraph):
        yield match.end()


def inline_marker_at(text: str, pos: int) -> Enumerator | None:
    """`enumerator_at(text, pos, INLINE_STYLES)`, with a quick no for most positions."""
    if _INLINE_START.match(text, pos) is None:
        return None
    return enumerator_at(text, pos, INLINE_STYLES)


def style_rank(style: str | None) -> int:
    """How high in an outline a marker style usually sits (一、 above （一） above 1.); no
    style ranks lowest."""
    return _STYLE_RANK.get((style or "").split(":")[0], 99)


def without_marker(heading: str) -> str:
    """A heading without its list marker (一、主要成效 → 主要成效)."""
    marker = enumerator_at(heading, 0)
    return heading[marker.end:] if marker else heading


# ---------------------------------------------------------------------------------------------
# Line shapes: headings, body paragraphs, pictures

DATE_RE = re.compile(
    r"(?:(?:[12][0-9]{3}|[１２][０-９]{3})\s*年\s*)?(?:[0-9０-９]{1,2})\s*月\s*(?:[0-9０-９]{1,2})\s*[日号]"
    r"(?:\s*[～~至\-—–]\s*(?:[0-9０-９]{1,2})\s*[日号])?"
    r"|[12][0-9]{3}[-/.][01]?[0-9][-/.][0-3]?[0-9]"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+[0-3]?[0-9](?:,\s*[12][0-9]{3})?")
IMAGE_RE = re.compile(r"^\S.{0,200}\.(?:jpe?g|png|gif|bmp|webp|tiff?)$", re.I)
NAME_TAG_RE = re.compile(r"^[\u4e00-\u9fff]{2,16}[ \u3000\xa0]+[\u4e00-\u9fff·]{2,3}$")  # 党委书记 李金芳
# A photo caption: it opens as one (图为…, （图片说明）…) or ends as one (…摄（影像中国）). The two
# are looked for apart: the end alone, searched for, opens with a character to look out for.
_CAPTION_START_RE = re.compile(r"(?:图为|图：|图:|图片|资料图|▲|△)|[（(【\[]\s*(?:图片说明|图注|图说|图文)\s*[）)】\]]")
_CAPTION_END_RE = re.compile(r"(?:摄|摄影|供图|资料图)[）)]?(?:[（(][^（()）\s]{1,12}[）)])?$")
_CAPTION_END_MAX = 19  # the longest match of _CAPTION_END_RE (18) and a final line feed: searched for there
END_MATTER_RE = re.compile(r"^[【\[（(]?\s*(?:附件|相关链接|相关阅读|延伸阅读|相关新闻|链接|背景资料|名词解释)"
                           r"\s*[0-9０-９一二三四五六七八九十]*\s*[】\]）)]?\s*(?:[：:]|$)")
# A subtitle under the title: ——在…会议上 / ——2024年1月9日在…上的讲话 / —记…
SUBTITLE_RE = re.compile(r"^[—－\-─]{1,2}\s*\S")


CREDIT_ROLES = {
    "本报记者": "reporter", "记者": "reporter", "值班主任": "duty_editor", "值班编辑": "editor",
    "责任编辑": "editor", "责编": "editor", "编辑": "editor", "校对": "proofreader",
    "编审": "final_reviewer", "终审": "final_reviewer", "审核": "final_reviewer",
    "审校": "final_reviewer", "通讯员": None, "实习生": None, "来源": None, "作者": None,
    "供稿": None, "稿源": None, "摄影": None, "摄像": None, "文图": None, "图文": None, "文": None,
    "图": None, "摄": None, "监制": None, "制作": None, "主编": None, "策划": None, "出品": None,
    "初审": None, "复审": None, "Editor": "editor", "Reporter": "reporter", "Source": None,
    "Written by": "reporter", "Photo": None, "Translated by": None,
}
ROLE_ALT = "|".join(sorted(map(re.escape, CREDIT_ROLES), key=len, reverse=True))
_CREDIT_LINE_RE = re.compile(rf"^[（(【\[]?\s*(?:{ROLE_ALT})\s*(?:[:：丨|｜/]|\s)\s*\S")
_END_MARK_RE = re.compile(r"^[（(【\[]\s*(?:完|全文完|END|end|终)\s*[）)】\]]$")


# A bracketed note naming who supplied the text: （市统计局供稿　联系电话：…） / （根据现场录音整理）
_SUPPLIED_RE = re.compile(r"^[（(【\[][^（()）【】\[\]]{2,58}(?:供稿|供图|提供|整理|联系电话[：:][0-9０-９\-－ ]+)\s*[）)】\]]$")


def is_credit_line(line: str) -> bool:
    """A short line naming a role (记者 张铭, 编辑：赵敏), who supplied the text (（…供稿）) or an
    end mark (（完）)."""
    if _END_MARK_RE.match(line) or _SUPPLIED_RE.match(line):
        return True
    return len(line) <= 60 and bool(_CREDIT_LINE_RE.match(line))


# Web-page chrome copied with a release: share bars, print/close buttons, font-size switches,
# page meta (来源：…　发布时间：…　浏览次数：), previous/next links, QR-code prompts. A line is
# chrome when every piece of it (pieces split at wide spaces and 【】) is one of these.
# (White space is taken possessively, \s*+: nothing after it can begin with a space, and giving
# spaces back between two buttons would try every way to split them — 2ⁿ for n buttons.)
_CHROME_PIECE_RE = re.compile(
    r"(?:[【\[]?\s*+(?:打印本页|打印此页|打印文章|打印|关闭本页|关闭窗口|关闭|返回顶部|返回首页|返回列表|返回|"
    r"收藏本页|加入收藏|收藏|我要纠错|纠错|保存本页|复制链接|分享)\s*+[】\]]?\s*+)+"
    r"|[【\[]?\s*(?:字体|字号)?\s*[：:]?\s*(?:[大中小]\s*){2,3}[】\]]?"
    r"|(?:分享到|分享至|转发到)\s*+[：:]?(?:\s*+(?:微信|微博|QQ空间|QQ|朋友圈|新浪微博|腾讯微博|豆瓣)\s*+)*"
    r"|(?:手机|微信)?(?:扫一扫|扫描二维码|扫码)[^。，,；;]{0,20}"
    r"|(?:上一篇|下一篇|上一条|下一条)\s*[：:].{0,60}"
    r"|(?P<field>信息来源|文章来源|稿件来源|来源|发布时间|发布日期|更新时间|发文日期|作者|浏览次数|浏览量|"
    r"点击数|点击量|点击率|阅读数|阅读量|阅读次数|访问量|访问次数|Source|Editor|Web editor|Author|"
    r"Updated|Published|Release time)\s*[：:][^。，,；;！？]{0,40}"
    r"|(?P<date>[0-9０-９]{4}[-－/.年][0-9０-９]{1,2}[-－/.月][0-9０-９]{1,2}日?(?:\s+[0-9０-９:：]{4,8})?)")
_CHROME_SPLIT_RE = re.compile(r"[ \t\xa0]{2,}|\u3000+|\s*[|｜丨]\s*|(?=【)|(?<=】)|(?<=[：:])\s+(?=[【\[])")
# What every piece of chrome holds, whichever alternative of _CHROME_PIECE_RE it matches (a
# button word, two of 大中小, 扫, a colon, four digits): a line without any is no chrome.
_CHROME_HINT_RE = re.compile(r"打印|关闭|返回|收藏|纠错|保存本页|复制链接|分享|转发到|扫|[大中小]\s*[大中小]|[：:]|"
                             r"[0-9０-９]{4}")
# What each alternative of _CHROME_SPLIT_RE needs to match: a line without any is one piece.
_CHROME_SPLIT_AT_RE = re.compile(r"[\s|｜丨【】]")
# Fields that may stand alone on a credit line: 来源：新华社 / 作者：张三 / Source: Xinhua.
_CREDIT_FIELDS = frozenset({"来源", "作者", "Source", "Author"})


def is_chrome_line(line: str) -> bool:
    """A line of the web page around the release (分享到： / 打印本页　关闭窗口 / 【字体：大 中 小】 /
    来源：市林业局　发布时间：2024-02-28), not part of the release: never a section of its own."""
    if len(line) > 160 or not _CHROME_HINT_RE.search(line):
        return False
    if _CHROME_SPLIT_AT_RE.search(line):
        pieces = [p.strip(SPACE) for p in _CHROME_SPLIT_RE.split(line)]
    else:  # nothing to split at: one piece (the split's lookbehinds were tried at every position)
        pieces = [line.strip(SPACE)]
    found = [_CHROME_PIECE_RE.fullmatch(p) for p in pieces if p]
    matches = [m for m in found if m is not None]
    if not matches or len(matches) < len(found):
        return False
    # 来源：新华社 alone is a credit line and 2024-01-05 alone a sign-off, not page chrome.
    return any(not m.group("date") and m.group("field") not in _CREDIT_FIELDS for m in matches)


_WEEKDAY_OR_TIME_RE = re.compile(r"\s*(?:[（(]?(?:星期|周)[一二三四五六日天][）)]?|[0-9０-９]{1,2}[:：][0-9０-９]{2})\s*")


def is_date_line(line: str) -> bool:
    """A line holding only a date (2023年10月20日 / 2024-03-05 10:30 / 3月5日（星期二）): the
    dateline under a title, or a sign-off at the end."""
    match = DATE_RE.match(line)
    if not match:
        return False
    pos = match.end()
    while pos < len(line):
        more = _WEEKDAY_OR_TIME_RE.match(line, pos)
        if not more or not more.group():
            return False
        pos = more.end()
    return True


def is_caption(line: str) -> bool:
    """A photo caption or credit: 图为… / （图片说明）… / …摄 / …供图 / …摄（影像中国）."""
    return bool(_CAPTION_START_RE.match(line) or _CAPTION_END_RE.search(line, max(0, len(line) - _CAPTION_END_MAX)))


def is_image(line: str) -> bool:
    """An image file name on a line of its own (W020231016537288145210.jpg)."""
    return "." in line[-7:] and bool(IMAGE_RE.match(line)) and " " not in line.strip()[-12:]  # .jpeg$


def is_short_heading_text(line: str) -> bool:
    """A line that reads like an unnumbered heading: short, no sentence or clause punctuation."""
    if not 2 <= len(line) <= 36 or IMAGE_RE.match(line) or is_credit_line(line) or is_chrome_line(line):
        return False
    if any(ch in line for ch in "。！？；;!?") or line[-1] in "：:，,、—-…" or line[0] in "—-":
        return False
    if re.fullmatch(r"[（(\[].*[）)\]]", line) or END_MATTER_RE.match(line):
        return False
    if DATE_RE.fullmatch(line) or re.fullmatch(r"[\d\s\W]+", line):
        return False
    return not line.endswith(".") or len(line.split()) <= 8


def is_body_paragraph(line: str) -> bool:
    """A line of running text: long, or a full sentence."""
    return len(line) >= 40 or (line.rstrip("”’\"')）")[-1:] in "。！？.!?" and len(line) >= 12)


def numbered_line_form(text: str, line: Line, marker: Enumerator, next_line: Line | None) -> str:
    """heading_line when the numbered line is one short heading with text under it, else paragraph_lead."""
    rest = line.text[marker.end - line.start:]
    inner = rest[:-1] if rest.endswith(("。", ".")) else rest
    if len(line.text) > 50 or any(ch in inner for ch in "。！？；;!?") or next_line is None:
        return "paragraph_lead"
    following = enumerator_at(text, next_line.start)
    if following and following.style == marker.style:
        return "paragraph_lead"  # one-line items in a row: a list, not headings
    if marker.style.split(":")[0] in SENTENCE_STYLES and re.search(r"[，,。.]", rest):
        return "paragraph_lead"
    return "heading_line"


def is_picture_line(lines: list[Line], i: int) -> bool:
    """An image file name, a photo caption (图为…, …供图）, a short line under an image, a
    caption over its photo credit line) or a name tag under a portrait."""
    line = lines[i].text
    if is_image(line) or is_caption(line) or NAME_TAG_RE.match(line):
        return True
    if is_caption_over_credit(lines, i):
        return True
    return i > 0 and is_image(lines[i - 1].text) and not is_body_paragraph(line)


_PHOTO_CREDIT_MAX = 30  # 新华社记者  张  涛摄 / 杨紫轩摄（影像中国） / 受访者供图
_CAPTION_MAX = 120


def is_photo_credit(line: str) -> bool:
    """A short line that only credits a photo: it ends with 摄 / 供图 (an agency in brackets allowed)."""
    return len(line) <= _PHOTO_CREDIT_MAX and is_caption(line) and "。" not in line


def is_caption_over_credit(lines: list[Line], i: int) -> bool:
    """A caption written without 图为, placed right above its photo credit line
    (某地，游客在古镇游览。 over 本报记者  某某摄)."""
    return (i + 1 < len(lines) and len(lines[i].text) <= _CAPTION_MAX and not is_photo_credit(lines[i].text)
            and is_photo_credit(lines[i + 1].text))


def skip_pictures(lines: list[Line], i: int, limit: int, step: int) -> int:
    """From line `i`, the first line in direction `step` that is not part of a picture."""
    while i != limit and 0 <= i < len(lines) and is_picture_line(lines, i):
        i += step
    return i


# A caption written without 图为 describes a scene: someone somewhere (农民在田间播种), or ends
# with a scene word (与会人员合影, 活动现场).
_CAPTION_TAIL_RE = re.compile(r"[\u4e00-\u9fff]在[\u4e00-\u9fff]|(?:现场|合影|留影|一角|掠影|剪影|场景|画面|"
                              r"实景|效果图)$")


def is_caption_context(lines: list[Line], i: int, stop: int) -> bool:
    """A short line worded like a photo caption or a name tag, placed above an image file name,
    or below one and worded like a description of a scene."""
    line = lines[i].text
    if is_caption(line) or NAME_TAG_RE.match(line) or is_caption_over_credit(lines, i):
        return True
    if i + 1 < stop and is_image(lines[i + 1].text):
        return True
    return i > 0 and is_image(lines[i - 1].text) and bool(_CAPTION_TAIL_RE.search(line))
