"""The window keeps Qt's own contracts: typed settings reads survive a hand-edited file,
and nothing of ours shadows a Qt method (QWidget.actions(), QObject.parent())."""
from __future__ import annotations

from desktop_app.ui.printing import remembered_page_size
from desktop_app.ui.settings import open_settings, read_bytes, read_int, read_list, read_str
from tests.hostile.settings import mistyped_settings
from tests.ui.conftest import start_gui


def test_a_settings_file_with_values_of_the_wrong_type_opens_the_window_with_defaults(
        qtbot, data_dir, tmp_path, dialog_calls):
    """Before: AttributeError: 'str' object has no attribute 'isEmpty' in the window's
    constructor (ui/geometry holding text), at every start until the file was deleted."""
    settings_file = mistyped_settings(tmp_path / "settings")
    gui = start_gui(qtbot, data_dir, settings_file)
    try:
        assert (gui.window.width(), gui.window.height()) == (1280, 800)
        assert gui.window.reading_pane.zoom_level() == 0
    finally:
        gui.close()


def test_typed_reads_give_their_type_or_the_default(tmp_path):
    settings = open_settings(mistyped_settings(tmp_path))
    assert read_bytes(settings, "ui/geometry").isEmpty()
    assert read_bytes(settings, "ui/windowState").isEmpty()
    assert read_int(settings, "ui/zoom") == 0
    assert read_int(settings, "ui/missing", 3) == 3
    assert read_str(settings, "ui/lastImportDir", "home") == ""  # QSettings: "" for a list
    assert read_str(settings, "ui/missing", "home") == "home"
    assert read_list(settings, "search/recent") == ["7"]
    remembered_page_size()  # a page size that is not a number: no exception


def test_the_window_and_its_models_keep_qt_s_actions_and_parent(window):
    """Before: window.actions() raised TypeError (our WindowActions shadowed QWidget.actions)
    and tree_model.parent() gave an invalid QModelIndex instead of the model's owner."""
    assert window.commands.quit in window.findChildren(type(window.commands.quit))
    assert isinstance(window.actions(), list)
    assert window.tree_model.parent() is window
    assert not window.tree_model.parent(window.tree_model.index(0, 0)).isValid()  # a top row
