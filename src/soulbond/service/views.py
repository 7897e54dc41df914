"""What a person may look at: their floor, things, inbox, what they know, what their things would reveal.

Every view is told to the person it is for (``asker``), so it passes the privacy gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.foundation import Case, CaseState
from soulbond.core.items import ItemId, Whereabouts
from soulbond.core.people import PersonId
from soulbond.core.privacy import exposure_told_to, item_as_seen_by
from soulbond.core.telling import describe_all, summarize
from soulbond.core.world import World
from soulbond.service import limits
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.results import (
    Audit,
    Custody,
    Floor,
    FloorItem,
    FoundationNotice,
    Inbox,
    InboxMessage,
    Known,
    Possessions,
    RegistryReply,
    Risk,
    Thing,
)
from soulbond.service.transaction import look


@dataclass(frozen=True)
class ForPerson:
    person: str


def floor_view(query: ForPerson, uow: UnitOfWork) -> Floor:
    """What lies on the person's bedroom floor now (deliveries due by now included)."""
    limits.check(query)
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Floor:
        world.person(person)
        found = []
        for item in sorted(world.contents(Whereabouts.ON_FLOOR, person)):
            arrival = world.last_delivery(item)
            told = describe_all(arrival.facts, arrival.due) if arrival else []
            arrived = arrival.due.isoformat() if arrival else ""
            found.append(FloorItem(item, item_as_seen_by(world, person, item), told, arrived))
        return Floor(found)

    return look(uow, Wanted(people={person}, floors={person}, everyday=True), see, asker=query.person)


def possessions_view(query: ForPerson, uow: UnitOfWork) -> Possessions:
    """What the person keeps (their collection included) and what is in their bin."""
    limits.check(query)
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Possessions:
        world.person(person)

        def things(where: Whereabouts) -> list[Thing]:
            return [
                Thing(item, item_as_seen_by(world, person, item), world.where(item).how)
                for item in sorted(world.contents(where, person))
            ]

        return Possessions(things(Whereabouts.HELD), things(Whereabouts.IN_BIN))

    return look(uow, Wanted(people={person}, holdings={person}, everyday=True), see, asker=query.person)


def knowledge_view(query: ForPerson, uow: UnitOfWork) -> Known:
    """Everything the found items told the person, and how many people still fit: never who."""
    limits.check(query)
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Known:
        facts = tuple(world.knowledge_of(person).facts())
        count = world.candidate_count(person, at)
        return Known(summarize(facts, at), count, bool(facts) and count == 1)

    return look(uow, Wanted(people={person}, knowledge=True), see, asker=query.person)


def exposure_audit(query: ForPerson, uow: UnitOfWork) -> Audit:
    """For each thing the person holds: what it would tell their soulmate, and the candidates left."""
    limits.check(query)
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Audit:
        world.person(person)
        risks = []
        for item in sorted(world.contents(Whereabouts.HELD, person)):
            exposure = exposure_told_to(world, person, item, at)
            risks.append(
                Risk(
                    item,
                    describe_all(exposure.facts, at),
                    exposure.candidates_now,
                    exposure.candidates_if_lost,
                    exposure.stays,
                )
            )
        return Audit(risks)

    wanted = Wanted(people={person}, holdings={person}, knowledge=True)
    return look(uow, wanted, see, asker=query.person)


def inbox_view(query: ForPerson, uow: UnitOfWork) -> Inbox:
    """Messages by the sender's number, the registry's answers, and the Foundation's notices."""
    limits.check(query)
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> Inbox:
        world.person(person)
        messages = [
            InboxMessage(m.sender_handle, m.text, m.at.isoformat())
            for m in sorted(world.contacts.inbox(person), key=lambda m: (m.at, m.id))
        ]
        replies = []
        for pair, askers in sorted(world.contacts.asked.items(), key=lambda entry: sorted(entry[0])):
            others = pair - {person}
            if person in askers and len(others) == 1:
                handle = world.people[next(iter(others))].handle
                if handle is not None:
                    replies.append(RegistryReply(handle, str(world.confirmation(person, *others))))
        notices = [
            notice
            for case in sorted(world.foundation.cases.values(), key=lambda c: c.id)
            if case.concerns(person)
            for notice in notices_of(case, person)
        ]
        return Inbox(messages, replies, notices)

    wanted = Wanted(people={person}, contacts=True, correspondents=True, casework=True)
    return look(uow, wanted, see, asker=query.person)


# What the Foundation writes to each party as a case moves; never who filed it, nor where they live.
NOTICES: dict[CaseState, str] = {
    CaseState.UNSIGNED: "a joint application to sever your bond awaits your signature",
    CaseState.FILED: "an application to sever your bond was filed",
    CaseState.UNDER_REVIEW: "a caseworker has taken the case",
    CaseState.APPROVED: "the severance was approved; it takes effect when the cooling-off ends",
    CaseState.REJECTED: "the application was rejected",
    CaseState.APPEALED: "the decision was appealed",
    CaseState.APPEAL_UNDER_REVIEW: "the appeal is being heard",
    CaseState.WITHDRAWN: "the application was withdrawn; your bond stays as it was",
    CaseState.SEVERED: "your bond is severed: nothing travels between you any more",
    CaseState.LAPSED: "the case lapsed: the bond no longer carries anything",
}


def notices_of(case: Case, person: PersonId) -> list[FoundationNotice]:
    found = []
    decisions = iter(case.decisions)
    for at, state in case.history:
        text = NOTICES.get(state, f"the case is now {state}")
        if state is CaseState.UNSIGNED and person in case.applicants:
            text = "your joint application awaits your partner's signature"
        elif state is CaseState.FILED and person in case.applicants:
            text = "your application to sever your bond was filed"
        elif state is CaseState.FILED:
            text += "; you may submit a statement"
        if state in (CaseState.APPROVED, CaseState.REJECTED):
            decision = next(decisions, None)
            if decision is not None:
                text += f". The caseworker's reasons: {decision.reasons}"
        if state is CaseState.APPROVED and case.cooling_off_ends is not None:
            text += f" ({case.cooling_off_ends.date().isoformat()}), unless an applicant withdraws first"
        found.append(FoundationNotice(int(case.id), at.isoformat(), str(state), text))
    return found


@dataclass(frozen=True)
class ProveCustody:
    claimant: str
    item: str


def prove_custody(query: ProveCustody, uow: UnitOfWork) -> Custody:
    """'I have your folder': true if it arrived on the claimant's floor and is still theirs."""
    limits.check(query)
    claimant, item = PersonId(query.claimant), ItemId(query.item)

    def see(world: World, at: datetime) -> Custody:
        return Custody(world.proves_custody(claimant, item))

    return look(uow, Wanted(people={claimant}, items={item}), see, asker=query.claimant)
