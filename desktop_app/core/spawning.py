"""Whether Zhiku may start worker processes with multiprocessing's "spawn".

A spawned worker is the Python interpreter started again with multiprocessing's own
arguments. In the PyInstaller bundle `sys.executable` is Zhiku itself, so a worker would
start Zhiku's CLI instead of its work — unless the entry point calls
`multiprocessing.freeze_support()` first (PyInstaller's runtime hook makes it run the worker,
or multiprocessing's resource tracker, and exit, on every platform). The bundle therefore
spawns workers (parse workers, background merges) only once `freeze_support()` below has
run in `desktop_app/__main__.py`; from source nothing is needed.
"""
from __future__ import annotations

import sys

COMPACT_FLAG = "--compact-index"  # the entry point runs core/index_compaction.main with it
_freeze_support_called = False


def freeze_support() -> None:
    """Let a frozen app's worker processes run their work (call first in the entry point;
    multiprocessing is imported only when frozen, to keep the start-up of the source lean)."""
    global _freeze_support_called
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    _freeze_support_called = True


def can_spawn(frozen: bool | None = None, prepared: bool | None = None) -> bool:
    """Whether worker processes may be spawned: always from source; in a frozen app only
    when the entry point called freeze_support (`frozen` and `prepared` default to this
    process's state; tests pass them)."""
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    prepared = _freeze_support_called if prepared is None else prepared
    return not frozen or prepared
