"""The "已修改" mark on what the user corrected, with the parser's version in
its tooltip: on tree rows (releases, sections, figures) and in the metrics table.

The knowledge base says what is corrected per release (KnowledgeBase.correction_marks:
corrected ids → {field: the parser's value}); MarkBook reads that once per release shown
and keeps it until the rows are read again (`clear`, on every reload of the tree).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from desktop_app.ui import labels

if TYPE_CHECKING:
    from desktop_app.core.corrections import CorrectionMarks
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import MetricRecord
    from desktop_app.ui.tree_model import TreeNode

translate = QCoreApplication.translate


def mark_text() -> str:
    """The mark put before a corrected row's words: “【已修改】”."""
    return translate("CorrectionMarks", "[corrected] ")


def _field_name(field: str) -> str:
    names = {
        "kind": translate("CorrectionMarks", "Kind"), "level": translate("CorrectionMarks", "Level"),
        "heading": translate("CorrectionMarks", "Heading"), "label": translate("CorrectionMarks", "Indicator"),
        "unit": translate("CorrectionMarks", "Unit"), "value": translate("CorrectionMarks", "Value"),
        "borderline": translate("CorrectionMarks", "Borderline"), "title": translate("CorrectionMarks", "Title"),
        "year": translate("CorrectionMarks", "Year"), "issuer": translate("CorrectionMarks", "Issuer"),
    }
    return names.get(field, field)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _value_text(field: str, value: Any) -> str:
    """A field's value as the tooltip shows it."""
    if value is None or value == "":
        return translate("CorrectionMarks", "(none)")
    if field == "kind":
        return labels.section_kind_label(str(value))
    if field == "level":
        return translate("CorrectionMarks", "item of the area above") if value == 2 else \
            translate("CorrectionMarks", "area of its own")
    if field == "borderline":
        return translate("CorrectionMarks", "yes") if value else translate("CorrectionMarks", "no")
    if field == "value" and isinstance(value, Mapping):
        if value.get("high") is not None:
            return f"{_number(value.get('low'))}~{_number(value.get('high'))}"
        return _number(value.get("value"))
    return str(value)


def original_text(original: Mapping[str, Any]) -> str:
    """The tooltip's lines: “已修改。解析结果：类型：主要成效 …” (what the parser gave for
    each corrected field; a split, a merge or an added figure said as such)."""
    lines = [translate("CorrectionMarks", "Corrected by the user. The parser's version:")]
    for field, value in original.items():
        if field == "split":
            lines.append(translate("CorrectionMarks", "split off from the section before"))
        elif field == "merge":
            lines.append(translate("CorrectionMarks", "the section after it was merged into it"))
        elif field == "add":
            lines.append(translate("CorrectionMarks", "not a figure (added by the user)"))
        elif field != "remove":
            lines.append(f"{_field_name(field)}：{_value_text(field, value)}")
    return "\n".join(lines)


class MarkBook:
    """What is corrected in each release shown, read once per release (see the module
    docstring); the contents tree's CorrectionMarkSource and the table's mark."""

    def __init__(self, kb: Callable[[], KnowledgeBase | None]):
        self._kb = kb
        self._releases: dict[int, CorrectionMarks | None] = {}
        self._any: bool | None = None  # whether the knowledge base holds any correction

    def clear(self) -> None:
        """Forget what was read (the rows were written again)."""
        self._releases.clear()
        self._any = None

    def of(self, doc_id: int) -> CorrectionMarks | None:
        """The release's corrections (None: it has none, or the knowledge base is closed).
        A library without corrections costs one query, not one per release row painted."""
        if doc_id not in self._releases:
            kb = self._kb()
            if kb is None:
                return None
            try:
                if self._any is None:
                    self._any = bool(kb.corrections())
                found = kb.correction_marks_of([doc_id]).get(doc_id) if self._any else None
            except Exception:  # noqa: BLE001 - a mark is never worth a failed paint
                found = None
            self._releases[doc_id] = found
        return self._releases[doc_id]

    def original(self, node: TreeNode) -> Mapping[str, Any] | None:
        """The parser's values of what the row shows, when the user corrected it."""
        if node.metric is not None:
            return self.of_metric(node.metric)
        doc_id = node.doc_id
        marks = self.of(doc_id) if doc_id is not None else None
        if marks is None:
            return None
        if node.role == "section" and node.section is not None:
            return marks.sections.get(node.section.id)
        if node.role == "document":
            return marks.document or None
        return None

    def of_metric(self, metric: MetricRecord) -> Mapping[str, Any] | None:
        marks = self.of(metric.doc_id)
        return marks.metrics.get(metric.id) if marks is not None else None

    # -- CorrectionMarkSource (tree_model) and the table's mark ----------------------
    def label(self, node: TreeNode) -> str:
        return f"{mark_text()}{node.label}" if self.original(node) else node.label

    def tooltip(self, node: TreeNode) -> str:
        original = self.original(node)
        if not original:
            return node.tooltip
        return "\n".join(t for t in (node.tooltip, original_text(original)) if t)

    def table_mark(self, metric: MetricRecord) -> tuple[str, str] | None:
        original = self.of_metric(metric)
        return (mark_text(), original_text(original)) if original else None
