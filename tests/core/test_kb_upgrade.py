"""A knowledge base made by an older parser is upgraded in place when it is opened.

The fixture tests/data/kb_before_outline_e07ed9a.sqlite3 (124 KB) was made by Zhiku at
commit e07ed9a, before the outline and parser versions (schema 2): its CLI imported the seed
and ui_daqing-rural-economy-2014.txt, ui_affordable-housing-2011.txt and
structure_nested_areas.txt (bundle_other_release.txt was skipped as the same content), then
set_properties gave document 3 a title, year and issuer, document 2 a year and document 1 a
year (so its date is 2022-10-14).
"""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from desktop_app.cli import main
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.parser import PARSER_VERSION, parse_text
from desktop_app.core.store import DB_NAME

REPO = Path(__file__).resolve().parents[2]
OLD_KB = REPO / "tests" / "data" / "kb_before_outline_e07ed9a.sqlite3"
USER_COLUMNS = "id, title, user_title, user_year, user_issuer, date, text, source_path, imported_at, content_hash"
# Runs the CLI with one document per upgrade batch, each re-parse slowed by argv[1] seconds,
# so that a kill or a second writer lands in the middle of the upgrade.
SLOW_UPGRADE = """
import sys, time
from desktop_app.core import store, upgrade
upgrade.UPGRADE_BATCH = 1
delay, original = float(sys.argv[1]), store.Store.reparse_document
def slow(self, doc_id, doc):
    original(self, doc_id, doc)
    time.sleep(delay)
store.Store.reparse_document = slow
from desktop_app.cli import main
sys.exit(main(sys.argv[2:]))
"""


def old_folder(tmp_path: Path) -> Path:
    """A knowledge base folder holding a copy of the fixture made before the outline."""
    folder = tmp_path / "kb"
    folder.mkdir()
    shutil.copy(OLD_KB, folder / DB_NAME)
    return folder


def rows(folder: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(folder / DB_NAME)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def documents(folder: Path) -> list[tuple]:
    return rows(folder, f"SELECT {USER_COLUMNS} FROM documents ORDER BY id")


def parser_versions(folder: Path) -> list[int]:
    return [r[0] for r in rows(folder, "SELECT parser_version FROM documents ORDER BY id")]


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{DB_NAME}.before-upgrade-*"))


def assert_upgraded(folder: Path, before: list[tuple]) -> None:
    """Same documents with the user's fields; every one parsed by this parser, as the parser
    parses its text; search answers from a current index."""
    assert documents(folder) == before
    assert parser_versions(folder) == [PARSER_VERSION] * len(before)
    with KnowledgeBase.open(folder, seed=False) as kb:
        assert kb.parser_version == PARSER_VERSION
        assert kb._index_trusted()
        for doc in kb.documents():
            parsed = parse_text(kb.document_text(doc.id))
            assert [(s.kind, s.start, s.end, s.level) for s in doc.sections] == [
                (s.kind, s.start, s.end, s.level) for s in parsed.sections]
            assert doc.metric_count + doc.borderline_count == len(parsed.metrics)
        result = kb.search("网格员")
        assert result.total > 0
        ids = {s.id for d in kb.documents() for s in d.sections}
        assert {h.section_id for h in result.hits} <= ids


def test_opening_an_old_knowledge_base_upgrades_it_and_keeps_the_users_fields(tmp_path):
    folder = old_folder(tmp_path)
    before = rows(folder, f"SELECT {USER_COLUMNS} FROM documents ORDER BY id")
    assert [r[2:5] for r in before if r[2] or r[3]] == [
        (None, 2022, None), (None, 2015, None), ("用户改的标题：保障房开工", 2011, "用户填的发布机构")]
    old_sections = rows(folder, "SELECT max(id) FROM sections")[0][0]
    seen: list[tuple[int, int, str]] = []
    with KnowledgeBase.open(folder, seed=False,
                            upgrade_progress=lambda *step: seen.append(step)) as kb:
        assert kb.parser_version == PARSER_VERSION
        titles = [d.title for d in kb.documents()]
        assert "用户改的标题：保障房开工" in titles
        assert kb.document(1).date == "2022-10-14"
        # section ids change: the re-parsed sections are new rows
        assert min(s.id for d in kb.documents() for s in d.sections) > old_sections
    assert seen[0][:2] == (0, 4) and seen[-1][:2] == (4, 4)
    assert Path(seen[0][2]) == backups(folder)[0]
    assert_upgraded(folder, before)
    [backup] = backups(folder)
    conn = sqlite3.connect(backup)
    try:  # the backup is the knowledge base as it was before the upgrade (in today's schema)
        assert {r[0] for r in conn.execute("SELECT parser_version FROM documents")} == {0}
        assert conn.execute(f"SELECT {USER_COLUMNS} FROM documents ORDER BY id").fetchall() == before
    finally:
        conn.close()
    assert rows(folder, "SELECT value FROM meta WHERE key = 'parser_version'") == [(str(PARSER_VERSION),)]
    assert rows(folder, "SELECT count(*) FROM meta WHERE key = 'upgrade_backup'") == [(0,)]


def test_an_upgraded_knowledge_base_is_not_upgraded_again(tmp_path):
    folder = old_folder(tmp_path)
    KnowledgeBase.open(folder, seed=False).close()
    generation = rows(folder, "SELECT value FROM meta WHERE key = 'generation'")
    seen: list[tuple] = []
    KnowledgeBase.open(folder, seed=False, upgrade_progress=lambda *step: seen.append(step)).close()
    assert seen == []
    assert rows(folder, "SELECT value FROM meta WHERE key = 'generation'") == generation
    assert len(backups(folder)) == 1


def test_a_new_knowledge_base_records_the_parser_version(tmp_path):
    with KnowledgeBase.open(tmp_path / "new") as kb:
        assert kb.parser_version == PARSER_VERSION
    assert set(parser_versions(tmp_path / "new")) == {PARSER_VERSION}
    assert backups(tmp_path / "new") == []


def test_restoring_a_backup_of_an_older_parser_upgrades_it(tmp_path):
    folder = old_folder(tmp_path)
    before = documents(folder)
    KnowledgeBase.open(folder, seed=False).close()
    [backup] = backups(folder)
    shutil.move(backup, tmp_path / "old-backup.sqlite3")
    KnowledgeBase.restore_backup(tmp_path / "old-backup.sqlite3", folder)
    assert_upgraded(folder, before)


def test_the_cli_prints_a_progress_line_while_it_upgrades(tmp_path, capsys):
    folder = old_folder(tmp_path)
    assert main(["--data-dir", str(folder), "--no-seed", "list"]) == 0
    out, err = capsys.readouterr()
    assert "upgrading the knowledge base" in err
    assert "0/4  备份 backup: " in err and f"{DB_NAME}.before-upgrade-" in err
    assert err.rstrip().endswith("4/4")
    assert "用户改的标题：保障房开工" in out
    assert main(["--data-dir", str(folder), "--no-seed", "list"]) == 0
    assert "upgrading" not in capsys.readouterr().err


def start_slow_upgrade(folder: Path, delay: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_UPGRADE, str(delay), "--data-dir", str(folder), "--no-seed", "list"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for_line(process: subprocess.Popen, ending: str) -> None:
    """Read the process's stderr until a progress line ends with `ending`."""
    deadline = time.monotonic() + 60
    assert process.stderr is not None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            raise AssertionError(f"the upgrade ended before {ending!r} (exit {process.wait()})")
        if line.rstrip().endswith(ending):
            return
    raise AssertionError(f"no progress line ending with {ending!r}")


def test_an_upgrade_killed_half_way_is_finished_at_the_next_open(tmp_path):
    folder = old_folder(tmp_path)
    before = documents(folder)
    process = start_slow_upgrade(folder, delay=5.0)
    try:
        wait_for_line(process, "1/4")  # one batch committed; the next one is being parsed
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()
    # half-way, and known to be: one document re-parsed, three still the old parser's
    assert sorted(parser_versions(folder)) == [0, 0, 0, PARSER_VERSION]
    assert rows(folder, "SELECT count(*) FROM meta WHERE key = 'parser_version'") == [(0,)]
    assert documents(folder) == before
    [backup] = backups(folder)
    with KnowledgeBase.open(folder, seed=False) as kb:  # finishes the upgrade
        assert kb.parser_version == PARSER_VERSION
    assert backups(folder) == [backup]  # the backup written before anything changed is kept
    assert_upgraded(folder, before)


def test_a_second_writer_during_the_upgrade_is_busy(tmp_path):
    folder = old_folder(tmp_path)
    process = start_slow_upgrade(folder, delay=3.0)
    try:
        wait_for_line(process, "1/4")
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        writer = subprocess.run(
            [sys.executable, "-m", "desktop_app", "--data-dir", str(folder), "--no-seed", "import",
             str(REPO / "tests" / "data" / "structure_outlook.txt")],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        assert writer.returncode == 3, writer.stderr
        assert "busy" in writer.stderr
        assert "upgrading" not in writer.stderr  # it does not upgrade beside the other process
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()
