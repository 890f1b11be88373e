"""Parse worker processes die with the import that started them, and so does
multiprocessing's resource tracker. Before: 31 of 35 `zhiku import`s
killed with SIGKILL left a ~96 MB spawn worker and the resource tracker running with
PPID 1; here 10 of 10 did (both children still there 5 s after the kill)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core import import_files

REPO = Path(__file__).resolve().parents[2]
WAIT = 10.0  # seconds the children get to go after their parent was killed

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")


def children(pid: int) -> dict[int, str]:
    """Live child processes of `pid` and their command lines."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry)] = command
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def reap(pids) -> list[int]:
    """Wait up to WAIT for the processes to end; kill and return those that did not."""
    wait_for(lambda: not any(alive(p) for p in pids), WAIT)
    left = [p for p in pids if alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    """200 distinct releases: an import that lasts well past its workers' start."""
    from tests.conftest import SEED

    folder = tmp_path_factory.mktemp("releases")
    text = SEED.read_text("utf-8")
    for i in range(200):
        (folder / f"r{i:03d}.txt").write_text(text.replace("7600余人", f"{7600 + i}余人")
                                              .replace("权威发布丨", f"权威发布{i}丨"), "utf-8")
    return folder


@pytest.mark.skipif(min(import_files.MAX_PARSE_WORKERS, (os.cpu_count() or 1) - 1) < 1,
                    reason="one CPU: imports parse in-process")
@pytest.mark.parametrize("delay", [0.0, 0.5])
def test_killed_import_leaves_no_worker_or_resource_tracker(tmp_path, releases, delay):
    """A real `zhiku import` is killed with SIGKILL once its worker and the resource
    tracker exist (plus `delay`, to land while the worker parses); then no child of it may
    remain after WAIT seconds."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    importer = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "import", str(releases), "--data-dir", str(tmp_path / "kb")],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def started() -> bool:
            found = children(importer.pid).values()
            return (any("spawn_main" in c for c in found)
                    and any("resource_tracker" in c for c in found))

        assert wait_for(started, 120), "the import never started its parse worker"
        time.sleep(delay)
        kids = children(importer.pid)
        assert importer.poll() is None, "the import ended before it could be killed"
    finally:
        importer.kill()
        importer.wait()
    assert len(kids) >= 2 and reap(kids) == []


WATCHED_POOL = """\
import sys, time
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
from desktop_app.core import parent_watch

if __name__ == "__main__":
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=parent_watch.die_with_parent, initargs=(False,))
    print(pool.submit(__import__("os").getpid).result(), flush=True)
    time.sleep(600)
"""


def test_the_watching_thread_alone_ends_an_orphaned_worker(tmp_path):
    """The portable half (no Linux parent-death signal): a worker whose parent was killed
    notices through multiprocessing's parent sentinel and exits."""
    script = tmp_path / "pool.py"
    script.write_text(WATCHED_POOL, "utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, stdout=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, text=True)
    try:
        worker = int(parent.stdout.readline())
        kids = children(parent.pid)
        assert worker in kids and alive(worker)
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
    assert reap(kids) == []
