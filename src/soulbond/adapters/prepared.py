"""Statements built once, run straight on SQLite's driver: ``run(connection, statement, params)``.

SQLAlchemy spends some 20 to 30 µs on each execution (an execution context, its
events, a result object) around SQLite's own few microseconds, and a request runs
about ten statements: on SQLite that machinery costs more than the lookups. A
statement built once (at module level, or a twin from ``short_lists``) is compiled
here once, by SQLAlchemy's own compiler, with its column types' own bind and result
processors, and then run on the connection's driver cursor inside the same
transaction. Its rows have the names and values SQLAlchemy's would (a test holds
every statement sent this way to that). Errors are wrapped as SQLAlchemy wraps
them, so ``errors.translated`` reads them alike.

Everything else goes through SQLAlchemy as before: other databases, lists bound at
run time (expanding parameters), Python-side defaults, and many rows at once with
RETURNING. Only for statements built once: each is kept for as long as the
process runs.

``read_alone(engine, statement, params)`` runs a single read outside any unit of
work (a session check) on the connection the thread keeps (``thread_connection``).
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import starmap
from typing import Any, cast

from sqlalchemy import Connection, Engine, Executable
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

from soulbond.adapters.engine import ONE_STATEMENT, driver_error, one_read
from soulbond.adapters.per_statement import PerStatement
from soulbond.adapters.thread_connection import idle_driver

Params = Mapping[str, Any]


@dataclass(frozen=True)
class _Plan:
    sql: str
    names: tuple[str, ...]
    """The parameters' names, in the order of the statement's placeholders."""
    defaults: dict[str, Any]
    """Values the statement carries itself (``column == 1``)."""
    binds: tuple[tuple[int, Callable[[Any], Any]], ...]
    """The placeholders whose values SQLAlchemy's types convert, with how."""
    results: tuple[tuple[int, Callable[[Any], Any]], ...] | None
    """The columns whose values SQLAlchemy's types convert, with how; None for a statement that answers
    no rows."""
    row: Callable[..., Any] | None

    def values(self, params: Params) -> list[Any]:
        # Every statement of every request passes here: the common case (no values of the statement's
        # own) is one list comprehension, and only the values a type converts are touched again.
        if self.defaults:
            found = [params[name] if name in params else self.defaults[name] for name in self.names]
        else:
            found = [params[name] for name in self.names]
        for place, process in self.binds:
            if found[place] is not None:
                found[place] = process(found[place])
        return found

    def rows(self, fetched: list[Any]) -> list[Any]:
        assert self.results is not None and self.row is not None
        make, converted = self.row, self.results
        if not converted:
            return list(starmap(make, fetched))
        found = []
        for r in fetched:
            values = list(r)
            for column, convert in converted:
                if values[column] is not None:
                    values[column] = convert(values[column])
            found.append(make(*values))
        return found


class Ran:
    """What a statement run here answers: the parts of SQLAlchemy's result the adapters use."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        return list(self._rows)

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def scalars(self) -> Iterator[Any]:
        return (row[0] for row in self._rows)

    def scalar_one(self) -> Any:
        if len(self._rows) != 1:
            raise (
                sa_exc.NoResultFound("no row was found")
                if not self._rows
                else sa_exc.MultipleResultsFound("more than one row was found")
            )
        return self._rows[0][0]


_plans: PerStatement[_Plan | None] = PerStatement()


def run(
    connection: Connection, statement: Executable, params: Params | Sequence[Params] | None = None
) -> Any:
    """``connection.execute(statement, params)``, straight on the driver where it can be (see above)."""
    if connection.dialect.name != "sqlite":
        return connection.execute(statement, params)
    # Rows to write come as a list (a check against the abstract Sequence costs a microsecond a time).
    many = params if isinstance(params, list) else None
    first: Params = (many[0] if many else {}) if many is not None else cast(Params, params or {})
    plan = _plan(statement, connection.dialect, first)
    if plan is None or (many is not None and plan.results is not None):
        return connection.execute(statement, params)
    driver: Any = connection.connection.driver_connection
    if (
        not driver.in_transaction
        and not connection.in_transaction()
        and not connection.get_execution_options().get(ONE_STATEMENT)
    ):
        # As SQLAlchemy would on its first statement: the "begin" event decides how the transaction opens.
        # A single statement needs none: SQLite gives it one of its own; nor does one in a transaction a
        # thread's kept connection began on the driver (``thread_connection``).
        connection.begin()
    return _execute(driver, plan, first, many)


def read_alone(engine: Engine, statement: Executable, params: Params) -> Any:
    """A single read outside any unit of work (a session check), answered as ``run`` answers.

    Checking a session is one statement on every request: taking a connection from SQLAlchemy's pool and
    giving it back (a rollback, events) costs several times SQLite's lookup. On a SQLite file the read
    runs on this thread's kept connection (``thread_connection``) when no unit of work holds it, outside
    any transaction, so it sees every commit before it, as a read on any connection does.
    """
    own = idle_driver(engine)
    if own is None:
        with one_read(engine).connect() as connection:
            return run(connection, statement, params)
    plan = _plan(statement, engine.dialect, params)
    if plan is None or plan.results is None:
        raise ValueError("read_alone is for a statement that reads, built once")
    return _execute(own, plan, params, None)


def _execute(driver: Any, plan: _Plan, params: Params, many: list[Params] | None) -> Ran:
    try:
        if many is not None:
            cursor = driver.executemany(plan.sql, [plan.values(p) for p in many])
        else:
            cursor = driver.execute(plan.sql, plan.values(params))
        rows = plan.rows(cursor.fetchall()) if plan.results is not None else []
        return Ran(rows, cursor.rowcount)
    except sqlite3.Error as exc:
        raise driver_error(plan.sql, many if many is not None else params, exc) from exc


def _plan(statement: Executable, dialect: Dialect, params: Params) -> _Plan | None:
    # An insert or update without values of its own is compiled for the columns it is given.
    columns = tuple(sorted(params)) if isinstance(statement, UpdateBase) else None
    return _plans.get(statement, columns, lambda: _compile(statement, dialect, columns))


def _compile(statement: Executable, dialect: Dialect, columns: tuple[str, ...] | None) -> _Plan | None:
    assert isinstance(statement, ClauseElement)
    compiled = statement.compile(dialect=dialect, column_keys=list(columns) if columns is not None else None)
    assert isinstance(compiled, SQLCompiler)
    binds = compiled.binds
    if any(b.expanding for b in binds.values()) or compiled.insert_prefetch or compiled.update_prefetch:
        return None
    names = tuple(compiled.positiontup or ())
    defaults = {name: bind.effective_value for name, bind in binds.items() if not bind.required}
    binders = _converting(binds[name].type._cached_bind_processor(dialect) for name in names)
    answers = [c for c in compiled._result_columns]
    if not answers:
        return _Plan(compiled.string, names, defaults, binders, None, None)
    keys = [c[0] for c in answers]
    results = _converting(c[3]._cached_result_processor(dialect, None) for c in answers)
    try:
        row = namedtuple("Row", keys)  # type: ignore[misc]
    except ValueError:
        return None
    return _Plan(compiled.string, names, defaults, binders, results, row)


def _converting(
    processors: Iterable[Callable[[Any], Any] | None],
) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """The places whose values a type converts, with how: the rest are passed as they are."""
    return tuple((place, process) for place, process in enumerate(processors) if process is not None)
