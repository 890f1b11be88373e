"""Refresh zhiku_zh_CN.ts from the sources and compile zhiku_zh_CN.qm.

    .venv/bin/python resources/i18n/update_translations.py

Runs pyside6-lupdate over desktop_app/ui/*.py (keeping existing translations), gives strings
that lupdate could not place in a class the context they use at run time (printing.py's
`tr()` helper translates in context "Printing"), then compiles with pyside6-lrelease.
Translate new strings with pyside6-linguist (or by editing the .ts), then run this again.

qt_extra_zh_CN.ts holds the strings of Qt's own dialogs (QFileDialog, QPrintDialog …) that
Qt's qtbase_zh_CN lacks, under Qt's contexts. It is edited by hand and only compiled here:
lupdate's -no-obsolete would wipe such strings from Zhiku's own catalogue.
"""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TS = HERE / "zhiku_zh_CN.ts"
QM = HERE / "zhiku_zh_CN.qm"
QT_EXTRA_TS = HERE / "qt_extra_zh_CN.ts"
QT_EXTRA_QM = HERE / "qt_extra_zh_CN.qm"
# source file -> the context its module-level helper passes to QCoreApplication.translate
MODULE_CONTEXTS = {"printing.py": "Printing"}


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _fix_contexts() -> None:
    """Move messages of the empty context (module-level tr helpers) to their real context."""
    tree = ET.parse(TS)
    root = tree.getroot()
    contexts = {c.findtext("name") or "": c for c in root.findall("context")}
    empty = contexts.get("")
    if empty is None:
        return
    for message in list(empty.findall("message")):
        location = message.find("location")
        name = MODULE_CONTEXTS.get(Path(location.get("filename", "")).name) if location is not None else None
        if name is None:
            continue
        target = contexts.get(name)
        if target is None:
            target = ET.SubElement(root, "context")
            ET.SubElement(target, "name").text = name
            contexts[name] = target
        if not any(m.findtext("source") == message.findtext("source") for m in target.findall("message")):
            target.append(message)
        empty.remove(message)
    if not empty.findall("message"):
        root.remove(empty)
    ET.indent(tree, space="    ")
    tree.write(TS, encoding="utf-8", xml_declaration=True)


def main() -> int:
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "desktop_app" / "ui").glob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS.relative_to(REPO))],
                   cwd=REPO, check=True)
    _fix_contexts()
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    subprocess.run([_tool("pyside6-lrelease"), str(QT_EXTRA_TS), "-qm", str(QT_EXTRA_QM)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
