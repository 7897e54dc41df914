"""Candidate-set sizes counted by the database, with the core ``Census``'s exact meaning.

A finder's facts become one ``COUNT(*)`` over ``people``: birth dates bound by
an index range, each trait value held *as of the loss* an ``EXISTS`` on the
trait-interval index, alive-around bounds on birth and death, and a notorious
family name (in the papers by the moment of counting) narrowing the pool to
the people in the papers, as ``Census._notorious_pool`` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, exists, func, or_, select

from soulbond.adapters.tables import people, traits
from soulbond.core.items import LONGEST_TRANSIT, AliveAround, BornBetween, Fact, HasTrait
from soulbond.core.knowledge import AHEAD_OF_UTC, Census
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, PHOTO, PersonId

SELECTIVE = frozenset({HANDLE, PHOTO, FAMILY_NAME, GIVEN_NAME})


def count_candidates(
    connection: Connection, facts: Iterable[Fact], at: datetime, *, exclude: PersonId | None = None
) -> int:
    """How many people fit all ``facts`` at ``at``, never who they are."""
    facts = list(facts)
    has = [f for f in facts if isinstance(f, HasTrait)]
    births = [f for f in facts if isinstance(f, BornBetween)]
    alive = [f for f in facts if isinstance(f, AliveAround)]
    earliest = max((b.earliest for b in births), default=None)
    latest = min((b.latest for b in births), default=None)
    if alive:
        born_by = min((a.arrived + AHEAD_OF_UTC).date() for a in alive)
        latest = born_by if latest is None else min(latest, born_by)
    if earliest is not None and latest is not None and earliest > latest:
        return 0
    conditions: list[ColumnElement[bool]] = []
    if earliest is not None:
        conditions.append(people.c.born >= earliest)
    if latest is not None:
        conditions.append(people.c.born <= latest)
    if alive:
        gone_before = max(a.arrived for a in alive) - LONGEST_TRANSIT
        conditions.append(or_(people.c.died.is_(None), people.c.died > gone_before))
    if exclude is not None:
        conditions.append(people.c.id != exclude)
    famous = _notorious_pool(connection, has, at)
    if famous is not None:
        conditions.append(people.c.id.in_(famous))
    if has:
        # Drive the count from one trait's holders born in range (one index range),
        # the most telling first; the other traits are checked per candidate.
        driver = min(has, key=lambda f: (f.key not in SELECTIVE, has.index(f)))
        holders = select(traits.c.person).where(
            traits.c.key == driver.key, traits.c.value == driver.value, *_held_at(driver)
        )
        if earliest is not None:
            holders = holders.where(traits.c.born >= earliest)
        if latest is not None:
            holders = holders.where(traits.c.born <= latest)
        conditions.append(people.c.id.in_(holders))
        conditions.extend(_holds(fact) for fact in has if fact is not driver)
    query = select(func.count()).select_from(people).where(*conditions)
    return int(connection.execute(query).scalar_one())


def _held_at(fact: HasTrait) -> list[ColumnElement[bool]]:
    """The value was held at ``as_of``: intervals are closed, so a change at that moment counts both sides."""
    return [
        or_(traits.c.since.is_(None), traits.c.since <= fact.as_of),
        or_(traits.c.until.is_(None), traits.c.until >= fact.as_of),
    ]


def _holds(fact: HasTrait) -> ColumnElement[bool]:
    return exists().where(
        traits.c.key == fact.key,
        traits.c.value == fact.value,
        traits.c.person == people.c.id,
        *_held_at(fact),
    )


def _notorious_pool(connection: Connection, has: list[HasTrait], at: datetime) -> list[str] | None:
    for fact in has:
        if fact.key != FAMILY_NAME:
            continue
        query = select(people.c.id).where(
            people.c.family_name == fact.value,
            people.c.notorious_since.is_not(None),
            people.c.notorious_since <= at,
        )
        famous = list(connection.execute(query).scalars())
        if famous:
            return famous
    return None


class SqlCensus(Census):
    """The core's census for a slice of the world, counting over the whole stored population."""

    def __init__(self, connection: Connection) -> None:
        super().__init__()
        self.connection = connection

    def __len__(self) -> int:
        return int(self.connection.execute(select(func.count()).select_from(people)).scalar_one())

    def __contains__(self, person: object) -> bool:
        if super().__contains__(person):
            return True
        found = self.connection.execute(select(people.c.id).where(people.c.id == person)).first()
        return found is not None

    def count(self, facts: Iterable[Fact], at: datetime, *, exclude: PersonId | None = None) -> int:
        return count_candidates(self.connection, facts, at, exclude=exclude)


__all__ = ["SqlCensus", "count_candidates"]
