"""Import rate into an empty library and into a full one, this code beside a baseline's.

An import's rate must hold as the library grows (≥ 1 MB/s into an empty
library, and into a library of 20,000 releases ≥ 0.8× that). Each measurement is one fresh
process that opens the data folder and imports the same `--files` generated releases
(benchmarks/make_corpus.py, releases that the full library does not hold) with parse
workers on, as `zhiku import` does, timed until the import returns (its index committed);
into an empty folder, and into a private copy of a library already holding `--full`
releases. The full library is made once by a real import of releases 0…full−1 with this
code and cached in benchmarks/out/ (a 2,000-release library takes a few minutes, 20,000
about half an hour on a loaded 2-core machine). The baseline's code is `git archive REF`
(default main) in a temporary folder; rounds alternate between the two code trees.

    python benchmarks/bench_import.py [--full 2000] [--files 1000] [--rounds 1] [--baseline main]

Prints MB/s, the main process's CPU seconds and peak RSS, Whoosh segments after the import
and the merges the importing process did itself, per code tree and library; then the
full / empty ratio (aim ≥ 0.8) and this code / baseline.
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

OUT = BENCH_DIR / "out"


# ---------------------------------------------------------------------------- child side

def child(data_dir: Path, corpus: Path, first: int, count: int) -> dict:
    """Import releases first…first+count−1 of `corpus` into `data_dir` in this process."""
    from desktop_app.core import index_writing
    from desktop_app.core.import_files import allow_parse_workers
    from desktop_app.core.kb import KnowledgeBase

    merges = [0]
    original = index_writing._merge_tail

    def counted(ix, check=lambda segments: None):  # merges done by this very process
        before = len(list(ix._segments()))
        original(ix, check)
        merges[0] += before > len(list(ix._segments()))

    index_writing._merge_tail = counted
    allow_parse_workers(True)  # as `zhiku import` does; this script's __main__ is guarded
    paths = sorted(corpus.glob("rel_*.txt"))[first:first + count]
    start = time.perf_counter()
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        report = kb.import_paths(paths)
        seconds = time.perf_counter() - start
        manifest = kb._index.manifest()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    segments = {name.split(".")[0] for name in (manifest.files if manifest else {}) if not name.startswith("_")}
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "imported": len(report.imported),
            "mb": sum(p.stat().st_size for p in paths) / 1e6, "segments": len(segments),
            "merges_here": merges[0]}


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
    """A data folder holding releases 0…full−1, imported once with this code (cached)."""
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
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.first, args.files)))
        return 0
    corpus = OUT / "import-corpus"
    make_corpus.ensure_corpus(corpus, args.full + args.files)
    library = full_library(args.full, corpus)
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-import-") as tmp:
        work = Path(tmp)
        codes = {"this": REPO}
        if args.baseline:
            codes = {"baseline": baseline_code(args.baseline, work), **codes}
        results: dict[tuple[str, str], list[dict]] = {}
        for n in range(args.rounds):
            for name, code in codes.items():
                for kind in ("empty", "full"):
                    print(f"  round {n + 1}: {name} into the {kind} library …", file=sys.stderr,
                          flush=True)
                    folder = work / f"{name}-{kind}-{n}"
                    if kind == "full":
                        shutil.copytree(library, folder, symlinks=True)
                    results.setdefault((name, kind), []).append(
                        run(code, folder, corpus, args.full, args.files))
                    shutil.rmtree(folder, ignore_errors=True)
    print_table(results, codes, args)
    return 0


def print_table(results: dict[tuple[str, str], list[dict]], codes: dict[str, Path],
                args: argparse.Namespace) -> None:
    def median(name: str, kind: str, key: str) -> float:
        return statistics.median(r[key] for r in results[(name, kind)])

    def rate(name: str, kind: str) -> float:
        return statistics.median(r["mb"] / r["seconds"] for r in results[(name, kind)])

    mb = results[(next(iter(codes)), "empty")][0]["mb"]
    print(f"\nImport of {args.files} releases ({mb:.1f} MB), median of {args.rounds} round(s), "
          f"{os.cpu_count()} cores; full = {args.full} releases already held")
    print(f"{'code':>9} {'library':>8} {'MB/s':>6} {'wall s':>7} {'main CPU s':>11} "
          f"{'peak RSS MB':>12} {'segments':>9} {'merges in main':>15}")
    for name in codes:
        for kind in ("empty", "full"):
            print(f"{name:>9} {kind:>8} {rate(name, kind):6.2f} {median(name, kind, 'seconds'):7.1f} "
                  f"{median(name, kind, 'cpu_s'):11.1f} {median(name, kind, 'rss_mb'):12.0f} "
                  f"{median(name, kind, 'segments'):9.0f} {median(name, kind, 'merges_here'):15.0f}")
    for name in codes:
        print(f"{name}: full / empty = {rate(name, 'full') / rate(name, 'empty'):.2f} (aim ≥ 0.8)")
    if "baseline" in codes:
        for kind in ("empty", "full"):
            print(f"this / baseline, {kind}: {rate('this', kind) / rate('baseline', kind):.2f}×")


if __name__ == "__main__":
    sys.exit(main())
