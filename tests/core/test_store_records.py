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


def test_the_parser_gives_enum_kinds_that_print_as_text(seed_path):
    """Every section and figure the parser makes carries a SectionKind / MetricKind member
    (not a bare string); `parse --json` still writes the plain text."""
    import json

    from desktop_app.core.formats import load_release

    doc = load_release(seed_path)
    assert doc.sections and all(type(s.kind) is SectionKind for s in doc.sections)
    assert doc.metrics and all(type(m.kind) is MetricKind for m in doc.metrics)
    data = json.loads(json.dumps(doc.to_json()))
    assert [s["kind"] for s in data["sections"]] == [s.kind.value for s in doc.sections]
    assert '"kind": "achievement"' in json.dumps(doc.to_json())


def test_a_corrected_kind_is_an_enum_member_in_the_corrected_document(kb):
    """A section kind set by a correction (text in the correction's JSON) comes out of
    apply_corrections as a SectionKind, like the parser's."""
    from desktop_app.core.parser import parse_text

    store, doc = kb._store, kb.documents()[0]
    section = next(s for s in doc.sections if s.kind == SectionKind.ACHIEVEMENT)
    kb.apply_correction(kb.section_correction(section.id, "kind", "priority"))
    row = store.document_row(doc.id)
    parsed = parse_text(kb.document_text(doc.id), file=row.file)
    corrected = store.corrected(doc.id, parsed, row.content_hash)
    [changed] = [s for s in corrected.sections if s.start == section.start and s.level == section.level]
    assert changed.kind is SectionKind.PRIORITY
    assert all(type(s.kind) is SectionKind for s in corrected.sections)


def test_index_rows_are_records_with_plain_text_fields_for_whoosh(kb):
    """The store hands the index IndexRow records; the fields Whoosh gets are plain text."""
    from desktop_app.core.records import IndexRow
    from desktop_app.core.word_index import index_fields

    rows = list(kb._store.sections_for_index(kb.documents()[0].id))
    assert rows and all(isinstance(r, IndexRow) and type(r.kind) is SectionKind for r in rows)
    _frozen(rows[0])
    assert {type(v) for v in index_fields(rows[0]).values()} == {str}


def test_the_index_manifest_is_a_record_and_a_malformed_one_reads_as_damaged(kb):
    """`current.json` reads as an IndexManifest; a field of the wrong type (files as a list)
    makes the index damaged (rebuilt), where reading it as a dict raised AttributeError."""
    import json

    from desktop_app.core.index_folder import MANIFEST, IndexManifest

    index = kb._index
    manifest = index.manifest()
    assert isinstance(manifest, IndexManifest) and manifest.files and set(manifest.sums) == set(manifest.files)
    assert index.live_folder() == index.root / manifest.dir
    data = json.loads((index.root / MANIFEST).read_text("utf-8"))
    assert data == manifest.to_json()
    data["files"] = ["_MAIN_1.toc"]
    (index.root / MANIFEST).write_text(json.dumps(data), "utf-8")
    assert index.manifest().files == {}
    assert index.problem(kb._store.state()) == "damaged"


def test_undo_journal_entries_are_records_with_an_enum_action(kb):
    """pop_journal gives a JournalEntry whose action is a JournalAction stored as text; an
    action this build does not know reads as None (skipped by undo)."""
    from desktop_app.core.corrections import JournalAction, JournalEntry

    store = kb._store
    with store.transaction():
        store.push_journal(JournalAction.REVERT, [])
    assert store.db.execute("SELECT action, typeof(action) FROM correction_journal").fetchone() == ("revert", "text")
    with store.transaction():
        assert store.pop_journal() == JournalEntry(JournalAction.REVERT, [])
        store.db.execute("INSERT INTO correction_journal (action, corrections) VALUES ('rename', '[]')")
        assert store.pop_journal() == JournalEntry(None, [])
        assert store.pop_journal() is None


def test_user_edits_and_date_sources_are_typed(kb):
    """insert_document takes the user's edits as a UserEdits record; a document's date
    source reads back as a DateSource member (stored as text), an unknown one as None."""
    from desktop_app.core.dates import DateSource
    from desktop_app.core.records import UserEdits
    from desktop_app.core.store import content_hash

    store, doc = kb._store, kb.documents()[0]
    from desktop_app.core.parser import parse_text

    parsed = parse_text(kb.document_text(doc.id) + "\n另一个版本。", file="copy.txt")
    with store.transaction():
        new_id = store.insert_document(parsed, content_hash=content_hash(parsed.text), source_path=None,
                                       imported_at="2024-01-01T00:00:00Z", user=UserEdits(title="我的标题", year=2019))
    row = store.document_row(new_id)
    assert row.user_edits == UserEdits(title="我的标题", year=2019) and row.shown_title == "我的标题"
    assert row.date_source is DateSource.USER and kb.document(new_id).date_source is DateSource.USER
    assert store.db.execute("SELECT date_source FROM documents WHERE id = ?", [new_id]).fetchone() == ("user",)
    assert DateSource.of("guessed") is None and DateSource.of(None) is None
