"""Ordinary means: messages between handles, blocks, and mutual bond confirmation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from soulbond.core.people import PersonId


@dataclass(frozen=True)
class Message:
    id: int
    sender: PersonId
    sender_handle: str
    recipient: PersonId | None
    """None for a handle no one has: the message goes nowhere, and the sender is not told."""
    recipient_handle: str
    text: str
    at: datetime
    delivered: bool
    """False when the recipient blocks the sender; the sender is never told."""


class Confirmation(StrEnum):
    WAITING = "waiting for the other person to ask too"
    SOULMATES = "you are soulmates"
    NOT_SOULMATES = "you are not soulmates"


@dataclass
class Contacts:
    messages: list[Message] = field(default_factory=list)
    blocked: dict[PersonId, set[str]] = field(default_factory=dict)
    asked: dict[frozenset[PersonId], set[PersonId]] = field(default_factory=dict)

    def is_blocked(self, recipient: PersonId, sender_handle: str) -> bool:
        return sender_handle in self.blocked.get(recipient, set())

    def in_contact(self, a: PersonId, b: PersonId) -> bool:
        """Two people are in contact once a message has reached either from the other."""
        return any(m.delivered and {m.sender, m.recipient} == {a, b} for m in self.messages)

    def has_written(self, asker: PersonId, own_handle: str | None, other_handle: str) -> bool:
        """From ``asker``'s side they are in contact with ``other_handle``: they wrote to it, or it to them.

        What the asker sent counts whether or not it was blocked, so nothing they
        can ask tells them that they were blocked, or that no one has the number.
        """
        return any(
            (m.sender == asker and m.recipient_handle == other_handle)
            or (m.recipient == asker and m.delivered and m.sender_handle == other_handle)
            for m in self.messages
        )

    def inbox(self, person: PersonId) -> list[Message]:
        return [m for m in self.messages if m.recipient == person and m.delivered]
