"""The printed comparison (core, no Qt): title, merged labels, the chart image when
given, one table row per figure with its marks, and a note on the marks."""
from desktop_app.core.records import TrendResult, TrendRow
from desktop_app.core.trend_summary import row_cells, trend_summary


def _row(metric_id, date, text, value, change=None, source="written", qualifier=None, title="发布会"):
    return TrendRow(doc_id=metric_id, doc_title=title, date=date, date_source=source, section_id=None,
                    heading=None, metric_id=metric_id, text=text, value=value, low=None, high=None, unit="起",
                    qualifier=qualifier, trend=None, period=None, label="刑事案件", series="level", change=change)


RESULT = TrendResult("刑事案件", "起", (
    _row(1, "2019-10-14", "3237起", 3237.0),
    _row(2, "2022-10-14", "近3000起", 3000.0, change=-237.0, source="filename", qualifier="近"),
    _row(3, None, "2700起", 2700.0, source=None),
), labels=("刑事案件", "刑事案件数"))


def test_rows_print_with_marks_for_inferred_dates_and_approximate_values():
    assert [row_cells(r) for r in RESULT.rows] == [
        ("2019-10-14", "发布会", "3237起", "3,237", ""),
        ("2022-10-14*", "发布会", "近3000起", "3,000≈", "-237"),
        ("日期不详", "发布会", "2700起", "2,700", ""),
    ]


def test_the_summary_has_title_labels_chart_and_one_row_per_figure():
    summary = trend_summary(RESULT, "data:image/png;base64,AAAA")
    html = summary.body_html()
    assert summary.title == "指标对比：刑事案件"
    assert "刑事案件、刑事案件数" in html and '<img src="data:image/png;base64,AAAA"' in html
    assert [b.role for b in summary.blocks].count("table_row") == 3
    assert "推断日期" in html


def test_markup_in_a_title_is_escaped_and_no_rows_says_so():
    result = TrendResult("刑事案件", "起", (_row(1, "2019-10-14", "3237起", 3237.0, title="<b>x</b>"),))
    assert "&lt;b&gt;x&lt;/b&gt;" in trend_summary(result).body_html()
    assert "没有找到" in trend_summary(TrendResult(None, None, ())).body_html()
