"""A big library of releases, built fast: thousands of hand-made Documents
inserted through the store without parsing, for the window's lazy-loading tests and
benchmarks/bench_startup.py. Usable by hand too:

    python -m tests.hostile.library 20000 /tmp/zhiku-20k [--index]

`make_library` writes only SQLite (the search index is rebuilt at the next normal open);
`open_reader` opens such a folder as the window's reader without touching the index, so a
test of the window never waits for an index of thousands of releases.
"""
from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.model import Document, Metric, Section
from desktop_app.core.search_index import SearchIndex
from desktop_app.core.store import Store, content_hash

ISSUERS = ("国家统计局", "国家发展改革委", "财政部", "住房城乡建设部", "商务部")
FIGURES_PER_SECTION = 3


def release(number: int) -> Document:
    """Release `number`: a lead, two achievement areas, an outlook and a priority, each with
    three figures, dated over several years (the date written in the dateline)."""
    year, month, day = 2015 + number % 9, 1 + number % 12, 1 + number % 28
    parts: list[tuple[str, str, str | None]] = [
        ("lead", f"第{number}号通报称，全年工作总体平稳。", None),
        ("achievement", f"一、稳增长方面。第{number}号地区工作推进。", "稳增长"),
        ("achievement", f"二、惠民生方面。第{number}号地区民生改善。", "惠民生"),
        ("outlook", "下一步，将继续推进各项工作。", None),
        ("priority", "一是抓好落实。", None),
    ]
    text, sections, metrics = f"第{number}号通报\n", [], []
    for index, (kind, words, keyword) in enumerate(parts):
        start = len(text)
        body = words
        for f in range(FIGURES_PER_SECTION):
            figure = f"{(number * 7 + index * 3 + f) % 997 + 1}"
            sentence_start = start + len(body)
            body += f"指标{f}增长{figure}%，"
            end = start + len(body) - 1
            metrics.append(Metric(text=f"{figure}%", start=end - len(figure) - 1, end=end,
                                  value=float(figure), unit="%", kind="percent",
                                  sentence_start=sentence_start, sentence_end=end + 1, section=index))
        text += body + "\n"
        sections.append(Section(kind=kind, number=1 + (index in (2,)), heading=words[:8] if keyword else None,
                                start=start, end=len(text), keyword=keyword))
    return Document(text=text, title=f"第{number}号通报：{ISSUERS[number % len(ISSUERS)]}工作情况",
                    dateline=f"{year}年{month}月{day}日", issuer=ISSUERS[number % len(ISSUERS)],
                    file=f"release-{number:05d}.txt", sections=tuple(sections), metrics=tuple(metrics))


def make_library(data_dir: Path, count: int) -> Path:
    """A data folder holding `count` releases (no seed), inserted in one transaction."""
    with KnowledgeBase.open(data_dir, seed=False) as kb:
        store = kb._store  # a generator writes rows directly, no parsing
        with store.transaction():
            for number in range(1, count + 1):
                doc = release(number)
                store.insert_document(doc, content_hash=content_hash(doc.text), source_path=None,
                                      imported_at="2024-01-01T00:00:00+00:00")
    return Path(data_dir)


def open_reader(data_dir: Path) -> KnowledgeBase:
    """The folder's knowledge base as the window's reader, without checking or rebuilding
    the search index (a test that never searches need not wait for one)."""
    from desktop_app.core.kb import DB_NAME, INDEX_DIR

    folder = Path(data_dir)
    kb = KnowledgeBase(folder, Store(folder / DB_NAME), SearchIndex(folder / INDEX_DIR))
    kb.repair_index = False
    return kb


if __name__ == "__main__":
    target = make_library(Path(sys.argv[2]), int(sys.argv[1]))
    if "--index" in sys.argv:
        KnowledgeBase.open(target, seed=False).close()  # builds the search index
    print(target)
