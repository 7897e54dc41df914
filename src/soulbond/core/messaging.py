"""Contact by ordinary means: messages, blocks, bond confirmation, proof of custody."""

from __future__ import annotations

from datetime import datetime

from soulbond.core.contact import Confirmation, Message
from soulbond.core.errors import InvalidInput, NotInContact, UnknownHandle
from soulbond.core.events import Event, Kind
from soulbond.core.items import ItemId, Whereabouts
from soulbond.core.people import Person, PersonId
from soulbond.core.state import WorldState


class MessagingRules(WorldState):
    def _by_handle(self, handle: str) -> Person:
        person = self.person_with_handle(handle)
        if person is None:
            raise UnknownHandle(f"no one has the handle {handle}; check the number")
        return person

    def _own_handle(self, person: Person) -> str:
        if person.handle is None:
            raise InvalidInput(f"{person.name} has no contact handle, so cannot message anyone")
        return person.handle

    def send_message(self, sender: PersonId, to_handle: str, text: str, at: datetime) -> Message:
        """Relayed handle to handle; it never says whether the sender is the soulmate."""
        at = self._tick(at)
        person = self._living(sender, at, "send messages")
        if not text.strip():
            raise InvalidInput("a message needs some text")
        recipient = self._by_handle(to_handle)
        own = self._own_handle(person)
        delivered = not self.contacts.is_blocked(recipient.id, own)
        message = Message(
            len(self.contacts.messages) + 1, sender, own, recipient.id, to_handle, text, at, delivered
        )
        self.contacts.messages.append(message)
        self._record(Event(at, Kind.MESSAGED, actor=sender, other=recipient.id, text=text))
        return message

    def block(self, person: PersonId, handle: str, at: datetime) -> None:
        at = self._tick(at)
        self._living(person, at, "block anyone")
        self._by_handle(handle)
        self.contacts.blocked.setdefault(person, set()).add(handle)
        self._record(Event(at, Kind.BLOCKED, actor=person, text=handle))

    def unblock(self, person: PersonId, handle: str, at: datetime) -> None:
        at = self._tick(at)
        self._living(person, at, "unblock anyone")
        self.contacts.blocked.get(person, set()).discard(handle)
        self._record(Event(at, Kind.UNBLOCKED, actor=person, text=handle))

    def ask_if_soulmates(self, asker: PersonId, other_handle: str, at: datetime) -> Confirmation:
        """The registry answers only once both people in contact have asked."""
        at = self._tick(at)
        self._living(asker, at, "ask the registry")
        other = self._by_handle(other_handle)
        if not self.contacts.in_contact(asker, other.id):
            raise NotInContact(
                f"{self.name_of(asker)} and {other_handle} have not been in contact; "
                "the registry only answers people who are"
            )
        pair = frozenset({asker, other.id})
        asked = self.contacts.asked.setdefault(pair, set())
        asked.add(asker)
        self._record(Event(at, Kind.ASKED_REGISTRY, actor=asker, other=other.id))
        return self.confirmation(asker, other.id)

    def confirmation(self, asker: PersonId, other: PersonId) -> Confirmation:
        pair = frozenset({asker, other})
        if self.contacts.asked.get(pair, set()) != set(pair):
            return Confirmation.WAITING
        return Confirmation.SOULMATES if self.soulmate_of(asker) == other else Confirmation.NOT_SOULMATES

    def proves_custody(self, claimant: PersonId, item: ItemId) -> bool:
        """'I have your folder' checks out if it arrived on the claimant's floor and is still theirs."""
        self.person(claimant)
        place = self.where(item)
        arrived_here = any(
            d.recipient == claimant and d.state == "delivered" for d in self.deliveries_of(item)
        )
        return (
            arrived_here
            and place.person == claimant
            and place.where in (Whereabouts.HELD, Whereabouts.ON_FLOOR, Whereabouts.IN_BIN)
        )
