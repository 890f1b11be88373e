"""An area's span covers its items: the search index holds the area's own text only, so a
word written in an item is found once, in the item, with marks where the word is."""
import pytest

from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.store import own_text
from tests.core.outline_release import SPAN_STYLES, TEXT, import_outline_release


@pytest.mark.parametrize("style", SPAN_STYLES)
def test_a_word_in_an_item_is_one_hit_in_the_item(tmp_path, style):
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        doc_id = import_outline_release(kb, tmp_path, style)
        for rebuilt in (False, True):
            if rebuilt:
                kb.reindex()
            result = kb.search("服务零售额")
            assert [(hit.doc_id, hit.level, hit.parent_heading) for hit in result.hits] == [
                (doc_id, 2, "二、消费市场持续恢复")]
            (hit,) = result.hits
            text = kb.section(hit.section_id).text
            assert [text[a:b] for a, b in hit.matches] == ["服务零售额"]


@pytest.mark.parametrize("style", SPAN_STYLES)
def test_a_word_of_the_area_itself_is_still_found_in_the_area(tmp_path, style):
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        import_outline_release(kb, tmp_path, style)
        (hit,) = kb.search("社会消费品零售总额").hits
        assert (hit.level, hit.heading) == (1, "二、消费市场持续恢复")


def test_own_text_blanks_the_items_and_keeps_every_offset():
    start, end = TEXT.index("二、"), TEXT.index("三、")
    item = (TEXT.index("（一）服务"), end)
    own = own_text(TEXT, start, end, [item])
    assert len(own) == end - start
    assert "服务零售额" not in own and own.startswith("二、消费市场持续恢复\n社会消费品零售总额")
