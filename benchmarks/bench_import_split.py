"""Where an import's time goes in the importing process, per release (no profiler).

Imports `--files` generated releases (benchmarks/make_corpus.py) into an empty data folder
with parse workers on, as `zhiku import` does, and times the steps of the per-release path
with light wrappers (one clock read per call, not per line): waiting for the parse
workers, the document row (folding the text), the SQLite inserts (sections, the FTS5
`section_text` trigram table, the grams of `section_grams` and their table, metrics), the
commit, reading the sections back for the index, Whoosh analysis (normalising, rjieba) and
posting, Whoosh segment writing, the manifest's checksums and fsyncs. Also the parse cost
per release in this process (a worker's work, measured alone) split into reading and
decoding, structure and figures.

    python benchmarks/bench_import_split.py [--files 1000] [--first 2000] [--baseline main]
                                            [--rounds 1]

Each measurement runs in a fresh process with the code of this tree or of the baseline
(`git archive REF`, default main), rounds alternating between the two. Prints MB/s, the
importing process's CPU and peak RSS, and each step in ms per release and as a share of
that CPU, side by side. Read the ratios: on a loaded machine every figure is inflated alike.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, os.environ.get("ZHIKU_SPLIT_CODE", str(BENCH_DIR.parent)))  # the code measured
import make_corpus  # noqa: E402  (sibling script)

TIMES: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(name: str, function):
    """`function` with its CPU time (this thread) added to TIMES[name]."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[name] += time.thread_time() - start
            CALLS[name] += 1
    return wrapper


def patch(owner, attribute: str, name: str) -> None:
    if hasattr(owner, attribute):
        wrapped = timed(name, getattr(owner, attribute))
        if isinstance(inspect.getattr_static(owner, attribute), staticmethod):
            wrapped = staticmethod(wrapped)
        setattr(owner, attribute, wrapped)


class TimedConnection:
    """A sqlite3 connection whose execute/executemany time is kept per statement kind."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def __getattr__(self, name):
        return getattr(self._conn, name)

    @staticmethod
    def _kind(sql: str) -> str:
        words = sql.split()
        head = " ".join(words[:3]).lower()
        if head.startswith("insert into"):
            return "sqlite: insert " + words[2].split("(")[0]
        if head.startswith("commit"):
            return "sqlite: commit"
        return "sqlite: other"

    def execute(self, sql, *args):
        start = time.thread_time()
        try:
            return self._conn.execute(sql, *args)
        finally:
            TIMES[self._kind(sql)] += time.thread_time() - start

    def executemany(self, sql, rows):
        start = time.thread_time()
        try:
            return self._conn.executemany(sql, rows)
        finally:
            TIMES[self._kind(sql)] += time.thread_time() - start


class TimedJieba:
    """The rjieba segmenter, its `cut_for_search` (the index's words) timed."""

    def __init__(self, jieba) -> None:
        self._jieba = jieba

    def __getattr__(self, name):
        return getattr(self._jieba, name)

    def cut_for_search(self, *args):
        start = time.thread_time()
        try:
            return self._jieba.cut_for_search(*args)
        finally:
            TIMES["index: rjieba cut_for_search"] += time.thread_time() - start


def instrument() -> None:
    from whoosh.writing import SegmentWriter

    from desktop_app.core import index_folder, kb, segment, store, word_index

    # the module whose import loop calls parse_files (kb, or kb_import once kb is split)
    try:
        loop = importlib.import_module("desktop_app.core.kb_import")
    except ImportError:
        loop = kb
    original_parse = loop.parse_files

    def waiting_parse(files, cancel=None):
        items = original_parse(files, cancel)
        while True:
            start = time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                TIMES["(wall) waiting for parse workers"] += time.perf_counter() - start
            yield item

    loop.parse_files = waiting_parse
    patch(store.Store, "_document_row", "store: document row (fold text, dates)")
    try:  # the rows derived from the document alone: made in the worker since store_rows
        rows = importlib.import_module("desktop_app.core.store_rows")
        patch(rows, "derive", "store: derived rows made here (python)")
    except ImportError:
        patch(store, "grams", "store: grams (python)")
        patch(store, "search_bodies", "store: section bodies (python)")
        patch(store, "indicator_columns", "store: metric indicator columns (python)")
    patch(kb.KnowledgeBase, "_store_one", "store_one (total)")
    patch(store.Store, "sections_for_index", "index: read sections back")
    patch(segment, "normalize", "normalize (NFKC)")
    segment._jieba = TimedJieba(segment.segmenter())
    patch(word_index._SectionAdder, "add", "index: analysis + posting (total)")
    patch(SegmentWriter, "_flush_segment", "index: segment writing")
    patch(index_folder, "file_checksum", "index: checksums")
    patch(index_folder, "_write_json_atomic", "index: manifest (fsync)")
    patch(kb.KnowledgeBase, "_sync_index", "index (total)")
    patch(kb.KnowledgeBase, "_commit_batch", "batch (total)")
    original_init = store.Store.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.db.conn = TimedConnection(self.db.conn)

    store.Store.__init__ = init


def import_split(corpus: Path, first: int, count: int) -> tuple[float, float, float, float, int]:
    """Import into an empty folder; (wall seconds, CPU seconds of this process, MB, CPU
    seconds of its parse workers, files parsed in this process)."""
    from desktop_app.core.kb import KnowledgeBase
    try:
        import_files = importlib.import_module("desktop_app.core.import_files")
    except ImportError:  # a baseline from before kb.py was split
        import_files = importlib.import_module("desktop_app.core.kb")
    allow_parse_workers = import_files.allow_parse_workers

    instrument()
    allow_parse_workers(True)
    here = [0]  # parse_one called in this process (workers import their own copy)
    parse_one = import_files.parse_one
    import_files.parse_one = lambda path: here.__setitem__(0, here[0] + 1) or parse_one(path)
    paths = sorted(corpus.glob("rel_*.txt"))[first:first + count]
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-split-") as tmp:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        start, cpu = time.perf_counter(), time.process_time()
        with KnowledgeBase.open(Path(tmp) / "data", seed=False) as kb:
            kb.import_paths(paths)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        return wall, cpu, sum(p.stat().st_size for p in paths) / 1e6, workers, here[0]


def parse_split(corpus: Path, first: int, count: int) -> dict[str, float]:
    """CPU seconds of parsing `count` releases in this process, by step."""
    from desktop_app.core import formats, metrics, parser, reading, structure

    steps = {"read + decode": (reading, "read_text"), "structure": (structure, "analyse"),
             "figures + labels": (metrics, "find_metrics")}
    spent: dict[str, float] = defaultdict(float)
    for name, (module, attribute) in steps.items():
        original = getattr(module, attribute)

        def wrapper(*args, _original=original, _name=name, **kwargs):
            start = time.thread_time()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_name] += time.thread_time() - start
        for owner in (module, parser, formats):
            if getattr(owner, attribute, None) is original:
                setattr(owner, attribute, wrapper)
    paths = sorted(corpus.glob("rel_*.txt"))[first:first + count]
    formats.load_release(paths[0])
    spent.clear()
    start = time.thread_time()
    for path in paths:
        formats.load_release(path)
    spent["total"] = time.thread_time() - start
    return spent


def child(corpus: Path, first: int, count: int) -> dict:
    """Both splits, in this process, as JSON-ready data (ms per release)."""
    parse = parse_split(corpus, first, count)
    TIMES.clear()
    wall, cpu, mb, workers, here = import_split(corpus, first, count)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    import desktop_app

    return {"code": str(Path(desktop_app.__file__).parent.parent), "mb_s": mb / wall, "cpu_ms": 1000 * cpu / count,
            "worker_ms": 1000 * workers / count, "parsed_here": here, "rss_mb": rss, "mb": mb,
            "steps": {name: 1000 * seconds / count for name, seconds in TIMES.items()},
            "parse": {name: 1000 * seconds / count for name, seconds in parse.items()}}


def run(code: Path, corpus: Path, first: int, count: int) -> dict:
    """`child` in a fresh process with the desktop_app of `code` first on the path."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--first", str(first),
               "--files", str(count)]
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONDONTWRITEBYTECODE="1",
               ZHIKU_SPLIT_CODE=str(code))
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=code)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the measurement with {code} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--first", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--baseline", default="main", help="git ref of the baseline ('' for none)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = BENCH_DIR / "out" / "import-corpus"
    make_corpus.ensure_corpus(corpus, args.first + args.files)
    if args.child:
        print(json.dumps(child(corpus, args.first, args.files)))
        return 0
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-split-") as tmp:
        codes = {"this": BENCH_DIR.parent}
        if args.baseline:
            codes = {"baseline": baseline_code(args.baseline, Path(tmp)), **codes}
        results: dict[str, list[dict]] = {name: [] for name in codes}
        for n in range(args.rounds):
            for name, code in codes.items():
                print(f"  round {n + 1}: {name} …", file=sys.stderr, flush=True)
                results[name].append(run(code, corpus, args.first, args.files))
    print_split(results, args.files)
    return 0


def baseline_code(ref: str, work: Path) -> Path:
    """The code of git `ref`, extracted into `work`."""
    target = work / "baseline"
    target.mkdir()
    archive = subprocess.run(["git", "archive", ref, "desktop_app", "resources", "seeds"],
                             cwd=BENCH_DIR.parent, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def print_split(results: dict[str, list[dict]], files: int) -> None:
    """The medians side by side: ms per release and share of the importing process's CPU."""
    def median(name: str, get) -> float:
        return statistics.median(get(r) for r in results[name])

    names = list(results)
    mb = results[names[0]][0]["mb"]
    print(f"\nImport of {files} releases ({mb:.1f} MB) into an empty library, parse workers on, "
          f"{os.cpu_count()} cores, median of {len(results[names[0]])} round(s)")
    print(f"{'':<46}" + "".join(f"{name:>20}" for name in names))
    for label, key in (("MB/s", "mb_s"), ("importing process CPU, ms/release", "cpu_ms"),
                       ("its parse workers' CPU, ms/release", "worker_ms"),
                       ("files parsed in the importing process", "parsed_here"),
                       ("peak RSS, MB", "rss_mb")):
        print(f"{label:<46}" + "".join(f"{median(n, lambda r, k=key: r.get(k, 0)):20.2f}" for n in names))
    steps = sorted({s for n in names for r in results[n] for s in r["steps"]})
    for step in steps:
        cells = []
        for n in names:
            ms = median(n, lambda r, s=step: r["steps"].get(s, 0.0))
            cpu = median(n, lambda r: r["cpu_ms"])
            cells.append(f"{ms:8.2f} ms" + ("" if step.startswith("(wall)") else f" {100 * ms / cpu:5.1f} %")
                         .rjust(9))
        print(f"  {step:<44}" + "".join(f"{c:>20}" for c in cells))
    print("parse, in one process (a worker's work):")
    for step in ("total", "read + decode", "structure", "figures + labels"):
        cells = []
        for n in names:
            ms = median(n, lambda r, s=step: r["parse"].get(s, 0.0))
            total = median(n, lambda r: r["parse"]["total"])
            cells.append(f"{ms:8.2f} ms {100 * ms / total:5.1f} %")
        print(f"  {step:<44}" + "".join(f"{c:>20}" for c in cells))


if __name__ == "__main__":
    sys.exit(main())
