"""Putting a whole core ``World`` into empty tables.

Used to import a replayed scenario. Its strangers (a town of them) go in by the
driver's own bulk path: ``executemany`` of plain tuples on SQLite, ``COPY`` on
PostgreSQL, skipping SQLAlchemy's per-row parameter processing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from soulbond.adapters import tables as t
from soulbond.adapters.hydrate import Baseline
from soulbond.adapters.writeback import Writer, home_row
from soulbond.core import snapshot
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, Home, PersonId, TraitValues
from soulbond.core.world import World

BATCH = 20_000
PEOPLE = (
    "id",
    "given_name",
    "family_name",
    "born",
    "home_place",
    "home_tz",
    "home_wakes",
    "carefulness",
    "stranger",
)
TRAITS = ("person", "key", "value", "born")

HomeHistory = Sequence[tuple[PersonId, datetime | None, Home]]
"""Every home each person had, from when (``None``: from the start)."""


def is_empty(connection: Connection) -> bool:
    return int(connection.execute(select(func.count()).select_from(t.people)).scalar_one()) == 0


def store_world(
    connection: Connection,
    world: World,
    *,
    clock_at: datetime | None,
    homes: HomeHistory | None = None,
    strangers: str | None = None,
    title: str = "",
) -> None:
    """Write ``world`` (people, strangers, bonds, items, deliveries, knowledge, casework, ledger).

    ``homes`` is the people's home history when the caller knows it (the rules
    keep only each person's current home); ``strangers`` the JSON of the
    distributions the strangers were drawn from, kept for `world export`.
    """
    Writer(connection, world, Baseline(), homes=homes is None).save(request_id="import", idempotency_key=None)
    if homes:
        connection.execute(insert(t.homes), [home_row(person, since, home) for person, since, home in homes])
    people_rows, trait_rows = _stranger_rows(world, sqlite=connection.dialect.name == "sqlite")
    with _indexes_dropped(connection, t.people, t.traits):
        bulk_insert(connection, "people", PEOPLE, people_rows)
        bulk_insert(connection, "traits", TRAITS, trait_rows)
    values: dict[str, Any] = {
        "director": world.foundation.director,
        "cooling_off_seconds": int(world.foundation.cooling_off.total_seconds()),
        "strangers": strangers,
        "title": title,
    }
    if clock_at is not None:
        values |= {"clock": "simulated", "simulated_now": clock_at}
    connection.execute(update(t.world).where(t.world.c.id == 1).values(**values))


@contextmanager
def _indexes_dropped(connection: Connection, *tables: Table) -> Iterator[None]:
    """Build the secondary indexes once after a bulk load rather than row by row during it."""
    indexes = [index for table in tables for index in sorted(table.indexes, key=lambda i: str(i.name))]
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)


def _stranger_rows(
    world: World, *, sqlite: bool
) -> tuple[Iterator[tuple[Any, ...]], Iterator[tuple[Any, ...]]]:
    everyone = [
        # SQLite gets what SQLAlchemy's dialect would have written: ISO dates, 0/1 booleans.
        (person, born.isoformat() if sqlite else born, held)
        for person, born, held in snapshot.strangers(world)
    ]
    stranger = 1 if sqlite else True
    people = (
        (
            person,
            _name(held, GIVEN_NAME),
            _name(held, FAMILY_NAME),
            born,
            "",
            "UTC",
            "07:00:00",
            0.0,
            stranger,
        )
        for person, born, held in everyone
    )
    traits = (
        (person, key, value, born)
        for person, born, held in everyone
        for key, values in held.items()
        for value in sorted(values)
    )
    return people, traits


def _name(held: dict[str, TraitValues], key: str) -> str:
    values = held.get(key)
    return min(values) if values else ""


def bulk_insert(
    connection: Connection, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> int:
    """Append ``rows`` to ``table`` inside the connection's transaction, by the driver's fastest path.

    Rows hold what the driver stores as is (text, numbers; on PostgreSQL also
    dates and booleans): nothing is converted on the way.
    """
    names = ", ".join(f'"{c}"' for c in columns)
    raw: Any = connection.connection.dbapi_connection
    count = 0
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    cursor = raw.cursor()
    try:
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            count += len(batch)
    finally:
        cursor.close()
    return count
