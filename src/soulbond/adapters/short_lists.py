"""Short ``IN`` lists bound one value to a placeholder, in statements built once per list length.

A statement with an expanding parameter (``column.in_(bindparam(..., expanding=True))``)
is rewritten by SQLAlchemy on every execution, a regular-expression pass over its
SQL that costs more than SQLite takes to answer a lookup by index. Most of a
request's lists are short (a person and their soulmate, one item), so for lists of
up to ``LONGEST_REWRITTEN`` values each statement gets a twin per combination of
lengths with that many ordinary placeholders, made once (``per_statement``) and
compiled once by SQLAlchemy like any other statement; a short list written into the statement
(``state.in_(["filed", "hearing"])``) becomes placeholders in the twin too. Longer
or empty lists keep the expanding form. Only for statements built once: each
statement and its twins are kept for as long as the process runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import BindParameter, Executable, bindparam
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import ClauseList, Grouping

from soulbond.adapters.per_statement import PerStatement

LONGEST_REWRITTEN = 8
"""Lists longer than this are bound as SQLAlchemy binds them: the twins would be too many."""

_expanding: PerStatement[tuple[str, ...] | None] = PerStatement()
_twins: PerStatement[Executable] = PerStatement()


def bound(statement: Executable, params: Mapping[str, Any]) -> tuple[Executable, dict[str, Any]]:
    """``statement`` and ``params`` as they are best executed: ``connection.execute(*bound(s, p))``."""
    keys = _expanding_keys(statement)
    if keys is None:
        return statement, dict(params)
    lengths = tuple(len(params[key]) for key in keys)
    if any(length == 0 or length > LONGEST_REWRITTEN for length in lengths):
        return statement, dict(params)
    twin = _twin(statement, keys, lengths)
    flat = {name: value for name, value in params.items() if name not in keys}
    for key in keys:
        for number, value in enumerate(params[key]):
            flat[f"{key}_{number}"] = value
    return twin, flat


def _expanding_keys(statement: Executable) -> tuple[str, ...] | None:
    """The names of the statement's lists bound by name; None if it has no list to rewrite at all."""

    def find() -> tuple[str, ...] | None:
        lists = [
            element
            for element in visitors.iterate(cast(visitors.ExternallyTraversible, statement))
            if isinstance(element, BindParameter) and (_named_list(element) or _literal_list(element))
        ]
        return tuple(sorted({element.key for element in lists if _named_list(element)})) if lists else None

    return _expanding.get(statement, None, find)


def _named_list(element: BindParameter[Any]) -> bool:
    """A list the caller binds by name: a literal list in the statement (``in_([...])``) keeps its form."""
    return bool(element.expanding and element.required)


def _literal_list(element: BindParameter[Any]) -> bool:
    """A short list written into the statement (``column.in_(["filed", "hearing"])``)."""
    value = element.value
    return bool(
        element.expanding
        and not element.required
        and isinstance(value, list | tuple)
        and 0 < len(value) <= LONGEST_REWRITTEN
    )


def _twin(statement: Executable, keys: tuple[str, ...], lengths: tuple[int, ...]) -> Executable:
    return _twins.get(statement, lengths, lambda: _make_twin(statement, keys, lengths))


def _make_twin(statement: Executable, keys: tuple[str, ...], lengths: tuple[int, ...]) -> Executable:
    sizes = dict(zip(keys, lengths, strict=True))

    def replace(element: visitors.ExternallyTraversible, **_: Any) -> visitors.ExternallyTraversible | None:
        if isinstance(element, BindParameter) and _named_list(element):
            placeholders = [
                bindparam(f"{element.key}_{number}", type_=element.type)
                for number in range(sizes[element.key])
            ]
            return Grouping(ClauseList(*placeholders))
        if isinstance(element, BindParameter) and _literal_list(element):
            written: list[Any] = list(element.value or ())
            return Grouping(ClauseList(*(bindparam(None, value, type_=element.type) for value in written)))
        return None

    traversible = cast(visitors.ExternallyTraversible, statement)
    return cast(Executable, visitors.replacement_traverse(traversible, {}, replace))
