"""What a process killed with SIGKILL in the middle of a write leaves behind is removed by
the next open, under the write lock: only names Zhiku makes, only when the process named in
them is gone. The kills are real and land at a chosen moment
(tests/hostile/leftovers.py), never by racing a timer."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.paths import MARKER_NAME
from tests.hostile import backups
from tests.hostile.leftovers import killed_at

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != MARKER_NAME)


def builds(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "index").iterdir() if p.is_dir())


def current_build(data_dir: Path) -> str:
    return json.loads((data_dir / "index" / "current.json").read_text("utf-8"))["dir"]


def test_a_killed_restore_leaves_its_copy_of_the_backup_only_until_the_next_open(tmp_path):
    """Before: .zhiku.sqlite3.restore-<pid>.tmp, a full copy of the backup, stayed forever."""
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()  # the seed
    backup = backups.zhiku_backup(tmp_path / "good.backup", documents=3)
    pid = killed_at("restore_copied", ["restore", str(backup), "--data-dir", str(data_dir)])
    copy = data_dir / f".zhiku.sqlite3.restore-{pid}.tmp"
    assert copy.stat().st_size > 0
    assert main(["list", "--data-dir", str(data_dir)]) == 0
    assert hidden(data_dir) == []
    with KnowledgeBase.open(data_dir) as kb:
        assert len(kb.documents()) == 1  # the restore never happened


def test_a_killed_restore_of_a_damaged_database_is_cleaned_by_the_next_restore(tmp_path):
    """A damaged database cannot be opened, so restoring again is the next step: it
    removes the earlier attempt's copy before making its own."""
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    backup = backups.zhiku_backup(tmp_path / "good.backup", documents=2)
    pid = killed_at("restore_copied", ["restore", str(backup), "--data-dir", str(data_dir)])
    (data_dir / "zhiku.sqlite3").write_bytes(b"\0" * 4096)  # damaged meanwhile
    assert (data_dir / f".zhiku.sqlite3.restore-{pid}.tmp").exists()
    assert KnowledgeBase.restore_backup(backup, data_dir).documents == 2
    assert hidden(data_dir) == []


def test_a_new_database_killed_before_it_was_linked_in_is_removed(tmp_path):
    """Before: .zhiku.sqlite3.new-<pid>-<random>.tmp stayed forever."""
    data_dir = tmp_path / "kb"
    pid = killed_at("new_database", ["list", "--no-seed", "--data-dir", str(data_dir)])
    assert [n for n in hidden(data_dir) if n.startswith(f".zhiku.sqlite3.new-{pid}-")]
    assert main(["list", "--no-seed", "--data-dir", str(data_dir)]) == 0
    assert hidden(data_dir) == []


def test_a_build_killed_before_it_was_marked_is_removed(tmp_path):
    """Before: killed between creating index/b… and writing its marker, the build folder
    stayed forever, unmarked, so nothing would ever delete it. Now it is made under a
    temporary name, marked, then renamed; a killed one is removed by the next open."""
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    current = current_build(data_dir)
    killed_at("build_marking", ["reindex", "--data-dir", str(data_dir)])
    assert len(builds(data_dir)) == 2  # the current build and the one being made
    assert main(["list", "--data-dir", str(data_dir)]) == 0
    assert builds(data_dir) == [current]
    assert [n for n in hidden(data_dir / "index") if not n.startswith(".current")] == []


def test_the_backup_an_upgrade_was_writing_when_killed_is_removed(tmp_path):
    """Before: an upgrade killed while writing its backup left
    .zhiku.sqlite3.before-upgrade-<time>.<pid>.tmp (a whole copy of the database) forever."""
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    name = f".zhiku.sqlite3.before-upgrade-20240101-000000.{ended.pid}.tmp"
    (data_dir / name).write_bytes(b"a partial copy")
    (data_dir / f"{name}-journal").write_bytes(b"")
    assert main(["list", "--data-dir", str(data_dir)]) == 0
    assert hidden(data_dir) == []


def test_what_a_running_process_or_the_user_owns_is_kept(tmp_path):
    """The same names with the id of a process still running, names Zhiku does not make,
    and a build being made that holds more than its marker are all left alone."""
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = [f".zhiku.sqlite3.restore-{sleeper.pid}.tmp",
                   f".zhiku.sqlite3.new-{sleeper.pid}-0123abcd.tmp", f"{MARKER_NAME}.{sleeper.pid}.tmp",
                   f".zhiku.sqlite3.before-upgrade-20240101-000000.{sleeper.pid}.tmp"]
        users = ["zhiku.sqlite3.before-restore-20240101-000000", ".zhiku.sqlite3.restore-mine.tmp",
                 "zhiku.sqlite3.restore-1.tmp", "notes.tmp"]
        for name in running + users:
            (data_dir / name).write_bytes(b"keep")
        index = data_dir / "index"
        made = index / f".b20240101000000-0123abcd.{sleeper.pid}.tmp"
        ended = subprocess.Popen([sys.executable, "-c", "pass"])
        ended.wait()
        gone = ended.pid  # a process that has ended
        other = index / f".b20240101000000-4567abcd.{gone}.tmp"  # holds more than a marker
        for folder in (made, other):
            folder.mkdir()
            (folder / MARKER_NAME).write_text("{}", "utf-8")
        (other / "notes.txt").write_text("mine", "utf-8")
        KnowledgeBase.open(data_dir).close()
        assert all((data_dir / name).exists() for name in running + users)
        assert made.is_dir() and other.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()
    KnowledgeBase.open(data_dir).close()  # the process is gone now: its files go
    assert not any((data_dir / name).exists() for name in running) and not made.exists()
    assert all((data_dir / name).exists() for name in users) and (other / "notes.txt").exists()
