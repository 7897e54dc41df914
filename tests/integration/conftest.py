"""One storage suite, run on every backend: memory and SQLite always, PostgreSQL when SOULBOND_TEST_PG is set.

Each test gets an empty world on a simulated clock at ``T0``. A rule bug shows
on every backend at once (first in memory, in milliseconds); a storage bug shows
as a difference between them. SQLite worlds are
copies of a migrated template file; PostgreSQL worlds live in a schema of
their own per pytest-xdist worker, emptied before each test. With
SOULBOND_TEST_PG set and the server unreachable the tests fail, never skip.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from soulbond.adapters import tables
from soulbond.bootstrap import Live, bootstrap, in_memory
from soulbond.settings import Settings
from tests.integration.factories import T0
from tests.integration.peek import AnyLive

PG_URL = os.environ.get("SOULBOND_TEST_PG")
NO_PG = "PostgreSQL backend skipped: set SOULBOND_TEST_PG=postgresql://postgres@127.0.0.1:5432/test to run it"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """Every PostgreSQL skip points at this file, so the summary folds them into one line."""
    report: pytest.TestReport = yield
    if report.skipped and isinstance(report.longrepr, tuple) and NO_PG in str(report.longrepr[2]):
        report.longrepr = (__file__, 0, str(report.longrepr[2]))
    return report


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "world.db"
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    live.upgrade()
    live.close()
    return path


@pytest.fixture
def world_file(tmp_path: Path, sqlite_template: Path) -> Path:
    """A SQLite file of the test's own, its schema made and no world in it yet."""
    path = tmp_path / "world.db"
    shutil.copy(sqlite_template, path)
    return path


@pytest.fixture
def sqlite_live(world_file: Path) -> Iterator[Live]:
    """An empty live world in ``world_file`` (SQLite only), on a simulated clock at T0."""
    live = bootstrap(Settings(database_url=f"sqlite:///{world_file}"))
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    yield live
    live.close()


@pytest.fixture(scope="session")
def pg_live(worker_id: str) -> Iterator[Live]:
    assert PG_URL is not None
    schema = f"soulbond_test_{worker_id}_{uuid.uuid4().hex[:8]}"
    admin = bootstrap(Settings(database_url=PG_URL))
    with admin.engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.close()
    live = bootstrap(Settings(database_url=PG_URL), schema=schema)
    live.upgrade()
    try:
        yield live
    finally:
        live.close()
        admin = bootstrap(Settings(database_url=PG_URL))
        with admin.engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.close()


def empty(live: Live) -> None:
    names = ", ".join(f'"{table.name}"' for table in tables.metadata.sorted_tables if table.name != "world")
    with live.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyLive]:
    """An empty live world on a simulated clock at T0."""
    world: AnyLive
    if request.param == "memory":
        world = in_memory()
    elif request.param == "sqlite":
        path = tmp_path / "world.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        world = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    else:
        if PG_URL is None:
            pytest.skip(NO_PG)
        world = request.getfixturevalue("pg_live")
        empty(world)
    with world.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    yield world
    if request.param != "postgresql":
        world.close()
