"""Hostile files imported through `zhiku` as a user would: exit codes, messages,
what lands in the knowledge base, and bounded memory (each run under a 1 GiB address-space
limit, which reading a 1 GiB zip bomb or /dev/zero would exceed)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import files as hostile

REPO = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1024 * 1024 * 1024
GIB = 1024 * 1024 * 1024

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero, rlimits")


def _bounded_memory():
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def zhiku(data_dir, *args):
    """Run `python -m desktop_app --data-dir DATA --no-seed ARGS` -> (code, stdout, stderr);
    a hang fails the test after a minute instead of stalling the run."""
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "--no-seed", *map(str, args)],
        capture_output=True, cwd=REPO, timeout=60, preexec_fn=_bounded_memory)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def _titles(data_dir) -> list[str]:
    code, out, err = zhiku(data_dir, "list", "--json")
    assert code == 0, err
    return sorted(doc["title"] for doc in json.loads(out))


def _folder_with_a_good_release(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(hostile.GOOD_RELEASE.replace("网格化", "好文件"), encoding="utf-8")
    return folder


def test_import_of_a_folder_with_a_gbk_named_file_imports_everything(tmp_path):
    """Before: exit 4 (UnicodeEncodeError … surrogates not allowed) and nothing imported."""
    folder = _folder_with_a_good_release(tmp_path)
    hostile.gbk_named_release(folder)

    code, out, err = zhiku(tmp_path / "kb", "import", folder)

    assert (code, err) == (0, "")
    assert "2 imported" in out and "\ufffd" in out
    assert _titles(tmp_path / "kb") == ["淄博市推进好文件治理取得成效", "淄博市推进网格化（GBK 文件名）治理取得成效"]
    code, out, _ = zhiku(tmp_path / "kb", "import", folder)
    assert code == 0 and "2 skipped" in out


def test_parse_of_a_gbk_named_file_shows_the_name_with_replacement_characters(tmp_path):
    path = hostile.gbk_named_release(tmp_path)

    code, out, err = zhiku(tmp_path / "kb", "parse", "--json", path)

    assert (code, err) == (0, "")
    shown = json.loads(out)["file"]
    assert "\ufffd" in shown and "?" not in shown and shown.endswith(".txt")


def test_import_of_a_folder_with_a_fifo_and_a_link_to_dev_zero(tmp_path):
    """Before: the FIFO hung the import forever holding the write lock; the link to
    /dev/zero was read until memory ran out, then refused with an empty reason."""
    folder = _folder_with_a_good_release(tmp_path)
    hostile.fifo(folder, "r.txt")
    hostile.device_link(folder, "zero.txt")

    code, out, err = zhiku(tmp_path / "kb", "import", folder)

    assert (code, err) == (2, "")
    assert "named pipe (FIFO)" in out and "it is a device" in out and "1 imported" in out
    assert _titles(tmp_path / "kb") == ["淄博市推进好文件治理取得成效"]


@pytest.mark.parametrize("part", ["_rels/.rels", "word/document.xml"])
def test_import_of_a_one_gib_docx_bomb_alone_is_refused_with_exit_2(tmp_path, part):
    path = hostile.docx_bomb(tmp_path, part=part, size=GIB)

    code, out, err = zhiku(tmp_path / "kb", "import", path)

    assert code == 2 and "Traceback" not in err
    assert "bomb.docx" in out and part in out and "inflates to more than" in out


def test_import_of_an_encrypted_docx_alone_is_refused_with_exit_2(tmp_path):
    """Before: refused with "File <ZipInfo …> is encrypted, password required" as reason."""
    path = hostile.zip_encrypted_docx(tmp_path)

    code, out, _ = zhiku(tmp_path / "kb", "import", path)

    assert code == 2 and "password-protected" in out and "ZipInfo" not in out


def test_import_of_a_nested_docx_alone_reads_it(tmp_path):
    """Before: refused with "maximum recursion depth exceeded"."""
    code, out, err = zhiku(tmp_path / "kb", "import", hostile.nested_docx(tmp_path))

    assert (code, err) == (0, "") and "1 imported" in out


def test_import_of_a_folder_tree_1000_levels_deep(tmp_path):
    """Before: exit 4 (RecursionError in os.walk)."""
    top = hostile.deep_tree(tmp_path, depth=1000)
    try:
        code, out, err = zhiku(tmp_path / "kb", "import", top)
    finally:
        hostile.remove_tree(top)

    assert (code, err) == (0, "") and "1 imported" in out
    assert _titles(tmp_path / "kb") == ["淄博市推进深层网格化治理取得成效"]


def test_search_ignores_a_bom_or_zero_width_space_in_the_query(tmp_path):
    """Before: a query pasted with a BOM or a zero-width space found nothing."""
    folder = _folder_with_a_good_release(tmp_path)
    assert zhiku(tmp_path / "kb", "import", folder)[0] == 0

    found = []
    for query in ("矛盾纠纷", "\ufeff矛盾\u200b纠纷\u202e"):
        code, out, _ = zhiku(tmp_path / "kb", "search", "--json", query)
        found.append((code, [hit["section_id"] for hit in json.loads(out)["hits"]]))

    assert found[0][1] and found[1] == found[0]
