"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern with a Unicode character class takes Python's `re` ~0.3–0.7 ms; the
modules the window imports before its first frame (reading, terminal, labels) hold about
ten of them and use none before that frame, so each start paid ~4 ms for nothing.
"""
from __future__ import annotations

import re
from typing import Any, cast


class LazyPattern:
    """A stand-in for `re.compile(pattern, flags)` that compiles on first use; after that,
    its methods (`sub`, `search`, …) are the compiled pattern's own, looked up once."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.compiled, name)
        setattr(self, name, value)  # found directly from now on
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used (typed as the pattern it becomes)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
