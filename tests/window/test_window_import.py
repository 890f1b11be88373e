"""Import in a real X window, as a person does it: keys, the folder dialog, the summary.

Offscreen runs missed a crash that a real window showed (the import summary opened on the
worker's thread). Run with `make test-window` (Xvfb + xdotool); not part of `make test`.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.window.xsession import REPO, App, XServer, missing_tools

pytestmark = pytest.mark.window

DATA = REPO / "tests" / "data"
# What Qt prints when a widget is touched from a worker thread, or the process dies.
ALARMS = re.compile(r"QObject::|different thread|QWidget|QPixmap|Traceback|Segmentation|Fatal Python error|Aborted")


@pytest.fixture(scope="module")
def xserver():
    missing = missing_tools()
    if missing:
        pytest.fail(f"the window tests need {', '.join(missing)}: run scripts/ensure-system-libs.sh window-test")
    server = XServer()
    yield server
    server.stop()


def mixed_folder(tmp_path: Path) -> Path:
    """A folder as staff have them: a release, a readme, an empty file, a picture."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(DATA / "structure_closing.txt", folder / "release.txt")
    shutil.copy(REPO / "README.md", folder / "README.txt")
    (folder / "empty.txt").write_bytes(b"")
    shutil.copy(REPO / "resources" / "icons" / "zhiku-256.png", folder / "picture.png")
    return folder


def import_folder(app: App, main: str, folder: Path, *, show_details: bool = False) -> None:
    """Ctrl+Shift+O, type the folder into the dialog, Enter; then close the summary."""
    dialog = app.wait_window("^导入文件夹$", timeout=60, action=lambda: app.key(main, "ctrl+shift+o"))
    app.type(dialog, str(folder))
    app.key(dialog, "Return")
    summary = app.wait_window("^导入完成$", timeout=90)
    if show_details:
        height = window_height(app, summary)
        app.key(summary, "Tab", "space")  # 显示详情…
        app.wait_until(lambda: window_height(app, summary) > height, "the details did not open")
        app.key(summary, "space")  # 隐藏详情…
        app.wait_until(lambda: window_height(app, summary) == height, "the details did not close")
        app.key(summary, "Escape")
    else:
        app.key(summary, "Return")
    app.wait_gone("^导入完成$")


def window_height(app: App, window: str) -> int:
    geometry = app.xdotool("getwindowgeometry", "--shell", window)
    return int(re.search(r"HEIGHT=(\d+)", geometry).group(1))


def documents_in(data_dir: Path) -> list[str]:
    """The file names of the documents a knowledge base holds (read by the CLI)."""
    out = subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "--json", "list"],
                         cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120, check=True)
    import json

    return sorted(doc["file"] for doc in json.loads(out.stdout))



def save_pdf(app, dialog, pdf: Path) -> None:
    """Type `pdf` into the export dialog, save, and wait for the file."""
    app.key(dialog, "ctrl+a")
    app.type(dialog, str(pdf))
    app.key(dialog, "Return")
    app.wait_until(lambda: pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), "no PDF written", 60)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout

def test_importing_three_folders_from_the_window(xserver, tmp_path):
    folders = [DATA / "synthetic", DATA / "corpus", mixed_folder(tmp_path)]
    data_dir = tmp_path / "kb"
    app = App(xserver, data_dir, tmp_path)
    with app.running(ALARMS):
        main = app.wait_window("^知库", timeout=60)
        import_folder(app, main, folders[0])
        import_folder(app, main, folders[1])
        import_folder(app, main, folders[2], show_details=True)

    expected = tmp_path / "expected"  # the same folders imported by the CLI
    subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(expected), "import",
                    *map(str, folders)], cwd=REPO, capture_output=True, timeout=300, check=False)
    held = documents_in(data_dir)
    # The readmes (corpus/README.md, mixed/README.txt) do not look like releases: the CLI
    # imports them with a warning, the window held them back and its summary was closed
    # without “Import Anyway”
    readmes = {"README.md", "README.txt"}
    assert not readmes & set(held)
    assert held == [name for name in documents_in(expected) if name not in readmes]
    every_release = {p.name for folder in folders[:2] for p in folder.glob("*.txt")} | {"release.txt"}
    assert every_release <= set(held)


def menu(app: App, main: str, key: str, title: str, timeout: float = 30) -> str:
    """Alt+F, then the item's mnemonic; returns the dialog that opens. While the knowledge
    base is still opening, a print or export says so (仍在加载): close that and try again,
    as a user would."""
    def choose() -> None:
        loading = app.windows("^仍在加载$")
        if loading:
            app.key(loading[-1], "Return")
        else:
            app.key(main, "alt+f", key)
    return app.wait_window(f"^{title}$", timeout=timeout, action=choose)


def import_files(app: App, main: str, files: list[Path]) -> None:
    """Ctrl+O; in the dialog, go to the folder, then name the files ("a" "b" …); Enter."""
    dialog = app.wait_window("^导入文件$", timeout=60, action=lambda: app.key(main, "ctrl+o"))
    app.type(dialog, str(files[0].parent))
    app.key(dialog, "Return")
    app.type(dialog, " ".join(f'"{f.name}"' for f in files))
    app.key(dialog, "Return")
    app.key(app.wait_window("^导入完成$", timeout=90), "Return")
    app.wait_gone("^导入完成$")


def test_import_files_back_up_delete_restore_and_export_from_the_window(xserver, tmp_path):
    """The other long-running actions: files through Ctrl+O, then the File menu's back up,
    delete, restore and export PDF, each through its dialogs."""
    data_dir = tmp_path / "kb"
    files = sorted((DATA / "corpus").glob("*.txt"))
    backup, pdf = tmp_path / "backup.sqlite", tmp_path / "summary.pdf"
    app = App(xserver, data_dir, tmp_path)
    with app.running(ALARMS):
        main = app.wait_window("^知库", timeout=60)
        import_files(app, main, files)
        before = documents_in(data_dir)
        assert {f.name for f in files} <= set(before) and len(before) == len(files) + 1  # and the seed
        dialog = menu(app, main, "b", "备份知识库")
        app.key(dialog, "ctrl+a")
        app.type(dialog, str(backup))
        app.key(dialog, "Return")
        app.key(app.wait_window("^备份$", timeout=60), "Return")
        assert backup.stat().st_size > 0

        confirm = menu(app, main, "d", "删除文档")
        app.key(confirm, "shift+Tab", "space")  # 删除 (取消 is the default)
        app.wait_until(lambda: len(documents_in(data_dir)) == len(before) - 1, "the document was not deleted", 60)

        dialog = menu(app, main, "r", "从备份恢复")
        app.type(dialog, str(backup))
        app.key(dialog, "Return")
        app.wait_until(lambda: app.windows("^从备份恢复$") and app.windows("^从备份恢复$") != [dialog],
                       "no confirmation for the restore")
        app.key(app.windows("^从备份恢复$")[-1], "shift+Tab", "space")  # 恢复
        app.wait_until(lambda: documents_in(data_dir) == before, "the backup was not restored", 60)
        app.key(app.wait_window("^从备份恢复$", timeout=60), "Return")  # 已从备份恢复：N 篇文档

        dialog = menu(app, main, "e", "导出 PDF")
        save_pdf(app, dialog, pdf)
    assert documents_in(data_dir) == before


def test_sigterm_during_an_import_stops_it_and_exits(xserver, tmp_path):
    """A logout sends SIGTERM: the import stops at its next file, what it committed stays,
    and Zhiku exits 0 without a dialog (before: a "please wait" box, then the import's
    summary, and the process lived on)."""
    folder = tmp_path / "many"
    folder.mkdir()
    releases = sorted((DATA / "synthetic").glob("*.txt"))
    for copy in range(30):  # distinct texts, so every file is written, not skipped
        for release in releases:
            text = release.read_text(encoding="utf-8")
            (folder / f"{copy:02d}_{release.name}").write_text(f"{text}\n（第{copy}份）\n", encoding="utf-8")
    total = 30 * len(releases)
    data_dir = tmp_path / "kb"
    app = App(xserver, data_dir, tmp_path)
    with app.running(ALARMS):
        main = app.wait_window("^知库", timeout=60)
        dialog = app.wait_window("^导入文件夹$", timeout=60, action=lambda: app.key(main, "ctrl+shift+o"))
        app.type(dialog, str(folder))
        app.key(dialog, "Return")
        app.wait_until(lambda: len(documents_in(data_dir)) > 1, "the import did not start", 60)
    held = len(documents_in(data_dir))
    assert 1 < held < total + 1, "the import stopped part-way, keeping what it had committed"


def test_the_window_upgrades_an_old_knowledge_base_then_exports_its_outline(xserver, tmp_path):
    """A knowledge base made before the two-level outline (committed fixture) is opened in
    the window: it upgrades while the window is up, keeps the user's title, and its
    summary PDF, exported through the File menu, nests the items under their area."""
    import sqlite3

    from desktop_app.core.parser import PARSER_VERSION

    data_dir = tmp_path / "kb"
    data_dir.mkdir()
    database = data_dir / "zhiku.sqlite3"
    shutil.copy(DATA / "kb_before_outline_e07ed9a.sqlite3", database)
    pdf = tmp_path / "outline.pdf"

    def upgraded() -> bool:
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
                versions = {v for (v,) in conn.execute("SELECT parser_version FROM documents")}
        except sqlite3.OperationalError:  # not migrated yet, or being written
            return False
        return versions == {PARSER_VERSION}

    app = App(xserver, data_dir, tmp_path)
    with app.running(ALARMS):
        main = app.wait_window("^知库", timeout=60)
        app.wait_until(upgraded, "the knowledge base was not upgraded", 90)
        dialog = menu(app, main, "e", "导出 PDF", timeout=90)  # once the index is rebuilt
        save_pdf(app, dialog, pdf)
    with sqlite3.connect(database) as conn:
        assert ("用户改的标题：保障房开工",) in conn.execute("SELECT user_title FROM documents").fetchall()
        assert conn.execute("SELECT count(*) FROM sections WHERE level = 2").fetchone()[0] > 0
    assert list(data_dir.glob("zhiku.sqlite3.before-upgrade-*"))
    assert pdf.stat().st_size > 1000


def test_comparing_an_indicator_and_exporting_the_comparison_from_the_window(xserver, tmp_path):
    """The compare dock asks the knowledge base on a worker thread: opened with
    Ctrl+Shift+I, an indicator pasted and chosen with Enter, then its PDF exported with the
    dock's own button (Tab from the picker: copy, print, export)."""
    data_dir = tmp_path / "kb"
    pdf = tmp_path / "compare.pdf"
    app = App(xserver, data_dir, tmp_path)

    def compare_and_export() -> None:
        app.key(main, "ctrl+shift+i", "ctrl+a")  # the picker, focused, its text selected
        app.type(main, "刑事案件")
        app.key(main, "Return")
        time.sleep(1.5)  # the look-up, on its worker
        app.key(main, "Tab", "Tab", "Tab", "space")  # copy, print, 导出 PDF…

    with app.running(ALARMS):
        main = app.wait_window("^知库", timeout=60)
        dialog = app.wait_window("^导出 PDF$", timeout=90, action=compare_and_export)
        save_pdf(app, dialog, pdf)
    text = pdf_text(pdf)
    assert "刑事案件" in text and "3237" in text, text[:2000]


def test_a_release_imported_by_the_cli_shows_in_the_open_window(xserver, tmp_path):
    """The window follows its data folder: `zhiku import` run beside it, the window notices
    (its log says so), and the new release — dated, so it sorts first — is the first row of
    the contents: Ctrl+1, Home shows it, and its exported PDF names it. Before: the window
    kept its list of one release until restarted (Home showed the seed)."""
    data_dir = tmp_path / "kb"
    release = tmp_path / "网格化.txt"
    title = "全市网格化服务管理新闻发布会"
    release.write_text(f"{title}\n2019年10月14日\n市委政法委召开新闻发布会，介绍有关情况。\n"
                       "一、主要成效\n全市共配备专职网格员1200名，化解矛盾纠纷3万余件。\n", encoding="utf-8")
    pdf = tmp_path / "new.pdf"
    log = data_dir / "logs" / "zhiku.log"
    app = App(xserver, data_dir, tmp_path)
    with app.running(ALARMS):
        main = app.wait_window("^知库", timeout=60)
        app.wait_until(lambda: len(documents_in(data_dir)) == 1, "the seed was not imported", 60)
        noticed = "Another process changed the knowledge base (releases: 1 added"

        def notices() -> int:
            return log.read_text(encoding="utf-8", errors="replace").count(noticed) if log.is_file() else 0
        # The seed, imported by the window's own service on another connection, may count as
        # one such change: let the window's once-a-second look see it first.
        time.sleep(2.5)
        before = notices()
        subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "import", str(release)],
                       cwd=REPO, capture_output=True, timeout=120, check=True)
        app.wait_until(lambda: notices() > before, "the window did not notice the import", 15)
        app.key(main, "ctrl+1")  # the contents, focused
        time.sleep(0.5)
        app.key(main, "Home")  # its first row: the new release, shown
        time.sleep(0.5)
        dialog = menu(app, main, "e", "导出 PDF", timeout=60)
        save_pdf(app, dialog, pdf)
    text = pdf_text(pdf)
    assert title in text, text[:2000]
