"""PDF export speed: the whole seed document as a paginated summary, beside Qt's own print.

Zhiku lays out every block on its own QTextDocument, paginates by hand (headings kept with
what follows, table rows whole, headers repeated) and paints page by page. The baseline is
the cheapest way to get the same HTML into a PDF: one QTextDocument and `print_()`, with
Qt's naive page breaks. The ratio says what the careful layout costs. Aim: the whole
export (summary from the knowledge base + PDF) under 1 s. No threshold is asserted.

    python benchmarks/bench_pdf.py [--repeat 10]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def mean_ms(function, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) * 1000 / repeat


def run(repeat: int) -> dict:
    """Time the first (cold) and later exports, and the baseline; return the figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO))
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.summary import SummaryTarget, build_summary
    from desktop_app.ui import printing

    app = QApplication.instance() or QApplication(["bench"])  # noqa: F841 (kept alive)
    out = Path(tempfile.mkdtemp(prefix="zhiku-bench-pdf-"))
    with KnowledgeBase.open(out / "data", seed=True) as kb:
        target = SummaryTarget.document(kb.documents()[0].id)

        def export() -> int:
            return printing.write_pdf(build_summary(kb, target), out / "zhiku.pdf")

        start = time.perf_counter()
        pages = export()
        cold_ms = (time.perf_counter() - start) * 1000
        warm_ms = mean_ms(export, repeat)
        summary = build_summary(kb, target)
        build_ms = mean_ms(lambda: build_summary(kb, target), repeat)

    def baseline() -> None:
        doc = QTextDocument()
        doc.setDefaultFont(printing.summary_font())
        doc.setHtml(summary.html())
        doc.print_(printing.make_pdf_writer(out / "baseline.pdf"))

    baseline()
    baseline_ms = mean_ms(baseline, repeat)
    return {
        "pages": pages, "cold_ms": cold_ms, "warm_ms": warm_ms, "build_ms": build_ms,
        "baseline_ms": baseline_ms, "bytes": (out / "zhiku.pdf").stat().st_size,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    r = run(args.repeat)
    print("PDF export of the seed document (A4, bundled font embedded)")
    print(f"  pages                          {r['pages']:>8}")
    print(f"  PDF size                       {r['bytes'] / 1024:>8.0f} KiB")
    print(f"  first export (cold, fonts)     {r['cold_ms']:>8.1f} ms   aim < 1000 ms")
    print(f"  export, mean of {args.repeat:<3}            {r['warm_ms']:>8.1f} ms")
    print(f"    of which summary HTML        {r['build_ms']:>8.1f} ms")
    print(f"  baseline QTextDocument.print_  {r['baseline_ms']:>8.1f} ms")
    print(f"  ratio export / baseline        {r['warm_ms'] / r['baseline_ms']:>8.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
