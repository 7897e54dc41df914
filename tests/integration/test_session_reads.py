"""On a SQLite file a thread reads a session once, and again as soon as any other connection has committed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from soulbond.adapters import prepared, thread_connection
from soulbond.adapters import tables as t
from soulbond.bootstrap import Live
from soulbond.service import accounts
from soulbond.service.account_errors import NotSignedIn
from soulbond.service.account_ports import Role

CHEAP = accounts.AccountPolicy(time_cost=1, memory_kib=8)


def now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def live(sqlite_live: Live) -> Live:
    return sqlite_live


@pytest.fixture
def session_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How many times a session was read from the database."""
    reads: list[str] = []
    original = prepared._execute

    def counted(driver: Any, plan: Any, *args: Any) -> Any:
        if "FROM sessions" in plan.sql:
            reads.append(plan.sql)
        return original(driver, plan, *args)

    monkeypatch.setattr(prepared, "_execute", counted)
    return reads


def signed_in_person(live: Live, name: str = "iruka") -> str:
    store = live.accounts()
    accounts.register(accounts.Register(name, "a long password"), store, now, CHEAP)
    accounts.link(accounts.Link(name, Role.PERSON, name), store)
    return accounts.log_in(accounts.LogIn(name, "a long password", "10.0.0.1"), store, now, CHEAP).token


def test_a_session_is_read_once_while_only_this_connection_writes(
    live: Live, session_reads: list[str]
) -> None:
    token = signed_in_person(live)
    for _ in range(3):
        assert accounts.authenticate(token, live.accounts(), now).person == "iruka"
    assert len(session_reads) == 1
    # The thread's own changes to the world touch no session: the read stays good.
    with live.uow() as uow:
        uow.connection.execute(update(t.world).values(title="a world of its own"))
        uow.commit()
    accounts.authenticate(token, live.accounts(), now)
    assert len(session_reads) == 1


def test_a_session_is_read_again_once_another_connection_commits(
    live: Live, session_reads: list[str]
) -> None:
    token = signed_in_person(live)
    accounts.authenticate(token, live.accounts(), now)
    # The registrar adds a thing through a connection of the pool: any commit elsewhere counts.
    with live.engine.begin() as other:
        other.execute(update(t.world).values(title="changed elsewhere"))
    accounts.authenticate(token, live.accounts(), now)
    assert len(session_reads) == 2


def test_a_session_ended_here_or_by_another_process_signs_no_one_in_at_once(
    live: Live, world_file: Path
) -> None:
    first, second = signed_in_person(live, "iruka"), signed_in_person(live, "kakashi")
    accounts.authenticate(first, live.accounts(), now)
    accounts.authenticate(second, live.accounts(), now)
    accounts.log_out(first, live.accounts(), now)
    with pytest.raises(NotSignedIn):
        accounts.authenticate(first, live.accounts(), now)
    elsewhere = sqlite3.connect(world_file)
    try:
        with elsewhere:
            elsewhere.execute("UPDATE sessions SET ended = expires")
    finally:
        elsewhere.close()
    with pytest.raises(NotSignedIn):
        accounts.authenticate(second, live.accounts(), now)


def test_an_account_linked_anew_acts_in_its_new_role_at_once(live: Live) -> None:
    token = signed_in_person(live)
    assert accounts.authenticate(token, live.accounts(), now).role is Role.PERSON
    accounts.link(accounts.Link("iruka", Role.CASEWORKER, "iruka"), live.accounts())
    assert accounts.authenticate(token, live.accounts(), now).role is Role.CASEWORKER


def test_the_reads_kept_are_bounded(
    live: Live, session_reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(thread_connection, "KEPT_READS", 2)
    tokens = [signed_in_person(live, name) for name in ("iruka", "kakashi", "gai")]
    for token in tokens:
        accounts.authenticate(token, live.accounts(), now)
    # The third let the first two go: the first is read again.
    accounts.authenticate(tokens[0], live.accounts(), now)
    assert len(session_reads) == 4
