"""Errors the core raises. Each carries a Chinese message a user can act on and an English one.

Only the UI and the CLI turn these into dialogs, status messages or exit codes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.records import ImportReport


class ZhikuError(Exception):
    """Base class: `str(e)` is the Chinese message, `e.english` the English one."""

    exit_code = 2
    # What an import committed before it stopped on this error (KnowledgeBase.import_paths
    # sets it); None for every other error.
    partial: ImportReport | None = None

    def __init__(self, chinese: str, english: str):
        super().__init__(chinese)
        self.chinese = chinese
        self.english = english

    def bilingual(self) -> str:
        return f"{self.chinese}{BILINGUAL_SEPARATOR}{self.english}"


BILINGUAL_SEPARATOR = " / "  # between the Chinese and the English half of a core message


def one_language(text: str, english: bool) -> str:
    """One half of a bilingual line the core writes ("中文 / English": error reasons of an import,
    parser limit notes, the read-only notice), for a window that speaks one language. A text
    that is not one such line (no separator, several, or no Chinese before it) comes back whole."""
    chinese, separator, other = text.partition(BILINGUAL_SEPARATOR)
    if not separator or BILINGUAL_SEPARATOR in other or not any("\u4e00" <= c <= "\u9fff" for c in chinese):
        return text
    return other if english else chinese


class InputError(ZhikuError):
    """A file cannot be read as a press release (missing, binary, empty, too large, wrong format)."""


class CorrectionError(InputError):
    """A correction that is refused (not a number, an empty heading, a split that would leave
    an empty section …); nothing was changed. An InputError (the CLI's exit code 2), but no
    file is involved: the way out is another value, not another file."""


class NotFoundError(ZhikuError):
    """A document or section id that is not in the knowledge base."""


class BusyError(ZhikuError):
    """Another process is writing to the knowledge base."""

    exit_code = 3


class StoreError(ZhikuError):
    """The knowledge base itself cannot be opened or written (disk full, corrupt file)."""


class ReadOnlyError(StoreError):
    """The knowledge base folder is read-only: it can be read and backed up, not changed."""


class BackupRefusedError(StoreError):
    """A backup file that restore will not use (not Zhiku's, damaged, of a newer version, or
    holding what Zhiku never writes); the knowledge base was not changed. The way out is
    another backup file."""


class ForeignFolderError(StoreError):
    """A data folder holding someone else's files where Zhiku's go (its `index/`, or another
    program's database); nothing was written. The way out is another data folder."""
