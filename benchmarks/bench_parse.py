"""Parser speed: mean time to parse the seed release, beside a one-line regex baseline.

The baseline finds "digits + unit" with one regular expression over the same text in the
same process, the cheapest thing that could pass for figure extraction. The ratio says how
many of those scans one full parse (sections, figures, labels, credits) costs. No threshold
is asserted; the numbers are for people to read.

    python benchmarks/bench_parse.py [--repeat 300]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_fdae50e4b2650f6d.txt"
BASELINE = re.compile(r"\d+(?:\.\d+)?(?:%|万|亿|余|多)?[个人件次起元项家户套吨台辆只亩天%]")


def mean_ms(function, repeat: int, warm_up: int = 5) -> float:
    """Mean milliseconds per call of `function()` after `warm_up` untimed calls."""
    for _ in range(warm_up):
        function()
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) * 1000 / repeat


def run(repeat: int) -> dict:
    """Time the parser and the regex baseline on the seed; return the figures."""
    sys.path.insert(0, str(REPO))
    from desktop_app.core import parser, reading

    text, encoding = reading.read_text(SEED)
    doc = parser.parse_text(text, file=SEED.name, encoding=encoding)
    parse_ms = mean_ms(lambda: parser.parse_text(text, file=SEED.name, encoding=encoding), repeat)
    regex_ms = mean_ms(lambda: BASELINE.findall(text), repeat * 10)
    return {"chars": len(text), "sections": len(doc.sections), "metrics": len(doc.metrics),
            "parse_ms": parse_ms, "regex_ms": regex_ms, "repeat": repeat}


def print_table(r: dict) -> None:
    print(f"\nParse benchmark: seed release, {r['chars']} characters, {r['sections']} sections, "
          f"{r['metrics']} figures; mean of {r['repeat']} parses after warm-up")
    print(f"{'metric':34} {'value':>10}")
    print("-" * 45)
    print(f"{'parse_text (ms per release)':34} {r['parse_ms']:>10.3f}")
    print(f"{'baseline one-line regex (ms)':34} {r['regex_ms']:>10.4f}")
    print(f"{'ratio parse / regex':34} {r['parse_ms'] / r['regex_ms']:>10.0f}")
    print(f"{'releases parsed per second':34} {1000 / r['parse_ms']:>10.0f}")


def main(argv=None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--repeat", type=int, default=300, help="timed parses")
    print_table(run(options.parse_args(argv).repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
