"""What is worked out once for a statement built once (its lists, its twins, its compiled plan).

Kept by the statement's ``id`` beside the statement itself, so that its id is never
reused by another statement while the entry lives: entries are kept for as long as
the process runs, which is why only statements built once (at module level, or
twins made from them) belong here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import Executable

T = TypeVar("T")


class PerStatement(Generic[T]):
    """``get(statement, detail, make)``: ``make()``'s answer, made once per statement and detail."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._found: dict[tuple[int, Hashable], tuple[Executable, T]] = {}

    def get(self, statement: Executable, detail: Hashable, make: Callable[[], T]) -> T:
        key = (id(statement), detail)
        known = self._found.get(key)
        if known is not None and known[0] is statement:
            return known[1]
        made = make()
        with self._lock:
            self._found[key] = (statement, made)
        return made
