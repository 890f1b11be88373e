"""Words the interface shows for the core's plain values: kinds, numbers, colours, dates.

Everything goes through `translate("Labels", …)` with an English source string, so the
Chinese interface reads 主要成效 / 下一步重点 and the English one Achievements / Priorities.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop_app.core.kinds import MetricKind, SectionKind
from desktop_app.core.patterns import lazy
from desktop_app.ui import i18n

if TYPE_CHECKING:
    from desktop_app.core.records import DocumentInfo, MetricRecord, SectionInfo

translate = QCoreApplication.translate


def section_kind_label(kind: str) -> str:
    """The name of a section kind; also the name of the tree's group nodes."""
    labels: dict[str, str] = {
        SectionKind.LEAD: translate("Labels", "Lead"),
        SectionKind.ACHIEVEMENT: translate("Labels", "Achievements"),
        SectionKind.OUTLOOK: translate("Labels", "Outlook"),
        SectionKind.PRIORITY: translate("Labels", "Priorities"),
        SectionKind.CREDITS: translate("Labels", "Credits"),
        SectionKind.OTHER: translate("Labels", "Other"),
    }
    return labels.get(kind, kind)


def metric_kind_label(kind: str) -> str:
    labels: dict[str, str] = {
        MetricKind.PERCENT: translate("Labels", "Percent"),
        MetricKind.PERCENTAGE_POINT: translate("Labels", "Percentage points"),
        MetricKind.MONEY: translate("Labels", "Money"),
        MetricKind.COUNT: translate("Labels", "Count"),
        MetricKind.DURATION: translate("Labels", "Duration"),
        MetricKind.RATIO: translate("Labels", "Ratio"),
        MetricKind.MULTIPLE: translate("Labels", "Multiple"),
        MetricKind.OTHER: translate("Labels", "Other"),
    }
    return labels.get(kind, kind)


def trend_label(trend: str | None) -> str:
    """The parser's trend word as written in the release (下降, 增长 …)."""
    return trend or ""


# Metric colours by kind: distinct, dark enough on white, like data-dashboard accents.
METRIC_COLOURS: dict[str, str] = {
    MetricKind.PERCENT: "#c2410c",
    MetricKind.PERCENTAGE_POINT: "#a16207",
    MetricKind.MONEY: "#be185d",
    MetricKind.COUNT: "#1d4ed8",
    MetricKind.DURATION: "#0f766e",
    MetricKind.RATIO: "#15803d",
    MetricKind.MULTIPLE: "#6d28d9",
    MetricKind.OTHER: "#525252",
}


BORDERLINE_COLOUR = "#a3a3a3"  # borderline figures are greyed


def metric_colour(kind: str) -> str:
    return METRIC_COLOURS.get(kind, METRIC_COLOURS[MetricKind.OTHER])


def figure_colour(metric) -> str:
    """A figure's colour: its kind's, or grey when it is borderline."""
    return BORDERLINE_COLOUR if getattr(metric, "borderline", False) else metric_colour(metric.kind)


_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (section ordinals as a Chinese report writes them)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def ordinal(n: int) -> str:
    """A section number in the interface language: 二 in Chinese, 2 in English."""
    return chinese_number(n) if i18n.current_language().startswith("zh") else str(n)


def section_title(info: SectionInfo) -> str:
    """The heading a person would use for a section, even when the text gave none."""
    if info.heading:
        return info.heading
    if info.kind in (SectionKind.LEAD, SectionKind.OUTLOOK, SectionKind.CREDITS):
        return section_kind_label(info.kind)
    return translate("Labels", "{kind} {number}").format(kind=section_kind_label(info.kind), number=ordinal(info.number))


# A leading word that only counts (第一，… 其二、… 首先，… 一是…): the tree numbers its rows.
_COUNTING_LEAD = lazy(r"^\s*(?:(?:第[一二三四五六七八九十]+|其[一二三四五六七八九十]|首先|其次|再次|最后)[，,、：:]"
                            r"|[一二三四五六七八九十]+是(?![，,。；;]))\s*")
_OPENING_END = lazy(r"[。：:；;！？!?\n]")
OPENING_LIMIT = 40  # characters of a heading-less section's opening words shown in the tree


def tree_heading(heading: str) -> str:
    """The words of a heading that say something, whole (the view elides what does not fit):
    第一，坚持能动履职，全力服务保障高质量发展 → 坚持能动履职，全力服务保障高质量发展."""
    rest = _COUNTING_LEAD.sub("", heading, count=1).strip()
    return rest if len(rest) >= 2 else heading


def opening_words(text: str, limit: int = OPENING_LIMIT) -> str:
    """A heading-less section's first sentence (up to ：or 。), for the tree in place of a
    bare 其他一: 同时，我们也清醒认识到，检察工作还存在一些问题和不足."""
    text = text.strip()
    match = _OPENING_END.search(text)
    first = text[:match.start()] if match else text
    return first if len(first) <= limit else first[:limit - 1] + "…"


_OWN_NUMBER = lazy(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))")


def numbered_heading(heading: str) -> bool:
    """The heading writes its own number (一、… （二）… 3.…): the tree adds none."""
    return _OWN_NUMBER.match(heading) is not None


def document_title(info: DocumentInfo) -> str:
    return info.title or info.file or translate("Labels", "Untitled document")


def document_date(info: DocumentInfo) -> str:
    """The date as the release gives it, with the user's year when one was set (in place
    of the year the dateline writes, if it writes one)."""
    if info.date and info.dateline and info.date[:4] not in info.dateline:
        year = int(info.date[:4])
        if _WRITTEN_YEAR.search(info.dateline):
            return _WRITTEN_YEAR.sub(f"{year}年", info.dateline, count=1)
        return translate("Labels", "{year}, {dateline}").format(year=year, dateline=info.dateline)
    return info.dateline or (info.date or "")


_WRITTEN_YEAR = lazy(r"\d{4}\s*年")


def source_line(info: DocumentInfo) -> str:
    """One line saying where a text comes from: title · date · issuer · file."""
    parts = [document_title(info), document_date(info), info.issuer or "", info.file or ""]
    return " · ".join(p for p in parts if p)


_FIGURE = lazy(r"^(?P<pre>[^\d０-９]*?)(?P<num>[\d０-９][\d０-９.,，．]*(?:[万亿千百]+)?)(?P<post>.*)$")


def split_figure(text: str) -> tuple[str, str, str]:
    """Split a metric as written into (before, number, after): 近3万起 → ('近', '3万', '起')."""
    match = _FIGURE.match(text)
    if not match:
        return "", text, ""
    return match["pre"], match["num"], match["post"]


_CLAUSE_BREAK = lazy(r"[，,、；;：:。！？!?“”\"（(）)\n]")


def metric_indicator(metric: MetricRecord, text: str | None, base: int = 0) -> str:
    """What a figure measures: the parser's label, else the clause just before it.

    `text` is the document text, or a section's text starting at document offset `base`.
    """
    if metric.label:
        return metric.label
    if not text:
        return ""
    end = metric.start - base
    start = max(metric.sentence_start - base, end - 40, 0)
    pieces = _CLAUSE_BREAK.split(text[start:max(end, start)])
    clause = pieces[-1].strip() if pieces else ""
    if len(clause) < 2 and len(pieces) > 1:
        clause = (pieces[-2] + clause).strip()
    return clause[-16:]
