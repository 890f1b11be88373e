"""The SQL of a search costs what its answer needs, not what the library holds: counted in
SQLite's virtual-machine steps, statements and rows read into Python, never in time.

Three kinds were slow at 20,000 releases: a query every title holds (the documents found
by their title alone), compound queries (NOT, words of different lengths) and a substring in
thousands of sections that is no word (ordered by its occurrences).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.search_index import parse_query
from desktop_app.core.title_match import FEW, SEPARATOR, JoinedTitles
from tests.hostile.library import make_library

RELEASES = 300  # tests/hostile/library.py: titles 第N号通报：…工作情况, five sections each


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Iterator[KnowledgeBase]:
    folder = make_library(tmp_path_factory.mktemp("work") / "kb", RELEASES)
    with KnowledgeBase.open(folder, seed=False) as opened:
        opened.search("安全感")  # the first search makes what later ones reuse
        yield opened


class _Work:
    """What SQLite did for one piece of work: VM steps (in tens), statements (nested ones,
    run by the full-text tables themselves, start with "--") and rows read into Python."""

    def __init__(self) -> None:
        self.steps = 0
        self.statements: list[str] = []
        self.rows = 0

    def tick(self) -> int:
        self.steps += 10
        return 0  # go on


class _Rows:
    """A cursor's rows, read at once and counted."""

    def __init__(self, cursor, work: _Work) -> None:
        self.rows = cursor.fetchall()
        self.description, self.lastrowid = cursor.description, cursor.lastrowid
        work.rows += len(self.rows)

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return self.rows

    def __iter__(self):
        return iter(self.rows)


@contextmanager
def _measured(kb: KnowledgeBase) -> Iterator[_Work]:
    work = _Work()
    db = kb._store.db
    conn = db.conn
    real = db.execute
    db.execute = lambda *args, **kwargs: _Rows(real(*args, **kwargs), work)  # type: ignore[method-assign]
    conn.set_progress_handler(work.tick, 10)
    conn.set_trace_callback(work.statements.append)
    try:
        yield work
    finally:
        conn.set_progress_handler(None, 0)
        conn.set_trace_callback(None)
        del db.execute  # back to the class's method


def _work_of(kb: KnowledgeBase, call: Callable[[], object]) -> _Work:
    with _measured(kb) as work:
        call()
    return work


# -- titles --------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["民生", "区工", "推进 -民生", "稳增长 民生", "指标"])
def test_a_query_no_title_holds_never_reads_the_titles(kb, query):
    """Whether any title holds the query is asked of the titles joined in memory once a
    generation: no statement reads the titles' index for it (before: every query read all
    of it, 2–3 ms at 20,000 releases)."""
    work = _work_of(kb, lambda: kb.search(query, limit=10))
    assert [sql for sql in work.statements if "title_key" in sql] == []


def test_titles_changed_since_the_joined_copy_are_searched(tmp_path):
    """The joined titles are made again after any write, this process's or another's: a
    title set after a search is found by the next one."""
    folder = make_library(tmp_path / "kb", 6)
    with KnowledgeBase.open(folder, seed=False) as kb, KnowledgeBase.open(folder, seed=False) as other:
        assert kb.search("独特标题").total == 0
        doc = kb.documents()[2]
        kb.set_properties(doc.id, title="独特标题甲")
        found = kb.search("独特标题")
        assert (found.total, [h.doc_id for h in found.hits]) == (1, [doc.id])
        assert other.search("独特标题").total == 1  # another process's copy is made again too
        other.set_properties(doc.id, title="另一个名字")
        assert kb.search("独特标题").total == 0
        assert [h.doc_id for h in kb.search("另一个名字").hits] == [doc.id]


def test_documents_found_by_title_alone_are_counted_in_sqlite_and_only_the_page_is_read(kb):
    """工作情况 is in every title and in no section: all 300 documents are found by their
    title alone. Only the page's sections are read into Python (before: every one of
    their 1,500 sections, 1,814 rows in all, then a list of 300 hits for a page of 10)."""
    docs = kb.documents()
    work = _work_of(kb, lambda: kb.search("工作情况", limit=10))
    assert work.rows <= 60, work.rows
    result = kb.search("工作情况", limit=10, offset=RELEASES - 4)
    assert result.total == RELEASES
    assert [(h.doc_id, h.section_id, h.matches) for h in result.hits] == \
        [(d.id, d.sections[0].id, ()) for d in sorted(docs, key=lambda d: d.id)[-4:]]


def test_a_query_every_title_and_every_lead_holds_costs_little_a_document(kb):
    """通报 is in every title and every lead, so no document is found by its title alone:
    finding that out takes one look-up per matching section and per title, not one per
    section of every document (before: 38 VM steps a release for the whole search here,
    now 25)."""
    work = _work_of(kb, lambda: kb.search("通报", limit=10))
    assert kb.search("通报").total == RELEASES
    assert work.steps <= 30 * RELEASES, work.steps


# -- compound queries ----------------------------------------------------------------------

def _count_steps(kb: KnowledgeBase, query: str) -> tuple[int, int]:
    """(VM steps of counting the sections that match `query`, their number)."""
    parsed = parse_query(query)
    matches = kb._store.lazy_matching(parsed.clauses, parsed.excluded)
    found = []
    work = _work_of(kb, lambda: found.append(len(matches)))
    return work.steps, found[0]


def test_a_negated_query_is_counted_by_merging_id_lists_not_copying_them(kb):
    """`推进 -民生` is answered by one FTS5 expression, costing what `推进` alone costs
    (before: both lists copied into temporary tables for EXCEPT, 5.7 times as many steps)."""
    alone, total = _count_steps(kb, "推进")
    steps, negated = _count_steps(kb, "推进 -民生")
    assert negated == total == 2 * RELEASES
    assert steps <= 1.25 * alone, (steps, alone)


@pytest.mark.parametrize("query", ["稳增长 民生", "推进 民生", "各项工作 民生", "地区工作 -推进"])
def test_terms_of_different_lengths_are_asked_together_first(kb, query):
    """Words of 2 and 3+ characters are asked of the character pairs' table together, and
    the longer ones looked for in the few texts that hold all their pairs: no section
    holds both here, so counting costs next to nothing (before: each term's 300–600
    sections copied for INTERSECT or EXCEPT, 10–18 steps a release)."""
    steps, total = _count_steps(kb, query)
    assert total == 0
    assert steps <= RELEASES, steps


# -- substrings that are no word -----------------------------------------------------------

def test_substring_only_hits_are_ordered_without_a_statement_per_section(kb):
    """区工 is in 300 sections and is no word: they are ordered by occurrences in one
    statement over the texts' plain table, not one look-up statement per section run by
    the full-text table (before: 379 statements for this search, 325 of them nested)."""
    work = _work_of(kb, lambda: kb.search("区工", limit=10))
    assert kb.search("区工").total == RELEASES
    assert len(work.statements) <= 80, len(work.statements)
    assert sum(1 for sql in work.statements if sql.startswith("--")) <= 10



def test_joined_titles_find_what_a_scan_of_each_title_finds():
    """The joined titles answer as instr on each title does: a term at either end of a
    title, never one across two titles, excluded terms, and None past FEW occurrences."""
    titles = ["通报甲", "乙通报", "甲乙", "丙", "丁通报丁"]
    joined = JoinedTitles(("s", 1), SEPARATOR.join(titles), [10, 20, 30, 40, 50])
    assert joined.holding([["通报"]], []) == [10, 20, 50]
    assert joined.holding([["甲乙"]], []) == [30]  # not 通报甲 + 乙通报 across the joint
    assert joined.holding([["通报"], ["甲", "丁"]], ["乙"]) == [10, 50]
    assert joined.holding([["丙"]], []) == [40]
    assert joined.holding([["报乙"]], []) == []  # not across the joint of 通报 and 乙
    odd = JoinedTitles(("s", 1), SEPARATOR.join(["通报", f"乙{SEPARATOR}丙"]), [1, 2])
    assert odd.may_hold([["丙"]]) and odd.holding([["丙"]], []) is None  # left to SQLite
    many = JoinedTitles(("s", 1), SEPARATOR.join(["工作"] * (FEW + 1)), list(range(FEW + 1)))
    assert many.holding([["工作"]], []) is None and many.holding([["工作"], ["无"]], []) == []
