"""Where a person lives, told to that person: their own place and time zone, for showing times as theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.transaction import look
from soulbond.service.views import ForPerson


@dataclass(frozen=True)
class MyHome:
    place: str
    tz: str
    wakes: str


def my_home(query: ForPerson, uow: UnitOfWork) -> MyHome:
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> MyHome:
        home = world.person(person).home
        return MyHome(home.place, home.tz, home.wakes.strftime("%H:%M"))

    return look(uow, Wanted(people={person}, catch_up=False), see, asker=query.person)
