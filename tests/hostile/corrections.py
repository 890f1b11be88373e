"""Inputs for the corrections tests, written at test time; usable by hand:

    python -m tests.hostile.corrections OUT_DIR

writes a changed version of the seed release, a corrections file in the export shape with a
correction of a release that is not there, and files that are no corrections file at all.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_fdae50e4b2650f6d.txt"
# A sentence put before the seed's body: every offset after it moves, the quoted texts stay.
INSERTED = "编者按：本文根据会议材料整理，数据截至今年九月底，个别数据为初步统计。\n"


def changed_release(target: Path, *, drop: str | None = None, seed: Path = SEED) -> Path:
    """The seed release as a newer version of it: a sentence inserted after its title line
    (offsets move) and, with `drop`, that text taken out (what was anchored there is gone)."""
    text = seed.read_text(encoding="utf-8")
    title, newline, body = text.partition("\n")
    text = title + newline + INSERTED + body
    if drop is not None:
        assert drop in text, drop
        text = text.replace(drop, "", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def other_release(target: Path, seed: Path = SEED) -> Path:
    """Another release (its title and one figure changed), so that ids differ between two
    knowledge bases into which the releases are imported in another order."""
    text = seed.read_text(encoding="utf-8").replace("权威发布丨", "权威发布（另一篇）丨", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace("36.01%", "35.50%", 1), encoding="utf-8")
    return target


def corrections_file(target: Path, items: list[dict]) -> Path:
    """A corrections file in the export shape."""
    target.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def stray_correction() -> dict:
    """A correction of a release no knowledge base here holds."""
    return {"id": 7, "doc_id": 999, "target": "metric", "field": "label",
            "anchor": {"start": 5, "end": 9, "text": "不存在的数字"}, "before": "a", "after": "b",
            "status": "applied", "content_hash": "0" * 64}


def not_corrections(folder: Path) -> list[Path]:
    """Files `corrections --import` must refuse whole: not JSON, JSON of another shape, a
    correction of an unknown field."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {"not_json.json": "这不是 JSON {",
            "object.json": json.dumps({"corrections": []}),
            "unknown_field.json": json.dumps([{**stray_correction(), "field": "colour"}])}
    for name, text in made.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in made]


def with_bad_correction(source: Path, target: Path, how: str = "field") -> Path:
    """A backup copy holding a correction Zhiku never makes (restore refuses it): of an
    unknown field (`how` "field"), or a figure's value that is no value ("after")."""
    target.write_bytes(source.read_bytes())
    field, after = ("drop_table", "null") if how == "field" else ("value", '"很多"')
    conn = sqlite3.connect(target)
    try:
        conn.execute("INSERT INTO corrections (doc_id, content_hash, target, field, anchor_start, "
                     "anchor_end, anchor_text, after, created_at) SELECT id, content_hash, ?, ?, 0, 1, "
                     "substr(text, 1, 1), ?, '' FROM documents LIMIT 1",
                     ["section" if how == "field" else "metric", field, after])
        conn.commit()
    finally:
        conn.close()
    return target


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else ".")
    print(changed_release(out / "changed.txt"))
    print(other_release(out / "other.txt"))
    print(corrections_file(out / "stray.json", [stray_correction()]))
    for path in not_corrections(out / "refused"):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
