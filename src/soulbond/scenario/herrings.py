"""Red herrings: what a finder took as being about their soulmate that does not fit them.

A borrowed, inherited or kept thing tells of its maker, so a finder can be
misled; that is a story tool, not a broken law. The writer's view names which
fact misled whom.
"""

from __future__ import annotations

from datetime import datetime

from soulbond.core import World
from soulbond.core.items import AliveAround, BornBetween, Fact, HasTrait
from soulbond.core.people import Person, PersonId
from soulbond.core.telling import describe


def misleading(world: World, finder: PersonId, facts: tuple[Fact, ...], told_at: datetime) -> list[str]:
    """Each of ``facts`` that does not fit ``finder``'s soulmate, in words; empty when all do."""
    soulmate = world.soulmate_of(finder)
    if soulmate is None:
        return []
    person = world.people[soulmate]
    return [describe(fact, told_at) or "alive then" for fact in facts if not fits(person, fact)]


def fits(person: Person, fact: Fact) -> bool:
    if isinstance(fact, BornBetween):
        return fact.earliest <= person.born <= fact.latest
    if isinstance(fact, HasTrait):
        return fact.value in person.values_held_at(fact.key, fact.as_of)
    if isinstance(fact, AliveAround):
        return person.died is None or person.died > fact.alive_after
    return True
