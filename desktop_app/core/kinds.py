"""The kinds the parser gives sections and figures, as StrEnums stored as their text.

Apart from core/model.py (which hands them on) so that the window's first modules can
compare kinds without importing `dataclasses` before the first frame.
"""
from __future__ import annotations

from enum import StrEnum


class SectionKind(StrEnum):
    """What a section is; stored as its text (the member's value) in `sections.kind`."""

    LEAD = "lead"
    ACHIEVEMENT = "achievement"
    OUTLOOK = "outlook"
    PRIORITY = "priority"
    CREDITS = "credits"
    OTHER = "other"

    @classmethod
    def _missing_(cls, value: object) -> SectionKind:
        """A kind this build does not know (a newer Zhiku's backup, a hand-edited file)
        reads as `other`, never as an error."""
        return cls.OTHER


class MetricKind(StrEnum):
    """What a figure measures; stored as its text in `metrics.kind`."""

    PERCENT = "percent"
    PERCENTAGE_POINT = "percentage_point"
    MONEY = "money"
    COUNT = "count"
    DURATION = "duration"
    RATIO = "ratio"
    MULTIPLE = "multiple"
    OTHER = "other"

    @classmethod
    def _missing_(cls, value: object) -> MetricKind:
        """An unknown stored kind reads as `other` (see SectionKind._missing_)."""
        return cls.OTHER
