"""Indicator look-ups off the GUI thread: `kb.indicators()` and `kb.trend()` run as KbTasks on
their own thread with their own KnowledgeBase (workers.py); the answers come back to slots
of this GUI-thread object, never to lambdas (CONTRIBUTING.md), and only the newest trend asked
for is delivered."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop_app.ui.workers import KbTask, on_knowledge_base, start_in_thread

if TYPE_CHECKING:
    from desktop_app.core.kb import KnowledgeBase


class TrendRequests(QObject):
    """Asks for indicators and trends; answers on `indicators_ready`, `trend_ready`, `failed`."""

    indicators_ready = Signal(object)  # list[Indicator]
    trend_ready = Signal(object, object)  # TrendResult, the metric id to select (or None)
    failed = Signal(object)  # the exception

    def __init__(self, data_dir: Callable[[], Path], parent: QObject | None = None):
        super().__init__(parent)
        self._data_dir = data_dir
        self._alive: dict[QThread, KbTask] = {}
        self._latest = 0

    def request_indicators(self, min_releases: int = 2) -> None:
        """The indicators of at least `min_releases` releases, for the picker."""
        def task(kb: KnowledgeBase, _progress, _cancelled) -> tuple:
            return ("indicators", 0, kb.indicators(min_releases), None)
        self._start(task)

    def request_trend(self, label: str, unit: str | None = None, metric_id: int | None = None) -> int:
        """One indicator's figures across releases; `metric_id` comes back with the answer
        (the figure the user started from). Returns the request's id."""
        self._latest += 1
        request = self._latest

        def task(kb: KnowledgeBase, _progress, _cancelled) -> tuple:
            return ("trend", request, kb.trend(label, unit), metric_id)
        self._start(task)
        return request

    def busy(self) -> bool:
        return bool(self._alive)

    def wait(self) -> None:
        """Block until every look-up's thread has ended (the window is closing)."""
        for thread in list(self._alive):
            self._release(thread)

    def _start(self, task) -> None:
        worker = KbTask(self._data_dir(), on_knowledge_base(task))
        worker.finished.connect(self._finished)  # slots of this GUI-thread object: queued
        worker.failed.connect(self._failed)
        thread = start_in_thread(worker, self, "zhiku-trend")
        self._alive[thread] = worker
        # Reaped when the worker reports, not on thread.finished: connected after the
        # thread has started, that signal may already have been sent (a look-up takes ms).

    @Slot(object)
    def _finished(self, answer: tuple) -> None:
        self._reap(self.sender())
        kind, request, value, metric_id = answer
        if kind == "indicators":
            self.indicators_ready.emit(value)
        elif request == self._latest:
            self.trend_ready.emit(value, metric_id)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self._reap(self.sender())
        self.failed.emit(error)

    def _reap(self, worker: QObject) -> None:
        """The worker has reported: its thread was told to quit then (start_in_thread), so
        waiting for it takes a moment; then the thread is deleted and the worker released."""
        for thread, running in list(self._alive.items()):
            if running is worker:
                self._release(thread)

    def _release(self, thread: QThread) -> None:
        thread.wait()
        self._alive.pop(thread, None)
        thread.deleteLater()
