"""Libraries for search at scale: releases of varied text built through the store
without parsing, and a plain substring scan to compare search with. Usable by hand too:

    python -m tests.hostile.search 1000 /tmp/zhiku-search-1k

Each release has a lead, areas whose items (level 2) lie inside the area's span (so an item's
words must be found in the item alone), full-width forms, upper-case letters and characters
whose normal form is longer (ﬁ, ㈠, Ⅲ: the document then has no offset-keeping folded text).
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from desktop_app.core import segment
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.model import Document, Section
from desktop_app.core.search_index import parse_query
from desktop_app.core.store import content_hash, own_text

WORDS = ("交通安全", "道路", "网格员", "社会治理", "经济发展", "36.01%", "ＧＤＰ", "GDP", "矛盾纠纷",
         "平安淄博", "淄博市", "委员会", "的", "了", "和", "７６００", "7600", "e+智慧法庭", "节能", "减排",
         "集中采购", "粮食", "污水处理", "农民人均纯收入", "风险评估", "保护伞", "扫黑除恶", "化解",
         "成功率", "98％", "１．５万件", "Beijing", "ＡＩ", "“一站式”", "(试点)", "；", "，", "。", " ")
ODD = ("ﬁ", "㈠", "Ⅲ", "㎡")  # their NFKC forms are longer than they are


def _phrase(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(words))


def release(number: int, rng: random.Random, scale: int = 1) -> Document:
    """Release `number`: a lead, two or three areas with one or two items each, an outlook;
    `scale` times as many words in each (1: ~180 characters a release)."""
    text = f"第{number}号通报\n"
    sections: list[Section] = []

    def add(kind: str, body: str, heading: str | None = None, level: int = 1,
            parent: int | None = None) -> int:
        nonlocal text
        start = len(text)
        text += body + "\n"
        sections.append(Section(kind=kind, number=len(sections) + 1, heading=heading, start=start,
                                end=len(text), level=level, parent=parent))
        return len(sections) - 1

    add("lead", _phrase(rng, 12 * scale) + (rng.choice(ODD) if number % 7 == 0 else ""))
    for area in range(rng.randint(2, 3)):
        heading = _phrase(rng, 2)
        index = add("achievement", f"{'一二三'[area]}、{heading}。" + _phrase(rng, 8 * scale), heading)
        for _ in range(rng.randint(1, 2)):
            add("achievement", _phrase(rng, 6 * scale), None, level=2, parent=index)
        # the area's span covers its items, as the parser writes it
        first = sections[index]
        sections[index] = Section(kind=first.kind, number=first.number, heading=first.heading,
                                  start=first.start, end=len(text), level=1)
    add("outlook", "下一步，" + _phrase(rng, 6 * scale))
    title = f"第{number}号：{_phrase(rng, 2)}工作情况"
    return Document(text=text, title=title, dateline=f"2023年{1 + number % 12}月{1 + number % 28}日",
                    issuer="淄博市", file=f"search-{number:05d}.txt", sections=tuple(sections))


def make_search_library(data_dir: Path, count: int, seed: int = 13) -> Path:
    """A data folder holding `count` such releases (no seed), inserted in one transaction;
    the search index is built at the next open."""
    rng = random.Random(seed)
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        store = kb._store  # a generator writes rows directly, no parsing
        with store.transaction():
            for number in range(1, count + 1):
                doc = release(number, rng)
                store.insert_document(doc, content_hash=content_hash(doc.text), source_path=None,
                                      imported_at="2024-01-01T00:00:00+00:00")
    return Path(data_dir)


def section_texts(kb: KnowledgeBase) -> dict[int, str]:
    """Each section's own text (its items blanked) normalised as docs/search.md says (NFKC, lower
    case), by section id: what a plain scan reads."""
    texts = {}
    for doc in kb.documents():
        text = kb.document_text(doc.id)
        for info in doc.sections:
            items = [(s.start, s.end) for s in doc.sections if s.parent_id == info.id]
            texts[info.id] = segment.normalize(own_text(text, info.start, info.end, items))
    return texts


def scan(texts: dict[int, str], query: str) -> set[int]:
    """Ids of the sections a plain substring scan of `texts` (section_texts) finds for
    `query`: every clause must have a term in the text and no excluded term may be in it."""
    parsed = parse_query(query)
    if not parsed.clauses:
        return set()
    return {sid for sid, body in texts.items()
            if all(any(t in body for t in clause) for clause in parsed.clauses)
            and not any(t in body for t in parsed.excluded)}


if __name__ == "__main__":
    print(make_search_library(Path(sys.argv[2]), int(sys.argv[1])))
