"""Search without reading the whole library: what it finds does not move, the
search tables stay in step with the sections, and a search holds no library-sized text."""
from __future__ import annotations

import sqlite3

import pytest

from desktop_app.core import segment, word_index
from desktop_app.core import store as store_module
from desktop_app.core.errors import StoreError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.kb_input import MAX_LIMIT
from desktop_app.core.search_index import Filters, parse_query
from desktop_app.core.store import DB_NAME, SCHEMA_VERSION
from tests.hostile.backups import BEFORE_CORRECTIONS, BEFORE_SEARCH_TABLES
from tests.hostile.library import make_library
from tests.hostile.search import make_search_library, scan, section_texts

QUERIES = (  # 50: one and two characters, longer words, phrases, OR, NOT, figures, widths
    "的", "了", "和", "%", "道路", "节能", "减排", "粮食", "化解", "治理", "网格", "安全", "通报",
    "交通安全", "网格员", "社会治理", "经济发展", "淄博市", "委员会", "集中采购", "污水处理",
    "农民人均纯收入", "风险评估", "保护伞", "扫黑除恶", "成功率", "36.01%", "98%", "7600",
    "１．５万件", "1.5万", "GDP", "gdp", "ＧＤＰ", "beijing", "ai", "e+智慧法庭", '"矛盾纠纷"',
    '"平安淄博"', '"一站式"', "(试点)", "fi", "(一)", "iii", "m2", "道路 节能", "网格员 OR 保护伞",
    "交通安全 -道路", "节能 NOT 减排", "全路交",
)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = make_search_library(tmp_path_factory.mktemp("search") / "kb", 1000)
    with KnowledgeBase.open(folder, seed=False) as kb:
        yield kb


def _text_hits(kb: KnowledgeBase, query: str) -> tuple[set[int], int]:
    """(ids of the sections search finds in their text, search's total)."""
    result = kb.search(query, limit=MAX_LIMIT)
    if result.total <= MAX_LIMIT:
        return {h.section_id for h in result.hits if h.matches}, result.total
    parsed = parse_query(query)  # more than a page: the set behind the total
    return kb._store.matching_sections(parsed.clauses, parsed.excluded), result.total


def _titles(kb: KnowledgeBase) -> list[tuple[str, str, set[int]]]:
    """Each document's (normalised title, normalised lead, section ids)."""
    out = []
    for doc in kb.documents():
        lead = doc.sections[0]
        out.append((segment.normalize(doc.title or ""),
                    segment.normalize(kb.document_text(doc.id)[lead.start:lead.end]),
                    {s.id for s in doc.sections}))
    return out


def _title_only(titles: list[tuple[str, str, set[int]]], query: str, found: set[int]) -> int:
    """How many documents only their title finds: search shows them through their lead,
    when that holds no excluded term."""
    parsed = parse_query(query)
    if not parsed.clauses:
        return 0
    return sum(1 for title, lead, sections in titles
               if all(any(t in title for t in c) for c in parsed.clauses)
               and not any(t in title or t in lead for t in parsed.excluded)
               and not sections & found)


def test_queries_find_the_sections_a_plain_substring_scan_finds(library):
    """1,000 releases, 50 queries: the same sections as a plain scan of every section's
    normalised text, and totals that add the documents found by title alone."""
    assert len(QUERIES) == 50
    texts, titles = section_texts(library), _titles(library)
    for query in QUERIES:
        expected = scan(texts, query)
        found, total = _text_hits(library, query)
        assert found == expected, query
        assert total == len(expected) + _title_only(titles, query, expected), query
    assert max(len(scan(texts, q)) for q in QUERIES) > MAX_LIMIT  # some queries match thousands


def test_filtered_queries_find_the_sections_a_plain_scan_finds(library):
    """With a kind and a date filter, the same sections as a plain scan of those sections,
    and title matches only for documents none of whose *allowed* sections match."""
    texts, titles = section_texts(library), _titles(library)
    docs = {d.id: d for d in library.documents()}
    allowed = {s.id for d in docs.values() if d.date and d.date >= "2023-07-01"
               for s in d.sections if s.kind == "achievement"}
    for query in ("道路", "交通安全 -道路", "网格员 OR 保护伞", "工作情况", "的"):
        expected = scan(texts, query) & allowed
        result = library.search(query, kind="achievement", date_from="2023-07-01", limit=MAX_LIMIT)
        found = set()
        for offset in range(0, result.total, MAX_LIMIT):
            page = library.search(query, kind="achievement", date_from="2023-07-01",
                                  limit=MAX_LIMIT, offset=offset)
            found |= {h.section_id for h in page.hits if h.matches}
            titled = [h for h in page.hits if not h.matches]
            assert all(docs[h.doc_id].date >= "2023-07-01" and h.kind == "achievement" for h in titled)
        assert found == expected, query
    assert titles  # the library has titles to match (工作情况 is in every one)


def test_a_search_reads_the_text_of_the_rows_it_shows_only(tmp_path, monkeypatch):
    """Opening and answering searches cuts out no section text but the shown rows' (before
    the FTS5 tables every process cut out and joined every section's text: 12,432 here)."""
    folder = make_search_library(tmp_path / "kb", 1500)
    KnowledgeBase.open(folder, seed=False).close()  # builds the word index
    cut = []
    real = store_module.own_text
    monkeypatch.setattr(store_module, "own_text", lambda *a, **k: cut.append(1) or real(*a, **k))
    with KnowledgeBase.open(folder, seed=False) as kb:
        shown = sum(len(kb.search(q, limit=10).hits) for q in ("交通安全", "的", "fi"))
    assert len(cut) <= shown


def _answers(kb: KnowledgeBase) -> list[tuple]:
    out = []
    for query in ("交通安全", "的", "网格员 OR 保护伞", "工作情况", "节能 NOT 减排"):
        result = kb.search(query, limit=50)
        out.append((result.total, [(h.section_id, h.matches) for h in result.hits]))
    return out


def test_a_schema_6_knowledge_base_gets_its_search_tables_on_upgrade(tmp_path):
    """A knowledge base from before the search tables is upgraded when opened: search then
    answers exactly as in one made with them (titles included)."""
    folder = make_search_library(tmp_path / "kb", 40)
    with KnowledgeBase.open(folder, seed=False) as kb:
        before = _answers(kb)
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    for sql in (*BEFORE_CORRECTIONS, *BEFORE_SEARCH_TABLES, "PRAGMA user_version = 6"):
        conn.execute(sql)
    conn.close()
    with KnowledgeBase.open(folder, seed=False) as kb:
        assert kb._store.schema_version() == SCHEMA_VERSION
        assert _answers(kb) == before


def test_deleting_and_replacing_documents_keeps_the_search_tables_in_step(tmp_path):
    """A deleted document's sections are no longer found, by 1-, 2- or 3-character terms,
    and a replaced document is found by its new text only."""
    folder = make_search_library(tmp_path / "kb", 20)
    with KnowledgeBase.open(folder, seed=False) as kb:
        doc = kb.documents()[0]
        sections = {s.id for s in doc.sections}
        lead = segment.normalize(kb.document_text(doc.id)[doc.sections[0].start:doc.sections[0].end])
        start = next(i for i in range(len(lead)) if all("\u4e00" <= c <= "\u9fff" for c in lead[i:i + 3]))
        queries = (lead[start], lead[start:start + 2], lead[start:start + 3])
        for query in queries:
            assert {h.section_id for h in kb.search(query, limit=MAX_LIMIT).hits} & sections, query
        kb.delete_document(doc.id)
        for query in queries:
            assert not {h.section_id for h in kb.search(query, limit=MAX_LIMIT).hits} & sections
            parsed = parse_query(query)
            assert kb._store.matching_sections(parsed.clauses, parsed.excluded) == scan(section_texts(kb), query)
        assert kb.search('"第1号通报"').total == 0


def test_reindex_rewrites_damaged_search_tables(tmp_path):
    """The search tables are derived data: `reindex` writes them anew from the sections."""
    folder = make_search_library(tmp_path / "kb", 10)
    with KnowledgeBase.open(folder, seed=False) as kb:
        expected = kb.search("道路", limit=MAX_LIMIT).total
        kb._store.db.execute("DELETE FROM section_text")
        kb._store.db.execute("INSERT INTO section_grams (section_grams) VALUES ('delete-all')")
        assert kb.search("道路").total == 0
        kb.reindex()
        assert kb.search("道路", limit=MAX_LIMIT).total == expected


def test_opening_an_unchanged_knowledge_base_does_not_read_the_whole_file_again(tmp_path, monkeypatch):
    """The whole-file check of the database (0.4 s of opening 20,000 releases)
    runs once after each change, not at every open: its passing is remembered with the
    file's size, times and inode, and any write makes it run again."""
    monkeypatch.setattr(store_module, "RACY_NS", 0)  # the files here are seconds old
    checks = []
    real = store_module.file_damage
    monkeypatch.setattr(store_module, "file_damage", lambda path: checks.append(path) or real(path))
    folder = make_search_library(tmp_path / "kb", 10)
    KnowledgeBase.open(folder, seed=False).close()
    checks.clear()
    for _ in range(2):
        KnowledgeBase.open(folder, seed=False).close()
    assert checks == []
    with KnowledgeBase.open(folder, seed=False) as kb:
        kb.delete_document(kb.documents()[0].id)
    KnowledgeBase.open(folder, seed=False).close()
    assert len(checks) == 1


def test_a_database_damaged_after_its_check_passed_is_still_reported(tmp_path, monkeypatch):
    """Bytes overwritten in a database whose earlier check was remembered are found at the
    next open (the write changed the file's times)."""
    monkeypatch.setattr(store_module, "RACY_NS", 0)
    folder = make_search_library(tmp_path / "kb", 30)
    KnowledgeBase.open(folder, seed=False).close()
    KnowledgeBase.open(folder, seed=False).close()
    database = folder / DB_NAME
    data = bytearray(database.read_bytes())
    data[5000:9000] = b"\xff" * 4000
    database.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        KnowledgeBase.open(folder, seed=False).close()


def test_a_restored_backup_never_keeps_its_own_search_tables(tmp_path):
    """The search tables of a backup are not trusted: a backup whose tables were emptied or
    filled with rows of sections it does not hold restores with search answering as before."""
    folder = make_search_library(tmp_path / "kb", 15)
    backup = tmp_path / "edited.backup"
    with KnowledgeBase.open(folder, seed=False) as kb:
        before = _answers(kb)
        kb.backup(backup)
    conn = sqlite3.connect(backup, isolation_level=None)
    conn.execute("DELETE FROM section_text")
    conn.execute("INSERT INTO section_text (rowid, body) VALUES (1, '交通安全的网格员保护伞')")
    conn.execute("INSERT INTO section_grams (section_grams) VALUES ('delete-all')")
    conn.close()
    KnowledgeBase.restore_backup(backup, folder)
    with KnowledgeBase.open(folder, seed=False) as kb:
        assert _answers(kb) == before


def test_title_matches_read_the_folded_titles_index_not_the_releases(tmp_path):
    """The folded title sits after each release's text in its row: title matching must read
    the covering index alone (before, every search read the whole documents table: 80 ms
    at 20,000 releases)."""
    folder = make_search_library(tmp_path / "kb", 5)
    with KnowledgeBase.open(folder, seed=False) as kb:
        plans = []
        kb._store.db.conn.set_trace_callback(plans.append)
        kb.search("工作情况")
        kb._store.db.conn.set_trace_callback(None)
        titled = [sql for sql in plans if "title_key" in sql]  # the joined copy's, at least
        assert titled
        for sql in titled:
            plan = " ".join(str(row[3]) for row in kb._store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "USING COVERING INDEX documents_title_key" in plan, plan


# -- ranking only the page (Whoosh once scored every word hit in Python) ------------

@pytest.fixture(scope="module")
def template_library(tmp_path_factory):
    """1,000 releases of one template (tests/hostile/library.py): thousands of sections
    share each word and score alike, as templated releases do."""
    folder = make_library(tmp_path_factory.mktemp("template") / "kb", 1000)
    with KnowledgeBase.open(folder, seed=False) as kb:
        yield kb


def _postings_scored(kb: KnowledgeBase, monkeypatch, query: str) -> tuple[int, int]:
    """(postings given a score while answering `query`, its total): Whoosh's scorer
    called once a posting, plus those the index scores in bulk (search_index.scored_postings)."""
    calls = []
    real = word_index._TypicalLengthScorer.score
    monkeypatch.setattr(word_index._TypicalLengthScorer, "score",
                        lambda self, matcher: calls.append(1) or real(self, matcher))
    before = getattr(kb._index, "scored_postings", 0)
    total = kb.search(query, limit=10).total
    monkeypatch.undo()
    return len(calls) + getattr(kb._index, "scored_postings", 0) - before, total


@pytest.mark.parametrize("query", ["民生", "指标", "号地区", "总体平稳", '"地区工作推进"'])
def test_a_search_scores_a_few_blocks_of_postings_not_every_word_hit(template_library, monkeypatch, query):
    """A page of 10 from thousands of word hits scores at most a few posting blocks (128
    postings each). Before: every hit (号地区: 4,050 postings for 2,000 sections), and the
    search ran again with limits ×4 whenever the best word hits did not hold the phrase."""
    scored, total = _postings_scored(template_library, monkeypatch, query)
    assert total >= 1000
    assert scored <= 10 + 5 * 128, (query, scored, total)


def _exhaustive(kb: KnowledgeBase, query: str, accept) -> list[tuple[int, float]]:
    """Every accepted word hit scored by Whoosh's own searcher, best first (ties: the
    earlier document), as (section id, score rounded as search shows it)."""
    index = kb._index
    index._open()
    q = index.word_query(parse_query(query))
    results = index._searcher.search(q, limit=None)
    hits = [(int(hit["section_id"]), round(float(hit.score), 6), hit.docnum) for hit in results]
    hits = [h for h in hits if accept(h[0])]
    hits.sort(key=lambda h: (-h[1], h[2]))
    return [(sid, score) for sid, score, _ in hits]


@pytest.mark.parametrize("which, query", [
    ("varied", "的"), ("varied", "交通安全"), ("varied", "道路 节能"), ("varied", "社会治理"),
    ("varied", "经济发展 交通安全"), ("varied", "农民人均纯收入"), ("varied", "网格员 -道路"),
    ("varied", "道路 道路交通"), ("template", "号地区"), ("template", "指标"), ("template", "第12号"),
])
def test_word_hits_are_whooshs_best_scores(library, template_library, which, query):
    """The page's word hits are the best BM25F scores Whoosh itself gives the accepted
    sections (same scores; the same sections above the page's lowest score), for limits
    10 and 50: scoring a few blocks in bulk changes nothing Whoosh would rank."""
    kb = library if which == "varied" else template_library
    parsed = parse_query(query)
    matched = kb._store.matching_sections(parsed.clauses, parsed.excluded)
    expected = _exhaustive(kb, query, matched.__contains__)
    assert expected, query
    for limit in (10, 50):
        got, complete = kb._index.word_hits(parsed, Filters(), limit, matched.__contains__)
        want = expected[:limit]
        assert [score for _, score in got] == [score for _, score in want], (query, limit)
        lowest = want[-1][1]
        assert {sid for sid, score in got if score > lowest} == {sid for sid, score in want if score > lowest}
        assert complete == (len(expected) < limit)


def test_a_search_counts_its_matches_in_sqlite_and_reads_no_list_of_them(template_library, monkeypatch):
    """The total of a query found in thousands of sections is counted by SQLite, and the
    page's word hits are checked one by one: no list of every matching id crosses into
    Python (before: 5,000 ids read for a page of 10; 100,000 at 20,000 releases, ~50 ms)."""
    lists = []
    real = store_module.Store.matching_sections
    monkeypatch.setattr(store_module.Store, "matching_sections",
                        lambda self, *a: lists.append(1) or real(self, *a))
    for query, total in (("指标", 5000), ("号地区", 2000), ("推进 -民生", 2000)):
        result = template_library.search(query, limit=10)
        assert (result.total, len(result.hits)) == (total, 10), query
    assert lists == []


def test_word_hits_leave_out_deleted_sections_and_keep_whooshs_scores(tmp_path):
    """After deletions (documents still in Whoosh's segments, marked deleted until a
    merge), the bulk ranking leaves them out and scores as Whoosh does (live counts)."""
    folder = make_search_library(tmp_path / "kb", 200)
    with KnowledgeBase.open(folder, seed=False) as kb:
        for doc in kb.documents()[::3]:
            kb.delete_document(doc.id)
        assert kb._index.deleted_fraction()[0] > 0
        for query in ("的", "交通安全", "道路 节能"):
            parsed = parse_query(query)
            matched = kb._store.matching_sections(parsed.clauses, parsed.excluded)
            expected = _exhaustive(kb, query, matched.__contains__)[:10]
            got, _ = kb._index.word_hits(parsed, Filters(), 10, matched.__contains__)
            assert [score for _, score in got] == [score for _, score in expected], query
            assert {sid for sid, _ in got} <= matched


def test_substring_only_hits_are_ordered_by_occurrences_counted_in_sqlite(library):
    """The sections found as substrings only are ordered as before — most occurrences of
    the terms (str.count) first, then id — with the counting done by SQLite."""
    texts = section_texts(library)
    for query in ("全路交", "的", "道路 节能", "网格员 OR 保护伞"):
        parsed = parse_query(query)
        matched = scan(texts, query)
        leave_out = set(sorted(matched)[::7])
        want = sorted((sid for sid in matched if sid not in leave_out),
                      key=lambda sid: (-sum(texts[sid].count(t) for t in parsed.terms), sid))[:25]
        lazy = library._store.lazy_matching(parsed.clauses, parsed.excluded)
        for source in (matched, lazy):
            assert library._store.most_occurring(source, leave_out, parsed.terms, 25) == want, query
