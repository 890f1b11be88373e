"""Command line: `python -m desktop_app [SUBCOMMAND] ...` (no subcommand opens the window).

This module only declares the arguments; each subcommand's work lives in its own module,
imported lazily so that `parse` never pays for Qt or Whoosh.
"""
from __future__ import annotations

import argparse
import importlib
import io
import logging
import os
import re
import sys

from desktop_app import __version__
from desktop_app.core import logs
from desktop_app.core.errors import ZhikuError
from desktop_app.core.sorts import DOCUMENT_SORTS
from desktop_app.core.terminal import block, one_line
from desktop_app.display import has_display

# subcommand -> "module:function"; each function takes the parsed args and returns an exit code.
HANDLERS = {
    "parse": "desktop_app.cli_parse:run_parse",
    "import": "desktop_app.cli_kb:run_import",
    "list": "desktop_app.cli_kb:run_list",
    "show": "desktop_app.cli_kb:run_show",
    "search": "desktop_app.cli_kb:run_search",
    "metrics": "desktop_app.cli_kb:run_metrics",
    "set": "desktop_app.cli_kb:run_set",
    "delete": "desktop_app.cli_kb:run_delete",
    "reindex": "desktop_app.cli_kb:run_reindex",
    "backup": "desktop_app.cli_kb:run_backup",
    "restore": "desktop_app.cli_kb:run_restore",
    "summary": "desktop_app.cli_summary:run_summary",
    "trend": "desktop_app.cli_trend:run_trend",
    "indicators": "desktop_app.cli_trend:run_indicators",
    "correct": "desktop_app.cli_corrections:run_correct",
    "corrections": "desktop_app.cli_corrections:run_corrections",
}
GUI_HANDLER = "desktop_app.ui.app:run_gui"
UNEXPECTED_ERROR_EXIT = 4  # 1 means "found nothing", 2 bad input, 3 busy
MAX_LIMIT = 1000  # --limit's most, as core/kb_input.MAX_LIMIT (not imported: it pulls in the records)
SQLITE_MAX_ID = 2**63 - 1  # SQLite's INTEGER PRIMARY KEY range: a larger id names nothing
SELF_TEST_HANDLER = "desktop_app.selftest:run_self_test"
log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse, with the arguments it quotes in usage errors shown, not obeyed, by the
    terminal (a file name from a folder listing may hold escape sequences)."""

    def _print_message(self, message: str, file=None) -> None:
        super()._print_message(block(message) if message else message, file)


def _common(default: str | None = None) -> _Parser:
    """Options every command takes. Subcommands get them with SUPPRESS defaults, so a value
    given before the subcommand (`zhiku --data-dir D list`) is not reset by the subparser."""
    common = _Parser(add_help=False)
    flag_default = False if default is None else default
    common.add_argument("--data-dir", metavar="DIR", default=default,
                        help="knowledge base folder (default: user data folder)")
    common.add_argument("--no-seed", action="store_true", default=flag_default,
                        help="do not import the bundled seeds into an empty knowledge base")
    common.add_argument("--json", action="store_true", default=flag_default, help="print UTF-8 JSON")
    common.add_argument("-v", "--verbose", action="store_true", default=flag_default,
                        help="also show the log's INFO lines on stderr (the log: DATA_DIR/logs/zhiku.log)")
    return common


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"必须是正整数 / must be a positive whole number: {text}")
    return value


def _id_type(what_zh: str, what_en: str):
    """An argparse type for a document or section id: a whole number from 1 to SQLITE_MAX_ID.

    A larger number names nothing (SQLite ids are 64-bit) and cannot even be passed to
    SQLite (OverflowError), so it is refused here, with the other impossible ids."""
    def parse(text: str) -> int:
        shown = text if len(text) <= 40 else text[:40] + "…"
        try:
            value = int(text.strip())
        except ValueError:  # not a number, or more digits than int() converts
            value = SQLITE_MAX_ID + 1 if text.strip().isdigit() else 0
        if value < 1:
            raise argparse.ArgumentTypeError(
                f"{what_zh}编号必须是正整数 / a {what_en} id must be a positive whole number: {shown}")
        if value > SQLITE_MAX_ID:
            raise argparse.ArgumentTypeError(
                f"没有编号为 {shown} 的{what_zh}（编号最大为 {SQLITE_MAX_ID}）/ "
                f"no {what_en} with id {shown} (ids go up to {SQLITE_MAX_ID})")
        return value
    parse.__name__ = f"{what_en}_id"
    return parse


SECTION_ID = _id_type("段落", "section")
DOC_ID = _id_type("文档", "document")


def _doc_list(text: str) -> tuple[int, ...]:
    """Document ids for --doc: numbers and ranges separated by commas (3,5-9), each id once."""
    ids: list[int] = []
    for part in text.replace("，", ",").split(","):
        span = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", part)  # 5-9; else one id (also "-1")
        low, high = (DOC_ID(span.group(1)), DOC_ID(span.group(2))) if span else (DOC_ID(part), None)
        if high is not None and high < low:
            raise argparse.ArgumentTypeError(f"范围无效 / invalid range: {part.strip()}")
        if high is not None and high - low >= MAX_DOC_RANGE:
            raise argparse.ArgumentTypeError(f"范围过大 / range too large: {part.strip()}")
        ids += range(low, (high or low) + 1)
    return tuple(dict.fromkeys(ids))


DOC_LIST = _doc_list
DOC_LIST.__name__ = "document ids"
MAX_DOC_RANGE = 1_000_000  # ids in one range of --doc


def _limit(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"最多 {MAX_LIMIT} / at most {MAX_LIMIT}: {text}")
    return value


def _offset(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"不能为负数 / cannot be negative: {text}")
    return value


def _year(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 9999:
        raise argparse.ArgumentTypeError(f"年份无效 / invalid year: {text}")
    return value


def _date(text: str) -> str:
    from desktop_app.core.dates import parse_date_arg  # only when a date is given

    try:
        return parse_date_arg(text)
    except ZhikuError as error:
        raise argparse.ArgumentTypeError(error.bilingual()) from error


def _document_filters(p: argparse.ArgumentParser, *, doc_help: str, limit: int | None = None) -> None:
    """The filters `list` and `search` share (see core/records.DocumentQuery), and paging."""
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE",
                   help="dated on or after DATE (YYYY-MM-DD); leaves out undated releases")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE",
                   help="dated on or before DATE (YYYY-MM-DD); leaves out undated releases")
    p.add_argument("--year", type=_year, help="of this year (also releases with a year but no day)")
    p.add_argument("--issuer", help="issuer contains this (full/half width and case ignored)")
    p.add_argument("--kind", help="section kind (achievement, 主要成效 …)")
    p.add_argument("--doc", type=DOC_LIST, metavar="IDS", help=doc_help)
    p.add_argument("--limit", type=_limit, default=limit,
                   help=f"at most N (≤ {MAX_LIMIT}; default: {limit or 'all'})")
    p.add_argument("--offset", type=_offset, default=0, help="skip the first N")


def _window_size(text: str) -> str:
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit() and 200 <= int(width) <= 10000
            and 200 <= int(height) <= 10000):
        raise argparse.ArgumentTypeError(f"窗口大小应写作 宽x高，如 1280x800 / size must be WxH, e.g. 1280x800: {text}")
    return f"{int(width)}x{int(height)}"


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with commands=False only the window's options (no
    subcommands: building them costs ~6 ms of every start of the window)."""
    common = _common(argparse.SUPPRESS)
    parser = _Parser(
        prog="zhiku", description="Zhiku (知库): offline knowledge base of press releases",
        parents=[_common()],
        epilog="A QUERY that starts with '-' goes after '--': zhiku search -- -词",
    )
    parser.add_argument("--version", action="version", version=f"zhiku {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check the installation and exit")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the main window to a PNG and exit")
    parser.add_argument("--select", metavar="SECTION_ID", type=SECTION_ID, help="with --screenshot: the section to show")
    parser.add_argument("--search", metavar="QUERY", help="with --screenshot: a search to run")
    parser.add_argument("--size", metavar="WxH", type=_window_size, default="1280x800",
                        help="with --screenshot: window size")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="interface language (default: remembered, else zh_CN)")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")

    p = sub.add_parser("parse", parents=[common], help="parse one release and print it")
    p.add_argument("file")

    p = sub.add_parser("import", parents=[common], help="import files or folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p = sub.add_parser("list", parents=[common], help="list documents and their sections")
    _document_filters(p, doc_help="only these documents: ids and ranges, e.g. 3,5-9")
    p.add_argument("--sort", choices=DOCUMENT_SORTS, default="date", help="order (default: date)")
    p.add_argument("--desc", action="store_true", help="in descending order")
    p = sub.add_parser("show", parents=[common], help="show one section with its text and metrics")
    p.add_argument("section_id", type=SECTION_ID, metavar="SECTION_ID")
    p = sub.add_parser("search", parents=[common], help="full-text search")
    p.add_argument("query")
    _document_filters(p, doc_help="only these documents: ids and ranges, e.g. 3,5-9", limit=20)
    p = sub.add_parser("metrics", parents=[common], help="query metrics")
    p.add_argument("--section", type=SECTION_ID)
    p.add_argument("--doc", type=DOC_ID)
    p.add_argument("--unit")
    p.add_argument("--kind")
    p.add_argument("--min", type=float)
    p.add_argument("--max", type=float)
    p.add_argument("--label")
    p.add_argument("--csv", action="store_true", help="print CSV (not with --json)")
    p = sub.add_parser("trend", parents=[common], help="one indicator's figures across releases, by date")
    p.add_argument("label", metavar="LABEL", help="the indicator, e.g. 刑事案件")
    p.add_argument("--unit", help="its unit (default: the one it has most releases in)")
    p.add_argument("--csv", action="store_true", help="print CSV (not with --json)")
    p = sub.add_parser("indicators", parents=[common], help="indicators found in several releases")
    p.add_argument("--min-releases", type=_positive_int, default=2, metavar="N",
                   help="found in at least N releases (default: 2)")
    p = sub.add_parser("set", parents=[common], help="set the year or issuer of many documents at once")
    p.add_argument("--doc", type=DOC_LIST, required=True, metavar="IDS", help="ids and ranges, e.g. 3,5-9")
    p.add_argument("--year", type=_year, help="the year (0 clears the year you set)")
    p.add_argument("--issuer", help="the issuer (\"\" clears the issuer you set)")

    p = sub.add_parser("delete", parents=[common], help="delete a document")
    p.add_argument("doc_id", type=DOC_ID, metavar="DOC_ID")
    sub.add_parser("reindex", parents=[common], help="rebuild the search index from the database")
    p = sub.add_parser("backup", parents=[common], help="write the whole knowledge base to one file")
    p.add_argument("file")
    p = sub.add_parser("restore", parents=[common], help="replace the knowledge base with a backup")
    p.add_argument("file")

    _correction_commands(sub, common)

    p = sub.add_parser("summary", parents=[common], help="write a section summary as PDF or HTML")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--section", type=SECTION_ID, nargs="+", metavar="ID")
    target.add_argument("--doc", type=DOC_ID, metavar="ID")
    target.add_argument("--search", metavar="QUERY")
    p.add_argument("--kind", help="with --search: only sections of this kind (achievement, 主要成效 …)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--pdf", metavar="OUT.pdf")
    out.add_argument("--html", metavar="OUT.html")
    return parser


def _correction_commands(sub, common: argparse.ArgumentParser) -> None:
    """`correct section|metric|add-metric|undo` and `corrections`. Values are
    checked by the core, which names the problem in Chinese and English (exit 2)."""
    p = sub.add_parser("correct", parents=[common], help="fix what the parser got wrong (undo: correct undo)")
    what = p.add_subparsers(dest="correct_what", metavar="WHAT", required=True)
    q = what.add_parser("section", parents=[common], help="correct a section (one option)")
    q.add_argument("section_id", type=SECTION_ID, metavar="ID")
    one = q.add_mutually_exclusive_group(required=True)
    one.add_argument("--kind", help="achievement, priority, outlook, lead, credits, other (or 主要成效 …)")
    one.add_argument("--level", metavar="1|2", help="2: an item of the area above; 1: an area of its own")
    one.add_argument("--split-at", metavar="OFFSET", help="a document offset (as in show): a new section starts there")
    one.add_argument("--merge-into-previous", action="store_true", help="merge into the section before it")
    one.add_argument("--heading", metavar="TEXT", help="the heading shown (the text itself is never edited)")
    q = what.add_parser("metric", parents=[common], help="correct a figure")
    q.add_argument("metric_id", type=_id_type("数据", "figure"), metavar="ID")
    q.add_argument("--label", help="the indicator's label")
    q.add_argument("--unit", help="a unit the figure rules know (%%, 万元, 人次 …) or X/Y of such")
    q.add_argument("--value", help="a number, or a range such as 800-1000 (value = low)")
    q.add_argument("--borderline", metavar="yes|no", help="borderline figures are not counted in metric_count")
    q.add_argument("--remove", action="store_true", help="not a figure: remove it")
    q = what.add_parser("add-metric", parents=[common], help="add a figure the parser missed")
    q.add_argument("doc_id", type=DOC_ID, metavar="DOC")
    q.add_argument("start", metavar="START", help="document offset of its first character")
    q.add_argument("end", metavar="END", help="document offset after its last character (exclusive)")
    what.add_parser("undo", parents=[common], help="undo the last correction (or restore)")
    p = sub.add_parser("corrections", parents=[common], help="list, export or import corrections")
    p.add_argument("--doc", type=DOC_ID, metavar="ID", help="only this document's")
    move = p.add_mutually_exclusive_group()
    move.add_argument("--export", metavar="FILE", help="write them to a JSON file")
    move.add_argument("--import", dest="import_file", metavar="FILE", help="apply corrections exported elsewhere")


def _load(spec: str):
    module_name, func_name = spec.split(":")
    return getattr(importlib.import_module(module_name), func_name)


def _utf8_stdio() -> None:
    """Write UTF-8 whatever the console's code page (Windows consoles default to cp936)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            continue
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
        elif hasattr(stream, "buffer"):
            setattr(sys, name, io.TextIOWrapper(stream.buffer, encoding="utf-8", errors="replace"))


def _choose_handler(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str:
    if getattr(args, "csv", False) and args.json:
        parser.error("--csv 与 --json 只能选一个 / choose either --csv or --json")
    if args.self_test:
        return SELF_TEST_HANDLER
    if args.command:
        return HANDLERS[args.command]
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        raise ZhikuError(
            "没有可用的图形显示（DISPLAY 未设置）：请在桌面会话中运行，或使用命令行子命令（zhiku --help）",
            "no graphical display (DISPLAY is not set): run Zhiku in a desktop session, "
            "or use a subcommand (zhiku --help)",
        )
    return GUI_HANDLER


def _report_unexpected(error: BaseException) -> int:
    """Last resort: one line for the user, the traceback in the log for the maintainers
    (logs/zhiku.log in the data folder; a new private file in the temporary folder when
    there is no log there: a read-only or not yet created data folder)."""
    log.error("Unexpected error", exc_info=error)
    path = logs.log_file()
    if path is None:
        path = _temporary_log(error)
    where = f" ({path})" if path is not None else ""
    print(one_line(f"zhiku: 意外错误 / unexpected error: {type(error).__name__}: {error}{where}"),
          file=sys.stderr)
    return UNEXPECTED_ERROR_EXIT


def _temporary_log(error: BaseException):
    """The traceback in a new private temporary file (its path), or None if none can be made."""
    import tempfile

    try:
        fd, path = tempfile.mkstemp(prefix="zhiku-error-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(logs.traceback_text(error) + "\n")
    except OSError:
        return None
    return path


# The window's options that take a value (see _window_only)
_WINDOW_VALUES = frozenset({"--data-dir", "--screenshot", "--select", "--search", "--size", "--lang"})


def _window_only(argv: list[str]) -> bool:
    """Whether the arguments can only mean the window (or --version, --self-test): no
    subcommand, no help. Anything else that is not an option — a subcommand, an abbreviated
    option's value, a stray word — gets the whole parser and its usual messages."""
    value_next = False
    for token in argv:
        if value_next:
            value_next = False
        elif token in ("-h", "--help") or not token.startswith("-"):
            return False
        else:
            value_next = token in _WINDOW_VALUES
    return True


def main(argv: list[str] | None = None) -> int:
    _utf8_stdio()
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(commands=not _window_only(argv))
    args = parser.parse_args(argv)
    logs.setup(args.data_dir, verbose=args.verbose)
    try:
        handler = _choose_handler(args, parser)
        if handler == GUI_HANDLER:  # before Qt could abort on a missing system library
            from desktop_app.system_libs import check_window_libraries

            check_window_libraries()
        return int(_load(handler)(args) or 0)
    except ZhikuError as error:
        print(one_line(f"zhiku: {error.bilingual()}"), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("zhiku: 已取消 / cancelled", file=sys.stderr)
        return 130
    except Exception as error:
        if os.environ.get("ZHIKU_DEBUG"):
            raise
        return _report_unexpected(error)
