"""A backup restored into a fresh database is the same world, row for row, to the microsecond.

The world backed up has a ledger, a simulated clock set to an odd
microsecond, one thing delivered and kept, one still in transit, a case with
its history, messages and an account; the restored copy must hold every row
of every table as it was, and go on working (the thing in transit arrives).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from soulbond.bootstrap import Live, bootstrap
from soulbond.core.errors import InvalidInput
from soulbond.service import accounts, casework, contact, possessions
from soulbond.service.accounts import AccountPolicy
from soulbond.settings import Settings
from tests.integration.factories import add_item, advance, drain, dump, make_pair, place_of
from tests.integration.peek import AnyLive, case_events, trips
from tests.integration.test_concurrency import hire_shisui, under_review


def busy_world(live: Live) -> int:
    """A world with something of everything the backup must keep; returns the open case."""
    advance(live, timedelta(hours=5, microseconds=123_457))
    hire_shisui(live)
    case = under_review(live)
    casework.decide(casework.Decide("shisui", case, False, "the bond holds"), live.uow())
    casework.appeal(casework.OnCase("kakashi", case, "please look again"), live.uow())
    add_item(live, "iruka", "rock")
    add_item(live, "iruka", "folder")
    possessions.report_loss(possessions.ReportLoss("iruka", "rock", "on the training ground"), live.uow())
    advance(live, timedelta(days=1, microseconds=1))
    drain(live)
    possessions.keep(possessions.FinderAct("kakashi", "rock", "in a drawer"), live.uow())
    possessions.report_loss(possessions.ReportLoss("iruka", "folder"), live.uow())
    contact.send_message(contact.SendMessage("kakashi", "+iruka", "is this yours?"), live.uow())
    policy = AccountPolicy(time_cost=1, memory_kib=8)
    accounts.register(accounts.Register("iruka", "a long password"), live.accounts(), _now(live), policy)
    return case


def _now(live: Live) -> accounts.Clock:
    with live.uow() as uow:
        moment = uow.now()
    return lambda: moment


@contextmanager
def fresh_database(live: Live, tmp_path: Path) -> Iterator[Live]:
    """An empty database of the same kind: a new SQLite file, or a scratch PostgreSQL database dropped after."""
    if live.engine.dialect.name == "sqlite":
        fresh = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'restored.db'}"))
        try:
            yield fresh
        finally:
            fresh.close()
        return
    name = f"soulbond_restore_{uuid.uuid4().hex[:10]}"
    with live.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(live.settings.database_url).set(database=name).render_as_string(hide_password=False)
    fresh = bootstrap(Settings(database_url=url), schema=live.schema)
    try:
        yield fresh
    finally:
        fresh.close()
        with live.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


def stored(live: AnyLive) -> Live:
    if not isinstance(live, Live):
        pytest.skip("an in-memory world has nothing on disk to back up")
    return live


def test_a_restored_backup_holds_every_row_to_the_microsecond_and_goes_on(
    live: AnyLive, tmp_path: Path
) -> None:
    source = stored(live)
    case = busy_world(source)
    before = dump(source)
    copy = tmp_path / "world.backup"
    assert "backed up" in source.backup(copy)
    with fresh_database(source, tmp_path) as fresh:
        assert "restored" in fresh.restore(copy)
        assert dump(fresh) == before
        assert case_events(fresh, case) == case_events(source, case)
        assert place_of(fresh, "folder")[0] == "in transit"
        advance(fresh, timedelta(days=1))
        assert drain(fresh) == 1
        assert place_of(fresh, "folder")[0] == "on a floor"
        assert len(trips(fresh)) == 2
    # The original is untouched by what the copy did.
    assert dump(source) == before


def test_a_backup_never_overwrites_and_a_restore_never_merges(live: AnyLive, tmp_path: Path) -> None:
    source = stored(live)
    kakashi, _ = make_pair(source)
    add_item(source, kakashi, "beanie")
    copy = tmp_path / "world.backup"
    source.backup(copy)
    with pytest.raises(InvalidInput, match="exists already"):
        source.backup(copy)
    before = dump(source)
    with pytest.raises(InvalidInput, match="holds a world already"):
        source.restore(copy)
    assert dump(source) == before
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with fresh_database(source, tmp_path) as fresh, pytest.raises(InvalidInput, match="is not"):
        fresh.restore(not_a_backup)
