"""The visible text of an HTML page, read in time linear in the page whatever it holds.

Markup is read as data and never executed or rendered: tags only break lines; scripts,
styles and the head are left out. A page is read as Python 3.11's html.parser, fed the whole
page, read it: the same tags, the same text between them, entities decoded the same way (on
4,343 real pages and 380,000 random snippets of markup the text is the same to the
character), except that a marked section with an unknown keyword ("<![foo[") is text here,
where html.parser raised AssertionError (`zhiku parse` exited 4).

html.parser gave up on a construct that never closes ("<a " with no ">", "<!--" with no
"-->") by taking it as text up to the next ">" or "<", and read the next construct to the end
of the page again: 20,000 × "<a " (60 KB) took 38 s, 10,000 × "<a c='>' " 24 s; a hostile
1 MB page would take hours, holding the write lock. Here no scan is repeated: the
next ">", "<", "-->"… are each searched once for all the constructs before them; a start tag
with no ">" after it fails at once; the attributes of a start tag are read one at a time, each
one's start marked, so that the scan of a later tag that reaches a start an earlier scan went
through stops there: from there on it would read what that scan read, and fail as it failed
(a scan that succeeded ended before any later tag begins). What attributes cost is also
bounded outright (_ATTRIBUTE_READS), should a page find a way around the marks.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

_SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template", "svg",
                           "math", "iframe", "object", "canvas", "select", "button"})
_BLOCK_TAGS = frozenset({
    "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ul", "ol",
    "dl", "dt", "dd", "section", "article", "header", "footer", "main", "aside", "nav",
    "blockquote", "pre", "hr", "figure", "figcaption", "address", "caption", "tbody",
    "thead", "tfoot", "form", "fieldset", "center", "body",
})
_CELL_TAGS = frozenset({"td", "th"})
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A line break between two Chinese characters in the source is no space in the text. The
# runs are possessive: backtracking through a long run of spaces took quadratic time
# ("<p>中" + "\n " × 40,000 + "x": 29 s).
_WRAP_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*+\n[ \t\r\n\f]*+(?=[{_CJK}])")
# Each run of spaces becomes one space; only runs that change are matched (a page of single
# spaces makes no pieces to join).
_HTML_SPACE = re.compile(r"[ \t\r\n\f]{2,}|[\t\r\n\f]")

# What html.parser (3.11) matches, copied so that every Python reads pages the same way.
_TAG_FIND = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTR_FIND = re.compile(
    r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"""
    r"""('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_END_TAG_FIND = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_COMMENT_CLOSE = re.compile(r"--\s*>")
_DECL_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_MARKED_CLOSE = re.compile(r"]\s*]\s*>")  # <![CDATA[ … ]]>
_MS_MARKED_CLOSE = re.compile(r"]\s*>")  # <![if …]>
_MARKED_KINDS = dict.fromkeys(("temp", "cdata", "ignore", "include", "rcdata"), _MARKED_CLOSE)
_MARKED_KINDS.update(dict.fromkeys(("if", "else", "endif"), _MS_MARKED_CLOSE))
_RAW_TEXT_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in ("script", "style")}

# Where the name of a start tag stops; after it, one attribute as html.parser reads it
# (separators, a name, "=" and a value), or the ">" that ends the tag. A quoted value is
# only opened here ("quote"): where it closes is looked up with str.find.
_NAME_STOP = re.compile(r"[\t\n\r\f />\x00]")
_ATTRIBUTE = re.compile(
    r"""[\s/]*+(?:(?P<gt>>)|[^\s/>][^\s/=>]*+"""
    r"""(?:(?P<before>\s*+)(?P<equals>=++)(?P<after>\s*+)(?:(?P<quote>["'])|[^>\s]*+))?+)""")
_BARE_VALUE = re.compile(r"[^>\s]*+")
# Reading attributes as html.parser did may read a part of the page again for each tag that
# never closes (its value, run into the next tags, only ends at the end of the page). Up to
# this many characters per character of the page (plus a few thousand) they are read so;
# past that, which no page that closes its tags comes near, a start tag ends at the first
# ">" after its name, and reading stays linear whatever the page holds.
_ATTRIBUTE_READS = (4, 4096)


class _TextExtractor:
    """Collects the visible text of a page, one line per block element."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def handle_starttag(self, tag: str, raw: str = "") -> None:
        """A start tag; `raw` is the whole tag as written (its attributes, for subclasses)."""
        if tag == "body":
            self.skip_depth = 0  # a <head> left open ends where the body starts
        if tag in _SKIPPED_TAGS:
            self.skip_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        self._break(tag)

    def handle_startendtag(self, tag: str, raw: str = "") -> None:
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        self._break(tag, closing=True)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.pre_depth:
            data = _HTML_SPACE.sub(" ", _WRAP_BETWEEN_CJK.sub("", data))
        self.parts.append(data)

    def _break(self, tag: str, closing: bool = False) -> None:
        if self.skip_depth:
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS and not closing:
            self.parts.append(" ")  # cells of a row stay on one line, apart

    def text(self) -> str:
        lines = ("".join(self.parts)).split("\n")
        return "\n".join(line.strip(" ") for line in lines)


TextExtractor = _TextExtractor  # the base of formats_article's extractor


def visible_text(html: str) -> str:
    """The visible text of an HTML page: no scripts, styles or head; one line per block
    (blank lines and trailing spaces are left for the caller to tidy)."""
    extractor = _TextExtractor()
    read_page(html, extractor)
    return extractor.text()


def read_page(html: str, extractor: _TextExtractor) -> None:
    """Tell `extractor` the tags and text of `html`, in linear time (see the module docstring)."""
    _PageReader(html, extractor).read()


_Found = tuple[int, int]  # where a match starts and ends


class _NextFrom:
    """`find(pos)` of a search that is asked for increasing positions, remembering its last
    answer: a construct found far ahead is not looked for again from every position before it
    (nor is its absence, to the end of the page)."""

    def __init__(self, find: Callable[[int], _Found | None]):
        self._find = find  # pos → the first match at or after pos, or None
        self._from = -1
        self._found: _Found | None = None

    def __call__(self, pos: int) -> _Found | None:
        found = self._found
        if self._from < 0 or pos < self._from or (found is not None and found[0] < pos):
            found = self._find(pos)
            self._from, self._found = pos, found
        return found


def _finder(text: str, pattern: re.Pattern[str] | str) -> _NextFrom:
    """A remembering search for `pattern` (a regex, or a plain string) in `text`."""
    if isinstance(pattern, str):
        def find_string(pos: int) -> _Found | None:
            at = text.find(pattern, pos)
            return (at, at + len(pattern)) if at >= 0 else None
        return _NextFrom(find_string)

    def find_pattern(pos: int) -> _Found | None:
        match = pattern.search(text, pos)
        return match.span() if match else None
    return _NextFrom(find_pattern)


class _PageReader:
    """Reads a page from start to end and tells an extractor what html.parser (3.11), fed the
    whole page and closed, told its handlers: start tags, end tags, text (entities decoded;
    script and style content raw).

    Where html.parser gave pieces of text one after the other, each cut where a "<" begins
    or a ">" ends, they are given as one: no entity, space or line break around a "<" or a
    ">" reads differently for that, and 20 MB of unclosed tags are one text, not millions."""

    def __init__(self, text: str, out: _TextExtractor):
        self.text, self.out = text, out
        self.text_from = self.text_to = 0  # the text read but not yet given to `out`
        self.next_gt = _finder(text, ">")
        self.next_lt = _finder(text, "<")
        self.next_comment_close = _finder(text, _COMMENT_CLOSE)
        self.next_marked_close = {close: _finder(text, close)
                                  for close in (_MARKED_CLOSE, _MS_MARKED_CLOSE)}
        self.next_name_stop = _finder(text, _NAME_STOP)
        self.last_quote = {quote: text.rfind(quote) for quote in "'\""}
        self.seen: bytearray | None = None  # where attributes start, for some scan (bits)
        per_char, plus = _ATTRIBUTE_READS
        self.reads_left = per_char * len(text) + plus  # of attributes, as html.parser read them
        self.next_gt_after_name = _finder(text, ">")

    def read(self) -> None:
        text = self.text
        n, pos = len(text), 0
        while 0 <= pos < n:  # -1: a script or style never ends, the rest is its content
            lt = text.find("<", pos)
            if lt < 0:
                self._text(pos, n)
                break
            self._text(pos, lt)
            end = self._construct(lt)
            pos = self._as_text(lt) if end is None else end
        self._flush()

    def _text(self, start: int, end: int) -> None:
        """text[start:end] is text of the page (entities to decode)."""
        if start == self.text_to:
            self.text_to = end
        elif start < end:
            self._flush()
            self.text_from, self.text_to = start, end

    def _flush(self) -> None:
        """Give the text read so far to the extractor (before a tag, or raw text)."""
        if self.text_to > self.text_from:
            self.out.handle_data(unescape(self.text[self.text_from:self.text_to]))
        self.text_from = self.text_to = -1

    # --- one construct ---------------------------------------------------------------------

    def _construct(self, i: int) -> int | None:
        """Read the construct at "<" `i` and return where the text goes on (-1: nowhere),
        or None when it never closes."""
        text = self.text
        following = text[i + 1:i + 2]
        if following.isascii() and following.isalpha():
            return self._start_tag(i)
        if following == "/":
            return self._end_tag(i)
        if text.startswith("<!--", i):
            found = self.next_comment_close(i + 4)
            return found[1] if found else None
        if following == "?":
            return self._after_gt(i + 2)
        if following == "!":
            return self._declaration(i)
        self._text(i, i + 1)
        return i + 1

    def _after_gt(self, pos: int) -> int | None:
        """Just after the first ">" at or after `pos`."""
        found = self.next_gt(pos)
        return found[1] if found else None

    def _as_text(self, i: int) -> int:
        """A construct that never closes is text up to the next ">" (included), else up to the
        next "<", else its "<" alone (what html.parser did at the end of the page)."""
        found = self.next_gt(i + 1) or self.next_lt(i + 1)
        end = found[1] if found and self.text[found[0]] == ">" else found[0] if found else i + 1
        self._text(i, end)
        return end

    def _end_tag(self, i: int) -> int | None:
        gt = self.next_gt(i + 1)
        if gt is None:
            return None
        match = _END_TAG_FIND.match(self.text, i, gt[1]) or _TAG_FIND.match(self.text, i + 2, gt[1])
        if match:  # else "</>" or a bogus comment "</ …>": nothing
            self._flush()
            self.out.handle_endtag(match.group(1).lower())
        return gt[1]

    def _declaration(self, i: int) -> int | None:
        """<!DOCTYPE …>, a marked section <![CDATA[ … ]]> / <![if …]>, or a bogus comment."""
        text = self.text
        if text.startswith("<![", i):
            name = _DECL_NAME.match(text, i + 3)
            if name is None or name.end() == len(text):
                return None  # no name (html.parser raised AssertionError) or no end
            close = _MARKED_KINDS.get(name.group().strip().lower())
            if close is None:
                return None  # and on an unknown keyword
            found = self.next_marked_close[close](i + 3)
            return found[1] if found else None
        if text[i:i + 9].lower() == "<!doctype":
            return self._after_gt(i + 9)
        return self._after_gt(i + 2)

    # --- start tags --------------------------------------------------------------------------

    def _start_tag(self, i: int) -> int | None:
        """A start tag: where it ends, its name, whether it closes itself; script and style
        content is read raw up to its end tag."""
        text, out = self.text, self.out
        stop = self.next_name_stop(i + 1)
        if stop is None:
            return None
        name_end = stop[0]
        last = text[name_end - 1]
        if text[name_end] == "\x00" and not (last in "'\"" or last.isspace()):
            self._flush()  # no attribute may start here: html.parser ended the "tag" before
            out.handle_data(text[i:name_end])  # the NUL, as text (raw)
            return name_end
        gt = name_end if text[name_end] == ">" else self._attributes_end(name_end)
        if gt is None:
            return None
        end = gt + 1
        name = _TAG_FIND.match(text, i + 1, end)
        assert name is not None
        tag, k = name.group(1).lower(), name.end()
        while k < end and (attribute := _ATTR_FIND.match(text, k, end)):
            k = attribute.end()
        closing = text[k:end].strip()
        self._flush()
        if closing not in (">", "/>"):
            out.handle_data(text[i:end])
            return end
        if closing == "/>":
            out.handle_startendtag(tag, text[i:end])
            return end
        out.handle_starttag(tag, text[i:end])
        if tag in _RAW_TEXT_END:
            return self._raw_text(tag, end)
        return end

    def _raw_text(self, tag: str, pos: int) -> int:
        """The content of a script or style up to its end tag (-1: it never ends; html.parser
        then dropped the rest of the page)."""
        match = _RAW_TEXT_END[tag].search(self.text, pos)
        if match is None:
            return -1
        if match.start() > pos:
            self.out.handle_data(self.text[pos:match.start()])
        self.out.handle_endtag(tag)
        return match.end()

    def _attributes_end(self, pos: int) -> int | None:
        """The ">" that ends a start tag whose attributes begin at `pos`, read one attribute
        at a time as html.parser reads them, or None when the tag never ends (no ">" outside
        a quoted value, or a value's quote that never closes).

        Each attribute's start is marked: a scan that reaches one an earlier scan went
        through fails as that one failed (a scan that succeeded ended before any later
        tag starts). What is read is counted against `reads_left` (see _ATTRIBUTE_READS)."""
        text, n = self.text, len(self.text)
        gt = self.next_gt_after_name(pos)
        if gt is None:
            return None  # no ">" left: no tag can end
        while pos < n:
            if self.reads_left < 0:
                return gt[0]
            if self._seen_before(pos):
                return None
            attribute = _ATTRIBUTE.match(text, pos)
            if attribute is None:
                return None  # the page ends inside the tag
            if attribute["gt"]:
                return attribute.start("gt")
            quote, after = attribute["quote"], attribute.end()
            if quote and after <= self.last_quote[quote]:
                after = text.find(quote, after) + 1
            elif quote:
                goes_on = self._without_value(attribute)
                if goes_on is None:
                    return None
                after = goes_on
            self.reads_left -= after - pos
            pos = after
        return None

    def _without_value(self, attribute: re.Match[str]) -> int | None:
        """Where html.parser goes on after an attribute whose quoted value never closes: it
        takes the value as empty when spaces come before the quote (the quote then starts
        the next name), as bare text after the last "=" of a run "==", else it ends the
        attribute at its name; the "=" then starts the next name, unless nothing that may
        come before a name (a space, a slash, a quote) comes before it (None: the tag fails)."""
        text = self.text
        if attribute["after"]:
            return attribute.end() - 1
        equals = attribute.span("equals")
        if equals[1] - equals[0] > 1:
            value = _BARE_VALUE.match(text, equals[1] - 1)
            assert value is not None
            return value.end()
        if attribute["before"] or text[equals[0] - 1] in "'\"":
            return equals[0]
        return None

    def _seen_before(self, at: int) -> bool:
        """Whether a scan went through `at` already; marks it."""
        if self.seen is None:
            self.seen = bytearray(len(self.text) // 8 + 1)
        byte, bit = at >> 3, 1 << (at & 7)
        if self.seen[byte] & bit:
            return True
        self.seen[byte] |= bit
        return False
