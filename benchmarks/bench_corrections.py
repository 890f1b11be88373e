"""Corrections must not slow what every user does: import, `list --json` and
`show --json`. Times them on releases made by make_corpus.py with this checkout's code and
with another checkout's (the baseline: e.g. main, unpacked with `git archive main | tar -x
-C /tmp/base`), in the same run, alternately, and prints the ratios; then the same reads
with 100 corrections stored (this checkout only).

    .venv/bin/python benchmarks/bench_corrections.py --baseline /tmp/base [--docs 400]

Each measurement runs in a fresh process (PYTHONPATH = the checkout). Prints seconds and
ratios (this / baseline); never asserts anything.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

ROUNDS = 3

# Run in a child process with the checkout on PYTHONPATH: times an import of the corpus into
# a fresh folder, `list --json` (all releases) and `show --json` of 50 sections, each through
# the CLI's own functions; prints JSON.
CHILD = r"""
import io, json, sys, time, contextlib
from pathlib import Path
from desktop_app.cli import main
corpus, data, corrections = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
files = sorted(str(p) for p in corpus.glob("*.txt"))
out = {}
def timed(name, *argv):
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as buffer:
        code = main([*argv, "--data-dir", data, "--no-seed", "--json"])
    out[name] = time.perf_counter() - started
    assert code == 0, (name, code)
    return buffer.getvalue()
if not Path(data, "zhiku.sqlite3").exists():
    timed("import", "import", *files)
if corrections:
    from desktop_app.core.kb import KnowledgeBase
    with KnowledgeBase.open(data, seed=False) as kb:
        if not kb.corrections():
            for figure in kb.metrics()[:corrections]:
                kb.correct_metric(figure.id, label="基准指标")
docs = json.loads(timed("list", "list"))
sections = [s["id"] for d in docs for s in d["sections"]][::7][:50]
started = time.perf_counter()
for sid in sections:
    with contextlib.redirect_stdout(io.StringIO()):
        main(["show", str(sid), "--data-dir", data, "--no-seed", "--json"])
out["show50"] = time.perf_counter() - started
print(json.dumps(out))
"""


def _measure(root: Path, corpus: Path, data: Path, corrections: int = 0) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(data), str(corrections)],
                          env=env, cwd=root, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    import make_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout (e.g. main)")
    parser.add_argument("--docs", type=int, default=400)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="zhiku-bench-corrections-"))
    corpus = work / "corpus"
    make_corpus.generate(corpus, docs=args.docs, seed=make_corpus.DEFAULT_SEED)
    runs: dict[str, dict[str, list[float]]] = {"baseline": {}, "this": {}}
    for round_ in range(ROUNDS):
        for name, root in (("baseline", args.baseline), ("this", REPO)):
            data = work / f"{name}-{round_}"
            for key, value in _measure(root, corpus, data).items():
                runs[name].setdefault(key, []).append(value)
            for key, value in _measure(root, corpus, data).items():  # reads again, warm
                runs[name].setdefault(f"{key} (warm)", []).append(value)
    print(f"{args.docs} releases, median of {ROUNDS} rounds (s):")
    for key in runs["this"]:
        base, this = statistics.median(runs["baseline"][key]), statistics.median(runs["this"][key])
        print(f"  {key:14} baseline {base:7.3f}  this {this:7.3f}  ratio {this / base:5.2f}")
    corrected = _measure(REPO, corpus, work / "this-0", corrections=100)
    corrected = _measure(REPO, corpus, work / "this-0", corrections=100)
    print("  with 100 corrections stored: "
          + ", ".join(f"{k} {v:.3f}" for k, v in corrected.items()))
    print(f"(work folder {work}: delete it when done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
