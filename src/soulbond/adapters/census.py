"""Candidate-set sizes counted by the database, with the core ``Census``'s exact meaning.

A finder's facts become one query. Each trait value held *as of the loss*
is a range of the covering index ``ix_traits_born`` (key, value, birth date,
person, interval), already narrowed to the birth dates the facts allow; the
candidates are the intersection of those ranges, counted without visiting
``people``, less the few who died before the earliest moment they could have
lost something (the partial index ``ix_people_dead``). Without any trait the
count is a range of ``ix_people_born``. A notorious family name (in the papers
by the moment of counting) narrows the pool to the people in the papers who fit,
and counts namesakes as anyone else when none of them fits, as
``Census._notorious_fitting`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime

from sqlalchemy import ColumnElement, Connection, FromClause, exists, func, intersect, or_, select

from soulbond.adapters.tables import people, traits
from soulbond.core.items import AliveAround, BornBetween, Fact, HasTrait
from soulbond.core.knowledge import AHEAD_OF_UTC, Census
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, PHOTO, PersonId

SELECTIVE = frozenset({HANDLE, PHOTO, FAMILY_NAME, GIVEN_NAME})


def count_candidates(
    connection: Connection, facts: Iterable[Fact], at: datetime, *, exclude: PersonId | None = None
) -> int:
    """How many people fit all ``facts`` at ``at``, never who they are."""
    facts = list(facts)
    for famous in _notorious_pools(connection, [f for f in facts if isinstance(f, HasTrait)], at):
        fitting = _count(connection, facts, exclude, famous)
        if fitting:
            return fitting
    return _count(connection, facts, exclude, None)


def _count(
    connection: Connection, facts: list[Fact], exclude: PersonId | None, famous: list[str] | None
) -> int:
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
    gone_before = max(a.alive_after for a in alive) if alive else None
    if not has:
        conditions: list[ColumnElement[bool]] = _born_within(people.c.born, earliest, latest)
        if gone_before is not None:
            conditions.append(or_(people.c.died.is_(None), people.c.died > gone_before))
        if exclude is not None:
            conditions.append(people.c.id != exclude)
        if famous is not None:
            conditions.append(people.c.id.in_(famous))
        query = select(func.count()).select_from(people).where(*conditions)
        return int(connection.execute(query).scalar_one())
    # The people who held every value as of its loss, born in range: an intersection
    # of index ranges (key, value, birth date) that never touches the people table.
    # A name, a handle or a photo leaves one or two holders: drive from it and check
    # the rest per holder instead of scanning every other value's range.
    has.sort(key=lambda f: f.key not in SELECTIVE)
    holders = []
    for fact in has:
        holder = select(traits.c.person).where(
            traits.c.key == fact.key,
            traits.c.value == fact.value,
            *_held_at(traits, fact),
            *_born_within(traits.c.born, earliest, latest),
        )
        if exclude is not None:
            holder = holder.where(traits.c.person != exclude)
        if famous is not None:
            holder = holder.where(traits.c.person.in_(famous))
        holders.append(holder)
    if has[0].key in SELECTIVE:
        others = traits.alias("other")
        driven = holders[0].where(
            *(
                exists().where(
                    others.c.key == fact.key,
                    others.c.value == fact.value,
                    others.c.person == traits.c.person,
                    *_held_at(others, fact),
                )
                for fact in has[1:]
            )
        )
        fitting = driven.distinct().cte("fitting")
    elif len(holders) > 1:
        fitting = intersect(*holders).cte("fitting")
    else:
        fitting = holders[0].distinct().cte("fitting")
    count: ColumnElement[int] = select(func.count()).select_from(fitting).scalar_subquery()
    if gone_before is not None:
        # Less those who died too early to have lost anything: few, found on a partial index.
        dead = select(people.c.id).where(
            people.c.died.is_not(None),
            people.c.died <= gone_before,
            *_born_within(people.c.born, earliest, latest),
        )
        count = count - (
            select(func.count()).select_from(fitting).where(fitting.c.person.in_(dead)).scalar_subquery()
        )
    return int(connection.execute(select(count)).scalar_one())


def _born_within(
    born: ColumnElement[date], earliest: date | None, latest: date | None
) -> list[ColumnElement[bool]]:
    bounds = []
    if earliest is not None:
        bounds.append(born >= earliest)
    if latest is not None:
        bounds.append(born <= latest)
    return bounds


def _held_at(rows: FromClause, fact: HasTrait) -> list[ColumnElement[bool]]:
    """The value was held at ``as_of``: intervals are closed, so a change at that moment counts both sides."""
    return [
        or_(rows.c.since.is_(None), rows.c.since <= fact.as_of),
        or_(rows.c.until.is_(None), rows.c.until >= fact.as_of),
    ]


def _notorious_pools(connection: Connection, has: list[HasTrait], at: datetime) -> Iterator[list[str]]:
    """For each family name told, in order, the people of that name in the papers by ``at``."""
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
            yield famous


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
