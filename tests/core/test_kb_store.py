"""The SQLite store: the seed's sections and metrics stored and read back, ids, schema."""
import json
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.errors import NotFoundError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.store import DB_NAME, SCHEMA_VERSION, iso_date

GOLD = json.loads((Path(__file__).resolve().parents[1] / "data" / "kb_seed.gold.json").read_text("utf-8"))


@pytest.fixture
def kb(tmp_path):
    with KnowledgeBase.open(tmp_path / "kb") as opened:
        yield opened


def test_empty_folder_gets_the_seed_once(tmp_path):
    """Opening an empty folder imports the seed; opening again does not duplicate it."""
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        assert [d.file for d in kb.documents()] == ["000_fdae50e4b2650f6d.txt"]
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        assert len(kb.documents()) == 1


def test_no_seed_leaves_the_store_empty(tmp_path):
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        assert kb.documents() == []
        assert kb.search("网格").total == 0


def test_deleting_everything_does_not_bring_the_seed_back(tmp_path):
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.delete_document(kb.documents()[0].id)
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        assert kb.documents() == []


def test_seed_document_fields(kb):
    doc = kb.documents()[0]
    assert (doc.title, doc.dateline, doc.issuer) == (GOLD["title"], GOLD["dateline"], GOLD["issuer"])
    assert doc.encoding == "utf-8"
    assert doc.credits.editor == GOLD["credits"]["editor"]
    assert doc.imported_at.endswith("Z")
    assert doc.date is None  # 10月14日 without a year: unknown until the user sets one


def test_seed_thirteen_sections_read_back(kb):
    doc = kb.documents()[0]
    got = [(s.kind, s.number, s.keyword, s.heading, s.start, s.end) for s in doc.sections]
    want = [(s["kind"], s["number"], s["keyword"], s["heading"], s["start"], s["end"])
            for s in GOLD["sections"]]
    assert got == want
    text = kb.document_text(doc.id)
    records = kb.sections(doc.id)
    assert [r.text for r in records] == [text[s["start"]:s["end"]] for s in GOLD["sections"]]
    assert [r.info.position for r in records] == list(range(13))


def test_seed_thirty_seven_metrics_read_back(kb):
    doc = kb.documents()[0]
    metrics = [m for m in kb.metrics(doc_id=doc.id) if not m.borderline]
    got = [(m.text, m.start, m.end, m.value, m.unit, m.qualifier) for m in metrics]
    want = [(m["text"], m["start"], m["end"], m["value"], m["unit"], m["qualifier"])
            for m in GOLD["metrics"]]
    assert got == want
    assert doc.metric_count + doc.borderline_count == len(kb.metrics(doc_id=doc.id))


def test_metrics_belong_to_the_section_that_contains_them(kb):
    for record in kb.sections(kb.documents()[0].id):
        for metric in record.metrics:
            assert metric.section_id == record.info.id
            assert record.info.start <= metric.start < metric.end <= record.info.end
        assert record.info.metric_count == len(record.metrics)


def test_metric_filters(kb):
    people = kb.metrics(unit="人", min_value=1000)
    assert {(m.text, m.label) for m in people} >= {("7600余人", "网格员"), ("2977人", "刑拘")}
    assert all(m.unit == "人" and m.value >= 1000 for m in people)
    assert [m.text for m in kb.metrics(label="满意度")] == ["超过98%"]
    assert {m.text for m in kb.metrics(kind="percent", max_value=50)} == {"36.01%"}
    assert kb.metrics(unit="光年") == []


def test_section_and_document_lookups_raise_not_found(kb):
    with pytest.raises(NotFoundError):
        kb.section(999_999)
    with pytest.raises(NotFoundError):
        kb.document(999_999)
    with pytest.raises(NotFoundError):
        kb.delete_document(999_999)


def test_ids_stable_across_reindex_and_restart(tmp_path):
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        before = [(s.id, s.heading) for s in kb.documents()[0].sections]
        metric_ids = [m.id for m in kb.metrics()]
        kb.reindex()
        assert [(s.id, s.heading) for s in kb.documents()[0].sections] == before
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        assert [(s.id, s.heading) for s in kb.documents()[0].sections] == before
        assert [m.id for m in kb.metrics()] == metric_ids
        assert kb.section(before[8][0]).info.keyword == "用"


def test_schema_version_wal_and_foreign_keys(kb):
    conn = sqlite3.connect(kb.data_dir / DB_NAME)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        fks = {row[2] for row in conn.execute("PRAGMA foreign_key_list(metrics)")}
        assert fks == {"documents", "sections"}
    finally:
        conn.close()


def test_delete_cascades_to_sections_and_metrics(kb):
    doc = kb.documents()[0]
    kb.delete_document(doc.id)
    conn = sqlite3.connect(kb.data_dir / DB_NAME)
    try:
        assert conn.execute("SELECT count(*) FROM sections").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM metrics").fetchone()[0] == 0
    finally:
        conn.close()
    assert kb.search("网格").total == 0


def test_user_properties_and_date_sorting(kb, tmp_path):
    seed = kb.documents()[0]
    other = tmp_path / "other.txt"
    other.write_text("另一篇发布\n2021年3月5日,市政府召开新闻发布会。\n全市粮食产量增长3%。\n", encoding="utf-8")
    kb.import_paths([other])
    undated = [d for d in kb.documents() if d.id != seed.id][0]
    assert undated.date == "2021-03-05"
    assert [d.id for d in kb.documents()] == [undated.id, seed.id]  # unknown date last
    info = kb.set_properties(seed.id, title="平安淄博十年", year=2022, issuer="淄博市委政法委")
    assert (info.title, info.date, info.issuer) == ("平安淄博十年", "2022-10-14", "淄博市委政法委")
    assert [d.id for d in kb.documents()] == [undated.id, seed.id]
    kb.set_properties(seed.id, year=2020)
    assert [d.id for d in kb.documents()] == [seed.id, undated.id]
    hits = kb.search("网格员", date_from="2020-01-01", date_to="2020-12-31").hits
    assert {h.doc_title for h in hits} == {"平安淄博十年"}
    assert kb.search("网格员", date_from="2021").total == 0
    reverted = kb.set_properties(seed.id, title="")
    assert reverted.title == GOLD["title"]


@pytest.mark.parametrize("dateline, year, want", [
    ("10月14日", None, None), ("10月14日", 2022, "2022-10-14"), ("2019年1月2日", None, "2019-01-02"),
    ("2019年1月2日", 2020, "2020-01-02"), (None, 2022, None), ("13月40日", 2022, None),
])
def test_iso_date(dateline, year, want):
    assert iso_date(dateline, year) == want
