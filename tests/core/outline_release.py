"""A release with a two-level outline, built by hand, for the window and printing tests.

The parser does not nest items yet, so the sections are marked here (areas with items, a
priority item under an `other` heading) and the figures the parser finds are linked to the
deepest section holding them. Two span styles, as a parser may write them: "nested" (an
area's span covers its items) and "flat" (an area ends where its first item starts).

By hand: `python -m tests.core.outline_release /tmp/kb` imports it into a knowledge base.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from desktop_app.core import import_files
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.model import Document, Section
from desktop_app.core.parser import parse_text

TITLE = "权威发布丨2025年全市经济运行稳中有进"
LINES = (
    TITLE,
    "1月20日，市政府新闻办召开新闻发布会，介绍2025年全市经济运行情况。全年地区生产总值增长5.2%。",
    "一、工业生产稳中有进",
    "全年规模以上工业增加值增长6.1%。",
    "（一）高技术制造业较快增长",
    "高技术制造业增加值增长9.8%，占规模以上工业比重提高1.2个百分点。",
    "（二）装备制造业支撑有力",
    "装备制造业增加值增长7.5%。",
    "二、消费市场持续恢复",
    "社会消费品零售总额增长4.0%。",
    "（一）服务消费活力释放",
    "服务零售额增长6.3%。",
    "三、下一步工作安排",
    "（一）将加快推进重大项目建设，力争新开工项目120个。",
    "（二）将持续扩大有效投资，全年完成投资800亿元。",
    "2026年，全市将坚持稳中求进工作总基调，推动经济实现质的有效提升和量的合理增长。",
)
TEXT = "\n".join(LINES) + "\n"
# (kind, number, level, parent index, first line, last line, heading)
OUTLINE = (
    ("lead", 1, 1, None, 1, 1, None),
    ("achievement", 1, 1, None, 2, 3, "一、工业生产稳中有进"),
    ("achievement", 1, 2, 1, 4, 5, "（一）高技术制造业较快增长"),
    ("achievement", 2, 2, 1, 6, 7, "（二）装备制造业支撑有力"),
    ("achievement", 2, 1, None, 8, 9, "二、消费市场持续恢复"),
    ("achievement", 1, 2, 4, 10, 11, "（一）服务消费活力释放"),
    ("other", 1, 1, None, 12, 12, "三、下一步工作安排"),
    ("priority", 1, 2, 6, 13, 13, "（一）将加快推进重大项目建设"),
    ("priority", 2, 2, 6, 14, 14, "（二）将持续扩大有效投资"),
    ("outlook", 1, 1, None, 15, 15, None),
)
# figures each section holds itself (its items' not counted)
OWN_FIGURES = {0: ["5.2%"], 1: ["6.1%"], 2: ["9.8%", "1.2个百分点"], 3: ["7.5%"], 4: ["4.0%"],
               5: ["6.3%"], 6: [], 7: ["120个"], 8: ["800亿元"], 9: []}
SPAN_STYLES = ("nested", "flat")


def _line_start(index: int) -> int:
    return sum(len(line) + 1 for line in LINES[:index])


def outline_sections(style: str = "nested") -> tuple[Section, ...]:
    """The hand-marked sections; with "nested", an area's end is its last item's end."""
    sections = [
        Section(kind=kind, number=number, heading=heading, start=_line_start(first),
                end=_line_start(last) + len(LINES[last]), level=level, parent=parent,
                form="heading_line" if heading else None)
        for kind, number, level, parent, first, last, heading in OUTLINE
    ]
    if style == "nested":
        for index, section in enumerate(sections):
            ends = [s.end for s in sections if s.parent == index]
            if ends:
                sections[index] = dataclasses.replace(section, end=max(ends))
    return tuple(sections)


def outline_document(style: str = "nested", file: str = "outline.txt") -> Document:
    """The release parsed for its figures, with the hand-marked outline; each figure
    belongs to the deepest section holding it."""
    parsed = parse_text(TEXT, file=file)
    sections = outline_sections(style)

    def deepest(offset: int) -> int | None:
        holding = [i for i, s in enumerate(sections) if s.start <= offset < s.end]
        return max(holding, key=lambda i: sections[i].level) if holding else None

    metrics = tuple(dataclasses.replace(m, section=deepest(m.start)) for m in parsed.metrics)
    return dataclasses.replace(parsed, sections=sections, metrics=metrics)


def import_outline_release(kb: KnowledgeBase, folder: Path, style: str = "nested") -> int:
    """Import the release into `kb` through its import path (the parser swapped for the
    hand-marked document while it runs); returns the document's id."""
    path = Path(folder) / f"outline-{style}.txt"
    path.write_text(TEXT, encoding="utf-8")
    document = outline_document(style, file=path.name)
    original = import_files.parse_one
    import_files.parse_one = lambda _path: (document, None)
    try:
        report = kb.import_paths([path])
    finally:
        import_files.parse_one = original
    ((_shown, doc_id),) = report.imported
    return doc_id


if __name__ == "__main__":
    with KnowledgeBase.open(Path(sys.argv[1]), seed=True) as knowledge_base:
        print(import_outline_release(knowledge_base, Path(sys.argv[1]), *sys.argv[2:3]))
