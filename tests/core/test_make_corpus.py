"""The benchmark corpus generator is deterministic and writes releases the parser can read."""
import importlib.util
import random
import sys
from pathlib import Path

import pytest

from desktop_app.core import parser, reading

_SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "make_corpus.py"
_spec = importlib.util.spec_from_file_location("make_corpus", _SCRIPT)
make_corpus = sys.modules.setdefault("make_corpus", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(make_corpus)


def _contents(paths):
    return [p.read_bytes() for p in paths]


def test_same_seed_gives_the_same_corpus(tmp_path):
    first = make_corpus.generate(tmp_path / "a", docs=6, seed=3)
    second = make_corpus.generate(tmp_path / "b", docs=6, seed=3)

    assert [p.name for p in first] == [f"rel_{i:05d}.txt" for i in range(6)]
    assert _contents(first) == _contents(second)
    assert len(set(_contents(first))) == 6


def test_other_seed_gives_other_releases(tmp_path):
    first = make_corpus.generate(tmp_path / "a", docs=4, seed=3)
    other = make_corpus.generate(tmp_path / "b", docs=4, seed=4)

    assert not set(_contents(first)) & set(_contents(other))


def test_a_small_corpus_is_a_prefix_of_a_bigger_one(tmp_path):
    small = make_corpus.generate(tmp_path / "small", docs=3, seed=9)
    big = make_corpus.generate(tmp_path / "big", docs=8, seed=9)

    assert _contents(small) == _contents(big)[:3]


def test_ensure_corpus_reuses_a_matching_folder_and_regenerates_otherwise(tmp_path):
    out = tmp_path / "corpus"
    paths = make_corpus.ensure_corpus(out, docs=3, seed=1)
    paths[0].write_text("edited", encoding="utf-8")

    assert make_corpus.ensure_corpus(out, docs=3, seed=1)[0].read_text(encoding="utf-8") == "edited"
    regenerated = make_corpus.ensure_corpus(out, docs=4, seed=1)
    assert len(regenerated) == 4 and regenerated[0].read_text(encoding="utf-8") != "edited"


def test_generated_releases_parse_into_sections_and_figures(tmp_path):
    paths = make_corpus.generate(tmp_path, docs=12, seed=5)
    sizes = [p.stat().st_size for p in paths]

    for path in paths:
        text, encoding = reading.read_text(path)
        doc = parser.parse_text(text, file=path.name, encoding=encoding)
        assert doc.title and doc.title == text.split("\n")[0], path.name
        assert len(doc.sections) >= 2, path.name
        assert len(doc.metrics) >= 5, path.name
    assert 4_000 < sum(sizes) / len(sizes) < 12_000


def test_perturbing_figures_keeps_dates_ordinals_and_width():
    text = "2014年10月全市配备网格员7600余人，第3批，PM2.5下降，满意度98%，新增６５００万吨。"
    changed = make_corpus.perturb_numbers(text, random.Random(1), share=1.0)

    assert changed.startswith("2014年10月全市配备网格员")
    assert "7600余人" not in changed and "６５００万吨" not in changed
    assert "第3批" in changed and "PM2.5" in changed
    assert all(ch in "０１２３４５６７８９" for ch in changed.split("新增")[1].split("万吨")[0])
    percent = float(changed.split("满意度")[1].split("%")[0])
    assert percent < 100


@pytest.mark.parametrize("n, written", [(1, "一"), (5, "五"), (10, "十"), (12, "十二"), (20, "二十")])
def test_headings_are_numbered_in_chinese(n, written):
    assert make_corpus.cn_number(n) == written
    assert make_corpus.format_heading("dun", n, "社会治理") == f"{written}、社会治理"


def test_list_json_dates_equal_the_manifest_truth(tmp_path, capsys):
    """Every form that carries a full date (ISO, 2022年10月14日, Sept. 27, 2022) is read exactly;
    10月14日 with the year only later in the lead is inferred; no date gives none."""
    import json

    from desktop_app.cli import main

    paths = make_corpus.generate(tmp_path / "corpus", docs=30, seed=7)
    truth = json.loads((tmp_path / "corpus" / make_corpus.MANIFEST).read_text(encoding="utf-8"))["dates"]
    data = str(tmp_path / "kb")
    assert main(["import", *map(str, paths), "--data-dir", data, "--no-seed", "--json"]) == 0
    capsys.readouterr()
    assert main(["list", "--data-dir", data, "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    forms = {truth[d["file"]]["form"] for d in docs}
    assert forms == {"iso", "chinese", "english", "lead_year", "none"}
    assert len({truth[d["file"]]["year"] for d in docs} - {None}) >= 4  # several years
    for d in docs:
        want = truth[d["file"]]
        if want["form"] in make_corpus.FULL_DATE_FORMS:
            assert (d["date"], d["year"], d["date_source"]) == (want["date"], want["year"], "written"), d["file"]
        elif want["form"] == "lead_year":
            assert (d["date"], d["year"], d["date_source"]) == (want["date"], want["year"], "inferred"), d["file"]
        else:
            assert (d["date"], d["date_source"]) == (None, None), d["file"]
