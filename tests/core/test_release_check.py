"""Files that are no press release are imported with a warning: the project's own
README.md warns; no real release does, English ones included."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core import formats
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.release_check import not_a_release_warning, signs
from tests.hostile.desk import english_readme

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
CORPUS = DATA / "corpus"
RELEASES = sorted(CORPUS.glob("**/*.txt")) + sorted(REPO.glob("seeds/*.txt"))
ENGLISH = [DATA / "structure_english.txt", DATA / "metrics_english_counts.txt",
           *sorted((DATA / "synthetic").glob("*en*-*.txt"))]


def warning_for(path: Path) -> str | None:
    return not_a_release_warning(formats.load_release(path), path.name)


def test_the_projects_readme_does_not_look_like_a_release():
    """Before: README.md imported silently as a release with 主要成效（11） and 58 figures."""
    warning = warning_for(REPO / "README.md")
    assert warning is not None
    assert "README.md" in warning and "不像新闻稿" in warning and "does not look like a press release" in warning
    found = signs(formats.load_release(REPO / "README.md"))
    assert found.fences >= 1 and found.commands >= 2


def test_a_readme_saved_as_txt_keeps_its_hash_headings_and_warns(tmp_path):
    copy = tmp_path / "README.txt"
    shutil.copy(REPO / "README.md", copy)
    assert signs(formats.load_release(copy)).headings >= 3
    assert warning_for(copy) is not None


def test_an_english_readme_without_code_warns_for_having_nothing_a_release_has(tmp_path):
    warning = warning_for(english_readme(tmp_path))
    assert warning is not None and "no sections, figures, dateline or credits" in warning


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.name)
def test_no_real_release_warns(path):
    assert warning_for(path) is None


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.name)
def test_english_releases_are_releases(path):
    assert warning_for(path) is None


def test_cli_import_json_gives_the_item_a_warning_and_exits_0(tmp_path, capsys):
    release = CORPUS / "21_nbs-2025-economy-rmrb.txt"
    code = main(["import", str(REPO / "README.md"), str(release), "--data-dir", str(tmp_path / "kb"),
                 "--no-seed", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    by_path = {item["path"]: item for item in out["imported"]}
    assert "warning" in by_path[str(REPO / "README.md")]
    assert "README.md" in by_path[str(REPO / "README.md")]["warning"]
    assert "warning" not in by_path[str(release)]
    assert out["refused"] == []


def test_cli_import_text_names_the_warning(tmp_path, capsys):
    code = main(["import", str(REPO / "README.md"), "--data-dir", str(tmp_path / "kb"), "--no-seed"])
    out = capsys.readouterr().out
    assert code == 0 and "注意 warning" in out and "README.md" in out


def test_held_back_files_are_not_imported_and_listed_with_their_warning(tmp_path):
    release = CORPUS / "21_nbs-2025-economy-rmrb.txt"
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        report = kb.import_paths([REPO / "README.md", release], hold_suspect=True)
        assert [p for p, _d in report.imported] == [str(release)]
        assert [p for p, _w in report.held] == [str(REPO / "README.md")]
        assert report.warnings == ()
        assert len(kb.documents()) == 1
        report = kb.import_paths([REPO / "README.md"])  # the user chose to import it anyway
        assert len(report.imported) == 1 and len(report.warnings) == 1
        assert len(kb.documents()) == 2
