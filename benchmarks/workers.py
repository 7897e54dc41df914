"""Four worker processes on PostgreSQL over many due deliveries: each delivered exactly once, and how fast.

    SOULBOND_TEST_PG=postgresql://... python benchmarks/workers.py [--quick] [--items N] [--workers N]

A scratch database is filled with pairs of people and ``--items`` things,
every one lost and due (50,000; 3,000 with --quick); a copy of it is made
(PostgreSQL's CREATE DATABASE ... TEMPLATE). Then ``soulbond worker --once``
runs alone on one copy (the baseline) and ``--workers`` of them at once on
the other. Each copy is then audited: every delivery delivered, each with
exactly one arrival in the ledger, every item in exactly one place, and the
workers' own counts adding up to the number of deliveries. Both databases
are dropped at the end.

Last line: RESULT items=... workers=... delivered=... doubled=0 missing=0 one_s=... many_s=... speedup=...
"""

from __future__ import annotations

import sys
from pathlib import Path

# This folder holds a benchmark named http.py, which would hide the standard library's http package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from soulbond.adapters import tables  # noqa: E402
from soulbond.adapters.store import store_world  # noqa: E402
from soulbond.bootstrap import bootstrap  # noqa: E402
from soulbond.core import Home, Item, ItemId, Person, PersonId, World  # noqa: E402
from soulbond.core.conservation import conservation_problems  # noqa: E402
from soulbond.core.items import TellsAge  # noqa: E402
from soulbond.service.ports import Wanted  # noqa: E402
from soulbond.settings import Settings  # noqa: E402

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)
SOULBOND = str(Path(sys.executable).with_name("soulbond"))
PAIRS = 100


def admin_url() -> str:
    url = os.environ.get("SOULBOND_TEST_PG")
    if not url:
        raise SystemExit("set SOULBOND_TEST_PG=postgresql://user@host:5432/db: this runs on PostgreSQL")
    return url


def run_sql(statement: str) -> None:
    admin = bootstrap(Settings(database_url=admin_url()))
    try:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(statement))
    finally:
        admin.close()


@contextmanager
def scratch_databases(count: int) -> Iterator[list[str]]:
    names = [f"soulbond_workers_{uuid.uuid4().hex[:10]}" for _ in range(count)]
    made: list[str] = []
    try:
        for name in names:
            run_sql(f'CREATE DATABASE "{name}"')
            made.append(name)
        yield [make_url(admin_url()).set(database=n).render_as_string(hide_password=False) for n in names]
    finally:
        for name in made:
            run_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build(url: str, items: int) -> None:
    """People in pairs, and ``items`` things all lost, the clock two days on: everything is due."""
    world = World()
    people = [PersonId(f"p{n}") for n in range(PAIRS * 2)]
    for n, person in enumerate(people):
        tz = ["Europe/London", "Asia/Tokyo", "America/New_York"][n % 3]
        world.register(Person(person, f"P{n}", "Doe", date(1980, 1, 1), Home("home", tz), 0.0), T0)
    for n in range(PAIRS):
        world.declare_bond(people[2 * n], people[2 * n + 1], T0)
    for n in range(items):
        world.add_item(Item(ItemId(f"t{n}"), f"thing {n}", (TellsAge(),)), people[n % len(people)], T0)
    for n in range(items):
        world.lose(ItemId(f"t{n}"), T0 + timedelta(milliseconds=n))
    live = bootstrap(Settings(database_url=url))
    live.upgrade()
    with live.uow() as uow:
        store_world(uow.connection, world, clock_at=T0 + timedelta(days=2))
        uow.commit()
    live.close()


def copy_database(source: str, target: str) -> None:
    """``target`` (dropped first) as an exact copy of ``source``; no one may be connected to ``source``."""
    old, new = make_url(source).database, make_url(target).database
    run_sql(f'DROP DATABASE "{new}" WITH (FORCE)')
    run_sql(f'CREATE DATABASE "{new}" TEMPLATE "{old}"')


def deliver_with(url: str, workers: int, batch: int) -> tuple[float, list[int]]:
    """Seconds for ``workers`` processes of ``soulbond worker --once`` to finish, and what each made."""
    env = {**os.environ, "SOULBOND_DATABASE_URL": url, "COLUMNS": "200", "NO_COLOR": "1"}
    command = [SOULBOND, "worker", "--once", "--batch", str(batch)]
    started = time.perf_counter()
    running = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for _ in range(workers)
    ]
    made = []
    for process in running:
        out, _ = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise SystemExit(f"a worker failed (exit {process.returncode}): {out}")
        found = re.search(r"(\d+) deliveries and severances made", out)
        made.append(int(found.group(1)) if found else -1)
    return time.perf_counter() - started, made


def audit(url: str, items: int, made: list[int]) -> dict[str, int]:
    """What the database shows after the workers: made once each, none left, none doubled, none lost."""
    live = bootstrap(Settings(database_url=url))
    try:
        with live.uow() as uow:
            c = uow.connection
            states = Counter(c.execute(select(tables.deliveries.c.state)).scalars())
            arrivals = Counter(
                c.execute(select(tables.ledger.c.delivery).where(tables.ledger.c.kind == "arrived")).scalars()
            )
            delivered = set(
                c.execute(
                    select(tables.deliveries.c.id).where(tables.deliveries.c.state == "delivered")
                ).scalars()
            )
            people = set(c.execute(select(tables.people.c.id)).scalars())
            world = uow.world.load(Wanted(people=people, holdings=people, catch_up=False))
            problems = conservation_problems(world)
            held = c.execute(select(func.count()).select_from(tables.items)).scalar_one()
    finally:
        live.close()
    return {
        "delivered": len(delivered),
        "doubled": sum(n - 1 for n in arrivals.values()) + max(sum(made) - items, 0),
        "missing": states["pending"]
        + len(delivered - set(arrivals))
        + len(problems)
        + (items - held)
        + max(items - sum(made), 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3,000 deliveries instead of 50,000")
    parser.add_argument("--items", type=int)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    items = args.items or (3_000 if args.quick else 50_000)
    with scratch_databases(2) as (alone, together):
        started = time.perf_counter()
        build(alone, items)
        copy_database(alone, together)
        print(f"built {items:,} due deliveries twice in {time.perf_counter() - started:.1f}s", flush=True)
        one_s, one_made = deliver_with(alone, 1, args.batch)
        one = audit(alone, items, one_made)
        many_s, many_made = deliver_with(together, args.workers, args.batch)
        many = audit(together, items, many_made)
        print(
            f"one worker: {one_s:.1f}s {one}; {args.workers} workers: {many_s:.1f}s made {many_made} {many}"
        )
    print(
        f"RESULT items={items} workers={args.workers} delivered={many['delivered']} "
        f"doubled={many['doubled'] + one['doubled']} missing={many['missing'] + one['missing']} "
        f"one_s={one_s:.1f} many_s={many_s:.1f} speedup={one_s / many_s:.2f}"
    )


if __name__ == "__main__":
    main()
