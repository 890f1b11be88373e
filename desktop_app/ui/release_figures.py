"""The figures of a release's sections for the contents tree, read once per release.

Expanding a section row shows its figures, each with the words saying what it measures.
Reading a section through `kb.section()` reads its whole release (text, section list,
figures) again; expanding the rows of one release would read it once per row. This cache
reads a release's text and figures once, when its first row is expanded, and keeps the
last few releases only (nothing that runs per row re-reads a release).
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.ui import labels

if TYPE_CHECKING:
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import MetricRecord, SectionInfo

KEPT_RELEASES = 8


class ReleaseFigures:
    """Section figures with their indicator words, by release, for the last few releases."""

    def __init__(self, kb: Callable[[], KnowledgeBase | None], kept: int = KEPT_RELEASES):
        self._kb = kb
        self._kept = kept
        self._releases: OrderedDict[int, tuple[str, dict[int | None, list[MetricRecord]]]] = OrderedDict()

    def clear(self) -> None:
        """Forget everything read (the documents changed)."""
        self._releases.clear()

    def rows(self, section: SectionInfo) -> list[tuple[MetricRecord, str]]:
        """The section's own figures, each with what it measures (as the reading pane says)."""
        release = self._release(section.doc_id)
        if release is None:  # closing
            return []
        text, by_section = release
        own = text[section.start:section.end]
        return [(m, labels.metric_indicator(m, own, section.start)) for m in by_section.get(section.id, [])]

    def _release(self, doc_id: int) -> tuple[str, dict[int | None, list[MetricRecord]]] | None:
        if doc_id in self._releases:
            self._releases.move_to_end(doc_id)
            return self._releases[doc_id]
        kb = self._kb()
        if kb is None:
            return None
        by_section: dict[int | None, list[MetricRecord]] = {}
        for metric in kb.metrics(doc_id=doc_id):
            by_section.setdefault(metric.section_id, []).append(metric)
        self._releases[doc_id] = (kb.document_text(doc_id), by_section)
        while len(self._releases) > self._kept:
            self._releases.popitem(last=False)
        return self._releases[doc_id]
