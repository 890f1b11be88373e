"""`python -m desktop_app --self-test`: passes on a good install, fails cleanly on a broken one."""
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.summary import SummaryTarget, build_summary
from desktop_app.selftest import SEEDS_ENV, pdf_text
from desktop_app.ui.fonts import load_bundled_font
from desktop_app.ui.printing import write_pdf
from tests.hostile.network import Trapped, run_trapped

REPO = Path(__file__).resolve().parents[2]
OTHER_RELEASE = REPO / "tests" / "data" / "bundle_other_release.txt"
STEPS = ["import the bundled seed", "sections", "metrics", "search 网格员", "section PDF",
         "import a PDF release", "main window (offscreen)"]


def _trapped_self_test(workdir: Path, **env) -> Trapped:
    """The self-test in a subprocess under the network trap (tests/hostile/network.py)."""
    return run_trapped([sys.executable, "-m", "desktop_app", "--self-test"], workdir, cwd=REPO,
                       env={**os.environ, **env}, timeout=180)


def _self_test(workdir: Path, **env) -> tuple[int, list[str], str]:
    done = _trapped_self_test(workdir / "trap", **env)
    return done.returncode, done.stdout.splitlines(), done.stderr


def _step_lines(lines: list[str]) -> list[str]:
    """'ok  sections' / 'FAIL sections' for each step line (the detail after ':' dropped)."""
    return [line.split(":")[0] for line in lines[1:-1]]


def test_self_test_passes_from_source_and_leaves_the_user_data_alone(tmp_path):
    code, lines, err = _self_test(tmp_path)
    assert _step_lines(lines) == [f"ok  {step}" for step in STEPS], "\n".join(lines) + err
    assert lines[0].startswith("zhiku ") and lines[-1] == "self-test passed"
    assert code == 0
    assert "Traceback" not in "\n".join(lines) + err
    assert not Path(os.environ["ZHIKU_DATA_DIR"]).exists()


def test_self_test_opens_no_network_connection(tmp_path):
    """Its PDF step and its window never ask the print system (CUPS) for printers: no
    connection reaches the CUPS_SERVER listener, no socket.connect from Python."""
    caught = _trapped_self_test(tmp_path)
    assert caught.returncode == 0, caught.stdout + caught.stderr
    assert (caught.accepted, caught.python_calls) == (0, []), caught.python_calls


def test_without_a_seed_every_step_that_needs_it_fails_with_a_reason(tmp_path):
    code, lines, err = _self_test(tmp_path, **{SEEDS_ENV: str(tmp_path)})
    assert lines[1] == f"FAIL import the bundled seed: no seed release (*.txt) in {tmp_path}"
    assert _step_lines(lines)[1:5] == ["FAIL sections", "FAIL metrics", "FAIL search 网格员",
                                       "FAIL section PDF"]
    assert all(line.endswith("needs the imported seed (see above)") for line in lines[2:6])
    assert (lines[-1], code) == ("self-test failed", 1)
    assert "Traceback" not in "\n".join(lines) + err


def test_a_different_release_fails_the_checks_on_its_content(tmp_path):
    shutil.copy(OTHER_RELEASE, tmp_path)
    code, lines, _err = _self_test(tmp_path, **{SEEDS_ENV: str(tmp_path)})
    assert lines[1].startswith("ok  import the bundled seed")
    assert lines[2].startswith("FAIL sections: expected {'achievement': 5, 'priority': 5}, found")
    assert lines[3].startswith("FAIL metrics: expected 37 metrics, found")
    assert lines[4].startswith("FAIL search 网格员: expected 2 sections containing 网格员")
    assert (lines[-1], code) == ("self-test failed", 1)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils' pdftotext")
def test_the_pdf_reader_reads_what_pdftotext_reads(qapp, tmp_path):
    """The self-test's own PDF reader against poppler, on the seed's whole-document summary."""
    load_bundled_font()
    path = tmp_path / "seed.pdf"
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        pages = write_pdf(build_summary(kb, SummaryTarget.document(kb.documents()[0].id)), path)
    poppler = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                             capture_output=True, text=True, encoding="utf-8", check=True).stdout
    text = pdf_text(path.read_bytes())
    assert pages > 1
    assert re.sub(r"\s+", "", text.text) == re.sub(r"\s+", "", poppler)
    assert (text.unmapped, text.embedded_fonts) == (0, ["WenQuanYiMicroHei"])


def test_step_lines_show_control_characters_as_escapes(tmp_path):
    """A seed's title or a failure reason cannot retitle or clear the terminal."""
    from desktop_app.selftest import SelfTest, StepFailed

    def fail() -> str:
        raise StepFailed("坏\x1b[2J\n文件")

    out = io.StringIO()
    test = SelfTest(tmp_path, out)
    test.step("title", lambda: "权威发布\x1b]0;PWNED\x07丨")
    test.step("reason", fail)
    assert out.getvalue().splitlines() == ["ok  title: 权威发布\\x1b]0;PWNED\\x07丨",
                                           "FAIL reason: 坏\\x1b[2J\\x0a文件"]
