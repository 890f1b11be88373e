"""An import's cost does not grow with the library, counted as work:

* the importing process merges no search index segments itself (a worker process merges
  them while the import goes on, and the merged segment takes their place): an import of
  2,000 releases into 2,000 merged 32 segments in the main process, into an empty library
  nothing, which is why a small benchmark never saw the rate fall;
* no statement inside an import's transaction makes SQLite's full-text tables write out
  what they hold (a SAVEPOINT does: one per file before);
* a kill while a merge runs leaves a consistent knowledge base and no merge output behind.
"""
from __future__ import annotations

import random
import signal
import time

import pytest

from desktop_app.core import import_files, index_writing, kb_import
from desktop_app.core.kb import KnowledgeBase
from tests.core.test_kb_crash import assert_consistent, start_cli
from tests.hostile.imports import releases


@pytest.fixture
def small_segments(monkeypatch):
    """Segments of 4 releases (~60 sections), merged 4 at a time: merges fall due after a
    few dozen files instead of ~2,900 releases. Parse workers (and so merge workers) on."""
    monkeypatch.setattr(kb_import, "BATCH_FILES", 4)
    monkeypatch.setattr(index_writing, "CHUNK_SECTIONS", 100)
    monkeypatch.setattr(index_writing, "MERGE_FACTOR", 4)
    monkeypatch.setattr(index_writing, "MAX_SEGMENTS", 40)
    monkeypatch.setattr(index_writing, "MIN_BACKGROUND_MERGE", 2)
    previous = import_files.allow_parse_workers(True)
    yield
    import_files.allow_parse_workers(previous)


def _count_merges_here(monkeypatch) -> list[int]:
    """Count the merges `_merge_tail` does in this process (each that removed segments)."""
    done = [0]
    original = index_writing._merge_tail

    def counted(ix, check=lambda segments: None):
        before = len(list(ix._segments()))
        original(ix, check)
        done[0] += before - len(list(ix._segments()))
    monkeypatch.setattr(index_writing, "_merge_tail", counted)
    return done


def _segments(kb: KnowledgeBase) -> int:
    manifest = kb._index.manifest()
    files = manifest.files if manifest is not None else {}
    return len({name.split(".")[0] for name in files if not name.startswith("_")})


def test_an_import_into_a_full_library_merges_nothing_in_the_importing_process(
        tmp_path, monkeypatch, small_segments):
    """Before: the second import merged 4 × 4 segments into 4 in the importing process itself
    (12 segments merged away there)."""
    # each merge is taken in at the next commit, however slow the machine (no timing in tests)
    monkeypatch.setattr(index_writing._MergeJob, "finished", lambda job: job.conn.poll(None) or True)
    first = releases(tmp_path / "src", 48, "a")
    more = releases(tmp_path / "src", 48, "b")
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        kb.import_paths(first)
        merged_here = _count_merges_here(monkeypatch)
        kb.import_paths(more)
        assert merged_here[0] == 0
        # 24 batches wrote 24 segments; the worker's merges took some of them in
        assert _segments(kb) < 24
        assert kb._index.problem(kb._store.state(), kb._store.section_count()) is None
    assert assert_consistent(tmp_path / "kb", tmp_path / "src") == 96


def test_no_statement_in_an_import_flushes_the_full_text_tables(tmp_path):
    """Before: sqlite-utils' query() wrapped each file's look-ups in a SAVEPOINT, 3 per file."""
    paths = releases(tmp_path / "src", 6)
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        seen: list[str] = []
        kb._store.db.conn.set_trace_callback(seen.append)
        kb.import_paths(paths)
        kb._store.db.conn.set_trace_callback(None)
        assert len(kb.documents()) == 6
    assert [sql for sql in seen if sql.lstrip().upper().startswith("SAVEPOINT")] == []


# Small batches and merges of 2 segments, so that kills land while merges run.
MERGING_RUNNER = (
    "import sys; import desktop_app.core.kb_import as k; k.BATCH_FILES = 3; "
    "import desktop_app.core.index_writing as s; s.MERGE_FACTOR = 2; s.CHUNK_SECTIONS = 40; "
    "s.MAX_SEGMENTS = 20; s.MIN_BACKGROUND_MERGE = 2; from desktop_app.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_import_killed_while_segments_merge_leaves_a_consistent_store(tmp_path, monkeypatch):
    """A kill at any point: whole batches or nothing, search as after a rebuild, and the next
    open removes what the merge worker was writing."""
    monkeypatch.setattr("tests.core.test_kb_crash.RUNNER", MERGING_RUNNER)
    releases(tmp_path / "src", 30)
    started = time.monotonic()
    full = start_cli("import", tmp_path / "src", "--data-dir", tmp_path / "full", "--no-seed")
    assert full.wait(timeout=120) == 0
    duration = time.monotonic() - started
    assert assert_consistent(tmp_path / "full", tmp_path / "src") == 30
    rng = random.Random(13)
    for run in range(3):
        data_dir = tmp_path / f"kb{run}"
        proc = start_cli("import", tmp_path / "src", "--data-dir", data_dir, "--no-seed")
        time.sleep(duration * rng.uniform(0.4, 0.95))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert assert_consistent(data_dir, tmp_path / "src") % 3 == 0
        assert list((data_dir / "index").glob(".*.tmp")) == []  # the open removed them
