"""The log: every catch-all of the core that used to fail silently writes its
traceback to <data folder>/logs/zhiku.log, one private rotated file for the CLI and the
window; no document text beyond a title reaches it; -v shows INFO on stderr; a folder that
is not Zhiku's, or is read-only, gets no log and the command still works.

Each test provokes one catch-all and reads the log file back. Hostile inputs come from
tests/hostile/logs.py (secret releases, a crashing parser, unseen index damage)."""
from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core import data_folder, formats, import_files, index_folder, logs, rotating_log
from desktop_app.core import kb as kb_module
from desktop_app.core import search_index as si
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.paths import MARKER_NAME
from desktop_app.core.write_lock import WriteLock
from tests.hostile import index as hostile_index
from tests.hostile import logs as hostile

REPO = Path(__file__).resolve().parents[2]
_RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", re.MULTILINE)


def log_text(data_dir: Path) -> str:
    """The knowledge base's log, "" when none was written."""
    path = data_dir / logs.LOGS_DIR / logs.LOG_NAME
    return path.read_text(encoding="utf-8") if path.exists() else ""


def record(data_dir: Path, message: str) -> str:
    """The whole log record (its line and its traceback) whose first line holds `message`."""
    text = log_text(data_dir)
    starts = [m.start() for m in _RECORD_START.finditer(text)] + [len(text)]
    found = [text[a:b] for a, b in zip(starts, starts[1:], strict=False) if message in text[a:b].splitlines()[0]]
    assert found, f"no record with {message!r} in the log:\n{text}"
    return found[0]


def assert_traceback(entry: str, *frames: str) -> None:
    """`entry` holds a traceback passing through each function named in `frames`."""
    assert "Traceback (most recent call last):" in entry
    for frame in frames:
        assert f", in {frame}\n" in entry, f"no frame {frame} in:\n{entry}"


def assert_no_document_text(data_dir: Path, log: str) -> None:
    """No sentence of any stored document (its title excepted) is in `log`."""
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        docs = [(doc.title, kb.document_text(doc.id)) for doc in kb.documents()]
    assert docs
    for title, text in docs:
        for piece in re.split(r"[\n。；，：]", text):
            piece = piece.strip()
            if len(piece) >= 6 and piece not in title:
                assert piece not in log


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A seeded knowledge base, its log set up (empty: nothing happened yet)."""
    folder = tmp_path / "kb"
    KnowledgeBase.open(folder).close()
    logs.setup(folder)
    return folder


# ------------------------------------------------------------------ parser crashes

def test_a_parser_crash_is_logged_with_its_traceback_and_without_the_text(data_dir, tmp_path, monkeypatch):
    """Before: the traceback was thrown away; the file was refused with a one-line reason."""
    monkeypatch.setattr(formats, "load_release", hostile.crash_quoting_the_text)
    release = hostile.secret_release(tmp_path)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        report = kb.import_paths([release])
    assert report.refused and hostile.SECRET in report.refused[0][1]  # the user is told why
    entry = record(data_dir, "The parser failed on secret.txt")
    assert_traceback(entry, "parse_one", "crash_quoting_the_text")
    assert f"ValueError: {logs.WITHHELD}" in entry
    assert hostile.SECRET not in log_text(data_dir)


def test_a_parser_crash_in_a_worker_process_reaches_the_parents_log(data_dir, tmp_path):
    """A real `zhiku import` whose parse worker process crashes on every file: each crash's
    traceback travels back with the results and the parent writes it to the log."""
    folder = hostile.secret_releases(tmp_path / "in", 4)
    pids = tmp_path / "pids.txt"
    script = hostile.crashing_cli(tmp_path / "driver")
    process = subprocess.Popen(
        [sys.executable, str(script), "import", str(folder), "--data-dir", str(data_dir)],
        cwd=REPO, env={**os.environ, hostile.PID_FILE_ENV: str(pids)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, err  # every file refused
    crashed_in = set(pids.read_text().split())
    assert crashed_in and str(process.pid) not in crashed_in  # they crashed in a worker
    for number in range(4):
        entry = record(data_dir, f"The parser failed on secret-{number:02}.txt (in a worker process)")
        assert_traceback(entry, "parse_one", "crash", "crash_quoting_the_text")
    assert hostile.SECRET not in log_text(data_dir) and "Traceback" not in err


def test_workers_that_fail_are_logged_and_the_files_parsed_here(data_dir, tmp_path, monkeypatch, seed_path):
    """Before: `except (BrokenProcessPool, ...): pass`, nothing said the workers died."""

    class DeadPool:
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, fn, *args):
            raise BrokenProcessPool("a worker died")

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    monkeypatch.setattr(import_files, "worker_count", lambda: 1)
    monkeypatch.setattr(import_files, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(import_files, "ProcessPoolExecutor", DeadPool)
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(2):
        text = seed_path.read_text(encoding="utf-8").replace("7600", str(7000 + number))
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert len(kb.import_paths([folder]).imported) == 2
    entry = record(data_dir, "Parse worker processes failed; the remaining 2 files")
    assert_traceback(entry, "_parse_in_workers", "submit")
    assert "BrokenProcessPool: " in entry


# ------------------------------------------------------------------ the search index

def test_an_index_that_cannot_be_opened_is_logged_then_rebuilt(data_dir):
    """Before: search_index caught every exception of opening the index and said nothing."""
    hostile.garble_toc_unseen(data_dir)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb.search("网格员").total == 2
    assert_traceback(record(data_dir, "The search index in"), "_open", "open_dir")
    assert "cannot be opened" in record(data_dir, "The search index in")
    assert record(data_dir, "Rebuilt the search index")
    assert_no_document_text(data_dir, log_text(data_dir))


def test_a_damaged_index_file_is_logged_by_name(data_dir):
    damaged = hostile_index.garble_postings(data_dir)
    KnowledgeBase.open(data_dir, seed=False).close()
    assert f"The search index file {damaged.name} in" in log_text(data_dir)


@pytest.mark.parametrize("lock", ["busy", "cannot lock"])
def test_an_unusable_index_is_logged_and_search_goes_on_from_the_texts(data_dir, monkeypatch, lock):
    """Damage the checks cannot see (garbled stored fields recorded as checked), and the
    index cannot be repaired (another process writes, or the lock cannot be taken): search
    answers from the texts. Before: `except Exception` in kb.py, nothing logged."""
    monkeypatch.setattr(index_folder, "RACY_NS", -1)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.warm_up()
        kb._index.close()
        hostile.garble_stored_unseen(data_dir)
        if lock == "busy":
            other = WriteLock(data_dir / kb_module.LOCK_NAME)
            other.acquire(0)
        else:
            def refuse(timeout):
                raise PermissionError(13, "Permission denied", str(data_dir / kb_module.LOCK_NAME))
            monkeypatch.setattr(kb._write_lock, "acquire", refuse)
        try:
            result = kb.search("网格员")
        finally:
            if lock == "busy":
                other.release()
        assert result.total == 2 and "unavailable" in result.hint
    assert_traceback(record(data_dir, "The search index failed to answer a search"), "_word_hits", "word_hits")
    if lock == "busy":
        assert record(data_dir, "The search index needs repair; not now")
    else:
        entry = record(data_dir, "The search index needs repair but")
        assert_traceback(entry, "_repair_index", "refuse")
        assert "PermissionError: [Errno 13] Permission denied" in entry
    assert record(data_dir, "is unusable; searching the texts")
    assert_no_document_text(data_dir, log_text(data_dir))


def test_a_failing_check_of_the_index_is_logged(data_dir, monkeypatch):
    """verify's catch-all for anything else than an index that cannot be opened."""
    def broken(self):
        raise RuntimeError("a bug")
    monkeypatch.setattr(si.SearchIndex, "_open", broken)
    assert si.SearchIndex(data_dir / "index").verify() is False
    assert_traceback(record(data_dir, "failed its check; it will be rebuilt"), "verify", "broken")


# ------------------------------------------------------------------ index writes

def _no_space(*args, **kwargs):
    raise OSError(28, "No space left on device")


def test_index_writes_that_give_up_are_logged(data_dir, seed_path, tmp_path, monkeypatch):
    """The incremental update fails (any error) and so does the rebuild (disk full): the
    import succeeds with index_warning. Before: `except Exception: pass`, then _index_failed
    kept only a message for the user."""
    monkeypatch.setattr(si.SearchIndex, "update", _no_space)
    monkeypatch.setattr(si.SearchIndex, "build", _no_space)
    other = tmp_path / "other.txt"
    other.write_text(seed_path.read_text(encoding="utf-8").replace("7600", "7601"), encoding="utf-8")
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb.import_paths([other]).imported
        assert kb.index_warning
    update = record(data_dir, "Updating the search index failed; rebuilding it")
    assert_traceback(update, "_sync_index", "_no_space")
    given_up = record(data_dir, "The search index could not be written")
    assert_traceback(given_up, "_index_write", "_rebuild", "_no_space")
    assert "OSError: [Errno 28] No space left on device" in given_up
    assert record(data_dir, "Imported 1 files")
    assert_no_document_text(data_dir, log_text(data_dir))


def test_an_index_that_cannot_be_rebuilt_at_open_is_logged(data_dir, monkeypatch):
    hostile_index.remove_segment_file(data_dir)
    monkeypatch.setattr(si.SearchIndex, "build", _no_space)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        assert kb.index_warning and kb.search("网格员").total == 2
    assert_traceback(record(data_dir, "The search index could not be written"), "_ensure_index", "_no_space")


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"),
                                   si.StoreIndexError("the search index file x.pst is damaged")])
def test_compacting_that_fails_is_logged(data_dir, monkeypatch, error):
    def fail(self, *args, **kwargs):
        raise error
    monkeypatch.setattr(si.SearchIndex, "compact", fail)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.compact_index()
    message = ("Compacting the search index failed" if isinstance(error, OSError)
               else "The search index is damaged; rebuilding it instead of compacting")
    assert_traceback(record(data_dir, message), "compact_index", "fail")


# ------------------------------------------------------------------ the log file itself

def test_the_log_is_private_and_rotated(data_dir, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    logs.setup(data_dir)  # a new file handler, with the small size
    for number in range(200):
        logging.getLogger("desktop_app.core.test").info("line %d %s", number, "x" * 40)
    folder = data_dir / logs.LOGS_DIR
    names = sorted(p.name for p in folder.iterdir())
    assert names == [MARKER_NAME, "zhiku.log", "zhiku.log.1", "zhiku.log.2"]  # two backups at most
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in names[1:]:
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
        assert (folder / name).stat().st_size <= 2000
    assert "line 199" in log_text(data_dir)


def test_no_log_is_written_before_the_folder_is_zhikus(tmp_path):
    """A new folder gets its log once it was claimed; a folder refused as someone else's
    (a foreign index/) never gets one."""
    logger = logging.getLogger("desktop_app.core.test")
    new, foreign = tmp_path / "new", tmp_path / "foreign"
    (foreign / "index").mkdir(parents=True)
    (foreign / "index" / "holiday.jpg").write_bytes(b"\xff\xd8")
    for folder in (new, foreign):
        logs.setup(folder)
        logger.error("before the folder is claimed")
        assert not (folder / logs.LOGS_DIR).exists() and logs.log_file() is None
    assert cli.main(["list", "--data-dir", str(foreign)]) == 2  # refused
    assert not (foreign / logs.LOGS_DIR).exists()
    data_folder.claim(new)
    logs.setup(new)
    logger.error("after")
    assert logs.log_file() == new / "logs" / "zhiku.log" and "after" in log_text(new)


@pytest.mark.parametrize("kind", ["foreign files", "a file", "a link"])
def test_a_logs_entry_that_is_not_zhikus_is_never_written(data_dir, tmp_path, kind):
    logs_dir = data_dir / logs.LOGS_DIR
    if kind == "foreign files":
        logs_dir.mkdir()
        (logs_dir / "notes.txt").write_text("mine", encoding="utf-8")
    elif kind == "a file":
        logs_dir.write_text("mine", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        logs_dir.symlink_to(tmp_path / "elsewhere")
    logging.getLogger("desktop_app.core.test").error("something")
    assert logs.log_file() is None
    assert not (tmp_path / "elsewhere" / logs.LOG_NAME).exists()
    if kind == "foreign files":
        assert sorted(p.name for p in logs_dir.iterdir()) == ["notes.txt"]


class _FullDisk:
    def write(self, text):
        raise OSError(28, "No space left on device")

    def flush(self):
        pass

    def close(self):
        pass


def test_a_log_that_cannot_be_written_never_fails_the_command(data_dir, monkeypatch, capsys):
    logger = logging.getLogger("desktop_app.core.test")
    logger.error("written")
    handler = next(h for h in logging.getLogger("desktop_app").handlers if isinstance(h, logs.DataFolderLog))
    handler._file.stream.close()
    handler._file.stream = _FullDisk()  # the disk fills up
    logger.error("lost")
    assert logs.log_file() is None and "written" in log_text(data_dir)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(rotating_log.PrivateRotatingFile, "_open", full)  # cannot even be opened
    assert cli.main(["reindex", "--data-dir", str(data_dir)]) == 0
    assert logs.log_file() is None
    assert "Logging error" not in capsys.readouterr().err


def test_control_characters_in_file_names_are_shown_not_obeyed(data_dir):
    logging.getLogger("desktop_app.core.test").warning("refused %s", "\x1b]0;owned\x07x\u202e.txt")
    assert "refused \\x1b]0;owned\\x07x\\u202e.txt" in log_text(data_dir)


# ------------------------------------------------------------------ the CLI

def test_an_unexpected_cli_error_writes_its_traceback_to_the_log(data_dir, monkeypatch, capsys):
    """Before: a new zhiku-error-*.log in the temporary folder for each error."""
    monkeypatch.setitem(cli.HANDLERS, "list", "json:loads")  # a bug in a subcommand
    monkeypatch.delenv("ZHIKU_DEBUG", raising=False)
    assert cli.main(["list", "--data-dir", str(data_dir)]) == cli.UNEXPECTED_ERROR_EXIT
    err = capsys.readouterr().err
    assert f"({data_dir / 'logs' / 'zhiku.log'})" in err and "Traceback" not in err
    assert_traceback(record(data_dir, "Unexpected error"), "main", "loads")


@pytest.mark.parametrize("argv", [["-v", "reindex"], ["reindex", "-v"], ["reindex", "--verbose"]])
def test_verbose_shows_info_on_stderr(data_dir, capsys, argv):
    assert cli.main([*argv, "--data-dir", str(data_dir)]) == 0
    err = capsys.readouterr().err
    assert "zhiku: INFO desktop_app.core.kb: Rebuilt the search index" in err
    assert record(data_dir, "Rebuilt the search index")


def test_without_verbose_stderr_stays_quiet(data_dir, capsys):
    assert cli.main(["reindex", "--data-dir", str(data_dir)]) == 0
    assert "INFO" not in capsys.readouterr().err
    assert record(data_dir, "Rebuilt the search index")  # the log has it


def test_a_read_only_folder_runs_list_without_a_log(tmp_path):
    """A truly read-only folder (a read-only mount as root, permissions otherwise): `list`
    works, -v shows that a record was made, and no log file appears."""
    from tests.core.test_kb_folder import _read_only_runner

    runner = _read_only_runner()
    if runner is None:
        pytest.skip("no way to make a read-only folder here")
    folder = tmp_path / "kb"
    KnowledgeBase.open(folder).close()
    argv = runner(folder, [sys.executable, "-m", "desktop_app", "list", "-v", "--data-dir", str(folder)])
    done = subprocess.run(argv, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Opened" in done.stderr and "read-only" in done.stderr and "Traceback" not in done.stderr
    assert not (folder / logs.LOGS_DIR).exists()


def test_a_read_only_knowledge_base_gets_no_log(data_dir, monkeypatch, capsys):
    """In-process (as a folder Zhiku cannot write is opened)."""
    monkeypatch.setattr(data_folder, "writable", lambda folder: False)
    assert cli.main(["list", "-v", "--data-dir", str(data_dir)]) == 0
    assert "read-only" in capsys.readouterr().err
    assert not (data_dir / logs.LOGS_DIR).exists()


def test_traceback_text_keeps_the_chain_and_only_safe_messages():
    try:
        try:
            raise OSError(2, "No such file or directory", "a.txt")
        except OSError as error:
            raise KeyError("正文里的词") from error
    except KeyError as error:
        text = logs.traceback_text(error)
    assert "FileNotFoundError: [Errno 2] No such file or directory: 'a.txt'" in text
    assert "direct cause" in text and f"KeyError: {logs.WITHHELD}" in text
    assert text.count("Traceback (most recent call last):") == 2
    assert "KeyError(\"正文里的词\")" in text  # the source line (code) stays ...
    assert "KeyError: '正文里的词'" not in text  # ... the message does not


def test_a_folder_with_a_log_is_still_claimed_as_zhikus(tmp_path):
    """`logs/` is no place claim checks: a folder with or without its log is Zhiku's."""
    folder = tmp_path / "kb"
    KnowledgeBase.open(folder).close()
    logs.setup(folder)
    logging.getLogger("desktop_app.core.test").error("x")
    assert (folder / logs.LOGS_DIR).is_dir()
    assert data_folder.claim(folder).read_only is False
    shutil.rmtree(folder / logs.LOGS_DIR)
    assert data_folder.claim(folder).read_only is False
