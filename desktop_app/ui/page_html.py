"""The reading pane's page as HTML: heading, source line, paragraphs with every figure marked.

The document's own text is always escaped: a release that contains `<b>` or `<img src=…>`
shows those characters, it never renders them. Marks are computed on plain offsets (metrics,
the selected metric's sentence, search hits) and written as small spans, so overlapping
marks never produce broken markup. The CSS, the colours of marks and the message page are
in `page_style` (the window's first frame needs only those).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from desktop_app.ui.labels import BORDERLINE_COLOUR, metric_colour
from desktop_app.ui.page_style import (
    CURRENT_HIT_BG,
    HIT_BG,
    SELECTED_METRIC_BG,
    SENTENCE_ANCHOR,
    SENTENCE_BG,
    escape,
)

if TYPE_CHECKING:
    from desktop_app.core.records import MetricRecord


@dataclass(frozen=True)
class Block:
    """A paragraph range of the text and how to show it: body, h1, h3, item (an item's
    heading, a bold paragraph: Qt sizes h4 below the body text) or muted."""

    start: int
    end: int
    style: str = "body"
    group_title: str | None = None  # a group heading (主要成效) printed before the block


@dataclass(frozen=True)
class Page:
    """Everything the reading pane shows; offsets in `hits` are into `text`."""

    kicker: str
    title: str | None  # None: the first block is the heading
    source: str
    text: str
    base: int  # document offset of text[0]; metric offsets are document offsets
    blocks: Sequence[Block]
    metrics: Sequence[MetricRecord] = ()
    bold: Sequence[tuple[int, int]] = ()  # run-in headings inside a paragraph
    hits: Sequence[tuple[int, int]] = ()
    current_hit: int | None = None
    selected_metric: int | None = None
    sentence: tuple[int, int] | None = field(default=None)


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Non-empty lines of text[start:end] as (start, end) offsets, blanks trimmed."""
    end = len(text) if end is None else end
    result, pos = [], start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            result.append((a, b))
        pos = stop + 1
    return result


@dataclass(frozen=True)
class _Marks:
    metrics: list[tuple[int, int, MetricRecord]]
    hits: list[tuple[int, int, int]]
    sentence: tuple[int, int] | None
    bold: Sequence[tuple[int, int]]


def _marks(page: Page) -> _Marks:
    metrics = [(m.start - page.base, m.end - page.base, m) for m in page.metrics]
    metrics = [(a, b, m) for a, b, m in metrics if 0 <= a < b <= len(page.text)]
    hits = [(a, b, i) for i, (a, b) in enumerate(page.hits) if 0 <= a < b <= len(page.text)]
    sentence = None
    if page.sentence:
        sentence = (page.sentence[0] - page.base, page.sentence[1] - page.base)
    return _Marks(metrics, hits, sentence, page.bold)


def _background(a: int, b: int, metric: MetricRecord | None, marks: _Marks, page: Page) -> str | None:
    """One background per run, by precedence: current hit, hit, selected figure, sentence."""
    hit = next((i for x, y, i in marks.hits if x <= a and b <= y), None)
    if hit is not None:
        return CURRENT_HIT_BG if hit == page.current_hit else HIT_BG
    if metric is not None and metric.id == page.selected_metric:
        return SELECTED_METRIC_BG
    if marks.sentence and marks.sentence[0] <= a and b <= marks.sentence[1]:
        return SENTENCE_BG
    return None


def _segment(text: str, a: int, b: int, marks: _Marks, page: Page) -> str:
    """One run of text with the same marks, wrapped in its link and one background span."""
    out = escape(text[a:b])
    if any(x <= a and b <= y for x, y in marks.bold):
        out = f"<b>{out}</b>"
    metric = next((m for x, y, m in marks.metrics if x <= a and b <= y), None)
    if metric is not None:
        colour = BORDERLINE_COLOUR if metric.borderline else metric_colour(metric.kind)
        style = f"color:{colour}; font-weight:bold; text-decoration:none;"
        out = f'<a href="metric:{metric.id}" style="{style}">{out}</a>'
    background = _background(a, b, metric, marks, page)
    if background:
        out = f'<span style="background-color:{background};">{out}</span>'
    return out


def _anchors(a: int, marks: _Marks) -> str:
    names = [f"hit-{i}" for x, _y, i in marks.hits if x == a]
    if marks.sentence and marks.sentence[0] == a:
        names.append(SENTENCE_ANCHOR)
    names += [f"metric-{m.id}" for x, _y, m in marks.metrics if x == a]
    return "".join(f'<a name="{n}"></a>' for n in names)


def render_runs(text: str, start: int, end: int, marks: _Marks, page: Page) -> str:
    """text[start:end] with every mark, split into runs at each mark boundary."""
    cuts = {start, end}
    spans = [(a, b) for a, b, _ in marks.metrics] + [(a, b) for a, b, _ in marks.hits]
    spans += list(marks.bold) + ([marks.sentence] if marks.sentence else [])
    for a, b in spans:
        cuts.update(x for x in (a, b) if start < x < end)
    points = sorted(cuts)
    parts = []
    for a, b in pairwise(points):
        parts.append(_anchors(a, marks) + _segment(text, a, b, marks, page))
    return "".join(parts)


def _block_html(block: Block, marks: _Marks, page: Page) -> str:
    inner = render_runs(page.text, block.start, block.end, marks, page)
    group = f"<h2>{escape(block.group_title)}</h2>" if block.group_title else ""
    if block.style in ("h1", "h3"):
        return f"{group}<{block.style}>{inner}</{block.style}>"
    return f'{group}<p class="{block.style}">{inner}</p>'


def render_page(page: Page) -> str:
    """The whole page as an HTML string for QTextBrowser.setHtml."""
    marks = _marks(page)
    parts = [f'<p class="kicker">{escape(page.kicker)}</p>'] if page.kicker else []
    blocks = list(page.blocks)
    if page.title is not None:
        parts.append(f"<h1>{escape(page.title)}</h1>")
    elif blocks:
        parts.append(_block_html(Block(blocks[0].start, blocks[0].end, "h1"), marks, page))
        blocks = blocks[1:]
    if page.source:
        parts.append(f'<p class="source">{escape(page.source)}</p>')
    parts.append("<hr/>")
    parts.extend(_block_html(block, marks, page) for block in blocks)
    return "<html><body>" + "".join(parts) + "</body></html>"
