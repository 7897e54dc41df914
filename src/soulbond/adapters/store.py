"""Putting a whole core ``World`` into empty tables, and reading one back out.

Used to import a replayed scenario; its strangers go in by the batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Connection, func, insert, select, update

from soulbond.adapters import tables as t
from soulbond.adapters.hydrate import Baseline
from soulbond.adapters.writeback import Writer
from soulbond.core import snapshot
from soulbond.core.world import World

BATCH = 5_000
T = TypeVar("T")


def is_empty(connection: Connection) -> bool:
    return int(connection.execute(select(func.count()).select_from(t.people)).scalar_one()) == 0


def store_world(connection: Connection, world: World, *, clock_at: datetime | None) -> None:
    """Write ``world`` (people, strangers, bonds, items, deliveries, knowledge, casework, ledger)."""
    Writer(connection, world, Baseline()).save(request_id="import", idempotency_key=None)
    for rows in _batches(_stranger_rows(world)):
        connection.execute(insert(t.people), [person for person, _ in rows])
        traits = [trait for _, person_traits in rows for trait in person_traits]
        if traits:
            connection.execute(insert(t.traits), traits)
    values: dict[str, Any] = {
        "director": world.foundation.director,
        "cooling_off_seconds": int(world.foundation.cooling_off.total_seconds()),
    }
    if clock_at is not None:
        values |= {"clock": "simulated", "simulated_now": clock_at}
    connection.execute(update(t.world).where(t.world.c.id == 1).values(**values))


def _stranger_rows(world: World) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    for person, born, traits in snapshot.strangers(world):
        row = {
            "id": person,
            "given_name": "",
            "family_name": "",
            "born": born,
            "home_place": "",
            "home_tz": "UTC",
            "home_wakes": "07:00:00",
            "carefulness": 0.0,
            "died": None,
            "notorious_since": None,
            "stranger": True,
        }
        trait_rows = [
            {"person": person, "key": key, "value": value, "since": None, "until": None, "born": born}
            for key, values in traits.items()
            for value in sorted(values)
        ]
        yield row, trait_rows


def _batches(rows: Iterator[T]) -> Iterator[list[T]]:
    while batch := list(islice(rows, BATCH)):
        yield batch
