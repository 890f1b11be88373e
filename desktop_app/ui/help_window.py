"""F1: the user guide shipped with Zhiku (resources/help, Chinese or English as the interface),
and the list of keyboard shortcuts, in a window beside the main one (not modal: the guide
can stay open while the user tries what it says)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.paths import resource_path
from desktop_app.ui.page_style import escape

DATA_FOLDER_LINK = "zhiku:data-folder"


def guide_path(language: str) -> Path:
    """The guide in `language` (the English one for any language without its own)."""
    path = resource_path("help", f"guide_{language}.html")
    return path if path.exists() else resource_path("help", "guide_en.html")


def typable(keys: QKeySequence) -> bool:
    """Keys of an ordinary keyboard: with a modifier, or F1…F35 (not the Help, Open or
    Forward keys of multimedia keyboards that Qt's standard keys also list)."""
    text = keys.toString(QKeySequence.SequenceFormat.PortableText)
    return "+" in text[:-1] or re.fullmatch(r"F\d+", text) is not None


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(command, keys) for every action with a shortcut, as the menus name them."""
    rows = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if typable(k)]
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…").rstrip("."), " / ".join(keys)))
    return rows


def shortcuts_table(rows: Iterable[tuple[str, str]]) -> str:
    """The shortcuts as an HTML table."""
    cells = "".join(f"<tr><td>{escape(name)}</td><td>&nbsp;&nbsp;<b>{escape(keys)}</b></td></tr>"
                    for name, keys in rows)
    return f"<table cellspacing='2'>{cells}</table>"


def guide_html(language: str, data_folder: Path, shortcuts: Iterable[tuple[str, str]]) -> str:
    """The guide with the data folder and the shortcut list filled in."""
    text = guide_path(language).read_text(encoding="utf-8")
    return text.replace("{data_folder}", escape(str(data_folder))).replace("{shortcuts}", shortcuts_table(shortcuts))


class HelpWindow(QDialog):
    """A page of help text with an "Open Data Folder" button (when given) and Close."""

    def __init__(self, title: str, html: str, open_data_folder: Callable[[], None] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._open_data_folder = open_data_folder
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.folder_button: QPushButton | None = None
        if open_data_folder is not None:
            self.folder_button = buttons.addButton(self.tr("Open Data Folder"), QDialogButtonBox.ButtonRole.ActionRole)
            self.folder_button.clicked.connect(open_data_folder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.toString() == DATA_FOLDER_LINK and self._open_data_folder is not None:
            self._open_data_folder()
