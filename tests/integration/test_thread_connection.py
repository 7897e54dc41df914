"""On a SQLite file each thread keeps one connection between its units of work, and never holds on to it wrongly."""

from __future__ import annotations

import gc
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from soulbond.adapters import prepared
from soulbond.adapters import tables as t
from soulbond.adapters.accounts_sql import SIGNED_IN
from soulbond.adapters.errors import StorageError
from soulbond.adapters.prepared import read_alone
from soulbond.bootstrap import Live, bootstrap
from soulbond.settings import Settings
from tests.integration.factories import T0, add_item, make_pair


@pytest.fixture
def live(sqlite_live: Live) -> Live:
    make_pair(sqlite_live)
    add_item(sqlite_live, "iruka", "folder")
    return sqlite_live


def driver_of(uow: Any) -> Any:
    return uow.connection.connection.driver_connection


def where_is(live: Live, item: str) -> str:
    with live.engine.connect() as connection:
        found: str = connection.execute(select(t.items.c.where).where(t.items.c.id == item)).scalar_one()
    return found


def test_a_thread_uses_one_connection_for_its_reads_writes_and_session_checks(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    with live.uow().reads_only() as uow:
        uow.now()
        kept = driver_of(uow)
    with live.uow() as uow:
        uow.now()
        assert driver_of(uow) is kept
        uow.commit()
    used: list[Any] = []
    original = prepared._execute

    def spy(driver: Any, *args: Any) -> Any:
        used.append(driver)
        return original(driver, *args)

    monkeypatch.setattr(prepared, "_execute", spy)
    read_alone(live.engine, SIGNED_IN, {"token_hash": "no such session"})
    # The session's read ran on the same connection, outside any transaction, and left none open.
    assert used == [kept] and not kept.in_transaction
    with live.uow().reads_only() as uow:
        assert driver_of(uow) is kept


def test_what_a_kept_connection_wrote_is_kept_only_when_committed(live: Live) -> None:
    with live.uow() as uow:
        uow.connection.execute(update(t.items).where(t.items.c.id == "folder").values(where="nowhere"))
        # Left without a commit.
    assert where_is(live, "folder") != "nowhere"
    with live.uow() as uow:
        # A statement through SQLAlchemy joins the transaction the unit of work began on the driver.
        uow.now()
        uow.connection.execute(update(t.items).where(t.items.c.id == "folder").values(where="nowhere"))
        uow.commit()
        assert not uow.connection.in_transaction() and not driver_of(uow).in_transaction
    assert where_is(live, "folder") == "nowhere"


def test_a_unit_of_work_that_fails_leaves_the_connection_ready_for_the_next(live: Live) -> None:
    with pytest.raises(RuntimeError), live.uow() as uow:
        uow.connection.execute(update(t.items).where(t.items.c.id == "folder").values(where="nowhere"))
        kept = driver_of(uow)
        raise RuntimeError("the use case failed half-way")
    assert not kept.in_transaction
    with live.uow() as uow:
        assert driver_of(uow) is kept
        assert uow.connection.execute(
            select(t.items.c.where).where(t.items.c.id == "folder")
        ).scalar_one() != ("nowhere")


def test_a_unit_of_work_opened_inside_another_gets_a_connection_of_its_own(live: Live) -> None:
    with live.uow() as outer:
        outer.connection.execute(update(t.items).where(t.items.c.id == "folder").values(where="nowhere"))
        with live.uow().reads_only() as inner:
            assert driver_of(inner) is not driver_of(outer)
            # The inner one reads what was committed, not the outer one's change.
            assert inner.connection.execute(
                select(t.items.c.where).where(t.items.c.id == "folder")
            ).scalar_one() != ("nowhere")
        # A session's check meanwhile reads on a connection of its own too.
        assert read_alone(live.engine, SIGNED_IN, {"token_hash": "none"}).first() is None
        outer.commit()
    assert where_is(live, "folder") == "nowhere"


def test_a_thread_that_ends_gives_its_connection_back(live: Live) -> None:
    before = live.engine.pool.checkedout()  # type: ignore[attr-defined]

    def work() -> None:
        with live.uow().reads_only() as uow:
            uow.now()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    gc.collect()
    assert live.engine.pool.checkedout() == before  # type: ignore[attr-defined]


def test_more_threads_than_the_pool_holds_each_get_a_connection_at_once(live: Live) -> None:
    """The pool of a SQLite file sets no limit: a thread past it would otherwise wait 30 s."""
    threads = 24
    together = threading.Barrier(threads, timeout=20)
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with live.uow().reads_only() as uow:
                uow.now()
                together.wait()
        except BaseException as exc:
            failures.append(exc)

    running = [threading.Thread(target=work) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    assert failures == []


def test_closing_the_store_closes_every_kept_connection(world_file: Path) -> None:
    """SQLite copies its log back into the file when the last connection closes: after ``close`` the file
    alone holds every commit, even one made by a thread that is still alive."""
    live = bootstrap(Settings(database_url=f"sqlite:///{world_file}"))
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    make_pair(live)
    written, stop = threading.Event(), threading.Event()

    def work() -> None:
        add_item(live, "iruka", "folder")
        written.set()
        stop.wait(10)

    thread = threading.Thread(target=work)
    thread.start()
    try:
        assert written.wait(10)
        live.close()
        assert not world_file.with_name("world.db-wal").exists()
        copy = world_file.with_name("copy.db")
        shutil.copy(world_file, copy)
        alone = sqlite3.connect(copy)
        try:
            assert alone.execute("SELECT count(*) FROM items WHERE id = 'folder'").fetchone() == (1,)
        finally:
            alone.close()
    finally:
        stop.set()
        thread.join()


def test_a_unit_of_work_that_cannot_begin_lets_go_of_its_connection(world_file: Path) -> None:
    """Another process holds the write lock past the busy timeout: nothing begins, and nothing is held."""
    live = bootstrap(Settings(database_url=f"sqlite:///{world_file}", sqlite_busy_timeout_ms=50))
    other = sqlite3.connect(world_file, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with live.uow().reads_only() as outer:
            outer.now()
            kept = driver_of(outer)
            before = live.engine.pool.checkedout()  # type: ignore[attr-defined]
            # The kept connection is in use: the inner one comes from the pool, and must go back to it.
            inner = live.uow()
            with pytest.raises(StorageError), inner:
                pass
            assert live.engine.pool.checkedout() == before  # type: ignore[attr-defined]
            del inner
        with pytest.raises(StorageError), live.uow():
            pass
        other.execute("ROLLBACK")
        # The kept connection was let go too: the next unit of work takes it and writes.
        with live.uow() as uow:
            assert driver_of(uow) is kept
            uow.use_clock(T0)
            uow.commit()
    finally:
        other.close()
        live.close()
