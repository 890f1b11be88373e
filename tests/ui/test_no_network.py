"""No network use, ever: PDF export and the self-test never reach the
print system. Each command runs in a subprocess under tests/hostile/network.py's trap:
CUPS_SERVER names a local listener that counts connections (Qt's C code included) and a
Python audit hook logs every socket.connect."""
from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import PySide6
import pytest

from tests.hostile.network import run_trapped

REPO = Path(__file__).resolve().parents[2]
CUPS_PLUGIN = Path(PySide6.__file__).parent / "Qt" / "plugins" / "printsupport"
OFFSCREEN = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _python(code: str, tmp_path: Path):
    return run_trapped([sys.executable, "-c", textwrap.dedent(code)], tmp_path, cwd=REPO,
                       env=OFFSCREEN, timeout=240)


def _no_network(caught) -> str:
    """The assertion message: what the trap saw, and the command's output."""
    return (f"{caught.accepted} connection(s) to CUPS_SERVER, Python calls {caught.python_calls}; "
            f"exit {caught.returncode}\n{caught.stdout[-800:]}\n{caught.stderr[-800:]}")


@pytest.mark.skipif(not any(CUPS_PLUGIN.glob("*cups*")), reason="Qt has no CUPS print support here")
def test_the_trap_sees_a_qprinter_ask_cups(tmp_path):
    """Control: the listener does catch Qt's C-level connects (a bare QPrinter() makes them)."""
    caught = _python("""
        from PySide6.QtWidgets import QApplication
        from PySide6.QtPrintSupport import QPrinter
        app = QApplication(["t"])
        QPrinter(QPrinter.PrinterMode.HighResolution)
    """, tmp_path)
    assert caught.accepted > 0 and caught.python_calls == [], _no_network(caught)


def test_the_trap_sees_python_connect(tmp_path):
    """Control: the audit hook logs (and refuses) a connect made from Python."""
    caught = _python("""
        import socket
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except OSError:
            pass
    """, tmp_path)
    assert any(call.startswith("connect ('127.0.0.1', 9)") for call in caught.python_calls)


def test_cli_pdf_export_opens_no_connection(tmp_path):
    out = tmp_path / "summary.pdf"
    caught = run_trapped(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "kb"), "summary",
         "--doc", "1", "--pdf", str(out)], tmp_path, cwd=REPO, env=OFFSCREEN, timeout=240)
    assert caught.returncode == 0 and out.stat().st_size > 0, _no_network(caught)
    assert not caught.network_used, _no_network(caught)


def test_window_export_pdf_opens_no_connection(tmp_path):
    """File → Export PDF… in the real (offscreen) window, on the seeded knowledge base."""
    out = tmp_path / "window.pdf"
    caught = _python(f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from desktop_app.ui import dialogs, printing
        from desktop_app.ui.app import GuiApp, ensure_application
        from desktop_app.ui.settings import open_settings

        app = ensure_application()
        gui = GuiApp(Path({str(tmp_path / "kb")!r}), open_settings(Path({str(tmp_path / "z.ini")!r})))
        errors = []
        dialogs.show_error = lambda parent, message: errors.append(message.full_text())
        dialogs.save_file = lambda *args, **kwargs: {str(out)!r}
        printing.choose_scope = lambda parent, scopes: scopes[-1].target  # the whole document
        dialogs.pdf_saved = lambda *args: None  # “saved as …, open file / open folder”

        def export():
            gui.window.findChild(printing.PrintActions, "print_actions").pdf_action.trigger()
            app.exit(0)

        gui.session.ready.connect(lambda: QTimer.singleShot(0, export))
        QTimer.singleShot(120_000, lambda: app.exit(5))
        gui.show()
        code = app.exec()
        gui.close()
        print("errors:", errors)
        sys.exit(code or (6 if errors else 0))
    """, tmp_path)
    assert caught.returncode == 0 and out.stat().st_size > 0, _no_network(caught)
    assert not caught.network_used, _no_network(caught)
