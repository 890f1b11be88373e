"""Index damage that keeps file sizes is found (checksums written at commit, each file read
once after it was written) and repaired from SQLite, at open or by the search that meets it.
The damage comes from tests/hostile/index.py."""
import json
from pathlib import Path

import pytest

from desktop_app.core import index_folder, index_writing
from desktop_app.core import kb as kb_module
from desktop_app.core import search_index as si
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.write_lock import WriteLock
from tests.hostile import index as hostile

QUERIES = ("网格员", "网格", "淄博市", "诈骗", "扫黑除恶", "36.01%", "法治", "安全", "工作")


def answers(kb: KnowledgeBase) -> list:
    return [(r.total, r.hint, [(h.section_id, h.score) for h in r.hits])
            for r in (kb.search(q) for q in QUERIES)]


def manifest(data_dir: Path) -> dict:
    return json.loads((data_dir / "index" / si.MANIFEST).read_text("utf-8"))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[Path, list]:
    """A seeded knowledge base (never modified: tests copy it) and its search answers."""
    data_dir = tmp_path_factory.mktemp("seeded") / "kb"
    with KnowledgeBase.open(data_dir) as kb:
        return data_dir, answers(kb)


@pytest.fixture
def data_dir(seeded, tmp_path) -> Path:
    import shutil

    return Path(shutil.copytree(seeded[0], tmp_path / "kb"))


@pytest.mark.parametrize("damage", sorted(hostile.DAMAGES))
def test_damaged_index_is_rebuilt_on_open_with_progress(data_dir, seeded, damage):
    """Before: garbage in the stored fields or postings made every search say "index
    unavailable" and garbage in .trm changed 2 of 9 queries' scores, all without a rebuild."""
    before = manifest(data_dir)["dir"]
    hostile.DAMAGES[damage](data_dir)
    calls = []
    with KnowledgeBase.open(data_dir, progress=lambda done, total, label: calls.append((done, total))) as kb:
        assert answers(kb) == seeded[1]
        assert kb._index.problem(kb._store.state()) is None and kb._index.damaged_file() is None
    assert manifest(data_dir)["dir"] != before
    assert calls and calls[-1] == (13, 13)  # the rebuild reported its progress


def test_damage_is_found_even_when_the_times_are_put_back(data_dir, seeded, monkeypatch):
    """A file that passed its check is not read again while it looks unchanged; writing
    into it changes its change time, which nobody can set back."""
    monkeypatch.setattr(index_folder, "RACY_NS", -1)  # remember files as checked however young
    with KnowledgeBase.open(data_dir, seed=False) as kb:  # checks every file (a copy)
        read = kb._index.checked_files
        assert kb._index.damaged_file() is None
        assert kb._index.checked_files == read  # remembered: none read again
    hostile.garble_terms(data_dir, keep_times=True)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._index.checked_files >= 1
        assert answers(kb) == seeded[1]
        assert kb._index.damaged_file() is None


def test_each_index_file_is_read_once_after_it_was_written(tmp_path, seed_path, monkeypatch):
    """Counting work, not time: an open reads only the index files no open has checked
    since they were written (a CLI command opens the knowledge base every time)."""
    monkeypatch.setattr(index_folder, "RACY_NS", -1)
    other = tmp_path / "other.txt"
    other.write_text(seed_path.read_text("utf-8").replace("7600", "7001"), "utf-8")
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir, seed=False) as kb:  # builds an empty index
        kb.import_paths([seed_path])
        assert kb._index.checked_files == 0  # what it just wrote is not read back
    first = set(manifest(data_dir)["sums"])
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._index.checked_files == len(first)
        kb.import_paths([other])
    added = set(manifest(data_dir)["sums"]) - first
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb._index.checked_files == len(added) == 5  # a new segment (4 files) and toc
    for _ in range(3):
        with KnowledgeBase.open(data_dir, seed=False) as kb:
            kb.search("网格员")
            kb.warm_up()
            assert kb._index.checked_files == 0


def test_files_written_just_now_are_checked_again(data_dir):
    """File times are coarse: a file changed right after a check may show the checked
    times, so young files are not remembered as checked ("racy", as git calls it)."""
    index = si.SearchIndex(data_dir / "index")
    for path in hostile.index_folder(data_dir).iterdir():
        path.touch()
    assert index.damaged_file() is None
    assert index.damaged_file() is None
    assert index.checked_files == 2 * len(manifest(data_dir)["sums"])


def _damage_unseen(data_dir: Path) -> None:
    """Garble the stored fields and record them as checked: damage the open cannot see
    (a disk that returns other bytes than it was given, after the check)."""
    hostile.garble_stored_fields(data_dir)
    folder = hostile.index_folder(data_dir)
    sums = manifest(data_dir)["sums"]
    record = {name: [sum_, *index_folder._identity((folder / name).stat())] for name, sum_ in sums.items()}
    (folder / si.VERIFIED).write_text(json.dumps(record), "utf-8")


def test_search_that_meets_a_damaged_index_repairs_it(data_dir, seeded, monkeypatch):
    """Before: every search answered "index unavailable" (ordered by occurrences) for the
    rest of the session, and every later session again."""
    monkeypatch.setattr(index_folder, "RACY_NS", -1)
    calls = []
    with KnowledgeBase.open(data_dir, seed=False, progress=lambda *a: calls.append(a)) as kb:
        kb.warm_up()
        kb._index.close()
        _damage_unseen(data_dir)
        before = manifest(data_dir)["dir"]
        assert kb._index.damaged_file() is None  # the checks cannot see it
        assert answers(kb) == seeded[1]  # no "index unavailable" hint: repaired
        assert manifest(data_dir)["dir"] != before
    assert calls  # the rebuild told the open's progress callback


def test_warm_up_repairs_an_index_damaged_after_open(data_dir, seeded):
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb._index.close()
        hostile.garble_postings(data_dir)
        kb.warm_up()
        assert kb._index.damaged_file() is None
        assert answers(kb) == seeded[1]


def test_search_falls_back_while_another_process_writes_then_uses_the_repaired_index(
        data_dir, seeded, monkeypatch):
    """A damaged index met while another process holds the write lock: answers from the
    texts (hint "unavailable"), and uses the index again once it changed."""
    monkeypatch.setattr(index_folder, "RACY_NS", -1)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.warm_up()
        kb._index.close()
        _damage_unseen(data_dir)
        other = WriteLock(data_dir / kb_module.LOCK_NAME)
        other.acquire(0)
        try:
            result = kb.search("网格员")
            assert result.total == 2 and "unavailable" in result.hint
            assert all(h.score == 0 for h in result.hits)
        finally:
            other.release()
        with KnowledgeBase.open(data_dir, seed=False) as writer:
            writer.reindex()  # e.g. that process's next start
        assert answers(kb) == seeded[1]


def _terms(kb: KnowledgeBase) -> list:
    kb._index._open()
    reader = kb._index._searcher.reader()
    return sorted((f, t, reader.doc_frequency(f, t), reader.frequency(f, t)) for f, t in reader.all_terms())


def test_a_merge_never_copies_a_damaged_segment(tmp_path, seed_path, monkeypatch):
    """Merging segments reads them: damage Whoosh reads without complaint would be written
    into a new segment with a fresh, matching checksum. Before: two bytes of garbage in a
    term dictionary were merged into the index for good (its terms differed from a
    rebuild's). Now a damaged segment makes the write rebuild instead."""
    monkeypatch.setattr(index_writing, "MERGE_FACTOR", 2)
    text = seed_path.read_text("utf-8")
    for i in range(2):
        (tmp_path / f"{i}.txt").write_text(text.replace("7600", str(7000 + i)), "utf-8")
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.import_paths([tmp_path / "0.txt"])
        terms = hostile.segment_files(data_dir, ".trm")[0]
        hostile.garble(terms, size=2, offset=terms.stat().st_size // 20)
        kb.import_paths([tmp_path / "1.txt"])  # two segments of one size class: merged
        assert kb._index.damaged_file(force=True) is None
        incremental = _terms(kb), answers(kb)
        kb.reindex()
        assert (_terms(kb), answers(kb)) == incremental


def test_compacting_a_damaged_index_rebuilds_it(tmp_path, seed_path):
    text = seed_path.read_text("utf-8")
    for i in range(2):
        (tmp_path / f"{i}.txt").write_text(text.replace("7600", str(7000 + i)), "utf-8")
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        kb.import_paths([tmp_path / "0.txt", tmp_path / "1.txt"])
        kb.delete_document(kb.documents()[0].id)  # a deletion: compaction is wanted
        expected = answers(kb)
        kb._index.close()
        hostile.garble_terms(tmp_path / "kb")
        assert kb.compact_index() is True
        assert kb._index.damaged_file(force=True) is None
        assert answers(kb) == expected


def test_an_index_without_checksums_is_rebuilt_once(data_dir, seeded):
    """Indexes written before checksums (format 3) cannot be checked: rebuilt at open."""
    data = manifest(data_dir)
    data["format"] = 3
    del data["sums"]
    (data_dir / "index" / si.MANIFEST).write_text(json.dumps(data), "utf-8")
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert answers(kb) == seeded[1]
    assert manifest(data_dir)["dir"] != data["dir"] and manifest(data_dir)["sums"]
