"""Qt's own (non-native) file dialog in the interface's language.

Qt's QFileSystemModel writes sizes and dates in the *system* locale ("7 12 2026 06:40",
"2 bytes" on a C or English system), whatever the interface language. Kylin/UOS desktops and
any Linux without a desktop-specific platform theme get this dialog, so its Size and Date
Modified columns are written again here in the interface's locale (QLocale(), which i18n sets:
"2026/12/7 06:40", "2 字节"). Native dialogs (Windows, macOS) are localised by the system.
"""
from __future__ import annotations

from PySide6.QtCore import QIdentityProxyModel, QLocale, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QWidget

SIZE_COLUMN, DATE_COLUMN = 1, 3


class LocalisedFileModel(QIdentityProxyModel):
    """The file dialog's model with sizes and dates in the interface's locale."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        source = self.sourceModel()
        if (role == Qt.ItemDataRole.DisplayRole and index.isValid() and isinstance(source, QFileSystemModel)
                and index.column() in (SIZE_COLUMN, DATE_COLUMN)):
            source_index = self.mapToSource(index)
            if index.column() == DATE_COLUMN:
                return QLocale().toString(source.lastModified(source_index), QLocale.FormatType.ShortFormat)
            return "" if source.isDir(source_index) else QLocale().formattedDataSize(source.size(source_index))
        return super().data(index, role)


def file_dialog(parent: QWidget | None, title: str, directory: str, file_filter: str = "") -> QFileDialog:
    """A QFileDialog whose Qt-drawn variant shows sizes and dates in the interface's locale."""
    dialog = QFileDialog(parent, title, directory, file_filter)
    dialog.setProxyModel(LocalisedFileModel(dialog))
    return dialog
