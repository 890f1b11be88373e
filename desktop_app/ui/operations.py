"""Writes to the knowledge base from the window: import, delete, properties, backup, restore.

Each runs as a KbTask on its own thread with its own KnowledgeBase, behind a progress
dialog (with Cancel where stopping half-way makes sense), so the window keeps painting.
Expected errors become one actionable message; anything else goes to the exception hook.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.core.import_progress import ImportMeter, duration_text
from desktop_app.ui import dialogs
from desktop_app.ui.i18n import fill
from desktop_app.ui.messages import describe_error, is_expected
from desktop_app.ui.workers import (
    Cancelled,
    FolderTask,
    KbTask,
    Progress,
    Task,
    on_knowledge_base,
    start_in_thread,
)

if TYPE_CHECKING:
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import DocumentInfo, ImportReport
    from desktop_app.core.restore import Restored

_Result = TypeVar("_Result")


class DocumentOperations(QObject):
    """Runs one write at a time; emits `changed(doc_id_to_select)` when the store changed."""

    changed = Signal(object)  # doc id to select afterwards, or None
    restored = Signal()  # a backup replaced the knowledge base
    import_finished = Signal(object)  # ImportReport
    task_failed = Signal(object)  # exception
    busy_changed = Signal(bool)
    properties_corrected = Signal(object)  # the corrections a properties edit recorded (for undo)

    def __init__(self, window: QWidget, data_dir: Callable[[], Path]):
        super().__init__(window)
        self._window = window
        self._data_dir = data_dir
        self._task: KbTask | None = None
        # Told the task's result, which comes back through a Qt signal as an object: _start
        # checks that it takes what its task returns.
        self._on_done: Callable[[Any], None] | None = None
        self._steps: Callable[[int, int, str], str] | None = None  # words the task's progress
        self._shown_done = -1
        self._progress: QProgressDialog | None = None
        self._meter = ImportMeter()  # the import under way: rate and time left
        # Each worker stays referenced until its thread has finished: letting Python free it
        # while the thread still returns from the worker's slot would crash.
        self._alive: dict[QThread, KbTask] = {}
        self._closing = False

    @property
    def busy(self) -> bool:
        return self._task is not None

    # -- the operations ------------------------------------------------------------------
    def import_paths(self, paths: list[str], *, hold_suspect: bool = True) -> bool:
        """Import files and folders; a summary dialog follows. Files that do not look like
        press releases are held back until the user chooses to import them anyway (then
        imported without asking again: `hold_suspect` False). False if busy or nothing given."""
        paths = [p for p in paths if p]
        if not paths:
            return False

        def task(kb: KnowledgeBase, progress: Progress, cancelled: Cancelled) -> ImportReport:
            from desktop_app.core.import_files import allow_parse_workers

            previous = allow_parse_workers(True)  # desktop_app's __main__ is guarded
            try:
                report = kb.import_paths(paths, progress=progress, cancel=cancelled, hold_suspect=hold_suspect)
            finally:
                allow_parse_workers(previous)
            _compact_if_worth_it(kb)
            return report

        self._meter = ImportMeter()  # fed by _on_progress, on this (the GUI) thread
        return self._start(on_knowledge_base(task), self.tr("Importing…"), self._imported, steps=self._import_step,
                           cancellable=True)

    def delete_document(self, info: DocumentInfo) -> bool:
        """Delete after the user confirms."""
        question = fill(self.tr("Delete “%1” with its sections and figures from the knowledge base? "
                                "The original file is not touched."), info.title or info.file or "")
        if not dialogs.confirm(self._window, self.tr("Delete Document"), question, self.tr("Delete")):
            return False
        doc_id = info.id
        def task(kb: KnowledgeBase, progress: Progress, cancelled: Cancelled) -> None:
            kb.delete_document(doc_id)
            _compact_if_worth_it(kb)

        return self._start(on_knowledge_base(task), self.tr("Deleting…"),
                           lambda _r: self.changed.emit(None))

    def edit_properties(self, info: DocumentInfo) -> bool:
        values = dialogs.edit_document_properties(self._window, info)
        if values is None:
            return False
        values = {k: ("" if v is None else v) for k, v in values.items()}
        doc_id = info.id
        return self._start(on_knowledge_base(lambda kb, p, c: recorded(kb, [doc_id], kb.set_properties,
                                                                       doc_id, **values)),
                           self.tr("Saving…"), lambda made: self._properties_saved(doc_id, made))

    def delete_documents(self, infos: Sequence[DocumentInfo]) -> bool:
        """Delete several releases in one task, after one confirmation (one release: as
        delete_document)."""
        if len(infos) == 1:
            return self.delete_document(infos[0])
        if not infos:
            return False
        question = fill(self.tr("Delete %1 documents with their sections and figures from the knowledge base? "
                                "The original files are not touched."), len(infos))
        if not dialogs.confirm(self._window, self.tr("Delete Documents"), question, self.tr("Delete")):
            return False
        doc_ids = [info.id for info in infos]

        def task(kb: KnowledgeBase, progress: Progress, cancelled: Cancelled) -> None:
            for done, doc_id in enumerate(doc_ids):
                progress(done, len(doc_ids), "")
                kb.delete_document(doc_id)
            _compact_if_worth_it(kb)

        return self._start(on_knowledge_base(task), self.tr("Deleting…"), lambda _r: self.changed.emit(None))

    def edit_properties_many(self, infos: Sequence[DocumentInfo]) -> bool:
        """Set the year and/or issuer of several releases at once (one release: the full
        properties dialog)."""
        if len(infos) == 1:
            return self.edit_properties(infos[0])
        values = dialogs.edit_bulk_properties(self._window, infos) if infos else None
        if not values:
            return False
        doc_ids = [info.id for info in infos]
        current = doc_ids[0]
        return self._start(on_knowledge_base(lambda kb, p, c: recorded(kb, doc_ids, set_properties_of,
                                                                       kb, doc_ids, values)),
                           self.tr("Saving…"), lambda made: self._properties_saved(current, made))

    def _properties_saved(self, doc_id: int, made: list) -> None:
        self.changed.emit(doc_id)
        if made:
            self.properties_corrected.emit(made)

    def run_task(self, task: Task[_Result], label: str, on_done: Callable[[_Result], None]) -> bool:
        """Run a write on its own KnowledgeBase off the GUI thread (as the writes here do);
        `on_done(result)` is called on the GUI thread. False if another write is running."""
        return self._start(on_knowledge_base(task), label, on_done)

    def backup(self) -> bool:
        path = dialogs.save_file(self._window, self.tr("Back Up Knowledge Base"), "zhiku-backup.sqlite",
                                 self.tr("Zhiku backups (*.sqlite *.db);;All files (*)"))
        if not path:
            return False
        done = fill(self.tr("Backup written to %1"), path)
        return self._start(on_knowledge_base(lambda kb, p, c: kb.backup(path)), self.tr("Writing backup…"),
                           lambda _r: dialogs.information(self._window, self.tr("Backup"), done))

    def restore(self) -> bool:
        path = dialogs.open_file(self._window, self.tr("Restore from Backup"), "",
                                 self.tr("Zhiku backups (*.sqlite *.db);;All files (*)"))
        if not path:
            return False
        question = fill(self.tr("Replace everything in the knowledge base with the backup %1?"), Path(path).name)
        if not dialogs.confirm(self._window, self.tr("Restore from Backup"), question, self.tr("Restore")):
            return False
        from desktop_app.core.kb import KnowledgeBase

        return self._start(lambda data_dir, p, c: KnowledgeBase.restore_backup(path, data_dir, progress=p),
                           self.tr("Restoring…"), self._restored, steps=self._index_step)

    # -- running ---------------------------------------------------------------------------
    def _start(self, task: FolderTask[_Result], label: str, on_done: Callable[[_Result], None], *,
               cancellable: bool = False, steps: Callable[[int, int, str], str] | None = None) -> bool:
        """Run `task` on its own thread behind a progress dialog; `steps(done, total, what)`
        words its progress reports."""
        if self._task is not None:
            dialogs.information(self._window, self.tr("Please wait"),
                                self.tr("Another change to the knowledge base is still running."))
            return False
        worker = KbTask(self._data_dir(), task)
        self._progress = self._progress_dialog(label, cancellable, worker)
        # Only slots of this object (which lives in the GUI thread) receive the worker's
        # signals: Qt queues them to the GUI thread. A lambda or plain function connected
        # here would run in the worker's thread, and any dialog it opened would crash Qt.
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        self._task, self._on_done = worker, on_done
        self._steps, self._shown_done = steps, -1
        self.busy_changed.emit(True)
        thread = start_in_thread(worker, self, "zhiku-task", self._reap)
        self._alive[thread] = worker  # before _reap can run: it is queued to this thread
        return True

    @Slot()
    def _reap(self) -> None:
        """A task's thread has ended: release its worker and delete the thread."""
        thread = self.sender()
        if thread in self._alive:
            self._release(thread)

    def _release(self, thread: QThread) -> None:
        thread.wait()
        self._alive.pop(thread)
        thread.deleteLater()

    def cancel(self) -> None:
        """Ask the running task to stop between files (an import keeps what it committed)."""
        if self._task is not None:
            self._task.cancel()

    def wait(self) -> None:
        """Block until every task thread has ended, and report nothing more (the window is
        closing: results still queued for it are dropped)."""
        self._closing = True
        for thread in list(self._alive):
            self._release(thread)
        self._end()

    def _progress_dialog(self, label: str, cancellable: bool, worker: KbTask) -> QProgressDialog:
        dialog = QProgressDialog(label, self.tr("Cancel") if cancellable else "", 0, 0, self._window)
        dialog.setWindowTitle(self.tr("Zhiku"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if cancellable:
            # Direct: the worker's thread is busy in the task and never runs its event loop,
            # so a queued call would arrive after the task ended. cancel() only sets an Event.
            dialog.canceled.connect(worker.cancel, Qt.ConnectionType.DirectConnection)
        else:
            dialog.setCancelButton(None)
        return dialog

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, what: str) -> None:
        # setValue() of a modal progress dialog processes events, so newer reports run inside
        # this call: the label goes first, and an older report never overwrites a newer one.
        if self._progress is None or done < self._shown_done:
            return
        self._shown_done, total = done, max(total, 1)
        if self._steps is not None:
            self._progress.setLabelText(self._steps(done, total, what))
        self._progress.setMaximum(total)
        self._progress.setValue(min(done, total))

    def _import_step(self, done: int, total: int, path: str) -> str:
        """The dialog's words for an import's progress report: the file, how many of all,
        and the time left at the rate so far (ImportMeter)."""
        self._meter.update(done, total, path)
        if done >= total:  # every file is read; the last batch and the index are being written
            return self.tr("Saving the imported files and updating the search index…")
        text = fill(self.tr("Importing %1 (%2 of %3)…"), Path(path).name if path else "", done, total)
        left = self._meter.remaining_s
        if left is None:
            return text
        rate = self._meter.mb_per_s or 0.0
        more = fill(self.tr("About %1 left (%2 MB/s)"), duration_text(left), f"{rate:.1f}")
        return f"{text}\n{more}"

    def _index_step(self, done: int, total: int, _what: str) -> str:
        return fill(self.tr("Rebuilding the search index: %1 of %2 sections…"), done, total)

    def _end(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self._task, self._on_done = None, None
        self.busy_changed.emit(False)

    @Slot(object)
    def _finished(self, result: object) -> None:
        on_done = self._on_done
        if self._closing or on_done is None:
            return
        self._end()
        on_done(result)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        if self._closing:
            return
        self._end()
        self.task_failed.emit(error)
        if is_expected(error):
            dialogs.show_error(self._window, describe_error(error))
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    def _restored(self, restored: Restored) -> None:
        """Say what the restore did, and where the knowledge base it replaced was kept."""
        self.restored.emit()
        text = fill(self.tr("Restored from the backup: %1 documents"), restored.documents)
        detail = ""
        if restored.kept is not None and restored.damaged:
            detail = fill(self.tr("The damaged knowledge base file was kept as %1."), restored.kept)
        elif restored.kept is not None:
            detail = fill(self.tr("The previous knowledge base was kept as %1; delete it once you are sure you do "
                                  "not need it."), restored.kept)
        dialogs.information(self._window, self.tr("Restore from Backup"), text, detail)

    def _imported(self, report: ImportReport) -> None:
        first = report.imported[0][1] if report.imported else None
        self.changed.emit(first)
        self.import_finished.emit(report)
        if dialogs.show_import_summary(self._window, report) and report.held:
            self.import_paths([path for path, _warning in report.held], hold_suspect=False)


def set_properties_of(kb: KnowledgeBase, doc_ids: Sequence[int], values: dict) -> list[int]:
    """The same year and/or issuer for every document of `doc_ids`, in one transaction (all or
    nothing: an unknown id changes none)."""
    return kb.set_properties_many(list(doc_ids), **values)


def recorded(kb: KnowledgeBase, doc_ids: Sequence[int], write: Callable[..., object], *args, **kwargs) -> list:
    """Run a properties edit and return the corrections it recorded (a release's
    properties edited by the user are corrections, undone with the window's Undo)."""
    ids = set(doc_ids)
    before = {c.id for c in kb.corrections() if c.doc_id in ids}
    write(*args, **kwargs)
    return [c for c in kb.corrections() if c.doc_id in ids and c.id not in before]


def _compact_if_worth_it(kb: KnowledgeBase) -> None:
    """Purge deleted sections from the search index while the write task still runs, when
    the knowledge base says it is worth it (replaced or deleted documents)."""
    if kb.needs_compaction():
        kb.compact_index()
