"""Document offsets of the reading pane's cursor and selection (to split a section
where the cursor is, add the selected words as a figure).

The pane shows a Page (page_html): each Block is text[start:end] of the document, escaped
and laid out by Qt, which collapses runs of white space. A block of Qt's document is matched
to its Block by its text without white space, in page order; a position inside it is then
walked back to the Block's text character by character, white space runs counted as one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

    from desktop_app.ui.page_html import Page


def _squashed(text: str) -> str:
    return "".join(text.split())


def _page_blocks(page: Page) -> list[tuple[int, int]]:
    """The page's text blocks as (start, end) into page.text, in the order they are shown
    (the first one is the heading when the page has no title of its own)."""
    return [(b.start, b.end) for b in page.blocks]


def _source_index(shown: str, source: str, at: int) -> int:
    """The index into `source` of position `at` of `shown` (source as Qt laid it out:
    white-space runs collapsed to one character or dropped)."""
    i = k = 0
    while i < at and k < len(source):
        if shown[i] == source[k]:
            i, k = i + 1, k + 1
        elif shown[i].isspace() or shown[i] in "\u2028\u2029":
            i += 1
        elif source[k].isspace():
            k += 1
        else:  # not expected (the texts were matched): keep walking side by side
            i, k = i + 1, k + 1
    return k


def document_offset(page: Page, document: QTextDocument, position: int) -> int | None:
    """The document offset (into the release's text) of `position` in the pane's laid-out
    `document`, or None when it is not inside the release's text (kicker, source line)."""
    wanted = [(a, b, _squashed(page.text[a:b])) for a, b in _page_blocks(page)]
    next_block = 0
    block = document.begin()
    while block.isValid():
        shown = block.text()
        squashed = _squashed(shown)
        match = next((n for n in range(next_block, len(wanted)) if squashed and wanted[n][2] == squashed), None)
        if match is not None:
            next_block = match + 1
            if block.position() <= position <= block.position() + block.length() - 1:
                a, b, _ = wanted[match]
                return page.base + a + _source_index(shown, page.text[a:b], position - block.position())
        block = block.next()
    return None


PARAGRAPH_ENDS = "\n"
SENTENCE_ENDS = "。！？；!?;\n"


def start_of(text: str, offset: int, ends: str) -> int:
    """Where the paragraph (`ends` = PARAGRAPH_ENDS) or sentence (SENTENCE_ENDS) holding
    `offset` starts: just after the mark before it, past white space."""
    at = offset
    while at > 0 and text[at - 1] not in ends:
        at -= 1
    while at < offset and text[at].isspace():
        at += 1
    return at
