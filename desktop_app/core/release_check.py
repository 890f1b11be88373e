"""Does a parsed file look like a press release? A warning when it does not.

Anything that is text imports, so a project's README.md became a "release" with 11
achievements and 58 figures. A file is suspect when it is written like documentation or
code rather than a release — fenced code blocks, command lines, or Markdown `#` headings
alongside either — or when the parser found nothing a release has: no section, no figure, no
dateline and no credits (a short news item without figures still has its dateline and
reporter). English releases are releases: language plays no part, only the structure does.

The rule is a warning, never a refusal: the CLI imports such a file and says so, the window
asks before it imports it.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from desktop_app.core.model import Document, SectionKind

FENCE = re.compile(r"^\s{0,3}(```|~~~)", re.MULTILINE)
MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
# A shell prompt, or a line that starts with a command people paste into a terminal
COMMAND = re.compile(
    r"^\s*(?:[$>]\s+\S|(?:sudo|pip3?|python3?|make|git|npm|npx|cd|export|source|apt(?:-get)?|"
    r"brew|docker|curl|wget|chmod|mkdir|\.venv/bin/\S+|\./\S+)\s+\S)", re.MULTILINE)
STRUCTURAL_KINDS = (SectionKind.ACHIEVEMENT, SectionKind.OUTLOOK, SectionKind.PRIORITY)
SCAN_LIMIT = 2_000_000  # characters looked at: the start of a huge file says what it is


@dataclass(frozen=True)
class Signs:
    """What in a text speaks against it being a release."""

    fences: int  # fenced code blocks (pairs of ``` or ~~~ lines)
    commands: int  # command lines
    headings: int  # Markdown # headings
    sections: int  # achievement, outlook and priority sections the parser found
    figures: int
    dated: bool  # a dateline or a credit line (记者, 编辑 …) was found

    @property
    def code(self) -> bool:
        """Written like documentation or code."""
        return self.fences >= 1 or self.commands >= 2 or (self.headings >= 1 and self.commands >= 1)

    @property
    def empty(self) -> bool:
        """Nothing a release has: no section, no figure, no dateline, no credits."""
        return self.sections == 0 and self.figures == 0 and not self.dated


def signs(doc: Document) -> Signs:
    """Count the signs that `doc` is no press release."""
    text = doc.text[:SCAN_LIMIT]
    return Signs(
        fences=len(FENCE.findall(text)) // 2,
        commands=len(COMMAND.findall(text)),
        headings=len(MD_HEADING.findall(text)),
        sections=sum(1 for s in doc.sections if s.kind in STRUCTURAL_KINDS),
        figures=len(doc.metrics),
        dated=bool(doc.dateline) or any(asdict(doc.credits).values()),
    )


def not_a_release_warning(doc: Document, name: str) -> str | None:
    """A bilingual warning naming `name` when `doc` does not look like a press release, else None."""
    found = signs(doc)
    if found.code:
        zh, en = [], []
        if found.fences:
            zh.append(f"{found.fences} 个代码块")
            en.append(f"{found.fences} fenced code block{'s' if found.fences != 1 else ''}")
        if found.commands:
            zh.append(f"{found.commands} 行命令")
            en.append(f"{found.commands} command line{'s' if found.commands != 1 else ''}")
        if found.headings:
            zh.append(f"{found.headings} 个 # 标题")
            en.append(f"{found.headings} # heading{'s' if found.headings != 1 else ''}")
        return (f"“{name}”看起来不像新闻稿，更像说明文档或代码（含 {'、'.join(zh)}） / "
                f"{name} does not look like a press release but like documentation or code "
                f"({', '.join(en)})")
    if found.empty:
        return (f"“{name}”看起来不像新闻稿：没有找到段落、数据、日期或署名 / "
                f"{name} does not look like a press release: no sections, figures, dateline or credits were found")
    return None
