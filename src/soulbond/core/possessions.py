"""Possessions: having, giving, losing, finding, and what finders learn."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from soulbond.core.errors import CannotReturn, InvalidInput, ItemNotThere, NotAlive
from soulbond.core.events import Event, Kind
from soulbond.core.items import (
    LONGEST_TRANSIT,
    AliveAround,
    Fact,
    HasTrait,
    Item,
    ItemId,
    Place,
    Whereabouts,
    disclose,
)
from soulbond.core.knowledge import Knowledge, Learnt
from soulbond.core.people import HANDLE, Person, PersonId
from soulbond.core.state import WorldState
from soulbond.core.transference import Delivery, DeliveryState, next_wake

HELD, ON_FLOOR, IN_BIN = Whereabouts.HELD, Whereabouts.ON_FLOOR, Whereabouts.IN_BIN


@dataclass(frozen=True)
class Exposure:
    """What one possession would tell the soulmate if it were lost now."""

    item: ItemId
    facts: tuple[Fact, ...]
    candidates_now: int | None
    """None when nothing would travel: there is no soulmate to count for."""
    candidates_if_lost: int | None
    stays: str = ""
    """Why a loss would stay where it fell, or '' when it would travel."""

    @property
    def travels(self) -> bool:
        return not self.stays


class PossessionRules(WorldState):
    def add_item(self, item: Item, possessor: PersonId, at: datetime) -> Item:
        at = self._tick(at)
        self.person(possessor)
        if item.id in self.items:
            raise InvalidInput(f"there is already an item '{item.id}'")
        item.first_owner = item.first_owner or possessor
        self.items[item.id] = item
        self._place(item.id, Place(HELD, possessor, "owned"))
        self._record(Event(at, Kind.ITEM_ADDED, actor=possessor, item=item.id, text=item.description))
        return item

    def give(self, item: ItemId, giver: PersonId, receiver: PersonId, at: datetime) -> None:
        """Giving, lending, selling, inheriting: never a loss. The dead's estate can give."""
        at = self._tick(at)
        self._require(item, HELD, giver, "give it away")
        self._living(receiver, at, "receive things")
        self._place(item, Place(HELD, receiver, f"from {self.name_of(giver)}"))
        self._record(Event(at, Kind.GIVEN, actor=giver, other=receiver, item=item))

    def lose(
        self, item: ItemId, at: datetime, *, how: str = "", noticed: bool = True, fated: bool = False
    ) -> Delivery | None:
        """The possessor loses ``item``: across an active bond it travels, otherwise it stays."""
        at = self._tick(at)
        loser = self.holder_of(item)
        if loser is None:
            raise ItemNotThere(
                f"'{item}' cannot be lost: it is {self._describe(item)}, not in anyone's keeping",
                public_message=f"'{item}' is not in anyone's keeping, so it cannot be lost",
            )
        person = self._living(loser, at, "lose things")
        bond = self.bond_of(loser)
        facts = self._tells(item, person, at)
        text = " ".join(part for part in (how, "" if noticed else "(unnoticed)") if part)
        if bond is None or not bond.carries():
            why = f"{person.name} had {'no soulmate' if bond is None else f'a {bond.state} bond'}"
            self._record(Event(at, Kind.LOST, actor=loser, item=item, text=text))
            self._stay_where_it_fell(item, loser, at, why)
            return None
        recipient = bond.partner_of(loser)
        if not self.people[recipient].is_born_by(at):
            # The bond holds from childhood, not from before birth: there is no floor yet.
            why = f"{person.name}'s soulmate was not born yet"
            self._record(Event(at, Kind.LOST, actor=loser, item=item, text=text))
            self._stay_where_it_fell(item, loser, at, why)
            return None
        due = next_wake(self.people[recipient].home, at)
        delivery = Delivery(len(self.deliveries) + 1, item, loser, recipient, at, due, facts)
        self._track(delivery)
        self._place(item, Place(Whereabouts.IN_TRANSIT, recipient))
        self._record(Event(at, Kind.LOST, actor=loser, item=item, due=due, text=text, facts=facts))
        return delivery

    def fated_loss(self, person: PersonId, at: datetime, rng: random.Random) -> Delivery | None:
        """Fate takes one of ``person``'s things; nobody tells them."""
        held = sorted(self.contents(HELD, person))
        if not held:
            self._tick(at)
            return None
        return self.lose(ItemId(rng.choice(held)), at, noticed=False, fated=True)

    def pending_deliveries(self) -> list[Delivery]:
        return sorted(
            (d for pending in self._pending.values() for d in pending.values()), key=lambda d: (d.due, d.id)
        )

    def _deliver(self, delivery: Delivery) -> Event:
        """At the soulmate's wake the item lies on their floor, and they learn from it."""
        at = self._tick(delivery.due)
        recipient = self.people[delivery.recipient]
        self._settle(delivery, DeliveryState.DELIVERED)
        self._place(delivery.item, Place(ON_FLOOR, recipient.id))
        # A move while it travelled can stretch the trip; the finder's bound must still hold the loser.
        stretched = delivery.lost_at if at - delivery.lost_at > LONGEST_TRANSIT else None
        facts = (*delivery.facts, AliveAround(at, stretched))
        self.knowledge.setdefault(recipient.id, Knowledge()).learnt.append(Learnt(delivery.item, at, facts))
        return self._record(
            Event(at, Kind.ARRIVED, actor=recipient.id, other=delivery.loser, item=delivery.item, facts=facts)
        )

    # -- what a finder does with what they find ---------------------------------

    def keep(self, person: PersonId, item: ItemId, at: datetime, *, where: str = "") -> None:
        at = self._tick(at)
        self._living(person, at, "keep things")
        place = self._require_any(item, (ON_FLOOR, HELD), person, "keep it")
        how = f"tucked away: {where}" if where else "kept"
        if place.where is HELD and place.how == "owned" and not where:
            how = "owned"
        self._place(item, Place(HELD, person, how))
        self._record(Event(at, Kind.KEPT, actor=person, item=item, text=how))

    def discard(self, person: PersonId, item: ItemId, at: datetime) -> None:
        """Into the bin: not a loss, and recoverable until the bin is emptied."""
        at = self._tick(at)
        self._living(person, at, "throw things away")
        self._require_any(item, (ON_FLOOR, HELD), person, "throw it away")
        self._place(item, Place(IN_BIN, person))
        self._record(Event(at, Kind.DISCARDED, actor=person, item=item))

    def recover(self, person: PersonId, item: ItemId, at: datetime) -> None:
        at = self._tick(at)
        self._living(person, at, "recover things")
        self._require(item, IN_BIN, person, "fish it out of the bin")
        self._place(item, Place(HELD, person, "recovered from the bin"))
        self._record(Event(at, Kind.RECOVERED, actor=person, item=item))

    def empty_bin(self, person: PersonId, at: datetime) -> list[ItemId]:
        at = self._tick(at)
        self.person(person)
        gone = sorted(self.contents(IN_BIN, person))
        for item in gone:
            self._place(item, Place(Whereabouts.DISCARDED, person))
        self._record(Event(at, Kind.BIN_EMPTIED, actor=person, text=", ".join(gone)))
        return gone

    def pick_up(self, person: PersonId, item: ItemId, at: datetime) -> None:
        """Something that stayed where it fell belongs to whoever picks it up, if they are there.

        Whatever the reason it cannot be picked up (no such thing, it lies elsewhere,
        it is in someone's keeping or on its way), the refusal is the same: telling
        them apart would say where other people's things are.
        """
        at = self._tick(at)
        finder = self._living(person, at, "pick things up")
        place = self._where_or_none(item)
        if (
            place is None
            or place.where is not Whereabouts.LOST_FOR_GOOD
            or place.lies_at != finder.home.place
        ):
            where = "nothing of that name" if place is None else self._describe(item)
            raise ItemNotThere(
                f"{finder.name} cannot pick up '{item}' at {finder.home.place}: it is {where}",
                public_message=f"there is nothing called '{item}' within your reach",
            )
        self._place(item, Place(HELD, person, "picked up where it fell"))
        self._record(Event(at, Kind.PICKED_UP, actor=person, item=item, other=place.person))

    def place_item(self, item: ItemId, lies_at: str, at: datetime) -> None:
        """The registrar puts a thing lost for good somewhere else: someone carried it off, say."""
        at = self._tick(at)
        place = self.where(item)
        if place.where is not Whereabouts.LOST_FOR_GOOD:
            raise ItemNotThere(
                f"'{item}' is {self._describe(item)}; only a thing lost for good can be placed somewhere"
            )
        if not lies_at.strip():
            raise InvalidInput("name the place the thing should lie, such as 'the station'")
        self._place(item, Place(Whereabouts.LOST_FOR_GOOD, place.person, place.how, lies_at.strip()))
        self._record(Event(at, Kind.PLACED, item=item, text=lies_at.strip()))

    def _where_or_none(self, item: ItemId) -> Place | None:
        return self._where.get(item) if item in self.items else None

    def return_item(self, finder: PersonId, item: ItemId, at: datetime) -> PersonId:
        """By hand, to whoever lost it, once the finder knows how to reach them."""
        at = self._tick(at)
        self._living(finder, at, "return things")
        self._require_any(item, (ON_FLOOR, HELD), finder, "return it")
        delivery = self.last_delivery(item)
        if delivery is None or delivery.recipient != finder:
            raise CannotReturn(
                f"'{item}' did not arrive on {self.name_of(finder)}'s floor; there is no one to return it to",
                public_message=f"'{item}' did not arrive on your floor, so there is no one to return it to",
            )
        loser = delivery.loser
        # Reachability first: whether the loser still lives is news only to someone who can reach them.
        if not self.knows_how_to_reach(finder, loser, at):
            raise CannotReturn(
                f"{self.name_of(finder)} does not know how to reach whoever lost '{item}': "
                "identify them from what arrived, or get in touch first",
                public_message="you do not know yet how to reach whoever lost it",
            )
        if not self.people[loser].is_alive_at(at):
            raise NotAlive(
                f"{self.name_of(loser)} is not alive at {at.isoformat()} to take '{item}' back",
                public_message="whoever lost it can no longer take it back",
            )
        self._place(item, Place(HELD, loser, "returned by hand"))
        self._record(Event(at, Kind.RETURNED, actor=finder, other=loser, item=item))
        return loser

    def knows_how_to_reach(self, finder: PersonId, loser: PersonId, at: datetime) -> bool:
        handle = self.people[loser].handle
        told_handle = any(
            isinstance(f, HasTrait) and f.key == HANDLE and f.value == handle
            for f in self.knowledge_of(finder).facts()
        )
        return told_handle or self.contacts.in_contact(finder, loser) or self.is_identified(finder, at)

    def last_delivery(self, item: ItemId) -> Delivery | None:
        return next(
            (d for d in reversed(self.deliveries_of(item)) if d.state is DeliveryState.DELIVERED), None
        )

    # -- knowledge --------------------------------------------------------------

    def knowledge_of(self, person: PersonId) -> Knowledge:
        self.person(person)
        return self.knowledge.get(person, Knowledge())

    def candidate_count(self, person: PersonId, at: datetime) -> int:
        """How many people fit what ``person`` has learnt; never who they are."""
        return self.census.count(self.knowledge_of(person).facts(), at, exclude=person)

    def is_identified(self, person: PersonId, at: datetime) -> bool:
        return bool(self.knowledge_of(person).learnt) and self.candidate_count(person, at) == 1

    def exposure(self, person: PersonId, item: ItemId, at: datetime) -> Exposure:
        """What ``item`` would tell ``person``'s soulmate, and how far it would narrow them down.

        Only an active bond carries anything: without one, a loss stays where it
        fell and tells no one, which the exposure says instead of counting.
        """
        self._require(item, HELD, person, "check it")
        owner = self.person(person)
        facts = (*self._tells(item, owner, at), AliveAround(at))
        bond = self.bond_of(person)
        if bond is None or not bond.carries():
            why = "no soulmate" if bond is None else f"a {bond.state} bond"
            return Exposure(item, facts, None, None, f"nothing would travel: {owner.name} has {why}")
        soulmate = bond.partner_of(person)
        known = self.knowledge_of(soulmate).facts()
        return Exposure(
            item,
            facts,
            self.census.count(known, at, exclude=soulmate),
            self.census.count([*known, *facts], at, exclude=soulmate),
        )

    # -- helpers ----------------------------------------------------------------

    def _tells(self, item: ItemId, loser: Person, at: datetime) -> tuple[Fact, ...]:
        """What ``item`` tells when ``loser`` loses it: on it, its maker; carrying it, the loser."""
        found = self.items[item]
        maker = self.person(found.first_owner) if found.first_owner else None
        return disclose(found.disclosures, loser, at, maker=maker, made=found.made)

    def _describe(self, item: ItemId) -> str:
        place = self.where(item)
        return place.describe(self.name_of(place.person))

    def _require(self, item: ItemId, where: Whereabouts, person: PersonId, doing: str) -> Place:
        return self._require_any(item, (where,), person, doing)

    def _require_any(
        self, item: ItemId, wheres: tuple[Whereabouts, ...], person: PersonId, doing: str
    ) -> Place:
        place = self.where(item)
        if place.where not in wheres or place.person != person:
            raise ItemNotThere(
                f"{self.name_of(person)} cannot {doing}: '{item}' is {self._describe(item)}",
                public_message=f"you cannot {doing}: '{item}' is not with you",
            )
        return place
