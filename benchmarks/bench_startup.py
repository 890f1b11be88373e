"""Start-up of the Zhiku window beside a bare PySide6 window, each in a fresh process.

    .venv/bin/python benchmarks/bench_startup.py [--runs 9] [--libraries 2000,10000,20000]
                                                 [--library-runs 3] [--skip-seed]

Measures, from process launch (offscreen platform):
  * first paint of the main window — Zhiku vs a bare QMainWindow with a QTreeView over a
    QStandardItemModel, opened the same way (ratio; aim ≤ 1.5×). Both are timed at the same
    point: the window's first paint event has arrived and the event loop is back, i.e. the
    whole first frame (children included) is drawn. Zhiku's first frame is its real window —
    menus, toolbar, contents tree, reading pane with a loading notice, metrics dock, status bar;
    The CPU time the process has used by then is compared too ("CPU × bare"): on a shared,
    busy machine it varies far less than the wall-clock time;
  * "search ready" — the knowledge base opened, the segmenter and index warmed up (aim ≤ 0.8 s);
  * the first search result (网格员) and peak RSS with the seed (aim ≤ 150 MB).
Zhiku runs on a data folder that already holds the seed (an ordinary start) and, separately,
on an empty one (first start: the seed is imported and indexed before search is ready).
The three kinds of run are interleaved, so changing machine load touches them alike.
Then, on libraries of 2,000 / 10,000 / 20,000 releases (built fast through the
store by tests/hostile/library.py, no parsing, and cached between runs in
$TMPDIR/zhiku-bench-libraries with their search index): first paint × bare, the time from
first paint until the release list is usable (filled, a release shown, the event loop back;
aim ≤ 1 s at 20,000), and the peak RSS of the window (aim ≤ 300 MB at 20,000).
Prints medians; never asserts anything.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPO = Path(__file__).resolve().parents[1]
PROBE_ENV = "ZHIKU_STARTUP_PROBE"

BARE_CHILD = r"""
import resource, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

app = QApplication(sys.argv[:1])
window = QMainWindow()
model = QStandardItemModel()
for d in range(3):
    doc = QStandardItem(f"document {d}")
    for s in range(10):
        doc.appendRow(QStandardItem(f"section {s}"))
    model.appendRow(doc)
tree = QTreeView()
tree.setModel(model)
tree.expandAll()
window.setCentralWidget(tree)
window.resize(1280, 800)

class Probe(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.painted)  # the frame is complete when the loop is back
        return False
    def painted(self):
        print(f"probe first_paint {time.time():.6f}", flush=True)
        print(f"probe cpu_first_paint {time.process_time():.6f}", flush=True)
        print(f"probe rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
        app.quit()

probe = Probe()
window.installEventFilter(probe)
window.show()
app.exec()
"""


PYCACHE: Path | None = None  # compiled bytecode for the children, as an installed app has


def _env(config_home: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config_home))
    env.pop("ZHIKU_DATA_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def _run(cmd: list[str], env: dict) -> dict[str, float]:
    """Launch one child; return {event: seconds since launch} plus rss_mb."""
    started = time.time()
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd} failed:\n{done.stderr[-2000:]}")
    found: dict[str, float] = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "probe":
            if parts[1] == "rss_kb":
                found["rss_mb"] = int(parts[2]) / 1024
            elif parts[1].startswith("cpu_"):  # CPU seconds of the child itself
                found[parts[1]] = float(parts[2])
            else:
                found[parts[1]] = float(parts[2]) - started
    return found


def bare(config_home: Path) -> dict[str, float]:
    return _run([sys.executable, "-c", BARE_CHILD], _env(config_home))


def zhiku(data_dir: Path, config_home: Path) -> dict[str, float]:
    env = _env(config_home)
    env[PROBE_ENV] = "1"
    return _run([sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir)], env)


LIBRARY_CACHE = Path(tempfile.gettempdir()) / "zhiku-bench-libraries"


def library(count: int) -> Path:
    """A data folder of `count` generated releases with its search index, made once, and made
    again when this code's schema or parser is newer than the cache's: its releases are
    generated rows, not parsed, so opening it with a newer parser would re-parse all of them
    (a 20,000-release copy took over 10 minutes to open)."""
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.parser import PARSER_VERSION
    from desktop_app.core.store import SCHEMA_VERSION

    folder = LIBRARY_CACHE / f"lib-{count}"
    done = folder / "bench-ready"
    stamp = f"schema {SCHEMA_VERSION} parser {PARSER_VERSION}\n"
    if done.exists() and done.read_text(encoding="utf-8") == stamp:
        return folder
    from tests.hostile.library import make_library

    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    print(f"building a library of {count} releases in {folder} (cached) …", flush=True)
    make_library(folder, count)
    KnowledgeBase.open(folder, seed=False).close()  # builds the search index
    done.write_text(stamp, encoding="utf-8")
    return folder


def libraries(sizes: list[int], runs: int, tmp_path: Path) -> None:
    """First paint × bare, list usable after first paint, and peak RSS per library size."""
    folders = {n: library(n) for n in sizes}
    bare(tmp_path / "config-bare")  # compile bytecode first, as an installed app has it
    zhiku(folders[sizes[0]], tmp_path / "config-compile")
    bare_runs: list[dict[str, float]] = []
    found: dict[int, list[dict[str, float]]] = {n: [] for n in sizes}
    for i in range(runs):  # interleaved with the baseline
        bare_runs.append(bare(tmp_path / "config-bare"))
        for n in sizes:
            found[n].append(zhiku(folders[n], tmp_path / f"config-lib-{n}-{i}"))
    base = _median(bare_runs, "first_paint")
    print(f"\nLibraries, median of {runs} runs, offscreen, seconds")
    cpu_base = _median(bare_runs, "cpu_first_paint")
    print(f"{'releases':>9} {'first paint':>12} {'spread':>13} {'× bare':>7} {'CPU × bare':>11} "
          f"{'list usable after paint':>24} {'search ready':>13} {'peak RSS':>9}")
    print(f"{'bare':>9} {base:12.3f} {_spread(bare_runs, 'first_paint'):>13} {1:7.2f} {1:11.2f} {'—':>24} "
          f"{'—':>13} {max(r['rss_mb'] for r in bare_runs):7.0f} MB")
    for n in sizes:
        runs_n = found[n]
        paint = _median(runs_n, "first_paint")
        usable = statistics.median(r["list_usable"] - r["first_paint"] for r in runs_n)
        cpu = _median(runs_n, "cpu_first_paint") / cpu_base
        print(f"{n:9d} {paint:12.3f} {_spread(runs_n, 'first_paint'):>13} {paint / base:7.2f} {cpu:11.2f} {usable:24.3f} "
              f"{_median(runs_n, 'search_ready'):13.3f} {max(r['rss_mb'] for r in runs_n):7.0f} MB")
    print("aims: first paint ≤ 1.5× bare; list usable ≤ 1 s after first paint at 20,000; "
          "peak RSS ≤ 300 MB at 20,000")


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _spread(runs: list[dict[str, float]], key: str) -> str:
    """The fastest and the slowest run, e.g. "0.131–0.190"."""
    values = [r[key] for r in runs]
    return f"{min(values):.3f}–{max(values):.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--libraries", default="2000,10000,20000",
                        help="library sizes, comma-separated (empty: none)")
    parser.add_argument("--library-runs", type=int, default=3)
    parser.add_argument("--skip-seed", action="store_true", help="only the libraries")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.libraries.split(",") if n.strip()]
    if args.skip_seed:
        with tempfile.TemporaryDirectory(prefix="zhiku-bench-") as tmp:
            _set_pycache(Path(tmp))
            libraries(sizes, args.library_runs, Path(tmp))
        return 0
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-") as tmp:
        tmp_path = Path(tmp)
        _set_pycache(tmp_path)
        seeded = tmp_path / "seeded"
        zhiku(seeded, tmp_path / "config-warm")  # import the seed once (and compile bytecode)
        bare(tmp_path / "config-bare")  # compile the baseline's bytecode too
        bare_runs, warm_runs, fresh_runs = [], [], []
        kinds = [
            lambda i: bare_runs.append(bare(tmp_path / "config-bare")),
            lambda i: warm_runs.append(zhiku(seeded, tmp_path / "config-warm")),
            lambda i: fresh_runs.append(zhiku(tmp_path / f"fresh{i}", tmp_path / f"config-fresh{i}")),
        ]
        for i in range(args.runs):  # interleaved, in turn first, so machine load touches all alike
            for k in range(len(kinds)):
                kinds[(i + k) % len(kinds)](i)
    base = _median(bare_runs, "first_paint")
    rows = [
        ("bare PySide6 window + tree", bare_runs, False),
        ("Zhiku, seed already imported", warm_runs, True),
        ("Zhiku, first start (imports seed)", fresh_runs, True),
    ]
    print(f"Start-up, median of {args.runs} runs per row, offscreen, seconds from process launch "
          f"(spread: fastest–slowest run)")
    cpu_base = _median(bare_runs, "cpu_first_paint")
    print(f"{'configuration':36} {'first paint':>12} {'spread':>13} {'× bare':>7} {'CPU × bare':>11} "
          f"{'search ready':>13} {'spread':>13} {'1st result':>11} {'peak RSS':>9}")
    for name, runs, zhiku_row in rows:
        paint = _median(runs, "first_paint")
        cpu = _median(runs, "cpu_first_paint") / cpu_base
        ready_text = (f"{_median(runs, 'search_ready'):13.3f} {_spread(runs, 'search_ready'):>13}" if zhiku_row
                      else f"{'—':>13} {'':>13}")
        result_text = f"{_median(runs, 'first_result'):11.3f}" if zhiku_row else f"{'—':>11}"
        print(f"{name:36} {paint:12.3f} {_spread(runs, 'first_paint'):>13} {paint / base:7.2f} {cpu:11.2f} {ready_text} "
              f"{result_text} {max(r['rss_mb'] for r in runs):7.0f} MB")
    print("aims: first paint ≤ 1.5× bare; search ready ≤ 0.8 s; peak RSS ≤ 150 MB (seed)")
    if sizes:
        with tempfile.TemporaryDirectory(prefix="zhiku-bench-") as tmp:
            _set_pycache(Path(tmp))
            libraries(sizes, args.library_runs, Path(tmp))
    return 0


def _set_pycache(tmp_path: Path) -> None:
    global PYCACHE
    PYCACHE = tmp_path / "pycache"


if __name__ == "__main__":
    sys.exit(main())
