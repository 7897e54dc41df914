"""Restoring a slice of a world that was kept somewhere else (a database, a file).

A use case needs only the few people, items and deliveries it touches. These
functions put them back into a fresh ``World`` exactly as they were, without
replaying history and without recording events: whatever the slice then does
through the rules is the only thing its ``events`` hold.

They check what they restore against the laws a stored world must already
obey (an item in transit has exactly one pending delivery, a pending delivery
travels an active bond to a living soulmate), so a corrupt store is noticed
instead of acted on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from soulbond.core.bonds import Bond
from soulbond.core.contact import Message
from soulbond.core.errors import BondRuleBroken, InvalidInput
from soulbond.core.foundation import Case, CaseId, Caseworker
from soulbond.core.items import Item, Place, Whereabouts
from soulbond.core.knowledge import Knowledge, Learnt
from soulbond.core.people import Person, PersonId, TraitValues
from soulbond.core.state import WorldState
from soulbond.core.transference import Delivery, DeliveryState


class CaseBook(dict[CaseId, Case]):
    """A slice's cases, numbering new ones after the highest the store already has.

    The rules number a new case one past ``len(cases)``; a slice holds only some
    cases, so its length is the store's highest case number instead.
    """

    def __init__(self, highest: int) -> None:
        super().__init__()
        self.highest = highest

    def __len__(self) -> int:
        return max(self.highest, max(self, default=0))


def restore_person(world: WorldState, person: Person) -> None:
    world.people[person.id] = person
    world.census.add_person(person)
    world._index_handle(person)
    if person.notorious_since is not None:
        world.census.became_notorious(person)
    if person.died is not None:
        world.census.died(person.id, person.died)


def restore_bond(world: WorldState, bond: Bond) -> None:
    for person in bond.people:
        if person not in world.people:
            raise InvalidInput(f"restore {person} before their bond")
        world.bonds[person] = bond


def restore_item(world: WorldState, item: Item, place: Place) -> None:
    if item.id in world.items:
        raise InvalidInput(f"'{item.id}' is restored twice")
    world.items[item.id] = item
    world._place(item.id, place)


def restore_delivery(world: WorldState, delivery: Delivery) -> None:
    """A delivery as stored; a pending one must be travelling an active bond to a living soulmate."""
    if delivery.state is DeliveryState.PENDING:
        place = world.where(delivery.item)
        if place != Place(Whereabouts.IN_TRANSIT, delivery.recipient):
            raise InvalidInput(f"'{delivery.item}' is pending delivery but is {place.where}")
        recipient = world.person(delivery.recipient)
        if recipient.died is not None and recipient.died <= delivery.due:
            raise BondRuleBroken(f"{recipient.name} died before '{delivery.item}' could arrive")
        bond = world.bonds.get(delivery.recipient)
        if bond is None or not bond.carries() or delivery.loser not in bond.people:
            raise BondRuleBroken(f"'{delivery.item}' is pending across a bond that no longer carries")
    world._track(delivery)


def restore_learnt(world: WorldState, finder: PersonId, learnt: Learnt) -> None:
    world.knowledge.setdefault(finder, Knowledge()).learnt.append(learnt)


def restore_message(world: WorldState, message: Message) -> None:
    world.contacts.messages.append(message)


def restore_block(world: WorldState, person: PersonId, handle: str) -> None:
    world.contacts.blocked.setdefault(person, set()).add(handle)


def restore_ask(world: WorldState, pair: frozenset[PersonId], asker: PersonId) -> None:
    world.contacts.asked.setdefault(pair, set()).add(asker)


def restore_cases(world: WorldState, cases: list[Case], highest: int) -> None:
    book = CaseBook(highest)
    for case in cases:
        book[case.id] = case
        world._schedule_severance(case)
    world.foundation.cases = book


def restore_caseworker(world: WorldState, worker: Caseworker) -> None:
    world.foundation.caseworkers[worker.person] = worker


def restore_job_application(world: WorldState, person: PersonId, at: datetime) -> None:
    world.foundation.job_applications[person] = at


def restore_notice(world: WorldState, person: PersonId, case: CaseId) -> None:
    world.foundation.notices.setdefault(person, []).append(case)


def strangers(world: WorldState) -> list[tuple[PersonId, date, dict[str, TraitValues]]]:
    """Everyone the census counts who is not a registered person, with their fixed traits."""
    census = world.census
    registered = census._people
    traits: dict[PersonId, dict[str, TraitValues]] = {}
    for (key, value), members in census._ever.items():
        one = frozenset({value})
        for member in members.difference(registered):
            held = traits.get(member)
            if held is None:
                traits[member] = {key: one}
            else:
                held[key] = held[key] | one if key in held else one
    return [
        (person, born, traits.get(person, {}))
        for person, born in sorted(census._born.items())
        if person not in registered
    ]


def initial_traits(person: Person) -> dict[str, TraitValues]:
    """A person's traits, names included, as they were before their first recorded change."""
    if not person.trait_changes:
        return person.all_traits()
    first = min(change.since for change in person.trait_changes)
    return person.traits_at(first - timedelta(microseconds=1))
