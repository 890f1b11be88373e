"""The Whoosh index behind search: the fast write path equals Whoosh's own, rebuilds equal
incremental updates, and big imports parse in worker processes."""
from pathlib import Path

import pytest

from desktop_app.core import kb as kb_module
from desktop_app.core import search_index as si
from desktop_app.core.kb import KnowledgeBase

QUERIES = ("网格员", "网格", "淄博市", "诈骗", "扫黑除恶", "36.01%", "法治", "安全", "工作")


@pytest.fixture(scope="module")
def seed_rows(tmp_path_factory):
    with KnowledgeBase.open(tmp_path_factory.mktemp("kb")) as kb:
        return list(kb._store.iter_sections_for_index())


def _index_contents(root: Path):
    index = si.SearchIndex(root)
    index._open()
    reader = index._searcher.reader()
    terms = [(f, t, reader.doc_frequency(f, t), reader.frequency(f, t)) for f, t in reader.all_terms()]
    lengths = [reader.doc_field_length(n, "body") for n in reader.all_doc_ids()]
    stored = [reader.stored_fields(n) for n in reader.all_doc_ids()]
    hits = [index.word_hits(si.parse_query(q), si.Filters(), 20, lambda _: True) for q in QUERIES]
    index.close()
    return terms, lengths, stored, hits


def test_fast_write_path_builds_the_same_index_as_whoosh(tmp_path, seed_rows, monkeypatch):
    si.SearchIndex(tmp_path / "fast").build(seed_rows, ("s", 1))
    monkeypatch.setattr(si, "_adder", lambda writer, name: lambda row: writer.add_document(**si.index_fields(row)))
    si.SearchIndex(tmp_path / "whoosh").build(seed_rows, ("s", 1))
    fast, slow = _index_contents(tmp_path / "fast"), _index_contents(tmp_path / "whoosh")
    assert fast == slow
    assert fast[3][0][0] and all(score > 0 for _, score in fast[3][0][0])


def test_updated_index_ranks_exactly_like_a_rebuild(tmp_path, seed_path):
    """Deletes leave tombstones in Whoosh; scores must not notice them."""
    text = seed_path.read_text("utf-8")
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(text.replace("7600", str(7000 + i)) + "网格" * i, "utf-8")
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.import_paths([tmp_path / f"{i}.txt" for i in range(4)])
        kb.delete_document(kb.documents()[1].id)
        (tmp_path / "2.txt").write_text(text.replace("7600", "9999"), "utf-8")
        kb.import_paths([tmp_path / "2.txt"])  # replaced: delete + add
        incremental = [[(h.section_id, h.score) for h in kb.search(q).hits] for q in QUERIES]
        assert kb.compact_index() is True  # purges the deleted documents
        assert [[(h.section_id, h.score) for h in kb.search(q).hits] for q in QUERIES] == incremental
        kb.reindex()
        assert [[(h.section_id, h.score) for h in kb.search(q).hits] for q in QUERIES] == incremental


def test_query_words_come_from_the_index_vocabulary(tmp_path, seed_rows):
    index = si.SearchIndex(tmp_path / "ix")
    index.build(seed_rows, ("s", 1))
    index._open()
    assert index.query_words("网格员") == ["网格员"]
    assert index.query_words("扫黑除恶") == ["扫黑除恶"]
    assert index.query_words("矛盾 纠纷") == ["矛盾", "纠纷"]
    assert index.query_words("格员") is None  # no indexed word starts with 格: substring only
    index.close()


def test_many_files_are_parsed_in_worker_processes(tmp_path, seed_path, monkeypatch):
    monkeypatch.setattr(kb_module, "PARALLEL_MIN_FILES", 3)
    monkeypatch.setattr(kb_module, "_parse_workers_allowed", True)  # as `zhiku import` does
    text = seed_path.read_text("utf-8")
    files = []
    for i in range(5):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text(text.replace("7600", str(7000 + i)), "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    files.insert(2, tmp_path / "bad.txt")
    if kb_module._worker_count() == 0:
        pytest.skip("one CPU: imports parse in this process")
    results = list(kb_module.parse_files(files))
    assert [p for p, _, _ in results] == files
    assert results[2][1] is None and "bad.txt" in results[2][2]
    assert results[0][1] == kb_module.load_release(files[0])


UNGUARDED_SCRIPT = """\
import sys
from pathlib import Path
import desktop_app.core.kb as k
k.PARALLEL_MIN_FILES = 3
with open(sys.argv[1], "a", encoding="utf-8") as marker:
    marker.write("ran\\n")
with k.KnowledgeBase.open(sys.argv[2], seed=False) as kb:
    print(len(kb.import_paths([sys.argv[3]]).imported))
"""


def test_library_script_without_main_guard_runs_once(tmp_path, seed_path):
    """A big import from a user's script with no `if __name__ == "__main__":` guard must not
    re-run that script in worker processes (spawn re-imports __main__): it parses in-process."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "releases"
    folder.mkdir()
    text = seed_path.read_text("utf-8")
    for i in range(5):
        (folder / f"{i}.txt").write_text(text.replace("7600", str(7000 + i)), "utf-8")
    script = tmp_path / "my_script.py"
    script.write_text(UNGUARDED_SCRIPT, "utf-8")
    marker = tmp_path / "marker.txt"
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    result = subprocess.run([sys.executable, str(script), str(marker), str(tmp_path / "kb"), str(folder)],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5"]
    assert marker.read_text("utf-8") == "ran\n"  # the script's top level ran exactly once
