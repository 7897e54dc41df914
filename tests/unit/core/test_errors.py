"""Every refusal is a specific SoulbondError, and a refused action changes nothing."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

import pytest

from soulbond.core import CaseId, Home, ItemId, PersonId, SoulbondError, World, errors
from soulbond.core.errors import (
    BondRuleBroken,
    CannotReturn,
    ConflictOfInterest,
    ConservationBroken,
    HandleTaken,
    InvalidInput,
    ItemNotThere,
    NotACaseworker,
    NotAlive,
    NotInContact,
    NotPermitted,
    ReasonsRequired,
    TimeSkipped,
    TimeWentBackwards,
    UnknownCase,
    UnknownItem,
    UnknownPerson,
    UnknownTimeZone,
    WrongCaseState,
)
from tests.unit.core.factories import T0, days, give_item, hours, lose_and_deliver, make_pair, make_person

KAKASHI, IRUKA, GAI, SHIZUNE, DIRECTOR = (
    PersonId(p) for p in ("kakashi", "iruka", "gai", "shizune", "tsunade")
)
FOLDER, ROCK = ItemId("folder"), ItemId("rock")
NOW = T0 + days(1) - hours(5)  # 07:00 in London the morning after T0: the folder's arrival
CASE = CaseId(1)


def scene() -> World:
    """The folder lies on Kakashi's floor, a rock is on its way to it, Iruka's case is filed, Gai is dead."""
    world, _, iruka = make_pair(director=DIRECTOR, strangers=3)
    world.register(make_person(GAI, family="Maito"), T0)
    world.register(make_person(SHIZUNE, family="Kato"), T0)
    world.apply_for_job(SHIZUNE, T0)
    world.hire(DIRECTOR, SHIZUNE, T0)
    folder = give_item(world, iruka, FOLDER)
    assert lose_and_deliver(world, folder, T0 + hours(1)) == NOW
    world.lose(give_item(world, iruka, ROCK), NOW)
    world.apply_for_severance(iruka, "reasons", NOW)
    world.die(GAI, NOW)
    return world


class Refusal(NamedTuple):
    what: str
    action: Callable[[World], object]
    expected: type[SoulbondError]
    prepare: Callable[[World], object] = lambda world: None


def _hire_kakashi(world: World) -> None:
    world.apply_for_job(KAKASHI, NOW)
    world.hire(DIRECTOR, KAKASHI, NOW)


REFUSALS = [
    Refusal("unknown person", lambda w: w.keep(PersonId("nobody"), FOLDER, NOW), UnknownPerson),
    Refusal("unknown item", lambda w: w.lose(ItemId("nothing"), NOW), UnknownItem),
    Refusal("unknown case", lambda w: w.take_case(SHIZUNE, CaseId(99), NOW), UnknownCase),
    Refusal("unknown zone", lambda w: w.move(KAKASHI, Home("Atlantis", "Atlantis/Capital"), NOW), UnknownTimeZone),
    Refusal("time going back", lambda w: w.keep(KAKASHI, FOLDER, NOW - hours(1)), TimeWentBackwards),
    Refusal("a moment without a zone", lambda w: w.keep(KAKASHI, FOLDER, NOW.replace(tzinfo=None)), TimeWentBackwards),
    Refusal("skipping a delivery", lambda w: w.keep(KAKASHI, FOLDER, NOW + days(2)), TimeSkipped),
    Refusal("registering a taken handle", lambda w: w.register(make_person("lee", handle="+44-1"), NOW), HandleTaken),
    Refusal("changing to a taken handle", lambda w: w.change_trait(SHIZUNE, "handle", frozenset({"+1-2"}), NOW), HandleTaken),
    Refusal("registering twice", lambda w: w.register(make_person(IRUKA), NOW), InvalidInput),
    Refusal("negative carefulness", lambda w: w.register(make_person("lee", carefulness=-1), NOW), InvalidInput),
    Refusal("the dead acting", lambda w: w.pick_up(GAI, FOLDER, NOW), NotAlive),
    Refusal("the dead changing", lambda w: w.change_trait(GAI, "handle", frozenset({"+1-2"}), NOW), NotAlive),
    Refusal("the unborn dying", lambda w: w.die(PersonId("lee"), NOW), NotAlive, lambda w: w.register(make_person("lee", born=date(2001, 1, 1)), NOW)),
    Refusal("keeping what is elsewhere", lambda w: w.keep(IRUKA, FOLDER, NOW), ItemNotThere),
    Refusal("losing what is in transit", lambda w: w.lose(ROCK, NOW), ItemNotThere),
    Refusal("recovering what is not binned", lambda w: w.recover(KAKASHI, FOLDER, NOW), ItemNotThere),
    Refusal("a self-bond", lambda w: w.declare_bond(GAI, GAI, NOW), BondRuleBroken),
    Refusal("a second soulmate", lambda w: w.declare_bond(KAKASHI, SHIZUNE, NOW), BondRuleBroken),
    Refusal("returning blind", lambda w: w.return_item(KAKASHI, FOLDER, NOW), CannotReturn),
    Refusal("asking the registry cold", lambda w: w.ask_if_soulmates(KAKASHI, "+1-2", NOW), NotInContact),
    Refusal("casework by a stranger", lambda w: w.take_case(KAKASHI, CASE, NOW), NotACaseworker),
    Refusal("hiring without being director", lambda w: w.hire(SHIZUNE, KAKASHI, NOW), NotPermitted),
    Refusal("a case about oneself", lambda w: w.take_case(KAKASHI, CASE, NOW), ConflictOfInterest, _hire_kakashi),
    Refusal("deciding untaken", lambda w: w.decide(SHIZUNE, CASE, True, "fine", NOW), WrongCaseState),
    Refusal("an unreasoned application", lambda w: w.apply_for_severance(IRUKA, "", NOW), ReasonsRequired, lambda w: w.withdraw(IRUKA, CASE, NOW)),
]  # fmt: skip


def snapshot(world: World) -> tuple[object, ...]:
    return (
        {item: world.where(item) for item in world.items},
        [(d.id, d.due, d.state) for d in world.deliveries],
        {case.id: case.state for case in world.foundation.cases.values()},
        {person: bond.state for person, bond in world.bonds.items()},
        sorted(world.people),
        len(world.contacts.messages),
        len(world.events),
    )


@pytest.mark.parametrize("refusal", REFUSALS, ids=[r.what for r in REFUSALS])
def test_each_refusal_is_a_specific_soulbond_error_and_changes_nothing(refusal: Refusal) -> None:
    world = scene()
    refusal.prepare(world)
    before = snapshot(world)

    with pytest.raises(SoulbondError) as raised:
        refusal.action(world)

    assert type(raised.value) is refusal.expected
    assert raised.value.public_message
    assert snapshot(world) == before


def test_every_error_the_core_defines_is_a_soulbond_error_and_listed_in_the_tree() -> None:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]
    for cls in classes:
        if cls is ConservationBroken:
            assert issubclass(cls, AssertionError)
            continue
        assert issubclass(cls, SoulbondError), cls
        assert cls.__name__ in (errors.__doc__ or ""), f"{cls.__name__} is missing from the tree"


def test_a_public_message_defaults_to_the_message() -> None:
    error = NotPermitted("only the director hires")
    assert error.public_message == error.message == str(error)
