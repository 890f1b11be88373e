"""One release imported in every format Zhiku reads: `parse --json` finds the
same sections and figures in the .txt, .html, government page, WeChat page, .mhtml, .docx and
PDF (written by hand and laid out by Qt), once offsets are set aside (line breaks, a page's
date line and its markup move them)."""
import html
import json
import os
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from desktop_app.core import formats
from tests.hostile import pages, pdfs, texts

REPO = Path(__file__).resolve().parents[2]
RELEASE = REPO / "tests" / "data" / "corpus" / "10_daqing-rural-economy-2014.txt"
OFFSETS = ("start", "end", "sentence_start", "sentence_end")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _parse(path: Path) -> dict:
    """What `parse PATH --json` prints (Document.to_json of load_release; the command itself
    is run for the .txt and the Qt PDF, the rest in this process to keep the test quick)."""
    return formats.load_release(path).to_json()


def _parse_command(path: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "desktop_app", "parse", str(path), "--json"],
                            capture_output=True, cwd=REPO)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return json.loads(result.stdout.decode("utf-8"))


def _without_offsets(parsed: dict) -> dict:
    """What a release was found to hold, offsets (and the page's own date) set aside."""
    return {"title": parsed["title"], "credits": parsed["credits"],
            "sections": [{k: v for k, v in s.items() if k not in OFFSETS} for s in parsed["sections"]],
            "metrics": [{k: v for k, v in m.items() if k not in OFFSETS} for m in parsed["metrics"]]}


def _docx(path: Path, text: str) -> Path:
    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.split("\n") if line)
    return texts.write_docx(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'
                            f"{paragraphs}</w:body></w:document>", path)


def _qt_pdf(folder: Path, text_file: Path) -> Path:
    """A PDF laid out by Qt, made in a child process (this test process stays free of Qt)."""
    code = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "from pathlib import Path; from tests.hostile.pdfs import qt_pdf; "
            "qt_pdf(sys.argv[1], 'qt.pdf', Path(sys.argv[2]).read_text('utf-8'))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", code, str(folder), str(text_file)], check=True, cwd=REPO, env=env)
    return folder / "qt.pdf"


@pytest.fixture(scope="module")
def every_format(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    text = RELEASE.read_text("utf-8")
    plain = folder / "release.html"
    plain.write_text("<html><head><meta charset='utf-8'></head><body>"
                     + "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n")) + "</body></html>", "utf-8")
    gov = pages.gov_page(folder, text)
    wechat = pages.wechat_page(folder, text)
    return {"txt": RELEASE, "html": plain, "gov page": gov, "wechat page": wechat,
            "mhtml": pages.mhtml(folder, wechat), "mht of a gov page": pages.mhtml(folder, gov, "gov.mht", "base64"),
            "docx": _docx(folder / "release.docx", text),
            "pdf (ToUnicode)": pdfs.text_pdf(folder, "tounicode.pdf", text),
            "pdf (UniGB-UCS2-H)": pdfs.text_pdf(folder, "ucs2.pdf", text, "ucs2"),
            "pdf (two columns)": pdfs.text_pdf(folder, "columns.pdf", text, columns=2),
            "pdf (Qt)": _qt_pdf(folder, RELEASE)}


def test_every_format_finds_what_the_text_finds(every_format):
    expected = _without_offsets(_parse_command(every_format["txt"]))
    assert len(expected["metrics"]) == 62 and len(expected["sections"]) == 8
    assert _without_offsets(_parse_command(every_format["pdf (Qt)"])) == expected
    differing = {kind: path.name for kind, path in every_format.items()
                 if _without_offsets(_parse(path)) != expected}
    assert differing == {}
