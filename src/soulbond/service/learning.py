"""What a finder learnt, arrival by arrival, and what they kept of it.

``knowledge_over_time``: each thing that told the finder something, what it
told, and how many people still fitted everything learnt up to it (so a page
can draw the count shrinking); never who. ``collection``: what the finder
keeps of what arrived on their floor, newest first, with when it arrived and
where it is kept. Both are told to the person they are for, so they pass the
privacy gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.items import Fact, ItemId, Whereabouts
from soulbond.core.people import PersonId
from soulbond.core.privacy import item_as_seen_by
from soulbond.core.telling import describe_all, summarize
from soulbond.core.world import World
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.transaction import look
from soulbond.service.views import ForPerson


@dataclass(frozen=True)
class Arrival:
    """One thing that told the finder something, and the count of people who fitted after it."""

    item: str
    seen_as: str
    arrived: str
    told: list[str]
    candidates: int | None
    """None for an arrival the curve skips (see ``CURVE_POINTS``)."""


@dataclass(frozen=True)
class KnownOverTime:
    arrivals: list[Arrival]
    """Oldest first."""
    facts: list[str]
    """Everything learnt, summed up."""
    candidates: int
    identified: bool


@dataclass(frozen=True)
class ToldBy:
    items: list[str]


@dataclass(frozen=True)
class Kept:
    item: str
    seen_as: str
    arrived: str
    kept_where: str


@dataclass(frozen=True)
class Collection:
    kept: list[Kept]
    """Newest arrival first."""


CURVE_POINTS = 24
"""At most this many counts per answer: each is a census query, so a finder of hundreds of things gets the
count after evenly spaced arrivals (the first and the last always among them), not after every one."""


def counted_at(arrivals: int, points: int = CURVE_POINTS) -> set[int]:
    """Which arrivals (by index) get a count: all of them, or ``points`` spread evenly, ends included."""
    if arrivals <= points:
        return set(range(arrivals))
    return {round(n * (arrivals - 1) / (points - 1)) for n in range(points)}


def knowledge_over_time(query: ForPerson, uow: UnitOfWork) -> KnownOverTime:
    person = PersonId(query.person)

    def told_by(world: World, at: datetime) -> ToldBy:
        return ToldBy([entry.item for entry in world.knowledge_of(person).learnt])

    # What told them is read first, so that things they no longer have (returned, lost again) are loaded
    # too, and each shows as its finder saw it.
    told = look(uow, Wanted(people={person}, knowledge=True, catch_up=False), told_by, asker=query.person)
    items = {ItemId(item) for item in told.items}

    def see(world: World, at: datetime) -> KnownOverTime:
        learnt = world.knowledge_of(person).learnt
        counted = counted_at(len(learnt))
        so_far: list[Fact] = []
        arrivals = []
        for n, entry in enumerate(learnt):
            so_far.extend(entry.facts)
            # The count as it stood when the thing arrived: people born since did not fit then.
            count = world.census.count(tuple(so_far), entry.arrived, exclude=person) if n in counted else None
            seen = item_as_seen_by(world, person, entry.item) if entry.item in world.items else "something"
            told = describe_all(entry.facts, entry.arrived)
            arrivals.append(Arrival(entry.item, seen, entry.arrived.isoformat(), told, count))
        facts = tuple(world.knowledge_of(person).facts())
        count = world.candidate_count(person, at)
        return KnownOverTime(arrivals, summarize(facts, at), count, bool(facts) and count == 1)

    wanted = Wanted(people={person}, items=items, knowledge=True)
    return look(uow, wanted, see, asker=query.person)


def collection(query: ForPerson, uow: UnitOfWork) -> Collection:
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Collection:
        world.person(person)
        kept = []
        for item in world.contents(Whereabouts.HELD, person):
            arrival = world.last_delivery(item)
            if arrival is None or arrival.recipient != person:
                continue
            seen = item_as_seen_by(world, person, item)
            kept.append(Kept(item, seen, arrival.due.isoformat(), world.where(item).how))
        kept.sort(key=lambda k: (k.arrived, k.item), reverse=True)
        return Collection(kept)

    return look(uow, Wanted(people={person}, holdings={person}), see, asker=query.person)
