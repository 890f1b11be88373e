"""SQLite's failures as the knowledge base's own errors, for every part of KnowledgeBase."""
from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from desktop_app.core.store import Store, store_error


class _HasStore(Protocol):
    """KnowledgeBase and its mixins: what the decorator needs of them."""

    _store: Store


_P = ParamSpec("_P")
_R = TypeVar("_R")
_K = TypeVar("_K", bound=_HasStore)


def store_errors(method: Callable[Concatenate[_K, _P], _R]
                 ) -> Callable[Concatenate[_K, _P], _R]:
    """Report SQLite failures as the knowledge base's own errors (busy, damaged, cannot write)
    instead of letting sqlite3 exceptions reach the user."""
    @functools.wraps(method)
    def wrapper(self: _K, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            raise store_error(error, self._store.path) from error
    return wrapper
