"""What the knowledge base's parts use of the front, declared once.

`KnowledgeBase` (core/kb.py) is the front; its larger parts are mixins in modules of their
own (kb_import.ImportMixin, kb_search.SearchMixin, kb_corrections.CorrectionsMixin). Each
mixin inherits this class, so the state and the methods of the front they share are typed in
one place; a mixin declares only what it alone uses.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from desktop_app.core.search_index import SearchIndex
from desktop_app.core.store import Store
from desktop_app.core.write_lock import WriteLock


class KnowledgeBaseHost:
    """The front's state and methods its parts use (set and defined by KnowledgeBase)."""

    data_dir: Path
    _store: Store
    _index: SearchIndex
    _lock: threading.RLock  # one instance's calls, one at a time (threads of the window)
    _write_lock: WriteLock  # one writer per data folder, across processes
    _index_failure: str | None  # why the index could not be written, if so
    _writing: Callable[[], AbstractContextManager[None]]  # both locks, for a write
    _index_write: Callable[[Callable[[], None]], None]  # an index write, its failure noted
    _sync_index: Callable[[Sequence[int], bool], None]  # the index follows a SQLite write
