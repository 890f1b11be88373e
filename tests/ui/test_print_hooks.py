"""The hooks the printing module uses: its actions sit in the File menu, and the window says
what is shown, ticked and searched."""
from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.ui import printing
from tests.ui.test_search import type_query


def test_the_main_window_is_what_the_print_actions_need(window, qtbot):
    """Before: printing looked window parts up with getattr (a part missing or renamed
    silently dropped a print scope, the status message or the menu place); now they are a
    Protocol that the window satisfies (mypy checks the types where it installs them)."""
    qtbot.waitUntil(lambda: window._printing_installed, timeout=5000)
    assert isinstance(window, printing.PrintableWindow)
    assert isinstance(window.menus, printing.PrintMenus)
    actions = window.findChild(printing.PrintActions, "print_actions")
    assert actions is not None and actions.print_action in window.menus.file.actions()


def test_print_actions_are_added_to_the_file_menu_before_quit(window, qtbot):
    qtbot.waitUntil(lambda: window._printing_installed, timeout=5000)
    texts = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert "打印(&P)…" in texts and "导出 PDF(&E)…" in texts
    assert texts.index("打印(&P)…") < texts.index("退出(&Q)")


def test_hooks_report_the_section_document_ticks_and_search(window, qtbot):
    doc = window.kb().document(window.session.documents[0].id)  # the list comes without sections
    section = next(s for s in doc.sections if s.kind == "achievement")
    assert window.current_doc_id() == doc.id and window.current_section_ids() == []
    window.show_section(section.id)
    assert window.current_section_ids() == [section.id] and window.current_doc_id() == doc.id
    index = window.tree_model.find_section(section.id)
    window.tree_model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert window.checked_section_ids() == [section.id]
    assert window.current_search() is None
    type_query(window, qtbot, "网格员")
    assert window.current_search() == ("网格员", {"kind": None, "doc_id": None})
    assert window.kb() is window.session.kb
