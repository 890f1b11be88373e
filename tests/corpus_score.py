"""Score `python -m desktop_app parse FILE --json` against gold annotations (`make score`; everything it reads is under tests/).

Run from the project root:  python -m tests.corpus_score [--set dev|blind|blind2|blind3|blind4|blind5|blind6] [-v] [--check]
dev = the seed + tests/data/corpus/*.txt; blind = tests/data/corpus/blind/*.txt (annotated before any tuning; since tuned on);
blind2 = tests/data/corpus/blind2/*.txt (a second set, annotated before the parser was run on it);
blind3 = tests/data/corpus/blind3/*.txt (a third set for the final measure: annotated before any parser run, never tuned on);
blind4 = tests/data/corpus/blind4/*.txt (a fourth set nobody tunes on: annotated before any parser run);
blind5 = tests/data/corpus/blind5/*.txt (a fifth set, sources beyond the People's Daily archive where found; annotated before any parser run);
blind6 = tests/data/corpus/blind6/*.txt (a sixth set, People's Daily archive May 2026; annotated and committed before any parser run).

- A gold figure is found when a reported metric overlaps it, exact when the spans are equal; a reported metric
  overlapping no gold figure is false. Borderline gold figures are neutral.
- A gold achievement/priority section is found when a reported achievement/priority section starts within 3
  characters of its heading's start, or inside the heading; "other" gold sections are neutral; a reported
  achievement/priority section matching no gold section is false.
- Outline: level-1 and level-2 recall and kind apart; a found level-2 section's parent is right when the reported
  "parent" index points at a reported section that matches the gold parent.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
STRUCT = {"achievement", "priority"}


def overlap(a: dict, b: dict) -> bool:
    """True when the [start, end) spans of two figures overlap."""
    return a["start"] < b["end"] and b["start"] < a["end"]


def hit(gold: dict, pred: dict) -> bool:
    """The section rule: the reported start is within 3 characters of the gold start, or inside the heading."""
    start = pred.get("start", -99)
    return abs(start - gold["start"]) <= 3 or gold["start"] <= start < gold["start"] + len(gold.get("heading") or "")


def score(gold: dict, pred: dict) -> dict:
    """Counts for one document: figures, sections and the two outline levels (see the module docstring)."""
    gm = gold["metrics"] + [dict(m, borderline=True) for m in gold.get("borderline", [])]
    pm = pred.get("metrics", [])
    need = [g for g in gm if not g.get("borderline")]
    found = [g for g in need if any(overlap(g, p) for p in pm)]
    exact = [g for g in need if any((g["start"], g["end"]) == (p["start"], p["end"]) for p in pm)]
    fps = [p for p in pm if not any(overlap(g, p) for g in gm)]
    gs, allp = gold.get("sections", []), pred.get("sections", [])
    ps = [s for s in allp if s.get("kind") in STRUCT]
    sg = [g for g in gs if g["kind"] in STRUCT]
    lv = {1: [0, 0, 0, 0], 2: [0, 0, 0, 0]}  # gold, found, kind right, parent right
    for g in sg:
        c, m = lv[g.get("level", 1)], [p for p in ps if hit(g, p)]
        c[0] += 1
        c[1] += bool(m)
        c[2] += any(p["kind"] == g["kind"] for p in m)
        if g.get("level", 1) == 2 and m and g.get("parent") is not None:
            gp = gs[g["parent"]]
            c[3] += any(isinstance(p.get("parent"), int) and 0 <= p["parent"] < len(allp) and hit(gp, allp[p["parent"]])
                        for p in m)
    return {"need": len(need), "found": len(found), "exact": len(exact), "fp": len(fps), "sneed": len(sg),
            "sfound": lv[1][1] + lv[2][1], "skind": lv[1][2] + lv[2][2], "spred": len(ps),
            "sfp": sum(not any(hit(g, p) for g in gs) for p in ps),
            "l1": lv[1][0], "l1f": lv[1][1], "l1k": lv[1][2], "l2": lv[2][0], "l2f": lv[2][1], "l2k": lv[2][2],
            "l2p": lv[2][3], "missed": [g["text"] for g in need if g not in found],
            "false": [p.get("text") for p in fps]}


def check_gold(text: str, gold: dict) -> list[str]:
    """Problems in a gold file: spans that are not the text they claim, parents that are not level-1 sections."""
    bad = [f"title {gold['title']!r}" for _ in [0] if text.split("\n", 1)[0] != gold["title"]]
    for i, s in enumerate(gold.get("sections", [])):
        if s.get("heading") and text[s["start"]:s["start"] + len(s["heading"])] != s["heading"]:
            bad.append(f"section {i} heading {s['heading'][:20]!r} not at {s['start']}")
        parent = s.get("parent")
        if (s.get("level", 1) == 2) != (parent is not None) or (
                parent is not None and not (0 <= parent < i and gold["sections"][parent].get("level", 1) == 1)):
            bad.append(f"section {i} level {s.get('level')} parent {parent}")
    bad += [f"figure {m['text']!r} not at {m['start']}" for m in gold["metrics"]
            if text[m["start"]:m["end"]] != m["text"]]
    return bad


def documents(which: str) -> list[tuple[Path, Path]]:
    """(text, gold) pairs of the dev set (seed + corpus) or of one of the blind sets."""
    if which in ("blind", "blind2", "blind3", "blind4", "blind5", "blind6"):
        return [(t, t.with_name(t.name[:-4] + ".gold.json")) for t in sorted((DATA / "corpus" / which).glob("*.txt"))]
    seed = [(ROOT / "seeds" / "000_fdae50e4b2650f6d.txt", DATA / "seed.gold.json")]
    return seed + [(t, t.with_name(t.name[:-4] + ".gold.json")) for t in sorted((DATA / "corpus").glob("*.txt"))]


def parse(path: Path, python: str) -> dict:
    """The parser's JSON for one file, as `parse --json` prints it (empty on failure)."""
    run = subprocess.run([python, "-m", "desktop_app", "parse", str(path), "--json"], capture_output=True, text=True,
                         cwd=ROOT, check=False)
    try:
        return json.loads(run.stdout)
    except ValueError:
        print(f"{path.name}: no JSON (exit {run.returncode}): {run.stderr.strip()[-200:]}")
        return {}


def summary(tot: dict) -> list[str]:
    """The ALL and OUTLINE lines, one format for every set so runs compare line by line."""
    def ratio(a: str, b: str) -> float:
        return tot[a] / max(1, tot[b])
    prec = tot["found"] / max(1, tot["found"] + tot["fp"])
    sprec = (tot["spred"] - tot["sfp"]) / max(1, tot["spred"])
    return [f"ALL figures recall {ratio('found', 'need'):.3f} precision {prec:.3f} exact {ratio('exact', 'need'):.3f}"
            f" | sections recall {ratio('sfound', 'sneed'):.3f} precision {sprec:.3f} kind {ratio('skind', 'sfound'):.3f}",
            f"OUTLINE level-1 recall {ratio('l1f', 'l1'):.3f} ({tot['l1f']}/{tot['l1']}) kind {ratio('l1k', 'l1f'):.3f}"
            f" | level-2 recall {ratio('l2f', 'l2'):.3f} ({tot['l2f']}/{tot['l2']}) kind {ratio('l2k', 'l2f'):.3f}"
            f" parent {ratio('l2p', 'l2f'):.3f}"]


def main(argv: list[str] | None = None) -> int:
    """Print one line per document and the ALL/OUTLINE lines; with --check, only validate the gold files."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=["dev", "blind", "blind2", "blind3", "blind4", "blind5", "blind6"], default="dev")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("-v", action="store_true", help="list missed and false figures")
    ap.add_argument("--check", action="store_true", help="validate the gold offsets and parents, do not parse")
    a = ap.parse_args(argv)
    tot: dict[str, int] = {}
    for txt, gf in documents(a.set):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        if a.check:
            problems = check_gold(txt.read_text(encoding="utf-8-sig").replace("\r\n", "\n"), gold)
            print(f"{txt.name}: {'ok' if not problems else '; '.join(problems)}")
            tot["bad"] = tot.get("bad", 0) + len(problems)
            continue
        r = score(gold, parse(txt, a.python))
        for k, v in r.items():
            if isinstance(v, int):
                tot[k] = tot.get(k, 0) + v
        print(f"{txt.name[:44]:44s} figures {r['found']:3d}/{r['need']:3d} exact {r['exact']:3d} false {r['fp']:3d}"
              f" | sections {r['sfound']}/{r['sneed']} kind {r['skind']} false {r['sfp']}"
              + (f" | items {r['l2f']}/{r['l2']} parent {r['l2p']}" if r["l2"] else ""))
        if a.v and r["missed"]:
            print("   missed:", " ".join(r["missed"]))
        if a.v and r["false"]:
            print("   false: ", " ".join(str(x) for x in r["false"]))
    if a.check:
        return 1 if tot.get("bad") else 0
    print("\n".join(summary(tot)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
