"""Search on the seed: the sections a person expects, none missing, none wrong."""
import pytest

from desktop_app.core import segment
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.search_index import note_text, parse_query, snippet


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    with KnowledgeBase.open(tmp_path_factory.mktemp("kb")) as opened:
        yield opened


@pytest.fixture(scope="module")
def ids(kb):
    """Section ids of the seed by a readable name."""
    names = {}
    for s in kb.documents()[0].sections:
        names[f"{s.kind}{s.number}"] = s.id
    return names


def found(kb, query, **kw):
    return [h.section_id for h in kb.search(query, **kw).hits]


@pytest.mark.parametrize("query, expected", [
    ("网格", {"achievement2", "priority2"}),           # the 社会治理 area and the “用” priority
    ("网格员", {"achievement2", "priority2"}),         # a word the stock dictionary splits
    ("诈骗", {"achievement4", "priority4"}),
    ("电诈", {"achievement4"}),                        # an abbreviation as written
    ('"矛盾纠纷"', {"achievement2"}),
    ("“矛盾纠纷”", {"achievement2"}),                  # Chinese quotes from an IME
    ("36.01%", {"lead1"}),
    ("扫黑除恶", {"achievement3", "priority4"}),
    ("交通安全", {"achievement4"}),                    # inside 道路交通安全
    ("淄博市", {"lead1", "achievement1", "achievement2", "outlook1"}),  # incl. inside 淄博市委
    ("犯罪活动", {"achievement1", "priority3", "priority4"}),           # inside 违法犯罪活动
    ("7600", {"achievement2"}),
    ("纠纷", {"achievement2"}),
    ("法治", {"achievement3", "priority3", "priority5"}),
    ("e+智慧法庭", {"achievement4"}),                  # mixed Chinese and Latin letters
    ("E+智慧法庭", {"achievement4"}),                  # case-insensitive
    ("３６．０１％", {"lead1"}),                        # full-width forms
    ("张铭", {"credits1"}),                            # the inline (记者 张铭) belongs to credits
])
def test_queries_find_exactly_the_expected_sections(kb, ids, query, expected):
    result = kb.search(query)
    assert set(found(kb, query)) == {ids[name] for name in expected}
    assert result.total == len(expected)
    assert result.hint is None


def test_wanggeyuan_ranks_both_sections_on_top(kb, ids):
    assert set(found(kb, "网格员")[:2]) == {ids["achievement2"], ids["priority2"]}


def test_word_hits_rank_before_substring_only_hits(tmp_path):
    """Sections holding the query as words come first (BM25 score); sections that only
    contain it inside other words follow with score 0 — and are still found."""
    release = tmp_path / "r.txt"
    release.write_text("关于网格管理的通报\n一、加强网格员培训\n全市网格员参加培训。\n"
                       "二、推进网格化建设\n各区推进网格化管理。\n", encoding="utf-8")
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        kb.import_paths([release])
        hits = kb.search("格员").hits  # only ever inside 网格员
        assert len(hits) >= 1 and all(h.score == 0.0 for h in hits)
        hits = kb.search("网格员").hits
        assert hits and all(h.score > 0 for h in hits)
        scores = [h.score for h in kb.search("网格").hits]
        assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_every_match_offset_points_at_the_query(kb):
    for query in ("网格", "淄博市", "36.01%", "e+智慧法庭"):
        for hit in kb.search(query).hits:
            text = kb.section(hit.section_id).text
            assert hit.matches
            for start, end in hit.matches:
                assert segment.normalize(text[start:end]) == segment.normalize(query)


def test_snippet_marks_matches_and_escapes_html(kb):
    hit = kb.search("网格员").hits[0]
    assert "<mark>网格员</mark>" in hit.snippet
    assert snippet("a<b>网格</b>", ((4, 6),)) == "a&lt;b&gt;<mark>网格</mark>&lt;/b&gt;"


def test_filters_kind_and_document(kb, ids):
    assert found(kb, "网格", kind="priority") == [ids["priority2"]]
    assert found(kb, "网格", kind="achievement") == [ids["achievement2"]]
    assert found(kb, "网格", doc_id=999) == []
    assert set(found(kb, "网格", doc_id=kb.documents()[0].id)) == {ids["achievement2"], ids["priority2"]}


def test_and_or_not(kb, ids):
    assert found(kb, "网格 满意度") == [ids["achievement2"]]
    assert set(found(kb, "电诈 OR 网格员")) == {ids["achievement4"], ids["achievement2"], ids["priority2"]}
    assert found(kb, "网格 -满意度") == [ids["priority2"]]
    assert found(kb, "网格 NOT 满意度") == [ids["priority2"]]


def test_limit(kb):
    result = kb.search("淄博", limit=2)
    assert len(result.hits) == 2 and result.total > 2
    assert kb.search("淄博", limit=0).hits == ()


@pytest.mark.parametrize("query", [
    "", "   ", '"', '"网格', "网格\"", "AND", "OR", "NOT", "AND OR NOT", "网格 OR", "NOT 网格",
    "*", "网*", "?", "网格" * 500, "😀", "网格😀", "。。。", "!!!", "((", ")", "[", "{}", "\\",
    "kind:priority", "网格~2", "title:网格", "\x00网格", "'", "-", "--", "-网格", "||", "&&",
    "网格^3", "🇨🇳 网格", None,
])
def test_hostile_queries_never_raise(kb, query):
    result = kb.search(query)
    assert result.total == len(result.hits) or result.total > len(result.hits) >= 0
    if result.total == 0:
        assert result.hint


def test_hostile_queries_still_find_what_they_can(kb, ids):
    assert set(found(kb, '"网格')) == {ids["achievement2"], ids["priority2"]}
    assert set(found(kb, "网格*")) == {ids["achievement2"], ids["priority2"]}
    assert set(found(kb, "网格 OR")) == {ids["achievement2"], ids["priority2"]}
    assert kb.search("网格*").hint  # tells the user * is not needed


def test_parse_query_shapes():
    q = parse_query('网格 OR 诈骗 "矛盾 纠纷" -电诈')
    assert q.clauses == (("网格", "诈骗"), ("矛盾 纠纷",))
    assert q.excluded == ("电诈",)
    assert parse_query("ＡＢＣ１２３").clauses == (("abc123",),)
    assert parse_query("NOT 电诈").notes == ("only_not",)


def test_full_width_question_marks_and_stars_are_punctuation_not_wildcards(kb):
    """Chinese typing gives ？ and ＊: no "不需要 * 或 ?" for them (NFKC used to fold them into
    the ASCII wildcards); ASCII * and ? still get that note, and a quoted ? is kept."""
    assert "wildcard" not in parse_query("？？").notes
    assert parse_query("？？").notes == ("empty", "punct")
    assert parse_query("＊＊").notes == ("empty", "punct")
    assert parse_query("怎么办？").clauses == (("怎么办?",),) and parse_query("怎么办？").notes == ()
    assert parse_query("网格?").notes == ("wildcard",) and parse_query("网格?").clauses == (("网格",),)
    assert parse_query('"网格?"').clauses == (("网格?",),) and parse_query('"网格?"').notes == ()
    result = kb.search("？？")
    assert "* 或 ?" not in result.hint and result.notes == ("empty", "punct")


def test_search_notes_come_as_codes_and_the_hint_stays_bilingual(kb):
    """The window shows a search's notes in one language (from `notes`); `hint`, which the
    CLI and `search --json` print, keeps both."""
    result = kb.search("没有这个词语啊")
    assert result.notes == ("nothing",)
    assert result.hint == "没有找到匹配的段落 / No matching sections"
    assert note_text("nothing", "zh_CN") == "没有找到匹配的段落"
    assert note_text("nothing", "en") == "No matching sections"


def test_search_sees_another_instances_writes(kb, tmp_path):
    """A second instance's import shows up in the first one's next search."""
    doc = tmp_path / "new.txt"
    doc.write_text("新的发布\n全市新增网格员120人,雪亮工程覆盖全部乡镇。\n", encoding="utf-8")
    with KnowledgeBase.open(kb.data_dir) as other:
        report = other.import_paths([doc])
    assert kb.search("雪亮工程").total == 2
    with KnowledgeBase.open(kb.data_dir) as other:
        other.delete_document(report.imported[0][1])
    assert kb.search("雪亮工程").total == 1


def test_a_word_only_in_the_title_finds_the_document_through_its_lead(kb, ids):
    """权威发布 is only in the seed's title: the lead stands for the document, with the title
    marked in the snippet, a hint, and no offsets (nothing to step through in the text)."""
    result = kb.search("权威发布")
    assert result.total == 1 and [h.section_id for h in result.hits] == [ids["lead1"]]
    hit = result.hits[0]
    assert hit.score == 0.0 and hit.matches == ()
    assert hit.snippet.startswith("《<mark>权威发布</mark>丨纵深推进平安淄博各项建设")
    assert "标题" in result.hint and "title" in result.hint
    assert found(kb, "权威发布", kind="priority") == [ids["priority1"]]  # filters still apply
    assert found(kb, "权威发布", doc_id=999) == []
    assert kb.search("权威发布 -淄博").total == 0  # an excluded word in the title excludes it


def test_title_matches_rank_after_text_matches_and_follow_user_titles(tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("星河计划发布会召开\n全市网格员参加培训。\n", encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text("关于培训的通报\n本次培训由星河计划办公室组织。\n", encoding="utf-8")
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        report = kb.import_paths([first, second])
        (_, doc_a), (_, doc_b) = report.imported
        hits = kb.search("星河计划").hits
        assert [h.doc_id for h in hits] == [doc_b, doc_a]  # the text match first, then the title
        assert hits[0].matches and hits[1].matches == ()
        assert kb.search("星河计划", limit=1).total == 2
        assert kb.search("月光").total == 0
        kb.set_properties(doc_a, title="月光行动")  # the title the user set is the one searched
        assert [h.doc_id for h in kb.search("月光").hits] == [doc_a]


def test_kind_filter_takes_the_labels_the_window_shows(kb, ids):
    assert found(kb, "网格", kind="下一步重点") == found(kb, "网格", kind="priority") == [ids["priority2"]]
    assert found(kb, "网格", kind="Achievements") == [ids["achievement2"]]
    assert [m.id for m in kb.metrics(kind="百分比")] == [m.id for m in kb.metrics(kind="percent")]


def test_every_kind_has_its_labels():
    from desktop_app.core import kb_input
    from desktop_app.core.model import METRIC_KINDS, SECTION_KINDS

    assert set(kb_input.SECTION_KIND_LABELS) == set(SECTION_KINDS)
    assert set(kb_input.METRIC_KIND_LABELS) == set(METRIC_KINDS)
    assert kb_input.section_kind(" 展望 ") == "outlook" and kb_input.section_kind("bogus") == "bogus"
