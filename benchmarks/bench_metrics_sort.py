"""Sorting the metrics table with a library's figures (120,000 sort in ≤ 1 s).

    .venv/bin/python benchmarks/bench_metrics_sort.py [--rows 120000]

Times the model's sort (via the proxy, as a click on a header does) by value and by text:
an indicator column with 5,003 distinct labels, and a section column with a new section
every two figures (a library of 2,000 releases has ~60,000 sections for ~120,000 figures).
Prints seconds; never asserts anything.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=120_000)
    args = parser.parse_args(argv)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.records import MetricRecord
    from desktop_app.ui.metrics_table import MetricRow, MetricsFilterProxy, MetricsTableModel

    app = QApplication(sys.argv[:1])  # noqa: F841 - the models need one
    rows = [MetricRow(MetricRecord(id=n, doc_id=n // 60, section_id=n // 12, text=f"{n % 977}%", start=0, end=1,
                                   value=float((n * 7919) % 100_003), unit="%", qualifier=None, kind="percent",
                                   low=None, high=None, label=None, trend=None, period=None, sentence_start=0,
                                   sentence_end=1, borderline=False), f"指标{n % 5003}", f"段落{n // 2}")
            for n in range(args.rows)]
    model, proxy = MetricsTableModel(), MetricsFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(rows)
    for column, name in ((2, "value"), (0, "indicator (text, 5,003 distinct)"),
                         (7, "section (text, one per two figures)")):
        started = time.perf_counter()
        proxy.sort(column, Qt.SortOrder.DescendingOrder)
        print(f"sort {args.rows} figures by {name}: {time.perf_counter() - started:.3f} s")
    print("aim: ≤ 1 s for 120,000 figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
