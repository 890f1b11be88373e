"""Tree rows show a heading's meaningful words (not 一、第一…, 其他一), the contents column
grows with the window, and only what does not fit is elided — never a row's figure count."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QModelIndex, QRect
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop_app.ui.labels import opening_words, tree_heading
from tests.ui.conftest import DATA

PROCURATORATE = DATA / "synthetic" / "holdout2_02_procuratorate-work-report-summary.txt"


@pytest.mark.parametrize(("heading", "shown"), [
    ("第一，坚持能动履职，全力服务保障高质量发展", "坚持能动履职，全力服务保障高质量发展"),
    ("第十二、深化改革", "深化改革"),
    ("一是服务保障高质量发展的能力还需进一步提升", "服务保障高质量发展的能力还需进一步提升"),
    ("首先，抓好安全生产", "抓好安全生产"),
    ("其二、强化监督", "强化监督"),
    ("第一次全体会议顺利召开", "第一次全体会议顺利召开"),  # no comma: 第一次 is meaningful
    ("围绕一个“用”字,进一步夯实网格化管理根基", "围绕一个“用”字,进一步夯实网格化管理根基"),  # whole
    ("第一，", "第一，"),  # nothing after it: kept
])
def test_tree_heading_drops_only_a_counting_lead(heading, shown):
    assert tree_heading(heading) == shown


def test_opening_words_are_the_first_sentence():
    assert opening_words("同时，我们也清醒认识到，检察工作还存在一些问题和不足：\n一是……") == \
        "同时，我们也清醒认识到，检察工作还存在一些问题和不足"
    assert len(opening_words("很" * 100)) == 40


def rows_of(model, parent: QModelIndex) -> list[QModelIndex]:
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


@pytest.fixture
def procuratorate(window, qtbot, tmp_path, dialog_calls):
    """The window with the procuratorate's report (第一，… headings, a heading-less 其他) imported."""
    path = tmp_path / "检察院工作报告.txt"
    shutil.copy(PROCURATORATE, path)
    with qtbot.waitSignal(window.documents_reloaded, timeout=30_000):
        window.ops.import_paths([str(path)])
    model = window.tree_model
    doc = next(i for i in rows_of(model, QModelIndex()) if "检察院" in i.data())
    window.tree.expand(doc)
    return window, doc


def test_the_tree_shows_the_meaningful_words_of_each_heading(procuratorate):
    window, doc = procuratorate
    model = window.tree_model
    rows = {i.data().split(" · ")[0]: i for i in rows_of(model, doc)}
    achievements = [i.data() for i in rows_of(model, next(i for k, i in rows.items() if k.startswith("主要成效")))]
    assert achievements[0].startswith("一、坚持能动履职，全力服务保障高质量发展 · ")
    assert achievements[1].startswith("二、坚持从严惩治犯罪，全力维护社会安全稳定 · ")
    assert not any("第一" in a or "第二" in a for a in achievements)
    assert "同时，我们也清醒认识到，检察工作还存在一些问题和不足" in rows  # not 其他一
    assert "服务保障高质量发展的能力还需进一步提升" in rows  # not 一是…


def test_the_contents_column_grows_with_the_window_and_elides_only_what_does_not_fit(procuratorate, qtbot):
    window, doc = procuratorate
    model, tree = window.tree_model, window.tree
    group = next(i for i in rows_of(model, doc) if i.data().startswith("主要成效"))
    tree.expand(group)
    row = rows_of(model, group)[3]  # 四、坚持“四大检察”全面协调充分发展，法律监督质效稳步提升 · N 项指标
    label = row.data()

    def shown_text() -> str:
        option = QStyleOptionViewItem()
        option.initFrom(tree)
        option.rect = QRect(tree.visualRect(row).topLeft(), tree.viewport().rect().bottomRight())
        option.rect.setHeight(tree.visualRect(row).height())
        tree.itemDelegate().initStyleOption(option, row)
        return option.text

    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024)
    narrow_column = window.splitter.sizes()[0]
    narrow = shown_text()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.width() == 1920)
    assert window.splitter.sizes()[0] > narrow_column + 200  # grew with the window
    window.splitter.setSizes([1100, 820])  # a column wide enough for the whole row
    qtbot.waitUntil(lambda: tree.viewport().width() > 1000)
    assert shown_text() == label  # it fits: nothing elided
    assert narrow != label and narrow.endswith(label[label.rindex(" · "):])  # elided, count kept
    assert narrow.startswith("四、坚持") and "…" in narrow
