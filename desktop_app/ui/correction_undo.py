"""Undo and redo of the user's corrections with a QUndoStack.

A command is pushed once its correction is stored (a write off the GUI thread); its first
redo (QUndoStack.push calls it) does nothing. Undo removes the corrections it applied, or
applies again those it removed (a restore of the parser's version); redo does the opposite.
The corrections keep their ids, so undo and redo in any order name the same ones.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from desktop_app.core.corrections import Correction

# (corrections to apply, corrections to remove): runs the write and refreshes the window
Replay = Callable[[Sequence["Correction"], Sequence["Correction"]], bool]


class CorrectionCommand(QUndoCommand):
    """One correction the user made (or a restore, or a properties edit): `applied` are the
    corrections it stored, `removed` those it removed."""

    def __init__(self, text: str, replay: Replay, applied: Sequence[Correction] = (),
                 removed: Sequence[Correction] = ()):
        super().__init__(text)
        self._replay = replay
        self.applied, self.removed = list(applied), list(removed)
        self._pushed = False  # done already when pushed: the first redo is QUndoStack.push's

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._replay(self.applied, self.removed)

    def undo(self) -> None:
        self._replay(self.removed, self.applied)
