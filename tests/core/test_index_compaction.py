"""The search index keeps few segments however many imports fill it, counted, not timed:

* the tiered policy merges neighbours of one size tier, merged segments included, so an
  index of N sections keeps at most segment_bound(N) segments (7 per tier: 21 at the
  100,000 sections of 20,000 generated releases) once its merges are done; before, merged
  segments were never merged again and each import added to the count;
* what an import cannot outlast is merged after it by a compaction process of its own,
  which a kill at any moment leaves consistent;
* `reindex` merges nothing in its own process;
* the bundle spawns workers only when its entry point called freeze_support.
"""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop_app.core import import_files, index_compaction, index_writing, kb_import, spawning
from desktop_app.core import kb as kb_module
from desktop_app.core.index_writing import TIER_FACTOR, compaction_merge, segment_bound
from desktop_app.core.kb import KnowledgeBase
from tests.core.test_kb_crash import assert_consistent
from tests.hostile.imports import releases

REPO = Path(__file__).resolve().parents[2]


@dataclass(eq=False)
class FakeSegment:
    """What the policy reads of a Whoosh segment."""

    docs: int
    rewritten: int = 0  # times its documents were merged (summed over its documents)
    ident: int = field(default_factory=lambda: random.getrandbits(48))

    def doc_count_all(self) -> int:
        return self.docs

    def segment_id(self) -> int:
        return self.ident

    def deleted_count(self) -> int:
        return 0


def compact_fakes(segments: list[FakeSegment]) -> int:
    """Apply compaction_merge until nothing is due, as index_compaction.compact does;
    returns the merges."""
    merges = 0
    while tail := compaction_merge(segments):
        start = segments.index(tail[0])
        merged = FakeSegment(sum(s.docs for s in tail), sum(s.rewritten + s.docs for s in tail))
        segments[start:start + len(tail)] = [merged]
        merges += 1
    return merges


def test_the_tiered_policy_keeps_segments_bounded_as_batches_pile_up():
    """100 imports of 1,000 sections each (20,000 releases' worth): never more than
    segment_bound segments after each import's compaction (21 at 100,000 sections), and each
    section rewritten at most 3 times (log_8 of 100). Before, merged segments were never
    merged again: 100 imports left 100 / 8 = 12 merged segments plus the small ones, and
    the count went on growing with every import."""
    segments: list[FakeSegment] = []
    for _ in range(100):
        segments.append(FakeSegment(1000))
        compact_fakes(segments)
        total = sum(s.docs for s in segments)
        assert len(segments) <= segment_bound(total)
    assert segment_bound(100_000) == 21
    assert sum(s.rewritten for s in segments) <= 3 * 100_000


def test_interleaved_tiers_still_come_down_to_the_bound():
    """Sizes that no tier run can merge (alternating tiers) are merged by the cheapest
    neighbours until the bound holds."""
    segments = [FakeSegment(30_000 if i % 2 else 1000) for i in range(40)]
    compact_fakes(segments)
    assert len(segments) <= segment_bound(sum(s.docs for s in segments))


class RecordedPopen:
    """subprocess.Popen for index_compaction.start: records the compaction instead of
    starting it; `run_started` runs it in this process (so monkeypatched sizes apply and
    the test counts instead of waiting for a process)."""

    started: list[list[str]] = []

    def __init__(self, command: list[str], **_options) -> None:
        assert command[-2] == spawning.COMPACT_FLAG
        RecordedPopen.started.append(command)

    def poll(self) -> int:
        return 0


def run_started() -> int:
    """Run the compactions recorded since the last call; how many there were."""
    commands, RecordedPopen.started = RecordedPopen.started, []
    for command in commands:
        index_compaction.compact(Path(command[-1]), lock_wait=0)
    return len(commands)


@pytest.fixture
def tiny_tiers(monkeypatch):
    """Segments of one release (~15 sections), tier 0 up to 40 sections; parse workers (and
    so background merges and compaction) on, the compaction run inline."""
    monkeypatch.setattr(kb_import, "BATCH_FILES", 1)
    monkeypatch.setattr(index_writing, "CHUNK_SECTIONS", 20)
    monkeypatch.setattr(index_writing, "TIER_FACTOR", 4)
    monkeypatch.setattr(index_writing, "MIN_BACKGROUND_MERGE", 4)
    monkeypatch.setattr(index_compaction.subprocess, "Popen", RecordedPopen)
    RecordedPopen.started = []
    previous = import_files.allow_parse_workers(True)
    yield
    import_files.allow_parse_workers(previous)


def _segments(kb: KnowledgeBase) -> int:
    manifest = kb._index.manifest()
    files = manifest.files if manifest else {}
    return len({name.split(".")[0] for name in files if not name.startswith("_")})


def test_imports_keep_the_segment_count_bounded(tmp_path, tiny_tiers):
    """Eight imports of 8 releases (one segment each): after each, at most segment_bound
    segments (tier factor 4: 3 a tier). Before: 64 segments after the eight imports
    (background merges skip merged segments and no compaction followed)."""
    counts, compactions = [], 0
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        for n in range(8):
            kb.import_paths(releases(tmp_path / "src", 8, f"i{n}-"))
            compactions += run_started()
            counts.append(_segments(kb))
            assert counts[-1] <= segment_bound(kb._store.section_count()), counts
            assert kb._index.problem(kb._store.state(), kb._store.section_count()) is None
        assert compactions  # compaction was due and run
        assert kb.search("网格员").total == 64 * 2
    assert assert_consistent(tmp_path / "kb", *[tmp_path / "src"]) == 64


def test_reindex_merges_nothing_in_its_own_process(tmp_path, tiny_tiers, monkeypatch):
    """Before: re-indexing 40 releases (one segment per 20 sections) merged 21 segments
    away in the re-indexing process itself (MERGE_FACTOR 4); now none, and the compaction
    that follows leaves at most segment_bound segments."""
    monkeypatch.setattr(index_writing, "MERGE_FACTOR", 4)
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        kb.import_paths(releases(tmp_path / "src", 40))
        merged_here = [0]
        original = index_writing._merge_tail

        def counted(ix, check=lambda segments: None):
            before = len(list(ix._segments()))
            original(ix, check)
            merged_here[0] += before - len(list(ix._segments()))
        monkeypatch.setattr(index_writing, "_merge_tail", counted)
        run_started()
        kb.reindex()
        assert merged_here[0] == 0
        assert run_started() == 1
        assert _segments(kb) <= segment_bound(kb._store.section_count())
        assert kb.search("网格员").total == 80


def _many_segments(tmp_path: Path, count: int) -> Path:
    """A knowledge base of `count` releases, one small segment each, never merged."""
    data_dir = tmp_path / "kb"
    kb_import.BATCH_FILES, batch = 1, kb_import.BATCH_FILES
    merge_factor, index_writing.MERGE_FACTOR = index_writing.MERGE_FACTOR, 10_000
    try:
        with KnowledgeBase.open(data_dir, seed=False) as kb:
            kb.import_paths(releases(tmp_path / "src", count))
            assert _segments(kb) == count
    finally:
        kb_import.BATCH_FILES, index_writing.MERGE_FACTOR = batch, merge_factor
    return data_dir


def _compaction(data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop_app", spawning.COMPACT_FLAG, str(data_dir)],
                            cwd=REPO)


def test_a_kill_while_compacting_leaves_a_consistent_index(tmp_path):
    """The compaction process (default sizes: 24 one-release segments are due) killed at
    random moments: the knowledge base is consistent, search as after a rebuild, and the
    next open removes the merge output; run to its end, it merges them."""
    data_dir = _many_segments(tmp_path, 24)
    spare = tmp_path / "spare"
    subprocess.run(["cp", "-a", str(data_dir), str(spare)], check=True)
    started = time.monotonic()
    assert _compaction(spare).wait(timeout=120) == 0
    duration = time.monotonic() - started
    with KnowledgeBase.open(spare, seed=False) as kb:
        assert _segments(kb) == 1
    rng = random.Random(23)
    for run in range(3):
        target = tmp_path / f"kill{run}"
        subprocess.run(["cp", "-a", str(data_dir), str(target)], check=True)
        proc = _compaction(target)
        time.sleep(duration * rng.uniform(0.3, 0.95))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert assert_consistent(target, tmp_path / "src") == 24
        assert list((target / "index").glob("*/.merge-*.tmp")) == []  # the open removed it


def test_the_bundle_spawns_workers_only_after_freeze_support(monkeypatch):
    """Before: a frozen app never spawned a worker (parse and merge in-process)."""
    assert spawning.can_spawn(frozen=False, prepared=False)
    assert not spawning.can_spawn(frozen=True, prepared=False)
    assert spawning.can_spawn(frozen=True, prepared=True)
    previous = import_files.allow_parse_workers(True)
    try:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        monkeypatch.setattr(spawning, "_freeze_support_called", False)
        assert import_files.worker_count() == 0
        monkeypatch.setattr(spawning, "_freeze_support_called", True)
        monkeypatch.setattr(import_files.os, "cpu_count", lambda: 2)
        assert import_files.worker_count() == 1
        assert index_compaction.command(Path("d")) == [sys.executable, spawning.COMPACT_FLAG, "d"]
    finally:
        import_files.allow_parse_workers(previous)


def test_the_entry_point_prepares_frozen_workers_before_anything_else():
    """desktop_app/__main__.py calls freeze_support before it runs a command (the bundle's
    workers are its own executable)."""
    text = (REPO / "desktop_app" / "__main__.py").read_text(encoding="utf-8")
    assert text.index("spawning.freeze_support()") < text.index("sys.exit(main())")
    assert TIER_FACTOR == 8


def test_purging_a_big_index_happens_in_the_compaction_process(tmp_path, tiny_tiers, monkeypatch):
    """compact_index on an index past CHEAP_COMPACT_SECTIONS starts the compaction process
    instead of merging every segment in the caller (the window's task, the CLI before it
    exits); the segment holding the deleted sections is rewritten without them. Before: the
    whole index merged in the caller."""
    monkeypatch.setattr(kb_module, "CHEAP_COMPACT_SECTIONS", 10)
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        kb.import_paths(releases(tmp_path / "src", 3))
        run_started()
        kb.delete_document(kb.documents()[0].id)
        assert kb.needs_compaction()
        monkeypatch.setattr(type(kb._index), "compact", lambda *a, **k: pytest.fail("merged here"))
        assert kb.compact_index() is True
        assert run_started() == 1
        assert kb._index.deleted_fraction()[0] == 0 and not kb.needs_compaction()
        assert _segments(kb) == 2  # the deleted release's segment is gone
        assert kb.search("网格员").total == 4
