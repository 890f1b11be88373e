"""The metrics dock: sort by value, filter by kind, unit, range and words, copy, CSV."""
from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def shown(panel, column: int = 1) -> list[str]:
    return [panel.proxy.index(r, column).data() for r in range(panel.proxy.rowCount())]


def test_the_document_table_lists_all_its_figures(window):
    panel = window.metrics_panel
    assert panel.model.rowCount() == 40
    assert panel.count_label.text() == "40 / 40"
    assert panel.model.headers()[:4] == ["指标", "数据", "数值", "单位"]


def test_sorting_by_value_uses_numbers_not_text(window):
    panel = window.metrics_panel
    panel.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    values = [panel.proxy.index(r, 2).data(Qt.ItemDataRole.UserRole + 2) for r in range(panel.proxy.rowCount())]
    assert values == sorted(values, reverse=True)
    assert shown(panel)[0] == "15亿元"


def test_filters_by_unit_value_range_kind_and_words(window):
    panel, kb = window.metrics_panel, window.session.kb
    doc_id = window.current_doc_id()
    panel.unit_combo.setCurrentIndex(panel.unit_combo.findData("人"))
    panel.min_edit.setText("1000")
    expected = [m.text for m in kb.metrics(doc_id=doc_id, unit="人", min_value=1000)]
    assert sorted(shown(panel)) == sorted(expected)
    assert "7600余人" in expected and "246人" not in shown(panel)

    panel.unit_combo.setCurrentIndex(0)
    panel.min_edit.clear()
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("money"))
    assert sorted(shown(panel)) == sorted(m.text for m in kb.metrics(doc_id=doc_id, kind="money"))

    panel.kind_combo.setCurrentIndex(0)
    panel.text_edit.setText("网格")
    assert {"7600余人", "9400余个", "6万余件"} <= set(shown(panel))
    assert "36.01%" not in shown(panel)
    assert panel.count_label.text().endswith("/ 40")


def test_selecting_a_filtered_out_metric_clears_the_filters(window):
    panel = window.metrics_panel
    panel.text_edit.setText("网格")
    hidden = next(r.metric for r in panel.model.rows() if r.metric.text == "36.01%")
    window.select_metric(hidden.id)
    assert panel.selected_metric_id() == hidden.id
    assert panel.text_edit.text() == ""


def test_copy_puts_tab_separated_rows_on_the_clipboard(window):
    panel = window.metrics_panel
    panel.text_edit.setText("网格员")
    panel.table.selectAll()
    panel.copy_action.trigger()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:2] == ["指标", "数据"]
    assert lines[1].split("\t")[:4] == ["网格员", "7600余人", "7600", "人"]


def test_export_csv_writes_the_rows_shown_as_utf8_for_excel(window, tmp_path, dialog_calls):
    panel = window.metrics_panel
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("percent"))
    out = tmp_path / "指标.csv"
    dialog_calls.answers["save_file"] = str(out)
    panel.export_action.trigger()
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 Chinese correctly
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["指标", "数据", "数值"]
    assert {r[1] for r in rows[1:]} == set(shown(panel))
    assert ["刑事犯罪案件立案数", "36.01%", "36.01", "%"] == rows[1][:4]
