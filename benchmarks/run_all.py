"""Run every benchmark with its defaults and print all tables (`make bench`).

Each script runs as its own process, so one's imports and memory never colour another's.
Extra arguments are passed to bench_search.py (e.g. `--docs 200` for a quick check).
The bundle benchmark builds with PyInstaller; run it on its own: `benchmarks/bench_bundle.py`.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main(argv=None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    status = 0
    runs = (
        ("bench_parse.py", []),
        ("bench_search.py", extra),
        ("bench_import.py", []),
        ("bench_startup.py", []),
        ("bench_pdf.py", []),
    )
    for script, args in runs:
        done = subprocess.run([sys.executable, str(BENCH_DIR / script), *args])
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
