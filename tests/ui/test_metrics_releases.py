"""The metrics table names the release and date of figures from several releases,
and its CSV always has the release's id, title and date (it joins back to `list --json`)."""
import csv
import io

from PySide6.QtCore import Qt

from desktop_app.core.records import DocumentInfo, MetricRecord
from desktop_app.ui.metrics_table import MetricRow, MetricsTableModel


def _release(doc_id: int, title: str, date: str | None, year: int | None = None) -> DocumentInfo:
    return DocumentInfo(id=doc_id, title=title, dateline=None, issuer=None, file=None, encoding=None,
                        imported_at="2026-01-01T00:00:00Z", date=date, metric_count=1, year=year)


def _row(mid: int, release: DocumentInfo, text: str = "3237起", value: float = 3237) -> MetricRow:
    metric = MetricRecord(id=mid, doc_id=release.id, section_id=None, text=text, start=0, end=len(text),
                          value=value, unit="起", qualifier=None, kind="count", low=None, high=None,
                          label="刑事案件", trend=None, period=None, sentence_start=0, sentence_end=len(text),
                          borderline=False)
    return MetricRow(metric, "刑事案件", "主要成效", release)


R1 = _release(1, "2019年发布会", "2019-10-14")
R2 = _release(2, "2020年发布会", None, year=2020)


def test_figures_of_several_releases_show_release_and_date_columns(qapp):
    model = MetricsTableModel()
    model.set_rows([_row(1, R1), _row(2, R2, "3100起", 3100)])
    assert model.columnCount() == 10 and model.spans_releases()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(10)]
    assert headers[-2:] == ["Release", "Date"]
    assert [[model.index(r, c).data() for c in (1, 8, 9)] for r in range(2)] == [
        ["3237起", "2019年发布会", "2019-10-14"], ["3100起", "2020年发布会", "2020"]]
    model.sort(9)  # by date
    assert [model.index(r, 9).data() for r in range(2)] == ["2019-10-14", "2020"]


def test_figures_of_one_release_keep_eight_columns(qapp):
    model = MetricsTableModel()
    model.set_rows([_row(1, R1), _row(3, R1, "3100起", 3100)])
    assert model.columnCount() == 8 and not model.spans_releases()


def test_the_csv_always_has_release_id_title_and_date(qapp):
    model = MetricsTableModel()
    model.set_rows([_row(1, R1)])  # one release: the columns are hidden, the CSV still has them
    rows = list(csv.reader(io.StringIO(model.to_csv())))
    assert rows[0][-3:] == ["Release ID", "Release", "Date"] and len(rows[0]) == 11
    assert rows[1][-3:] == ["1", "2019年发布会", "2019-10-14"]
    model.set_rows([_row(1, R1), _row(2, R2)])
    rows = list(csv.reader(io.StringIO(model.to_csv())))
    assert len(rows[0]) == 11 and rows[2][-3:] == ["2", "2020年发布会", "2020"]


def test_the_window_gives_its_rows_their_release(window):
    rows = window.metrics_panel.model.rows()
    assert rows and all(r.release is not None and r.release.id == r.metric.doc_id for r in rows)
    first = list(csv.reader(io.StringIO(window.metrics_panel.model.to_csv())))
    assert first[0][-3:] == ["发布编号", "发布", "日期"] and first[1][-3] == str(rows[0].metric.doc_id)
