"""What a person may look at: their floor, what they know, what their things would reveal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.items import ItemId, Whereabouts
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.scenario.telling import describe_all, summarize
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.results import Audit, Custody, Floor, FloorItem, Known, Risk
from soulbond.service.transaction import look


@dataclass(frozen=True)
class ForPerson:
    person: str


def floor_view(query: ForPerson, uow: UnitOfWork) -> Floor:
    """What lies on the person's bedroom floor now (deliveries due by now included)."""
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Floor:
        world.person(person)
        found = sorted(world.contents(Whereabouts.ON_FLOOR, person))
        return Floor([FloorItem(i, world.items[i].description) for i in found])

    return look(uow, Wanted(people={person}, holdings={person}), see)


def knowledge_view(query: ForPerson, uow: UnitOfWork) -> Known:
    """Everything the found items told the person, and how many people still fit: never who."""
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Known:
        facts = tuple(world.knowledge_of(person).facts())
        count = world.candidate_count(person, at)
        return Known(summarize(facts, at), count, bool(facts) and count == 1)

    return look(uow, Wanted(people={person}, knowledge=True), see)


def exposure_audit(query: ForPerson, uow: UnitOfWork) -> Audit:
    """For each thing the person holds: what it would tell their soulmate, and the candidates left."""
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Audit:
        world.person(person)
        risks = []
        for item in sorted(world.contents(Whereabouts.HELD, person)):
            exposure = world.exposure(person, item, at)
            risks.append(
                Risk(
                    item,
                    describe_all(exposure.facts, at),
                    exposure.candidates_now,
                    exposure.candidates_if_lost,
                )
            )
        return Audit(risks)

    return look(uow, Wanted(people={person}, holdings={person}, knowledge=True), see)


@dataclass(frozen=True)
class ProveCustody:
    claimant: str
    item: str


def prove_custody(query: ProveCustody, uow: UnitOfWork) -> Custody:
    """'I have your folder': true if it arrived on the claimant's floor and is still theirs."""
    claimant, item = PersonId(query.claimant), ItemId(query.item)

    def see(world: World, at: datetime) -> Custody:
        return Custody(world.proves_custody(claimant, item))

    return look(uow, Wanted(people={claimant}, items={item}), see)
