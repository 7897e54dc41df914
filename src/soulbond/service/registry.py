"""The registry's use cases: people, homes, traits, deaths and bonds."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from soulbond.core.items import ItemId
from soulbond.core.people import Home, Person, PersonId
from soulbond.core.world import World
from soulbond.service.ports import REGISTRAR, UnitOfWork, Wanted
from soulbond.service.results import Done, Paired
from soulbond.service.transaction import change


@dataclass(frozen=True)
class RegisterPerson:
    """A newcomer or a birth; ``soulmate`` records a birth into a known pair."""

    id: str
    given_name: str
    family_name: str
    born: date
    place: str
    tz: str
    wakes: time = time(7, 0)
    carefulness: float = 1.0
    traits: dict[str, frozenset[str]] = field(default_factory=dict)
    soulmate: str | None = None
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def register_person(cmd: RegisterPerson, uow: UnitOfWork) -> Done:
    handles = set(cmd.traits.get("handle", frozenset()))
    person = Person(
        PersonId(cmd.id),
        cmd.given_name,
        cmd.family_name,
        cmd.born,
        Home(cmd.place, cmd.tz, cmd.wakes),
        cmd.carefulness,
        dict(cmd.traits),
    )

    def act(world: World, at: datetime) -> Done:
        world.register(person, at)
        if cmd.soulmate is not None:
            world.declare_bond(person.id, PersonId(cmd.soulmate), at)
        return Done(f"{person.name} is registered")

    soulmate = {PersonId(cmd.soulmate)} if cmd.soulmate else set()
    return change(uow, "register_person", cmd, Wanted(people=soulmate, handles=handles), act, Done)


@dataclass(frozen=True)
class DeclareBond:
    first: str
    second: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def declare_bond(cmd: DeclareBond, uow: UnitOfWork) -> Done:
    a, b = PersonId(cmd.first), PersonId(cmd.second)

    def act(world: World, at: datetime) -> Done:
        world.declare_bond(a, b, at)
        return Done(f"the registry records {world.name_of(a)} and {world.name_of(b)} as soulmates")

    return change(uow, "declare_bond", cmd, Wanted(people={a, b}), act, Done)


@dataclass(frozen=True)
class PairByFate:
    newcomer: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def pair_by_fate(cmd: PairByFate, uow: UnitOfWork, rng: random.Random) -> Paired:
    newcomer = PersonId(cmd.newcomer)

    def act(world: World, at: datetime) -> Paired:
        world.person(newcomer)
        return Paired(newcomer, world.pair_by_fate(newcomer, rng, at))

    wanted = Wanted(people={newcomer}, unpaired=True)
    return change(uow, "pair_by_fate", cmd, wanted, act, Paired)


@dataclass(frozen=True)
class RecordDeath:
    person: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def record_death(cmd: RecordDeath, uow: UnitOfWork) -> Done:
    person = PersonId(cmd.person)

    def act(world: World, at: datetime) -> Done:
        world.die(person, at)
        return Done(f"{world.name_of(person)} died")

    wanted = Wanted(people={person}, casework=True)
    return change(uow, "record_death", cmd, wanted, act, Done)


@dataclass(frozen=True)
class Move:
    person: str
    place: str
    tz: str
    wakes: time = time(7, 0)
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def move(cmd: Move, uow: UnitOfWork) -> Done:
    person = PersonId(cmd.person)
    home = Home(cmd.place, cmd.tz, cmd.wakes)

    def act(world: World, at: datetime) -> Done:
        world.move(person, home, at)
        return Done(f"{world.name_of(person)} moved to {home.place}")

    return change(uow, "move", cmd, Wanted(people={person}), act, Done)


@dataclass(frozen=True)
class ChangeTraits:
    person: str
    traits: dict[str, frozenset[str]]
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def change_traits(cmd: ChangeTraits, uow: UnitOfWork) -> Done:
    person = PersonId(cmd.person)

    def act(world: World, at: datetime) -> Done:
        for key, values in sorted(cmd.traits.items()):
            world.change_trait(person, key, values, at)
        return Done(f"{world.name_of(person)} changed: {', '.join(sorted(cmd.traits))}")

    wanted = Wanted(people={person}, handles=set(cmd.traits.get("handle", frozenset())))
    return change(uow, "change_traits", cmd, wanted, act, Done)


@dataclass(frozen=True)
class MakeNotorious:
    person: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def make_notorious(cmd: MakeNotorious, uow: UnitOfWork) -> Done:
    person = PersonId(cmd.person)

    def act(world: World, at: datetime) -> Done:
        world.make_notorious(person, at)
        return Done(f"the {world.person(person).family_name} name is in the papers")

    return change(uow, "make_notorious", cmd, Wanted(people={person}), act, Done)


@dataclass(frozen=True)
class PlaceItem:
    """The registrar puts a thing lost for good at ``place``, where whoever lives there can pick it up."""

    item: str
    place: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def place_item(cmd: PlaceItem, uow: UnitOfWork) -> Done:
    item = ItemId(cmd.item)

    def act(world: World, at: datetime) -> Done:
        world.place_item(item, cmd.place, at)
        return Done(f"'{item}' now lies at {cmd.place.strip()}")

    return change(uow, "place_item", cmd, Wanted(items={item}), act, Done)


@dataclass(frozen=True)
class AppointDirector:
    """The registrar names the Foundation's director: a world needs one before anyone is hired."""

    person: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def appoint_director(cmd: AppointDirector, uow: UnitOfWork) -> Done:
    person = PersonId(cmd.person)

    def act(world: World, at: datetime) -> Done:
        world.appoint_director(person, at)
        return Done(f"{world.name_of(person)} directs the Foundation")

    return change(uow, "appoint_director", cmd, Wanted(people={person}, casework=True), act, Done)
