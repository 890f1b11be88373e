"""The store hands the knowledge base small immutable records read by attribute (not dicts
read by string keys), whose kinds and statuses are enums that are still stored as text."""
import dataclasses

import pytest

from desktop_app.core.corrections import CorrectionStatus, CorrectionTarget
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.model import MetricKind, SectionKind
from desktop_app.core.records import ImportOutcome


@pytest.fixture
def kb(tmp_path):
    with KnowledgeBase.open(tmp_path / "kb") as opened:
        yield opened


def _frozen(record: object) -> None:
    """Assigning to any field of `record` is refused."""
    name = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, name, None)


def test_document_reads_are_records(kb):
    """document_row, find_by_hash, find_by_source, find_by_file_name and reparse_source give
    immutable records read by attribute; the shown title is the user's, else the parsed one."""
    store, doc = kb._store, kb.documents()[0]
    row = store.document_row(doc.id)
    assert (row.id, row.title, row.file) == (doc.id, doc.title, doc.file)
    assert row.shown_title == doc.title
    assert store.find_by_hash(row.content_hash) == row
    assert store.find_by_source(row.source_path) == row
    assert store.find_by_file_name(row.file) == [row]
    source = store.reparse_source(doc.id)
    assert (source.content_hash, source.file) == (row.content_hash, row.file)
    assert source.text == kb.document_text(doc.id)
    for record in (row, source):
        _frozen(record)
    assert store.document_row(10**6) is None and store.reparse_source(10**6) is None
    kb.set_properties(doc.id, title="用户的标题")
    assert store.document_row(doc.id).shown_title == "用户的标题"


def test_section_and_metric_reads_are_records_with_enum_kinds(kb):
    """section_row, metric and metrics give records whose kind is an enum member equal to
    the text stored in the table."""
    store, doc = kb._store, kb.documents()[0]
    info = doc.sections[0]
    row = store.section_row(info.id)
    assert (row.doc_id, row.start, row.end, row.level) == (doc.id, info.start, info.end, info.level)
    assert isinstance(row.kind, SectionKind) and isinstance(info.kind, SectionKind)
    stored = store.db.execute("SELECT kind, typeof(kind) FROM sections WHERE id = ?", [info.id]).fetchone()
    assert (row.kind, "text") == stored
    metric = store.metrics(doc_id=doc.id)[0]
    assert isinstance(metric.kind, MetricKind) and store.metric(metric.id) == metric
    for record in (row, metric):
        _frozen(record)
    assert store.section_row(10**6) is None and store.metric(10**6) is None


def test_unknown_stored_kind_reads_as_other(kb):
    """A kind this build does not know (a newer Zhiku's file) reads as `other`, not an error."""
    store, doc = kb._store, kb.documents()[0]
    info = doc.sections[0]
    with store.transaction():
        store.db.execute("UPDATE sections SET kind = 'appendix' WHERE id = ?", [info.id])
        store.db.execute("UPDATE metrics SET kind = 'index' WHERE doc_id = ?", [doc.id])
    assert store.section_row(info.id).kind is SectionKind.OTHER
    assert {m.kind for m in store.metrics(doc_id=doc.id)} == {MetricKind.OTHER}


def test_corrections_read_back_with_enum_target_and_status(kb):
    """A stored correction reads back with its target and status as enums, stored as text;
    its JSON shape holds plain strings."""
    doc = kb.documents()[0]
    section = next(s for s in doc.sections if s.kind == "achievement")
    kb.apply_correction(kb.section_correction(section.id, "heading", "新的标题"))
    [stored] = kb._store.corrections(doc.id)
    assert (stored.target, stored.status) == (CorrectionTarget.SECTION, CorrectionStatus.APPLIED)
    assert isinstance(stored.target, CorrectionTarget) and isinstance(stored.status, CorrectionStatus)
    assert kb._store.db.execute("SELECT typeof(target), typeof(status) FROM corrections").fetchone() == \
        ("text", "text")
    assert type(stored.to_json()["target"]) is str and stored.to_json()["status"] == "applied"


def test_import_outcomes_are_enum_members(kb, tmp_path):
    """_store_one says what it did with an ImportOutcome: imported, then skipped (same text)."""
    store, doc_id = kb._store, kb.documents()[0].id
    text = kb.document_text(doc_id)
    from desktop_app.core.parser import parse_text

    path = tmp_path / "again.txt"
    path.write_text(text + "\n补充一句。", "utf-8")
    doc = parse_text(path.read_text("utf-8"), file=path.name)
    with store.transaction():
        first = kb._store_one(path, doc)
        second = kb._store_one(path, doc)
    assert first[0] is ImportOutcome.IMPORTED and second[0] is ImportOutcome.SKIPPED
    assert second[1] == first[1]
