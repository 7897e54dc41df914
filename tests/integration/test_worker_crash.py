"""A worker killed with SIGKILL at random points loses and duplicates nothing.

4,000 deliveries fall due in a SQLite world; a worker process is killed while
it works, again and again, and restarted until everything has arrived. Then
every item is in exactly one place and every delivery is in the ledger once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select

from soulbond.adapters import tables
from soulbond.adapters.store import store_world
from soulbond.bootstrap import bootstrap
from soulbond.core import Home, Item, ItemId, Person, PersonId, World, check_conservation
from soulbond.core.items import TellsAge
from soulbond.service.ports import Wanted
from soulbond.settings import Settings

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)
PAIRS, ITEMS = 50, 4_000
WORKER = "import typer; from soulbond.cli.live import worker; typer.run(worker)"


def build(path: Path) -> None:
    world = World()
    for n in range(PAIRS * 2):
        tz = ["Europe/London", "Asia/Tokyo", "America/New_York"][n % 3]
        world.register(Person(PersonId(f"p{n}"), f"P{n}", "Doe", date(1980, 1, 1), Home("home", tz)), T0)
    for n in range(PAIRS):
        world.declare_bond(PersonId(f"p{2 * n}"), PersonId(f"p{2 * n + 1}"), T0)
    for n in range(ITEMS):
        world.add_item(
            Item(ItemId(f"i{n}"), f"thing {n}", (TellsAge(),)), PersonId(f"p{n % (PAIRS * 2)}"), T0
        )
    for n in range(ITEMS):
        world.lose(ItemId(f"i{n}"), T0 + timedelta(seconds=n))
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    live.upgrade()
    with live.uow() as uow:
        store_world(uow.connection, world, clock_at=T0 + timedelta(days=2))
        uow.commit()
    live.close()


def arrivals(engine_url: str) -> int:
    engine = create_engine(engine_url)
    try:
        with engine.connect() as connection:
            query = select(func.count()).select_from(tables.ledger).where(tables.ledger.c.kind == "arrived")
            return int(connection.execute(query).scalar_one())
    finally:
        engine.dispose()


def test_a_worker_killed_at_random_points_delivers_everything_exactly_once(tmp_path: Path) -> None:
    path = tmp_path / "world.db"
    url = f"sqlite:///{path}"
    build(path)
    env = {**os.environ, "SOULBOND_DATABASE_URL": url}
    command = [sys.executable, "-c", WORKER, "--once", "--batch", "5"]
    rng = random.Random(20)
    kills = 0
    while kills < 20 and arrivals(url) < ITEMS:
        before = arrivals(url)
        worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while arrivals(url) == before and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        # A worker makes a batch in a few milliseconds: kill it within a few batches.
        time.sleep(rng.uniform(0, 0.03))
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
            kills += 1
        worker.wait()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stderr
    assert kills >= 20

    engine = create_engine(url)
    with engine.connect() as connection:
        states = Counter(connection.execute(select(tables.deliveries.c.state)).scalars())
        arrived = Counter(
            connection.execute(
                select(tables.ledger.c.delivery).where(tables.ledger.c.kind == "arrived")
            ).scalars()
        )
        learnt = connection.execute(select(func.count()).select_from(tables.knowledge)).scalar_one()
    engine.dispose()
    assert states == {"delivered": ITEMS}
    assert len(arrived) == ITEMS and set(arrived.values()) == {1}
    assert learnt == ITEMS

    live = bootstrap(Settings(database_url=url))
    with live.uow() as uow:
        people = {PersonId(f"p{n}") for n in range(PAIRS * 2)}
        world = uow.world.load(Wanted(people=people, holdings=people, catch_up=False))
        check_conservation(world)
        assert len(world.items) == ITEMS
        assert sum(len(world.contents(w, p)) for (w, p) in world._contents) == ITEMS
    live.close()
