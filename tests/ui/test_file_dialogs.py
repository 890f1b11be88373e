"""Files chosen in Zhiku's file dialog are the files the user named."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import QFileDialog, QLineEdit, QListView


def test_every_name_typed_in_the_file_box_is_chosen_whatever_the_list_selected(qapp, tmp_path):
    """In a real window, typing eleven quoted names imported five: Qt prefers the rows its
    type-ahead selected in the list, and behind the dialog's proxy model that selection
    missed some. Here the list holds one of the three typed names, as it did then."""
    from desktop_app.ui.dialogs import _chosen
    from desktop_app.ui.file_dialog import file_dialog

    names = ["a.txt", "b.txt", "c.txt"]
    for name in names:
        (tmp_path / name).write_text("一", encoding="utf-8")
    dialog = file_dialog(None, "导入文件", str(tmp_path), "Press releases (*.txt)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)

    def type_names_then_accept() -> None:
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        view = dialog.findChild(QListView, "listView")
        edit.setText(" ".join(f'"{n}"' for n in names))  # the type-ahead selects rows …
        model = view.model()
        first = next(model.index(r, 0, view.rootIndex()) for r in range(model.rowCount(view.rootIndex()))
                     if model.index(r, 0, view.rootIndex()).data() == names[0])
        selection = view.selectionModel()
        selection.blockSignals(True)  # … and, as behind the proxy, holds only one of them
        selection.select(first, QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)
        dialog.accept()

    QTimer.singleShot(300, type_names_then_accept)
    chosen = _chosen(dialog)
    assert sorted(chosen) == sorted(str(tmp_path / n) for n in names)
