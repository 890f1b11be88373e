"""The data folder: Zhiku deletes only what it created, refuses an empty
database file, opens a read-only folder read-only, never replaces a device with a backup
(item 14).
"""
import json
import os
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.errors import StoreError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.paths import MARKER_NAME
from tests.hostile import backups as hostile

REPO = Path(__file__).resolve().parents[2]


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` with its bytes (None for a folder)."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def visible_state(data_dir: Path) -> tuple:
    """The database's bytes, the index manifest's, and every name in the folder and its
    index (SQLite's -shm/-wal left out: any reader creates them where it may; in a truly
    read-only folder it cannot, and the database is opened immutable)."""
    names = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*")
                   if not p.name.endswith(("-shm", "-wal")) and p.parent.parent != data_dir / "index")
    return ((data_dir / "zhiku.sqlite3").read_bytes(),
            (data_dir / "index" / "current.json").read_bytes(), names)


def marker(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MARKER_NAME).read_text("utf-8"))
    except FileNotFoundError:
        return None


def strip_markers(data_dir: Path) -> None:
    """Make a folder look as an earlier Zhiku left it (no marker anywhere)."""
    for path in data_dir.rglob(MARKER_NAME):
        path.unlink()


# ----------------------------------------------------------------- foreign files (item 6)

def test_a_folder_whose_index_holds_the_users_files_is_refused_untouched(tmp_path, capsys):
    """Before the fix: `list` exited 0 and deleted 3 of the 4 files (every subfolder and
    *.tmp of index/). Now: exit 2, a message saying why and what to do, nothing written."""
    folder = hostile.folder_with_foreign_index(tmp_path / "mine")
    before = tree(folder)
    assert main(["list", "--data-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "知库不会使用文件夹" in err and "Zhiku will not use the folder" in err
    assert str(folder / "index") in err and "draft.tmp" in err and "Traceback" not in err
    assert tree(folder) == before  # not one file deleted, changed or added


@pytest.mark.parametrize("command", [["search", "网格员"], ["reindex"], ["import", "{seed}"],
                                     ["restore", "{backup}"]])
def test_every_command_refuses_a_foreign_index(tmp_path, seed_path, command):
    folder = hostile.folder_with_foreign_index(tmp_path / "mine")
    backup = tmp_path / "good.backup"
    with KnowledgeBase.open(tmp_path / "other") as kb:
        kb.backup(backup)
    before = tree(folder)
    argv = [a.format(seed=seed_path, backup=backup) for a in command]
    assert main([*argv, "--data-dir", str(folder)]) == 2
    assert tree(folder) == before


@pytest.mark.parametrize("name, is_folder", [("index", False), ("write.lock", True),
                                            ("zhiku.sqlite3", True)])
def test_something_else_where_a_file_or_folder_of_zhikus_goes_is_refused(tmp_path, name, is_folder):
    folder = tmp_path / "mine"
    (folder / "index" if is_folder else folder).mkdir(parents=True)
    target = folder / name
    if is_folder:
        target.mkdir(exist_ok=True)
        (target / "mine.txt").write_text("my things", "utf-8")
    else:
        target.write_text("my index of things", "utf-8")
    before = tree(folder)
    with pytest.raises(StoreError) as caught:
        KnowledgeBase.open(folder)
    assert "Zhiku will not use the folder" in caught.value.english and name in caught.value.english
    assert tree(folder) == before


def test_zhiku_marks_its_folders_with_the_knowledge_base_id(tmp_path):
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    current = json.loads((data_dir / "index" / "current.json").read_text("utf-8"))["dir"]
    marks = [marker(data_dir), marker(data_dir / "index"), marker(data_dir / "index" / current)]
    assert [m["role"] for m in marks] == ["data", "index", "build"]
    assert len({m["kb_id"] for m in marks}) == 1 and len(marks[0]["kb_id"]) == 32


def test_files_the_user_puts_into_zhikus_index_are_never_deleted(tmp_path):
    """Only marked build folders of this knowledge base and Zhiku's own temporary manifest
    files go; a folder named like a build but unmarked, another knowledge base's build and
    the user's *.tmp stay."""
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    index = data_dir / "index"
    (index / "notes").mkdir()
    (index / "notes" / "keep.txt").write_text("mine", "utf-8")
    (index / "draft.tmp").write_text("mine", "utf-8")
    (index / "b20200101000000-0badf00d").mkdir()  # named like a build, not marked
    other = index / "b20200101000000-0therkb0"
    other.mkdir()
    (other / MARKER_NAME).write_text(json.dumps({"role": "build", "kb_id": "someone-else"}), "utf-8")
    (index / ".current.json.123.tmp").write_text("{", "utf-8")  # a killed manifest write
    ours = index / "b20200101000000-5ca1ab1e"  # a stale build of this knowledge base
    ours.mkdir()
    (ours / MARKER_NAME).write_text((index / MARKER_NAME).read_text("utf-8").replace('"index"', '"build"'),
                                    "utf-8")
    with KnowledgeBase.open(data_dir) as kb:
        kb.reindex()
    names = {p.name for p in index.iterdir()}
    assert {"notes", "draft.tmp", "b20200101000000-0badf00d", "b20200101000000-0therkb0"} <= names
    assert (index / "notes" / "keep.txt").read_text("utf-8") == "mine"
    assert "b20200101000000-5ca1ab1e" not in names and ".current.json.123.tmp" not in names


def test_an_unmarked_folder_of_an_earlier_zhiku_is_adopted_and_marked(tmp_path):
    """Every current user's folder: no markers, a valid zhiku.sqlite3, an index whose
    builds are Whoosh's. It opens as before and is marked; its stale builds can go."""
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir) as kb:
        expected = kb.search("网格员").total
    index = data_dir / "index"
    current = json.loads((index / "current.json").read_text("utf-8"))["dir"]
    shutil.copytree(index / current, index / "b20200101000000-01d01d01")  # an old partial build
    strip_markers(data_dir)
    with KnowledgeBase.open(data_dir) as kb:
        assert kb.search("网格员").total == expected
        assert len(kb.documents()) == 1  # no second seeding, nothing rebuilt from scratch
    kb_id = marker(data_dir)["kb_id"]
    assert marker(index)["kb_id"] == kb_id and marker(index / current)["kb_id"] == kb_id
    assert sorted(p.name for p in index.iterdir() if p.is_dir()) == [current]


def test_an_earlier_folder_with_foreign_files_in_its_index_is_refused(tmp_path):
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    strip_markers(data_dir)
    (data_dir / "index" / "holiday.jpg").write_bytes(b"\xff\xd8")
    before = tree(data_dir)
    with pytest.raises(StoreError) as caught:
        KnowledgeBase.open(data_dir)
    assert "holiday.jpg" in caught.value.english
    assert tree(data_dir) == before


OS_METADATA = {".DS_Store": b"\0\0\0\1Bud1", "Thumbs.db": b"\xd0\xcf\x11\xe0", "desktop.ini": b"[.ShellClassInfo]\r\n",
               "._current.json": b"\0\5\26\7"}


def test_os_metadata_files_in_an_earlier_index_do_not_lock_the_user_out(tmp_path):
    """Finder, Explorer and macOS on a FAT disk leave .DS_Store, Thumbs.db, desktop.ini and
    ._* files in folders someone looked at. Before: an existing user's unmarked index/ with
    one of them was refused whole on upgrade. Now it is adopted; the files are never deleted."""
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir) as kb:
        expected = kb.search("网格员").total
    index = data_dir / "index"
    current = json.loads((index / "current.json").read_text("utf-8"))["dir"]
    strip_markers(data_dir)
    for name, data in OS_METADATA.items():
        (index / name).write_bytes(data)
    (index / current / ".DS_Store").write_bytes(OS_METADATA[".DS_Store"])
    with KnowledgeBase.open(data_dir) as kb:
        assert kb.search("网格员").total == expected
        kb.reindex()  # replaces the build: its old folder goes, the metadata beside it stays
    assert marker(index)["kb_id"] == marker(data_dir)["kb_id"]
    assert {name: (index / name).read_bytes() for name in OS_METADATA} == OS_METADATA


def test_a_folder_with_other_files_beside_zhikus_is_used(tmp_path):
    """Files of the user's where Zhiku puts nothing are fine (and left alone)."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "report.docx").write_bytes(b"PK")
    (folder / "photos").mkdir()
    with KnowledgeBase.open(folder) as kb:
        assert len(kb.documents()) == 1
    assert (folder / "report.docx").read_bytes() == b"PK" and (folder / "photos").is_dir()


def test_another_programs_database_named_zhiku_sqlite3_is_never_changed(tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    conn = sqlite3.connect(folder / "zhiku.sqlite3")
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三')")
    conn.commit()
    conn.close()
    before = tree(folder)
    with pytest.raises(StoreError) as caught:
        KnowledgeBase.open(folder)
    assert "不是知库的知识库文件" in caught.value.chinese and "not a Zhiku knowledge base" in caught.value.english
    assert tree(folder) == before


# -------------------------------------------------------- partial builds (item 14)

BUILD_RUNNER = (
    "import sys, time\n"
    "from desktop_app.core import search_index as si\n"
    "real = si._write_all\n"
    "def stalled(folder, rows, total, progress, merges=None):\n"
    "    real(folder, list(rows)[:3], total, None)\n"
    "    print('building', folder.name, flush=True)\n"
    "    time.sleep(600)\n"
    "si._write_all = stalled\n"
    "from desktop_app.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_a_killed_reindex_leaves_no_partial_build_behind(tmp_path):
    """Kill -9 during `reindex`, once its build folder holds segments. Before the fix the
    half-written index/b… folder stayed forever (the next opens found the index sound and
    never looked); now the next open removes it (it is marked as this index's build)."""
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir) as kb:
        expected = kb.search("网格员").total
    current = json.loads((data_dir / "index" / "current.json").read_text("utf-8"))["dir"]
    proc = subprocess.Popen([sys.executable, "-c", BUILD_RUNNER, "reindex", "--data-dir", str(data_dir)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline().split()
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert line[0] == "building"
    partial = data_dir / "index" / line[1]
    assert partial.is_dir() and any(partial.glob("*.toc"))
    assert main(["list", "--data-dir", str(data_dir)]) == 0
    assert sorted(p.name for p in (data_dir / "index").iterdir() if p.is_dir()) == [current]
    with KnowledgeBase.open(data_dir) as kb:
        assert kb.search("网格员").total == expected


def test_partial_builds_are_left_alone_while_another_process_writes(tmp_path):
    """A build folder that is not current may be a writer's build under way: opening
    removes stale builds only when it can take the write lock."""
    from desktop_app.core.write_lock import WriteLock

    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    index = data_dir / "index"
    building = index / "b20990101000000-0000beef"
    building.mkdir()
    (building / MARKER_NAME).write_text((index / MARKER_NAME).read_text("utf-8").replace('"index"', '"build"'),
                                        "utf-8")
    lock = WriteLock(data_dir / "write.lock")
    lock.acquire(1)
    try:
        KnowledgeBase.open(data_dir).close()
        assert building.is_dir()
    finally:
        lock.release()
    KnowledgeBase.open(data_dir).close()
    assert not building.exists()


# ---------------------------------------------------------- empty database (item 14)

def test_an_empty_database_file_is_refused_as_damaged(tmp_path, capsys):
    """Before the fix a zero-length zhiku.sqlite3 was taken as new: the seed was imported
    and the old index deleted. Now: the damage message with the restore advice, nothing
    touched, and restore sets the empty file aside."""
    data_dir = tmp_path / "kb"
    backup = tmp_path / "good.backup"
    with KnowledgeBase.open(data_dir) as kb:
        kb.delete_document(kb.documents()[0].id)
        kb.import_paths([hostile.releases(tmp_path / "src", 2)])
        kb.backup(backup)
    (data_dir / "zhiku.sqlite3").write_bytes(b"")
    before = tree(data_dir)
    assert main(["list", "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "知识库文件已损坏" in err and "zhiku restore" in err and "empty" in err
    assert tree(data_dir) == before  # no seed imported, the index kept
    assert main(["restore", str(backup), "--data-dir", str(data_dir)]) == 0
    kept = list(data_dir.glob("zhiku.sqlite3.damaged-*"))
    assert [p.stat().st_size for p in kept] == [0]
    with KnowledgeBase.open(data_dir) as kb:
        assert len(kb.documents()) == 2


def test_a_new_database_is_never_left_empty_or_half_made(tmp_path, monkeypatch):
    """The database is created under a temporary name and linked into place whole: a
    failure while creating it leaves no zhiku.sqlite3 (which would now read as damaged)."""
    from desktop_app.core import store

    def fail(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.Store, "_migrate", fail)
    with pytest.raises(StoreError):
        KnowledgeBase.open(tmp_path / "kb")
    assert [p.name for p in (tmp_path / "kb").iterdir()] == [MARKER_NAME]
    monkeypatch.undo()
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        assert len(kb.documents()) == 1


# ------------------------------------------------------- read-only folder (item 14)

def _read_only_runner():
    """How to run a command on a truly read-only folder: a read-only bind mount in a
    private mount namespace (root), or permissions (anyone else); None if neither works."""
    if os.geteuid() != 0:
        return lambda folder, argv: (os.system(f"chmod -R a-w {shlex.quote(str(folder))}"), argv)[1]
    if shutil.which("unshare") is None:
        return None
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind / / 2>/dev/null || exit 9; "
                            "mount -o remount,bind,ro / / 2>/dev/null || exit 9"], capture_output=True)
    if probe.returncode != 0:
        return None

    def in_namespace(folder, argv):
        mount = (f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(folder))} && "
                 f"mount -o remount,bind,ro {shlex.quote(str(folder))} && exec ")
        return ["unshare", "-m", "sh", "-c", mount + " ".join(shlex.quote(a) for a in argv)]
    return in_namespace


@pytest.mark.skipif(_read_only_runner() is None, reason="no way to make a read-only folder here")
def test_a_read_only_folder_is_read_and_backed_up_and_writes_are_refused(tmp_path):
    """Before the fix list, search and backup all exited 2 ("unable to open database file").
    Now they work and say the folder is read-only; a write is refused with that reason."""
    data_dir = tmp_path / "kb"
    with KnowledgeBase.open(data_dir) as kb:
        doc_id = kb.documents()[0].id
    runner = _read_only_runner()
    backup = tmp_path / "out" / "copy.backup"
    backup.parent.mkdir()
    results = {}
    for name, args in (("list", ["list", "--json"]), ("search", ["search", "网格员", "--json"]),
                       ("backup", ["backup", str(backup)]), ("delete", ["delete", str(doc_id)])):
        argv = runner(data_dir, [sys.executable, "-m", "desktop_app", *args, "--data-dir", str(data_dir)])
        done = subprocess.run(argv, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                              capture_output=True, text=True, timeout=120)
        results[name] = done
    assert [results[n].returncode for n in ("list", "search", "backup", "delete")] == [0, 0, 0, 2]
    assert len(json.loads(results["list"].stdout)) == 1
    assert json.loads(results["search"].stdout)["total"] == 2
    for done in results.values():
        assert "只读" in done.stderr and "read-only" in done.stderr and "Traceback" not in done.stderr
    assert "不能导入、删除" in results["delete"].stderr
    KnowledgeBase.restore_backup(backup, tmp_path / "restored")  # the backup is complete
    with KnowledgeBase.open(tmp_path / "restored", seed=False) as kb:
        assert len(kb.documents()) == 1


def test_a_read_only_knowledge_base_writes_nothing(tmp_path, monkeypatch):
    """In-process: read-only (as a folder Zhiku cannot write is opened) reads, searches and
    backs up without changing one byte of the folder; every write says why it is refused."""
    from desktop_app.core import data_folder
    from desktop_app.core.errors import ReadOnlyError

    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    before = visible_state(data_dir)
    monkeypatch.setattr(data_folder, "writable", lambda folder: False)
    with KnowledgeBase.open(data_dir) as kb:
        assert kb.read_only and "read-only" in kb.read_only_notice
        doc_id = kb.documents()[0].id
        assert kb.search("网格员").total == 2
        kb.backup(tmp_path / "copy.backup")
        for write in (lambda: kb.delete_document(doc_id), lambda: kb.reindex(),
                      lambda: kb.import_paths([str(hostile.SEED)]),
                      lambda: kb.set_properties(doc_id, title="x")):
            with pytest.raises(ReadOnlyError):
                write()
    with pytest.raises(ReadOnlyError):
        KnowledgeBase.restore_backup(tmp_path / "copy.backup", data_dir)
    assert visible_state(data_dir) == before


# ------------------------------------------------------ backup targets (item 14)

def test_backup_never_replaces_something_that_is_not_a_regular_file(tmp_path, capsys):
    """Before the fix `backup /dev/null` as root replaced the device with a regular file
    (and a FIFO likewise, for anyone). A FIFO and, as root, a character device like
    /dev/null (made in tmp_path, never the real one) are refused and left as they were."""
    data_dir = tmp_path / "kb"
    KnowledgeBase.open(data_dir).close()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    targets = [fifo]
    if os.geteuid() == 0:
        null = tmp_path / "null"
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        targets.append(null)
    for target in targets:
        kind = stat.S_IFMT(os.lstat(target).st_mode)
        assert main(["backup", str(target), "--data-dir", str(data_dir)]) == 2
        err = capsys.readouterr().err
        assert str(target) in err and "不是普通文件" in err and "not a regular file" in err
        assert stat.S_IFMT(os.lstat(target).st_mode) == kind


def test_restore_refuses_a_backup_that_is_not_a_regular_file(tmp_path, capsys):
    """A FIFO given as the backup would block the reader forever."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["restore", str(fifo), "--data-dir", str(tmp_path / "kb")]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_the_read_only_notice_names_the_folder_without_obeying_it(tmp_path, monkeypatch, capsys):
    """A folder name can hold escape sequences (ESC ]0;…BEL retitles the terminal, a newline
    fakes a line). Before: the read-only notice printed it raw."""
    from desktop_app.core import data_folder

    data_dir = tmp_path / "kb\x1b]0;owned\x07\nzhiku: fine"
    KnowledgeBase.open(data_dir).close()
    monkeypatch.setattr(data_folder, "writable", lambda folder: False)
    assert main(["list", "--data-dir", str(data_dir)]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert len(err.splitlines()) == 1 and "\\x1b]0;owned\\x07\\x0azhiku: fine" in err
