"""The grouping rule of indicators (what merges, what must not), changes apart from
levels and negative when falling, and the `trend` / `indicators` / `metrics` commands."""
import contextlib
import csv
import io
import json

import pytest

from desktop_app.cli import main
from desktop_app.core.errors import InputError
from desktop_app.core.indicators import label_key, series_of, signed, signed_range, unit_key
from desktop_app.core.kb import KnowledgeBase
from tests.hostile.trend import indicator_releases

# Labels that must be one indicator, and pairs that must stay apart.
MERGE = [
    ("刑事案件", "刑事案件数"), ("刑事案件", "刑事案件总数"), ("刑事案件", "“刑事案件”"),
    ("刑事案件", " 刑事 案件 "), ("网格员", "网格员数量"), ("PM2.5浓度", "ＰＭ２．５浓度"),
    ("GDP", "ｇｄｐ"), ("满意度", "「满意度」"),
]
APART = [("刑事案件", "刑事案件立案"), ("刑事案件", "治安案件"), ("人数", "人"), ("网格员", "专职网格员"),
         ("价格指数", "价格指"), ("基尼系数", "基尼系")]
SAME_UNIT = [("%", "％"), ("个百分点", "百分点"), ("千克", "公斤"), ("平方公里", "平方千米"), ("元", "元人民币"),
             ("kW", "ｋｗ"), ("人", " 人 ")]
OTHER_UNIT = [("件", "起"), ("元", "美元"), ("吨", "亩"), ("个", "人"), ("%", "个百分点"), ("元", "")]


@pytest.mark.parametrize("a, b", MERGE)
def test_labels_that_merge(a, b):
    assert label_key(a) == label_key(b)


@pytest.mark.parametrize("a, b", APART)
def test_labels_that_stay_apart(a, b):
    assert label_key(a) != label_key(b)


@pytest.mark.parametrize("a, b", SAME_UNIT)
def test_equivalent_units(a, b):
    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize("a, b", OTHER_UNIT)
def test_units_that_never_merge(a, b):
    assert unit_key(a) != unit_key(b)


def test_no_label_is_no_indicator():
    assert label_key(None) is None and label_key(" “” ") is None and label_key("数") == "数"


@pytest.mark.parametrize("trend, period, before, want", [
    (None, None, "共发生", "level"), ("下降", None, "同比下降", "change"), ("增长", "年均", "年均增长", "change:年均"),
    ("下降", None, "下降到", "level"), ("下降", None, "降至", "level"), ("增长", None, "增长达到", "change"),
    (None, "累计", "累计", "level:累计"),
])
def test_series(trend, period, before, want):
    assert series_of(trend, period, before) == want


def test_falling_changes_are_negative_and_levels_never():
    assert signed(36.01, "下降", "change") == -36.01 and signed(6.5, "减少", "change") == -6.5
    assert signed(5, "增长", "change") == 5 and signed(2800, "下降", "level") == 2800
    assert signed_range(1, 3, "下降", "change") == (-3, -1)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    base = tmp_path_factory.mktemp("trend")
    with KnowledgeBase.open(base / "kb", seed=False) as kb:
        kb.import_paths(indicator_releases(base / "src"))
    return base / "kb"


def cli(data, *args, fmt="--json"):
    """(exit code, stdout) of a CLI command against `data`; stdout parsed when JSON."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            code = main([*map(str, args), "--data-dir", str(data), "--no-seed", *([fmt] if fmt else [])])
        except SystemExit as stop:
            code = stop.code
    text = out.getvalue()
    return code, json.loads(text) if fmt == "--json" and text.strip() else text


def test_trend_merges_labels_by_the_rule_and_sorts_by_date(library):
    code, data = cli(library, "trend", "刑事案件")
    assert code == 0 and (data["indicator"], data["unit"]) == ("刑事案件总数", "起")
    rows = data["rows"]
    assert [(r["date"], r["text"], r["label"], r["series"]) for r in rows] == [
        ("2019-10-14", "3237起", "刑事案件", "level"),
        ("2020-10-14", "3100起", "“刑事案件”", "level"),
        ("2021-10-14", "2900起", "刑事案件数", "level"),
        ("2021-10-14", "2800起", "刑事案件总数", "level"),  # 下降到2800起: the level reached
        (None, "2700起", "刑事案件总数", "level"),  # undated last
    ]
    assert set(rows[0]) == {"doc_id", "doc_title", "date", "date_source", "section_id", "heading",
                            "metric_id", "text", "value", "low", "high", "unit", "qualifier", "trend",
                            "period", "label", "series"}
    # 刑事案件 in % (the changes) and in 件 are other indicators, offered as suggestions
    assert {(s["indicator"], s["unit"]) for s in data["suggestions"]} == {("刑事案件", "%"), ("刑事案件", "件")}


def test_changes_are_their_own_series_and_falling_ones_negative(library):
    code, data = cli(library, "trend", "刑事案件数", "--unit", "％")
    assert code == 0 and data["unit"] == "%"
    assert [(r["text"], r["value"], r["trend"], r["series"]) for r in data["rows"]] == [
        ("36.01%", -36.01, "下降", "change"), ("5%", 5.0, "增长", "change"), ("6.5%", -6.5, "减少", "change")]


def test_change_against_the_previous_row_skips_figures_of_the_same_release(library):
    with KnowledgeBase.open(library, seed=False) as kb:
        rows = kb.trend("刑事案件").rows
    assert [r.change for r in rows] == [None, -137.0, -200.0, -300.0, None]


@pytest.mark.parametrize("unit", ["件", "吨", "亩"])
def test_units_never_mix(library, unit):
    code, data = cli(library, "trend", "刑事案件" if unit == "件" else "粮食产量", "--unit", unit)
    assert code == 0 and {r["unit"] for r in data["rows"]} == {unit} and len(data["rows"]) == 1


def test_no_match_exits_1_with_the_nearest_indicators(library):
    code, data = cli(library, "trend", "刑事")
    assert code == 1 and data["rows"] == [] and data["indicator"] is None
    names = [(s["indicator"], s["unit"]) for s in data["suggestions"]]
    assert names[0] == ("刑事案件总数", "起") and ("刑事案件立案数", "起") in names
    code, data = cli(library, "trend", "刑事案件立案情况")  # starts with an indicator's label
    assert code == 1 and ("刑事案件立案数", "起") in [(s["indicator"], s["unit"]) for s in data["suggestions"]]
    assert cli(library, "trend", "刑事案件", "--unit", "吨")[0] == 1
    code, text = cli(library, "trend", "月球", fmt=None)
    assert code == 1 and "月球" in text


def test_an_empty_label_is_refused(library, capsys):
    assert cli(library, "trend", "“ ”")[0] == 2
    assert "Traceback" not in capsys.readouterr().err
    with KnowledgeBase.open(library, seed=False) as kb, pytest.raises(InputError):
        kb.trend("")


def test_trend_csv_has_the_json_rows(library):
    code, text = cli(library, "trend", "刑事案件", fmt="--csv")
    table = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and [r["text"] for r in table] == ["3237起", "3100起", "2900起", "2800起", "2700起"]
    assert table[0]["date"] == "2019-10-14" and table[0]["series"] == "level"


def test_indicators_lists_groups_in_enough_releases(library):
    code, data = cli(library, "indicators")
    assert code == 0 and set(data[0]) == {"indicator", "labels", "unit", "releases", "figures",
                                          "first_date", "last_date"}
    got = {(i["indicator"], i["unit"]): (i["releases"], i["figures"], i["first_date"], i["last_date"])
           for i in data}
    assert got == {("刑事案件总数", "起"): (4, 5, "2019-10-14", "2021-10-14"),
                   ("刑事案件", "%"): (3, 3, "2019-10-14", "2021-10-14"),
                   ("PM2.5平均浓度", "微克"): (2, 2, "2019-10-14", "2020-10-14")}
    assert set(data[0]["labels"]) == {"刑事案件", "“刑事案件”", "刑事案件数", "刑事案件总数"}
    assert len(cli(library, "indicators", "--min-releases", 1)[1]) == 9
    assert cli(library, "indicators", "--min-releases", 5)[0] == 1
    assert cli(library, "indicators", "--min-releases", 0)[0] == 2


def test_metrics_rows_name_their_release(library):
    code, rows = cli(library, "metrics", "--label", "实际利用外资")
    assert code == 0 and [(r["text"], r["date"]) for r in rows] == [("5亿美元", "2019-10-14"),
                                                                      ("30亿元", "2020-10-14")]
    assert {r["doc_title"] for r in rows} == {"全市平安建设新闻发布会"}
    code, text = cli(library, "metrics", "--label", "实际利用外资", fmt="--csv")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:4] == ["id", "doc_id", "doc_title", "date"]


def _plans(library, call):
    """The query plans of every SELECT that `call(kb)` runs (SQLite's EXPLAIN QUERY PLAN)."""
    with KnowledgeBase.open(library, seed=False) as kb:
        conn = kb._store.db.conn
        statements = []
        conn.set_trace_callback(statements.append)
        try:
            call(kb)
        finally:
            conn.set_trace_callback(None)
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        return [" / ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {s}")) for s in selects]


def test_a_trend_reads_only_its_group_through_the_index(library):
    """Speed is the point (≤ 100 ms at 2,000 releases): no query of `trend` scans the
    figures' or the releases' rows: each reads its group from the index metrics_indicator
    (suggestions for a label with no match walk that index, never the rows)."""
    plans = _plans(library, lambda kb: (kb.trend("刑事案件"), kb.trend("刑事")))
    assert plans and all("SCAN m" not in p and "SCAN metrics" not in p and "SCAN d" not in p
                         for p in plans), plans
    assert all("metrics_indicator" in p for p in plans if "metrics" in p or " m " in p)


def test_the_indicator_list_reads_the_index_alone(library):
    """`indicators` is a GROUP BY over the covering index: no figure's row is read, and a
    release's date comes from the index documents_release, not from the table (whose rows
    hold whole texts)."""
    plans = _plans(library, lambda kb: kb.indicators(2))
    assert plans and all("COVERING INDEX" in p for p in plans), plans
    assert all("SCAN" not in p.replace("SCAN g", "") for p in plans), plans
