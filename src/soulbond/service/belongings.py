"""A person's own things: what they hold, what they found and kept, their floor and their bin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.items import Whereabouts
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.transaction import look

WHERE = {
    Whereabouts.HELD: "with you",
    Whereabouts.ON_FLOOR: "on your floor",
    Whereabouts.IN_BIN: "in your bin",
}


@dataclass(frozen=True)
class Belonging:
    item: str
    description: str
    """Their own words for their own things; a found thing is described by the floor and knowledge views."""
    where: str
    found: bool
    """It came from someone else's loss."""


@dataclass(frozen=True)
class Belongings:
    items: list[Belonging]


@dataclass(frozen=True)
class OfPerson:
    person: str


def belongings(query: OfPerson, uow: UnitOfWork) -> Belongings:
    """Everything at the person's place now. What fate took without their noticing is simply not there."""
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Belongings:
        world.person(person)
        found: list[Belonging] = []
        for where, phrase in WHERE.items():
            for item in sorted(world.contents(where, person)):
                thing = world.items[item]
                how = world.where(item).how
                # Given (how "from ...") or always theirs: a found thing is neither.
                theirs = thing.first_owner == person or how.startswith("from ")
                if where is Whereabouts.HELD and how.startswith("tucked away: "):
                    phrase_here = how.removeprefix("tucked away: ")
                else:
                    phrase_here = phrase
                found.append(Belonging(item, thing.description if theirs else "", phrase_here, not theirs))
        return Belongings(found)

    return look(uow, Wanted(people={person}, holdings={person}), see)
