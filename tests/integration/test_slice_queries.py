"""On SQLite, a slice finds its deliveries through the recipient, item and id indexes: never by scanning
every delivery in a state, which would make each request slower as a world's deliveries grow."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.dialects import sqlite

from soulbond.adapters import hydrate
from soulbond.bootstrap import bootstrap
from soulbond.settings import Settings

ALL = {
    "people": ["a", "b"],
    "items": ["x"],
    "deliveries": [1, 2],
    "in_a_case": ["a"],
    "due_by": datetime.now(UTC),
}
QUERIES = {
    "catching up": (hydrate.arrivals_query(("items", "people", "arrived")), ALL),
    "catching up with ids": (hydrate.arrivals_query(("deliveries", "items", "people", "arrived")), ALL),
    "everyday": (hydrate.arrivals_query(("everyday", "in_a_case")), ALL),
    "everyday with items": (hydrate.arrivals_query(("items", "everyday", "in_a_case", "arrived")), ALL),
    "by id": (hydrate.arrivals_query(("deliveries",)), ALL),
    "earlier arrivals": (hydrate.EARLIER_ARRIVALS, {"carried": ["x", "y"]}),
}


@pytest.mark.parametrize("name", QUERIES)
def test_a_slices_deliveries_are_looked_up_by_index_not_scanned_by_state(
    name: str, tmp_path: Path, sqlite_template: Path
) -> None:
    shutil.copy(sqlite_template, tmp_path / "world.db")
    live = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'world.db'}"))
    statement, params = QUERIES[name]
    try:
        plan = explain(live.engine, statement, params)
    finally:
        live.close()
    assert plan, "no plan was read"
    assert not [step for step in plan if "ix_deliveries_due" in step or step.startswith("SCAN deliveries")], (
        plan
    )


def explain(engine: Any, statement: Any, params: dict[str, Any]) -> list[str]:
    sent: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, sql: str, parameters: Any, _context: Any, _many: bool) -> None:
        sent.append((sql, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    with engine.connect() as connection:
        connection.execute(statement, params).all()
        sql, parameters = sent[-1]
        rows = connection.connection.driver_connection.execute("EXPLAIN QUERY PLAN " + sql, parameters)
        return [str(row[3]) for row in rows]


def test_an_everyday_look_reads_none_of_what_is_still_on_its_way(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """What travels to a person and is not yet due is skipped inside the index, never read row by row."""
    shutil.copy(sqlite_template, tmp_path / "world.db")
    live = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'world.db'}"))
    try:
        plan = explain(live.engine, hydrate.arrivals_query(("everyday",)), ALL)
    finally:
        live.close()
    assert any("ix_deliveries_recipient_due (recipient=? AND state=? AND due<?)" in step for step in plan), (
        plan
    )


@pytest.mark.parametrize("name", QUERIES)
def test_a_delivery_state_is_a_constant_in_the_sql_never_a_parameter(name: str) -> None:
    """A state bound as a parameter makes SQLite prepare the statement again on every run, since the
    partial index on pending deliveries might serve the value bound."""
    statement, _ = QUERIES[name]
    sql = str(statement.compile(dialect=sqlite.dialect()))
    assert not re.search(r"state( \|\| \?)? = \?", sql), sql
    assert "'pending'" in sql or "'delivered'" in sql
