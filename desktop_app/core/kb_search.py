"""The knowledge base's search: KnowledgeBase inherits SearchMixin.

What matches is decided by SQLite's full-text tables (core/section_match.py, through the
store); the Whoosh index (core/search_index.py) ranks the matches by words, and answers
are completed from the texts when the index is missing or damaged: a search never fails
for the index's sake, and never raises on user input.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace

from desktop_app.core.index_folder import IndexManifest
from desktop_app.core.kb_errors import store_errors
from desktop_app.core.kb_host import KnowledgeBaseHost
from desktop_app.core.kb_input import MAX_LIMIT, section_kind
from desktop_app.core.records import DocumentQuery, OutlinePlace, SearchHit, SearchResult, SectionRow
from desktop_app.core.search_index import (
    Filters,
    ParsedQuery,
    body_spans,
    note_text,
    parse_query,
    snippet,
    title_snippet,
)
from desktop_app.core.section_match import LazyMatches

log = logging.getLogger(__name__)


class SearchMixin(KnowledgeBaseHost):
    """Sections matching a query, ranked, one page at a time; see the module docstring."""

    _index_usable: bool
    _searched_state: tuple[str, int] | None
    _unusable_manifest: IndexManifest | None
    _repair_index: Callable[[IndexManifest | None], bool]
    _give_up_index: Callable[[], None]

    @store_errors
    def search(self, query: str, *, kind: str | None = None, doc_id: int | None = None,
               limit: int = 20, date_from: str | dt.date | None = None,
               date_to: str | dt.date | None = None, offset: int = 0,
               year: int | None = None, issuer: str | None = None,
               doc_ids: Sequence[int] | None = None) -> SearchResult:
        """Sections containing every query term (like Ctrl+F), word matches first (BM25F),
        then substring-only matches by number of occurrences, then documents found by their
        title alone (through their lead section, score 0, no matches in the section text).
        `kind` may be a kind name or a label (主要成效). `total` counts every hit; `hits` is
        the page [offset, offset + limit) (limit ≤ MAX_LIMIT), snippets made for it alone.
        `year`, `issuer`, `doc_ids` and the dates filter by document (see DocumentQuery);
        a date filter leaves out undated releases, counted in `undated_excluded`.
        Never raises on user input."""
        parsed = parse_query(query if isinstance(query, str) else "")
        notes = list(parsed.notes)
        try:
            limit = max(0, min(int(limit), MAX_LIMIT))
            offset = max(0, int(offset))
        except (TypeError, ValueError):
            limit, offset = 20, 0
        if not parsed.clauses:
            return SearchResult(str(query or ""), 0, _hint(notes), (), offset, notes=tuple(dict.fromkeys(notes)))
        wanted = tuple(int(i) for i in doc_ids) if doc_ids is not None else None
        if doc_id is not None:
            wanted = tuple(i for i in (wanted or (int(doc_id),)) if i == int(doc_id))
        scope = DocumentQuery(date_from=_iso(date_from), date_to=_iso(date_to),
                              year=_year_or_none(year), issuer=issuer or None, doc_ids=wanted)
        with self._lock:
            self._note_generation()
            allowed, undated = self._store.filter_doc_ids(scope)
            single = int(doc_id) if doc_id is not None else None
            loose = Filters(section_kind(kind) or None, single)
            filters = replace(loose, doc_ids=frozenset(allowed) if allowed is not None else None)
            matched, left_out, matched_docs = self._matching(parsed, loose if undated else filters,
                                                             filters, undated)
            ranked = self._rank(parsed, filters, matched, offset + limit, notes)
            first = max(offset, len(ranked))  # the page's first title-only place, past the ranked
            titles, titled = self._title_matches(parsed, filters, matched_docs, first - len(ranked),
                                                 offset + limit - first)
            hits = [self._hit(parsed, sid, score) for sid, score in ranked[offset:offset + limit]]
            hits += [self._title_hit(sid, parsed) for sid in titled]
        if titles and len(ranked) < offset + limit:
            notes.append("title")
        if not matched and not titles:
            notes.append("nothing")
        return SearchResult(str(query), len(matched) + titles, _hint(notes),
                            tuple(h for h in hits if h), offset, len(left_out), tuple(dict.fromkeys(notes)))

    def _note_generation(self) -> None:
        """Give an index that failed earlier another chance once SQLite has moved on."""
        state = self._store.state()
        if state != self._searched_state:
            self._searched_state, self._index_usable = state, True

    def _matching(self, parsed: ParsedQuery, first: Filters, filters: Filters, undated: set[int]
                  ) -> tuple[set[int] | LazyMatches, set[int], set[int] | None]:
        """Ids of the sections matching the query that `first` allows, then `filters` with
        undated documents left out; the ids of the undated documents so left out; and the
        ids of the documents of the matching sections (None without filters: then the ids
        are a LazyMatches, counted by SQLite from its full-text tables and read only when
        a search needs them all)."""
        clauses, excluded = parsed.clauses, parsed.excluded
        if not first.active and not undated:
            return self._store.lazy_matching(clauses, excluded), set(), None
        places = {sid: place for sid, place in self._store.section_places(clauses, excluded).items()
                  if first.allows(place[1], place[0], place[2])}
        left_out = {doc for doc, _, _ in places.values() if doc in undated}
        if undated:
            places = {sid: place for sid, place in places.items()
                      if filters.allows(place[1], place[0], None)}
        return set(places), left_out, {doc for doc, _, _ in places.values()}

    def _title_matches(self, parsed: ParsedQuery, filters: Filters, matched_docs: set[int] | None,
                       start: int, count: int) -> tuple[int, list[int]]:
        """Documents found by their title: those whose title holds every clause and no
        excluded term, none of whose sections matched (`matched_docs`; None: no filters,
        every match counts), standing for each by the first of its sections the filters
        allow (its lead, as a rule) when that holds no excluded term. Their number, and the
        sections standing for [start, start + count) of them, in document id order."""
        if matched_docs is None:  # counted in SQLite; only the page's sections are read
            return self._store.title_only(parsed.clauses, parsed.excluded, start, count)
        doc_ids = [d for d in self._store.title_matches(parsed.clauses, parsed.excluded)
                   if d not in matched_docs]
        if not doc_ids:
            return 0, []
        chosen, of_docs = [], self._store.sections_of(doc_ids)
        for doc_id in doc_ids:
            for sid, kind, date in of_docs.get(doc_id, []):
                if filters.allows(kind, doc_id, date):
                    chosen.append(sid)
                    break
        if chosen and parsed.excluded:
            bodies = self._store.section_bodies(chosen)
            chosen = [sid for sid in chosen
                      if not any(t in bodies.get(sid, "") for t in parsed.excluded)]
        return len(chosen), chosen[start:start + max(0, count)]

    def _rank(self, parsed: ParsedQuery, filters: Filters, matched: set[int] | LazyMatches, limit: int,
              notes: list[str]) -> list[tuple[int, float]]:
        if not matched or limit == 0:
            return []
        word: list[tuple[int, float]] = []
        complete = False
        if not self._index_usable and self._index.manifest() != self._unusable_manifest:
            self._index_usable = True  # another process rebuilt or updated it since
        if self._index_failure is not None:
            notes.append("index_failed")
        elif self._index_usable:
            word, complete = self._word_hits(parsed, filters, limit, matched.__contains__)
        if self._index_failure is not None and "index_failed" not in notes:
            notes.append("index_failed")
        elif not self._index_usable and self._index_failure is None:
            notes.append("no_index")
        if len(word) >= limit or (word and not complete):
            return word[:limit]
        taken = {sid for sid, _ in word}
        rest = self._store.most_occurring(matched, taken, parsed.terms, limit - len(word))
        return word + [(sid, 0.0) for sid in rest]

    def _word_hits(self, parsed: ParsedQuery, filters: Filters, limit: int,
                   accept: Callable[[int], bool]) -> tuple[list[tuple[int, float]], bool]:
        """The index's word hits. An index that cannot be read is repaired (rebuilt from
        SQLite, as open does) and asked again; if it still fails, or another process is
        writing, search answers from the texts until the index changes."""
        try:
            return self._index.word_hits(parsed, filters, limit, accept)
        except Exception:  # a broken index must not break search (logged, with the traceback)
            log.warning("The search index failed to answer a search; repairing it", exc_info=True)
            self._index.close()
        if self._repair_index(self._index.manifest()):
            try:
                return self._index.word_hits(parsed, filters, limit, accept)
            except Exception:  # logged, with the traceback
                log.warning("The repaired search index failed too", exc_info=True)
                self._index.close()
        self._give_up_index()
        return [], False

    def _hit(self, parsed: ParsedQuery, section_id: int, score: float) -> SearchHit | None:
        row = self._store.section_row(section_id)
        view = self._store.section_view(section_id)
        if row is None or view is None:
            return None
        doc = self._store.document_row(row.doc_id)
        if doc is None:  # deleted by another process since the section was read
            return None
        text = (self._store.document_text(row.doc_id) or "")[row.start:row.end]
        spans = body_spans(*view, parsed.terms)
        return SearchHit(
            doc_id=row.doc_id, doc_title=doc.shown_title, section_id=section_id,
            kind=row.kind, number=row.number, keyword=row.keyword, heading=row.heading,
            score=score, snippet=snippet(text, spans), matches=spans, **self._outline(row))

    def _outline(self, row: SectionRow) -> OutlinePlace:
        """A section row's place in the outline, as SearchHit takes it: level, parent_id and
        the parent's heading (None for a level-1 section, or a parent without heading)."""
        parent = self._store.section_row(row.parent_id) if row.parent_id is not None else None
        return {"level": row.level, "parent_id": row.parent_id,
                "parent_heading": parent.heading if parent is not None else None}

    def _title_hit(self, section_id: int, parsed: ParsedQuery) -> SearchHit | None:
        """A document found by its title: its lead (or first allowed) section, marked in the
        snippet by the title with the matches; `matches` is empty (none in the section text)."""
        row = self._store.section_row(section_id)
        if row is None:
            return None
        doc = self._store.document_row(row.doc_id)
        if doc is None:  # deleted by another process since the section was read
            return None
        title = doc.shown_title or ""
        text = (self._store.document_text(row.doc_id) or "")[row.start:row.end]
        return SearchHit(
            doc_id=row.doc_id, doc_title=title, section_id=section_id, kind=row.kind,
            number=row.number, keyword=row.keyword, heading=row.heading, score=0.0,
            snippet=title_snippet(title, text, parsed.terms), matches=(), **self._outline(row))


def _iso(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip() or None


def _year_or_none(year: object) -> int | None:
    if not isinstance(year, (int, float, str)) or year == "":
        return None
    try:
        return int(year) or None
    except ValueError:
        return None


def _hint(notes: list[str]) -> str | None:
    return "；".join(note_text(n) for n in dict.fromkeys(notes)) or None
