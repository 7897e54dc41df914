"""The world's state and the bookkeeping every rule shares.

Rules live in the mixins (registry, possessions, messaging, casework); this
class only holds what they read and write, and moves items between places so
that an item is always in exactly one of them.
"""

from __future__ import annotations

import heapq
import itertools
from datetime import UTC, datetime

from soulbond.core.bonds import Bond
from soulbond.core.contact import Contacts
from soulbond.core.errors import (
    NotAlive,
    TimeSkipped,
    TimeWentBackwards,
    UnknownItem,
    UnknownPerson,
)
from soulbond.core.events import Event, Kind
from soulbond.core.foundation import Case, CaseState, Foundation
from soulbond.core.items import Item, ItemId, Place, Whereabouts
from soulbond.core.knowledge import Census, Knowledge
from soulbond.core.people import Person, PersonId
from soulbond.core.transference import Delivery, DeliveryState


class WorldState:
    def __init__(self, foundation: Foundation | None = None) -> None:
        self.now: datetime | None = None
        self.people: dict[PersonId, Person] = {}
        self.census = Census()
        self.bonds: dict[PersonId, Bond] = {}
        self.items: dict[ItemId, Item] = {}
        self.deliveries: list[Delivery] = []
        self.knowledge: dict[PersonId, Knowledge] = {}
        self.contacts = Contacts()
        self.foundation = foundation or Foundation()
        self.events: list[Event] = []
        self._where: dict[ItemId, Place] = {}
        self._contents: dict[tuple[Whereabouts, PersonId], set[ItemId]] = {}
        self._handles: dict[str, PersonId] = {}
        self._pending: dict[PersonId, dict[int, Delivery]] = {}
        """Pending deliveries by recipient, by id."""
        self._by_item: dict[ItemId, list[Delivery]] = {}
        self._dues: list[tuple[datetime, int, int, int, Delivery | Case]] = []
        self._pushes = itertools.count()
        """What falls due, earliest first: (due, 0 for a delivery or 1 for a severance, id, push, what).

        A heap with lazy deletion: an entry stays when its delivery arrives or stays
        where it fell, or when its case leaves cooling-off, and is dropped when it
        reaches the top; a moved delivery gets a new entry and its old one is dropped.
        """

    # -- time -----------------------------------------------------------------

    def _tick(self, at: datetime) -> datetime:
        """Every action happens at a moment no earlier than the last one.

        Only checks: the clock moves when something is recorded, so a refused
        action leaves the world exactly as it was, time included.
        """
        if at.tzinfo is None:
            raise TimeWentBackwards(f"{at.isoformat()} has no time zone; give one, such as +00:00")
        at = at.astimezone(UTC)
        if self.now is not None and at < self.now:
            raise TimeWentBackwards(
                f"{at.isoformat()} is before {self.now.isoformat()}, when the world last changed"
            )
        due = self._first_due()
        if due is not None and due < at:
            # Acting past it would let a move re-route, or a death stop, what had already arrived.
            raise TimeSkipped(
                f"something falls due at {due.isoformat()}, before {at.isoformat()}; "
                "advance the world to that moment first"
            )
        return at

    def _first_due(self) -> datetime | None:
        """The earliest pending delivery or end of a cooling-off, which ``advance`` makes happen."""
        first = self._next_due()
        return first[0] if first is not None else None

    def _next_due(self) -> tuple[datetime, Delivery | Case] | None:
        """What falls due first (a delivery before a severance due at the same moment), and when."""
        dues = self._dues
        while dues:
            due, _, _, _, what = dues[0]
            if isinstance(what, Delivery):
                live = what.state is DeliveryState.PENDING and what.due == due
            else:
                live = what.state is CaseState.APPROVED and what.cooling_off_ends == due
            if live:
                return due, what
            heapq.heappop(dues)
        return None

    # -- keeping the indexes in step --------------------------------------------

    def _track(self, delivery: Delivery) -> None:
        """A new delivery: into the list, the per-item index and, if pending, the schedule."""
        self.deliveries.append(delivery)
        self._by_item.setdefault(delivery.item, []).append(delivery)
        if delivery.state is DeliveryState.PENDING:
            self._pending.setdefault(delivery.recipient, {})[delivery.id] = delivery
            self._schedule(delivery)

    def _schedule(self, delivery: Delivery) -> None:
        """(Re)schedule a pending delivery at its due time; any older entry for it goes stale."""
        heapq.heappush(self._dues, (delivery.due, 0, delivery.id, next(self._pushes), delivery))

    def _schedule_severance(self, case: Case) -> None:
        if case.state is CaseState.APPROVED and case.cooling_off_ends is not None:
            heapq.heappush(self._dues, (case.cooling_off_ends, 1, case.id, next(self._pushes), case))

    def _settle(self, delivery: Delivery, state: DeliveryState) -> None:
        """A pending delivery arrives or stays where it fell."""
        delivery.state = state
        pending = self._pending.get(delivery.recipient)
        if pending is not None:
            pending.pop(delivery.id, None)

    def pending_to(self, recipient: PersonId) -> list[Delivery]:
        """What is on its way to ``recipient``'s floor, in the order it was lost."""
        return list(self._pending.get(recipient, {}).values())

    def deliveries_of(self, item: ItemId) -> list[Delivery]:
        """Every delivery ``item`` has made or is making, in order."""
        return list(self._by_item.get(item, ()))

    def _index_handle(self, person: Person, before: str | None = None) -> None:
        if before is not None and self._handles.get(before) == person.id:
            del self._handles[before]
        if person.handle is not None:
            self._handles[person.handle] = person.id

    def _record(self, event: Event) -> Event:
        self.events.append(event)
        if self.now is None or event.at > self.now:
            self.now = event.at
        return event

    # -- people ---------------------------------------------------------------

    def person(self, person: PersonId) -> Person:
        try:
            return self.people[person]
        except KeyError:
            raise UnknownPerson(f"no one called '{person}' is registered") from None

    def _living(self, person: PersonId, at: datetime, doing: str) -> Person:
        found = self.person(person)
        if not found.is_born_by(at):
            raise NotAlive(f"{found.name} is not born yet (born {found.born}), so cannot {doing}")
        if found.died is not None and found.died <= at:
            raise NotAlive(f"{found.name} died on {found.died.date()}; the dead cannot {doing}")
        return found

    def person_with_handle(self, handle: str) -> Person | None:
        person = self._handles.get(handle)
        return self.people[person] if person is not None else None

    def bond_of(self, person: PersonId) -> Bond | None:
        return self.bonds.get(person)

    def soulmate_of(self, person: PersonId) -> PersonId | None:
        bond = self.bonds.get(person)
        return bond.partner_of(person) if bond else None

    def name_of(self, person: PersonId) -> str:
        return self.people[person].name if person in self.people else str(person)

    # -- places ---------------------------------------------------------------

    def item(self, item: ItemId) -> Item:
        try:
            return self.items[item]
        except KeyError:
            raise UnknownItem(f"there is no item '{item}'") from None

    def where(self, item: ItemId) -> Place:
        self.item(item)
        return self._where[item]

    def contents(self, where: Whereabouts, person: PersonId) -> set[ItemId]:
        return set(self._contents.get((where, person), set()))

    def _place(self, item: ItemId, place: Place) -> None:
        """The only way an item changes place: out of the old one, into the new."""
        old = self._where.get(item)
        if old is not None:
            self._contents[(old.where, old.person)].discard(item)
        self._where[item] = place
        self._contents.setdefault((place.where, place.person), set()).add(item)

    def holder_of(self, item: ItemId) -> PersonId | None:
        place = self.where(item)
        return place.person if place.where is Whereabouts.HELD else None

    def _stay_where_it_fell(self, item: ItemId, loser: PersonId, at: datetime, why: str) -> None:
        # It lies where it fell: at the loser's home, the default place of a loss.
        lies_at = self.people[loser].home.place if loser in self.people else ""
        self._place(item, Place(Whereabouts.LOST_FOR_GOOD, loser, why, lies_at))
        self._record(Event(at, Kind.STAYED, actor=loser, item=item, text=why))

    def _stop_deliveries_to(self, recipients: frozenset[PersonId], at: datetime, why: str) -> None:
        """Items not yet arrived stay where they fell once their bond stops carrying them.

        A death stops only what was on its way to the dead: what they lost while
        alive was lost across an active bond and still arrives. Severance stops both ways.
        """
        stopped = [d for person in recipients for d in self._pending.get(person, {}).values()]
        for delivery in sorted(stopped, key=lambda d: d.id):
            self._settle(delivery, DeliveryState.STAYED)
            self._stay_where_it_fell(delivery.item, delivery.loser, at, why)
