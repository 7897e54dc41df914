"""Looking into a store from a test, the same way on every backend.

The use cases never read a store like this: tests do, to check what was
written. Each backend answers from its own tables (SQL rows, or the in-memory
store's rows) in the same plain shapes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from soulbond.adapters import tables
from soulbond.adapters.memory import MemoryLive
from soulbond.bootstrap import Live
from soulbond.core.foundation import CaseId
from soulbond.core.people import PersonId

AnyLive = Live | MemoryLive
"""A live world on any backend: a database, or memory."""


def dump(live: AnyLive) -> dict[str, list[Any]]:
    """Every row of every table, for before/after comparisons."""
    if isinstance(live, MemoryLive):
        stored = live.store.tables
        return {
            name: sorted(map(repr, value.items() if isinstance(value, dict) else value))
            if isinstance(value, (dict, list, set))
            else [repr(value)]
            for name, value in vars(stored).items()
        }
    with live.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in tables.metadata.sorted_tables
        }


def place_of(live: AnyLive, item: str) -> tuple[str, str, str]:
    if isinstance(live, MemoryLive):
        place = live.store.tables.items[item].value[1]
        return (place.where.value, place.person, place.how)
    with live.engine.connect() as connection:
        row = connection.execute(
            select(tables.items.c.where, tables.items.c.person, tables.items.c.how).where(
                tables.items.c.id == item
            )
        ).one()
        return (row.where, row.person, row.how)


def ledger(live: AnyLive) -> list[tuple[str, str]]:
    """Each recorded event's kind and text, in the order they were recorded."""
    if isinstance(live, MemoryLive):
        return [(e.kind.value, e.text) for e in live.store.tables.ledger]
    with live.engine.connect() as connection:
        query = select(tables.ledger.c.kind, tables.ledger.c.text).order_by(tables.ledger.c.id)
        return [(row.kind, row.text) for row in connection.execute(query)]


def trips(live: AnyLive) -> list[tuple[int, datetime, str]]:
    """Every delivery's number, due moment and state, by number."""
    if isinstance(live, MemoryLive):
        found = [r.value for r in live.store.tables.deliveries.values()]
        return sorted((d.id, d.due, d.state.value) for d in found)
    with live.engine.connect() as connection:
        d = tables.deliveries.c
        return [
            (r.id, r.due, r.state) for r in connection.execute(select(d.id, d.due, d.state).order_by(d.id))
        ]


def messages_delivered(live: AnyLive) -> list[bool]:
    if isinstance(live, MemoryLive):
        return [m.delivered for m in live.store.tables.messages]
    with live.engine.connect() as connection:
        query = select(tables.messages.c.delivered).order_by(tables.messages.c.id)
        return list(connection.execute(query).scalars())


def blocks(live: AnyLive) -> list[tuple[str, str]]:
    if isinstance(live, MemoryLive):
        return sorted(live.store.tables.blocks)
    with live.engine.connect() as connection:
        return sorted((r.person, r.handle) for r in connection.execute(select(tables.blocks)))


def bond_states(live: AnyLive) -> list[str]:
    if isinstance(live, MemoryLive):
        return sorted(r.value.state.value for r in live.store.tables.bonds.values())
    with live.engine.connect() as connection:
        return sorted(connection.execute(select(tables.bonds.c.state)).scalars())


def file_openings(live: AnyLive) -> int:
    if isinstance(live, MemoryLive):
        return len(live.store.tables.openings)
    with live.engine.connect() as connection:
        return len(connection.execute(select(tables.file_openings)).all())


def noticed(live: AnyLive) -> list[str]:
    """Everyone the Foundation sent a notice, once per notice."""
    if isinstance(live, MemoryLive):
        return sorted(person for person, _ in live.store.tables.notices)
    with live.engine.connect() as connection:
        return sorted(connection.execute(select(tables.notices.c.person)).scalars())


def set_director(live: AnyLive, person: str) -> None:
    """The Foundation's director, as an imported story would name them."""
    if isinstance(live, MemoryLive):
        live.store.tables.world = replace(live.store.tables.world, director=PersonId(person))
        return
    with live.engine.begin() as connection:
        connection.execute(update(tables.world).where(tables.world.c.id == 1).values(director=person))


def case_state(live: AnyLive, case: int) -> str:
    if isinstance(live, MemoryLive):
        return live.store.tables.cases[CaseId(case)].value.state.value
    with live.engine.connect() as connection:
        return str(
            connection.execute(select(tables.cases.c.state).where(tables.cases.c.id == case)).scalar_one()
        )


def case_events(live: AnyLive, case: int) -> list[str]:
    """The kinds of event the ledger holds about one case, in order."""
    if isinstance(live, MemoryLive):
        return [e.kind.value for e in live.store.tables.ledger if e.case == case]
    with live.engine.connect() as connection:
        query = select(tables.ledger.c.kind).where(tables.ledger.c.case == case).order_by(tables.ledger.c.id)
        return list(connection.execute(query).scalars())
