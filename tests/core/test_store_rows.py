"""The rows the store derives from a parsed document alone (core/store_rows.py): made in
the parse worker during an import, so the importing process — the bottleneck on 2 cores —
only writes them; the store writes exactly what it writes when it derives them itself."""
from __future__ import annotations

import dataclasses
import pickle

from desktop_app.core import formats, import_files, segment, store
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.store_rows import derive

# A figure, an area with items (whose text its own search text blanks), full-width forms
# (folded in place) and ㎡ (whose folding lengthens the text: offsets kept another way).
RELEASE = """关于２０２６年第一季度工作情况的通报

　　全市扎实推进各项工作，取得明显成效。

　　一、社会治理水平持续提升
　　（一）网格化管理。全市共配备网格员7600余人，刑事案件下降36.01%。
　　（二）矛盾纠纷化解。化解矛盾纠纷近3万起。

　　二、营商环境不断优化
　　新建厂房12万㎡，新增市场主体1.2万户。
"""


def _search_rows(kb: KnowledgeBase) -> tuple[list, list]:
    """What the search tables and the figures' derived columns hold."""
    db = kb._store.db
    bodies = db.execute(f"SELECT id, c0 FROM {store._BODIES} ORDER BY id").fetchall()
    columns = db.execute("SELECT id, label_key, unit_key, series FROM metrics ORDER BY id").fetchall()
    return bodies, columns


def _release(tmp_path, text=RELEASE, name="a.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_made_in_a_worker_are_what_the_store_makes_itself(tmp_path, monkeypatch):
    """Import with rows derived in a worker (parse_chunk, pickled as a worker sends them);
    the search tables and figure columns equal those the store derives itself and those a
    rebuild of the search tables makes from SQLite; the word index holds the same bytes
    as when this process counts the words; the importing process derived nothing and
    counted no words (rjieba was ~10 % of its CPU)."""
    paths = [_release(tmp_path, RELEASE.replace("7600", str(7000 + i)), f"{i}.txt") for i in range(3)]
    paths.append(_release(tmp_path, RELEASE.replace("㎡", "平方米"), "plain.txt"))
    with KnowledgeBase.open(tmp_path / "here", seed=False) as kb:
        kb.import_paths(paths)
        expected = _search_rows(kb)
        kb._store.fill_search_texts()  # the search tables made from SQLite, as reindex does
        assert _search_rows(kb) == expected
    expected_index = _index_bytes(tmp_path / "here")

    results, _ = pickle.loads(pickle.dumps(import_files.parse_chunk(paths)))
    assert all(rows is not None and rows.fits(doc) for doc, _, rows in results)  # through pickling
    sent = iter(results)
    monkeypatch.setattr(import_files, "parse_files",
                        lambda files, cancel=None: ((p, *next(sent)) for p in files))
    import desktop_app.core.kb_import as kb_import
    monkeypatch.setattr(kb_import, "parse_files", import_files.parse_files)
    derived_here = []
    real_derive = store.derive
    monkeypatch.setattr(store, "derive", lambda doc: derived_here.append(doc) or real_derive(doc))
    counted_here = []
    real_counts = segment.word_counts
    monkeypatch.setattr(segment, "word_counts", lambda text: counted_here.append(text) or real_counts(text))
    with KnowledgeBase.open(tmp_path / "worker", seed=False) as kb:
        kb.import_paths(paths)
        assert _search_rows(kb) == expected
        assert kb.search("网格员").total == len(paths)
    assert derived_here == [] and counted_here == []
    assert _index_bytes(tmp_path / "worker") == expected_index


def _index_bytes(data_dir) -> list[bytes]:
    """The word index's postings and terms files (their names are random, not their bytes)."""
    return sorted(p.read_bytes() for p in data_dir.rglob("*") if p.suffix in (".pst", ".trm"))


def test_rows_of_another_document_are_not_used(tmp_path):
    """Rows derived from a document are used for that document only: given with a corrected
    copy (fewer sections, other figures), the store derives the copy's own."""
    doc = formats.load_release(_release(tmp_path))
    copy = dataclasses.replace(doc, sections=doc.sections[:-1], metrics=doc.metrics[:1])
    rows = derive(doc)
    assert rows.fits(doc) and not rows.fits(copy)
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        with kb._store.transaction():
            doc_id = kb._store.insert_document(copy, content_hash="x", source_path=None,
                                               imported_at="", derived=rows)
        bodies, columns = _search_rows(kb)
        assert len(bodies) == len(copy.sections) and len(columns) == 1
        sections = kb._store.db.execute("SELECT id, \"start\", \"end\", parent_id FROM sections "
                                        "WHERE doc_id = ? ORDER BY id", [doc_id]).fetchall()
        folded = kb._store.db.execute("SELECT search_text FROM documents").fetchone()[0]
        assert bodies == list(store.search_bodies(copy.text, folded, sections))


def test_derived_rows_blank_items_and_fold_the_text(tmp_path):
    """An area's search text has its items blanked; full-width forms are folded; a text
    whose folding changes its length keeps no search_text (offsets would move)."""
    doc = formats.load_release(_release(tmp_path))
    rows = derive(doc)
    assert rows.folded is None  # ㎡ folds to m2
    area = next(i for i, s in enumerate(doc.sections) if any(t.parent == i for t in doc.sections))
    item = next(s for s in doc.sections if s.parent == area)
    assert "7600" in doc.text[item.start:item.end] and "7600" not in rows.bodies[area]
    assert "，" in doc.text and "，" not in "".join(rows.bodies) and "," in rows.bodies[0]
    plain = formats.load_release(_release(tmp_path, RELEASE.replace("㎡", "平方米"), "b.txt"))
    assert derive(plain).folded is not None and "２" not in derive(plain).folded


def test_figures_and_sections_pickle_as_calls_of_their_class(tmp_path, monkeypatch):
    """A worker sends ~60 figures a release: each pickles as its class called with its
    fields (before: the dataclass's own state, a Python loop over the fields on each side,
    half the cost of sending a release), and comes back equal, every field kept."""
    from desktop_app.core.model import Metric, Section

    doc = formats.load_release(_release(tmp_path))
    assert doc.metrics and doc.sections
    for item in (*doc.metrics, *doc.sections):
        reduced = item.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        assert reduced[0] is type(item) and reduced[1] == dataclasses.astuple(item)
    monkeypatch.setattr(Metric, "__setstate__", None, raising=False)  # never used
    monkeypatch.setattr(Section, "__setstate__", None, raising=False)
    back = pickle.loads(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL))
    assert back == doc and back.metrics[0].kind is doc.metrics[0].kind


def test_a_corrected_release_imported_again_from_a_worker_indexes_its_corrected_sections(tmp_path, monkeypatch):
    """A release whose heading the user corrected, imported again in a changed version with
    rows (and words) made in a worker: the store applies the correction, so the worker's
    rows no longer fit, and the index holds the corrected sections' words (a heading is
    indexed with its section) — the same bytes as when this process parses the new
    version itself."""
    import desktop_app.core.kb_import as kb_import

    edited = RELEASE.replace("7600", "7700")

    def corrected_then_edited(folder, worker: bool) -> None:
        (tmp_path / folder).mkdir()
        path = _release(tmp_path / folder, RELEASE, "a.txt")
        with KnowledgeBase.open(tmp_path / folder / "kb", seed=False) as kb:
            kb.import_paths([path])
            area = next(s for s in kb.document(kb.documents()[0].id).sections if s.heading and "营商" in s.heading)
            kb.correct_section(area.id, heading="优化营商环境专项")
            path.write_text(edited, encoding="utf-8")
            if worker:
                results, _ = pickle.loads(pickle.dumps(import_files.parse_chunk([path])))
                assert results[0][2].words is not None
                monkeypatch.setattr(kb_import, "parse_files",
                                    lambda files, cancel=None: ((p, *r) for p, r in zip(files, results, strict=True)))
            report = kb.import_paths([path])
            monkeypatch.undo()
            assert len(report.replaced) == 1
            headings = [s.heading for s in kb.document(kb.documents()[0].id).sections]
            assert "优化营商环境专项" in headings and kb.search("7700").total == 1

    corrected_then_edited("here", worker=False)
    corrected_then_edited("worker", worker=True)
    assert _index_bytes(tmp_path / "worker" / "kb") == _index_bytes(tmp_path / "here" / "kb")
