"""The article of a saved web page: title, date, body and credits, without the site around it.

Staff save releases from WeChat official accounts (mp.weixin.qq.com) and government sites;
the page's whole visible text brings navigation, share bars, QR-code blocks and related links
with it. The article is found in one linear pass over the page (formats_html.read_page):
- WeChat: the title in #activity-name, the date in #publish_time (or, in a page saved as
  source, the script's createTime / ct), the body in #js_content;
- government sites: the body in a known article container (TRS_Editor, #zoom, pages_content,
  …; the one holding the most text), the title from <meta name="ArticleTitle"> or og:title,
  else the last <h1>/<h2> before the body, else <title> without the site's name; the date
  from <meta name="PubDate"> and the like, else the first date written between title and body;
- other pages: the block holding the most text of its own (paragraphs count, links do not),
  when it holds at least MIN_BLOCK characters and the page has more (_MIN_AROUND) besides it.
  Otherwise the page is read whole, as before.
Credit lines just after the body (责任编辑：…) are kept. Inside the body, elements named as
share bars, QR codes, related or recommended links are left out, and so are short lines
asking to scan, share or follow.
"""
from __future__ import annotations

import datetime
import re

from desktop_app.core import formats_html

MIN_BLOCK = 200  # characters of its own a block needs to be taken for the article
_MIN_AROUND = 100  # characters outside the largest block that make it worth cutting out
_MAX_NODES = 200_000  # blocks remembered; a page with more is read whole
_CONTAINERS = frozenset({"div", "article", "section", "main", "td", "body", "ul", "ol", "table", "form"})
_NOISE_TAGS = frozenset({"div", "section", "aside", "nav", "ul", "ol", "table", "p", "span", "form"})
_ATTR = re.compile(r"""\b(id|class|name|property|content|itemprop)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
_KNOWN_BODY = frozenset({
    "js_content", "trs_editor", "trs_ueditor", "pages_content", "ucap-content", "zoom", "fontzoom",
    "article-content", "article_content", "articlecontent", "artibody", "art_con", "artcon", "content_text",
    "news_content", "newscontent", "news-content", "xxgk_content", "detail-content", "detail_content",
    "main-text", "maintext", "wzcon", "bt_content", "con_text", "textcontent", "text-content", "txt_content",
    "article-body", "article_body", "articlebody", "conttext",
})
_NOISE = re.compile(r"(^|[\s_-])(qr_?code|qrcode|share|shares|js_share|related|recommend|rich_media_tool|"
                    r"rich_media_area_extra|reward|js_pc_qr_code|bdsharebuttonbox|jiathis|"
                    r"js_toobar\d?)([\s_-]|$)", re.I)
_NOISE_LINE = re.compile(r"扫码|扫一扫|二维码|长按识别|点击.{0,8}关注|关注我们|阅读原文|分享到|点赞|在看|"
                         r"【我要纠错】|【打印】|【关闭】|【字体")
_TITLE_META = ("articletitle", "og:title", "title")
_DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "og:release_date",
              "og:updated_time", "publishtime", "others")
_DATE = re.compile(r"(?:19|20)\d\d\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})(?:\s*\d{1,2}:\d{2})?")
_WECHAT_CREATE_TIME = re.compile(r"""createTime\s*=\s*['"]([^'"]{6,40})['"]""")
_WECHAT_CT = re.compile(r"""\bct\s*=\s*['"]?(\d{9,10})['"]?""")
_CREDIT = re.compile(r"(责任编辑|编辑|记者|校对|审核|审校|终审|初审|作者|来源|通讯员|值班主任|编审)\s*[：:]")
_CREDIT_WINDOW = 400  # characters after the body where credit lines are looked for
_SITE_SUFFIX = re.compile(r"\s*(?:[-_|—–]+|——)\s*[^-_|—–]*$")


class _Node:
    """A block of the page: where its text starts and ends in the parts, its text of its own."""

    __slots__ = ("end", "ident", "own", "parent", "start", "tag")

    def __init__(self, tag: str, ident: str, start: int, parent: _Node | None):
        self.tag, self.ident, self.start, self.parent = tag, ident, start, parent
        self.end = -1
        self.own = 0  # characters of text in the block, not in a nested block nor in a link


class _ArticleExtractor(formats_html.TextExtractor):
    """The page's text as formats_html reads it, with the blocks, headings and metadata needed
    to cut the article out of it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[_Node] = []
        self.nodes: list[_Node] = []
        self.noise_tags: list[str] = []  # the open noise elements (their text is left out)
        self.meta: dict[str, str] = {}
        self.headings: list[tuple[int, int]] = []  # (start, end) parts of each h1/h2
        self.heading_open: int | None = None
        self.in_title = False
        self.page_title: list[str] = []
        self.link_depth = 0
        self.script_date: str | None = None
        self.total = 0

    def handle_starttag(self, tag: str, raw: str = "") -> None:
        attrs = _attributes(raw) if len(raw) > len(tag) + 2 else {}
        ident = f"{attrs.get('id', '')} {attrs.get('class', '')}".strip().lower()
        if self.noise_tags or (tag in _NOISE_TAGS and ident and _NOISE.search(ident) and not _is_body(ident)):
            if tag in _NOISE_TAGS:
                self.noise_tags.append(tag)
            return
        if tag == "meta":
            key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
            if key and "content" in attrs and key not in self.meta:
                self.meta[key] = attrs["content"]
        elif tag == "title":
            self.in_title = True
        elif tag == "a":
            self.link_depth += 1
        super().handle_starttag(tag, raw)
        if tag in ("h1", "h2") and not self.skip_depth:
            self.heading_open = len(self.parts)
        if (tag in _CONTAINERS or "activity-name" in ident or "publish_time" in ident) and not self.skip_depth \
                and len(self.nodes) < _MAX_NODES:
            node = _Node(tag, ident, len(self.parts), self.stack[-1] if self.stack else None)
            self.stack.append(node)
            self.nodes.append(node)

    def handle_endtag(self, tag: str) -> None:
        if self.noise_tags:
            if tag in self.noise_tags[-8:]:  # elements left open inside it close with it
                depth = len(self.noise_tags) - 1 - self.noise_tags[::-1].index(tag)
                del self.noise_tags[depth:]
            return
        if tag == "title":
            self.in_title = False
        elif tag == "a":
            self.link_depth = max(0, self.link_depth - 1)
        super().handle_endtag(tag)
        if tag in ("h1", "h2") and self.heading_open is not None:
            self.headings.append((self.heading_open, len(self.parts)))
            self.heading_open = None
        for depth in range(len(self.stack) - 1, max(-1, len(self.stack) - 8), -1):
            if self.stack[depth].tag == tag:
                for node in self.stack[depth:]:
                    node.end = len(self.parts)
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page_title.append(data)
        if self.skip_depth and self.script_date is None and ("createTime" in data or "ct" in data):
            self._script_date(data)
        if self.noise_tags:
            return
        before = len(self.parts)
        super().handle_data(data)
        if len(self.parts) > before:
            size = len(data.strip())
            self.total += size
            if self.stack and not self.link_depth:
                self.stack[-1].own += size

    def _script_date(self, script: str) -> None:
        """The publication date a WeChat page saved as source keeps in its script."""
        found = _WECHAT_CREATE_TIME.search(script)
        if found:
            self.script_date = found.group(1)
            return
        stamp = _WECHAT_CT.search(script)
        if stamp:
            when = datetime.datetime.fromtimestamp(int(stamp.group(1)), datetime.timezone(datetime.timedelta(hours=8)))
            self.script_date = when.strftime("%Y-%m-%d %H:%M")

    # --- the article -------------------------------------------------------------------------

    def span_text(self, start: int, end: int) -> str:
        lines = "".join(self.parts[start:end]).split("\n")
        return "\n".join(line.strip(" ") for line in lines if line.strip(" "))

    def article(self) -> str | None:
        """Title, date, body and credits, one per line; None when the page is to be read whole."""
        for node in self.nodes:
            if node.end < 0:
                node.end = len(self.parts)
        body = self._body()
        if body is None:
            return None
        body_text = "\n".join(line for line in self.span_text(body.start, body.end).split("\n")
                              if not (len(line) <= 40 and _NOISE_LINE.search(line)))
        title = self._title(body)
        date = self._date(body, title)
        lines = [title or ""]
        if date and date not in body_text[:200]:
            lines.append(date)
        first, _, rest = body_text.partition("\n")
        lines.append(rest if title and first.strip() == title else body_text)
        lines += self._credits(body, body_text)
        return "\n".join(line for line in lines if line.strip())

    def _body(self) -> _Node | None:
        wechat = next((n for n in self.nodes if "js_content" in n.ident.split()), None)
        if wechat is not None:
            return wechat
        known = [n for n in self.nodes if _is_body(n.ident)]
        if known:
            prefix = [0]  # characters in the parts before each part
            for part in self.parts:
                prefix.append(prefix[-1] + len(part))
            best = max(known, key=lambda n: prefix[n.end] - prefix[n.start])
            if prefix[best.end] - prefix[best.start] >= 50:
                return best
        if len(self.nodes) >= _MAX_NODES or not self.nodes:
            return None
        best = max(self.nodes, key=lambda n: n.own)
        if best.own < MIN_BLOCK or best.tag == "body" or self.total - best.own < _MIN_AROUND:
            return None
        return best

    def _title(self, body: _Node) -> str | None:
        named = next((n for n in self.nodes if "activity-name" in n.ident.split()), None)
        if named is not None:
            return self.span_text(named.start, named.end).replace("\n", " ") or None
        for key in _TITLE_META[:2]:
            if self.meta.get(key, "").strip():
                return _one_line(self.meta[key])
        before = [h for h in self.headings if h[0] <= body.start or body.start <= h[0] < body.end]
        inside = [h for h in before if h[0] >= body.start]
        heading = inside[0] if inside else (before[-1] if before else None)
        if heading is not None and (text := self.span_text(*heading).replace("\n", " ")):
            return text
        page_title = _one_line("".join(self.page_title))
        return _SITE_SUFFIX.sub("", page_title) or page_title or None

    def _date(self, body: _Node, title: str | None) -> str | None:
        shown = next((n for n in self.nodes if "publish_time" in n.ident.split()), None)
        if shown is not None and (text := self.span_text(shown.start, shown.end)):
            return text
        if self.script_date and "js_content" in body.ident.split():
            return self.script_date
        for key in _DATE_META:
            if dated := _DATE.search(self.meta.get(key, "")):
                return dated.group()
        head = self.span_text(max(0, body.start - 400), body.start)
        lines = head.split("\n")
        if title and title in lines:
            lines = lines[lines.index(title) + 1:]
        dated = next((_DATE.search(line) for line in lines if _DATE.search(line)), None)
        return dated.group() if dated else None

    def _credits(self, body: _Node, body_text: str) -> list[str]:
        after = self.span_text(body.end, min(len(self.parts), body.end + 200))[:_CREDIT_WINDOW]
        lines = []
        for line in after.split("\n"):
            for piece in re.split(r"[【】\[\]]", line):
                piece = piece.strip()
                if _CREDIT.match(piece) and piece not in body_text:
                    lines.append(piece)
        return lines


def _attributes(raw: str) -> dict[str, str]:
    """The id, class, name, property, content and itemprop of a start tag, entities decoded."""
    found: dict[str, str] = {}
    from html import unescape

    for key, value in _ATTR.findall(raw):
        key = key.lower()
        if key not in found:
            found[key] = unescape(value.strip("\"'"))
    return found


def _is_body(ident: str) -> bool:
    return any(word in _KNOWN_BODY for word in ident.split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def article_text(html: str) -> str | None:
    """The article of a page (title, date, body, credits; one block a line, blank lines left
    for the caller to tidy), or None when no article stands out and the page is read whole."""
    extractor = _ArticleExtractor()
    formats_html.read_page(html, extractor)
    return extractor.article()
