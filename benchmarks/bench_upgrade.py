"""Time the upgrade of a knowledge base to a newer parser (core/upgrade.py).

    .venv/bin/python benchmarks/bench_upgrade.py [--docs 100]

Imports DOCS variants of the seed release, marks every document as parsed by parser 0, then
times the opening that upgrades them (backup, re-parse, index rebuild), and, as the baseline
in the same run, a `reindex` of the same knowledge base: the ratio says what the re-parse costs
beyond rebuilding the index.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core import paths
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.store import DB_NAME


def make_releases(folder: Path, count: int) -> Path:
    """`count` distinct releases: the seed with its title and one figure changed."""
    seed = sorted(paths.seeds_dir().glob("*.txt"))[0].read_text("utf-8")
    folder.mkdir(parents=True)
    for i in range(count):
        text = seed.replace("7600余人", f"{7600 + i}余人").replace("权威发布丨", f"权威发布{i}丨")
        (folder / f"r{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="zhiku-bench-upgrade-"))
    try:
        with KnowledgeBase.open(root / "kb", seed=False) as kb:
            kb.import_paths(make_releases(root / "src", args.docs))
        conn = sqlite3.connect(root / "kb" / DB_NAME)
        conn.execute("UPDATE documents SET parser_version = 0")
        conn.commit()
        conn.close()
        started = time.perf_counter()
        KnowledgeBase.open(root / "kb", seed=False).close()
        upgrade = time.perf_counter() - started
        with KnowledgeBase.open(root / "kb", seed=False) as kb:
            started = time.perf_counter()
            kb.reindex()
            reindex = time.perf_counter() - started
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"upgrade of {args.docs} documents: {upgrade:.2f} s ({upgrade / args.docs * 100:.2f} s per 100) · "
          f"reindex alone {reindex:.2f} s · upgrade/reindex {upgrade / reindex:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
