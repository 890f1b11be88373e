"""The layers hold: the core knows no Qt, no UI and no entry point; the UI knows no entry point.

`desktop_app/core` must run headless (CLI, tests, worker processes) and be reusable; the
entry points (`cli*`, `__main__`, `selftest`) sit on top of both. Every import statement is
read from the sources (also those inside functions), so a lazy import cannot hide.
"""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"
ENTRY_POINTS = ("desktop_app.cli", "desktop_app.__main__", "desktop_app.selftest")
QT = ("PySide6", "shiboken6")
# layer (a folder of the package) -> module prefixes it must never import
FORBIDDEN = {
    "core": (*QT, "desktop_app.ui", *ENTRY_POINTS),
    "ui": ENTRY_POINTS,
}


def imported_modules(path: Path, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in a module of `package`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _forbids(prefix: str, name: str) -> bool:
    # "desktop_app.cli" forbids desktop_app.cli, desktop_app.cli_kb, desktop_app.cli.x …
    return name == prefix or name.startswith((prefix + ".", prefix + "_"))


def layering_violations(package_dir: Path) -> list[str]:
    """'file:line imports module' for each import that breaks FORBIDDEN."""
    broken = []
    for layer, forbidden in FORBIDDEN.items():
        for path in sorted((package_dir / layer).rglob("*.py")):
            package = ".".join(("desktop_app", *path.relative_to(package_dir).parent.parts))
            for line, name in imported_modules(path, package):
                if any(_forbids(prefix, name) for prefix in forbidden):
                    broken.append(f"{path.relative_to(package_dir.parent)}:{line} imports {name}")
    return broken


def test_no_layer_imports_what_sits_above_it():
    assert layering_violations(PACKAGE) == []


def test_the_check_fails_on_a_forbidden_import(tmp_path):
    """Shown on a copy of the package with one temporary module per forbidden kind."""
    copy = tmp_path / "desktop_app"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "core" / "bad_qt.py").write_text("def f():\n    from PySide6 import QtCore\n", encoding="utf-8")
    (copy / "core" / "bad_ui.py").write_text("from ..ui import dialogs\n", encoding="utf-8")
    (copy / "core" / "bad_cli.py").write_text("import desktop_app.cli_kb\n", encoding="utf-8")
    (copy / "ui" / "bad_entry.py").write_text("from desktop_app import selftest\n", encoding="utf-8")
    (copy / "ui" / "fine.py").write_text("from desktop_app.core import kb\nfrom . import dialogs\n",
                                         encoding="utf-8")
    assert layering_violations(copy) == [
        "desktop_app/core/bad_cli.py:1 imports desktop_app.cli_kb",
        "desktop_app/core/bad_qt.py:2 imports PySide6",
        "desktop_app/core/bad_qt.py:2 imports PySide6.QtCore",
        "desktop_app/core/bad_ui.py:1 imports desktop_app.ui",
        "desktop_app/core/bad_ui.py:1 imports desktop_app.ui.dialogs",
        "desktop_app/ui/bad_entry.py:1 imports desktop_app.selftest",
    ]


def test_core_modules_import_without_qt():
    """At run time too: importing every core module loads no Qt."""
    modules = sorted(p.stem for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__")
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module('desktop_app.core.' + m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)
