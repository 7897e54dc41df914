"""Contact by ordinary means: messages, blocks, bond confirmation, proof of custody."""

from __future__ import annotations

from datetime import datetime

from soulbond.core.contact import Confirmation, Message
from soulbond.core.errors import InvalidInput, NotInContact
from soulbond.core.events import Event, Kind
from soulbond.core.items import ItemId, Whereabouts
from soulbond.core.people import Person, PersonId
from soulbond.core.state import WorldState


class MessagingRules(WorldState):
    def _own_handle(self, person: Person) -> str:
        if person.handle is None:
            raise InvalidInput(f"{person.name} has no contact handle, so cannot message anyone")
        return person.handle

    def send_message(self, sender: PersonId, to_handle: str, text: str, at: datetime) -> Message:
        """Relayed handle to handle; it never says whether the sender is the soulmate.

        A number no one has is accepted like any other and reaches no one: an
        answer that differed would let anyone test numbers.
        """
        at = self._tick(at)
        person = self._living(sender, at, "send messages")
        if not text.strip():
            raise InvalidInput("a message needs some text")
        if not to_handle.strip():
            raise InvalidInput("give the number to send the message to")
        own = self._own_handle(person)
        recipient = self.person_with_handle(to_handle)
        delivered = recipient is not None and not self.contacts.is_blocked(recipient.id, own)
        message = Message(
            len(self.contacts.messages) + 1,
            sender,
            own,
            recipient.id if recipient else None,
            to_handle,
            text,
            at,
            delivered,
        )
        self.contacts.messages.append(message)
        self._record(
            Event(at, Kind.MESSAGED, actor=sender, other=recipient.id if recipient else None, text=text)
        )
        return message

    def block(self, person: PersonId, handle: str, at: datetime) -> None:
        """Any number can be blocked, whether or not anyone has it: blocking tests nothing."""
        at = self._tick(at)
        self._living(person, at, "block anyone")
        if not handle.strip():
            raise InvalidInput("give the number to block")
        self.contacts.blocked.setdefault(person, set()).add(handle)
        self._record(Event(at, Kind.BLOCKED, actor=person, text=handle))

    def unblock(self, person: PersonId, handle: str, at: datetime) -> None:
        at = self._tick(at)
        self._living(person, at, "unblock anyone")
        self.contacts.blocked.get(person, set()).discard(handle)
        self._record(Event(at, Kind.UNBLOCKED, actor=person, text=handle))

    def ask_if_soulmates(self, asker: PersonId, other_handle: str, at: datetime) -> Confirmation:
        """The registry answers only once both people in contact have asked.

        Contact is judged from the asker's side alone (see ``Contacts.has_written``),
        and a number no one has waits forever, like one whose owner never asks.
        """
        at = self._tick(at)
        person = self._living(asker, at, "ask the registry")
        if not self.contacts.has_written(asker, person.handle, other_handle):
            raise NotInContact(
                f"{person.name} and {other_handle} have not been in contact; "
                "the registry only answers people who are",
                public_message=f"you and {other_handle} have not been in contact; "
                "the registry only answers people who are",
            )
        other = self.person_with_handle(other_handle)
        if other is None or other.id == asker:
            return Confirmation.WAITING
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
