"""`zhiku --self-test`: prove that an installation works, step by step, without touching the
user's knowledge base.

In a temporary data folder it imports the bundled seed, checks what the parser found in it,
searches it, exports a section PDF and reads the PDF's text back, imports the seed laid out
as a PDF, and opens the main window
offscreen. Each step prints `ok  …` or `FAIL …` with the reason (never a traceback); the last
line says whether the whole test passed, and the exit code is non-zero on any failure.

The section-PDF check reads its PDF without PDFium: Qt writes Type0 fonts with a
ToUnicode CMap and hex glyph strings, so zlib plus two small parsers read the text back.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import __version__
from desktop_app.core.kinds import SectionKind
from desktop_app.core.terminal import one_line

if TYPE_CHECKING:  # the steps import the core and Qt, each when it runs
    from PySide6.QtCore import QCoreApplication

    from desktop_app.core.kb import KnowledgeBase
    from desktop_app.core.records import SectionRecord

SEEDS_ENV = "ZHIKU_SELFTEST_SEEDS"  # tests point this at another folder to make a step fail
EXPECTED = {"achievement": 5, "priority": 5, "metrics": 37}
QUERY = "网格员"
WINDOW_TIMEOUT_S = 30


class StepFailed(Exception):
    """A check that did not hold; the message says what was expected and what was found."""


class SelfTest:
    """Runs the steps in order; later steps use what earlier ones produced."""

    def __init__(self, data_dir: Path, out=None) -> None:
        self.data_dir = data_dir
        self.out = out or sys.stdout
        self.failures = 0
        self.kb: KnowledgeBase | None = None
        self.doc_id: int | None = None
        self.sections: list[SectionRecord] = []
        self.app: QCoreApplication | None = None

    def step(self, name: str, check: Callable[[], str]) -> None:
        """Run one check; print `ok  name: detail` or `FAIL name: reason`."""
        try:
            detail = check()
        except Exception as error:  # noqa: BLE001 - every failure becomes one line
            self.failures += 1
            self._print(f"FAIL {name}: {_reason(error)}")
        else:
            self._print(f"ok  {name}" + (f": {detail}" if detail else ""))

    def _print(self, line: str) -> None:
        """One line; a seed's title or a reason is shown, never obeyed, by the terminal."""
        print(one_line(line), file=self.out, flush=True)

    # --- the steps -------------------------------------------------------------------------

    def import_seed(self) -> str:
        from desktop_app.core.kb import KnowledgeBase

        seeds = seed_files()
        self.kb = kb = KnowledgeBase.open(self.data_dir, seed=False)
        report = kb.import_paths(seeds)
        docs = kb.documents()
        if len(docs) != 1:
            raise StepFailed(f"expected 1 document from {len(seeds)} seed file(s), found {len(docs)} "
                             f"({_report_text(report)})")
        self.doc_id = docs[0].id
        self.sections = kb.sections(self.doc_id)
        return f"{seeds[0].name} -> {docs[0].title or '(no title)'}"

    def check_sections(self) -> str:
        kinds: list[str] = [s.info.kind for s in self._sections()]
        found = {kind: kinds.count(kind) for kind in ("achievement", "priority")}
        wanted = {kind: EXPECTED[kind] for kind in found}
        if found != wanted:
            raise StepFailed(f"expected {wanted}, found {found}")
        return f"{found['achievement']} achievement + {found['priority']} priority sections"

    def check_metrics(self) -> str:
        metrics = self._kb().metrics(doc_id=self._doc())
        count = sum(not m.borderline for m in metrics)  # borderline: counts inside document names
        if count != EXPECTED["metrics"]:
            raise StepFailed(f"expected {EXPECTED['metrics']} metrics, found {count}")
        return f"{count} metrics (+{len(metrics) - count} borderline)"

    def check_search(self) -> str:
        wanted = {s.info.id for s in self._sections() if QUERY in s.text}
        if len(wanted) != 2:
            raise StepFailed(f"expected 2 sections containing {QUERY} in the seed, found {len(wanted)}")
        result = self._kb().search(QUERY)
        top = [hit.section_id for hit in result.hits[:2]]
        if set(top) != wanted:
            raise StepFailed(f"expected sections {sorted(wanted)} first, got {top} (total {result.total})")
        return f"{QUERY} -> {len(result.hits)} hits, both sections that mention it first"

    def check_pdf(self) -> str:
        from desktop_app.core.summary import SummaryTarget, build_summary
        from desktop_app.ui.printing import write_pdf

        self._ensure_app()
        section = next((s for s in self._sections() if s.info.kind == SectionKind.ACHIEVEMENT), None)
        if section is None:
            raise StepFailed("no achievement section to print")
        path = self.data_dir / "self-test-section.pdf"
        pages = write_pdf(build_summary(self._kb(), SummaryTarget.sections([section.info.id])), path)
        text = pdf_text(path.read_bytes())
        shown = _squash(text.text)
        heading = _squash(section.info.heading or "")
        if not heading or heading not in shown:
            raise StepFailed(f"heading {section.info.heading!r} not found in the PDF's text ({shown[:60]!r}…)")
        missing = [m.text for m in section.metrics if _squash(m.text) not in shown]
        if missing:
            raise StepFailed(f"figures {missing} not found in the PDF's text")
        if text.unmapped:
            raise StepFailed(f"{text.unmapped} glyph(s) without a character (boxes) in the PDF")
        if not text.embedded_fonts:
            raise StepFailed("the PDF embeds no font")
        return (f"{pages} page(s), heading and {len(section.metrics)} figures found, "
                f"font embedded: {', '.join(text.embedded_fonts)}")

    def import_pdf(self) -> str:
        """The seed laid out by Qt as a PDF and imported again: PDFium is in the bundle and a
        PDF release gives the sections and figures its text gives."""
        from desktop_app.core.formats import load_release

        seed = seed_files()[0]
        path = self.data_dir / "self-test-release.pdf"
        self._ensure_app()
        _write_release_pdf(seed.read_text("utf-8"), path)
        document = load_release(path)
        from_text = load_release(seed)
        found = ([s.kind for s in document.sections], [m.text for m in document.metrics])
        wanted = ([s.kind for s in from_text.sections], [m.text for m in from_text.metrics])
        if found != wanted:
            raise StepFailed(f"expected {len(wanted[0])} sections and {len(wanted[1])} figures as in the text, "
                             f"found {len(found[0])} and {len(found[1])}")
        return f"{path.stat().st_size // 1024} KiB PDF of the seed -> {len(found[0])} sections, {len(found[1])} figures"

    def open_window(self) -> str:
        """Show the real main window on the seeded folder, wait until loading is done, close."""
        from PySide6.QtCore import QEventLoop, QTimer

        from desktop_app.ui.app import GuiApp, ensure_application
        from desktop_app.ui.settings import open_settings

        self._ensure_app()
        app = ensure_application()
        gui = GuiApp(self.data_dir, open_settings(self.data_dir.parent / "zhiku.ini"), seed=False)
        outcome: dict[str, BaseException | None] = {}  # "ready": None, or "failed": the error
        loop = QEventLoop()

        def ready() -> None:
            outcome.setdefault("ready", None)
            loop.quit()

        def failed(error: BaseException) -> None:
            outcome.setdefault("failed", error)
            loop.quit()

        gui.session.ready.connect(ready)
        gui.session.failed.connect(failed)
        QTimer.singleShot(WINDOW_TIMEOUT_S * 1000, loop.quit)
        try:
            gui.show()
            loop.exec()
            window = gui.window
            failure = outcome.get("failed")
            if failure is not None:
                raise StepFailed(f"loading failed: {_reason(failure)}")
            if "ready" not in outcome:
                raise StepFailed(f"the window was not ready after {WINDOW_TIMEOUT_S} s")
            if not window.isVisible() or window.grab().isNull():
                raise StepFailed("the main window did not show")
            documents = window.tree.model().rowCount()
            if documents < 1:
                raise StepFailed("the window's tree shows no document")
            if app.windowIcon().pixmap(64, 64).isNull():
                raise StepFailed("the application icon does not render")
            title = window.windowTitle()
            _check_chinese_interface(title)
        finally:
            gui.close()
            app.processEvents()
        return f"{app.platformName()} platform, {title!r}, {documents} document(s) in the tree"

    # --- helpers ---------------------------------------------------------------------------

    def _kb(self) -> KnowledgeBase:
        if self.kb is None:
            raise StepFailed("needs the imported seed (see above)")
        return self.kb

    def _doc(self) -> int:
        self._kb()
        if self.doc_id is None:
            raise StepFailed("needs the imported seed (see above)")
        return self.doc_id

    def _sections(self) -> list[SectionRecord]:
        self._doc()
        return self.sections

    def _ensure_app(self):
        if self.app is None:
            from PySide6.QtWidgets import QApplication

            from desktop_app.ui.fonts import load_bundled_font

            _quiet_offscreen_warning()
            self.app = QApplication.instance() or QApplication(["zhiku", "--self-test"])
            load_bundled_font()
        return self.app

    def close(self) -> None:
        if self.kb is not None:
            self.kb.close()
            self.kb = None


def _write_release_pdf(text: str, path: Path) -> None:
    """`text` (a release: one paragraph a line) laid out by Qt on A4 pages as a PDF."""
    import html

    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    from desktop_app.ui.fonts import cjk_family

    document = QTextDocument()
    document.setDefaultStyleSheet(f"p {{ font-family: '{cjk_family()}'; font-size: 12pt }}")
    document.setHtml("".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip()))
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document.print_(writer)
    del writer  # the file is complete once the writer is gone


def _check_chinese_interface(title: str) -> None:
    """In the default language, Zhiku's and Qt's own translations must both be loaded."""
    from PySide6.QtCore import QCoreApplication

    from desktop_app.ui import i18n

    if i18n.current_language() != "zh_CN":
        return
    if title == "Zhiku":
        raise StepFailed("Zhiku's Chinese translation (resources/i18n/zhiku_zh_CN.qm) is not loaded")
    if QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel":
        raise StepFailed("Qt's Chinese translation (qtbase_zh_CN.qm) is not loaded")


def _quiet_offscreen_warning() -> None:
    """Drop the offscreen platform's one harmless warning; pass every other Qt message on."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(kind, context, message: str) -> None:
        if "does not support propagateSizeHints" in message:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def seed_files() -> list[Path]:
    """The seed releases to import: the bundled seeds/ (or $ZHIKU_SELFTEST_SEEDS for tests)."""
    from desktop_app.core import paths

    folder = Path(os.environ.get(SEEDS_ENV) or paths.seeds_dir())
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise StepFailed(f"no seed release (*.txt) in {folder}")
    return files


def run_self_test(args=None, out=None) -> int:
    """Run every step in a temporary data folder; 0 when all passed, 1 otherwise."""
    out = out or sys.stdout
    # The window is opened offscreen whatever the display; settings go to the temporary folder.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(f"zhiku {__version__} self-test ({frozen}, Python {sys.version.split()[0]})", file=out)
    with tempfile.TemporaryDirectory(prefix="zhiku-self-test-", ignore_cleanup_errors=True) as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        test = SelfTest(Path(tmp) / "data", out)
        try:
            test.step("import the bundled seed", test.import_seed)
            test.step("sections", test.check_sections)
            test.step("metrics", test.check_metrics)
            test.step(f"search {QUERY}", test.check_search)
            test.step("section PDF", test.check_pdf)
            test.step("import a PDF release", test.import_pdf)
            test.step("main window (offscreen)", test.open_window)
        finally:
            test.close()
    print("self-test passed" if not test.failures else "self-test failed", file=out, flush=True)
    return 1 if test.failures else 0


# --- reading text back from a PDF that Qt wrote --------------------------------------------

class PdfText:
    """The text a PDF shows, how many shown glyphs had no character, and its embedded fonts."""

    def __init__(self, text: str, unmapped: int, embedded_fonts: list[str]) -> None:
        self.text = text
        self.unmapped = unmapped
        self.embedded_fonts = embedded_fonts


_OBJ = re.compile(rb"(\d+)\s+0\s+obj\b(.*?)\bendobj", re.S)
_REF = r"(\d+)\s+0\s+R"
_CONTENT = re.compile(
    rb"/Span\s*<<\s*/ActualText\s*<([0-9A-Fa-f]*)>\s*>>\s*BDC"   # text replaced (ligature) or hidden
    rb"|\bEMC\b"
    rb"|/([^\s/<>\[\]()]+)\s+[-\d.]+\s+Tf"                      # font selection
    rb"|<([0-9A-Fa-f\s]*)>\s*Tj"                                 # a glyph string
    rb"|\[([^\]]*)\]\s*TJ"                                       # glyph strings with kerning
)


def pdf_text(data: bytes) -> PdfText:
    """Text of every page in order, decoded through each font's ToUnicode CMap."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
    cmaps = _font_cmaps(objects)
    parts: list[str] = []
    unmapped = 0
    for number in sorted(objects):
        body = objects[number]
        if re.search(rb"/Type\s*/Page\b", body):
            for content in re.findall(rb"/Contents\s+" + _REF.encode(), body):
                text, missing = _show_text(_stream(objects, int(content)), cmaps)
                parts.append(text)
                unmapped += missing
    fonts = sorted({m.decode("latin-1").split("+")[-1] for body in objects.values()
                    if re.search(rb"/FontFile[23]?\s", body)
                    for m in re.findall(rb"/FontName\s*/([^\s/>]+)", body)})
    return PdfText("".join(parts), unmapped, fonts)


def _stream(objects: dict[int, bytes], number: int) -> bytes:
    """The (inflated) stream of object `number`; its /Length may be an indirect object."""
    body = objects.get(number, b"")
    head, sep, rest = body.partition(b"stream")
    if not sep:
        return b""
    rest = rest[2:] if rest.startswith(b"\r\n") else rest[1:]
    length = re.search(rb"/Length\s+(\d+)(\s+0\s+R)?", head)
    if length and length.group(2):
        size = int(objects.get(int(length.group(1)), b"0").split()[0])
    else:
        size = int(length.group(1)) if length else len(rest)
    raw = rest[:size]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def _font_cmaps(objects: dict[int, bytes]) -> dict[str, dict[int, str]]:
    """Font resource name (e.g. F11) -> {glyph code: text}, from every /Font resource dict."""
    cmaps: dict[str, dict[int, str]] = {}
    for body in objects.values():
        for fonts in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S):
            for name, ref in re.findall(rb"/([^\s/<>]+)\s+" + _REF.encode(), fonts):
                font = objects.get(int(ref), b"")
                to_unicode = re.search(rb"/ToUnicode\s+" + _REF.encode(), font)
                if to_unicode:
                    cmap = _stream(objects, int(to_unicode.group(1))).decode("latin-1")
                    cmaps[name.decode("latin-1")] = parse_cmap(cmap)
    return cmaps


def parse_cmap(cmap: str) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries as {code: text}."""
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = _utf16(text)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        entry = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
        for low, high, target in entry.findall(block):
            low, high = int(low, 16), int(high, 16)
            if target.startswith("["):
                for offset, text in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                    mapping[low + offset] = _utf16(text)
            else:
                first = _utf16(target[1:-1])
                for offset in range(high - low + 1):
                    mapping[low + offset] = first[:-1] + chr(ord(first[-1]) + offset) if first else ""
    return mapping


def _show_text(content: bytes, cmaps: dict[str, dict[int, str]]) -> tuple[str, int]:
    """The text drawn by a content stream, skipping spans marked as not text (fake bold)."""
    out: list[str] = []
    unmapped = 0
    cmap: dict[int, str] = {}
    replaced = 0  # depth inside /Span <</ActualText …>> BDC … EMC
    for m in _CONTENT.finditer(content):
        actual, font, glyphs, array = m.groups()
        if actual is not None:
            replaced += 1
            out.append(_utf16(actual.decode("latin-1")))
        elif m.group(0) == b"EMC":
            replaced = max(0, replaced - 1)
        elif font is not None:
            cmap = cmaps.get(font.decode("latin-1"), {})
        elif not replaced:
            hexes = [glyphs] if glyphs is not None else re.findall(rb"<([0-9A-Fa-f\s]*)>", array)
            for hex_text in hexes:
                codes = re.sub(rb"\s", b"", hex_text)
                for i in range(0, len(codes) - 3, 4):
                    char = cmap.get(int(codes[i:i + 4], 16))
                    if char and char not in ("\x00", "\ufffd"):  # glyph 0 is .notdef, a box
                        out.append(char)
                    else:
                        unmapped += 1
    return "".join(out), unmapped


def _utf16(hex_text: str) -> str:
    raw = bytes.fromhex(hex_text)
    if raw.startswith(b"\xfe\xff"):
        raw = raw[2:]
    return raw.decode("utf-16-be", errors="replace")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _reason(error: BaseException) -> str:
    """One line for a failed step: a ZhikuError's bilingual text, else the type and message."""
    if hasattr(error, "bilingual"):
        return error.bilingual()
    if isinstance(error, StepFailed):
        return str(error)
    return f"{type(error).__name__}: {error}".splitlines()[0]


def _report_text(report) -> str:
    """'2 refused: path: why' for an ImportReport (the first refusal is enough to act on)."""
    refused = report.refused
    return f"{len(refused)} refused" + (f": {refused[0][0]}: {refused[0][1]}" if refused else "")
