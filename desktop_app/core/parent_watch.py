"""Worker processes that die with the process that started them.

A parse worker (a "spawn" child of ProcessPoolExecutor) waits on a pipe that it holds
both ends of, so when its parent is killed (SIGKILL, a crash, the window closed by force)
nothing ever wakes it: the worker — ~100 MB — and multiprocessing's resource tracker,
which waits for every holder of its pipe, used to run on forever with PPID 1 (31 of 35
killed imports). `die_with_parent` is the pool's initializer and makes sure the
worker goes too, two ways:

* Linux: the kernel sends SIGKILL when the parent goes (prctl PR_SET_PDEATHSIG), even if
  the worker is deep in C code holding the GIL;
* everywhere: a daemon thread waits on multiprocessing's parent sentinel (a pipe the
  parent holds open, or the parent's process handle on Windows) and ends the worker when
  it fires.

With its workers gone, the resource tracker sees its pipe close and exits by itself.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.connection import wait

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
EXIT_ORPHANED = 70  # exit status of a worker whose parent is gone


def die_with_parent(use_signal: bool = True) -> None:
    """Worker initializer: end this process as soon as its parent process ends (on Linux
    by the kernel's parent-death signal unless `use_signal` is False, and everywhere by a
    thread watching the parent)."""
    parent = multiprocessing.parent_process()
    if parent is None:  # not a multiprocessing child: nothing to watch
        return
    if use_signal and sys.platform.startswith("linux"):
        _set_parent_death_signal()
        if os.getppid() != parent.pid:  # the parent died before the signal was armed
            os._exit(EXIT_ORPHANED)
    threading.Thread(target=_exit_when_gone, args=(parent.sentinel,), name="zhiku-parent-watch",
                     daemon=True).start()


def _set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when the thread that started it ends (the parse
    pool is created and drained on one thread, so that is the parent's lifetime for it).
    False when libc or prctl is unavailable; the watching thread still covers it."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _exit_when_gone(sentinel: int) -> None:
    """Block until the parent's sentinel fires (the parent ended), then exit at once: a
    worker has nothing to save, and the queue it would write to has no reader."""
    wait([sentinel])
    os._exit(EXIT_ORPHANED)
