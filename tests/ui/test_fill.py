"""One helper fills the %1, %2 … of translated strings (desktop_app.ui.i18n.fill), in one pass
as QString.arg does. Before, each string was filled by chained str.replace calls, so a query
or file name holding "%2" or "%3" had the next number written into it."""
from __future__ import annotations

import re
from pathlib import Path

from desktop_app.ui.i18n import fill
from desktop_app.ui.reading_pane import FindBar

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"
# Modules that still fill placeholders by hand, each with its reason.
FILLS_BY_HAND: dict[str, str] = {}  # module → why it still fills by hand (none now)


def test_placeholders_are_filled_in_order_of_their_numbers():
    assert fill("%1 of %2 releases", 1, 7) == "1 of 7 releases"
    assert fill("第 %2 条，共 %1 条", 7, 1) == "第 1 条，共 7 条"  # a translation may reorder them
    assert fill("%1 (%2)", "公安局", 3) == "公安局 (3)"


def test_a_value_holding_a_placeholder_is_shown_as_it_is():
    assert fill("“%1”: %2 / %3", "%3", 1, 2) == "“%3”: 1 / 2"
    assert fill("Importing %1 (%2 of %3)…", "增长%2.txt", 4, 9) == "Importing 增长%2.txt (4 of 9)…"


def test_a_placeholder_without_a_value_and_a_plain_percent_stay():
    assert fill("%1 and %2", "a") == "a and %2"
    assert fill("增长 5% · %1", "x") == "增长 5% · x"
    assert fill("%10", "x") == "%10"  # placeholder 10, as Qt reads it, not %1 then 0


def test_the_find_bar_shows_a_query_holding_a_placeholder(qtbot):
    """Before: searching for %3 showed “2”: 1 / 2 (the query had become the total)."""
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.show_position("%3", 0, 2)
    assert bar.label.text() == fill(bar.tr("“%1”: %2 / %3"), "%3", 1, 2)
    assert "%3" in bar.label.text()


def test_no_other_module_fills_placeholders_by_hand():
    by_hand = re.compile(r"""\.replace\(\s*["']%[0-9]""")
    found = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if by_hand.search(p.read_text(encoding="utf-8")))
    assert set(found) <= set(FILLS_BY_HAND), found
