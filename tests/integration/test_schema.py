"""The migrations build exactly the tables ``adapters/tables.py`` describes, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from soulbond.adapters import tables
from soulbond.bootstrap import Live, bootstrap
from soulbond.settings import Settings
from tests.integration.conftest import NO_PG, PG_URL
from tests.integration.peek import AnyLive


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_migrated_schema_matches_the_tables_the_code_uses(
    backend: str, request: pytest.FixtureRequest
) -> None:
    if backend == "sqlite":
        path: Path = request.getfixturevalue("sqlite_template")
        live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    else:
        if PG_URL is None:
            pytest.skip(NO_PG)
        live = request.getfixturevalue("pg_live")
    with live.engine.connect() as connection:
        # Types are left out: ``Moment`` is a decorated DateTime the database cannot tell apart.
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, tables.metadata)
    if backend == "sqlite":
        live.close()
    assert differences == []


def test_the_ledger_takes_one_arrival_per_delivery_and_any_number_of_other_entries(live: AnyLive) -> None:
    if not isinstance(live, Live):
        pytest.skip("an in-memory world keeps no ledger table")
    entry = {"at": datetime(2000, 1, 1, tzinfo=UTC), "kind": "lost", "actor": "p1", "item": "i1"}
    arrival = {**entry, "kind": "arrived", "delivery": 7}
    with live.engine.begin() as connection:
        connection.execute(insert(tables.ledger), [entry, entry, entry])
        connection.execute(insert(tables.ledger), [arrival, {**arrival, "delivery": 8}])
    with pytest.raises(IntegrityError), live.engine.begin() as connection:
        connection.execute(insert(tables.ledger), arrival)
    with live.engine.connect() as connection:
        kept = connection.execute(select(tables.ledger.c.kind, tables.ledger.c.delivery)).all()
    assert sorted(kept, key=str) == sorted([("lost", None)] * 3 + [("arrived", 7), ("arrived", 8)], key=str)
