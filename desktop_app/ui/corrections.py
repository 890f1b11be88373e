"""Correcting what the parser found, from the window.

Sections (kind, level, split at the reading pane's cursor, merge into the previous one,
heading) and figures (indicator, unit, value, borderline, remove, add from the pane's
selection) are corrected from the contents tree's, the metrics table's, the cards' and the
reading pane's context menus and from the Edit menu; Edit → Undo / Redo (Ctrl+Z,
Ctrl+Shift+Z) walk back and forth through them (correction_undo.py), and "恢复解析结果"
restores the parser's version of one section, one figure or a whole release.

The target is what the window shows: the section in the reading pane (the tree's current
row opens it) and the figure selected in all views at once. Every write runs off the GUI
thread as the other writes do (DocumentOperations.run_task: a KbTask on its own thread, its
result delivered to a slot of the GUI thread); then the window reads the release's rows
again and keeps what was shown and selected, and the "已修改" marks are read again
(correction_marks.py).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu

from desktop_app.core.model import SECTION_KINDS
from desktop_app.ui import dialogs, labels
from desktop_app.ui.correction_marks import MarkBook
from desktop_app.ui.correction_undo import CorrectionCommand
from desktop_app.ui.i18n import fill
from desktop_app.ui.pane_offsets import PARAGRAPH_ENDS, SENTENCE_ENDS, start_of

if TYPE_CHECKING:
    from desktop_app.core.corrections import Correction
    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import MetricRecord, SectionInfo
    from desktop_app.ui.main_window import MainWindow

# Builds the corrections to apply, on the worker's own KnowledgeBase (off the GUI thread)
Build = Callable[["KnowledgeBase"], list["Correction"]]
StandardKey = QKeySequence.StandardKey


def _separator(parent: QObject) -> QAction:
    action = QAction(parent)
    action.setSeparator(True)
    return action


class WindowCorrections(QObject):
    """The correction commands of one main window, their undo stack and their marks."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.stack = QUndoStack(self)
        self.marks = MarkBook(window.kb)
        self._running: str | None = None  # "new", "undo" or "redo" while a write runs
        self._pane_point: QPoint | None = None  # where the reading pane's menu was asked for
        self._make_actions()
        self._make_menus()
        self._install()
        self.update_actions()

    # ================================================================== construction
    def _action(self, text: str, slot: Callable[[], object], keys: Sequence = ()) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        if keys:
            action.setShortcuts([QKeySequence(k) if isinstance(k, str) else k for k in keys])
        return action

    def _make_actions(self) -> None:
        a = self._action
        self.undo = a(self.tr("&Undo"), self.undo_last, [StandardKey.Undo])
        # Ctrl+Shift+Z first (the key), then the platform's others (Ctrl+Y)
        redo_keys = ["Ctrl+Shift+Z"] + [k for k in QKeySequence.keyBindings(StandardKey.Redo)
                                        if k != QKeySequence("Ctrl+Shift+Z")]
        self.redo = a(self.tr("&Redo"), self.redo_next, redo_keys)
        self.kind_group = QActionGroup(self)
        self.kinds: dict[str, QAction] = {}
        for kind in SECTION_KINDS:
            action = QAction(labels.section_kind_label(kind), self.window)
            action.setCheckable(True)
            action.setData(kind)
            self.kind_group.addAction(action)
            self.kinds[kind] = action
        self.kind_group.triggered.connect(self._on_kind)
        self.make_item = a(self.tr("Make an &Item of the Area Above"), self.make_item_of_area_above)
        self.make_area = a(self.tr("Make an &Area of Its Own"), self.make_area_of_its_own)
        self.split_paragraph = a(self.tr("Split at This &Paragraph"), self.split_at_paragraph)
        self.split_sentence = a(self.tr("Split at This Se&ntence"), self.split_at_sentence)
        self.merge = a(self.tr("&Merge into Previous Section"), self.merge_into_previous)
        self.heading = a(self.tr("Edit &Heading…"), self.edit_heading)
        self.restore_section = a(self.tr("Restore the Parser's Version of This Section"), self.restore_section_version)
        self.label = a(self.tr("Change &Indicator…"), self.edit_label)
        self.unit = a(self.tr("Change &Unit…"), self.edit_unit)
        self.value = a(self.tr("Change &Value…"), self.edit_value)
        self.borderline = a(self.tr("&Borderline Figure"), self.toggle_borderline)
        self.borderline.setCheckable(True)
        self.borderline.setToolTip(self.tr("Borderline figures are greyed and not shown as key figures"))
        self.remove = a(self.tr("&Remove Figure"), self.remove_figure)
        self.restore_figure = a(self.tr("Restore the Parser's Version of This Figure"), self.restore_figure_version)
        self.add_figure = a(self.tr("&Add as Figure"), self.add_selected_figure)
        self.restore_release = a(self.tr("Restore the Parser's Version of This R&elease"),
                                 self.restore_release_version)

    def _make_menus(self) -> None:
        self.kind_menu = QMenu(self.tr("Change &Kind"), self.window)
        self.kind_menu.addActions(list(self.kinds.values()))
        self.section_menu = QMenu(self.tr("Correct &Section"), self.window)
        self.section_menu.addMenu(self.kind_menu)
        self.section_menu.addActions([self.make_item, self.make_area])
        self.section_menu.addSeparator()
        self.section_menu.addActions([self.split_paragraph, self.split_sentence, self.merge, self.heading])
        self.section_menu.addSeparator()
        self.section_menu.addAction(self.restore_section)
        self.figure_menu = QMenu(self.tr("Correct Fi&gure"), self.window)
        self.figure_menu.addActions([self.label, self.unit, self.value, self.borderline, self.remove])
        self.figure_menu.addSeparator()
        self.figure_menu.addAction(self.restore_figure)
        for menu in (self.section_menu, self.figure_menu, self.kind_menu):
            menu.aboutToShow.connect(self.update_actions)

    def _install(self) -> None:
        """Put the commands in the Edit menu and the context menus, and the marks in the
        tree and the table."""
        w = self.window
        edit = w.menus.edit
        top = [self.undo, self.redo, _separator(self)]
        if edit.actions():
            edit.insertActions(edit.actions()[0], top)
        else:
            edit.addActions(top)
        edit.addSeparator()
        edit.addMenu(self.section_menu)
        edit.addMenu(self.figure_menu)
        edit.addActions([self.add_figure, self.restore_release])
        edit.aboutToShow.connect(self.update_actions)
        w.tree.addActions([_separator(self), self.section_menu.menuAction(), self.figure_menu.menuAction(),
                           self.restore_release])
        w.metrics_panel.table.addActions([_separator(self), self.figure_menu.menuAction()])
        w.reading_pane.card_actions = [self.figure_menu.menuAction()]
        w.reading_pane.set_card_mark(self.marks.table_mark)
        browser = w.reading_pane.browser
        browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        browser.customContextMenuRequested.connect(self._pane_menu)
        w.tree_model.marks = self.marks
        w.tree_model.modelAboutToBeReset.connect(self._forget_marks)
        w.metrics_panel.model.marks = self.marks.table_mark
        ops = w.ops
        ops.busy_changed.connect(self.update_actions)
        ops.task_failed.connect(self._on_failed)
        ops.properties_corrected.connect(self._on_properties_corrected)
        self.stack.indexChanged.connect(self.update_actions)
        w.view_changed.connect(self.update_actions)
        w.tree.selectionModel().currentChanged.connect(self.update_actions)
        w.metrics_panel.metric_activated.connect(self.update_actions)
        w.reading_pane.metric_activated.connect(self.update_actions)

    # ======================================================================= targets
    def section(self) -> SectionInfo | None:
        """The section the section commands apply to: the one the reading pane shows."""
        w = self.window
        shown = w.current_section_ids()
        doc_id = w.current_doc_id()
        if not shown or doc_id is None:
            return None
        return next((s for s in w.tree_model.sections_of(doc_id) if s.id == shown[0]), None)

    def figure(self) -> MetricRecord | None:
        """The figure the figure commands apply to: the one selected in the window."""
        metric_id = self.window.selected_metric_id()
        row = self.window.metric_row(metric_id) if metric_id is not None else None
        return row.metric if row is not None else None

    def pane_offsets(self) -> tuple[int, int] | None:
        """The reading pane's selection, or the place its menu was asked for (the cursor
        otherwise), as document offsets."""
        pane = self.window.reading_pane
        return pane.selection_offsets(self._pane_point)

    def _section_at(self, offset: int) -> SectionInfo | None:
        """The innermost section of the release shown that holds `offset`."""
        doc_id = self.window.current_doc_id()
        if doc_id is None:
            return None
        holding = [s for s in self.window.tree_model.sections_of(doc_id) if s.start <= offset < s.end]
        return max(holding, key=lambda s: (s.level, s.start), default=None)

    def _writable(self) -> bool:
        kb = self.window.session.kb
        return kb is not None and not kb.read_only and not self.window.writes_running()

    @Slot()
    def update_actions(self, *_args) -> None:
        """Enable what applies to the section and figure shown (and nothing while a write
        runs or the knowledge base is read-only); tick the section's kind."""
        writable = self._writable()
        self.undo.setEnabled(writable and self.stack.canUndo())
        self.redo.setEnabled(writable and self.stack.canRedo())
        undo_text, redo_text = self.stack.undoText(), self.stack.redoText()
        self.undo.setText(fill(self.tr("&Undo %1"), undo_text) if undo_text else self.tr("&Undo"))
        self.redo.setText(fill(self.tr("&Redo %1"), redo_text) if redo_text else self.tr("&Redo"))
        section, figure = self.section(), self.figure()
        self._update_section_actions(section if writable else None, section)
        shown = writable and self.window.reading_pane.shows_page()
        self.split_paragraph.setEnabled(shown)
        self.split_sentence.setEnabled(shown)
        offsets = self.pane_offsets() if shown else None
        self.add_figure.setEnabled(offsets is not None and offsets[1] > offsets[0])
        on_figure = writable and figure is not None
        for action in (self.label, self.unit, self.value, self.borderline, self.remove):
            action.setEnabled(on_figure)
        self.borderline.setChecked(figure is not None and figure.borderline)
        self.restore_figure.setEnabled(figure is not None and on_figure and self.marks.of_metric(figure) is not None)
        doc_id = self.window.current_doc_id()
        self.restore_release.setEnabled(writable and doc_id is not None and self.marks.of(doc_id) is not None)

    def _update_section_actions(self, target: SectionInfo | None, shown: SectionInfo | None) -> None:
        """The section commands: on for `target` (None: off), the kind of `shown` ticked."""
        for kind, action in self.kinds.items():
            action.setEnabled(target is not None)
            action.setChecked(shown is not None and shown.kind == kind)
        self.kind_menu.setEnabled(target is not None)
        self.make_item.setEnabled(target is not None and target.level == 1 and target.position > 0)
        self.make_area.setEnabled(target is not None and target.level == 2)
        self.merge.setEnabled(target is not None and target.position > 0)
        self.heading.setEnabled(target is not None)
        self.restore_section.setEnabled(target is not None and self._marked_section(target))

    def _marked_section(self, section: SectionInfo) -> bool:
        marks = self.marks.of(section.doc_id)
        return marks is not None and section.id in marks.sections

    # ================================================================ section commands
    @Slot(QAction)
    def _on_kind(self, action: QAction) -> None:
        self.change_kind(str(action.data()))

    def change_kind(self, kind: str) -> bool:
        """Make the section shown an achievement, a priority … (a SECTION_KINDS name)."""
        section = self.section()
        if section is None or section.kind == kind:
            return False
        return self._correct_section(section, "kind", kind, self.tr("Change Kind"))

    @Slot()
    def make_item_of_area_above(self) -> bool:
        section = self.section()
        return section is not None and self._correct_section(section, "level", 2, self.tr("Change Level"))

    @Slot()
    def make_area_of_its_own(self) -> bool:
        section = self.section()
        return section is not None and self._correct_section(section, "level", 1, self.tr("Change Level"))

    @Slot()
    def merge_into_previous(self) -> bool:
        section = self.section()
        if section is None:
            return False
        before = [s for s in self.window.tree_model.sections_of(section.doc_id)
                  if s.position < section.position and s.level <= section.level]
        # the merged section's text is then part of the one before it: show that one
        view = ("section", before[-1].id) if before else None
        return self._correct_section(section, "merge", True, self.tr("Merge Sections"), view=view)

    @Slot()
    def edit_heading(self) -> bool:
        section = self.section()
        if section is None:
            return False
        text = dialogs.ask_text(self.window, self.tr("Edit Heading"), self.tr("Heading shown for this section:"),
                                section.heading or "")
        if text is None or text == (section.heading or ""):
            return False
        return self._correct_section(section, "heading", text, self.tr("Edit Heading"))

    @Slot()
    def split_at_paragraph(self) -> bool:
        return self._split(PARAGRAPH_ENDS)

    @Slot()
    def split_at_sentence(self) -> bool:
        return self._split(SENTENCE_ENDS)

    def _split(self, ends: str) -> bool:
        """Split the section holding the pane's cursor where its paragraph (or sentence) starts."""
        offsets, doc_id, kb = self.pane_offsets(), self.window.current_doc_id(), self.window.session.kb
        if offsets is None or doc_id is None or kb is None:
            return False
        start = start_of(kb.document_text(doc_id), offsets[0], ends)
        section = self._section_at(start)
        if section is None:
            return False
        view = ("section", section.id) if self.window.current_section_ids() else None
        return self._correct_section(section, "split", start, self.tr("Split Section"), view=view)

    def _correct_section(self, section: SectionInfo, field: str, value: object, text: str, *,
                         view: tuple[str, int] | None = None) -> bool:
        section_id = section.id
        return self._new(text, lambda kb: [kb.section_correction(section_id, field, value)], view=view)

    # ================================================================= figure commands
    @Slot()
    def edit_label(self) -> bool:
        figure = self.figure()
        if figure is None:
            return False
        row = self.window.metric_row(figure.id)
        shown = figure.label or (row.indicator if row is not None else "")
        text = dialogs.ask_text(self.window, self.tr("Change Indicator"),
                                fill(self.tr("What “%1” measures:"), figure.text), shown)
        if not text or text == shown:
            return False
        return self._correct_figure(figure, "label", text, self.tr("Change Indicator"))

    @Slot()
    def edit_unit(self) -> bool:
        figure = self.figure()
        if figure is None:
            return False
        text = dialogs.ask_text(self.window, self.tr("Change Unit"),
                                fill(self.tr("Unit of “%1” (such as %, 元, 人次 or 元/人):"), figure.text),
                                figure.unit)
        if text is None or text == figure.unit:
            return False
        return self._correct_figure(figure, "unit", text, self.tr("Change Unit"))

    @Slot()
    def edit_value(self) -> bool:
        figure = self.figure()
        if figure is None:
            return False
        text = dialogs.ask_text(self.window, self.tr("Change Value"),
                                fill(self.tr("Value of “%1” (a number, or a range such as 800-1000):"),
                                     figure.text), _value_text(figure))
        if text is None or text == _value_text(figure):
            return False
        return self._correct_figure(figure, "value", text, self.tr("Change Value"))

    @Slot()
    def toggle_borderline(self) -> bool:
        figure = self.figure()
        if figure is None:
            return False
        text = self.tr("Unmark Borderline") if figure.borderline else self.tr("Mark Borderline")
        return self._correct_figure(figure, "borderline", not figure.borderline, text)

    @Slot()
    def remove_figure(self) -> bool:
        figure = self.figure()
        return figure is not None and self._correct_figure(figure, "remove", True, self.tr("Remove Figure"))

    @Slot()
    def add_selected_figure(self) -> bool:
        """Add the words selected in the reading pane as a figure (添加为指标)."""
        offsets, doc_id = self.pane_offsets(), self.window.current_doc_id()
        if offsets is None or doc_id is None or offsets[1] <= offsets[0]:
            return False
        start, end = offsets
        return self._new(self.tr("Add Figure"), lambda kb: [kb.added_metric(doc_id, start, end)])

    def _correct_figure(self, figure: MetricRecord, field: str, value: object, text: str) -> bool:
        metric_id = figure.id
        return self._new(text, lambda kb: [kb.metric_correction(metric_id, field, value)])

    # ===================================================================== restoring
    @Slot()
    def restore_section_version(self) -> bool:
        section = self.section()
        return section is not None and self._restore(section.doc_id, self.tr("Restore Section"),
                                                     section_id=section.id)

    @Slot()
    def restore_figure_version(self) -> bool:
        figure = self.figure()
        return figure is not None and self._restore(figure.doc_id, self.tr("Restore Figure"), metric_id=figure.id)

    @Slot()
    def restore_release_version(self) -> bool:
        doc_id = self.window.current_doc_id()
        return doc_id is not None and self._restore(doc_id, self.tr("Restore Release"))

    def _restore(self, doc_id: int, text: str, *, section_id: int | None = None,
                 metric_id: int | None = None) -> bool:
        def task(kb: KnowledgeBase, _progress, _cancelled) -> list[Correction]:
            return kb.restore_parser_version(doc_id, section_id=section_id, metric_id=metric_id)

        return self._run("new", task, lambda removed: self._made(text, [], removed, None))

    # ======================================================================== running
    def _new(self, text: str, build: Build, *, view: tuple[str, int] | None = None) -> bool:
        """Build the corrections and apply them in one write; pushed on the undo stack when stored."""
        def task(kb: KnowledgeBase, _progress, _cancelled) -> list[Correction]:
            return kb.apply_corrections(build(kb))

        return self._run("new", task, lambda stored: self._made(text, stored, [], view))

    def _run(self, kind: str, task, on_done: Callable[[list[Correction]], None]) -> bool:
        if not self._writable():
            return False
        self._running = kind
        started = self.window.ops.run_task(task, self.tr("Saving the correction…"), on_done)
        if not started:
            self._running = None
        return started

    def _made(self, text: str, applied: list[Correction], removed: list[Correction],
              view: tuple[str, int] | None) -> None:
        """A new correction (or restore) is stored: on the undo stack, and shown. Called on the
        GUI thread by DocumentOperations when the write has finished."""
        self._running = None
        if applied or removed:
            self.stack.push(CorrectionCommand(text, self._replay, applied, removed))
        self.refresh(view)

    def _replay(self, apply: Sequence[Correction], remove: Sequence[Correction]) -> bool:
        """Undo or redo: remove `remove`, apply `apply` again (keeping their ids)."""
        applying, removing = list(apply), [c.id for c in remove if c.id is not None]

        def task(kb: KnowledgeBase, _progress, _cancelled) -> list[Correction]:
            if removing:
                kb.revert_corrections(removing)
            return kb.apply_corrections(applying) if applying else []

        return self._run("replay", task, self._replayed)

    def _replayed(self, _stored: list[Correction]) -> None:
        self._running = None
        self.refresh()

    @Slot()
    def undo_last(self) -> None:
        """Edit → Undo (Ctrl+Z): take back the last correction."""
        if self._writable() and self.stack.canUndo():
            self.stack.undo()

    @Slot()
    def redo_next(self) -> None:
        """Edit → Redo (Ctrl+Shift+Z): make the correction undone last again."""
        if self._writable() and self.stack.canRedo():
            self.stack.redo()

    @Slot(object)
    def _on_failed(self, _error: BaseException) -> None:
        """A correction's write failed (DocumentOperations has said why). Nothing changed; an
        undo or redo that failed leaves the stack ahead of the knowledge base: forget it."""
        running, self._running = self._running, None
        if running == "replay":
            self.stack.clear()
        self.update_actions()

    @Slot(object)
    def _on_properties_corrected(self, made: list[Correction]) -> None:
        """A release's properties were edited (the core records that as corrections): undoable."""
        self.stack.push(CorrectionCommand(self.tr("Edit Properties"), self._replay, made, []))
        self.marks.clear()
        self.update_actions()

    # ===================================================================== refreshing
    @Slot()
    def _forget_marks(self) -> None:
        self.marks.clear()

    def refresh(self, view: tuple[str, int] | None = None) -> None:
        """Read the release's rows again (with their marks), keeping what is shown and the
        figure selected (`view`: show that instead, e.g. the section a merged one joined)."""
        w = self.window
        metric_id = w.selected_metric_id()
        shown, pane = w.shown_view(), w.reading_pane.view_state()
        self.marks.clear()
        w.reload_documents(view=view)
        if metric_id is not None and w.metric_row(metric_id) is not None:
            w.select_metric(metric_id)
        if w.shown_view() == shown and w.reading_pane.shows_page():
            w.reading_pane.restore_view_state(pane)  # the same page: where the user was
        self.update_actions()

    # ============================================================ the reading pane's menu
    @Slot(QPoint)
    def _pane_menu(self, point: QPoint) -> None:
        """The reading pane's menu: Copy, Select All, then 添加为指标 and the splits."""
        browser = self.window.reading_pane.browser
        self._pane_point = point
        menu = self.pane_menu(point)
        try:
            menu.exec(browser.viewport().mapToGlobal(point))
        finally:
            self._pane_point = None
            menu.deleteLater()

    def pane_menu(self, point: QPoint) -> QMenu:
        """The reading pane's menu for `point` (viewport coordinates), its commands updated."""
        menu = self.window.reading_pane.browser.createStandardContextMenu(point)
        self.update_actions()
        menu.addSeparator()
        menu.addActions([self.add_figure, self.split_paragraph, self.split_sentence])
        menu.addSeparator()
        menu.addMenu(self.section_menu)
        menu.addMenu(self.figure_menu)
        return menu


def _value_text(figure: MetricRecord) -> str:
    """The value as the value dialog starts with: 800-1000 for a range, else the number."""
    def number(value: float | None) -> str:
        if value is None:
            return ""
        return str(int(value)) if float(value).is_integer() else str(value)

    if figure.high is not None and figure.low is not None:
        return f"{number(figure.low)}-{number(figure.high)}"
    return number(figure.value)


def install_corrections(window: MainWindow) -> WindowCorrections:
    """The correction commands, their undo stack and marks, on `window` (after finish_setup)."""
    return WindowCorrections(window)
