"""Which library should read the text of PDF releases: pypdf, pdfminer.six or pypdfium2.

Each extractor reads each PDF of a folder (default: a set generated here with
tests/hostile/pdfs.py and Zhiku's own summary export) in a fresh process, so its peak memory
(VmHWM, minus that of the same process before the import) is its own. Quality is
measured against the text the PDF was made from (`truth_<name>.txt` beside `…__<name>.pdf`):
- figures: the release's figures (as Zhiku's parser finds them in the text) found, as
  written, in the extracted text (white space ignored);
- similarity: difflib ratio of the two texts without white space (reading order);
- bad: characters that are no text (U+FFFD, private use, controls) or not in the source;
- extra: characters beyond the source's (doubled glyphs, page furniture).
Extractors that are not installed are skipped. Timings are printed as ms per page and as
a ratio to the fastest in the same run.

    python benchmarks/bench_pdf_extract.py [--set DIR] [--repeat 3]

Without --set, the set is made in a temporary folder: the hand-written PDFs of
tests/hostile/pdfs.py in each encoding and in two columns, Qt-laid-out PDFs (plain, two
columns, a table; one with its ToUnicode maps removed) and Zhiku's own summary export of the
seed. pdfminer.six is not in Zhiku's environments (it needs `cryptography`): to compare it,
run this script from a venv holding pypdf, pdfminer.six, pypdfium2, PySide6 and rjieba.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXTRACTORS = ("pypdf", "pdfminer", "pypdfium2")

_CHILD = r"""
import json, sys, time
def peak_kib():  # VmHWM: ru_maxrss would carry the parent's peak across exec
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM")).split()[1])
name, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
before = peak_kib()
def pypdf_text(path):
    from pypdf import PdfReader
    reader = PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)
def pdfminer_text(path):
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage
    with open(path, "rb") as f:
        pages = sum(1 for _ in PDFPage.get_pages(f))
    return extract_text(path), pages
def pypdfium2_text(path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    out = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    n = len(pdf)
    pdf.close()
    return "\n".join(out), n
function = globals()[name + "_text"]
start = time.perf_counter()
for _ in range(repeat):
    text, pages = function(path)
seconds = (time.perf_counter() - start) / repeat
peak = peak_kib()
print(json.dumps({"text": text, "pages": pages, "seconds": seconds, "kib": peak - before}))
"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _bad(text: str, source: str) -> int:
    known = set(source)
    return sum(1 for ch in _squash(text) if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff"
               or ord(ch) < 32 or ch not in known)


def measure(pdf: Path, truth: str, figures: list[str], name: str, repeat: int) -> dict | None:
    """One extractor on one PDF in a fresh process: its quality figures, time and memory."""
    run = subprocess.run([sys.executable, "-c", _CHILD, name, str(pdf), str(repeat)],
                         capture_output=True, text=True)
    if run.returncode:
        last = (run.stderr.strip().splitlines() or ["?"])[-1]
        return None if "ModuleNotFoundError" in last else {"error": last[:80]}
    got = json.loads(run.stdout)
    text, source = _squash(got["text"]), _squash(truth)
    found = sum(1 for figure in figures if _squash(figure) in text)
    return {"figures": f"{found}/{len(figures)}",
            "similarity": round(difflib.SequenceMatcher(None, source, text, autojunk=False).ratio(), 3),
            "bad": _bad(got["text"], truth), "extra": max(0, len(text) - len(source)),
            "ms_page": got["seconds"] * 1000 / max(1, got["pages"]), "mib": got["kib"] / 1024}


def make_set(out: Path) -> None:
    """Write the measurement set into `out` (see the module docstring)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tests.hostile import pdfs

    app = QApplication.instance() or QApplication([])  # noqa: F841 - Qt layout needs it
    daqing = (REPO / "tests/data/corpus/10_daqing-rural-economy-2014.txt").read_text("utf-8")
    jiangsu = (REPO / "tests/data/corpus/15_eb-jiangsu-six-emission-projects.txt").read_text("utf-8")
    seed = next((REPO / "seeds").glob("*.txt")).read_text("utf-8")
    for name, text in (("daqing", daqing), ("jiangsu", jiangsu), ("seed", seed)):
        (out / f"truth_{name}.txt").write_text(text, "utf-8")
    for encoding in ("tounicode", "ucs2", "gbk"):
        pdfs.text_pdf(out, f"hand_{encoding}__daqing.pdf", daqing, encoding)
    pdfs.text_pdf(out, "hand_2col__daqing.pdf", daqing, "tounicode", columns=2)
    pdfs.qt_pdf(out, "qt_plain__daqing.pdf", daqing)
    pdfs.qt_pdf(out, "qt_plain__seed.pdf", seed)
    pdfs.qt_pdf(out, "qt_2col_1page__jiangsu.pdf", jiangsu, "columns")
    pdfs.qt_pdf(out, "qt_table__daqing.pdf", daqing, "table")
    pdfs.strip_to_unicode(out / "qt_plain__daqing.pdf", out, "qt_notounicode__daqing.pdf")
    data = out / "kb"
    subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(data), "summary", "--doc", "1",
                    "--pdf", str(out / "zhiku_summary__seed.pdf")], check=True, cwd=REPO, capture_output=True)
    shutil.rmtree(data)
    pdfs.strip_to_unicode(out / "zhiku_summary__seed.pdf", out, "zhiku_summary_notounicode__seed.pdf")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--set", type=Path, help="folder of …__<name>.pdf and truth_<name>.txt (default: made here)")
    options.add_argument("--repeat", type=int, default=3)
    args = options.parse_args()
    sys.path.insert(0, str(REPO))
    if args.set is None:
        args.set = Path(tempfile.mkdtemp(prefix="zhiku-pdf-set-"))
        make_set(args.set)
    from desktop_app.core import parser

    rows = []
    for pdf in sorted(args.set.glob("*.pdf")):
        truth = (args.set / f"truth_{pdf.stem.split('__')[1]}.txt").read_text("utf-8")
        figures = [m.text for m in parser.parse_text(truth, file="truth").metrics]
        for name in EXTRACTORS:
            result = measure(pdf, truth, figures, name, args.repeat)
            if result is not None:
                rows.append((pdf.stem, name, result))
    fastest = {}
    for kind, _name, result in rows:
        if "ms_page" in result:
            fastest[kind] = min(fastest.get(kind, 1e9), result["ms_page"])
    print(f"{'pdf':36} {'extractor':10} {'figures':>8} {'simil.':>6} {'bad':>5} {'extra':>5} {'ms/page':>8} {'×fast':>6} {'MiB':>6}")
    for kind, name, r in rows:
        if "error" in r:
            print(f"{kind:36} {name:10} error: {r['error']}")
            continue
        print(f"{kind:36} {name:10} {r['figures']:>8} {r['similarity']:6.3f} {r['bad']:5d} {r['extra']:5d} "
              f"{r['ms_page']:8.1f} {r['ms_page'] / fastest[kind]:6.1f} {r['mib']:6.1f}")


if __name__ == "__main__":
    main()
