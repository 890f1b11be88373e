"""The core never imports Qt: it must run headless, in the CLI and in tests without a display."""
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "desktop_app" / "core"


def test_core_modules_import_without_qt():
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module('desktop_app.core.' + m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=CORE.parents[1])


def test_core_sources_do_not_mention_pyside():
    offenders = [p.name for p in CORE.glob("*.py") if "PySide6" in p.read_text(encoding="utf-8")]
    assert offenders == []
