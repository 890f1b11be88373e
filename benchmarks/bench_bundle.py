"""The PyInstaller bundle: its size, its build time, and its start-up beside `python -m desktop_app`.

Builds dist/zhiku/ (onedir) with build.spec and times it (`--no-build` keeps the bundle that is
there; `--onefile` also builds and measures dist/zhiku-onefile). Start-up is measured the
same way for every program: a fresh process on the same seeded data folder, started with
$ZHIKU_STARTUP_PROBE so the window prints when it first painted and when search was ready,
then quits; the median of `--runs` launches (after one untimed launch that seeds the folder)
is printed with the ratio bundle / source. No threshold is asserted; the numbers are for
people to read.

    python benchmarks/bench_bundle.py [--no-build] [--onefile] [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ONEDIR = REPO / "dist" / "zhiku"
ONEFILE = REPO / "dist" / "zhiku-onefile"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
PROBE_ENV = "ZHIKU_STARTUP_PROBE"  # read by desktop_app/ui/app.py
EVENTS = ("first_paint", "search_ready", "first_result")


def build(onefile: bool) -> float:
    """Run `PyInstaller --noconfirm --clean build.spec`; seconds it took."""
    env = {**os.environ, "ZHIKU_ONEFILE": "1" if onefile else "0"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "build.spec"],
                   cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def size_mib(path: Path) -> float:
    """Size of a file, or of every regular file under a folder (links not followed), in MiB."""
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def launch(command: list[str], env: dict, timeout: float = 60.0) -> dict[str, float]:
    """Seconds from process start to each probe event (and peak RSS in MB when printed).

    The probe quits the app after its first search result; if that never comes, the process
    is stopped a few seconds after "search ready"."""
    started = time.time()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout] + [lines.put(None)],
                     daemon=True).start()
    seen: dict[str, float] = {}
    deadline = started + timeout
    while time.time() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.time()))
        except queue.Empty:
            break
        if line is None:
            break
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "probe" and parts[1] in EVENTS:
            seen[parts[1]] = float(parts[2]) - started
            if parts[1] == "search_ready":
                deadline = min(deadline, time.time() + 5)
        elif len(parts) == 3 and parts[:2] == ["probe", "rss_kb"]:
            seen["rss_mb"] = int(parts[2]) / 1024
    if process.poll() is None:
        process.terminate()
    process.wait(timeout=10)
    missing = [name for name in EVENTS[:2] if name not in seen]
    if missing:
        raise SystemExit(f"{command[0]}: no probe line for {missing} (exit {process.returncode})")
    return seen


def startup(command: list[str], runs: int, data_dir: Path) -> dict[str, float]:
    """Median of `runs` launches on `data_dir` after one untimed warm-up launch."""
    env = {**os.environ, PROBE_ENV: "1", "ZHIKU_DATA_DIR": str(data_dir),
           "XDG_CONFIG_HOME": str(data_dir.parent / "config")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    launch(command, env)
    samples = [launch(command, env) for _ in range(runs)]
    keys = {key for s in samples for key in s}
    return {key: statistics.median(s[key] for s in samples if key in s) for key in keys
            if all(key in s for s in samples)}


def print_table(sizes: dict, builds: dict, timings: dict, runs: int) -> None:
    print("\nBundle benchmark (PyInstaller, build.spec)")
    print(f"{'':38} {'value':>10}")
    print("-" * 49)
    for label, value in sizes.items():
        print(f"{'size ' + label + ' (MiB)':38} {value:>10.1f}")
    for label, seconds in builds.items():
        print(f"{'build time ' + label + ' (s)':38} {seconds:>10.1f}")
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(f"\nStart-up, median of {runs} launches ({platform}, seeded data folder), seconds from exec")
    print(f"{'program':34}{'first paint':>13}{'search ready':>14}{'first result':>14}{'RSS MB':>8}")
    print("-" * 83)
    for label, t in timings.items():
        print(f"{label:34}" + "".join(_cell(t, key, width) for key, width in COLUMNS))
    source = timings["python -m desktop_app"]
    for label, t in timings.items():
        if label != "python -m desktop_app":
            ratios = {key: t[key] / source[key] for key, _w in COLUMNS if key in t and key in source}
            print(f"{'ratio ' + label.split()[0] + ' / source':34}"
                  + "".join(_cell(ratios, key, width, "{:.2f}x") for key, width in COLUMNS[:3]))


COLUMNS = (("first_paint", 13), ("search_ready", 14), ("first_result", 14), ("rss_mb", 8))


def _cell(values: dict, key: str, width: int, fmt: str = "{:.3f}") -> str:
    """One right-aligned table cell; "n/a" when the probe did not report that event."""
    if key not in values:
        return f"{'n/a':>{width}}"
    text = f"{values[key]:.0f}" if key == "rss_mb" and fmt == "{:.3f}" else fmt.format(values[key])
    return f"{text:>{width}}"


def main(argv=None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--no-build", action="store_true", help="measure the bundle already in dist/")
    options.add_argument("--onefile", action="store_true", help="also build and measure dist/zhiku-onefile")
    options.add_argument("--runs", type=int, default=5, help="timed launches per program")
    args = options.parse_args(argv)

    builds: dict[str, float] = {}
    if not args.no_build:
        builds["onedir"] = build(onefile=False)
        if args.onefile:
            builds["onefile"] = build(onefile=True)
    programs = {"python -m desktop_app": [sys.executable, "-m", "desktop_app"]}
    sizes: dict[str, float] = {}
    if (ONEDIR / f"zhiku{EXE_SUFFIX}").exists():
        sizes["onedir dist/zhiku"] = size_mib(ONEDIR)
        programs["dist/zhiku (onedir)"] = [str(ONEDIR / f"zhiku{EXE_SUFFIX}")]
    onefile = ONEFILE.with_name(ONEFILE.name + EXE_SUFFIX)
    if onefile.exists() and (args.onefile or args.no_build):
        sizes["onefile dist/zhiku-onefile"] = size_mib(onefile)
        programs["dist/zhiku-onefile"] = [str(onefile)]
    if len(programs) == 1:
        raise SystemExit("no bundle in dist/: run `make dist` or drop --no-build")
    timings = {}
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-bundle-") as tmp:
        for label, command in programs.items():
            timings[label] = startup(command, args.runs, Path(tmp) / label.split()[0].replace("/", "_") / "data")
    print_table(sizes, builds, timings, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
