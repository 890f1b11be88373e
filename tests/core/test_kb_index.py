"""The Whoosh index behind search: the fast write path equals Whoosh's own, rebuilds equal
incremental updates, and big imports parse in worker processes."""
from pathlib import Path

import pytest

from desktop_app.core import formats, import_files, index_writing, kb_import
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


class _WhooshAdder:
    """Whoosh's own way of adding a section, to compare the fast path with."""

    def __init__(self, writer):
        self.writer = writer

    def add(self, row):
        self.writer.add_document(**si.index_fields(row))


def test_fast_write_path_builds_the_same_index_as_whoosh(tmp_path, seed_rows, monkeypatch):
    si.SearchIndex(tmp_path / "fast").build(seed_rows, ("s", 1))
    monkeypatch.setattr(index_writing, "_SectionAdder", _WhooshAdder)
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
    monkeypatch.setattr(import_files, "PARALLEL_MIN_FILES", 3)
    monkeypatch.setattr(import_files, "_parse_workers_allowed", True)  # as `zhiku import` does
    text = seed_path.read_text("utf-8")
    files = []
    for i in range(5):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text(text.replace("7600", str(7000 + i)), "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    files.insert(2, tmp_path / "bad.txt")
    if import_files.worker_count() == 0:
        pytest.skip("one CPU: imports parse in this process")
    results = list(import_files.parse_files(files))
    assert [p for p, *_ in results] == files
    assert results[2][1] is None and "bad.txt" in results[2][2]
    assert results[0][1] == formats.load_release(files[0])


class _CountingPool:
    """A stand-in ProcessPoolExecutor (runs in this process) that records how many
    submitted chunks were not yet collected."""

    instances: list = []

    def __init__(self, workers, mp_context=None, initializer=None):
        self.workers, self.outstanding, self.most = workers, 0, 0
        self.initializer = initializer
        _CountingPool.instances.append(self)

    def submit(self, fn, *args):
        from concurrent.futures import Future

        pool, future = self, Future()
        future.set_result(fn(*args))
        self.outstanding += 1
        self.most = max(self.most, self.outstanding)
        original = future.result

        def result(timeout=None):
            pool.outstanding -= 1
            return original(timeout)

        future.result = result
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_parallel_parsing_keeps_a_bounded_window_in_flight(tmp_path, seed_path, monkeypatch):
    """A 400-file import never has more than PARSE_AHEAD_FILES files per worker parsed ahead
    of the writer (the old pool.map submitted every file at once), and results stay in order."""
    monkeypatch.setattr(import_files, "_parse_workers_allowed", True)
    monkeypatch.setattr(import_files, "worker_count", lambda: 2)
    monkeypatch.setattr(import_files, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(import_files, "parse_one", lambda path: (None, path.name))
    monkeypatch.setattr(import_files, "PARSE_AHEAD_FILES", 4 * import_files.PARSE_CHUNK)
    files = [tmp_path / f"{i:03d}.txt" for i in range(400)]
    consumed = 0
    for _path, _doc, name, _derived in import_files.parse_files(files):
        assert name == files[consumed].name
        consumed += 1
        assert _CountingPool.instances[-1].outstanding <= 4 * 2
    assert consumed == 400
    assert _CountingPool.instances[-1].most == 4 * 2
    assert _CountingPool.instances[-1].initializer is import_files.parent_watch.die_with_parent


def test_parse_window_outlasts_a_batch_commit(seed_path):
    """While the writer writes a batch's index (after the batch's last file: ~2.5 ms a
    release, against ~9 to parse one), the worker must have room to parse ahead, or the
    import runs nearly serially (a 32-file window cut a 2,000-release import from 1.4 to
    0.9 MB/s on 2 cores when batches were stored whole): half a batch of files at least."""
    from desktop_app.core import formats

    sections = len(formats.load_release(seed_path).sections)
    releases_per_batch = min(kb_import.BATCH_FILES, kb_import.BATCH_SECTIONS // sections)
    assert import_files.PARSE_AHEAD_FILES >= releases_per_batch // 2


UNGUARDED_SCRIPT = """\
import sys
from pathlib import Path
import desktop_app.core.import_files as i
import desktop_app.core.kb as k
i.PARALLEL_MIN_FILES = 3
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


def test_deleted_sections_are_purged_when_compaction_pays(tmp_path, seed_path):
    """Deletes leave tombstones in Whoosh; needs_compaction says when to purge them and the
    CLI's delete does so (a small index merges in well under a second)."""
    from desktop_app.cli import main

    text = seed_path.read_text("utf-8")
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(text.replace("7600", str(7000 + i)), "utf-8")
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.import_paths([tmp_path / f"{i}.txt" for i in range(3)])
        first, second = [d.id for d in kb.documents()][:2]
        assert kb.needs_compaction() is False
        kb.delete_document(first)
        assert kb._index.deleted_fraction()[0] == pytest.approx(1 / 3)
        assert kb.needs_compaction() is True
        assert kb.compact_index() is True
        assert kb._index.deleted_fraction()[0] == 0 and kb.needs_compaction() is False
    assert main(["delete", str(second), "--data-dir", str(data_dir)]) == 0
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._index.deleted_fraction() == (0.0, 13)  # purged by the command
        assert kb.search("网格员").total == 2


def test_a_large_index_is_compacted_only_past_the_threshold(tmp_path, seed_path, monkeypatch):
    monkeypatch.setattr(kb_module, "CHEAP_COMPACT_SECTIONS", 0)  # as if the index were big
    text = seed_path.read_text("utf-8")
    for i in range(12):
        (tmp_path / f"{i}.txt").write_text(text.replace("7600", str(7000 + i)), "utf-8")
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        kb.import_paths([tmp_path / f"{i}.txt" for i in range(12)])
        ids = [d.id for d in kb.documents()]
        kb.delete_document(ids[0])  # 1 of 12 documents: under 10 %
        assert kb.needs_compaction() is False
        kb.delete_document(ids[1])  # 2 of 12: over 10 %
        assert kb.needs_compaction() is True
