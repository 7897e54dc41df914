"""Small factories for building worlds in tests: people, items, moments.

Every moment is explicit and time-zone aware; nothing here reads a clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from soulbond.core import Foundation, Home, Item, ItemId, Person, PersonId, World
from soulbond.core.items import Disclosure
from soulbond.core.people import HANDLE

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)
"""A Monday noon, far from any change of clocks."""


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def now(world: World) -> datetime:
    """The moment the world last changed."""
    assert world.now is not None, "nothing has happened in this world yet"
    return world.now


def make_person(
    id: str = "iruka",
    *,
    given: str | None = None,
    family: str = "Umino",
    born: date = date(1980, 5, 26),
    tz: str = "Europe/London",
    wakes: time = time(7, 0),
    place: str = "Konoha",
    handle: str | None = None,
    carefulness: float = 1.0,
    **traits: str,
) -> Person:
    """A person; extra keyword arguments become single-valued traits (``interest="rocks"``)."""
    values = {key: frozenset({value}) for key, value in traits.items()}
    if handle is not None:
        values[HANDLE] = frozenset({handle})
    return Person(
        PersonId(id),
        given if given is not None else id.capitalize(),
        family,
        born,
        Home(place, tz, wakes),
        carefulness=carefulness,
        traits=values,
    )


def make_world(
    *people: Person,
    at: datetime = T0,
    director: str | None = None,
    cooling_off: timedelta | None = None,
    strangers: int = 0,
) -> World:
    """A world with ``people`` registered at ``at``; a ``director`` is registered too.

    ``strangers`` adds anonymous people born across the same decades, so that
    candidate counts have a crowd to narrow down.
    """
    foundation = Foundation(director=PersonId(director) if director else None)
    if cooling_off is not None:
        foundation.cooling_off = cooling_off
    world = World(foundation)
    if director is not None and all(p.id != director for p in people):
        world.register(make_person(director, family="Senju", born=date(1940, 1, 1)), at)
    for person in people:
        world.register(person, at)
    for n in range(strangers):
        world.add_stranger(PersonId(f"stranger-{n}"), date(1970, 1, 1) + timedelta(days=97 * n), {})
    return world


def make_pair(
    a: Person | None = None,
    b: Person | None = None,
    *,
    at: datetime = T0,
    director: str | None = None,
    cooling_off: timedelta | None = None,
    strangers: int = 0,
) -> tuple[World, PersonId, PersonId]:
    """Two soulmates in one world: Kakashi in London and Iruka in New York by default."""
    a = a or make_person("kakashi", family="Hatake", born=date(1976, 9, 15), handle="+44-1")
    b = b or make_person("iruka", tz="America/New_York", handle="+1-2")
    world = make_world(a, b, at=at, director=director, cooling_off=cooling_off, strangers=strangers)
    world.declare_bond(a.id, b.id, at)
    return world, a.id, b.id


def make_item(id: str, *tells: Disclosure, description: str | None = None) -> Item:
    return Item(ItemId(id), description or id.replace("-", " "), tuple(tells))


def give_item(
    world: World, owner: PersonId, id: str, *tells: Disclosure, at: datetime | None = None
) -> ItemId:
    """Add an item to ``owner``'s keeping at the world's current moment."""
    moment = at or world.now or T0
    return world.add_item(make_item(id, *tells), owner, moment).id


def lose_and_deliver(world: World, item: ItemId, at: datetime | None = None) -> datetime:
    """Lose ``item`` and let the world run until it arrives; returns when it did."""
    moment = at or world.now or T0
    delivery = world.lose(item, moment)
    assert delivery is not None, f"{item} did not travel"
    world.advance(delivery.due)
    return delivery.due
