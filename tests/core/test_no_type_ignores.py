"""mypy checks all of desktop_app with no exceptions written into the code: a `type: ignore`
hides a real error (four of them had crept in: an overload of Qt's parent(), a tuple
unpacked into a call, an int() of an object, Windows-only ctypes names)."""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"


def test_no_module_silences_the_type_checker():
    found = [f"{path.relative_to(PACKAGE.parent)}:{number}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "type: ignore" in line]
    assert found == []
