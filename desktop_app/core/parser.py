"""Text → Document: the one way a press release becomes structured data.

`parse_text` runs the structure rules (structure.py) and the figure rules (metrics.py) on
normalised text; `parse_file` reads a file first (reading.py) and records its name and encoding.
"""
from __future__ import annotations

from pathlib import Path

from desktop_app.core.metrics import extract_metrics
from desktop_app.core.model import Document
from desktop_app.core.reading import normalize_newlines, read_text
from desktop_app.core.structure import analyse


def parse_text(text: str, *, file: str | None = None, encoding: str | None = None) -> Document:
    """Parse a release's text; line ends are normalised and a leading BOM dropped first."""
    text = normalize_newlines(text.removeprefix("\ufeff"))
    found = analyse(text)
    metrics = extract_metrics(text, found.sections)
    return Document(
        text=text, title=found.title, dateline=found.dateline, issuer=found.issuer, file=file,
        encoding=encoding, credits=found.credits, warnings=found.warnings,
        sections=found.sections, metrics=tuple(metrics),
    )


def parse_file(path: str | Path) -> Document:
    """Read and parse one file; raises InputError (naming the file) when it cannot be read."""
    text, encoding = read_text(path)
    return parse_text(text, file=str(path), encoding=encoding)

