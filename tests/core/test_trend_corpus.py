"""On a library made by benchmarks/make_corpus.py, `trend` returns
exactly the figures of its group, sorted by date. The truth is computed here from
`metrics --json` with this test's own small normaliser, not with the core's code."""
import contextlib
import importlib.util
import io
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from desktop_app.cli import main

_SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "make_corpus.py"
_spec = importlib.util.spec_from_file_location("make_corpus", _SCRIPT)
make_corpus = sys.modules.setdefault("make_corpus", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(make_corpus)

# The rule, written again by hand: labels that must and must not be one indicator.
MUST_MERGE = {"刑事案件": ["刑事案件数", "刑事案件总数", "“刑事案件”", "刑事 案件"],
              "网格员": ["网格员总数", "网格员数量", "‘网格员’"],
              "PM2.5平均浓度": ["ＰＭ２.５平均浓度"]}
MUST_NOT_MERGE = {"刑事案件": ["刑事案件立案", "治安案件", "专职网格员"], "网格员": ["专职网格员"],
                  "价格指数": ["价格指"]}
UNITS = {"％": "%", "百分点": "个百分点", "公斤": "千克", "平米": "平方米", "元人民币": "元"}


def my_label(label):
    """This test's normaliser: NFKC, lower case, no spaces or quotes, no trailing 数/总数/数量
    (but 指数 and 系数 are measures, kept whole)."""
    text = unicodedata.normalize("NFKC", label or "").lower()
    text = re.sub(r"[\s\"'“”‘’「」『』《》]", "", text)
    if text.endswith(("指数", "系数")):
        return text
    for tail in ("总数量", "总数", "数量", "数"):
        if text.endswith(tail) and len(text) > len(tail) + 1:
            return text[:-len(tail)]
    return text


def my_unit(unit):
    text = unicodedata.normalize("NFKC", unit or "").strip().lower()
    return UNITS.get(text, text)


def test_the_hand_written_table_holds_for_this_normaliser():
    for name, same in MUST_MERGE.items():
        assert {my_label(v) for v in same} == {my_label(name)}
    for name, other in MUST_NOT_MERGE.items():
        assert all(my_label(v) != my_label(name) for v in other)


def run(data, *args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*map(str, args), "--data-dir", str(data), "--no-seed", "--json"])
    return code, json.loads(out.getvalue())


@pytest.fixture(scope="module")
def corpus_library(tmp_path_factory):
    base = tmp_path_factory.mktemp("corpus")
    paths = make_corpus.generate(base / "corpus", docs=60, seed=7)
    assert main(["import", *map(str, paths), "--data-dir", str(base / "kb"), "--no-seed", "--json"]) == 0
    return base / "kb"


def test_trend_returns_exactly_its_group_sorted_by_date(corpus_library, capsys):
    code, figures = run(corpus_library, "metrics")
    assert code == 0
    groups = defaultdict(list)
    for f in figures:
        if f["label"]:
            groups[(my_label(f["label"]), my_unit(f["unit"]))].append(f)
    releases = {key: len({f["doc_id"] for f in rows}) for key, rows in groups.items()}
    biggest = sorted(groups, key=lambda k: (-releases[k], k))[:5]
    assert releases[biggest[0]] >= 10  # a label that occurs in many releases
    for label, unit in biggest:
        written = groups[(label, unit)][0]
        code, result = run(corpus_library, "trend", written["label"], "--unit", written["unit"])
        assert code == 0, (label, unit)
        got = [r["metric_id"] for r in result["rows"]]
        truth = groups[(label, unit)]
        assert sorted(got) == sorted(f["id"] for f in truth), (label, unit)
        assert result["unit"] in {f["unit"] for f in truth}
        dates = [r["date"] for r in result["rows"]]
        dated = [d for d in dates if d is not None]
        assert dated == sorted(dated) and dates == dated + [None] * (len(dates) - len(dated))
        by_id = {f["id"]: f for f in truth}
        assert all(r["date"] == by_id[r["metric_id"]]["date"] for r in result["rows"])
    capsys.readouterr()
