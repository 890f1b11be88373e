"""Search while another process deletes a document: a hit whose document is gone by the
time it is read is left out, never an error (found by mypy: Store.document_row may be None)."""
from __future__ import annotations

import pytest

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.store import Store


@pytest.mark.parametrize("query", ["网格员", "权威发布"])  # a word hit; a title-only hit
def test_a_hit_whose_document_was_deleted_meanwhile_is_left_out(tmp_path, monkeypatch, query):
    """Before: TypeError: 'NoneType' object is not subscriptable (doc["user_title"])."""
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        assert kb.search(query).hits
        # the section rows are still read; the document row is gone, as after a delete by
        # another process between the two reads
        monkeypatch.setattr(Store, "document_row", lambda self, doc_id: None)
        assert kb.search(query).hits == ()
