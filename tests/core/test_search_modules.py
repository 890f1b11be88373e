"""The seams of search: Whoosh behind one module, and the names pickled into an index kept."""
from __future__ import annotations

import ast
from pathlib import Path

import desktop_app
from desktop_app.core.model import SectionKind
from desktop_app.core.records import IndexRow
from desktop_app.core.search_index import SearchIndex

PACKAGE = Path(desktop_app.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    """Every module a source file imports (under TYPE_CHECKING too), by absolute name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_only_word_index_imports_whoosh():
    """Before the split: core/search_index.py and core/word_rank.py both imported Whoosh."""
    importers = sorted(
        path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
        if any(name == "whoosh" or name.startswith("whoosh.") for name in _imported_modules(path))
    )
    assert importers == ["core/word_index.py"]


def test_the_index_schema_names_the_tokenizer_by_its_old_path(tmp_path):
    """The analyzer is pickled into each index's table of contents: indexes written before
    the split name desktop_app.core.search_index.RjiebaTokenizer, and new ones must too
    (an index naming word_index could not be read by an older Zhiku)."""
    rows = [IndexRow(section_id=1, doc_id=1, kind=SectionKind.LEAD, heading="", text="网格员巡查")]
    index = SearchIndex(tmp_path / "index")
    index.build(rows, ("store", 1))
    (toc,) = (tmp_path / "index" / index.manifest().dir).glob("_MAIN_*.toc")
    pickled = toc.read_bytes()
    assert b"desktop_app.core.search_index" in pickled and b"word_index" not in pickled
