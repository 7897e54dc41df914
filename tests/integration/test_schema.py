"""The migrations build exactly the tables ``adapters/tables.py`` describes, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from soulbond.adapters import tables
from soulbond.bootstrap import bootstrap
from soulbond.settings import Settings
from tests.integration.conftest import NO_PG, PG_URL


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
