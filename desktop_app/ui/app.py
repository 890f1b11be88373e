"""`python -m desktop_app` with no subcommand: the Zhiku window.

Start-up order matters: the window's first frame is built from as little as possible (the
visible widgets, empty); only after that frame is painted does the knowledge base start
opening in the background (seed import, index check, segmenter) and does the window build
what was not on screen (search results panel, import/export operations, printing, icon).
The user sees Zhiku at once and the status bar says 正在准备搜索… until search is ready.
"""
from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

# Importing Qt and the window's modules makes tens of thousands of objects that live as long
# as the program (Qt's enums, classes, our modules); the garbage collector's passes over them
# find nothing and cost ~4 ms of start-up. Collection is paused for these imports and the
# objects are frozen out of later passes at the end of this module.
_COLLECTING = gc.isenabled()
gc.disable()

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal, Slot  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app import APP_NAME, __version__  # noqa: E402
from desktop_app.core import logs, paths  # noqa: E402
from desktop_app.core.errors import InputError, NotFoundError, ZhikuError  # noqa: E402
from desktop_app.ui import i18n  # noqa: E402
from desktop_app.ui.excepthook import ExceptionReporter  # noqa: E402
from desktop_app.ui.fonts import load_bundled_font  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402
from desktop_app.ui.session import Session  # noqa: E402
from desktop_app.ui.settings import open_settings, read_str  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

ICON = ("icons", "zhiku.svg")
ICON_PNG = ("icons", "zhiku-256.png")
PROBE_ENV = "ZHIKU_STARTUP_PROBE"  # benchmarks: print timings and quit after the first search
# result ("paint": after the first frame)
log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    """Zhiku's icon (SVG, with a PNG for platforms without the SVG icon engine)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for parts in (ICON, ICON_PNG):
        path = paths.resource_path(*parts)
        if path.exists():
            icon.addFile(str(path))
    return icon


def ensure_application() -> QApplication:
    """The QApplication, created once, with names and the bundled font. The icon (window
    decoration and task bar, not the window's own frame) is set after the first paint."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication), "the window needs a QApplication, not a QCoreApplication"
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    load_bundled_font()
    return app


def install_icon() -> None:
    """Give the application its icon, unless it already has one."""
    if QApplication.windowIcon().isNull():
        QApplication.setWindowIcon(app_icon())


class FirstPaint(QObject):
    """Emits `painted` once the watched widget's first frame is complete: its first paint
    event has arrived and the event loop is back (children painted, frame flushed).
    `painted_at` is that moment (time.time()) and `painted_cpu` the process's CPU time then
    (time.process_time()), for the start-up benchmark."""

    painted = Signal()

    def __init__(self, widget, parent: QObject | None = None):
        super().__init__(parent)
        self._widget = widget
        self._done = self._pending = False
        self.painted_at: float | None = None
        self.painted_cpu: float | None = None
        widget.installEventFilter(self)
        QTimer.singleShot(500, self._fire)  # a window that never paints (minimised) still starts

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._fire)
        return False

    @Slot()
    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self.painted_at, self.painted_cpu = time.time(), time.process_time()
        self._widget.removeEventFilter(self)  # no Python call for every later window event
        self.painted.emit()


class GuiApp(QObject):
    """One running Zhiku: the session, its main window, translations and settings."""

    window_replaced = Signal(object)
    painted = Signal()  # the window's first frame is drawn; loading starts right after this

    def __init__(self, data_dir: Path, settings: QSettings, *, language: str | None = None, seed: bool = True):
        super().__init__()
        self.settings = settings
        self.translations = i18n.Translations()
        self.translations.install(language or read_str(settings, "ui/language", i18n.DEFAULT_LANGUAGE))
        self.session = Session(data_dir, seed=seed)
        self.window = self._new_window()
        self._closed = False  # close() has run: the window is gone

    def _new_window(self) -> MainWindow:
        window = MainWindow(self.session, self.settings)
        window.language_requested.connect(self.set_language)
        return window

    def show(self) -> None:
        """Show the window; after it has painted once, start loading and finish the window."""
        self.window.show()
        self._first_paint = FirstPaint(self.window, self)
        self._first_paint.painted.connect(self._after_first_paint)

    @Slot()
    def _after_first_paint(self) -> None:
        self.painted.emit()
        self.session.start()  # first: the worker thread opens the knowledge base meanwhile
        if not self._closed:
            self.window.finish_setup()
        install_icon()

    @Slot(str)
    def set_language(self, language: str) -> None:
        """Switch the interface language now and remember it (the window is rebuilt)."""
        if self.window.writes_running():
            return  # a running write's thread belongs to the window: switch after it ends
        language = i18n.normalise(language)
        self.settings.setValue("ui/language", language)
        if language == i18n.current_language():
            return
        old = self.window
        old.save_state()
        self.translations.install(language)
        self.window = self._new_window()
        self.window.finish_setup()
        self.window.show()
        old.hide()
        old.wait_for_writes()  # and a look-up of the comparison: its thread belongs to the window
        old.deleteLater()
        self.window_replaced.emit(self.window)

    def cancel_writes(self) -> None:
        """Ask a running write to stop at its next file (the session is ending)."""
        if not self._closed:
            self.window.cancel_writes()

    def close(self) -> bool:
        """Save window state, stop the worker and close the knowledge base. False when the
        background open/rebuild did not stop in time (see Session.close): end the process
        with os._exit then, never by destroying the running thread."""
        window = None if self._closed else self.window
        self._closed = True
        try:
            if window is not None:
                window.wait_for_writes()  # a write still running finishes first
                window.save_state()
                window.hide()
                window.deleteLater()
        finally:
            stopped = self.session.close()
            self.translations.remove()
        return stopped


def parse_size(text: str | None) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in (text or "1280x800").lower().split("x"))
        return max(400, width), max(300, height)
    except ValueError:
        return 1280, 800


def render_window(window):
    """The window drawn into an image of exactly its size in pixels (one pixel per
    device-independent pixel), whatever the screen's scale: `grab()` follows the device
    pixel ratio, so with a scale below 1 (QT_SCALE_FACTOR=0.75, or an X server whose
    Xft.dpi is 72) a 1280×800 window came out 960×600."""
    from PySide6.QtGui import QImage

    layout = window.layout()
    if layout is not None:
        layout.activate()  # the last resize is laid out before drawing
    image = QImage(window.size(), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(1.0)
    image.fill(window.palette().window().color())
    window.render(image)
    return image


class Screenshot(QObject):
    """--screenshot: wait for loading (and the requested selection or search), save, quit."""

    def __init__(self, gui: GuiApp, out: str, *, select: int | None, query: str | None):
        super().__init__(gui)
        self.gui, self.out, self.select, self.query = gui, out, select, query
        self.exit_code = 0
        gui.session.ready.connect(self._on_ready)
        # Not interactive: a knowledge base that cannot be opened is reported on stderr
        # (exit 2), never in the window's modal message box, which nobody can close
        # offscreen and whose own event loop kept the process alive after the message.
        gui.session.failed.disconnect(gui.window._on_load_failed)
        gui.session.failed.connect(self._on_failed)

    @Slot(object)
    def _on_failed(self, error) -> None:
        self._finish(_error_line(error), 2)

    @Slot()
    def _on_ready(self) -> None:
        window = self.gui.window
        if self.select is not None:
            try:
                window.show_section(self.select)
            except ZhikuError as error:
                self._finish(_error_line(error), 2)
                return
            except Exception:  # reported on stderr, exit code 2 (and logged)
                log.warning("The screenshot could not show section %s", self.select, exc_info=True)
                self._finish(_error_line(NotFoundError(
                    f"无法显示编号为 {self.select} 的段落", f"cannot show section {self.select}")), 2)
                return
            metrics = window.metrics_panel.model.rows()
            if metrics:
                window.select_metric(metrics[0].metric.id)
        if self.query:
            window.search_shown.connect(lambda _result: QTimer.singleShot(300, self._save))
            window.search_box.blockSignals(True)  # search once, now, not again after the debounce
            window.search_box.setText(self.query)
            window.search_box.blockSignals(False)
            window.run_search(self.query)
        else:
            QTimer.singleShot(300, self._save)

    @Slot()
    def _save(self) -> None:
        QApplication.processEvents()
        image = render_window(self.gui.window)
        try:
            Path(self.out).parent.mkdir(parents=True, exist_ok=True)
            saved = image.save(self.out)
        except OSError:
            saved = False
        if not saved:
            self._finish(_error_line(InputError(
                f"无法写入截图文件 {self.out}：请检查文件夹是否存在、是否可写，以及扩展名（如 .png）",
                f"cannot write the screenshot {self.out}: check that the folder exists and is "
                f"writable and that the name has an image extension such as .png")), 2)
            return
        self._finish("", 0)

    def _finish(self, message: str, code: int) -> None:
        if message:
            print(message, file=sys.stderr)
        self.exit_code = code
        QApplication.exit(code)


def _error_line(error) -> str:
    """One stderr line for a failed --screenshot, bilingual like the CLI's (cli.main); a
    file name in it is shown, never obeyed, by the terminal."""
    from desktop_app.core.terminal import one_line

    if isinstance(error, ZhikuError):
        return one_line(f"zhiku: {error.bilingual()}")
    return one_line(f"zhiku: {error}")


def _install_probe(gui: GuiApp, started: float) -> None:
    """For benchmarks/bench_startup.py: print first paint and search-ready times, RSS."""
    def emit(name: str) -> None:
        print(f"probe {name} {time.time():.6f} {time.perf_counter() - started:.6f}", flush=True)

    def painted() -> None:
        at = gui._first_paint.painted_at
        assert at is not None, "painted is emitted once painted_at is set"
        print(f"probe first_paint {at:.6f} {time.perf_counter() - started - (time.time() - at):.6f}", flush=True)
        print(f"probe cpu_first_paint {gui._first_paint.painted_cpu:.6f}", flush=True)
        if os.environ.get(PROBE_ENV) == "paint":  # only the first frame is wanted
            QApplication.exit(0)

    gui._first_paint.painted.connect(painted)

    def ready() -> None:
        emit("search_ready")
        box = gui.window.search_box
        box.blockSignals(True)  # no debounce: measure the search itself
        box.setText("网格员")
        box.blockSignals(False)
        gui.window.run_search("网格员")

    def searched(_result) -> None:
        emit("first_result")
        try:
            import resource  # Unix only
        except ImportError:
            peak = 0
        else:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"probe rss_kb {peak}", flush=True)
        QApplication.exit(0)

    def opened() -> None:  # after the window's own handler: the list is filled, a release shown
        QTimer.singleShot(0, lambda: emit("list_usable"))  # once the event loop is back

    gui.session.opened.connect(opened)
    gui.session.ready.connect(ready)
    gui.window.search_shown.connect(searched)


class TerminationHandler(QObject):
    """SIGTERM (a logout, a shutdown, `kill`) ends Zhiku like closing its window: a running
    write is asked to stop (an import keeps what it committed), every event loop exits (open
    dialogs too: QApplication.quit would ask the windows, and a window that is writing
    refuses), and run_gui saves the window state and closes the knowledge base.

    Python runs its signal handlers only between bytecodes, and the GUI thread sits in Qt's
    event loop; `signal.set_wakeup_fd` writes to a socket a QSocketNotifier watches, so the
    loop wakes up, Python gets control and the handler runs (no polling timer)."""

    def __init__(self, gui: GuiApp):
        super().__init__(gui)
        self._gui = gui
        import signal
        import socket

        from PySide6.QtCore import QSocketNotifier

        self._signal = signal
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = signal.signal(signal.SIGTERM, self._on_signal)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self.received = False

    def _on_signal(self, _number, _frame) -> None:
        self.received = True
        QTimer.singleShot(0, self._terminate)  # inside the event loop, also if not yet running

    @Slot()
    def _terminate(self) -> None:
        self._gui.cancel_writes()
        QApplication.exit(0)

    @Slot()
    def _drain(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except OSError:
            pass

    def uninstall(self) -> None:
        """Give SIGTERM back its previous handler and close the wake-up socket."""
        self._notifier.setEnabled(False)
        self._signal.signal(self._signal.SIGTERM, self._previous)
        self._signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _install_termination_handler(gui: GuiApp) -> TerminationHandler | None:
    """SIGTERM handling where the platform has it (not on Windows) and we are the main thread."""
    import signal
    import threading

    if not hasattr(signal, "SIGTERM") or sys.platform.startswith("win"):
        return None
    if threading.current_thread() is not threading.main_thread():
        return None
    return TerminationHandler(gui)


def run_gui(args) -> int:
    """Open the main window (or render it to a PNG with --screenshot) and run until closed."""
    started = time.perf_counter()
    screenshot = getattr(args, "screenshot", None)
    if screenshot:  # a PNG of the window needs no screen
        from desktop_app.display import offscreen_without_display

        offscreen_without_display()
    app = ensure_application()
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    logs.setup(data_dir, verbose=bool(getattr(args, "verbose", False)))
    reporter = ExceptionReporter()
    reporter.install()
    reporter.interactive = not screenshot
    scratch = None
    if screenshot:
        import tempfile

        scratch = tempfile.TemporaryDirectory(prefix="zhiku-shot-")
    # a screenshot neither reads nor changes the user's window layout
    settings = open_settings(Path(scratch.name) / "zhiku.ini" if scratch else None)
    gui = GuiApp(data_dir, settings, language=getattr(args, "lang", None),
                 seed=not getattr(args, "no_seed", False))
    shot = None
    if screenshot:
        gui.window.resize(*parse_size(getattr(args, "size", None)))
        shot = Screenshot(gui, screenshot, select=getattr(args, "select", None), query=getattr(args, "search", None))
    gui.show()
    if os.environ.get(PROBE_ENV):
        _install_probe(gui, started)
    # SIGTERM is handled from the first frame on, before loading starts (the handler imports
    # socket and makes the signal module's enums: ~5 ms the first frame does not wait for)
    terminators: list[TerminationHandler | None] = []
    gui.painted.connect(lambda: terminators.append(_install_termination_handler(gui)))
    try:
        code = app.exec()
    finally:
        for terminator in terminators:
            if terminator is not None:
                terminator.uninstall()
    stopped = gui.close()
    reporter.uninstall()
    if scratch is not None:
        del settings
        scratch.cleanup()
    if shot is not None:
        code = shot.exit_code or (1 if reporter.count else 0)
    if not stopped:
        _exit_leaving_worker(code)
    return code


def _exit_leaving_worker(code: int) -> None:
    """End the process now although the knowledge base worker is still opening/rebuilding:
    settings are saved; its unfinished transaction is rolled back and redone next start."""
    print("zhiku: 后台任务未能及时结束，已直接退出；下次启动时会重新完成 / "
          "a background task did not stop in time; exiting anyway (it is redone at the next start)",
          file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code)


gc.freeze()  # see the top of this module
if _COLLECTING:
    gc.enable()
