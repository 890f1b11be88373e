"""What frames a release's body: the dateline, the issuer, the credits and the end matter.

A release opens with its title, sometimes a subtitle, pictures and a dateline (新华社北京10月14日电,
10月14日，中共淄博市委宣传部召开…), and closes with credit lines (记者 张铭 / 编辑：…), an inline
(记者 张铭) at the end of the last paragraph, a sign-off (issuing body, date) or attachments,
with the web page's chrome around it all (来源：…　发布时间：…【字体：大 中 小】 at the top,
pictures, 分享到：, 打印本页　关闭窗口 at the bottom).
These rules find those edges so that structure.py can split what lies between them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.core.model import CREDIT_FIELDS, Credits
from desktop_app.core.structure_lines import (
    CREDIT_ROLES,
    DATE_RE,
    END_MATTER_RE,
    ROLE_ALT,
    SPACE,
    Line,
    enumerator_at,
    is_body_paragraph,
    is_caption,
    is_caption_over_credit,
    is_chrome_line,
    is_credit_line,
    is_image,
    is_picture_line,
    is_short_heading_text,
    trim,
)

# ---------------------------------------------------------------------------------------------
# Credits

_ROLE_RE = re.compile(rf"(?:(?<=^)|(?<=[\s（(【\[,，;；丨|｜/]))({ROLE_ALT})(?=\s*[:：丨|｜/]|\s+\S)")
_INLINE_CREDIT_RE = re.compile(
    rf"[（(]\s*(?:(?:{ROLE_ALT})\s*(?:[:：]|\s)?\s*[^（()）]{{1,40}}|完|全文完)[）)]\s*$")
# Roles that only stand in for a field when its own role is absent: a separate 编辑 line names
# the editor, and 责任编辑/值班编辑 fill `editor` only when there is none (the credits section's
# text keeps every line, so no name is lost).
_STAND_IN_ROLES = frozenset({"责任编辑", "责编", "值班编辑"})


def parse_credits(chunks: list[str]) -> Credits:
    """Credits from credit lines/snippets: 记者/编辑/值班主任/校对/编审 → the Credits fields."""
    found: dict[str, str] = {}
    stand_ins: dict[str, str] = {}
    for chunk in chunks:
        chunk = chunk.strip(SPACE + "（()）【】[]")
        matches = list(_ROLE_RE.finditer(chunk))
        for i, match in enumerate(matches):
            stop = matches[i + 1].start() if i + 1 < len(matches) else len(chunk)
            value = chunk[match.end():stop].strip(SPACE + ":：丨|｜/,，;；、（()）")
            key = CREDIT_ROLES[match.group(1)]
            target = stand_ins if match.group(1) in _STAND_IN_ROLES else found
            if key and value and key not in target:
                target[key] = value
    return Credits(**{k: found.get(k) or stand_ins.get(k) for k in CREDIT_FIELDS})


@dataclass(frozen=True)
class CreditBlock:
    """Where the credits sit: `stop` is the first credit line's index (or len(lines)),
    `start` the offset where the credits begin (None when there are none)."""

    stop: int
    start: int | None
    chunks: tuple[str, ...]


def find_credits(text: str, lines: list[Line]) -> CreditBlock:
    """Credit lines at the end, and an inline (记者 张铭) closing the last paragraph (cut off `lines`).

    Page chrome mixed with them (分享到：, 打印本页　关闭窗口) joins the credits; chrome alone at
    the end is cut off too, and `start` stays None (structure.py makes it an `other` section).
    """
    stop = len(lines)
    while stop > 2 and _is_tail_line(lines[stop - 1].text):
        stop -= 1
    chunks = [line.text for line in lines[stop:]]
    credited = (any(not is_chrome_line(line.text) for line in lines[stop:])
                or parse_credits(chunks) != Credits())  # Source: Xinhua | Editor: huaxia
    start = lines[stop].start if credited else None
    if stop > 1:
        last = lines[stop - 1]
        match = _INLINE_CREDIT_RE.search(last.text)
        if match and match.start() > 0:
            start = last.start + match.start()
            chunks.insert(0, match.group(0))
            body_end = trim(text, last.start, start)[1]
            lines[stop - 1] = Line(last.index, last.start, body_end, text[last.start:body_end])
    return CreditBlock(stop, start, tuple(chunks))


def _is_tail_line(line: str) -> bool:
    return is_credit_line(line) or _is_sign_off(line) or is_chrome_line(line)


def lead_credit(lines: list[Line], first_body: int, stop: int) -> list[str]:
    """A reporter named at the top: 本报讯（记者 张铭）… / 新华社北京10月14日电（记者 张铭）"""
    if first_body >= stop:
        return []
    match = re.search(r"[（(]\s*((?:本报)?记者[^（()）]{1,30})[）)]", lines[first_body].text[:60])
    return [match.group(1)] if match else []


# ---------------------------------------------------------------------------------------------
# Dateline and issuer

_ORG_SUFFIX = (r"(?:委员会|人民政府|政府|办公厅|办公室|宣传部|新闻办|部|委|局|办|厅|院|署|会|中心|"
               r"集团|公司|协会|联合会|法院|检察院|研究所|大学|学院|银行|分行|支行|处|队|站|所)")
_ORG = rf"((?:中共)?[\u4e00-\u9fff（）()、]{{1,30}}?{_ORG_SUFFIX})"
_ISSUE_VERB = (r"(?:联合|组织|召开|举行|举办|发布|公布|印发|通报|宣布|主办|发出|下发|出台|介绍|"
               r"透露|表示|消息|在|于|近日|日前|今天|今日|昨天|昨日)")
_ISSUER_AFTER_DATE_RE = re.compile(  # (\s*+: giving back spaces could not help, and costs n²)
    rf"(?:上午|下午|晚上|晚间|凌晨|早上|中午)?\s*+[,，、]?\s*+{_ORG}(?={_ISSUE_VERB})")
_ISSUER_LEAD_RE = re.compile(rf"^(?:日前|近日|近期|今天|今日|昨天|昨日)?[，,]?\s*{_ORG}(?={_ISSUE_VERB})")
_ISSUER_FROM_RE = re.compile(rf"记者(?:近日|日前|今天|今日|昨天|昨日)?从{_ORG}(?=获悉|了解到|召开|举行|举办)")
_NEWS_PREFIX_RE = re.compile(r"^(?:本报讯|本网讯|讯|[\u4e00-\u9fff]{1,8}(?:社|网|报|台)[\u4e00-\u9fff]{0,6})$")


def find_dateline(lines: list[Line]) -> tuple[str | None, Line | None, int]:
    """The release date as written (10月14日) near the top: a date line under the title or the
    date opening the first paragraph. The page's chrome (来源：…　发布时间：2024-03-05) dates the
    web page, not the release: its date is taken only when the release itself has none."""
    top = sorted(lines[:4], key=lambda ln: is_chrome_line(ln.text))  # the release's own lines first
    for line in top:
        head = line.text[:60]
        match = DATE_RE.search(head)
        if not match:
            continue
        before = head[:match.start()]
        if len(line.text) <= 40 or _is_dateline_prefix(before):
            return match.group(0), line, match.end()
    return None, None, 0


def leading_date_end(paragraph: str) -> int | None:
    """Where a date opening the paragraph ends (10月20日，省统计局召开… → after 日), else None."""
    match = DATE_RE.search(paragraph[:60])
    if match and _is_dateline_prefix(paragraph[:match.start()]):
        return match.end()
    return None


def _is_dateline_prefix(before: str) -> bool:
    """Nothing, a news-agency/place prefix (新华社北京, BEIJING,) or a bracketed credit before the date."""
    before = re.sub(r"[（(【\[][^）)】\]]{0,30}[）)】\]]", "", before).strip(SPACE)
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


def dateline_and_issuer(lines: list[Line], first_body: int, stop: int) -> tuple[str | None, str | None]:
    """The dateline from the top lines and the issuer from the first body paragraph."""
    dateline, date_line, date_end = find_dateline(lines[1:first_body + 1])
    if first_body >= stop:
        return dateline, None
    body_line = lines[first_body]
    after_date = date_end if date_line is body_line else leading_date_end(body_line.text)
    return dateline, find_issuer(body_line.text, after_date)


# ---------------------------------------------------------------------------------------------
# Where the body begins and ends

def first_body_line(lines: list[Line], stop: int) -> int:
    """Skip photo captions, image names and meta lines between the title and the first paragraph.
    A numbered heading over a paragraph (一、2024年工作成效) already opens the body."""
    for i in range(1, stop):
        line = lines[i].text
        if is_image(line) or is_caption(line) or is_chrome_line(line) or is_caption_over_credit(lines, i):
            continue
        if _opens_outline(lines, i, stop):
            return i
        if len(line) >= 40 or any(ch in line for ch in "，,；;"):
            return i
    return 1 if stop > 1 else stop


def _opens_outline(lines: list[Line], i: int, stop: int) -> bool:
    """A short numbered heading line (一、… / （一）… / 1. …) with a body paragraph under it."""
    line = lines[i].text
    return (i + 1 < stop and is_short_heading_text(line) and enumerator_at(line, 0) is not None
            and is_body_paragraph(lines[i + 1].text))


def end_matter(lines: list[Line], first_body: int, stop: int) -> int:
    """Index of the first line after the body: attachments or related links, or the pictures
    (image file names, captions) and page chrome that close the page before the credits; else
    `stop`."""
    for i in range(first_body + 1, stop):
        if END_MATTER_RE.match(lines[i].text):
            return i
    end = stop
    while end - 1 > first_body and _closes_the_page(lines, end - 1):
        end -= 1
    return end


def _closes_the_page(lines: list[Line], i: int) -> bool:
    return is_picture_line(lines, i) or is_chrome_line(lines[i].text)


def _is_sign_off(line: str) -> bool:
    """A closing line that only names the issuing body or the date (淄博市统计局 / 2023年1月20日)."""
    return len(line) <= 30 and bool(DATE_RE.fullmatch(line) or re.fullmatch(rf"{_ORG}", line))
