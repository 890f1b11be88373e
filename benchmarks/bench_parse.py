"""Parser speed: the seed release beside a regex baseline, and worst-case files of 1, 5 and 20 MB.

Part 1, the seed: mean time to parse the seed release, beside a one-line regex baseline. The
baseline finds "digits + unit" with one regular expression over the same text in the same
process, the cheapest thing that could pass for figure extraction. The ratio says how many of
those scans one full parse (sections, figures, labels, credits) costs.

Part 2, worst cases (parsing must be linear; and its memory bounded): the
hostile texts of tests/hostile/texts.py written as files of 1, 5 and 20 MB of UTF-8 (20 MB is
the largest file Zhiku reads), each loaded once with formats.load_release (what an import
calls) in a fresh process: Markdown shapes as .md, HTML pages as .html, Word parts (the XML of
word/document.xml) as a .docx holding them. The table gives seconds per MB and its ratio to
the 1 MB file of the same shape in the same run: for linear parsing the ratio stays near 1
(the old code went quadratic: 16,000 figures in one sentence, 176 KB, took 203 s; 20,000
unclosed "<a " in a page, 60 KB, 38 s). It also gives each run's peak memory (RSS,
ru_maxrss), its ratio to the 1 MB run of the same shape, and how much of it the load added to the interpreter with Zhiku imported.
The parser's limits (MAX_FIGURES, MAX_SECTIONS) bound the memory: the peak grows with the
text itself (a few copies of it), not with the figures or items in it (2.5 GB for 4.2 million
figures before).

No threshold is asserted; the numbers are for people to read (tests/core/test_parse_linear.py
checks linearity by counting work, tests/core/test_parse_memory.py the peak at 20 MB).

    python benchmarks/bench_parse.py [--repeat 300] [--sizes 1,5,20] [--shapes a,b|all] [--no-seed]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
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

# Runs in a fresh interpreter: loads the file, measures memory before and after (the peak
# RSS of the whole process: Python, Zhiku's modules and the segmenter are in it).
_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from desktop_app.core import formats, segment
from desktop_app.core.errors import InputError
segment.segmenter()  # the word segmenter's dictionary (~55 MB), loaded by any first parse
path = sys.argv[2]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    doc = formats.load_release(path)
except InputError:  # refused (a page of markup holds no text): the time to refuse it counts
    doc = None
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "figures": len(doc.metrics) if doc else 0,
                  "sections": len(doc.sections) if doc else 0,
                  "limited": bool(doc and doc.limit_notes),
                  "peak_mb": peak / 1024, "added_mb": (peak - before) / 1024}))
"""

# A child forked from a large process starts with that process's peak RSS (Linux copies the
# high-water mark with the memory map): this one has written 20 MB texts, so each child is
# started by a fresh, small interpreter.
_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"


def run_worst_cases(shapes: list[str], sizes_mb: list[float]) -> list[dict]:
    """Write each shape at each size and load it in its own process; one row per run."""
    sys.path.insert(0, str(REPO))
    from desktop_app.core.reading import MAX_BYTES
    from tests.hostile import texts

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in shapes:
            for size in sizes_mb:
                suffix = (".md" if name in texts.MARKDOWN_SHAPES else ".html" if name in texts.HTML_SHAPES
                          else ".docx" if name in texts.DOCX_SHAPES else ".txt")
                path = texts.write_bytes(name, min(int(size * MB), MAX_BYTES), Path(folder) / (name + suffix))
                done = subprocess.run([sys.executable, "-c", _LAUNCHER, sys.executable, "-c", _CHILD,
                                       str(REPO), str(path)], capture_output=True, text=True)
                row = {"shape": name, "size_mb": size, "bytes": path.stat().st_size}
                path.unlink()
                if done.returncode:
                    rows.append({**row, "error": done.stderr.strip()[-300:]})
                    continue
                row.update(json.loads(done.stdout))
                row["per_mb"] = row["seconds"] / (row["bytes"] / MB)
                rows.append(row)
                print(f"  {name} {size:g} MB: {row['seconds']:.1f} s, {row['peak_mb']:.0f} MB",
                      file=sys.stderr, flush=True)
    return rows


def print_worst_cases(rows: list[dict]) -> None:
    print("\nWorst-case files (tests/hostile/texts.py), each loaded once in a fresh process")
    print(f"{'shape':20} {'MB':>5} {'seconds':>8} {'s/MB':>6} {'vs 1st':>6} {'figures':>8} "
          f"{'sections':>8} {'peak MB':>8} {'vs 1st':>6} {'added MB':>8}")
    print("-" * 94)
    first: dict[str, dict] = {}
    for row in rows:
        if "error" in row:
            print(f"{row['shape']:20} {row['size_mb']:>5g}  failed: {row['error']}")
            continue
        base = first.setdefault(row["shape"], row)
        limited = "*" if row.get("limited") else " "
        print(f"{row['shape']:20} {row['bytes'] / MB:>5.1f} {row['seconds']:>8.2f} {row['per_mb']:>6.2f} "
              f"{row['per_mb'] / base['per_mb']:>6.2f} {row['figures']:>8} {row['sections']:>8}{limited}"
              f"{row['peak_mb']:>8.0f} {row['peak_mb'] / base['peak_mb']:>6.2f} {row['added_mb']:>8.0f}")
    print("(* the document is past a parser limit: the rest of it is one section, or its later "
          "figures were not extracted)")


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
