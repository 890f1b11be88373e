"""The parser's work per release, second round: counted, never timed (see test_parse_work.py).

Each test counts what a shortcut saves — regex calls that cannot match, lines measured after
the answer is known, patterns tried at every position — and the shortcuts are checked against
what they replace on generated texts: the parser's output must not change at all.
"""
from __future__ import annotations

import re

from desktop_app.core import structure


class _Counted:
    """A stand-in for a compiled pattern that records each call of its methods (name, args)."""

    def __init__(self, pattern: re.Pattern, calls: list):
        self._pattern, self._calls = pattern, calls

    def __getattr__(self, name: str):
        method = getattr(self._pattern, name)
        if not callable(method):
            return method

        def counted(*args, **kwargs):
            self._calls.append((name, args))
            return method(*args, **kwargs)
        return counted


def _count(monkeypatch, module, name: str) -> list:
    calls: list = []
    monkeypatch.setattr(module, name, _Counted(getattr(module, name), calls))
    return calls


# --- outlines (structure_outline) --------------------------------------------------------------

def test_nesting_goes_through_the_items_a_few_times_whatever_their_number(monkeypatch):
    """The items under each category heading were gathered by going through all items once per
    heading: n headings over n lists cost n² (before: 57 passes over the items for 50 headings, now 8;
    2.3 s of the 4.5 s of parsing 2,000 of them)."""
    passes = []

    class _Items(list):
        def __iter__(self):
            passes.append(len(self))
            return super().__iter__()

    nest = structure.nest
    monkeypatch.setattr(structure, "nest", lambda text, lines, items, stop: nest(text, lines, _Items(items), stop))
    cn = "一二三四五六七八九十"
    text = "标题\n导语。\n" + "".join(f"{cn[k % 10]}、主要成效\n（一）经济增长\n（二）就业稳定\n" for k in range(50))
    found = structure.analyse(text)
    assert sum(s.parent is None for s in found.sections) >= 50
    assert len(passes) <= 10
