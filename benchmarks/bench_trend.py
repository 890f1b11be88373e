"""Indicators across releases: `trend` p95 for 20 labels (aim ≤ 100 ms) and
`indicators` (aim ≤ 2 s) on a library of 2,000 releases made by make_corpus.py.

    .venv/bin/python benchmarks/bench_trend.py [--docs 2000] [--out benchmarks/out/trend-kb]

The library is built once into --out and reused by later runs (delete it to rebuild). The
20 labels are the indicators found in most releases (the largest trends). As a baseline in
the same run, the same trends are computed by reading every figure into Python and grouping
it there (what a trend costs without the stored keys and their index). Prints seconds;
never asserts anything.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

REPEATS = 5


def _library(out: Path, docs: int) -> Path:
    """The knowledge base of `docs` generated releases in `out` (built when missing)."""
    import make_corpus

    from desktop_app.core.kb import KnowledgeBase

    data = out / "kb"
    if (data / "zhiku.sqlite3").exists():
        return data
    started = time.perf_counter()
    paths = make_corpus.generate(out / "corpus", docs=docs, seed=make_corpus.DEFAULT_SEED)
    with KnowledgeBase.open(data, seed=False) as kb:
        kb.import_paths(paths)
    print(f"built the library of {docs} releases in {time.perf_counter() - started:.1f} s")
    return data


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def _baseline_trend(kb, label: str, unit: str) -> int:
    """A trend without the stored keys: every figure read and grouped in Python."""
    from desktop_app.core.indicators import label_key, unit_key

    key, ukey = label_key(label), unit_key(unit)
    return sum(1 for m in kb.metrics() if label_key(m.label) == key and unit_key(m.unit) == ukey)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out" / "trend-kb")
    args = parser.parse_args(argv)
    from desktop_app.core.kb import KnowledgeBase

    data = _library(args.out, args.docs)
    with KnowledgeBase.open(data, seed=False) as kb:
        docs, _, figures = kb.counts()
        started = time.perf_counter()
        found = kb.indicators(2)
        listed = time.perf_counter() - started
        labels = [(i.indicator, i.unit, i.figures) for i in found[:20]]
        times = []
        for _ in range(REPEATS):
            for label, unit, _ in labels:
                started = time.perf_counter()
                kb.trend(label, unit)
                times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for label, unit, _ in labels[:3]:
            _baseline_trend(kb, label, unit)
        baseline = (time.perf_counter() - started) / 3
        misses = []
        for label in ("刑事", "不存在的指标", "网格"):
            started = time.perf_counter()
            kb.trend(label)
            misses.append(time.perf_counter() - started)
    p95 = _p95(times)
    print(f"{docs} releases, {figures} figures, {len(found)} indicators in ≥ 2 releases")
    print(f"indicators(min_releases=2): {listed:.3f} s   (aim ≤ 2 s)")
    print(f"trend, 20 largest indicators ({labels[0][2]}–{labels[-1][2]} figures) × {REPEATS}: "
          f"p95 {p95 * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms   (aim ≤ 100 ms)")
    print(f"trend with no match (suggestions): max {max(misses) * 1000:.1f} ms")
    print(f"baseline, a trend grouped in Python over every figure: {baseline * 1000:.0f} ms "
          f"({baseline / max(p95, 1e-9):.0f}× the p95)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
