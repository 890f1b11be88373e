"""The corpus scorer's rules (tests/corpus_score.py), on tiny hand-made gold and predictions."""
import json

from tests.corpus_score import DATA, check_gold, documents, score

GOLD = {
    "title": "T",
    "sections": [
        {"kind": "achievement", "heading": "一、成效", "start": 10, "level": 1, "parent": None},
        {"kind": "achievement", "heading": "一是就业稳定", "start": 20, "level": 2, "parent": 0},
        {"kind": "priority", "heading": "二、计划", "start": 40, "level": 1, "parent": None},
        {"kind": "other", "heading": "记者手记", "start": 60, "level": 1, "parent": None},
    ],
    "metrics": [{"text": "5%", "borderline": False, "start": 25, "end": 27},
                {"text": "九成", "borderline": True, "start": 30, "end": 32}],
}


def test_a_section_three_characters_off_is_found_and_four_off_is_not():
    near = score(GOLD, {"sections": [{"kind": "achievement", "start": 13, "parent": None}]})
    far = score(GOLD, {"sections": [{"kind": "achievement", "start": 6, "parent": None}]})
    assert (near["l1f"], near["sfp"]) == (1, 0)
    assert (far["l1f"], far["sfp"]) == (0, 1)


def test_a_start_inside_the_heading_is_found_and_other_sections_are_neutral():
    r = score(GOLD, {"sections": [{"kind": "priority", "start": 42}, {"kind": "other", "start": 99}]})
    assert (r["l1"], r["l1f"], r["l1k"], r["spred"], r["sfp"]) == (2, 1, 1, 1, 0)


def test_an_item_with_the_wrong_kind_is_found_but_not_right():
    r = score(GOLD, {"sections": [{"kind": "priority", "start": 20, "parent": None}]})
    assert (r["l2"], r["l2f"], r["l2k"]) == (1, 1, 0)


def test_an_items_parent_must_point_at_the_section_matching_the_gold_parent():
    area = {"kind": "achievement", "start": 10, "parent": None}
    plan = {"kind": "priority", "start": 40, "parent": None}
    right = score(GOLD, {"sections": [area, plan, {"kind": "achievement", "start": 20, "parent": 0}]})
    wrong = score(GOLD, {"sections": [area, plan, {"kind": "achievement", "start": 20, "parent": 1}]})
    missing = score(GOLD, {"sections": [area, {"kind": "achievement", "start": 20, "parent": 7}]})
    assert (right["l2f"], right["l2p"]) == (1, 1)
    assert (wrong["l2f"], wrong["l2p"]) == (1, 0)
    assert (missing["l2f"], missing["l2p"]) == (1, 0)


def test_figures_overlap_exact_borderline_and_false():
    r = score(GOLD, {"metrics": [{"start": 26, "end": 27, "text": "%"}, {"start": 30, "end": 31, "text": "九"},
                                 {"start": 50, "end": 52, "text": "3个"}]})
    assert (r["need"], r["found"], r["exact"], r["fp"], r["false"]) == (1, 1, 0, 1, ["3个"])
    assert score(GOLD, {})["missed"] == ["5%"]


def test_check_gold_reports_a_shifted_span_and_a_parent_that_is_no_level_1_section():
    text = "T\n" + "x" * 8 + "一、成效" + "x" * 6 + "一是就业5%"
    gold = {"title": "T", "metrics": [{"text": "5%", "start": 25, "end": 27}],
            "sections": [{"heading": "一、成效", "start": 10, "level": 1, "parent": None},
                         {"heading": "一是就业", "start": 20, "level": 2, "parent": 1}]}
    assert check_gold(text, gold) == ["section 1 level 2 parent 1", "figure '5%' not at 25"]


def test_every_committed_gold_file_is_consistent_with_its_text():
    pairs = documents("dev") + documents("blind") + documents("blind2") + documents("blind3") + documents("blind4")
    assert len(documents("blind")) >= 8 and (DATA / "corpus" / "blind" / "SOURCES.tsv").exists()
    assert len(documents("blind3")) >= 8 and (DATA / "corpus" / "blind3" / "SOURCES.tsv").exists()
    assert len(documents("blind4")) >= 8 and (DATA / "corpus" / "blind4" / "SOURCES.tsv").exists()
    for txt, gf in pairs:
        assert check_gold(txt.read_text(encoding="utf-8-sig"), json.loads(gf.read_text(encoding="utf-8"))) == [], txt


def test_make_score_reads_only_files_inside_the_repository():
    """`make score` runs on a bare checkout: every text and gold file of every set is in tests/
    or seeds/, and the Makefile and the scorer name no path outside the repository."""
    repo = DATA.parents[1]
    sets = ("dev", "blind", "blind2", "blind3", "blind4", "blind5")
    for name in sets:
        for text, gold in documents(name):
            for path in (text, gold):
                assert path.resolve().is_relative_to(repo) and path.is_file(), path
    makefile = (repo / "Makefile").read_text(encoding="utf-8")
    score = makefile[makefile.index("\nscore:"):].split("\n\n")[0]
    assert "tests.corpus_score" in score and "../" not in score
    assert "../" not in (repo / "tests" / "corpus_score.py").read_text(encoding="utf-8")
    assert all(f"--set {name}" in score or name in score for name in sets)
