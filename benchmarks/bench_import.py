"""Import rate into an empty library and into a full one, this code beside a baseline's.

An import's rate must hold as the library grows (≥ 1 MB/s into an empty
library, and into a library of 20,000 releases ≥ 0.8× that). Each measurement is one fresh
process that opens the data folder and imports the same `--files` generated releases
(benchmarks/make_corpus.py, releases that the full library does not hold) with parse
workers on, as `zhiku import` does, timed until the import returns (its index committed;
the open before it is reported apart, not in MB/s);
into an empty folder, and into a private copy of a library already holding `--full`
releases. The full library is made once by a real import of releases 0…full−1 with this
code and cached in benchmarks/out/ (a 2,000-release library takes a few minutes, 20,000
about half an hour on a loaded 2-core machine). The baseline's code is `git archive REF`
(default main) in a temporary folder; rounds alternate between the two code trees. A
baseline of an older schema cannot open a full library of this code's schema ("written by
a newer Zhiku"): compare such codes with `--full` of a library they both read, or with
`--baseline ''` and the baseline's figures from an earlier run.

    python benchmarks/bench_import.py [--full 2000] [--files 1000] [--more 0] [--rounds 1] [--baseline main]

`--more N` imports N further batches of `--files` releases, one after another, into the same
full library (the segments an import leaves are what the next one meets).

With `--full 20000` (or any size benchmarks/bench_startup.py has cached and brought up to
date in /tmp/zhiku-bench-libraries, CACHED_READY) the full library is a copy of that cached
one, never the cache itself.

Prints MB/s, the importing process's CPU seconds and peak RSS, its workers' CPU seconds,
Whoosh segments after the import and the merges the importing process did itself, the
compaction that follows the import (waited for only to measure it) and the segments after
it, and the load average at the start; then the full / empty ratio (aim ≥ 0.8) and this
code / baseline.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
import make_corpus  # noqa: E402  (sibling script)

from desktop_app.core.parser import PARSER_VERSION  # noqa: E402
from desktop_app.core.store import SCHEMA_VERSION  # noqa: E402

OUT = BENCH_DIR / "out"
# The libraries benchmarks/bench_startup.py makes (tests/hostile/library.py), with what
# their bench-ready file says once they are current; 20,000 releases imported take ~30 min.
CACHED_LIBRARIES = Path(tempfile.gettempdir()) / "zhiku-bench-libraries"
CACHED_READY = f"schema {SCHEMA_VERSION} parser {PARSER_VERSION}"  # this code's, as bench_startup stamps it


# ---------------------------------------------------------------------------- child side

def child(data_dir: Path, corpus: Path, first: int, count: int) -> dict:
    """Import releases first…first+count−1 of `corpus` into `data_dir` in this process,
    then wait for the compaction it started, if any (this code: core/index_compaction.py)."""
    from desktop_app.core import index_writing
    from desktop_app.core.kb import KnowledgeBase

    try:
        from desktop_app.core.kb import allow_parse_workers
    except ImportError:  # a baseline after kb.py was split
        from desktop_app.core.import_files import allow_parse_workers

    try:
        from desktop_app.core import index_compaction
    except ImportError:  # a baseline before idle compaction
        index_compaction = None
    merges = [0]
    original = index_writing._merge_tail

    def counted(ix, check=lambda segments: None):  # merges done by this very process
        before = len(list(ix._segments()))
        original(ix, check)
        merges[0] += before > len(list(ix._segments()))

    index_writing._merge_tail = counted
    allow_parse_workers(True)  # as `zhiku import` does; this script's __main__ is guarded
    paths = sorted(corpus.glob("rel_*.txt"))[first:first + count]
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        opened = time.perf_counter() - start  # a copied library checks its index files once
        report = kb.import_paths(paths)
        seconds = time.perf_counter() - start - opened
        segments = _segments(data_dir)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # parse and merge workers, ended
    result = {"seconds": seconds, "open_s": opened, "cpu_s": usage.ru_utime + usage.ru_stime,
              "worker_cpu_s": workers.ru_utime + workers.ru_stime,
              "rss_mb": usage.ru_maxrss / 1024, "worker_rss_mb": workers.ru_maxrss / 1024,
              "imported": len(report.imported), "load": load,
              "mb": sum(p.stat().st_size for p in paths) / 1e6, "segments": segments,
              "merges_here": merges[0], "compaction_s": 0.0, "compaction_cpu_s": 0.0,
              "segments_after": segments}
    running = list(getattr(index_compaction, "_running", []))
    if running:  # wait for it here only to measure it (zhiku import exits at once)
        begun = time.perf_counter()
        for process in running:
            process.wait()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        result.update(compaction_s=time.perf_counter() - begun,
                      compaction_cpu_s=after.ru_utime + after.ru_stime - result["worker_cpu_s"],
                      segments_after=_segments(data_dir))
    return result


def _segments(data_dir: Path) -> int:
    """Whoosh segments the index's manifest (current.json, read as written) lists."""
    manifest = json.loads((data_dir / "index" / "current.json").read_text(encoding="utf-8"))
    return len({name.split(".")[0] for name in manifest.get("files", {}) if not name.startswith("_")})


# --------------------------------------------------------------------------- parent side

def run(code: Path, data_dir: Path, corpus: Path, first: int, count: int) -> dict:
    """One child process with the desktop_app of `code` first on the path."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(data_dir),
               "--corpus", str(corpus), "--first", str(first), "--files", str(count)]
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=code)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"import into {data_dir} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def full_library(full: int, corpus: Path) -> Path:
    """A data folder holding `full` releases: the start-up benchmark's generated library
    when it is cached and current (never written to: each run imports into a copy), else
    releases 0…full−1 of the corpus imported once with this code (cached here)."""
    cached = CACHED_LIBRARIES / f"lib-{full}"
    if (cached / "bench-ready").exists() and \
            (cached / "bench-ready").read_text(encoding="utf-8").strip() == CACHED_READY:
        return cached
    folder = OUT / f"import-lib-{full}"
    if not (folder / "bench-ready").exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"importing {full} releases into {folder} (cached) …", file=sys.stderr, flush=True)
        made = run(REPO, folder, corpus, 0, full)
        print(f"  {made['seconds']:.0f} s", file=sys.stderr)
        (folder / "bench-ready").touch()
    return folder


def baseline_code(ref: str, work: Path) -> Path:
    """The code of git `ref`, extracted into `work`."""
    target = work / "baseline"
    target.mkdir()
    archive = subprocess.run(["git", "archive", ref, "desktop_app", "resources", "seeds"],
                             cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", type=int, default=2000, help="releases in the full library")
    parser.add_argument("--files", type=int, default=1000, help="releases imported")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--baseline", default="main", help="git ref of the baseline ('' for none)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--more", type=int, default=0,
                        help="further imports of --files releases each into the full library")
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.first, args.files)))
        return 0
    corpus = OUT / "import-corpus"
    cached = (CACHED_LIBRARIES / f"lib-{args.full}" / "bench-ready")
    first = 0 if cached.exists() and cached.read_text(encoding="utf-8").strip() == CACHED_READY \
        else args.full  # the cached library holds generated releases, none of the corpus
    make_corpus.ensure_corpus(corpus, first + (1 + args.more) * args.files)
    library = full_library(args.full, corpus)
    print(f"full library: {library}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-import-") as tmp:
        work = Path(tmp)
        codes = {"this": REPO}
        if args.baseline:
            codes = {"baseline": baseline_code(args.baseline, work), **codes}
        results: dict[tuple[str, str], list[dict]] = {}
        for n in range(args.rounds):
            for name, code in codes.items():
                for kind, batch in kinds(args.more):
                    print(f"  round {n + 1}: {name} into the {kind} library …", file=sys.stderr,
                          flush=True)
                    folder = work / f"{name}-{'empty' if kind == 'empty' else 'full'}-{n}"
                    if kind == "full":
                        shutil.copytree(library, folder, symlinks=True)
                    results.setdefault((name, kind), []).append(
                        run(code, folder, corpus, first + batch * args.files, args.files))
                    if kind in ("empty", kinds(args.more)[-1][0]):
                        shutil.rmtree(folder, ignore_errors=True)
    print_table(results, codes, args)
    return 0


def kinds(more: int) -> list[tuple[str, int]]:
    """(library, which batch of --files releases) in the order they run: the empty library,
    the full one, then `more` imports one after another into that same full library."""
    return [("empty", 0), ("full", 0), *[(f"full +{k}", k) for k in range(1, more + 1)]]


def print_table(results: dict[tuple[str, str], list[dict]], codes: dict[str, Path],
                args: argparse.Namespace) -> None:
    def median(name: str, kind: str, key: str) -> float:
        return statistics.median(r[key] for r in results[(name, kind)])

    def rate(name: str, kind: str) -> float:
        return statistics.median(r["mb"] / r["seconds"] for r in results[(name, kind)])

    mb = results[(next(iter(codes)), "empty")][0]["mb"]
    print(f"\nImport of {args.files} releases ({mb:.1f} MB), median of {args.rounds} round(s), "
          f"{os.cpu_count()} cores; full = {args.full} releases already held")
    print("| code | library | MB/s | import s (open s before it) | importing CPU s | worker CPU s | peak RSS MB "
          "| segments after import | merges in the importing process | compaction after: wall / CPU s "
          "| segments after it | load average |")
    print("| --- " * 12 + "|")
    for name in codes:
        for kind, _batch in kinds(args.more):
            print(f"| {name} | {kind} | {rate(name, kind):.2f} | {median(name, kind, 'seconds'):.1f} "
                  f"({median(name, kind, 'open_s'):.1f}) | {median(name, kind, 'cpu_s'):.1f} "
                  f"| {median(name, kind, 'worker_cpu_s'):.1f} | {median(name, kind, 'rss_mb'):.0f} "
                  f"| {median(name, kind, 'segments'):.0f} | {median(name, kind, 'merges_here'):.0f} "
                  f"| {median(name, kind, 'compaction_s'):.1f} / {median(name, kind, 'compaction_cpu_s'):.1f} "
                  f"| {median(name, kind, 'segments_after'):.0f} | {median(name, kind, 'load'):.1f} |")
    for name in codes:
        print(f"{name}: full / empty = {rate(name, 'full') / rate(name, 'empty'):.2f} (aim ≥ 0.8); "
              f"importing CPU full / empty = "
              f"{median(name, 'full', 'cpu_s') / median(name, 'empty', 'cpu_s'):.2f}")
    if "baseline" in codes:
        for kind in ("empty", "full"):
            print(f"this / baseline, {kind}: {rate('this', kind) / rate('baseline', kind):.2f}×")


if __name__ == "__main__":
    sys.exit(main())
