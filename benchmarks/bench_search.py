"""Import and search benchmark: Zhiku's knowledge base against jieba's stock Whoosh analyzer.

For each configuration, in fresh subprocesses on the same synthetic corpus (make_corpus.py):
  import   read + parse + store + index every release, timed until a search answers
           (MB/s of source files); peak RSS of the importing process; index size on disk
  query    a fresh process opens the knowledge base and answers a first query (open + first
           result), then answers each of QUERIES once (distinct queries, so no result cache
           helps): p50/p95 latency of the first page (limit 10) with snippets; peak RSS.
           --rounds fresh processes are pooled.
  checks   the cost of detecting index damage (checksums of every index file): a
           fresh process opens the knowledge base and answers a first query with checks
           off, on the first open after a commit (every file read: its checksum was not
           checked yet) and on later opens (files unchanged since their check are only
           stat'ed), as ratios of the open with checks off, with the time spent inside the
           checks; and one full check of every file in process, per segment. Zhiku only;
           page cache warm (the index was just built).
Configurations:
  zhiku     desktop_app.core.kb.KnowledgeBase as the app uses it (import_paths, search)
  baseline  the same reader and parser, one Whoosh document per section in a plain Whoosh
            index (positions on) analysed by jieba.analyse.ChineseAnalyzer, queried with
            Whoosh's MultifieldParser and highlighter; no SQLite (which flatters the baseline)
Ratios are zhiku / baseline. Nothing here asserts a time: the table is for people to read.

    python benchmarks/bench_search.py [--docs 2000] [--rounds 3] [--configs zhiku,baseline]
                                      [--no-checks]
    python benchmarks/bench_search.py --libraries 500,2000,20000 [--baseline-code DIR] [--import-files 1000]
                                      [--candidates] [--rounds 3]

--libraries: search on generated libraries built fast through the store
(tests/hostile/library.py, cached by bench_startup.py in $TMPDIR/zhiku-bench-libraries and
copied, since opening may upgrade them): fresh open + first result, query p50/p95/max over
LIBRARY_QUERIES, peak RSS, `list --json`, `metrics --label`, sizes, and with --import-files
import MB/s into an empty library and into a copy of each (bench_import.py's measure) — for
this code and, with --baseline-code, for another source tree beside it in the same run;
--candidates compares the
ways of finding the sections that contain a term (joined scan, str.find, FTS5, Whoosh pairs).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import make_corpus  # noqa: E402  (sibling script)

CODE: Path | None = None  # a child's source tree (--code), when not this one
FIRST_QUERY = "安全感"  # answered by the fresh process; not in QUERIES
QUERIES = (
    # two-character words
    "网格", "诈骗", "纠纷", "法治", "节能", "减排", "采购", "粮食", "污水", "农民", "安全", "改革",
    # words a general dictionary splits
    "网格员", "扫黑除恶", "综治中心", "雪亮工程", "电诈", "保护伞", "营商环境", "再生水", "黄标车",
    "棚室经济",
    # substrings that cross word boundaries
    "交通安全", "淄博市", "犯罪活动", "社会治理", "风险评估", "污水处理", "畜禽养殖", "集中采购",
    "政法委", "刑事案件", "节能灯", "化解成功率",
    # quoted phrases
    '"矛盾纠纷"', '"平安淄博"', '"节能减排"', '"高效节能空调"', '"一站式接收"', '"农民人均纯收入"',
    '"网上竞价"',
    # numbers and figures
    "7600", "36.01%", "98%", "3033", "15亿元", "87.38亿元", "1.5万件", "100%", "2014年",
    # mixed Chinese / English, several words
    "GDP", "单位GDP能耗", "e+智慧法庭", "网格员 7600", "节能 空调",
    # full-width forms
    "３．４亿吨", "６５００万吨", "ＧＤＰ", "２０１５年", "网格员　满意度", "98％",
)
TARGETS = {  # metric -> (target text, predicate on Zhiku's value)
    "import_mb_s": ("≥ 1", lambda v: v >= 1.0),
    "p95_ms": ("≤ 30 (stretch 10)", lambda v: v <= 30.0),
    "open_first_s": ("≤ 0.5", lambda v: v <= 0.5),
    "query_rss_mb": ("≤ 150", lambda v: v <= 150.0),
}


# ---------------------------------------------------------------------------- child side

def _peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    """Peak resident memory in MB (Linux reports KB) of this process, or of its largest
    finished child process (the knowledge base parses big imports in worker processes)."""
    return resource.getrusage(who).ru_maxrss / 1024.0


def _zhiku_import(data_dir: Path, paths: list[Path]) -> dict:
    from desktop_app.core.import_files import allow_parse_workers
    from desktop_app.core.kb import KnowledgeBase

    allow_parse_workers(True)  # as `zhiku import` does; this script's __main__ is guarded
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        report = kb.import_paths(paths)
        kb.search(FIRST_QUERY, limit=10)
    return {"refused": len(getattr(report, "refused", ()) or ())}


def _zhiku_queries(data_dir: Path, t0: float) -> dict:
    from desktop_app.core.kb import KnowledgeBase

    kb = KnowledgeBase.open(data_dir, seed=False)
    kb.search(FIRST_QUERY, limit=10)
    open_first = time.perf_counter() - t0
    latencies, totals = [], {}
    for query in QUERIES:
        start = time.perf_counter()
        result = kb.search(query, limit=10)
        latencies.append(time.perf_counter() - start)
        totals[query] = result.total
    kb.close()
    return {"open_first_s": open_first, "latencies": latencies, "totals": totals}


def _zhiku_open(data_dir: Path, t0: float, checks: str) -> dict:
    """Open + first result with index checks `checks` (off, first, later), then time one
    full check of every index file in this process."""
    from desktop_app.core import search_index
    from desktop_app.core.kb import KnowledgeBase

    check_all = search_index.SearchIndex.damaged_file
    spent = [0.0]

    def timed_check(self, force=False):
        start = time.perf_counter()
        try:
            return None if checks == "off" else check_all(self, force=force)
        finally:
            spent[0] += time.perf_counter() - start

    search_index.SearchIndex.damaged_file = timed_check
    kb = KnowledgeBase.open(data_dir, seed=False)
    kb.search(FIRST_QUERY, limit=10)
    open_first = time.perf_counter() - t0
    checked = kb._index.checked_files
    files = search_index.index_files(data_dir / "index" / kb._index.manifest().dir)
    segments = {f.name.split(".")[0] for f in files if not f.name.startswith("_")}
    start = time.perf_counter()
    damaged = check_all(kb._index, force=True) if checks != "off" else None
    full = time.perf_counter() - start
    kb.close()
    return {"open_first_s": open_first, "check_s": spent[0], "checked_files": checked, "files": len(files),
            "segments": len(segments), "index_mb": sum(f.stat().st_size for f in files) / 1e6,
            "full_check_s": full if checks != "off" else None, "damaged": damaged}


BASELINE_FIELDS = ("title", "heading", "body")


def _baseline_schema():
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import ID, NUMERIC, TEXT, Schema

    analyzer = ChineseAnalyzer()
    return Schema(doc_id=NUMERIC(stored=True), section=NUMERIC(stored=True),
                  kind=ID(stored=True), title=TEXT(stored=True, analyzer=analyzer),
                  heading=TEXT(stored=True, analyzer=analyzer),
                  body=TEXT(stored=True, analyzer=analyzer))


def _baseline_import(data_dir: Path, paths: list[Path]) -> dict:
    from whoosh import index

    from desktop_app.core import parser, reading

    data_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(data_dir), _baseline_schema())
    writer = ix.writer()
    for doc_id, path in enumerate(paths, start=1):
        text, encoding = reading.read_text(path)
        doc = parser.parse_text(text, file=path.name, encoding=encoding)
        for number, section in enumerate(doc.sections):
            writer.add_document(doc_id=doc_id, section=number, kind=section.kind,
                                title=doc.title or "", heading=section.heading or "",
                                body=doc.section_text(number))
    writer.commit()
    _baseline_search(ix.searcher(), FIRST_QUERY)
    return {"refused": 0}


def _baseline_search(searcher, query: str):
    from whoosh.qparser import MultifieldParser

    parsed = MultifieldParser(BASELINE_FIELDS, searcher.schema).parse(query)
    results = searcher.search(parsed, limit=10)
    snippets = [hit.highlights("body") for hit in results]
    return len(results), snippets


def _baseline_queries(data_dir: Path, t0: float) -> dict:
    from whoosh import index

    searcher = index.open_dir(str(data_dir)).searcher()
    _baseline_search(searcher, FIRST_QUERY)
    open_first = time.perf_counter() - t0
    latencies, totals = [], {}
    for query in QUERIES:
        start = time.perf_counter()
        total, _snippets = _baseline_search(searcher, query)
        latencies.append(time.perf_counter() - start)
        totals[query] = total
    return {"open_first_s": open_first, "latencies": latencies, "totals": totals}


def run_child(mode: str, config: str, data_dir: Path, corpus: Path, t0: float,
              profile: Path | None = None) -> dict:
    """Run one measured step in this (fresh) process and return its figures; with
    `profile`, under cProfile (slower: the times then only show where the time goes)."""
    sys.path.insert(0, str(CODE or REPO))  # --baseline-code: the other tree's desktop_app
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(run_child, mode, config, data_dir, corpus, t0)
        profiler.dump_stats(str(profile))
        return result
    if mode == "library":
        result = _library_child(data_dir, t0)
    elif mode == "import":
        paths = sorted(corpus.glob("rel_*.txt"))
        importer = _zhiku_import if config == "zhiku" else _baseline_import
        result = importer(data_dir, paths)
        result["seconds"] = time.perf_counter() - t0
    elif mode.startswith("checks-"):
        result = _zhiku_open(data_dir, t0, mode.removeprefix("checks-"))
    else:
        querier = _zhiku_queries if config == "zhiku" else _baseline_queries
        result = querier(data_dir, t0)
    result["rss_mb"] = _peak_rss_mb()
    result["worker_rss_mb"] = _peak_rss_mb(resource.RUSAGE_CHILDREN)
    return result


# ---------------------------------------------------------------------------- parent side

def _spawn(mode: str, config: str, data_dir: Path, corpus: Path, profile_dir=None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode,
               "--config", config, "--data", str(data_dir), "--corpus", str(corpus)]
    if profile_dir is not None:
        command += ["--profile", str(Path(profile_dir) / f"{config}-{mode}.prof")]
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{config} {mode} failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    return result


def _folder_mb(path: Path, predicate=lambda p: True) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and predicate(p)) / 1e6


def _index_mb(config: str, data_dir: Path) -> float:
    """Whoosh segment files only: everything that is not the SQLite store."""
    return _folder_mb(data_dir, lambda p: ".sqlite" not in p.name and not p.name.endswith(".db"))


def measure(config: str, corpus: Path, corpus_mb: float, rounds: int, work: Path,
            profile_dir: Path | None = None) -> dict:
    """Import once and query `rounds` times, each step in a fresh subprocess."""
    data_dir = work / config
    print(f"  {config}: importing …", file=sys.stderr, flush=True)
    imported = _spawn("import", config, data_dir, corpus, profile_dir)
    rounds_out = []
    for n in range(rounds):
        print(f"  {config}: query round {n + 1}/{rounds} …", file=sys.stderr, flush=True)
        rounds_out.append(_spawn("query", config, data_dir, corpus, profile_dir if n == 0 else None))
    latencies = sorted(ms * 1000 for r in rounds_out for ms in r["latencies"])
    return {
        "import_s": imported["seconds"],
        "import_mb_s": corpus_mb / imported["seconds"],
        "import_rss_mb": imported["rss_mb"],
        "worker_rss_mb": imported["worker_rss_mb"] or None,
        "refused": imported["refused"],
        "index_mb": _index_mb(config, data_dir),
        "store_mb": _folder_mb(data_dir),
        "p50_ms": _percentile(latencies, 50),
        "p95_ms": _percentile(latencies, 95),
        "max_ms": latencies[-1],
        "open_first_s": statistics.median(r["open_first_s"] for r in rounds_out),
        "process_wall_s": statistics.median(r["wall_s"] for r in rounds_out),
        "query_rss_mb": max(r["rss_mb"] for r in rounds_out),
        "totals": rounds_out[0]["totals"],
        "latency_by_query": {q: max(r["latencies"][i] for r in rounds_out) * 1000
                             for i, q in enumerate(QUERIES)},
    }


def measure_checks(data_dir: Path, rounds: int) -> dict:
    """Open + first result in fresh processes with index checks off, on a first open
    (the verified-files record removed before each) and on later opens; medians."""
    sys.path.insert(0, str(REPO))
    from desktop_app.core import index_folder, search_index

    def record() -> Path:
        manifest = json.loads((data_dir / "index" / search_index.MANIFEST).read_text("utf-8"))
        return data_dir / "index" / manifest["dir"] / search_index.VERIFIED

    time.sleep(index_folder.RACY_NS / 1e9)  # files younger than this are checked every time
    runs: dict[str, list[dict]] = {"off": [], "first": [], "later": []}
    for n in range(rounds):
        print(f"  zhiku: index checks round {n + 1}/{rounds} …", file=sys.stderr, flush=True)
        for checks in runs:
            if checks == "first":
                record().unlink(missing_ok=True)
            runs[checks].append(_spawn(f"checks-{checks}", "zhiku", data_dir, data_dir))
    if any(r["damaged"] for r in runs["first"] + runs["later"]):
        raise SystemExit("the freshly built index failed its checks")

    def median(case: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[case])

    full = statistics.median(r["full_check_s"] for r in runs["first"] + runs["later"])
    sample = runs["first"][0]
    return {"off_s": median("off", "open_first_s"), "first_s": median("first", "open_first_s"),
            "later_s": median("later", "open_first_s"), "first_check_ms": median("first", "check_s") * 1000,
            "later_check_ms": median("later", "check_s") * 1000, "full_ms": full * 1000,
            "first_files": runs["first"][0]["checked_files"],
            "later_files": runs["later"][-1]["checked_files"], "files": sample["files"],
            "segments": sample["segments"], "index_mb": sample["index_mb"]}


def print_checks(checks: dict) -> None:
    """The index checks table: open times as ratios of the open with checks off, and the
    time spent inside the checks (the figure the noise of fresh processes cannot hide)."""
    off = checks["off_s"]
    print(f"\nIndex damage checks (zhiku): {checks['segments']} segments, {checks['files']} files, "
          f"{checks['index_mb']:.1f} MB; fresh process: open + first result")
    print(f"{'case':46} {'open s':>7} {'ratio':>6} {'files read':>10} {'checks ms':>9} {'share':>6}")
    rows = (("checks off (no damage detection)", off, 0, None),
            ("first open after a commit: every file read", checks["first_s"], checks["first_files"],
             checks["first_check_ms"]),
            ("later opens: unchanged files only stat'ed", checks["later_s"], checks["later_files"],
             checks["later_check_ms"]))
    for label, seconds, files, check_ms in rows:
        share = "-" if check_ms is None else f"{check_ms / 1000 / seconds:.1%}"
        check = "-" if check_ms is None else f"{check_ms:.1f}"
        print(f"{label:46} {seconds:>7.3f} {seconds / off:>6.2f} {files:>10} {check:>9} {share:>6}")
    print("ratio = open / open with checks off (fresh processes: noise of a loaded machine shows);"
          " checks ms = time inside the checks during that open, share = of that open")
    per_segment = checks["full_ms"] / max(1, checks["segments"])
    print(f"full check of every file, in process: {checks['full_ms']:.1f} ms "
          f"({per_segment:.2f} ms a segment, {checks['full_ms'] / 1000 / off:.1%} of the open with checks off)")


def _percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def substring_truth(corpus: Path) -> dict[str, int]:
    """Per query, how many sections contain it (NFKC; quotes dropped; every word for
    several words): what a Ctrl+F user expects `total` to be at least. A section's text is
    its own, without its items' (an area's span covers them, and a word in an item is found
    in the item: store.own_text)."""
    sys.path.insert(0, str(REPO))
    from desktop_app.core import parser, reading
    from desktop_app.core.store import own_text

    texts = []
    for path in sorted(corpus.glob("rel_*.txt")):
        text, encoding = reading.read_text(path)
        doc = parser.parse_text(text, file=path.name, encoding=encoding)
        for i, section in enumerate(doc.sections):
            items = [(s.start, s.end) for s in doc.sections if s.parent == i]
            texts.append(unicodedata.normalize("NFKC", own_text(doc.text, section.start, section.end, items)))
    truth = {}
    for query in QUERIES:
        words = unicodedata.normalize("NFKC", query).replace('"', "").split()
        truth[query] = sum(1 for t in texts if all(w in t for w in words))
    return truth


ROWS = (  # key, label, format
    ("import_mb_s", "import throughput, until searchable (MB/s)", "{:.2f}"),
    ("import_s", "import time (s)", "{:.1f}"),
    ("import_rss_mb", "peak RSS while importing (MB)", "{:.0f}"),
    ("worker_rss_mb", "  each parse worker process, peak (MB)", "{:.0f}"),
    ("index_mb", "index size on disk (MB)", "{:.1f}"),
    ("store_mb", "data folder incl. SQLite (MB)", "{:.1f}"),
    ("p50_ms", "query p50, first page + snippets (ms)", "{:.1f}"),
    ("p95_ms", "query p95, first page + snippets (ms)", "{:.1f}"),
    ("max_ms", "query max (ms)", "{:.1f}"),
    ("open_first_s", "fresh process: open + first result (s)", "{:.2f}"),
    ("process_wall_s", "fresh query process wall time (s)", "{:.2f}"),
    ("query_rss_mb", "peak RSS, open + all queries (MB)", "{:.0f}"),
    ("misses", "queries finding fewer sections than Ctrl+F", "{:d}"),
)


def print_table(results: dict, docs: int, corpus_mb: float, rounds: int) -> None:
    zhiku, base = results.get("zhiku"), results.get("baseline")
    print(f"\nSearch benchmark: {docs} releases, {corpus_mb:.1f} MB, {os.cpu_count()} CPUs, "
          f"{len(QUERIES)} distinct queries x {rounds} fresh processes, limit 10")
    header = f"{'metric':44} {'zhiku':>9} {'jieba':>9} {'ratio':>7}  {'target':18} meets"
    print(header)
    print("-" * len(header))
    for key, label, fmt in ROWS:
        z = zhiku.get(key) if zhiku else None
        b = base.get(key) if base else None
        ratio = f"{z / b:.2f}" if z is not None and b else "-"
        target, ok = TARGETS.get(key, ("", None))
        meets = ("yes" if ok(z) else "NO") if ok and z is not None else ""
        print(f"{label:44} {_fmt(fmt, z):>9} {_fmt(fmt, b):>9} {ratio:>7}  {target:18} {meets}")
    print("ratio = zhiku / jieba baseline: above 1 is better for MB/s, below 1 for the rest")


def _fmt(fmt: str, value) -> str:
    return "-" if value is None else fmt.format(value)


def print_details(results: dict, truth: dict[str, int]) -> None:
    print(f"\n{'query':18} {'Ctrl+F':>7} " + " ".join(f"{c + ' hits':>12} {'ms':>6}" for c in results))
    for query in QUERIES:
        cells = " ".join(f"{r['totals'][query]:>12} {r['latency_by_query'][query]:>6.1f}"
                         for r in results.values())
        print(f"{query:18} {truth[query]:>7} {cells}")


# ------------------------------------------------------------------ libraries

LIBRARY_QUERIES = (  # for tests/hostile/library.py's releases: what they hold, and what not
    # two-character words (民生, 落实 in one section of each release; 工作, 指标 in most)
    "工作", "民生", "落实", "指标", "通报",
    # four-character words and a cross-word substring
    "总体平稳", "民生改善", "各项工作", "抓好落实", "号地区", "惠民生",
    # a figure that is there (one release in ~1,000) and one that is not; numbers
    "增长36%", "36.01%", "第1234号", "第19999号通报",
    # a quoted phrase in every release; words in none (the issue's)
    '"地区工作推进"', "经济发展", "网格员",
    # several words, NOT
    "稳增长 民生", "推进 -民生",
)


def _own_peak_rss_mb() -> float:
    """This process's own peak RSS in MB: VmHWM (Linux), which starts afresh at exec, where
    ru_maxrss keeps the parent's peak of the moment it forked; ru_maxrss elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _peak_rss_mb()


def _library_child(data_dir: Path, t0: float) -> dict:
    """Fresh process: open + first result, then each LIBRARY_QUERIES once."""
    from desktop_app.core.kb import KnowledgeBase

    kb = KnowledgeBase.open(data_dir, seed=False)
    kb.search(FIRST_QUERY, limit=10)
    open_first = time.perf_counter() - t0
    latencies, cpu, totals = [], [], {}
    for query in LIBRARY_QUERIES:
        start, start_cpu = time.perf_counter(), time.process_time()
        totals[query] = kb.search(query, limit=10).total
        latencies.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)  # what a loaded machine's wall time hides
    kb.close()
    return {"open_first_s": open_first, "latencies": latencies, "cpu": cpu, "totals": totals,
            "own_rss_mb": _own_peak_rss_mb()}


def _private_library(count: int, work: Path, name: str) -> Path:
    """A private copy of the cached library of `count` releases (bench_startup.library):
    opening it with this code may upgrade it, which must not touch the shared cache."""
    import bench_startup

    target = work / f"{name}-{count}"
    shutil.copytree(bench_startup.library(count), target, symlinks=True)
    return target


def _spawn_code(mode: str, data_dir: Path, code: Path) -> dict:
    """One child of this script on `data_dir` with the desktop_app of `code` first on the path."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--config", "zhiku",
               "--data", str(data_dir), "--corpus", str(data_dir), "--code", str(code)]
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{mode} on {data_dir} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _timed_cli(code: Path, data_dir: Path, *args: str) -> tuple[float, float]:
    """(seconds, peak RSS MB) of one `zhiku` command in a fresh process."""
    script = (f"import sys; sys.path.insert(0, {str(code)!r})\n"  # before the cwd's desktop_app
              "import resource, time; t = time.perf_counter(); from desktop_app.cli import main; "
              "import io, contextlib; out = io.StringIO()\n"
              "with contextlib.redirect_stdout(out): main(sys.argv[1:])\n"
              "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
              "print(time.perf_counter() - t, int(hwm[0].split()[1]) / 1024 if hwm else "
              "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-c", script, "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, cwd=REPO)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"zhiku {' '.join(args)} failed (exit {done.returncode})")
    seconds, rss = done.stdout.split()[-2:]
    return float(seconds), float(rss)


def measure_library(count: int, rounds: int, work: Path, codes: dict[str, Path]) -> dict:
    """Per code tree (this one, and a baseline's when given): its own copy of the library,
    opened once (an upgrade and the index are built then, and timed), then `rounds` fresh
    query processes, `list --json` and `metrics --label`; medians, rounds interleaved."""
    folders = {name: _private_library(count, work, name) for name in codes}
    results: dict[str, dict] = {}
    for name, code in codes.items():
        start = time.perf_counter()
        _spawn_code("library", folders[name], code)
        results[name] = {"first_open_s": time.perf_counter() - start, "runs": [], "list": [], "metrics": []}
    for n in range(rounds):
        print(f"  library {count}: round {n + 1}/{rounds} …", file=sys.stderr, flush=True)
        for name, code in codes.items():
            results[name]["runs"].append(_spawn_code("library", folders[name], code))
            results[name]["list"].append(_timed_cli(code, folders[name], "list", "--json"))
            results[name]["metrics"].append(_timed_cli(code, folders[name], "metrics", "--label", "指标1"))
    out = {}
    for name, r in results.items():
        latencies = sorted(ms * 1000 for run in r["runs"] for ms in run["latencies"])
        cpu = sorted(ms * 1000 for run in r["runs"] for ms in run["cpu"])
        out[name] = {
            "first_open_s": r["first_open_s"],
            "open_first_s": statistics.median(run["open_first_s"] for run in r["runs"]),
            "p50_ms": _percentile(latencies, 50), "p95_ms": _percentile(latencies, 95),
            "max_ms": latencies[-1],
            "cpu_p50_ms": _percentile(cpu, 50), "cpu_p95_ms": _percentile(cpu, 95),
            "cpu_max_ms": cpu[-1],
            "query_rss_mb": max(run["own_rss_mb"] for run in r["runs"]),
            "list_s": statistics.median(s for s, _ in r["list"]),
            "list_rss_mb": max(m for _, m in r["list"]),
            "metrics_s": statistics.median(s for s, _ in r["metrics"]),
            "index_mb": _folder_mb(folders[name] / "index"),
            "store_mb": _folder_mb(folders[name]),
            "totals": r["runs"][0]["totals"],
            "per_query": {q: (statistics.median(run["latencies"][i] for run in r["runs"]) * 1000,
                              statistics.median(run["cpu"][i] for run in r["runs"]) * 1000)
                          for i, q in enumerate(LIBRARY_QUERIES)},
            "worst": max(zip((max(run["latencies"][i] for run in r["runs"]) * 1000
                              for i in range(len(LIBRARY_QUERIES))), LIBRARY_QUERIES, strict=True)),
        }
    return out


LIBRARY_ROWS = (
    ("open_first_s", "fresh process: open + first result (s)", "{:.2f}"),
    ("p50_ms", "query p50, first page + snippets (ms)", "{:.1f}"),
    ("p95_ms", "query p95 (ms)", "{:.1f}"),
    ("max_ms", "query max (ms)", "{:.1f}"),
    ("cpu_p50_ms", "query p50, CPU time (ms)", "{:.1f}"),
    ("cpu_p95_ms", "query p95, CPU time (ms)", "{:.1f}"),
    ("cpu_max_ms", "query max, CPU time (ms)", "{:.1f}"),
    ("query_rss_mb", "peak RSS, open + all queries (MB)", "{:.0f}"),
    ("list_s", "`list --json` (s)", "{:.2f}"),
    ("list_rss_mb", "`list --json` peak RSS (MB)", "{:.0f}"),
    ("metrics_s", "`metrics --label 指标1` (s)", "{:.2f}"),
    ("index_mb", "Whoosh index on disk (MB)", "{:.1f}"),
    ("store_mb", "data folder incl. SQLite (MB)", "{:.1f}"),
    ("first_open_s", "first open of the copy (upgrade, checks) (s)", "{:.1f}"),
    ("import_empty_mb_s", "import MB/s into an empty library", "{:.2f}"),
    ("import_full_mb_s", "import MB/s into this library", "{:.2f}"),
    ("import_ratio", "  into this library / into an empty one", "{:.2f}"),
)


def measure_imports(count: int, files: int, work: Path, codes: dict[str, Path], found: dict) -> None:
    """--import-files: the same `files` generated releases (bench_import.py's corpus, none of
    them in the library) imported by each code tree into an empty folder and into a fresh
    copy of the library of `count` releases, each in a fresh process with parse workers on,
    as benchmarks/bench_import.py does; MB/s and the ratio added to `found[code]`."""
    import bench_import

    corpus = bench_import.OUT / "import-corpus"
    make_corpus.ensure_corpus(corpus, files)
    for name, code in codes.items():
        print(f"  library {count}: {name} imports {files} releases …", file=sys.stderr, flush=True)
        empty = bench_import.run(code, work / f"import-empty-{name}-{count}", corpus, 0, files)
        full = bench_import.run(code, _private_library(count, work, f"import-{name}"), corpus, 0, files)
        rates = [r["mb"] / r["seconds"] for r in (empty, full)]
        found[name].update(import_empty_mb_s=rates[0], import_full_mb_s=rates[1],
                           import_ratio=rates[1] / rates[0])


def print_libraries(by_count: dict[int, dict]) -> None:
    names = list(next(iter(by_count.values())))
    load = " ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"\nLibraries (tests/hostile/library.py, {len(LIBRARY_QUERIES)} queries, {os.cpu_count()} CPUs, "
          f"load average now {load})")
    header = f"{'metric':46}" + "".join(f" {f'{n} {name}':>16}" for n in by_count for name in names)
    print(header)
    print("-" * len(header))
    for key, label, fmt in LIBRARY_ROWS:
        if all(key not in by_count[n][name] for n in by_count for name in names):
            continue  # not measured (--import-files)
        print(f"{label:46}" + "".join(f" {_fmt(fmt, by_count[n][name].get(key)):>16}"
                                      for n in by_count for name in names))
    worst = "; ".join(f"{n} {name}: {by_count[n][name]['worst'][1]} {by_count[n][name]['worst'][0]:.0f} ms"
                      for n in by_count for name in names)
    print(f"worst query: {worst}")
    for n in by_count:
        if len(names) > 1 and len({json.dumps(by_count[n][name]['totals'], sort_keys=True) for name in names}) > 1:
            print(f"!! totals differ between code trees at {n} releases")


def print_library_details(by_count: dict[int, dict]) -> None:
    """--details: each query's median wall / CPU ms and total, per library and code tree."""
    names = list(next(iter(by_count.values())))
    print("\nPer query, median of the rounds: wall / CPU ms (total)")
    header = f"{'query':24}" + "".join(f" {f'{n} {name}':>22}" for n in by_count for name in names)
    print(header)
    print("-" * len(header))
    for query in LIBRARY_QUERIES:
        cells = []
        for n in by_count:
            for name in names:
                wall, cpu = by_count[n][name]["per_query"][query]
                cells.append(f"{wall:.1f} / {cpu:.1f} ({by_count[n][name]['totals'][query]})")
        print(f"{query:24}" + "".join(f" {c:>22}" for c in cells))


# ------------------------------------------------------------ candidate finders

def _library_texts(data_dir: Path) -> tuple[list[int], list[str]]:
    """Every section's id and normalised own text, read from the library's SQLite."""
    from desktop_app.core.store import Store, search_bodies

    store = Store(data_dir / "zhiku.sqlite3", read_only=True)
    ids, texts = [], []
    for doc_id, text, folded in store.db.execute("SELECT id, text, search_text FROM documents ORDER BY id"):
        rows = store.db.execute('SELECT id, "start", "end", parent_id FROM sections WHERE doc_id = ? '
                                "ORDER BY id", [doc_id]).fetchall()
        for sid, body in search_bodies(text, folded, rows):
            ids.append(sid)
            texts.append(body)
    store.close()
    return ids, texts


TEXT_QUERIES = (  # for generated_texts (tests/hostile/search.py's words)
    "的", "和", "道路", "节能", "减排", "粮食", "化解", "治理", "交通安全", "社会治理", "经济发展",
    "集中采购", "污水处理", "风险评估", "扫黑除恶", "全道路", "36.01%", "7600", "农民人均纯收入",
    "网格化管理",
)


def generated_texts(releases: int, scale: int) -> tuple[list[int], list[str]]:
    """Section ids and normalised own texts of tests/hostile/search.py's releases, each
    section `scale` times as long (scale 30: ~5,000 characters a release, like the issue's
    corpus), made in memory: no library needed to compare the candidate finders."""
    import random

    from desktop_app.core.segment import normalize
    from desktop_app.core.store import search_bodies
    from tests.hostile.search import release

    rng, ids, texts, next_id = random.Random(13), [], [], 1
    for number in range(1, releases + 1):
        doc = release(number, rng, scale)
        rows, by_index = [], {}
        for index, section in enumerate(doc.sections):
            by_index[index] = next_id
            parent = by_index.get(section.parent) if section.parent is not None else None
            rows.append((next_id, section.start, section.end, parent))
            next_id += 1
        folded = normalize(doc.text)
        for sid, body in search_bodies(doc.text, folded if len(folded) == len(doc.text) else None, rows):
            ids.append(sid)
            texts.append(body)
    return ids, texts


def compare_candidates(data_dir: Path, tmp: Path, texts_of: tuple[list[int], list[str]] | None = None,
                       whoosh: bool = True, queries: tuple[str, ...] = LIBRARY_QUERIES) -> dict:
    """Find every section containing each query term, five ways, on the same texts in one
    process: the joined in-memory scan used before the FTS5 tables, a plain `str.find` loop, SQLite
    FTS5 (trigram for 3+ characters, character and pair tokens for 1–2), and character
    pairs in a Whoosh field (postings intersected, then verified with `in`). Build time,
    size and query p50/p95/max; every way must find the same sets."""
    from bisect import bisect_right

    from whoosh import index as whoosh_index
    from whoosh.fields import KEYWORD, NUMERIC, Schema

    from desktop_app.core.search_index import parse_query
    from desktop_app.core.section_match import gram_token, grams, term_select

    ids, texts = texts_of or _library_texts(data_dir)
    terms = [parse_query(q).clauses[0][0] for q in queries]
    out: dict[str, dict] = {}

    def timed(name: str, find, build_s: float, mb: float | None) -> dict:
        found, latencies = {}, []
        for term in terms:
            start = time.perf_counter()
            found[term] = find(term)
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        out[name] = {"build_s": build_s, "mb": mb, "p50_ms": _percentile(latencies, 50),
                     "p95_ms": _percentile(latencies, 95), "max_ms": latencies[-1]}
        return found

    start = time.perf_counter()
    joined = "\x00".join(texts) + "\x00"
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    starts.append(offset)
    built = time.perf_counter() - start

    def joined_scan(term: str) -> set[int]:
        found, pos = set(), joined.find(term)
        while pos != -1:
            index = bisect_right(starts, pos) - 1
            found.add(ids[index])
            pos = joined.find(term, starts[index + 1])
        return found

    truth = timed("joined in-memory scan (before)", joined_scan, built, len(joined) * 2 / 1e6)
    same = timed("plain str.find loop", lambda t: {i for i, x in zip(ids, texts, strict=True) if t in x}, 0.0, None)
    db_path = tmp / "candidates.sqlite3"
    start = time.perf_counter()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE section_text USING fts5(body, tokenize = 'trigram case_sensitive 1')")
    conn.execute("CREATE VIRTUAL TABLE section_grams USING fts5(grams, content = '', detail = none)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO section_text (rowid, body) VALUES (?, ?)", zip(ids, texts, strict=True))
    conn.executemany("INSERT INTO section_grams (rowid, grams) VALUES (?, ?)",
                     ((i, grams(x)) for i, x in zip(ids, texts, strict=True)))
    conn.execute("COMMIT")
    built = time.perf_counter() - start

    def fts(term: str) -> set[int]:
        sql, param = term_select(term)
        return {row[0] for row in conn.execute(sql, [param])}

    fts_found = timed("SQLite FTS5 trigram + pair tokens (chosen)", fts, built, db_path.stat().st_size / 1e6)
    conn.close()
    conn = sqlite3.connect(db_path, isolation_level=None)  # queried as a fresh process would
    out["sections"] = {"value": len(ids), "chars": sum(map(len, texts))}
    if not whoosh:
        conn.close()
        out["same_sets"] = {"value": truth == same == fts_found}
        return out
    folder = tmp / "whoosh-pairs"
    folder.mkdir()
    start = time.perf_counter()
    ix = whoosh_index.create_in(str(folder), Schema(sid=NUMERIC(stored=True), g=KEYWORD))
    writer = ix.writer(limitmb=256)
    for sid, text in zip(ids, texts, strict=True):
        writer.add_document(sid=sid, g=grams(text))
    writer.commit()
    built = time.perf_counter() - start
    reader = ix.reader()
    position = {sid: n for n, sid in enumerate(ids)}
    by_docnum = {docnum: fields["sid"] for docnum, fields in reader.iter_docs()}

    def whoosh_pairs(term: str) -> set[int]:
        tokens = {gram_token(term)} if len(term) == 1 else {gram_token(term[i:i + 2]) for i in range(len(term) - 1)}
        candidates: set[int] | None = None
        for token in tokens:
            try:
                posting = set(reader.postings("g", token).all_ids())
            except Exception:  # noqa: BLE001 - a token in no section
                posting = set()
            candidates = posting if candidates is None else candidates & posting
        found = {by_docnum[d] for d in candidates or ()}
        return found if len(term) <= 2 else {s for s in found if term in texts[position[s]]}

    whoosh_found = timed("Whoosh field of character pairs + verify", whoosh_pairs, built,
                         _folder_mb(folder))
    reader.close()
    conn.close()
    out["same_sets"] = {"value": truth == same == fts_found == whoosh_found}
    return out


def print_candidates(by_count: dict[int, dict]) -> None:
    print("\nCandidate finders: every section containing each query term, on the same texts, one run")
    header = f"{'way':44} {'releases':>8} {'build s':>8} {'MB':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    print(header)
    print("-" * len(header))
    for count, ways in by_count.items():
        for name, r in ways.items():
            if "p50_ms" in r:
                print(f"{name:44} {count:>8} {r['build_s']:>8.2f} {_fmt('{:.1f}', r['mb']):>7} "
                      f"{r['p50_ms']:>7.2f} {r['p95_ms']:>7.2f} {r['max_ms']:>7.2f}")
        print(f"  ({ways['sections']['value']} sections, {ways['sections']['chars'] / 1e6:.1f} M characters; "
              f"same sets every way: {ways['same_sets']['value']})")


def main(argv=None) -> int:
    args = _arguments(argv)
    if args.child:
        t0 = time.perf_counter()
        global CODE
        CODE = args.code
        print(json.dumps(run_child(args.child, args.config, args.data, args.corpus, t0,
                                   args.profile)))
        return 0
    if args.libraries:
        return _libraries_main(args)
    if args.candidate_texts:
        return _candidate_texts_main(args)
    corpus = args.corpus
    paths = make_corpus.ensure_corpus(corpus, args.docs, args.seed)
    corpus_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"corpus: {len(paths)} releases, {corpus_mb:.1f} MB in {corpus}", file=sys.stderr)
    if args.profile_dir:
        args.profile_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="zhiku-bench-"))
    checks = None
    try:
        results = {c: measure(c, corpus, corpus_mb, args.rounds, work, args.profile_dir)
                   for c in args.configs}
        if "zhiku" in results and args.checks:
            checks = measure_checks(work / "zhiku", args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    truth = substring_truth(corpus)
    for r in results.values():
        r["misses"] = sum(1 for q in QUERIES if r["totals"][q] < truth[q])
    print_table(results, len(paths), corpus_mb, args.rounds)
    if checks:
        print_checks(checks)
        results["zhiku"]["index_checks"] = checks
    if args.details:
        print_details(results, truth)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=make_corpus.DEFAULT_DOCS)
    parser.add_argument("--seed", type=int, default=make_corpus.DEFAULT_SEED)
    parser.add_argument("--rounds", type=int, default=3, help="fresh query processes")
    parser.add_argument("--configs", type=lambda s: s.split(","), default=["zhiku", "baseline"])
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder")
    parser.add_argument("--details", action="store_true", help="print per-query hits and ms")
    parser.add_argument("--no-checks", dest="checks", action="store_false",
                        help="skip measuring the cost of the index damage checks")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--profile-dir", type=Path, help="run the import and the first query "
                        "process under cProfile and write CONFIG-STEP.prof here (slower)")
    parser.add_argument("--profile", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("import", "query", "checks-off", "checks-first",
                                            "checks-later", "library"), help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--libraries", type=lambda s: [int(n) for n in s.split(",")],
                        help="measure search on cached generated libraries of these "
                        "sizes (tests/hostile/library.py) instead of importing a corpus")
    parser.add_argument("--baseline-code", type=Path, help="with --libraries: also run the "
                        "desktop_app of this source tree (e.g. `git archive main desktop_app`), "
                        "interleaved, on its own copy of each library")
    parser.add_argument("--import-files", type=int, default=0, help="with --libraries: also "
                        "import this many generated releases into an empty library and into a "
                        "copy of each library (MB/s, and the ratio: aim ≥ 0.8)")
    parser.add_argument("--candidates", action="store_true", help="with --libraries: compare "
                        "the ways of finding the sections that contain a term")
    parser.add_argument("--candidate-texts", type=lambda s: [int(n) for n in s.split(",")],
                        help="compare the candidate finders on generated texts of "
                        "these many releases (no library), --scale times longer sections")
    parser.add_argument("--scale", type=int, default=30, help="with --candidate-texts (30: "
                        "~5,000 characters a release)")
    parser.add_argument("--whoosh-up-to", type=int, default=2000, help="with --candidate-texts: "
                        "build the Whoosh pairs field only up to this many releases (slow)")
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.corpus is None:
        suffix = "" if args.docs == make_corpus.DEFAULT_DOCS else f"-{args.docs}"
        args.corpus = make_corpus.DEFAULT_OUT.with_name(f"corpus{suffix}")
    return args


def _libraries_main(args) -> int:
    """--libraries: search on generated libraries, this code beside a baseline's."""
    codes = {"now": REPO}
    if args.baseline_code:
        codes = {"before": args.baseline_code.resolve(), "now": REPO}
    work = Path(tempfile.mkdtemp(prefix="zhiku-bench-lib-"))
    results: dict[int, dict] = {}
    candidates: dict[int, dict] = {}
    try:
        for count in args.libraries:
            results[count] = measure_library(count, args.rounds, work, codes)
            if args.import_files:
                measure_imports(count, args.import_files, work, codes, results[count])
            if args.candidates:
                print(f"  library {count}: candidate finders …", file=sys.stderr, flush=True)
                scratch = work / f"candidates-{count}"
                scratch.mkdir()
                candidates[count] = compare_candidates(work / f"now-{count}", scratch)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_libraries(results)
    if args.details:
        print_library_details(results)
    if candidates:
        print_candidates(candidates)
    if args.json:
        args.json.write_text(json.dumps({"libraries": results, "candidates": candidates},
                                        ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


def _candidate_texts_main(args) -> int:
    """--candidate-texts: the candidate finders on generated texts of realistic length."""
    sys.path.insert(0, str(REPO))
    found = {}
    for count in args.candidate_texts:
        print(f"  {count} releases × scale {args.scale}: candidate finders …", file=sys.stderr, flush=True)
        scratch = Path(tempfile.mkdtemp(prefix="zhiku-bench-cand-"))
        try:
            found[count] = compare_candidates(scratch, scratch, generated_texts(count, args.scale),
                                              whoosh=count <= args.whoosh_up_to, queries=TEXT_QUERIES)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    print_candidates(found)
    if args.json:
        args.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
