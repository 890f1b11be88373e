"""The one table of names for the parser's kinds, in Chinese and English.

The window (desktop_app/ui/labels.py, through its zh_CN translation), the printed summary,
the CLI and kind filters all name a section or metric kind from here, so a kind reads the
same everywhere. Qt-free: the UI translates the English names itself.
"""
from __future__ import annotations

# kind -> (Chinese name, English name): what the window shows for each section kind.
SECTION_KIND_NAMES: dict[str, tuple[str, str]] = {
    "lead": ("导语", "Lead"),
    "achievement": ("主要成效", "Achievements"),
    "outlook": ("展望", "Outlook"),
    "priority": ("下一步重点", "Priorities"),
    "credits": ("署名", "Credits"),
    "other": ("其他", "Other"),
}

# The printed summary is a Chinese office document: an outlook section reads as the
# release's own category, 下一步工作, rather than the window's shorter 展望.
PRINTED_SECTION_KIND_NAMES: dict[str, str] = {
    **{kind: names[0] for kind, names in SECTION_KIND_NAMES.items()},
    "outlook": "下一步工作",
}

# Other names users type for a section kind (shorter forms, singular English).
SECTION_KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "achievement": ("成效", "Achievement"),
    "outlook": ("下一步工作",),
    "priority": ("重点", "Priority"),
}

METRIC_KIND_NAMES: dict[str, tuple[str, str]] = {
    "percent": ("百分比", "Percent"),
    "percentage_point": ("百分点", "Percentage points"),
    "money": ("金额", "Money"),
    "count": ("数量", "Count"),
    "duration": ("时长", "Duration"),
    "ratio": ("比率", "Ratio"),
    "multiple": ("倍数", "Multiple"),
    "other": ("其他", "Other"),
}

METRIC_KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "percentage_point": ("percentage point",),
}


def section_kind_name(kind: str) -> str:
    """The Chinese name the window shows for a section kind (unknown kinds: 其他)."""
    return SECTION_KIND_NAMES.get(kind, SECTION_KIND_NAMES["other"])[0]


def printed_section_kind_name(kind: str) -> str:
    """The Chinese name a printed summary uses for a section kind (unknown kinds: 其他)."""
    return PRINTED_SECTION_KIND_NAMES.get(kind, PRINTED_SECTION_KIND_NAMES["other"])
