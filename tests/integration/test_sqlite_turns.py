"""On SQLite, reads run beside the writer, and one process's writers wait their turn instead of failing busy."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from soulbond.bootstrap import Live, bootstrap
from soulbond.service import possessions, views
from soulbond.settings import Settings
from tests.integration.factories import T0, add_item, make_pair

HELD_FOR = 0.6
"""How long the first writer keeps the database: far longer than SQLite's busy timeout below."""


@pytest.fixture
def impatient(tmp_path: Path, sqlite_template: Path) -> Iterator[Live]:
    """A SQLite world whose writers give up after 50 ms of waiting in SQLite's own busy handler."""
    path = tmp_path / "world.db"
    shutil.copy(sqlite_template, path)
    live = bootstrap(Settings(database_url=f"sqlite:///{path}", sqlite_busy_timeout_ms=50))
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    make_pair(live)
    add_item(live, "iruka", "folder")
    add_item(live, "iruka", "sock")
    yield live
    live.close()


def holding_the_write_lock(live: Live, entered: threading.Event, release: threading.Event) -> None:
    with live.uow() as uow:
        uow.now()
        entered.set()
        release.wait(HELD_FOR)


def test_a_look_reads_while_another_transaction_holds_the_write_lock(impatient: Live) -> None:
    entered, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=holding_the_write_lock, args=(impatient, entered, release))
    writer.start()
    try:
        assert entered.wait(5)
        # Before, every transaction began IMMEDIATE: this one would wait 50 ms for the lock, then fail.
        floor = views.floor_view(views.ForPerson("kakashi"), impatient.uow())
        assert floor.items == []
        assert writer.is_alive()
    finally:
        release.set()
        writer.join()


def test_writers_of_one_process_take_turns_rather_than_give_up(impatient: Live) -> None:
    entered, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=holding_the_write_lock, args=(impatient, entered, release))
    writer.start()
    assert entered.wait(5)
    threading.Timer(HELD_FOR / 2, release.set).start()
    try:
        # Waits for the first writer (longer than SQLite's busy timeout) instead of failing busy.
        lost = possessions.report_loss(
            possessions.ReportLoss("iruka", "folder", "left on a bench"), impatient.uow()
        )
        assert lost.item == "folder"
    finally:
        writer.join()


def test_a_unit_of_work_takes_the_connection_used_last(tmp_path: Path, sqlite_template: Path) -> None:
    """Its pages are still in that connection's cache; one that sat while others wrote must read them again."""
    path = tmp_path / "world.db"
    shutil.copy(sqlite_template, path)
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    try:
        first, second = live.engine.connect(), live.engine.connect()
        used_last = second.connection.driver_connection
        first.close()
        second.close()
        for _ in range(3):
            with live.uow().reads_only() as uow:
                uow.now()
                assert uow.connection.connection.driver_connection is used_last
    finally:
        live.close()
