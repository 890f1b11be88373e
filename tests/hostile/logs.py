"""Failures the log must record, made at test time: releases whose body is a
secret the log must never hold, a parser that crashes quoting the text it read (in this
process, or in an import's worker processes through a driver script), and index damage
that only opening the index finds. Usable by hand too:

    python -m tests.hostile.logs driver /tmp/crash      # prints the driver script's path
    python /tmp/crash/crashing_cli.py import FOLDER --data-dir KB
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.hostile.index import garble, garble_stored_fields, index_folder

REPO = Path(__file__).resolve().parents[2]
TITLE = "日志测试新闻发布会"
SECRET = "这一句是文档正文里的机密内容不得写进日志"
PID_FILE_ENV = "ZHIKU_TEST_CRASH_PIDS"  # the driver notes there the process of each crash


def secret_release(folder: Path, name: str = "secret.txt", number: int = 0) -> Path:
    """A release titled TITLE whose body holds SECRET (`number` makes each file differ)."""
    path = Path(folder) / name
    path.write_text(f"{TITLE}\n10月14日，召开新闻发布会。\n一、主要成效\n{SECRET}，"
                    f"完成{number + 1}项工作。\n", encoding="utf-8")
    return path


def secret_releases(folder: Path, count: int) -> Path:
    """`folder` (created) holding `count` secret releases."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        secret_release(folder, f"secret-{number:02}.txt", number)
    return folder


def crash_quoting_the_text(path) -> None:
    """A stand-in for formats.load_release: a parser bug whose message quotes the text."""
    text = Path(path).read_text(encoding="utf-8")
    raise ValueError(f"cannot parse the line {text.splitlines()[-1]!r}")


_DRIVER = f'''"""Run the Zhiku CLI with a parser that crashes quoting the text, in this process
and in the import's parse worker processes (a spawned worker imports this script as
__mp_main__, so the lines below run there too); workers forced on from 2 files."""
import os
import sys

sys.path.insert(0, {str(REPO)!r})
from desktop_app.core import formats, import_files  # noqa: E402
from tests.hostile.logs import PID_FILE_ENV, crash_quoting_the_text  # noqa: E402


def crash(path):
    with open(os.environ[PID_FILE_ENV], "a", encoding="utf-8") as pids:
        pids.write(f"{{os.getpid()}}\\n")
    crash_quoting_the_text(path)


formats.load_release = crash
import_files.PARALLEL_MIN_FILES = 2
import_files.worker_count = lambda: 1

if __name__ == "__main__":
    from desktop_app.cli import main

    sys.exit(main(sys.argv[1:]))
'''


def crashing_cli(folder: Path) -> Path:
    """Write the driver script (see _DRIVER) into `folder`; run it as `python SCRIPT ARGS`
    with PID_FILE_ENV naming a file for the crashing processes' ids."""
    path = Path(folder) / "crashing_cli.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_DRIVER, encoding="utf-8")
    return path


def record_as_checked(data_dir: Path) -> None:
    """Record the current index's files as checked, as they are now (after damage: a disk
    that returns other bytes than it was given, after the check)."""
    from desktop_app.core import search_index as si
    from desktop_app.core.index_folder import _identity

    folder = index_folder(data_dir)
    manifest = json.loads((Path(data_dir) / "index" / si.MANIFEST).read_text("utf-8"))
    record = {name: [checksum, *_identity((folder / name).stat())]
              for name, checksum in manifest["sums"].items()}
    (folder / si.VERIFIED).write_text(json.dumps(record), "utf-8")


def garble_toc_unseen(data_dir: Path) -> Path:
    """Garble the current index's table of contents (Whoosh cannot open the index), the
    damage recorded as checked: only opening the index finds it."""
    toc = garble(sorted(index_folder(data_dir).glob("_MAIN_*.toc"))[-1], size=64, offset=0)
    record_as_checked(data_dir)
    return toc


def garble_stored_unseen(data_dir: Path) -> list[Path]:
    """Garble the stored fields (Whoosh opens the index, searches fail), recorded as
    checked: only a search finds it."""
    garbled = garble_stored_fields(data_dir)
    record_as_checked(data_dir)
    return garbled


if __name__ == "__main__":  # python -m tests.hostile.logs driver FOLDER
    if sys.argv[1:2] == ["driver"]:
        print(crashing_cli(Path(sys.argv[2])))
