"""The registry's rules: people, their homes and traits, deaths, and bonds."""

from __future__ import annotations

import random
from datetime import date, datetime

from soulbond.core.bonds import Bond, BondState
from soulbond.core.errors import BondRuleBroken, HandleTaken, InvalidInput
from soulbond.core.events import Event, Kind
from soulbond.core.foundation import CaseState
from soulbond.core.people import HANDLE, Home, Person, PersonId, TraitValues
from soulbond.core.state import WorldState
from soulbond.core.transference import next_wake


class RegistryRules(WorldState):
    def register(self, person: Person, at: datetime) -> Person:
        at = self._tick(at)
        if person.id in self.people or person.id in self.census:
            raise InvalidInput(f"'{person.id}' is already registered")
        if person.carefulness < 0:
            raise InvalidInput(
                f"{person.name}'s carefulness is {person.carefulness}; losses per year cannot be negative"
            )
        handle = person.handle
        if handle is not None and self.person_with_handle(handle) is not None:
            raise HandleTaken(f"the handle {handle} already belongs to someone else")
        self.people[person.id] = person
        self.census.add_person(person)
        self._index_handle(person)
        self._record(Event(at, Kind.REGISTERED, actor=person.id))
        return person

    def add_stranger(self, person: PersonId, born: date, traits: dict[str, TraitValues]) -> None:
        """Someone who only makes up the numbers in candidate sets."""
        if person in self.census:
            raise InvalidInput(f"'{person}' is already registered")
        self.census.add_stranger(person, born, traits)

    def die(self, person: PersonId, at: datetime) -> None:
        at = self._tick(at)
        dead = self._living(person, at, "die again")
        dead.died = at
        self.census.died(person, at)
        self._record(Event(at, Kind.DIED, actor=person))
        # Even on a bond already widowed, something the partner lost before dying may be on its way.
        self._stop_deliveries_to(frozenset({person}), at, "its finder died before it arrived")
        bond = self.bonds.get(person)
        if bond is not None and bond.carries():
            bond.state = BondState.WIDOWED
            bond.ended = at
            self._record(Event(at, Kind.WIDOWED, actor=bond.partner_of(person), other=person))
            case = self.foundation.open_case_for(person)
            if case is not None:
                case.move(CaseState.LAPSED, at)
                self._record(Event(at, Kind.LAPSED, case=case.id, text="a partner died"))

    def move(self, person: PersonId, home: Home, at: datetime) -> None:
        """A soulmate who moved gets what is in transit at the new home, at its next wake."""
        at = self._tick(at)
        mover = self._living(person, at, "move")
        mover.home = home
        self._record(Event(at, Kind.MOVED, actor=person, text=f"{home.place} ({home.tz})"))
        for delivery in self.pending_to(person):
            delivery.due = next_wake(home, max(at, delivery.lost_at))
            self._schedule(delivery)

    def change_trait(self, person: PersonId, key: str, values: TraitValues, at: datetime) -> None:
        at = self._tick(at)
        changed = self._living(person, at, "change")
        if key == HANDLE:
            for handle in values:
                owner = self.person_with_handle(handle)
                if owner is not None and owner.id != person:
                    raise HandleTaken(f"the handle {handle} already belongs to someone else")
        before = changed.handle
        changed.change_trait(key, values, at)
        self.census.trait_changed(changed, key, values)
        self._index_handle(changed, before)
        self._record(Event(at, Kind.TRAIT_CHANGED, actor=person, text=f"{key}: {', '.join(sorted(values))}"))

    def make_notorious(self, person: PersonId, at: datetime) -> None:
        """Their family name was in the papers: from now on it tells finders who they are."""
        at = self._tick(at)
        famous = self.person(person)
        if famous.notorious_since is None:
            famous.notorious_since = at
            self.census.became_notorious(famous)
            self._record(Event(at, Kind.NOTORIOUS, actor=person))

    # -- bonds ----------------------------------------------------------------

    def declare_bond(self, a: PersonId, b: PersonId, at: datetime) -> Bond:
        at = self._tick(at)
        if a == b:
            raise BondRuleBroken(f"{self.name_of(a)} cannot be their own soulmate")
        for person in (a, b):
            self.person(person)
            if person in self.bonds:
                raise BondRuleBroken(
                    f"{self.name_of(person)} already has a soulmate; a person has at most one",
                    public_message="one of these people already has a soulmate",
                )
            died = self.people[person].died
            if died is not None and died <= at:
                raise BondRuleBroken(f"{self.name_of(person)} is dead and cannot be bonded")
        bond = Bond(a, b, at)
        self.bonds[a] = bond
        self.bonds[b] = bond
        self._record(Event(at, Kind.BONDED, actor=a, other=b))
        return bond

    def unpaired(self, at: datetime) -> list[PersonId]:
        return sorted(p.id for p in self.people.values() if p.id not in self.bonds and p.is_alive_at(at))

    def pair_by_fate(self, newcomer: PersonId, rng: random.Random, at: datetime) -> PersonId:
        """Fate picks a partner for a newcomer uniformly from the living unpaired."""
        self._living(newcomer, at, "be paired")
        if newcomer in self.bonds:
            raise BondRuleBroken(f"{self.name_of(newcomer)} already has a soulmate")
        choices = [p for p in self.unpaired(at) if p != newcomer]
        if not choices:
            raise BondRuleBroken(
                f"no one is unpaired for {self.name_of(newcomer)}; fate will pair them later"
            )
        partner = rng.choice(choices)
        self.declare_bond(newcomer, partner, at)
        return partner
