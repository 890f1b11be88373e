"""One date contract (date, year, date_source), the document filters and paging
of `list` and `search`, the true search total, and bulk properties (`set --doc`)."""
import json
import sqlite3

import pytest

from desktop_app.cli import main
from desktop_app.core import kb_search
from desktop_app.core.dates import date_facts, parse_date_arg, written_parts
from desktop_app.core.errors import InputError, NotFoundError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.records import DocumentQuery
from desktop_app.core.store import DB_NAME, SCHEMA_VERSION
from tests.hostile.backups import BEFORE_CORRECTIONS, BEFORE_INDICATORS, BEFORE_SEARCH_TABLES
from tests.hostile.dates import dated_releases


@pytest.mark.parametrize("dateline, want", [
    ("2022年10月14日", (2022, 10, 14)), ("２０２２年１０月１４日", (2022, 10, 14)),
    ("2022-10-14", (2022, 10, 14)), ("2022/10/14", (2022, 10, 14)), ("2022.1.2", (2022, 1, 2)),
    ("Sept. 27, 2022", (2022, 9, 27)), ("September 27 2022", (2022, 9, 27)), ("Oct. 4", (None, 10, 4)),
    ("新华社北京10月14日电", (None, 10, 14)), ("10月14号", (None, 10, 14)), (None, None), ("今天", None),
])
def test_written_date_forms(dateline, want):
    assert written_parts(dateline) == want


@pytest.mark.parametrize("dateline, user_year, want", [
    ("2022年10月14日", None, ("2022-10-14", 2022, "written")),
    ("Sept. 27, 2022", None, ("2022-09-27", 2022, "written")),
    ("10月14日", None, (None, None, None)),
    ("10月14日", 2021, ("2021-10-14", 2021, "user")),
    ("2019-01-02", 2020, ("2020-01-02", 2020, "user")),  # the user's year wins
    (None, 2022, (None, 2022, "user")),  # a year without month and day
    ("2022年2月30日", None, (None, None, None)),  # no such day
])
def test_date_facts(dateline, user_year, want):
    facts = date_facts(dateline, user_year)
    assert (facts.date, facts.year, facts.source) == want


@pytest.mark.parametrize("text", ["2022-13-01", "2022-02-30", "yesterday", "10月14日", ""])
def test_a_bad_filter_date_is_refused_naming_it(text):
    with pytest.raises(InputError) as caught:
        parse_date_arg(text)
    assert text in str(caught.value)


@pytest.fixture
def library(tmp_path):
    """A knowledge base of RELEASES (tests/hostile/dates.py), 4 having a year set by the user
    or the text; returns (data dir, {file name: id})."""
    data = tmp_path / "kb"
    with KnowledgeBase.open(data, seed=False) as kb:
        kb.import_paths(dated_releases(tmp_path / "src"))
        ids = {d.file: d.id for d in kb.documents()}
        kb.set_properties(ids["d_no_year.txt"], year=2022)  # completes 10月14日
        kb.set_properties(ids["e_undated.txt"], year=2022)  # a year, no day
    return data, ids


def cli(data, *args):
    """(exit code, parsed JSON) of a CLI command against `data`."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            code = main([*map(str, args), "--data-dir", str(data), "--json", "--no-seed"])
        except SystemExit as stop:
            code = stop.code
    text = out.getvalue()
    return code, json.loads(text) if text.strip() else None


def _files(page, ids):
    names = {v: k for k, v in ids.items()}
    return [names[d["id"]] for d in page["documents"]]


def test_list_json_gives_the_date_contract(library):
    data, ids = library
    code, docs = cli(data, "list")
    got = {d["file"]: (d["date"], d["year"], d["date_source"]) for d in docs}
    assert code == 0 and got == {
        "a_chinese.txt": ("2021-03-05", 2021, "written"), "b_iso.txt": ("2022-10-14", 2022, "written"),
        "c_english.txt": ("2022-09-27", 2022, "written"), "d_no_year.txt": ("2022-10-14", 2022, "user"),
        "e_undated.txt": (None, 2022, "user"), "f_undated.txt": (None, None, None),
        "g_slash.txt": ("2023-01-02", 2023, "written")}
    # chronological whatever the written form; a year without a day after its year's dates; undated last
    assert [d["file"] for d in docs] == ["a_chinese.txt", "c_english.txt", "b_iso.txt", "d_no_year.txt",
                                         "e_undated.txt", "g_slash.txt", "f_undated.txt"]


def test_list_date_range_is_inclusive_and_counts_undated_left_out(library):
    data, ids = library
    code, page = cli(data, "list", "--from", "2022-09-27", "--to", "2022-10-14")
    assert code == 0
    assert _files(page, ids) == ["c_english.txt", "b_iso.txt", "d_no_year.txt"]
    assert (page["total"], page["offset"], page["undated_excluded"]) == (3, 0, 2)  # e (no day), f


def test_list_year_matches_a_release_with_a_year_but_no_day(library):
    data, ids = library
    code, page = cli(data, "list", "--year", 2022)
    assert _files(page, ids) == ["c_english.txt", "b_iso.txt", "d_no_year.txt", "e_undated.txt"]
    assert page["undated_excluded"] == 1  # f alone has no year
    assert cli(data, "list", "--year", 1999)[1]["total"] == 0


def test_list_issuer_ignores_width_and_case(library):
    data, ids = library
    with KnowledgeBase.open(data, seed=False) as kb:
        kb.set_properties_many([ids["f_undated.txt"]], issuer="ＡＢＣ统计局")
    assert _files(cli(data, "list", "--issuer", "abc")[1], ids) == ["f_undated.txt"]
    assert _files(cli(data, "list", "--issuer", "统计局")[1], ids) == [
        "a_chinese.txt", "b_iso.txt", "d_no_year.txt", "g_slash.txt", "f_undated.txt"]
    assert cli(data, "list", "--issuer", "淄博")[1]["total"] == 1


def test_list_doc_ranges_kind_and_paging(library):
    data, ids = library
    page = cli(data, "list", "--doc", "1,3-4", "--sort", "id")[1]
    assert [d["id"] for d in page["documents"]] == [1, 3, 4]
    whole = cli(data, "list", "--sort", "id", "--limit", 1000)[1]
    pages = [cli(data, "list", "--sort", "id", "--limit", 3, "--offset", n)[1] for n in (0, 3, 6)]
    assert [d["id"] for p in pages for d in p["documents"]] == [d["id"] for d in whole["documents"]]
    assert {p["total"] for p in pages} == {7} and [p["offset"] for p in pages] == [0, 3, 6]
    assert cli(data, "list", "--kind", "lead")[1]["total"] == 7
    assert cli(data, "list", "--kind", "outlook")[1]["total"] == 0


@pytest.mark.parametrize("args", [
    ["list", "--from", "2022-02-30"], ["list", "--to", "14/10/2022"], ["search", "网格员", "--from", "x"],
    ["list", "--limit", 1001], ["search", "网格员", "--limit", 1001], ["list", "--offset", -1],
    ["list", "--year", "二〇二二"],
])
def test_bad_filter_values_exit_2(library, args, capsys):
    data, _ = library
    assert cli(data, *args)[0] == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(args[-1]) in err


def test_search_true_total_and_pages_with_snippets_for_the_page_only(library, monkeypatch):
    data, _ = library
    whole = cli(data, "search", "网格员", "--limit", 1000)[1]
    assert whole["total"] == len(whole["hits"]) == 7
    made = []
    real = kb_search.snippet
    monkeypatch.setattr(kb_search, "snippet", lambda *a, **k: made.append(1) or real(*a, **k))
    pages = [cli(data, "search", "网格员", "--limit", 3, "--offset", n)[1] for n in (0, 3, 6, 9)]
    assert [p["total"] for p in pages] == [7] * 4 and [p["offset"] for p in pages] == [0, 3, 6, 9]
    assert [h["section_id"] for p in pages for h in p["hits"]] == [h["section_id"] for h in whole["hits"]]
    assert [len(p["hits"]) for p in pages] == [3, 3, 1, 0]
    assert len(made) == 7  # 3 + 3 + 1: a snippet for each hit shown, none for the others


def test_search_filters_by_date_year_issuer_and_doc_and_counts_undated(library):
    data, ids = library
    dated = cli(data, "search", "网格员", "--from", "2022-01-01", "--to", "2022-12-31")[1]
    assert {h["doc_id"] for h in dated["hits"]} == {ids[f] for f in ("b_iso.txt", "c_english.txt", "d_no_year.txt")}
    assert dated["undated_excluded"] == 2
    by_year = cli(data, "search", "网格员", "--year", 2022)[1]
    assert {h["doc_id"] for h in by_year["hits"]} == {ids[f] for f in (
        "b_iso.txt", "c_english.txt", "d_no_year.txt", "e_undated.txt")}
    assert by_year["undated_excluded"] == 1
    issuer = cli(data, "search", "网格员", "--issuer", "统计局", "--doc", "1-3")[1]
    assert {h["doc_id"] for h in issuer["hits"]} == {ids["a_chinese.txt"], ids["b_iso.txt"]}
    assert issuer["undated_excluded"] == 0
    code, nothing = cli(data, "search", "网格员", "--from", "2030-01-01")
    assert code == 1 and nothing["total"] == 0 and nothing["undated_excluded"] == 2


def test_set_many_years_and_issuers_and_clear(library):
    data, ids = library
    code, out = cli(data, "set", "--doc", "1,5-6", "--year", 2019)
    assert (code, out) == (0, {"updated": [1, 5, 6]})
    docs = {d["id"]: d for d in cli(data, "list")[1]}
    assert [(docs[i]["year"], docs[i]["date_source"]) for i in (1, 5, 6)] == [(2019, "user")] * 3
    assert docs[1]["date"] == "2019-03-05"
    assert cli(data, "set", "--doc", "5-6", "--issuer", "某单位")[1] == {"updated": [5, 6]}
    assert cli(data, "set", "--doc", "1,5-6", "--year", 0)[0] == 0
    docs = {d["id"]: d for d in cli(data, "list")[1]}
    assert (docs[1]["date"], docs[1]["date_source"]) == ("2021-03-05", "written")
    assert (docs[5]["year"], docs[6]["year"], docs[6]["issuer"]) == (None, None, "某单位")


def test_set_with_an_unknown_id_changes_nothing(library, capsys):
    data, ids = library
    before = cli(data, "list")[1]
    code, out = cli(data, "set", "--doc", "1-3,99", "--year", 2000)
    assert code == 2 and out is None and "99" in capsys.readouterr().err
    assert cli(data, "list")[1] == before
    with KnowledgeBase.open(data, seed=False) as kb, pytest.raises(NotFoundError):
        kb.set_properties_many([1, 2, 98], issuer="x")
    assert cli(data, "list")[1] == before


def test_document_page_api(library):
    data, ids = library
    with KnowledgeBase.open(data, seed=False) as kb:
        page = kb.document_page(DocumentQuery(sort="issuer", descending=True, limit=2, offset=1))
        assert (page.total, page.offset, len(page.docs)) == (7, 1, 2)
        assert all(d.sections for d in page.docs)
        with pytest.raises(InputError):
            kb.document_page(DocumentQuery(limit=1001))
        with pytest.raises(InputError):
            kb.document_page(DocumentQuery(sort="colour"))


def test_a_version_4_store_gets_its_dates_on_upgrade(library):
    """Rows written before schema 5 (ISO and English datelines had no date) get date, year,
    date_source and the issuer key when the knowledge base is opened."""
    data, ids = library
    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    for sql in (*BEFORE_CORRECTIONS, *BEFORE_SEARCH_TABLES, *BEFORE_INDICATORS, "DROP INDEX documents_year_date",
                "ALTER TABLE documents DROP COLUMN year",
                "ALTER TABLE documents DROP COLUMN date_source", "ALTER TABLE documents DROP COLUMN issuer_key",
                "UPDATE documents SET date = NULL WHERE dateline NOT LIKE '%月%'", "PRAGMA user_version = 4"):
        conn.execute(sql)
    conn.close()
    with KnowledgeBase.open(data, seed=False) as kb:
        assert kb._store.schema_version() == SCHEMA_VERSION
        docs = {d.file: d for d in kb.documents()}
        assert (docs["b_iso.txt"].date, docs["c_english.txt"].date) == ("2022-10-14", "2022-09-27")
        assert (docs["e_undated.txt"].year, docs["e_undated.txt"].date_source) == (2022, "user")
        assert kb.document_page(DocumentQuery(issuer="潍坊")).total == 1
