"""The one table of names for the parser's kinds, in Chinese and English.

The window (desktop_app/ui/labels.py, through its zh_CN translation), the printed summary,
the CLI and kind filters all name a section or metric kind from here, so a kind reads the
same everywhere. Qt-free: the UI translates the English names itself.
"""
from __future__ import annotations

from desktop_app.core.model import MetricKind, SectionKind

# kind -> (Chinese name, English name): what the window shows for each section kind.
SECTION_KIND_NAMES: dict[str, tuple[str, str]] = {
    SectionKind.LEAD: ("导语", "Lead"),
    SectionKind.ACHIEVEMENT: ("主要成效", "Achievements"),
    SectionKind.OUTLOOK: ("展望", "Outlook"),
    SectionKind.PRIORITY: ("下一步重点", "Priorities"),
    SectionKind.CREDITS: ("署名", "Credits"),
    SectionKind.OTHER: ("其他", "Other"),
}

# The printed summary is a Chinese office document: an outlook section reads as the
# release's own category, 下一步工作, rather than the window's shorter 展望.
PRINTED_SECTION_KIND_NAMES: dict[str, str] = {
    **{kind: names[0] for kind, names in SECTION_KIND_NAMES.items()},
    SectionKind.OUTLOOK: "下一步工作",
}

# Other names users type for a section kind (shorter forms, singular English).
SECTION_KIND_ALIASES: dict[str, tuple[str, ...]] = {
    SectionKind.ACHIEVEMENT: ("成效", "Achievement"),
    SectionKind.OUTLOOK: ("下一步工作",),
    SectionKind.PRIORITY: ("重点", "Priority"),
}

METRIC_KIND_NAMES: dict[str, tuple[str, str]] = {
    MetricKind.PERCENT: ("百分比", "Percent"),
    MetricKind.PERCENTAGE_POINT: ("百分点", "Percentage points"),
    MetricKind.MONEY: ("金额", "Money"),
    MetricKind.COUNT: ("数量", "Count"),
    MetricKind.DURATION: ("时长", "Duration"),
    MetricKind.RATIO: ("比率", "Ratio"),
    MetricKind.MULTIPLE: ("倍数", "Multiple"),
    MetricKind.OTHER: ("其他", "Other"),
}

METRIC_KIND_ALIASES: dict[str, tuple[str, ...]] = {
    MetricKind.PERCENTAGE_POINT: ("percentage point",),
}


def section_kind_name(kind: str) -> str:
    """The Chinese name the window shows for a section kind (unknown kinds: 其他)."""
    return SECTION_KIND_NAMES.get(kind, SECTION_KIND_NAMES[SectionKind.OTHER])[0]


def printed_section_kind_name(kind: str) -> str:
    """The Chinese name a printed summary uses for a section kind (unknown kinds: 其他)."""
    return PRINTED_SECTION_KIND_NAMES.get(kind, PRINTED_SECTION_KIND_NAMES[SectionKind.OTHER])
