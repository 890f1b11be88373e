"""`python -m desktop_app summary`: a section, document or search summary as PDF or HTML.

HTML needs no Qt at all. PDF needs Qt's layout and PDF writer but no display: without one
we ask Qt for its offscreen platform before the application object exists.
"""
from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

from desktop_app.core.errors import InputError
from desktop_app.core.summary import Summary, SummaryTarget, build_summary
from desktop_app.core.terminal import one_line
from desktop_app.display import offscreen_without_display

_app = None  # the QApplication made for --pdf, kept referenced until the process exits


def run_summary(args) -> int:
    """Write the summary the arguments ask for; prints where it went (and the page count)."""
    from desktop_app.core.kb import KnowledgeBase

    target = _target(args)
    path = Path(args.html or args.pdf)
    _check_output(path)
    with KnowledgeBase.open(args.data_dir, seed=not args.no_seed) as kb:
        if target.query is not None:
            found = kb.search(target.query, limit=1)
            if not found.total:  # like `search`: exit 1, and no empty summary written
                hint = found.hint or "没有找到匹配的段落 / No matching sections"
                print(f"zhiku: {one_line(hint)}", file=sys.stderr)
                return 1
        summary = build_summary(kb, target)
    if args.html:
        _write_html(summary, path)
        pages = None
    else:
        pages = _write_pdf(summary, path)
    _report(args, path, pages)
    return 0


def _check_output(path: Path) -> None:
    """Refuse an output path whose folder does not exist (no folders are created), that is
    a folder itself, or that is no regular file (a device such as /dev/full, a pipe: it
    would never be replaced), before any work is done."""
    if path.is_dir():
        raise InputError(f"这是一个文件夹，不是文件名：{path}。请给出要写入的文件名。",
                         f"This is a folder, not a file name: {path}. Give the name of the file to write.")
    if path.exists() and not path.is_file():
        raise InputError(f"无法写入 {path}：它不是普通文件（如设备或管道），知库不会替换它。请给出一个文件名。",
                         f"Cannot write {path}: it is not a regular file (a device or a pipe) and "
                         f"Zhiku will not replace it; give a file name.")
    if not path.parent.is_dir():
        raise InputError(f"保存位置的文件夹不存在：{path.parent}。请先创建该文件夹，或选择其他位置。",
                         f"The folder {path.parent} does not exist: create it first or choose another place.")


def _target(args) -> SummaryTarget:
    if args.doc is not None:
        return SummaryTarget.document(args.doc)
    if args.search is not None:
        if not args.search.strip():
            raise InputError("检索词为空：请在 --search 后给出要检索的词。",
                             "The search query is empty: give words after --search.")
        return SummaryTarget.search(args.search, kind=args.kind)
    return SummaryTarget.sections(args.section)


def _write_html(summary: Summary, path: Path) -> Path:
    try:
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
    offscreen_without_display()
    from PySide6.QtWidgets import QApplication

    global _app
    if QApplication.instance() is None:
        _app = QApplication(["zhiku"])
    from desktop_app.ui.fonts import load_bundled_font

    load_bundled_font()


def _output_error(path: Path, error: OSError) -> InputError:
    reason = error.strerror or str(error)
    if isinstance(error, PermissionError):
        chinese = "没有写入权限"
    elif error.errno == errno.ENOSPC:
        chinese = "磁盘空间不足，请清理磁盘空间后再试"
    else:
        chinese = "写入失败"
    return InputError(f"无法写入文件：{path}（{chinese}）", f"Cannot write {path}: {reason}")


def _report(args, path: Path, pages: int | None) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"path": str(path), "pages": pages}, ensure_ascii=False))
    elif pages is None:
        print(one_line(str(path)))
    else:
        print(f"{one_line(str(path))} ({pages} 页 / pages)")
