"""A caseworker's queue: the cases they hold, and how many wait for anyone to take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.errors import NotACaseworker
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service import limits
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.transaction import look


@dataclass(frozen=True)
class QueuedCase:
    """What a queue shows of a case: opening its file (which is recorded) shows the rest."""

    case: int
    state: str
    filed: str
    joint: bool
    statement: bool


@dataclass(frozen=True)
class Queue:
    mine: list[QueuedCase]
    waiting: dict[str, int]
    """Open cases no one has taken yet, by state ('filed', 'appealed')."""


@dataclass(frozen=True)
class ForCaseworker:
    caseworker: str


def queue(query: ForCaseworker, uow: UnitOfWork) -> Queue:
    """Only the Foundation's caseworkers (and its director) have a queue."""
    limits.check(query)
    worker = PersonId(query.caseworker)
    with uow:
        mine = uow.archive.queue_of(worker)
        waiting = uow.archive.untaken_cases()

    def see(world: World, at: datetime) -> Queue:
        person = world.person(worker)
        foundation = world.foundation
        if worker not in foundation.caseworkers and worker != foundation.director:
            raise NotACaseworker(f"{person.name} is not one of the Foundation's caseworkers")
        cases = [world.case(case) for case in mine]
        return Queue(
            [
                QueuedCase(c.id, str(c.state), c.filed_at.isoformat(), c.joint, c.statement is not None)
                for c in cases
            ],
            waiting,
        )

    return look(uow, Wanted(people={worker}, cases=set(mine), casework=True), see, asker=query.caseworker)
