"""`python -m desktop_app summary`: a section, document or search summary as PDF or HTML.

HTML needs no Qt at all. PDF needs Qt's layout and PDF writer but no display: without one
we ask Qt for its offscreen platform before the application object exists.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from desktop_app.core.errors import InputError
from desktop_app.core.summary import Summary, SummaryTarget, build_summary

_app = None  # the QApplication made for --pdf, kept referenced until the process exits


def run_summary(args) -> int:
    """Write the summary the arguments ask for; prints where it went (and the page count)."""
    from desktop_app.core.kb import KnowledgeBase

    target = _target(args)
    with KnowledgeBase.open(args.data_dir, seed=not args.no_seed) as kb:
        summary = build_summary(kb, target)
    if args.html:
        path = _write_html(summary, Path(args.html))
        pages = None
    else:
        path = Path(args.pdf)
        pages = _write_pdf(summary, path)
    _report(args, path, pages)
    return 0


def _target(args) -> SummaryTarget:
    if args.doc is not None:
        return SummaryTarget.document(args.doc)
    if args.search is not None:
        if not args.search.strip():
            raise InputError("检索词为空：请在 --search 后给出要检索的词。",
                             "The search query is empty: give words after --search.")
        return SummaryTarget.search(args.search)
    return SummaryTarget.sections(args.section)


def _write_html(summary: Summary, path: Path) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(summary.html(), encoding="utf-8")
    except OSError as error:
        raise _output_error(path, error) from error
    return path


def _write_pdf(summary: Summary, path: Path) -> int:
    _ensure_qt_application()
    from desktop_app.ui.printing import write_pdf

    try:
        return write_pdf(summary, path)
    except OSError as error:
        raise _output_error(path, error) from error


def _ensure_qt_application() -> None:
    """A QApplication for fonts and printing; offscreen when there is no display."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    global _app
    if QApplication.instance() is None:
        _app = QApplication(["zhiku"])
    from desktop_app.ui.fonts import load_bundled_font

    load_bundled_font()


def _output_error(path: Path, error: OSError) -> InputError:
    reason = error.strerror or str(error)
    return InputError(f"无法写入文件：{path}（{reason}）", f"Cannot write {path}: {reason}")


def _report(args, path: Path, pages: int | None) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"path": str(path), "pages": pages}, ensure_ascii=False))
    elif pages is None:
        print(f"{path}")
    else:
        print(f"{path} ({pages} 页 / pages)")
