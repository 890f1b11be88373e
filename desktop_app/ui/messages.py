"""One translated, actionable message for each error the core is expected to raise.

The core's errors already name the file and the problem (in Chinese and English); here each
class gets a title and the advice a user can act on. Unknown exceptions are not described
here: they go to the exception hook, which logs them.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desktop_app.core.errors import (
    BackupRefusedError,
    BusyError,
    CorrectionError,
    ForeignFolderError,
    InputError,
    NotFoundError,
    ReadOnlyError,
    StoreError,
    ZhikuError,
)
from desktop_app.ui import i18n

translate = QCoreApplication.translate


@dataclass(frozen=True)
class UserMessage:
    title: str
    text: str  # what went wrong, naming the file
    advice: str  # what to do about it

    def full_text(self) -> str:
        return f"{self.text}\n\n{self.advice}" if self.advice else self.text


def error_text(error: BaseException) -> str:
    """The error's own words in the interface language."""
    if isinstance(error, ZhikuError):
        return error.chinese if i18n.current_language().startswith("zh") else error.english
    if isinstance(error, OSError):
        name = error.filename or ""
        reason = error.strerror or str(error)
        return f"{name}: {reason}" if name else reason
    return str(error)


def _advice_for(error: BaseException) -> tuple[str, str]:
    if isinstance(error, BusyError):
        return (translate("Messages", "The knowledge base is busy"),
                translate("Messages", "Another Zhiku window or command is writing to it. Wait a moment and try again."))
    if isinstance(error, NotFoundError):
        return (translate("Messages", "No longer in the knowledge base"),
                translate("Messages", "It may have been deleted by another window or command. The list has been refreshed."))
    if isinstance(error, ReadOnlyError):
        return (translate("Messages", "The knowledge base is read-only"),
                translate("Messages", "Its data folder cannot be written (a read-only disk or no permission). You can "
                   "still read, search, print and back it up. To change it, get write permission or "
                   "restore a backup into a folder you can write."))
    if isinstance(error, BackupRefusedError):
        return (translate("Messages", "Cannot restore from this backup"),
                translate("Messages", "The knowledge base was not changed. Choose another backup file — one written by "
                   "Zhiku's File → Back Up Knowledge Base…"))
    if isinstance(error, ForeignFolderError):
        return (translate("Messages", "This data folder holds other files"),
                translate("Messages", "Zhiku writes and deletes files in its data folder, so it leaves this one alone. "
                   "Choose another data folder (start Zhiku with --data-dir FOLDER), or move the files "
                   "named above elsewhere."))
    if isinstance(error, StoreError):
        return (translate("Messages", "Cannot use the knowledge base"),
                translate("Messages", "Check that the disk has free space and that the data folder can be written. "
                   "If the database is damaged, restore a backup with File → Restore from Backup…"))
    if isinstance(error, CorrectionError):
        # the reason already says nothing was changed; import advice would not fit
        return (translate("Messages", "Cannot make this correction"), "")
    if isinstance(error, InputError):
        return (translate("Messages", "Cannot read the file"),
                translate("Messages", "Zhiku reads press releases saved as .txt, .md, .html, .mhtml, .docx or .pdf. "
                   "Save Word .doc or WPS files as .docx or .txt and import them again; for a PDF, "
                   "the message above says what to do."))
    if isinstance(error, PermissionError):
        return (translate("Messages", "No permission"),
                translate("Messages", "Check that you are allowed to read and write this file or folder."))
    if isinstance(error, FileNotFoundError):
        return (translate("Messages", "File not found"),
                translate("Messages", "The file or folder was moved or deleted. Choose it again."))
    if isinstance(error, OSError):
        return (translate("Messages", "Cannot access the file"),
                translate("Messages", "Check that the disk is connected, has free space and that the file is not open elsewhere."))
    return (translate("Messages", "Something went wrong"), translate("Messages", "Try again; if it happens again, see the log in the data folder."))


def describe_error(error: BaseException) -> UserMessage:
    """The dialog for an expected error: title, the error's words, and what to do."""
    title, advice = _advice_for(error)
    return UserMessage(title, error_text(error), advice)


def is_expected(error: BaseException) -> bool:
    """Errors that get a message; anything else is a bug for the exception hook."""
    return isinstance(error, (ZhikuError, OSError))
