"""The 指标对比 dock of the main window: where the comparison is opened from (View menu, a
figure's context menu in the metrics table or on a card), how it asks the knowledge base
(TrendRequests, off the GUI thread), and what a chosen figure does (the window shows its
release and selects its sentence, as a figure chosen in the tree or the table is)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from desktop_app.ui.compare_view import CompareView
from desktop_app.ui.trend_requests import TrendRequests

if TYPE_CHECKING:
    from desktop_app.core.records import Indicator, TrendResult, TrendRow
    from desktop_app.ui.main_window import MainWindow


class CompareDock(QDockWidget):
    """A dock holding the CompareView, tabbed with the metrics table."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.setWindowTitle(self.tr("Compare Indicators"))
        self.setObjectName("compareDock")
        self.window_ = window
        self.view = CompareView()
        self.setWidget(self.view)
        self.requests = TrendRequests(self._data_dir, self)
        self.requests.indicators_ready.connect(self._on_indicators)
        self.requests.trend_ready.connect(self._on_trend)
        self.requests.failed.connect(self._on_failed)
        self.view.trend_wanted.connect(self._on_trend_wanted)
        self.view.figure_chosen.connect(self._on_figure_chosen)
        self.view.print_button.clicked.connect(self.print_comparison)
        self.view.pdf_button.clicked.connect(self._on_pdf_clicked)
        self._loaded = False
        self._pending: list[tuple[str, str | None] | None] = []  # asked before the library opened
        window.documents_reloaded.connect(self._on_documents_reloaded)
        window.session.opened.connect(self._on_session_opened)
        self.action: QAction | None = None  # View → Compare Indicators… (install_compare)
        self.setVisible(False)

    def _data_dir(self) -> Path:
        return self.window_.session.data_dir

    # -- opening -------------------------------------------------------------------------
    @Slot()
    def open_picker(self) -> None:
        """Show the dock with its picker focused (View → Compare Indicators…)."""
        self._show()
        self.view.picker.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.picker.selectAll()

    def compare_metric(self, metric_id: int) -> bool:
        """Open the comparison of the indicator of a figure shown in the window."""
        row = self.window_.metric_row(metric_id)
        if row is None:
            return False
        metric = row.metric
        label = metric.label or row.indicator
        if not label:
            self.window_.statusBar().showMessage(self.tr("This figure has no indicator to compare."), 6000)
            return False
        self._show()
        self.requests.request_trend(label, metric.unit, metric.id)
        return True

    def compare(self, label: str, unit: str | None = None) -> None:
        self._show()
        self._ask((label, unit))

    def _show(self) -> None:
        self.setVisible(True)
        self.raise_()
        if not self._loaded:
            self._loaded = True
            self._ask(None)

    def _ask(self, trend: tuple[str, str | None] | None) -> None:
        """Ask for a trend (label, unit), or for the indicators when None — once the window's
        library is open. A look-up opens its own reader: on a first start, one opened before
        the window's own open would hold the folder while the seed is imported, and the seed
        would be skipped."""
        if not self.window_.session.is_open:
            self._pending.append(trend)
        elif trend is None:
            self.requests.request_indicators()
        else:
            self.requests.request_trend(*trend)

    @Slot()
    def _on_session_opened(self) -> None:
        pending, self._pending = self._pending, []
        for trend in pending:
            self._ask(trend)

    @Slot()
    def _on_documents_reloaded(self) -> None:
        """After an import, delete or edit: the picker's list and the comparison shown are
        read again (when the dock has been opened)."""
        if not self._loaded:
            return
        self.requests.request_indicators()
        result = self.view.result()
        if result is not None and result.indicator:
            self.requests.request_trend(result.indicator, result.unit)

    @Slot(str, object)
    def _on_trend_wanted(self, label: str, unit: str | None) -> None:
        self._ask((label, unit))

    # -- answers (GUI thread) ------------------------------------------------------------
    @Slot(object)
    def _on_indicators(self, indicators: list[Indicator]) -> None:
        self.view.set_indicators(indicators)

    @Slot(object, object)
    def _on_trend(self, result: TrendResult, metric_id: int | None) -> None:
        self.view.show_result(result, metric_id)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        from desktop_app.ui import dialogs
        from desktop_app.ui.messages import describe_error, is_expected

        if not is_expected(error):
            raise error
        dialogs.show_error(self.window_, describe_error(error))

    @Slot(object)
    def _on_figure_chosen(self, row: TrendRow) -> None:
        """Show the figure's release and select its sentence, as the tree would."""
        self.window_.show_figure(row.doc_id, row.section_id, row.metric_id)

    # -- printing ------------------------------------------------------------------------
    @Slot()
    @Slot()
    def _on_pdf_clicked(self) -> None:
        """The 导出 PDF… button (its `checked` flag is not a file name)."""
        self.export_pdf()

    def export_pdf(self, path: str | None = None) -> Path | None:
        """Write the comparison (chart and table) to a PDF; asks for the file when no `path`."""
        from desktop_app.ui import dialogs
        from desktop_app.ui.messages import describe_error
        from desktop_app.ui.printing import write_pdf

        summary = self.view.summary()
        if summary is None:
            return None
        if path is None:
            chosen = dialogs.save_file(self.window_, self.tr("Export PDF"), f"{summary.title}.pdf",
                                       self.tr("PDF files (*.pdf)"))
            if not chosen:
                return None
            path = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        try:
            write_pdf(summary, path)
        except OSError as error:
            dialogs.show_error(self.window_, describe_error(error))
            return None
        return Path(path)

    @Slot()
    def print_comparison(self) -> bool:
        """Print the comparison through the system print dialog (refused with a message when
        no printer is installed)."""
        from PySide6.QtPrintSupport import QPrintDialog
        from PySide6.QtWidgets import QDialog

        from desktop_app.ui import dialogs
        from desktop_app.ui.messages import describe_error
        from desktop_app.ui.printing import make_printer, no_printer_message, printers_available, render

        summary = self.view.summary()
        if summary is None:
            return False
        if not printers_available():
            dialogs.show_error(self.window_, no_printer_message())
            return False
        printer = make_printer()
        dialog = QPrintDialog(printer, self.window_)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            render(summary, printer)
        except OSError as error:
            dialogs.show_error(self.window_, describe_error(error))
            return False
        return True


def install_compare(window: MainWindow) -> CompareDock:
    """Add the dock, View → Compare Indicators…, and “Compare across releases” on figures of
    the metrics table and on cards."""
    dock = CompareDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.metrics_dock, dock)
    action = QAction(QCoreApplication.translate("CompareDock", "Com&pare Indicators…"), window)
    action.setObjectName("compareIndicators")
    action.setShortcut(QKeySequence("Ctrl+Shift+I"))
    action.triggered.connect(dock.open_picker)
    view_menu = window.menus.view
    view_menu.insertAction(view_menu.actions()[3], action)  # after the docks' toggles
    dock.action = action
    return dock
