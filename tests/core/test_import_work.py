"""An import's per-release work in the importing process, counted (docs/performance.md,
"Import into an empty library"):

* Whoosh segment writing writes each term's posting blocks and term info straight into the
  segment's files (word_index._TermWriter): no call of Whoosh's per-posting `add_posting`
  (before: one per posting, with type checks, after sorting every posting tuple) nor of its
  per-term calls, and the segment files hold the same bytes as Whoosh's own writer makes
  of the same postings;
* a section's `section_grams` tokens are the same set as before, made without a Python step
  per character;
* the parser tries the inline list markers only where one can start (before: every style
  at every sentence start);
* SQLite and the index commit (and fsync) once a batch, never once a release (a guard).
"""
from __future__ import annotations

import io
import os
import pickle
import struct
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh.codec import whoosh3
from whoosh.filedb import filetables

from desktop_app.core import index_writing, section_match, structure, structure_lines, word_index
from desktop_app.core import search_index as si
from desktop_app.core.kb import KnowledgeBase


@pytest.fixture(scope="module")
def seed_rows(tmp_path_factory):
    with KnowledgeBase.open(tmp_path_factory.mktemp("kb")) as kb:
        return list(kb._store.iter_sections_for_index())


def _segment_bytes(root: Path) -> dict[str, list[bytes]]:
    """The bytes of the segment files of the index under `root`, by extension (segment
    names are random, their contents are not)."""
    files: dict[str, list[bytes]] = {}
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".pst", ".trm"):
            files.setdefault(path.suffix, []).append(path.read_bytes())
    return {suffix: sorted(contents) for suffix, contents in files.items()}


def test_segment_writing_calls_whoosh_neither_per_posting_nor_per_term(tmp_path, seed_rows, monkeypatch):
    """Before: Whoosh's add_posting ran once per posting (1.07 million for 1,000 releases),
    then its start_term / finish_term and its terms file's add once per term (~43,000 for
    1,000 releases: ~60 % of writing a segment). Now none of them runs while the index is
    built; the terms are all there (a search finds them)."""
    calls = []
    for owner, name in ((whoosh3.W3PostingsWriter, "add_posting"), (whoosh3.W3FieldWriter, "start_term"),
                        (whoosh3.W3FieldWriter, "finish_term"), (filetables.OrderedHashWriter, "add")):
        original = getattr(owner, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(owner, name, counted)
    index = si.SearchIndex(tmp_path / "ix")
    index.build(seed_rows, ("s", 1))
    assert calls == []
    assert _postings(tmp_path / "ix") and ("body", "网格员".encode()) in _postings(tmp_path / "ix")


class _WhooshsOwnAdder:
    """Sections added through Whoosh's own `add_document`, as before the fast adder."""

    def __init__(self, writer):
        self.writer = writer

    def add(self, row):
        self.writer.add_document(**word_index.index_fields(row))


def _few_postings(rows):
    """Sections of their own (ids, texts cut at other places): most terms have 1–3
    postings, under COMPRESS_MIN_POSTINGS, and weights all 1, all equal or mixed."""
    return [replace(row, section_id=row.section_id + 1000 * cut, doc_id=row.doc_id + 1000 * cut,
                    text=row.text[cut * 7:] + f" 第{cut}号")
            for cut in range(3) for row in rows]


@pytest.mark.parametrize("postings", ["many", "few"])
def test_grouped_postings_write_the_bytes_whoosh_writes(tmp_path, seed_rows, monkeypatch, postings):
    """Small segments, so that terms span several blocks and segments; Whoosh's own
    `add_document`, given the same sections (and told to leave small blocks uncompressed,
    as ours are), writes the same files (the grouping itself is checked: document numbers,
    frequencies, lengths). Terms of one block are written without Whoosh's calls
    (_TermWriter): "many" has terms of more postings than one block (128) and of one
    compressed block, "few" terms of one or a few postings, left uncompressed."""
    rows = seed_rows * 40 if postings == "many" else _few_postings(seed_rows)
    monkeypatch.setattr(index_writing, "CHUNK_SECTIONS", len(rows) // 3)
    si.SearchIndex(tmp_path / "fast").build(rows, ("s", 1))
    monkeypatch.setattr(index_writing, "_SectionAdder", _WhooshsOwnAdder)
    whooshs_block = whoosh3.W3PostingsWriter._write_block

    def sized_block(self, last=False):
        self._compression = word_index.block_compression(len(self._ids))
        return whooshs_block(self, last)
    monkeypatch.setattr(whoosh3.W3PostingsWriter, "_write_block", sized_block)
    si.SearchIndex(tmp_path / "whoosh").build(rows, ("s", 1))
    fast, whoosh = _segment_bytes(tmp_path / "fast"), _segment_bytes(tmp_path / "whoosh")
    assert set(fast) == {".pst", ".trm"} and len(fast[".pst"]) >= 3
    assert fast == whoosh


def test_only_posting_blocks_of_many_postings_are_compressed(tmp_path, seed_rows, monkeypatch):
    """zlib runs on the blocks of COMPRESS_MIN_POSTINGS postings or more, not on every block
    (before: on every block, ~3 % of the importing process's CPU); the index reads both
    kinds (a search finds what every block holds) and is no larger."""
    rows = seed_rows * 40 + _few_postings(seed_rows)
    si.SearchIndex(tmp_path / "ix").build(rows, ("s", 1))
    blocks = _block_infos(tmp_path / "ix")
    assert {level > 0 for _, level in blocks} == {True, False}
    assert all((level > 0) == (postings >= word_index.COMPRESS_MIN_POSTINGS) for postings, level in blocks)
    monkeypatch.setattr(word_index, "COMPRESS_MIN_POSTINGS", 1)  # every block, as Whoosh does
    si.SearchIndex(tmp_path / "all").build(rows, ("s", 1))
    assert all(level > 0 for _, level in _block_infos(tmp_path / "all"))

    def size(root: Path) -> int:
        return sum(p.stat().st_size for p in root.rglob("*.pst"))
    assert size(tmp_path / "ix") <= size(tmp_path / "all")
    assert _postings(tmp_path / "ix") == _postings(tmp_path / "all")


def _block_infos(root: Path) -> list[tuple[int, int]]:
    """(postings, zlib level) of every posting block in the index's postings files, read
    from the files as Whoosh 3 lays them out: each term's blocks after a "W3Bl" header,
    each block its signed length, its pickled info (postings, last id, top weight, zlib
    level, …) and its data."""
    found = []
    for path in root.rglob("*.pst"):
        raw = path.read_bytes()
        stream, at = io.BytesIO(raw), 0
        while at < len(raw):
            at += 4 if raw[at:at + 4] == whoosh3.WHOOSH3_HEADER_MAGIC else 0
            size = struct.unpack("!i", raw[at:at + 4])[0]
            stream.seek(at + 4)
            info = pickle.load(stream)
            found.append((info[0], info[3]))
            at += 4 + abs(size)
    return found


def _postings(root: Path) -> dict[tuple[str, bytes], list[tuple[int, float]]]:
    """Every term's postings (document number, frequency) as Whoosh reads them back."""
    from whoosh import index as whoosh_index

    [folder] = {p.parent for p in root.rglob("*.toc")}
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        return {(field, term): list(reader.postings(field, term).items_as("frequency"))
                for field, term in reader.all_terms()}


def _reference_grams(text: str) -> set[str]:
    tokens = {f"u{ord(c):x}" for c in text}
    tokens.update(f"{ord(a):x}x{ord(b):x}" for a, b in zip(text, text[1:], strict=False))
    return tokens


@pytest.mark.parametrize("text", ["", "a", "aa", "网格员网格", "36.01% 增长\n（一）", "\U0001f600x😀"])
def test_grams_are_each_distinct_character_and_pair(text):
    tokens = section_match.grams(text).split()
    assert len(tokens) == len(set(tokens))
    assert set(tokens) == _reference_grams(text)


def test_the_codes_kept_for_grams_stay_few_whatever_the_text(monkeypatch):
    """Characters' codes are kept for the next section, but a hostile text of every
    character does not leave them all held for the life of the process (a text of
    194,527 distinct characters left 52 MB held); its grams are right all the same."""
    monkeypatch.setattr(section_match, "_HEX", {})
    monkeypatch.setattr(section_match, "_ALONE", {})
    text = "".join(map(chr, range(0x4E00, 0x4E00 + 30_000)))
    assert set(section_match.grams(text).split()) == _reference_grams(text)
    assert len(section_match._HEX) == len(section_match._ALONE) == 0
    section_match.grams("网格员网格")
    assert set(section_match._HEX) == set(section_match._ALONE) == set("网格员")


def test_grams_of_a_release_are_as_before(seed_path):
    text = seed_path.read_text("utf-8")
    assert set(section_match.grams(text).split()) == _reference_grams(text)


def test_inline_markers_are_tried_only_where_one_can_start(seed_path, monkeypatch):
    """Before: every inline style was tried at each sentence start of the seed (hundreds of
    look-ups finding nothing); now a look-up finds a marker, but for the odd one whose
    number does not read (as before, enumerator_at decides)."""
    tried, found = [0], [0]
    original = structure_lines.enumerator_at

    def counted(text, pos, styles=None):
        marker = original(text, pos, styles)
        if styles == structure_lines.INLINE_STYLES:
            tried[0] += 1
            found[0] += marker is not None
        return marker
    monkeypatch.setattr(structure_lines, "enumerator_at", counted)
    import desktop_app.core.structure_lists as lists
    monkeypatch.setattr(lists, "enumerator_at", counted)
    listed = "\n　　今年的工作有三个特点。一是加强领导；二是完善机制；三是强化考核。\n"
    structure.analyse(seed_path.read_text("utf-8") + listed)
    assert found[0] >= 3
    assert tried[0] - found[0] <= 2


def test_an_import_syncs_to_disk_once_a_batch_not_once_a_release(tmp_path, monkeypatch):
    """A guard (main's code passes it too): 60 releases in batches of 20 make 3 SQLite
    commits and 3 index commits, each with one manifest fsync, not one a release."""
    from desktop_app.core import kb_import
    from desktop_app.core import store as store_module
    from tests.hostile.imports import releases

    files = releases(tmp_path / "in", 60)
    monkeypatch.setattr(kb_import, "BATCH_FILES", 20)
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        fsyncs, commits = [0], [0]
        real_fsync = os.fsync
        monkeypatch.setattr(os, "fsync", lambda fd: (fsyncs.__setitem__(0, fsyncs[0] + 1), real_fsync(fd)))
        original = store_module.Store.transaction

        def counted(self, **kwargs):
            commits[0] += 1
            return original(self, **kwargs)
        monkeypatch.setattr(store_module.Store, "transaction", counted)
        report = kb.import_paths(files)
    assert len(report.imported) == 60
    assert commits[0] == 3
    assert fsyncs[0] <= 3


@pytest.mark.parametrize("workers", [0, 1])
def test_the_last_batches_of_a_parallel_import_halve(tmp_path, monkeypatch, workers):
    """With parse workers, an import's last batches halve down to TAIL_BATCH_FILES files, so
    the index work of the last batch, which nothing runs beside, stays small (before: the
    last batch was as big as the others); without workers batches stay whole."""
    from desktop_app.core import import_files, kb_import
    from desktop_app.core import store as store_module
    from tests.hostile.imports import releases

    files = releases(tmp_path / "in", 100)
    monkeypatch.setattr(kb_import, "BATCH_SECTIONS", 10**6)
    monkeypatch.setattr(kb_import, "TAIL_BATCH_FILES", 8)
    monkeypatch.setattr(import_files, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(import_files, "worker_count", lambda: workers)
    monkeypatch.setattr(import_files, "ProcessPoolExecutor", _InlinePool)
    monkeypatch.setattr(kb_import, "worker_count", lambda: workers)
    sizes: list[int] = []
    original = store_module.Store.insert_document
    monkeypatch.setattr(store_module.Store, "insert_document",
                        lambda self, *a, **k: sizes.__setitem__(-1, sizes[-1] + 1) or original(self, *a, **k))
    transaction = store_module.Store.transaction
    monkeypatch.setattr(store_module.Store, "transaction",
                        lambda self, **k: sizes.append(0) or transaction(self, **k))
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        assert len(kb.import_paths(files).imported) == 100
    sizes = [n for n in sizes if n]
    if workers:
        assert sizes == [50, 25, 12, 8, 5]
    else:
        assert sizes == [100]


class _InlinePool:
    """A stand-in ProcessPoolExecutor that runs each chunk at once, in this process."""

    def __init__(self, *args, **kwargs):
        pass

    def submit(self, fn, *args):
        from concurrent.futures import Future

        future = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_rows_added_while_segments_merge_into_the_same_writer_are_all_indexed(tmp_path, seed_rows):
    """A merge policy that merges segments into the writer puts their postings into Whoosh's
    pool: the grouped postings then join them through Whoosh's own path."""
    half = len(seed_rows) // 2
    index = si.SearchIndex(tmp_path / "ix")
    index.build(seed_rows[:half], ("s", 1))
    folder = tmp_path / "ix" / index.manifest().dir
    ix = word_index.whoosh_index.open_dir(str(folder))
    writer = ix.writer()
    adder = word_index._SectionAdder(writer)
    for row in seed_rows[half:]:
        adder.add(row)
    joined = []
    grouped = adder.sorted_postings
    adder.sorted_postings = lambda: (joined.append(1), grouped())[1]

    def merge_all(writer, segments):
        for seg in segments:
            reader = word_index.SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        return []
    writer.commit(mergetype=merge_all)
    assert joined == [1]  # Whoosh's own path took the grouped postings
    whole = si.SearchIndex(tmp_path / "whole")
    whole.build(seed_rows, ("s", 1))
    other = word_index.whoosh_index.open_dir(str(tmp_path / "whole" / whole.manifest().dir))
    with ix.reader() as merged, other.reader() as fresh:
        assert len(list(ix._segments())) == 1
        assert merged.doc_count() == fresh.doc_count() == len(seed_rows)
        def stats(reader):
            return [(f, t, reader.doc_frequency(f, t), reader.frequency(f, t),
                     reader.term_info(f, t).min_length(), reader.term_info(f, t).max_length())
                    for f, t in reader.all_terms()]
        assert stats(merged) == stats(fresh)  # lengths too: Whoosh's score bounds use them
    ix.close()
    other.close()
