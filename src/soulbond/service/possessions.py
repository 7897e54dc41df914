"""Possessions: having, giving, losing, and what finders do with what they find."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.errors import ItemNotThere
from soulbond.core.items import Disclosure, Item, ItemId
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.results import Done, Emptied, LossReported, Returned
from soulbond.service.transaction import change


@dataclass(frozen=True)
class AddPossession:
    item: str
    possessor: str
    description: str
    tells: tuple[Disclosure, ...] = ()
    idempotency_key: str | None = None
    looks: str = ""
    """What a finder would see of it; without it, a finder sees ``description`` with names withheld."""

    @property
    def actor(self) -> str:
        return self.possessor


def add_possession(cmd: AddPossession, uow: UnitOfWork) -> Done:
    possessor = PersonId(cmd.possessor)

    def act(world: World, at: datetime) -> Done:
        # Registered now, so made now: what is on it shows its owner as they are today.
        item = Item(ItemId(cmd.item), cmd.description, cmd.tells, made=at, looks=cmd.looks)
        world.add_item(item, possessor, at)
        return Done(f"{world.name_of(possessor)} has {cmd.description}")

    wanted = Wanted(people={possessor}, items={ItemId(cmd.item)}, everyday=True)
    return change(uow, "add_possession", cmd, wanted, act, Done)


@dataclass(frozen=True)
class Give:
    item: str
    giver: str
    receiver: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.giver


def give(cmd: Give, uow: UnitOfWork) -> Done:
    item, giver, receiver = ItemId(cmd.item), PersonId(cmd.giver), PersonId(cmd.receiver)

    def act(world: World, at: datetime) -> Done:
        world.give(item, giver, receiver, at)
        return Done(f"{world.name_of(giver)} gave '{item}' to {world.name_of(receiver)}")

    wanted = Wanted(people={giver, receiver}, items={item})
    return change(uow, "give", cmd, wanted, act, Done)


@dataclass(frozen=True)
class ReportLoss:
    person: str
    item: str
    how: str = ""
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.person


def report_loss(cmd: ReportLoss, uow: UnitOfWork) -> LossReported:
    person, item = PersonId(cmd.person), ItemId(cmd.item)

    def act(world: World, at: datetime) -> LossReported:
        world.person(person)
        if world.holder_of(item) != person:
            raise ItemNotThere(
                f"{world.name_of(person)} does not have '{item}', so cannot lose it",
                public_message=f"'{item}' is not with you",
            )
        world.lose(item, at, how=cmd.how)
        return LossReported(item)

    wanted = Wanted(people={person}, items={item}, everyday=True)
    return change(uow, "report_loss", cmd, wanted, act, LossReported)


@dataclass(frozen=True)
class FinderAct:
    """Keep (optionally tucked away ``where``), discard, recover, pick up or return one item."""

    person: str
    item: str
    where: str = ""
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.person


def _finder_change(cmd: FinderAct, uow: UnitOfWork, name: str, do: str) -> Done:
    person, item = PersonId(cmd.person), ItemId(cmd.item)

    def act(world: World, at: datetime) -> Done:
        match do:
            case "keep":
                world.keep(person, item, at, where=cmd.where)
            case "discard":
                world.discard(person, item, at)
            case "recover":
                world.recover(person, item, at)
            case _:
                world.pick_up(person, item, at)
        return Done(f"{world.name_of(person)}: {do} '{item}'")

    return change(uow, name, cmd, Wanted(people={person}, items={item}, everyday=True), act, Done)


def keep(cmd: FinderAct, uow: UnitOfWork) -> Done:
    return _finder_change(cmd, uow, "keep", "keep")


def discard(cmd: FinderAct, uow: UnitOfWork) -> Done:
    return _finder_change(cmd, uow, "discard", "discard")


def recover(cmd: FinderAct, uow: UnitOfWork) -> Done:
    return _finder_change(cmd, uow, "recover", "recover")


def pick_up(cmd: FinderAct, uow: UnitOfWork) -> Done:
    return _finder_change(cmd, uow, "pick_up", "pick up")


def return_item(cmd: FinderAct, uow: UnitOfWork) -> Returned:
    finder, item = PersonId(cmd.person), ItemId(cmd.item)

    def act(world: World, at: datetime) -> Returned:
        world.return_item(finder, item, at)
        return Returned(item)

    wanted = Wanted(people={finder}, items={item}, knowledge=True, contacts=True)
    return change(uow, "return_item", cmd, wanted, act, Returned)


@dataclass(frozen=True)
class EmptyBin:
    person: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.person


def empty_bin(cmd: EmptyBin, uow: UnitOfWork) -> Emptied:
    person = PersonId(cmd.person)

    def act(world: World, at: datetime) -> Emptied:
        return Emptied([str(i) for i in world.empty_bin(person, at)])

    wanted = Wanted(people={person}, holdings={person})
    return change(uow, "empty_bin", cmd, wanted, act, Emptied)
