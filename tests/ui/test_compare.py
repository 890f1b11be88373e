"""The window: the 指标对比 view opened from a card, the table menu and the View menu;
its chart has one point per dated figure, a click on a point selects the figure's sentence,
the table shows rows by date with changes; the callbacks run on the GUI thread; the
comparison prints to PDF (pdftotext shows the rows) and copies as an image."""
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication

from desktop_app.core.kb import KnowledgeBase
from tests.hostile.trend import indicator_releases
from tests.ui.conftest import commit_text, start_gui

WAIT = 10_000
# A fifth release: its year only in the file name, its figure approximate (近).
MARKED = ("发布会-2022-10-14.txt", "全市平安建设新闻发布会\n10月14日\n市委政法委召开新闻发布会，介绍有关情况。\n"
          "一、主要成效\n全市共发生刑事案件近3000起。\n")


@pytest.fixture
def data_dir(tmp_path):
    """A library of the four releases of tests/hostile/trend.py (刑事案件 in each)."""
    folder = tmp_path / "data"
    with KnowledgeBase.open(folder, seed=False) as kb:
        kb.import_paths(indicator_releases(tmp_path / "src"))
    return folder


@pytest.fixture
def marked_dir(data_dir, tmp_path):
    """The library with MARKED added."""
    path = tmp_path / "src" / MARKED[0]
    path.write_text(MARKED[1], encoding="utf-8")
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        kb.import_paths([path])
    return data_dir


@pytest.fixture
def window(qtbot, data_dir, settings_file, dialog_calls):
    gui = start_gui(qtbot, data_dir, settings_file)
    yield gui.window
    gui.close()
    QApplication.processEvents()


def _first_release_with(window, text: str) -> int:
    kb = window.session.kb
    return next(d.id for d in kb.documents() if any(m.text == text for m in kb.metrics(doc_id=d.id)))


def _card_of(window, text: str):
    window.show_document(_first_release_with(window, text))
    cards = window.reading_pane.cards
    return next(cards.card(i) for i in cards.metric_ids() if cards.card(i).record.text == text)


def _open_from_card(qtbot, window, text: str = "3237起"):
    card = _card_of(window, text)
    view = window.compare.view
    with qtbot.waitSignal(window.compare.requests.trend_ready, timeout=WAIT):
        card.compare_action.trigger()
    return card, view


def test_a_card_opens_the_comparison_with_one_point_per_dated_figure(qtbot, window):
    card, view = _open_from_card(qtbot, window)
    assert window.compare.isVisible()
    result = view.result()
    assert (result.indicator, result.unit) == ("刑事案件总数", "起")
    texts = [r.text for r in view.model.rows()]
    assert texts == ["3237起", "3100起", "2900起", "2800起", "2700起"]  # by date, undated last
    points = view.chart.points()
    assert len(points) == 4  # the undated 2700起 stays in the table only
    assert [view.model.row_data(p.row).text for p in points] == texts[:4]
    assert view.selected_row().metric_id == card.record.id  # the figure started from


def test_the_table_shows_dates_releases_values_and_changes_against_the_previous_release(qtbot, window):
    _card, view = _open_from_card(qtbot, window)
    cells = [[view.model.index(r, c).data() for c in range(5)] for r in range(view.model.rowCount())]
    assert [c[0] for c in cells] == ["2019-10-14", "2020-10-14", "2021-10-14", "2021-10-14", "日期不详"]
    assert [c[2] for c in cells] == ["3237起", "3100起", "2900起", "2800起", "2700起"]
    assert [c[3] for c in cells] == ["3,237", "3,100", "2,900", "2,800", "2,700"]
    # two figures of the 2021 release are both compared with 2020, never with each other
    assert [c[4] for c in cells] == ["", "-137", "-200", "-300", ""]
    assert all(c[1] == "全市平安建设新闻发布会" for c in cells)


def test_a_click_on_a_point_selects_the_figures_sentence_in_the_reading_pane(qtbot, window):
    _card, view = _open_from_card(qtbot, window)
    view.chart.resize(600, 300)
    target = next(n for n, p in enumerate(view.chart.points()) if view.model.row_data(p.row).text == "2900起")
    row = view.model.row_data(view.chart.points()[target].row)
    qtbot.mouseClick(view.chart, Qt.MouseButton.LeftButton, pos=view.chart.positions()[target].toPoint())
    selected = window.reading_pane.selected_metric()
    assert selected is not None and selected.id == row.metric_id
    assert "刑事案件数2900起" in window.reading_pane.highlighted_text()
    assert view.selected_row().metric_id == row.metric_id
    assert view.chart.selected() == view.chart.points()[target].row  # the point is ringed


def test_the_metrics_table_and_the_view_menu_open_it_too(qtbot, window):
    window.show_document(_first_release_with(window, "3100起"))
    panel = window.metrics_panel
    row = panel.model.row_of(next(r.metric.id for r in panel.model.rows() if r.metric.text == "3100起"))
    panel.table.setCurrentIndex(panel.proxy.mapFromSource(panel.model.index(row, 0)))
    with qtbot.waitSignal(window.compare.requests.trend_ready, timeout=WAIT):
        panel.compare_action.trigger()
    assert window.compare.view.result().indicator == "刑事案件总数"
    assert "跨发布对比" in [a.text() for a in panel.table.actions()]
    # the menu item: the picker completes as you type, a choice shows its trend
    window.compare.action.trigger()  # the picker's list was asked for when the dock first opened
    view = window.compare.view
    qtbot.waitUntil(lambda: bool(view.choices()), timeout=WAIT)
    assert "刑事案件（%）" in view.choices()
    commit_text(view.picker, "刑事")
    assert view.completer.completionCount() >= 2
    with qtbot.waitSignal(window.compare.requests.trend_ready, timeout=WAIT):
        view.completer.activated.emit("刑事案件（%）")
    assert [r.value for r in view.model.rows()] == [-36.01, 5, -6.5]  # 下降 and 减少 are negative
    assert len(view.chart.points()) == 3


def test_the_answers_arrive_on_the_gui_thread(qtbot, window):
    threads = []
    app = QApplication.instance()
    requests = window.compare.requests
    for signal in (requests.indicators_ready, requests.trend_ready):
        signal.connect(lambda *_: threads.append(QThread.currentThread() is app.thread()),
                       Qt.ConnectionType.DirectConnection)  # runs where the answer is emitted
    with qtbot.waitSignal(requests.trend_ready, timeout=WAIT):
        window.compare.compare("刑事案件")
    qtbot.waitUntil(lambda: not requests.busy(), timeout=WAIT)
    assert threads and all(threads)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_the_comparison_prints_to_pdf_with_its_rows_and_chart(qtbot, window, tmp_path, dialog_calls):
    """Through the dock's 导出 PDF… button, as a user does (before: the button passed its
    `checked` flag as the file name and the export failed with a TypeError; seen in a real
    window)."""
    _card, view = _open_from_card(qtbot, window)
    path = tmp_path / "compare.pdf"
    dialog_calls.answers["save_file"] = str(path)
    view.pdf_button.click()
    assert dialog_calls.named("save_file") and path.is_file()
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "指标对比：刑事案件总数" in text
    for date, figure in (("2019-10-14", "3237起"), ("2020-10-14", "3100起"), ("2021-10-14", "2800起")):
        line = next(line for line in text.splitlines() if figure in line)
        assert date in line
    assert "-137" in text and "日期不详" in text
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) >= 3  # header lines and the chart


def test_copy_chart_puts_an_image_on_the_clipboard(qtbot, window):
    _card, view = _open_from_card(qtbot, window)
    view.copy_button.click()
    image = QApplication.clipboard().image()
    assert not image.isNull() and image.width() == view.chart.width()


def test_approximate_values_and_inferred_dates_are_marked_in_table_and_chart(qtbot, marked_dir, settings_file,
                                                                           dialog_calls):
    gui = start_gui(qtbot, marked_dir, settings_file)
    try:
        window = gui.window
        with qtbot.waitSignal(window.compare.requests.trend_ready, timeout=WAIT):
            window.compare.compare("刑事案件", "起")
        view = window.compare.view
        n = view.model.row_of(next(r.metric_id for r in view.model.rows() if r.text == "近3000起"))
        assert [view.model.index(n, c).data() for c in range(4)] == [
            "2022-10-14*", "全市平安建设新闻发布会", "近3000起", "3,000≈"]
        assert "推断" in view.model.index(n, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert view.model.index(n, 4).data() == "+200"  # against 2021's 2900起 and 2800起: the last row
        marked = [p for p in view.chart.points() if p.approximate or p.inferred_date]
        assert [(p.row, p.approximate, p.inferred_date) for p in marked] == [(n, True, True)]
        assert len(view.chart.points()) == 5
    finally:
        gui.close()
        QApplication.processEvents()


def test_the_value_axis_has_round_ticks_and_zero_near_small_values():
    from desktop_app.ui.trend_chart import _axis

    assert _axis([2800, 3237]) == (2800, 3400, 200)
    assert _axis([-36.01, 5, -6.5]) == (-40, 20, 20)
    assert _axis([38, 35]) == (35, 38, 1)
    assert _axis([10, 30]) == (0, 30, 10)  # 0 included when the values are near it


def test_a_label_of_only_quotes_is_refused_with_a_message_on_the_gui_thread(qtbot, window, dialog_calls):
    window.compare.open_picker()
    view = window.compare.view
    view.picker.setText("“”")
    with qtbot.waitSignal(window.compare.requests.failed, timeout=WAIT):
        view.picker.returnPressed.emit()
    qtbot.waitUntil(lambda: bool(dialog_calls.named("show_error")), timeout=WAIT)
    assert "指标名称" in str(dialog_calls.named("show_error")[0][1])


def test_an_unknown_label_offers_the_nearest_indicators(qtbot, window):
    window.compare.open_picker()
    view = window.compare.view
    view.picker.setText("刑事案件立案情况")
    with qtbot.waitSignal(window.compare.requests.trend_ready, timeout=WAIT):
        view.picker.returnPressed.emit()
    assert view.model.rowCount() == 0 and view.chart.points() == []
    assert "刑事案件立案数（起）" in view.summary_label.text()
    assert not view.pdf_button.isEnabled()


def test_printing_without_a_printer_is_refused_with_a_message(qtbot, window, dialog_calls, monkeypatch):
    from desktop_app.ui import printing

    _card, _view = _open_from_card(qtbot, window)
    monkeypatch.setattr(printing, "printers_available", lambda: False)
    assert window.compare.print_comparison() is False
    assert [args[1].title for args in dialog_calls.named("show_error")] == [printing.no_printer_message().title]


def test_opened_before_the_library_it_waits_and_the_first_start_still_gets_its_seed(qtbot, tmp_path, settings_file,
                                                                                   dialog_calls):
    """Ctrl+Shift+I pressed as the window appears on a first start: a look-up opening the
    new folder before the window's own open held it while the seed was to be imported, and
    the window showed an empty library (seen in a real window). Now the look-ups wait for
    the window's library, then answer."""
    from desktop_app.ui.app import GuiApp
    from desktop_app.ui.settings import open_settings

    gui = GuiApp(tmp_path / "fresh", open_settings(settings_file), language="zh_CN")
    try:
        gui.show()
        qtbot.waitUntil(lambda: gui.window.compare is not None, timeout=WAIT)  # made after the first frame
        assert not gui.session.is_open  # the seed is being imported
        gui.window.compare.action.trigger()
        gui.window.compare.compare("刑事案件")
        assert not gui.window.compare.requests.busy()
        qtbot.waitUntil(lambda: gui.session.is_ready, timeout=60_000)
        assert len(gui.session.documents) == 1  # the seed
        view = gui.window.compare.view
        qtbot.waitUntil(lambda: view.result() is not None and bool(view.model.rows()), timeout=WAIT)
        assert any("3237" in row.text for row in view.model.rows())
    finally:
        gui.close()
        QApplication.processEvents()
