"""Corrections through the core: each kind of correction, the corrected view
everywhere the core serves data, and corrections lasting through reindex, an upgrade
re-parse, a re-import of a changed release, backup/restore and export/import."""
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.core import upgrade
from desktop_app.core.correction_apply import apply_corrections
from desktop_app.core.errors import BackupRefusedError, InputError, NotFoundError
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.parser import parse_text
from desktop_app.core.summary import SummaryTarget, build_summary
from tests.hostile.corrections import (
    INSERTED,
    changed_release,
    other_release,
    with_bad_correction,
)

SEED_NAME = "000_fdae50e4b2650f6d.txt"


@pytest.fixture
def kb(tmp_path, seed_path):
    """A knowledge base holding the seed release, imported from a copy in tmp_path/src."""
    source = tmp_path / "src" / SEED_NAME
    source.parent.mkdir()
    source.write_bytes(seed_path.read_bytes())
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as opened:
        opened.import_paths([source])
        yield opened


def doc_id(kb) -> int:
    return kb.documents()[0].id


def section_by_heading(kb, heading: str):
    return next(s for s in kb.documents()[0].sections if s.heading == heading)


def metric_by_text(kb, text: str):
    return next(m for m in kb.metrics() if m.text == text)


def rows(kb):
    """Everything the store holds of the release's parse: sections and figures."""
    doc = kb.documents()[0]
    return ([(s.kind, s.number, s.heading, s.start, s.end, s.level, s.parent_id) for s in doc.sections],
            [(m.text, m.start, m.value, m.low, m.high, m.unit, m.label, m.borderline, m.section_id)
             for m in kb.metrics()])


def consistent(kb) -> bool:
    """The stored rows are the parse of the stored text corrected by the stored corrections."""
    did = doc_id(kb)
    text = kb.document_text(did)
    applied = apply_corrections(parse_text(text), kb._store.corrections(did),
                                kb._store.reparse_source(did).content_hash)
    doc = kb.documents()[0]
    return ([(s.kind, s.heading, s.start, s.end, s.level) for s in applied.document.sections]
            == [(s.kind, s.heading, s.start, s.end, s.level) for s in doc.sections]
            and [(m.start, m.end, m.label, m.value, m.unit, m.borderline) for m in applied.document.metrics]
            == [(m.start, m.end, m.label, m.value, m.unit, m.borderline) for m in kb.metrics()])


# ------------------------------------------------------------------------ sections

def test_kind_correction_is_what_search_lists_and_summaries_show(kb):
    area = section_by_heading(kb, "社会治理基层基础持续夯实筑牢")
    assert area.kind == "achievement"
    assert all(h.section_id != area.id for h in kb.search("网格", kind="priority", limit=100).hits)
    made = kb.correct_section(area.id, kind="下一步重点")  # a label is a kind too
    assert (made.field, made.before, made.after, made.status) == ("kind", "achievement", "priority", "applied")
    corrected = kb.section(area.id).info  # the id stays
    assert corrected.kind == "priority"
    assert any(h.section_id == area.id for h in kb.search("网格", kind="priority", limit=100).hits)
    assert area.id in {s.id for d in kb.document_page().docs for s in d.sections if s.kind == "priority"}
    assert kb.correction_marks(doc_id(kb)).sections == {area.id: {"kind": "achievement"}}
    assert "下一步重点" in build_summary(kb, SummaryTarget.document(doc_id(kb))).html()
    assert consistent(kb)


def test_heading_correction_changes_the_heading_shown_never_the_text(kb):
    area = section_by_heading(kb, "法治营商环境不断优化提升")
    text = kb.document_text(doc_id(kb))
    kb.correct_section(area.id, heading="优化法治营商环境")
    assert kb.section(area.id).info.heading == "优化法治营商环境"
    assert kb.document_text(doc_id(kb)) == text
    assert "优化法治营商环境" in build_summary(kb, SummaryTarget.sections([area.id])).html()
    assert kb.correction_marks(doc_id(kb)).sections[area.id] == {"heading": "法治营商环境不断优化提升"}


def test_level_two_makes_an_item_of_the_area_above_and_level_one_undoes_it(kb):
    above = section_by_heading(kb, "社会治理基层基础持续夯实筑牢")
    area = section_by_heading(kb, "法治营商环境不断优化提升")
    kb.correct_section(area.id, level=2)
    item = kb.section(area.id).info
    assert (item.level, item.parent_id) == (2, above.id)
    assert kb.section(above.id).info.end >= item.end  # the area covers its new item
    kb.correct_section(area.id, level=1)
    back = kb.section(area.id).info
    assert (back.level, back.parent_id) == (1, None)
    assert kb.section(above.id).info.end <= back.start
    assert consistent(kb)


def test_split_starts_a_new_section_at_the_offset(kb):
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    text = kb.document_text(doc_id(kb))
    at = text.index("被确定为全省唯一", area.start)
    before = len(kb.documents()[0].sections)
    kb.correct_section(area.id, split_at=at)
    sections = kb.documents()[0].sections
    assert len(sections) == before + 1
    new = next(s for s in sections if s.start == at)
    assert (new.kind, new.level) == ("achievement", 1)
    assert kb.section(area.id).info.end <= at
    figures_after = [m for m in kb.metrics() if m.start >= at and m.start < new.end]
    assert figures_after and all(m.section_id == new.id for m in figures_after)
    assert [s.number for s in sections if s.kind == "achievement"] == list(range(1, 7))
    assert consistent(kb)


def test_merge_into_previous_joins_two_areas(kb):
    first = section_by_heading(kb, "社会大局保持和谐稳定")
    second = section_by_heading(kb, "社会治理基层基础持续夯实筑牢")
    kb.correct_section(second.id, merge_into_previous=True)
    ids = {s.id for s in kb.documents()[0].sections}
    assert second.id not in ids
    assert kb.section(first.id).info.end == second.end
    assert {m.section_id for m in kb.metrics() if first.start <= m.start < second.end} == {first.id}
    assert kb.correction_marks(doc_id(kb)).sections == {first.id: {"merge": False}}


@pytest.mark.parametrize(("options", "problem"), [
    ({"kind": "summary"}, "未知的段落类型"),
    ({"level": 3}, "层级只能是 1 或 2"),
    ({"split_at": 10 ** 6}, "位置超出文本范围"),
    ({"split_at": -1}, "位置超出文本范围"),
    ({"heading": "  "}, "标题不能为空"),
])
def test_bad_section_corrections_change_nothing(kb, options, problem):
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    before = rows(kb)
    with pytest.raises(InputError, match=problem):
        kb.correct_section(area.id, **options)
    assert rows(kb) == before and kb.corrections() == []


def test_a_correction_that_changes_nothing_is_refused(kb):
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    with pytest.raises(InputError, match="无需修改"):
        kb.correct_section(area.id, kind="achievement")
    with pytest.raises(InputError, match="无需修改"):
        kb.correct_metric(metric_by_text(kb, "36.01%").id, unit="%")
    assert kb.corrections() == []


def test_a_split_that_leaves_an_empty_section_is_refused(kb):
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    with pytest.raises(InputError, match="空段落") as caught:
        kb.correct_section(area.id, split_at=area.start)
    assert "empty section" in caught.value.english
    first = kb.documents()[0].sections[0]
    with pytest.raises(InputError, match="第 2 级|无法改为"):
        kb.correct_section(first.id, level=2)
    with pytest.raises(InputError, match="无法合并"):
        kb.correct_section(first.id, merge_into_previous=True)
    with pytest.raises(NotFoundError):
        kb.correct_section(99999, kind="priority")
    assert kb.corrections() == []


# ------------------------------------------------------------------------ figures

def test_figure_label_unit_value_and_range(kb):
    figure = metric_by_text(kb, "36.01%")
    made = kb.correct_metric(figure.id, label="刑事案件立案数", value="800-1000", unit="个百分点")
    assert [c.field for c in made] == ["label", "unit", "value"]
    now = metric_by_text(kb, "36.01%")
    assert now.id == figure.id
    assert (now.label, now.value, now.low, now.high, now.unit, now.kind) == \
        ("刑事案件立案数", 800.0, 800.0, 1000.0, "个百分点", "percentage_point")
    marks = kb.correction_marks(doc_id(kb)).metrics[figure.id]
    assert marks == {"label": figure.label, "value": {"value": 36.01, "low": None, "high": None},
                     "unit": "%"}
    assert [r.metric_id for r in kb.trend("刑事案件立案数", "个百分点").rows] == [figure.id]
    assert "刑事案件立案数" in build_summary(kb, SummaryTarget.sections([figure.section_id])).html()


def test_a_ratio_of_known_units_is_a_unit(kb):
    figure = metric_by_text(kb, "36.01%")
    kb.correct_metric(figure.id, unit="元/人")
    assert metric_by_text(kb, "36.01%").unit == "元/人"


@pytest.mark.parametrize(("options", "problem"), [
    ({"unit": "斤斤"}, "无法识别的单位"),
    ({"unit": "元/斤斤"}, "无法识别的单位"),
    ({"value": "很多"}, "不是数字"),
    ({"value": "1000-800"}, "范围无效"),
    ({"value": "nan"}, "不是数字"),
    ({"borderline": "maybe"}, "yes 或 no"),
    ({"label": ""}, "不能为空"),
    ({"label": "新指标", "unit": "斤斤"}, "无法识别的单位"),  # all or none
])
def test_bad_figure_corrections_change_nothing(kb, options, problem):
    figure = metric_by_text(kb, "36.01%")
    before = rows(kb)
    with pytest.raises(InputError, match=problem):
        kb.correct_metric(figure.id, **options)
    assert rows(kb) == before and kb.corrections() == []


def test_borderline_figures_are_counted_apart(kb):
    doc = kb.documents()[0]
    figures = kb.metrics()
    assert doc.metric_count == sum(not m.borderline for m in figures)
    assert doc.borderline_count == sum(m.borderline for m in figures) > 0
    figure = metric_by_text(kb, "36.01%")
    kb.correct_metric(figure.id, borderline="yes")
    after = kb.documents()[0]
    assert (after.metric_count, after.borderline_count) == (doc.metric_count - 1, doc.borderline_count + 1)
    assert metric_by_text(kb, "36.01%").borderline is True
    kb.correct_metric(figure.id, borderline="no")
    assert kb.documents()[0].metric_count == doc.metric_count


def test_remove_and_add_a_figure(kb):
    figure = metric_by_text(kb, "36.01%")
    count = len(kb.metrics())
    kb.correct_metric(figure.id, remove=True)
    assert len(kb.metrics()) == count - 1 and all(m.text != "36.01%" for m in kb.metrics())
    added = kb.add_metric(doc_id(kb), figure.start, figure.end)
    assert (added.after["value"], added.after["unit"]) == (36.01, "%")
    back = metric_by_text(kb, "36.01%")
    assert (back.value, back.unit, back.section_id) == (36.01, "%", figure.section_id)
    assert back.sentence_start <= back.start < back.end <= back.sentence_end
    # the parser's figure again (trend, label and all), so not marked as added by the user
    assert (back.trend, back.label, back.period) == (figure.trend, figure.label, figure.period)
    assert back.id not in kb.correction_marks(doc_id(kb)).metrics


def test_add_metric_reads_a_number_the_parser_left_out(kb):
    """70周年 is an anniversary to the parser; a user who counts it gets a figure of 70 年."""
    text = kb.document_text(doc_id(kb))
    start = text.index("70周年")
    assert not any(m.start <= start < m.end for m in kb.metrics())
    added = kb.add_metric(doc_id(kb), start, start + 2)
    assert (added.after["value"], added.anchor.text) == (70.0, "70")
    figure = next(m for m in kb.metrics() if m.start == start)
    assert (figure.end, figure.value, figure.text) == (start + 2, 70.0, "70")


@pytest.mark.parametrize(("span", "problem"), [((10, 10 ** 6), "位置超出文本范围"), ((5, 3), "位置超出文本范围"),
                                               ((-1, 3), "位置超出文本范围")])
def test_add_metric_outside_the_text_is_refused(kb, span, problem):
    with pytest.raises(InputError, match=problem):
        kb.add_metric(doc_id(kb), *span)
    assert kb.corrections() == []


def test_add_metric_without_a_number_and_twice_is_refused(kb):
    text = kb.document_text(doc_id(kb))
    start = text.index("平安")
    with pytest.raises(InputError, match="没有数字"):
        kb.add_metric(doc_id(kb), start, start + 2)
    figure = metric_by_text(kb, "36.01%")
    with pytest.raises(InputError, match="已是一项数据"):
        kb.add_metric(doc_id(kb), figure.start, figure.end)


# ------------------------------------------------------------------------ undo, redo, restore

def test_revert_and_apply_again_keep_the_correction_id(kb):
    figure = metric_by_text(kb, "36.01%")
    made = kb.correct_metric(figure.id, label="甲")[0]
    removed = kb.revert_corrections([made.id])
    assert [c.id for c in removed] == [made.id] and metric_by_text(kb, "36.01%").label == figure.label
    again = kb.apply_correction(removed[0])  # the window's redo
    assert again.id == made.id and metric_by_text(kb, "36.01%").label == "甲"
    with pytest.raises(NotFoundError):
        kb.revert_corrections([12345])


def test_undo_follows_the_journal_back_and_undoes_a_restore(kb):
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    figure = metric_by_text(kb, "36.01%")
    original = rows(kb)
    kb.correct_section(area.id, kind="priority")
    kb.correct_metric(figure.id, label="乙", unit="件")
    corrected = rows(kb)
    removed = kb.restore_parser_version(doc_id(kb))
    assert len(removed) == 3 and rows(kb) == original and kb.corrections() == []
    assert {c.field for c in kb.undo_correction()} == {"kind", "label", "unit"}  # the restore undone
    assert rows(kb) == corrected
    assert [c.field for c in kb.undo_correction()] == ["label", "unit"]
    assert [c.field for c in kb.undo_correction()] == ["kind"]
    assert rows(kb) == original
    with pytest.raises(InputError, match="没有可撤销的修改"):
        kb.undo_correction()


def test_restore_the_parsers_version_of_one_item(kb):
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    figure = metric_by_text(kb, "36.01%")
    kb.correct_section(area.id, kind="priority")
    kb.correct_metric(figure.id, label="丙")
    assert [c.field for c in kb.corrections(doc_id(kb), metric_id=figure.id)] == ["label"]
    assert [c.field for c in kb.corrections(doc_id(kb), section_id=area.id)] == ["kind"]
    kb.restore_parser_version(doc_id(kb), metric_id=figure.id)
    assert metric_by_text(kb, "36.01%").label == figure.label
    assert kb.section(area.id).info.kind == "priority"


def test_property_edits_are_corrections_too(kb):
    did = doc_id(kb)
    parsed_title = kb.document(did).title
    kb.set_properties(did, title="新的标题", year=2023)
    made = kb.corrections(did)
    assert [(c.target, c.field, c.before, c.after) for c in made] == [
        ("document", "title", None, "新的标题"), ("document", "year", None, 2023)]
    assert kb.correction_marks(did).document == {"title": parsed_title, "year": None}
    kb.undo_correction()
    assert (kb.document(did).title, kb.document(did).year) == (parsed_title, None)
    issuer = kb.apply_correction(kb.property_correction(did, "issuer", "市公安局"))  # the window's way
    assert kb.document(did).issuer == "市公安局"
    kb.revert_corrections([issuer.id])
    assert kb.document(did).issuer == kb._store.document_row(did).issuer
    with pytest.raises(InputError, match="年份无效"):
        kb.property_correction(did, "year", "公元")


# ------------------------------------------------------------------------ corrections last

def test_corrections_survive_reindex(kb):
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    kb.correct_section(area.id, kind="priority")
    kb.correct_metric(metric_by_text(kb, "36.01%").id, label="丁")
    before = rows(kb)
    kb.reindex()
    assert rows(kb) == before
    assert any(h.section_id == area.id for h in kb.search("和谐稳定", kind="priority").hits)


def test_corrections_survive_an_upgrade_that_reparses(kb, tmp_path, monkeypatch):
    """A newer parser (simulated: every achievement becomes `other`, every label is lost,
    and 36.01% is no longer a figure) re-parses every document when the knowledge base is
    opened: corrections are applied again; one whose figure is gone is orphaned."""
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    kb.correct_section(area.id, kind="priority")
    kb.correct_section(section_by_heading(kb, "法治营商环境不断优化提升").id, heading="营商环境")
    figure = metric_by_text(kb, "85.7%")
    kb.correct_metric(figure.id, label="可防性案件")
    kb.correct_metric(metric_by_text(kb, "36.01%").id, label="戊")
    with kb._store.transaction():
        kb._store.db.execute("UPDATE documents SET parser_version = 0")
    kb.close()

    def newer_parser(text, **options):
        doc = parse_text(text, **options)
        return replace(doc, sections=tuple(replace(s, kind="other") if s.kind == "achievement" else s
                                           for s in doc.sections),
                       metrics=tuple(replace(m, label=None) for m in doc.metrics if m.text != "36.01%"))

    monkeypatch.setattr(upgrade, "parse_text", newer_parser)
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as upgraded:
        sections = {s.heading: s for s in upgraded.documents()[0].sections}
        assert sections["社会大局保持和谐稳定"].kind == "priority"  # corrected
        assert sections["社会治理基层基础持续夯实筑牢"].kind == "other"  # the new parser's
        assert "营商环境" in sections
        assert metric_by_text(upgraded, "85.7%").label == "可防性案件"
        assert all(m.label != "戊" for m in upgraded.metrics())  # never applied elsewhere
        statuses = {c.after: c.status for c in upgraded.corrections() if c.field == "label"}
        assert statuses == {"可防性案件": "applied", "戊": "orphaned"}
        assert upgraded.correction_marks(upgraded.documents()[0].id).orphaned[0].after == "戊"


def test_corrections_follow_a_changed_release_by_their_quoted_text(kb, tmp_path):
    area = section_by_heading(kb, "社会治理基层基础持续夯实筑牢")
    kb.correct_section(area.id, kind="priority")
    kb.correct_metric(metric_by_text(kb, "85.7%").id, label="己")
    kb.correct_metric(metric_by_text(kb, "36.01%").id, label="庚")
    source = tmp_path / "src" / SEED_NAME
    changed_release(source, drop="36.01%")  # the same file, edited: it replaces the document
    report = kb.import_paths([source])
    assert report.replaced
    text = kb.document_text(doc_id(kb))
    assert INSERTED in text
    moved = next(s for s in kb.documents()[0].sections if s.heading == "社会治理基层基础持续夯实筑牢")
    assert moved.start == area.start + len(INSERTED) - len("36.01%") and moved.kind == "priority"
    assert metric_by_text(kb, "85.7%").label == "己"
    states = {c.after: (c.status, c.anchor.start) for c in kb.corrections() if c.field == "label"}
    assert states["己"][0] == "applied" and text[states["己"][1]:].startswith("85.7%")
    assert states["庚"][0] == "orphaned"
    assert all(m.label != "庚" for m in kb.metrics())


def test_corrections_are_in_backups_and_restore_checks_them(kb, tmp_path):
    kb.correct_section(section_by_heading(kb, "社会大局保持和谐稳定").id, kind="priority")
    corrected = rows(kb)
    kb.backup(tmp_path / "b.sqlite3")
    kb.restore_parser_version(doc_id(kb))
    kb.close()
    KnowledgeBase.restore_backup(tmp_path / "b.sqlite3", tmp_path / "kb")
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as restored:
        assert rows(restored) == corrected and len(restored.corrections()) == 1
    for how in ("field", "after"):
        bad = with_bad_correction(tmp_path / "b.sqlite3", tmp_path / f"bad-{how}.sqlite3", how)
        with pytest.raises(BackupRefusedError, match="corrections"):
            KnowledgeBase.restore_backup(bad, tmp_path / "kb")


def test_export_and_import_between_workstations(kb, tmp_path, seed_path):
    area = section_by_heading(kb, "社会大局保持和谐稳定")
    kb.correct_section(area.id, kind="priority")
    kb.correct_metric(metric_by_text(kb, "36.01%").id, value="30-40")
    kb.set_properties(doc_id(kb), issuer="某某局")
    assert kb.export_corrections(tmp_path / "c.json") == 3
    with KnowledgeBase.open(tmp_path / "other", seed=False) as other:
        other.import_paths([other_release(tmp_path / "o" / "other.txt")])  # takes id 1 there
        other.import_paths([seed_path])
        result = other.import_corrections(tmp_path / "c.json")
        assert [c.status for c in result.stored] == ["applied"] * 3 and not result.skipped
        seed_doc = next(d for d in other.documents() if d.file == SEED_NAME)
        assert {c.doc_id for c in result.stored} == {seed_doc.id} != {1}
        assert seed_doc.issuer == "某某局"
        assert next(s for s in seed_doc.sections if s.heading == "社会大局保持和谐稳定").kind == "priority"
        again = other.import_corrections(tmp_path / "c.json")
        assert not again.stored and len(again.skipped) == 3  # already there


def test_deleting_a_release_deletes_its_corrections(kb):
    kb.correct_metric(metric_by_text(kb, "36.01%").id, label="辛")
    kb.delete_document(doc_id(kb))
    assert kb.corrections() == []
    with pytest.raises(InputError, match="没有可撤销的修改"):
        kb.undo_correction()


def test_a_knowledge_base_of_schema_seven_gains_the_corrections_table(tmp_path, seed_path):
    from desktop_app.core.store import DB_NAME, SCHEMA_VERSION
    from tests.hostile.backups import BEFORE_CORRECTIONS

    with KnowledgeBase.open(tmp_path / "kb", seed=False) as old:
        old.import_paths([seed_path])
        for sql in (*BEFORE_CORRECTIONS, "PRAGMA user_version = 7"):
            old._store.db.execute(sql)
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        assert kb._store.schema_version() == SCHEMA_VERSION == 9
        kb.correct_metric(kb.metrics()[0].id, label="壬")
        assert kb.corrections()[0].after == "壬"
    assert (tmp_path / "kb" / DB_NAME).exists()


def test_corrections_need_the_document(kb):
    with pytest.raises(NotFoundError):
        kb.corrections(4242)
    with pytest.raises(NotFoundError):
        kb.add_metric(4242, 0, 3)
    assert Path(kb.data_dir).is_dir()


def test_a_magnitude_before_a_unit_is_refused_with_the_unit_to_give(kb):
    """2300万元 is stored as 23,000,000 元: a user who types 万元 is told to give 元 (before:
    "unknown unit", with no hint that 元 was meant)."""
    metric = next(m for m in kb.metrics() if m.unit == "元")
    with pytest.raises(InputError) as refused:
        kb.metric_correction(metric.id, "unit", "万元")
    assert "单位请填“元”" in str(refused.value)
