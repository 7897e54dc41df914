"""A server on SQLite copies its write-ahead log back in a thread of its own: its commits never do, the log
stays small under a steady stream of changes, and nothing written is lost."""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

import pytest

from soulbond.adapters.checkpoints import Checkpoints
from soulbond.adapters.engine import own_driver_connection
from soulbond.bootstrap import Live, bootstrap
from soulbond.service import possessions
from soulbond.settings import Settings
from tests.integration.conftest import NO_PG, PG_URL
from tests.integration.factories import T0, make_pair
from tests.integration.peek import dump

PAGE = 4096


def served(tmp_path: Path, template: Path, every: float) -> Live:
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "world.db"
    shutil.copy(template, path)
    live = bootstrap(
        Settings(database_url=f"sqlite:///{path}", sqlite_checkpoint_seconds=every), serving=True
    )
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    make_pair(live)
    return live


def log_bytes(live: Live) -> int:
    wal = Path(f"{live.engine.url.database}-wal")
    return wal.stat().st_size if wal.exists() else 0


def add_things(live: Live, owner: str, count: int, prefix: str) -> None:
    for n in range(count):
        possessions.add_possession(
            possessions.AddPossession(f"{prefix}{n}", owner, f"thing {n} of {prefix}", ()), live.uow()
        )


def test_a_servers_commits_leave_the_log_to_its_thread(tmp_path: Path, sqlite_template: Path) -> None:
    """With the thread asleep, the log grows past the 1,000 pages at which a commit would copy it back."""
    live = served(tmp_path, sqlite_template, every=3600)
    try:
        add_things(live, "iruka", 400, "a")
        assert log_bytes(live) > 1000 * PAGE
    finally:
        live.close()


def steady_changes(live: Live) -> None:
    """Two threads adding 300 things each, as a server's requests and its worker would."""
    writers = [
        threading.Thread(target=add_things, args=(live, owner, 300, owner[0]))
        for owner in ("iruka", "kakashi")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)


def test_under_steady_changes_the_log_starts_again_and_every_change_is_kept(
    tmp_path: Path, sqlite_template: Path
) -> None:
    asleep = served(tmp_path / "asleep", sqlite_template, every=3600)
    try:
        steady_changes(asleep)
        never_copied = log_bytes(asleep)
    finally:
        asleep.close()
    live = served(tmp_path / "awake", sqlite_template, every=0.02)
    assert live.checkpoints is not None
    try:
        steady_changes(live)
        # The same commits went through a log that started again as it was copied back, while they went on.
        assert log_bytes(live) < never_copied / 3
        assert live.checkpoints.failure is None
        things = {row[0] for row in dump(live)["items"]}
        assert {f"i{n}" for n in range(300)} | {f"k{n}" for n in range(300)} <= things
    finally:
        live.close()


def test_stopping_makes_a_last_round_and_ends_the_thread(tmp_path: Path, sqlite_template: Path) -> None:
    live = served(tmp_path, sqlite_template, every=3600)
    checkpoints = live.checkpoints
    assert checkpoints is not None
    try:
        add_things(live, "iruka", 50, "a")
        checkpoints.stop()
        assert not checkpoints.running()
        # Copied back while the server's connections are still open: the database file alone holds them.
        with open(live.engine.url.database or "", "rb") as kept:
            assert b"thing 49 of a" in kept.read()
    finally:
        live.close()


def test_commands_other_than_a_server_keep_sqlites_own_checkpoints(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "world.db"
    shutil.copy(sqlite_template, path)
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    try:
        assert live.checkpoints is None
    finally:
        live.close()


def test_a_server_on_an_in_memory_database_has_no_checkpoint_thread() -> None:
    live = bootstrap(Settings(database_url="sqlite://"), serving=True)
    try:
        assert live.checkpoints is None
    finally:
        live.close()


@pytest.mark.skipif(PG_URL is None, reason=NO_PG)
def test_a_server_on_postgresql_has_no_checkpoint_thread() -> None:
    assert PG_URL is not None
    live = bootstrap(Settings(database_url=PG_URL), serving=True)
    try:
        assert live.checkpoints is None
        with pytest.raises(ValueError, match="only SQLite"):
            Checkpoints(live.engine, 1.0)
    finally:
        live.close()


def test_a_round_that_fails_is_said_once_and_tried_again(
    tmp_path: Path, sqlite_template: Path, caplog: pytest.LogCaptureFixture
) -> None:
    live = served(tmp_path, sqlite_template, every=3600)
    checkpoints = live.checkpoints
    assert checkpoints is not None
    broken = own_driver_connection(live.engine)
    broken.close()
    try:
        with caplog.at_level(logging.WARNING, logger="soulbond.adapters.checkpoints"):
            assert checkpoints._round(broken) is None
            assert checkpoints._round(broken) is None
        assert checkpoints.failure is not None
        assert len(caplog.records) == 1
        assert "could not be copied back" in caplog.records[0].getMessage()
        # The next round opens a connection of its own, and works.
        working = checkpoints._round(None)
        assert working is not None
        working.close()
        assert checkpoints.failure is None
    finally:
        live.close()
