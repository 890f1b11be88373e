"""Parser speed: the seed release beside a regex baseline, and worst-case files of 1, 5 and 20 MB.

Part 1, the seed: mean time to parse the seed release, beside a one-line regex baseline. The
baseline finds "digits + unit" with one regular expression over the same text in the same
process, the cheapest thing that could pass for figure extraction. The ratio says how many of
those scans one full parse (sections, figures, labels, credits) costs.

Part 2, worst cases (issue 9, High 2: parsing must be linear): the hostile texts of
tests/hostile/texts.py written at 1, 5 and 20 MB of UTF-8 (20 MB is the largest file Zhiku
reads), each parsed once in a fresh process. Markdown shapes go through markdown_to_text
first, HTML pages through html_to_text, Word parts (the XML of word/document.xml) through
docx_xml_to_text: the "format s" column is that step, "seconds" the whole. The table gives
seconds per MB and its ratio to the 1 MB file of the same shape in the same run: for linear
parsing the ratio stays near 1 (the old code went quadratic: 16,000 figures in one sentence,
176 KB, took 203 s; 20,000 unclosed "<a " in a page, 60 KB, 38 s). It also gives each run's
peak resident memory and how much of it the parse added to the interpreter with Zhiku
imported and the file's text built (the peak of the process's own memory, VmHWM: ru_maxrss
would keep the peak of the process that started it).

No threshold is asserted; the numbers are for people to read (tests/core/test_parse_linear.py
checks linearity by counting work).

    python benchmarks/bench_parse.py [--repeat 300] [--sizes 1,5,20] [--shapes a,b|all] [--no-seed]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_fdae50e4b2650f6d.txt"
BASELINE = re.compile(r"\d+(?:\.\d+)?(?:%|万|亿|余|多)?[个人件次起元项家户套吨台辆只亩天%]")
# One shape per kind of worst case: the two, long lists and clauses, stripped label
# words, unmatched brackets, many headings, many lists, many lines, one repeated character.
DEFAULT_SHAPES = ("figure_sentence", "md_brackets", "figure_list", "trailing_words",
                  "close_brackets", "shared_units", "numbered_headings", "inline_lists",
                  "short_lines", "one_char_ff0c", "md_bold", "html_open_tags",
                  "html_quoted_tags", "html_comments", "html_wrap_spaces", "html_page",
                  "docx_long_attribute", "docx_empty_runs")
MB = 1024 * 1024


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


# --- worst cases ------------------------------------------------------------------------------

# Runs in a fresh interpreter: builds the text, measures memory before and after the parse.
_CHILD = r"""
import json, re, sys, time
sys.path.insert(0, sys.argv[1])
from tests.hostile import texts
from desktop_app.core import formats, parser, segment

def memory_kb(field):
    with open("/proc/self/status") as lines:
        return int(re.search(field + r":\s*(\d+)", lines.read()).group(1))

segment.segmenter()
name, size = sys.argv[2], int(sys.argv[3])
shape = texts.SHAPES[name]
unit = (len(shape(64).encode()) - len(shape(32).encode())) / 32
text = shape(max(1, int(size / unit)))
data = text.encode()
size = len(data)
try:
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # the peak starts again from what is resident now
except OSError:
    pass
before = memory_kb("VmRSS")
start = time.perf_counter()
if name in texts.MARKDOWN_SHAPES:
    text = formats.markdown_to_text(text)
elif name in texts.HTML_SHAPES:
    text = formats.html_to_text(text)
elif name in texts.DOCX_SHAPES:
    text = formats.docx_xml_to_text(data)
converted = time.perf_counter() - start
doc = parser.parse_text(text) if text.strip() else None
seconds = time.perf_counter() - start
peak = memory_kb("VmHWM")
print(json.dumps({"bytes": size, "seconds": seconds, "format_seconds": converted,
                  "figures": len(doc.metrics) if doc else 0,
                  "sections": len(doc.sections) if doc else 0,
                  "peak_mb": peak / 1024, "added_mb": max(0, peak - before) / 1024}))
"""


def run_worst_cases(shapes: list[str], sizes_mb: list[float]) -> list[dict]:
    """Parse each shape at each size in its own process; one row per run."""
    rows = []
    for name in shapes:
        for size in sizes_mb:
            done = subprocess.run([sys.executable, "-c", _CHILD, str(REPO), name, str(int(size * MB))],
                                  capture_output=True, text=True)
            if done.returncode:
                rows.append({"shape": name, "size_mb": size, "error": done.stderr.strip()[-300:]})
                continue
            row = json.loads(done.stdout)
            row.update(shape=name, size_mb=size, per_mb=row["seconds"] / (row["bytes"] / MB))
            rows.append(row)
            print(f"  {name} {size:g} MB: {row['seconds']:.1f} s", file=sys.stderr, flush=True)
    return rows


def print_worst_cases(rows: list[dict]) -> None:
    print("\nWorst-case files (tests/hostile/texts.py), each parsed once in a fresh process")
    print(f"{'shape':20} {'MB':>5} {'seconds':>9} {'format s':>9} {'s per MB':>9} {'vs 1st':>7} "
          f"{'figures':>9} {'peak RSS MB':>12} {'added MB':>9}")
    print("-" * 96)
    first: dict[str, float] = {}
    for row in rows:
        if "error" in row:
            print(f"{row['shape']:20} {row['size_mb']:>5g}  failed: {row['error']}")
            continue
        base = first.setdefault(row["shape"], row["per_mb"])
        print(f"{row['shape']:20} {row['bytes'] / MB:>5.1f} {row['seconds']:>9.2f} "
              f"{row['format_seconds']:>9.2f} {row['per_mb']:>9.2f} "
              f"{row['per_mb'] / base:>7.2f} {row['figures']:>9} {row['peak_mb']:>12.0f} {row['added_mb']:>9.0f}")


def main(argv=None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--repeat", type=int, default=300, help="timed parses of the seed")
    options.add_argument("--sizes", default="1,5,20", help="worst-case file sizes in MB")
    options.add_argument("--shapes", default=",".join(DEFAULT_SHAPES),
                         help="worst-case shapes of tests/hostile/texts.py, or 'all', or '' for none")
    options.add_argument("--no-seed", action="store_true", help="skip the seed benchmark")
    args = options.parse_args(argv)
    if not args.no_seed:
        print_table(run(args.repeat))
    shapes = [s for s in args.shapes.split(",") if s]
    if shapes == ["all"]:
        sys.path.insert(0, str(REPO))
        from tests.hostile import texts
        shapes = list(texts.SHAPES)
    if shapes:
        print_worst_cases(run_worst_cases(shapes, [float(s) for s in args.sizes.split(",")]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
