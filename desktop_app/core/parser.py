"""Text → Document: the one way a press release becomes structured data.

`parse_text` runs the structure rules (structure.py) and the figure rules (metrics.py) on
normalised text; `parse_file` reads a file first (reading.py) and records its name and encoding.
A document past the limits of either (far above any release: MAX_SECTIONS, MAX_FIGURES) is
still parsed, within them, and says so in `limit_notes` (also among its warnings).
"""
from __future__ import annotations

from pathlib import Path

from desktop_app.core.metrics import MAX_FIGURES, find_metrics
from desktop_app.core.model import Document
from desktop_app.core.reading import normalize_newlines, read_text
from desktop_app.core.structure import analyse

# Bump whenever the parser's output for a stored text changes: a knowledge base whose
# documents were parsed by an older version is re-parsed when it is opened (kb.py). 0 is a
# knowledge base from before this number existed; 1 the two-level outline; 2 the outline
# rules drawn from the genre's layout (Q&A questions, long clause headings, forward looks
# under a plan heading, set-apart lines, clauses opening alike); 3 topic paragraphs after a
# heading's lead-in, quote or scene, paragraphs led by a 【…】 label or a stage, longer 在…上
# leads, items stating a document's measures or their actor's 将 as plans.
PARSER_VERSION = 3


def parse_text(text: str, *, file: str | None = None, encoding: str | None = None) -> Document:
    """Parse a release's text; line ends are normalised and a leading BOM dropped first."""
    text = normalize_newlines(text.removeprefix("\ufeff"))
    found = analyse(text)
    metrics, figures_cut = find_metrics(text, found.sections)
    notes = []
    if found.undivided is not None:
        notes.append(sections_note(found.undivided))
    if figures_cut is not None:
        notes.append(figures_note(len(metrics), figures_cut))
    return Document(
        text=text, title=found.title, dateline=found.dateline, issuer=found.issuer, file=file,
        encoding=encoding, credits=found.credits, warnings=tuple(notes) + found.warnings,
        sections=found.sections, metrics=tuple(metrics), limit_notes=tuple(notes),
    )


def sections_note(undivided: int) -> str:
    """The note for a document whose text from offset `undivided` on is one last section."""
    return (f"段落、分句或条目过多：只在前 {undivided:,} 个字符中划分章节，其后的内容合为最后一节 / "
            f"too many paragraphs, clauses or items: sections were marked in the first "
            f"{undivided:,} characters only; the rest of the text is one last section")


def figures_note(count: int, cut: int) -> str:
    """The note for a document whose figures from offset `cut` on were not extracted."""
    return (f"数据过多：只提取了前 {count:,} 个数据（第 {cut:,} 个字符之前），其后的数据未提取 / "
            f"too many figures: only the first {count:,} were extracted (before character "
            f"{cut:,}); the figures after them were not (at most {MAX_FIGURES:,} per document)")


def parse_file(path: str | Path) -> Document:
    """Read and parse one file; raises InputError (naming the file) when it cannot be read."""
    text, encoding = read_text(path)
    return parse_text(text, file=str(path), encoding=encoding)
