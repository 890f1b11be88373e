"""The window's reader notices what other connections write to its folder (core/change_watch.py):
an import, a delete, a re-import of a changed file, a restore — and nothing for commits that
change no document. Looking never waits for a writer, never takes the write lock, and a search
after another process's import answers from that process's new index."""
from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from desktop_app.core.change_watch import ChangeWatch, library_change
from desktop_app.core.kb import KnowledgeBase

DATA = Path(__file__).resolve().parents[1] / "data"
RURAL = "ui_daqing-rural-economy-2014.txt"
RURAL_TITLE = "我市农村经济在新常态下稳步发展"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A knowledge base holding the seed release."""
    with KnowledgeBase.open(tmp_path / "kb"):
        pass
    return tmp_path / "kb"


@pytest.fixture
def reader(folder):
    """The window's reader: opened as KbService opens it."""
    with KnowledgeBase.open(folder, seed=False, repair_index=False) as kb:
        yield kb


def rural_copy(tmp_path: Path) -> Path:
    target = tmp_path / "in" / RURAL
    target.parent.mkdir(exist_ok=True)
    shutil.copy(DATA / RURAL, target)
    return target


def test_an_import_by_another_instance_is_noticed_until_seen(folder, reader, tmp_path):
    watch = ChangeWatch(reader)
    assert not watch.changed()
    with KnowledgeBase.open(folder, seed=False) as other:
        other.import_paths([rural_copy(tmp_path)])
    assert watch.changed()
    assert watch.changed(), "still changed: the caller may put its refresh off"
    watch.seen()
    assert not watch.changed()
    assert RURAL_TITLE in [d.title for d in reader.documents(with_sections=False)]


def test_a_delete_and_a_restore_elsewhere_are_noticed(folder, reader, tmp_path):
    backup = tmp_path / "kb.zhiku"
    reader.backup(backup)
    watch = ChangeWatch(reader)
    (seed,) = reader.documents(with_sections=False)
    with KnowledgeBase.open(folder, seed=False) as other:
        other.delete_document(seed.id)
    assert watch.changed()
    watch.seen()
    KnowledgeBase.restore_backup(backup, folder)  # a new store id, the content of the backup
    assert watch.changed()
    assert [d.title for d in reader.documents(with_sections=False)] == [seed.title]


def test_a_commit_that_changes_no_release_is_not_reported(folder, reader):
    """A re-index elsewhere commits (search texts re-derived, no generation bump): the data
    version moves, the documents do not."""
    watch = ChangeWatch(reader)
    version = reader.data_version()
    with KnowledgeBase.open(folder, seed=False) as other:
        other.reindex()
    assert reader.data_version() != version
    assert not watch.changed()


def test_looking_neither_waits_for_a_writer_nor_takes_the_write_lock(folder, reader, tmp_path):
    """Another process in the middle of a write: it holds the folder's write lock and an
    open SQLite write transaction. The reader is told not to wait at all (busy_timeout 0):
    a look that needed a lock the writer holds would fail at once instead of answering."""
    reader._store.db.conn.execute("PRAGMA busy_timeout = 0")
    watch = ChangeWatch(reader)
    with KnowledgeBase.open(folder, seed=False) as other:
        other._write_lock.acquire(timeout=0)
        writer = sqlite3.connect(folder / "zhiku.sqlite3", isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
            assert not watch.changed()  # answered from the last commit, without waiting
            writer.execute("COMMIT")
            assert watch.changed()
        finally:
            writer.close()
            other._write_lock.release()


def test_looking_while_another_thread_uses_the_instance_does_not_wait(folder, reader, tmp_path):
    watch = ChangeWatch(reader)
    with KnowledgeBase.open(folder, seed=False) as other:
        other.import_paths([rural_copy(tmp_path)])
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with reader._lock:
            holding.set()
            done.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        holding.wait(10)
        assert reader.data_version() is None
        assert not watch.changed()  # asked again at the next look
    finally:
        done.set()
        thread.join()
    assert watch.changed()


def test_library_change_names_added_deleted_and_re_imported_releases(folder, reader, tmp_path):
    source = rural_copy(tmp_path)
    with KnowledgeBase.open(folder, seed=False) as other:
        other.import_paths([source])
    before = reader.documents(with_sections=False)
    seed = next(d for d in before if d.title != RURAL_TITLE)
    source.write_text(source.read_text(encoding="utf-8") + "\n全市新建农村公路1234公里。\n", encoding="utf-8")
    with KnowledgeBase.open(folder, seed=False) as other:
        report = other.import_paths([source, DATA / "ui_affordable-housing-2011.txt"])
        other.delete_document(seed.id)
    assert len(report.replaced) == 1
    change = library_change(before, reader.documents(with_sections=False))
    assert [d.title for d in change.added] == ["前9月全国城镇保障性安居工程开工率达98%"]
    assert [d.id for d in change.removed] == [seed.id]
    assert [d.title for d in change.changed] == [RURAL_TITLE]  # a new import time
    assert not library_change(before, before)


def test_a_search_after_another_process_imported_uses_its_new_index(folder, tmp_path):
    """The window's search instance was opened (and its index read) before the import: the
    new release's section is ranked by words from the index the other process wrote (score
    above 0), not only found in the texts (score 0)."""
    with KnowledgeBase.open(folder, seed=False) as searcher:
        assert searcher.search("粮食生产").total == 0
        with KnowledgeBase.open(folder, seed=False) as other:
            other.import_paths([rural_copy(tmp_path)])
        result = searcher.search("粮食生产")
        assert result.hits and result.hits[0].doc_title == RURAL_TITLE
        assert result.hits[0].score > 0
        assert searcher._index._opened_manifest == searcher._index.manifest()
