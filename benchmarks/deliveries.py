"""Losses then deliveries per second through the use cases, against bare driver calls.

    python benchmarks/deliveries.py [--quick]

Both halves run in the same process on fresh databases holding the same world:
the use cases (one transaction per loss, deliveries claimed in batches by the
worker's use case) and a bare-driver script doing the reads and writes a loss
and a delivery need, in the same transaction pattern. SQLite always;
PostgreSQL when SOULBOND_TEST_PG is set (required: it fails if unreachable).
Last line: RESULT sqlite_ratio=... postgres_ratio=... sqlite_per_s=... postgres_per_s=...
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, text

from soulbond.adapters.codec import dump_facts
from soulbond.adapters.store import store_world
from soulbond.bootstrap import Live, bootstrap
from soulbond.core import Home, Item, ItemId, Person, PersonId, World, next_wake
from soulbond.core.items import AliveAround, TellsAge, disclose
from soulbond.service import deliveries, possessions
from soulbond.settings import Settings

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)
BATCH = 50


def seed(live: Live, pairs: int, items: int) -> None:
    world = World()
    for n in range(pairs * 2):
        world.register(
            Person(PersonId(f"p{n}"), f"P{n}", "Doe", date(1980, 1, 1), Home("home", "Asia/Tokyo")), T0
        )
    for n in range(pairs):
        world.declare_bond(PersonId(f"p{2 * n}"), PersonId(f"p{2 * n + 1}"), T0)
    for n in range(items):
        world.add_item(
            Item(ItemId(f"i{n}"), f"thing {n}", (TellsAge(),)), PersonId(f"p{n % (pairs * 2)}"), T0
        )
    live.upgrade()
    with live.uow() as uow:
        store_world(uow.connection, world, clock_at=T0)
        uow.commit()


def through_use_cases(live: Live, items: int, pairs: int) -> float:
    started = time.perf_counter()
    for n in range(items):
        possessions.report_loss(possessions.ReportLoss(f"p{n % (pairs * 2)}", f"i{n}"), live.uow())
    with live.uow() as uow:
        uow.advance_clock(timedelta(days=2))
        uow.commit()
    while deliveries.deliver_due(live.uow(), BATCH):
        pass
    return 2 * items / (time.perf_counter() - started)


def bare_loss(c: Connection, person: str, item: str, at: datetime) -> None:
    place = c.execute(
        text('SELECT "where", person, version, disclosures FROM items WHERE id = :i'), {"i": item}
    ).one()
    assert place[0] == "held" and place[1] == person
    loser = c.execute(text("SELECT born, home_tz, died FROM people WHERE id = :p"), {"p": person}).one()
    partner = c.execute(
        text(
            "SELECT b.state, m2.person FROM bond_members m JOIN bonds b ON b.id = m.bond "
            "JOIN bond_members m2 ON m2.bond = m.bond AND m2.person <> m.person WHERE m.person = :p"
        ),
        {"p": person},
    ).one()
    home = c.execute(
        text("SELECT home_place, home_tz, home_wakes FROM people WHERE id = :p"), {"p": partner[1]}
    ).one()
    c.execute(
        text("SELECT id FROM cases WHERE (first = :p OR second = :p) AND state = 'filed'"), {"p": person}
    ).all()
    c.execute(
        text("SELECT id, due FROM deliveries WHERE recipient = :p AND state = 'pending'"), {"p": person}
    ).all()
    due = next_wake(Home(home[0], home[1]), at)
    facts = dump_facts(list(disclose((TellsAge(),), _stub(person, loser[0]), at)))
    c.execute(
        text(
            "INSERT INTO deliveries (item, loser, recipient, lost_at, due, facts, state) "
            "VALUES (:i, :l, :r, :at, :due, :f, 'pending')"
        ),
        {"i": item, "l": person, "r": partner[1], "at": _m(c, at), "due": _m(c, due), "f": facts},
    )
    c.execute(
        text(
            "UPDATE items SET \"where\" = 'in transit', person = :r, how = '', version = version + 1 "
            "WHERE id = :i AND version = :v"
        ),
        {"r": partner[1], "i": item, "v": place[2]},
    )
    c.execute(
        text(
            "INSERT INTO ledger (at, kind, actor, item, due, text, facts) VALUES (:at, 'lost', :p, :i, :due, '', :f)"
        ),
        {"at": _m(c, at), "p": person, "i": item, "due": _m(c, due), "f": facts},
    )


def _stub(person: str, born: object) -> Person:
    day = born if isinstance(born, date) else date.fromisoformat(str(born))
    return Person(PersonId(person), "", "", day, Home("home", "Asia/Tokyo"))


def _m(c: Connection, at: datetime) -> object:
    return at.replace(tzinfo=None) if c.dialect.name == "sqlite" else at


def bare_deliver_batch(c: Connection, now: datetime) -> int:
    rows = c.execute(
        text(
            "SELECT id, item, loser, recipient, due, facts FROM deliveries WHERE state = 'pending' AND due <= :now "
            "ORDER BY due, id LIMIT :n"
            + (" FOR UPDATE SKIP LOCKED" if c.dialect.name == "postgresql" else "")
        ),
        {"now": _m(c, now), "n": BATCH},
    ).all()
    for delivery_id, item, loser, recipient, due, facts in rows:
        c.execute(
            text("SELECT id, home_tz, died FROM people WHERE id IN (:a, :b)"), {"a": loser, "b": recipient}
        ).all()
        c.execute(text("SELECT version FROM items WHERE id = :i"), {"i": item}).one()
        due_at = due if isinstance(due, datetime) else datetime.fromisoformat(str(due))
        told = json.loads(facts) + json.loads(dump_facts([AliveAround(due_at.replace(tzinfo=UTC))]))
        done = c.execute(
            text("UPDATE deliveries SET state = 'delivered' WHERE id = :d AND state = 'pending'"),
            {"d": delivery_id},
        )
        assert done.rowcount == 1
        c.execute(
            text("UPDATE items SET \"where\" = 'on a floor', version = version + 1 WHERE id = :i"),
            {"i": item},
        )
        c.execute(
            text(
                "INSERT INTO knowledge (finder, item, arrived, facts, delivery) VALUES (:r, :i, :at, :f, :d)"
            ),
            {"r": recipient, "i": item, "at": due, "f": json.dumps(told), "d": delivery_id},
        )
        c.execute(
            text(
                "INSERT INTO ledger (at, kind, actor, other, item, text, facts, delivery) "
                "VALUES (:at, 'arrived', :r, :l, :i, '', :f, :d)"
            ),
            {"at": due, "r": recipient, "l": loser, "i": item, "f": json.dumps(told), "d": delivery_id},
        )
    return len(rows)


def through_the_driver(live: Live, items: int, pairs: int) -> float:
    started = time.perf_counter()
    for n in range(items):
        with live.engine.begin() as c:
            bare_loss(c, f"p{n % (pairs * 2)}", f"i{n}", T0)
    now = T0 + timedelta(days=2)
    while True:
        with live.engine.begin() as c:
            if not bare_deliver_batch(c, now):
                break
    return 2 * items / (time.perf_counter() - started)


def measure(make: object, items: int, pairs: int) -> tuple[float, float]:
    rates = []
    for run in (through_use_cases, through_the_driver):
        live = make()  # type: ignore[operator]
        seed(live, pairs, items)
        rates.append(run(live, items, pairs))
        live.close()
    return rates[0], rates[1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="500 items instead of 3,000 (under a minute)")
    args = parser.parse_args()
    items, pairs = (500, 50) if args.quick else (3_000, 200)
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:

        def sqlite() -> Live:
            return bootstrap(Settings(database_url=f"sqlite:///{Path(folder) / uuid.uuid4().hex}.db"))

        results["sqlite"] = measure(sqlite, items, pairs)
    pg_url = os.environ.get("SOULBOND_TEST_PG")
    if pg_url:
        schemas: list[str] = []

        def postgres() -> Live:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            schemas.append(schema)
            admin = bootstrap(Settings(database_url=pg_url))
            with admin.engine.begin() as c:
                c.execute(text(f'CREATE SCHEMA "{schema}"'))
            admin.close()
            return bootstrap(Settings(database_url=pg_url), schema=schema)

        try:
            results["postgres"] = measure(postgres, items, pairs)
        finally:
            admin = bootstrap(Settings(database_url=pg_url))
            with admin.engine.begin() as c:
                for schema in schemas:
                    c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.close()
    fields = []
    for name, (ours, bare) in results.items():
        print(f"{name}: use cases {ours:.0f}/s, bare driver {bare:.0f}/s, ratio {ours / bare:.2f}")
    for name in ("sqlite", "postgres"):
        ours, bare = results.get(name, (float("nan"), float("nan")))
        fields.append(f"{name}_ratio={ours / bare:.2f}")
    for name in ("sqlite", "postgres"):
        fields.append(f"{name}_per_s={results.get(name, (float('nan'), 0))[0]:.0f}")
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    main()
