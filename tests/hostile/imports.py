"""Many small distinct releases for import tests: enough files that an
import runs in batches, segments pile up and merges fall due. Usable by hand too:

    python -m tests.hostile.imports 200 /tmp/zhiku-releases
"""
from __future__ import annotations

import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fdae50e4b2650f6d.txt"


def releases(folder: Path, count: int, tag: str = "r") -> list[Path]:
    """Write `count` distinct releases made from the bundled seed (figures and title changed,
    so each has its own content) into `folder`; return their paths in name order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        text = (seed.replace("7600余人", f"{7600 + i}余人").replace("36.01%", f"{30 + i % 60}.{i:04d}%")
                .replace("权威发布丨", f"权威发布{tag}{i}丨"))
        path = folder / f"{tag}{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    print(len(releases(Path(sys.argv[2]), int(sys.argv[1]))), "releases in", sys.argv[2])
