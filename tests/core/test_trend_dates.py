"""Release dates inferred from a byline, a year in the title or lead, or the file
name (date_source "inferred" / "filename"); the user's year wins; never a file's mtime."""
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.dates import date_facts, date_from_file_name, infer_from_text
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.store import DB_NAME, SCHEMA_VERSION
from tests.hostile.backups import BEFORE_CORRECTIONS, BEFORE_INDICATORS, BEFORE_SEARCH_TABLES
from tests.hostile.trend import INFERRED, inferred_date_releases

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Real releases whose parsed dateline lacks the date but whose byline gives it.
BYLINE_ONLY = {
    "27_zhengfa-2025-review-rmrb.txt": "2026-01-17",
    "09_shandong-industry-2025-rmrb.txt": "2026-01-24",
    "05_xinjiang-migrant-wages-procuratorate-rmrb.txt": "2025-12-23",
    "10_mot-ai-transport-policy-2025-rmrb.txt": "2025-11-13",
    "08_hunan-sci-tech-2026-rmrb.txt": "2026-03-02",
}


@pytest.fixture(scope="module")
def real_library(tmp_path_factory):
    """The dev corpus, its blind sets and the seed in one knowledge base: {file: DocumentInfo}."""
    data = tmp_path_factory.mktemp("real") / "kb"
    files = sorted(CORPUS.rglob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    with KnowledgeBase.open(data, seed=False) as kb:
        kb.import_paths(files)
        return {d.file: d for d in kb.documents(with_sections=False)}


def test_real_releases_get_their_byline_date_inferred(real_library):
    got = {name: (real_library[name].date, real_library[name].date_source) for name in BYLINE_ONLY}
    assert got == {name: (date, "inferred") for name, date in BYLINE_ONLY.items()}


def test_real_releases_with_a_full_dateline_stay_written(real_library):
    written = [d for d in real_library.values() if d.dateline and "年" in d.dateline]
    assert len(written) >= 30
    assert {d.date_source for d in written} == {"written"}


def test_the_seed_and_yearless_releases_stay_undated(real_library):
    """The seed says 10月14日 and no year anywhere; the 2011 EB release says 9月22日～23日
    with no year in its lead: neither gets a guessed date."""
    seed = next(d for name, d in real_library.items() if name.startswith("000_"))
    procurement = real_library["14_eb-central-procurement-jan-aug-2011.txt"]
    daqing = real_library["10_daqing-rural-economy-2014.txt"]  # a year only in the file name
    for doc in (seed, procurement, daqing):
        assert (doc.date, doc.year, doc.date_source) == (None, None, None), doc.file


def test_each_inference_rule_and_never_the_modification_time(tmp_path):
    """Byline, 今年是, a year then the dateline, two years (no guess), file-name dates
    (2019-07-08; 20180102 with a dateline of 12月30日 → the year before), no date (mtime 2020
    is not used)."""
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        kb.import_paths(inferred_date_releases(tmp_path / "src"))
        got = {d.file: (d.date, d.date_source) for d in kb.documents(with_sections=False)}
    assert got == {name: (date, source) for name, (_, date, source) in INFERRED.items()}


def test_the_users_year_wins_over_an_inferred_or_file_name_date(tmp_path):
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        kb.import_paths(inferred_date_releases(tmp_path / "src"))
        ids = {d.file: d.id for d in kb.documents(with_sections=False)}
        kb.set_properties(ids["this_year.txt"], year=2023)
        kb.set_properties(ids["发布会-2019-07-08.txt"], year=2023)
        docs = {d.file: d for d in kb.documents(with_sections=False)}
        assert (docs["this_year.txt"].date, docs["this_year.txt"].date_source) == ("2023-10-14", "user")
        assert (docs["发布会-2019-07-08.txt"].year, docs["发布会-2019-07-08.txt"].date_source) == (2023, "user")
        kb.set_properties(ids["this_year.txt"], year=0)  # cleared: the inference is back
        doc = kb.document(ids["this_year.txt"])
        assert (doc.date, doc.date_source) == ("2021-10-14", "inferred")


@pytest.mark.parametrize("text, dateline, want", [
    ("题\n（2026年01月20日第 02 版）\n正文", None, "2026-01-20"),
    ("题\n《人民日报》（２０２６年０１月２０日第 ０２ 版）\n", "10月14日", "2026-01-20"),  # full width
    ("题\n10月14日，召开发布会。本年度为2019年。\n", "10月14日", "2019-10-14"),
    ("题\n10月14日，召开发布会。\n2018年以来的成绩。", "10月14日", None),  # a later paragraph
    ("题\n2月30日，召开发布会。今年是2019年。\n", "2月30日", None),  # no such day
    ("题\n10月14日，这是2022年以来的又一次发布。\n", "10月14日", "2022-10-14"),
    ("题\n10月14日，“2021—2025年”规划发布。\n", "10月14日", None),  # a range: two years
    ("题\n1月20日，市统计局发布2021年全年经济数据。\n", "1月20日", None),  # the year reported on
    ("题\n10月20日，市统计局发布2021年1-9月经济数据。\n", "10月20日", None),
    ("题\n10月20日，今年是2021年，发布2021年1-9月经济数据。\n", "10月20日", "2021-10-20"),
])
def test_infer_from_text(text, dateline, want):
    facts = date_facts(dateline, None, title="题", text=text)
    assert facts.date == want
    assert infer_from_text(text, "题", dateline, None) == ("2026-01-20" if "版" in text else None)


@pytest.mark.parametrize("name, want", [
    ("2022-10-14.txt", "2022-10-14"), ("报告20221014.txt", "2022-10-14"), ("a_2022_10_14.md", "2022-10-14"),
    ("2022.10.14 发布会.docx", "2022-10-14"), ("20221314.txt", None), ("2022-1014.txt", None),
    ("120221014.txt", None), ("release-2014.txt", None), ("dir2022-10-14/x.txt", None), (None, None),
])
def test_dates_in_file_names(name, want):
    assert date_from_file_name(name) == want


def test_a_version_5_store_gets_inferred_dates_on_upgrade(tmp_path):
    """Existing knowledge bases get the inference (and the indicator columns) through the
    schema-6 upgrade; a user-set year stays."""
    data = tmp_path / "kb"
    with KnowledgeBase.open(data, seed=False) as kb:
        kb.import_paths(inferred_date_releases(tmp_path / "src"))
        ids = {d.file: d.id for d in kb.documents(with_sections=False)}
        kb.set_properties(ids["byline.txt"], year=2001)
        before = {d.file: (d.date, d.date_source) for d in kb.documents(with_sections=False)}
    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    for sql in (*BEFORE_CORRECTIONS, *BEFORE_SEARCH_TABLES, *BEFORE_INDICATORS,
                "UPDATE documents SET date = NULL, year = NULL, date_source = NULL "
                "WHERE date_source != 'user'", "PRAGMA user_version = 5"):
        conn.execute(sql)
    conn.close()
    with KnowledgeBase.open(data, seed=False) as kb:
        assert kb._store.schema_version() == SCHEMA_VERSION
        after = {d.file: (d.date, d.date_source) for d in kb.documents(with_sections=False)}
        keys = kb._store.db.execute("SELECT count(*) FROM metrics WHERE label_key IS NULL "
                                    "AND label IS NOT NULL").fetchone()[0]
    assert after == before and after["byline.txt"] == ("2001-03-04", "user")
    assert keys == 0
