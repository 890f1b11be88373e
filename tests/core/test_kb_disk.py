"""A full disk (ENOSPC) while writing the search index never locks the user out, never
loses committed data and never leaves half-written index folders behind."""
import errno
import sqlite3

import pytest

from desktop_app.cli import main
from desktop_app.core import search_index as si
from desktop_app.core.errors import BusyError, StoreError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.paths import MARKER_NAME
from desktop_app.core.store import store_error


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def _build_folders(data_dir):
    return sorted(p.name for p in (data_dir / "index").iterdir() if p.is_dir())


def test_open_with_a_full_disk_still_reads_and_searches(tmp_path, monkeypatch):
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    (data_dir / "index" / "current.json").unlink()  # the index must be rebuilt on open
    kept = _build_folders(data_dir)
    monkeypatch.setattr(si._SectionAdder, "add", _disk_full)
    for _ in range(3):  # every attempt fails the same way and leaves nothing behind
        with KnowledgeBase.open(data_dir) as kb:
            assert "磁盘空间不足" in kb.index_warning and "disk full" in kb.index_warning
            assert len(kb.documents()) == 1 and kb.section(kb.documents()[0].sections[0].id)
            result = kb.search("网格员")
            assert result.total == 2 and len(result.hits) == 2
            assert "搜索索引无法写入" in result.hint and "could not be written" in result.hint
        assert _build_folders(data_dir) == kept
    monkeypatch.undo()
    with KnowledgeBase.open(data_dir) as kb:  # space again: the next start repairs the index
        assert kb.index_warning is None
        assert kb._index.problem(kb._store.state()) is None
        result = kb.search("网格员")
        assert result.hint is None and result.hits[0].score > 0


def test_import_stored_in_sqlite_is_reported_imported_when_the_index_cannot_be_written(
        tmp_path, seed_path, monkeypatch, capsys):
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    release = tmp_path / "new.txt"
    release.write_text(seed_path.read_text("utf-8").replace("7600余人", "8800余人"), "utf-8")
    monkeypatch.setattr(si._SectionAdder, "add", _disk_full)
    assert main(["import", str(release), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "导入 imported" in out and "new.txt" in out
    assert "磁盘空间不足" in out and "will be rebuilt" in out
    with KnowledgeBase.open(data_dir) as kb:  # still a full disk: the data is there anyway
        assert len(kb.documents()) == 2
        assert kb.search("8800余人").total == 1
    monkeypatch.undo()
    with KnowledgeBase.open(data_dir) as kb:
        assert kb.index_warning is None and kb._index.problem(kb._store.state()) is None
        assert kb.search("8800余人").hits[0].score > 0


def test_reindex_on_a_full_disk_is_a_bilingual_store_error(tmp_path, monkeypatch):
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    kept = _build_folders(data_dir)
    monkeypatch.setattr(si._SectionAdder, "add", _disk_full)
    with KnowledgeBase.open(data_dir) as kb:
        with pytest.raises(StoreError) as caught:
            kb.reindex()
        assert "磁盘空间不足" in caught.value.chinese and "disk full" in caught.value.english
        assert kb.search("网格员").total == 2  # reading is never blocked
    assert _build_folders(data_dir) == kept
    assert main(["reindex", "--data-dir", str(data_dir)]) == 2


def test_a_writer_that_cannot_start_leaves_no_build_folder(tmp_path, monkeypatch):
    """ix.writer() itself failing (no space for its lock file) is an OSError, not a
    NameError about `writer`, and the new folder is removed."""
    from whoosh.index import FileIndex

    monkeypatch.setattr(FileIndex, "writer", _disk_full)
    index = si.SearchIndex(tmp_path / "ix")
    with pytest.raises(OSError) as caught:
        index.build([], ("s", 1))
    assert caught.value.errno == errno.ENOSPC
    assert [p.name for p in (tmp_path / "ix").iterdir()] == [MARKER_NAME]  # only Zhiku's mark


def test_word_hits_without_an_index_answer_nothing(tmp_path):
    index = si.SearchIndex(tmp_path / "none")
    assert index.word_hits(si.parse_query("网格员"), si.Filters(), 10, lambda _: True) == ([], False)


@pytest.mark.parametrize("message, chinese, english", [
    ("database or disk is full", "磁盘空间不足", "disk full"),
    ("disk I/O error", "磁盘读写错误", "disk I/O error"),
])
def test_sqlite_disk_errors_say_what_happened(tmp_path, message, chinese, english):
    error = store_error(sqlite3.OperationalError(message), tmp_path / "zhiku.sqlite3")
    assert isinstance(error, StoreError) and not isinstance(error, BusyError)
    assert chinese in error.chinese and english in error.english
