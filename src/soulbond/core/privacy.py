"""Everything the system tells one person, and the invariant that it never names a soulmate.

``what_is_told`` is the single place that decides what a person may see; any
screen, page or API answer about a person should be built from it. Messages
show the sender's handle (an ordinary means of contact), never who the sender
is; a notice of a severance case shows the case, never who filed it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime

from soulbond.core.bonds import BondState
from soulbond.core.contact import Confirmation
from soulbond.core.foundation import CaseId, CaseState
from soulbond.core.items import ItemId, Whereabouts
from soulbond.core.knowledge import Learnt
from soulbond.core.people import PersonId
from soulbond.core.possessions import Exposure
from soulbond.core.world import World


@dataclass(frozen=True)
class Possession:
    item: ItemId
    description: str
    how: str = ""


@dataclass(frozen=True)
class InboxMessage:
    from_handle: str
    text: str


@dataclass(frozen=True)
class RegistryAnswer:
    other_handle: str
    answer: Confirmation


@dataclass(frozen=True)
class OwnCase:
    case: CaseId
    state: CaseState


@dataclass(frozen=True)
class PersonView:
    """What the system tells ``person``: nothing here may name their soulmate."""

    person: PersonId
    holdings: tuple[Possession, ...]
    floor: tuple[Possession, ...]
    bin: tuple[Possession, ...]
    learnt: tuple[Learnt, ...]
    candidate_count: int
    inbox: tuple[InboxMessage, ...]
    notices: tuple[CaseId, ...]
    registry_answers: tuple[RegistryAnswer, ...]
    own_cases: tuple[OwnCase, ...]


def item_as_seen_by(world: World, person: PersonId, item: ItemId) -> str:
    """What ``person`` sees of an item: its label if it is their own, otherwise only what is on it.

    A writer's or owner's label ("a rock from Iruka's collection") may name
    whoever lost it; a finder sees the thing itself (``looks``).
    """
    found = world.items[item]
    if found.first_owner == person or not found.looks:
        return found.description
    return found.looks


def exposure_told_to(world: World, person: PersonId, item: ItemId, at: datetime) -> Exposure:
    """``World.exposure`` as ``person`` may be told it: never whether their soulmate lives.

    Only a severance, which the Foundation told them of, is said as such. A
    widowed bond is counted as the late partner's knowledge stands, and no bond
    as a soulmate who has learnt nothing: saying "nothing would travel" there
    would tell them their soulmate is dead, or that they have none.
    """
    exposure = world.exposure(person, item, at)
    bond = world.bond_of(person)
    if exposure.travels or (bond is not None and bond.state is BondState.SEVERED):
        return replace(exposure, stays="nothing would travel: your bond is severed" if exposure.stays else "")
    partner = bond.partner_of(person) if bond is not None else None
    known = world.knowledge_of(partner).facts() if partner is not None else []
    exclude = partner if partner is not None else person
    return Exposure(
        item,
        exposure.facts,
        world.census.count(known, at, exclude=exclude),
        world.census.count([*known, *exposure.facts], at, exclude=exclude),
    )


def what_is_told(world: World, person: PersonId, at: datetime) -> PersonView:
    """Everything the system tells ``person``, with their candidate count as of ``at``."""
    world.person(person)

    def things(where: Whereabouts) -> tuple[Possession, ...]:
        return tuple(
            Possession(item, item_as_seen_by(world, person, item), world.where(item).how)
            for item in sorted(world.contents(where, person))
        )

    answers: list[RegistryAnswer] = []
    for pair, askers in sorted(world.contacts.asked.items(), key=lambda entry: sorted(entry[0])):
        others = pair - {person}
        if person in askers and len(others) == 1:
            (other,) = others
            handle = world.people[other].handle
            if handle is not None:
                answers.append(RegistryAnswer(handle, world.confirmation(person, other)))
    return PersonView(
        person=person,
        holdings=things(Whereabouts.HELD),
        floor=things(Whereabouts.ON_FLOOR),
        bin=things(Whereabouts.IN_BIN),
        learnt=tuple(world.knowledge_of(person).learnt),
        candidate_count=world.candidate_count(person, at),
        inbox=tuple(InboxMessage(m.sender_handle, m.text) for m in world.contacts.inbox(person)),
        notices=tuple(world.foundation.notices.get(person, [])),
        registry_answers=tuple(answers),
        own_cases=tuple(
            OwnCase(case.id, case.state)
            for case in world.foundation.cases.values()
            if person in case.applicants
        ),
    )


def privacy_problems(world: World, at: datetime) -> list[str]:
    """Every way the views of registered people break privacy at ``at``; empty when none do."""
    problems: list[str] = []
    everyone_else = len(world.census) - 1
    for person in sorted(world.people):
        view = what_is_told(world, person, at)
        soulmate = world.soulmate_of(person)
        if soulmate is not None and soulmate in set(_words(view)):
            problems.append(f"what {person} is told names their soulmate {soulmate}")
        if not view.learnt and view.candidate_count != everyone_else:
            problems.append(
                f"{person} has learnt nothing, yet is told {view.candidate_count} people fit "
                f"instead of everyone else ({everyone_else})"
            )
    return problems


def _words(value: object) -> Iterator[str]:
    """Every string anywhere inside ``value`` (dataclasses, tuples and enums included)."""
    if isinstance(value, str):
        yield str(value)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _words(getattr(value, field.name))
    elif isinstance(value, tuple | list | set | frozenset):
        for part in value:
            yield from _words(part)
