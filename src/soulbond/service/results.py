"""What use cases answer: plain JSON-friendly records, so a retried request gets the same answer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Done:
    """A change was made; ``text`` says what, in the world's words."""

    text: str


@dataclass(frozen=True)
class Paired:
    newcomer: str
    partner: str


@dataclass(frozen=True)
class LossReported:
    """Only which item: whether it travelled would tell the loser whether their soulmate lives."""

    item: str


@dataclass(frozen=True)
class Returned:
    """Only which item: the finder already knows whom they handed it to."""

    item: str


@dataclass(frozen=True)
class Emptied:
    items: list[str]


@dataclass(frozen=True)
class MessageSent:
    to_handle: str


@dataclass(frozen=True)
class Answer:
    text: str


@dataclass(frozen=True)
class CaseFiled:
    case: int


@dataclass(frozen=True)
class Delivered:
    delivery: int
    item: str


@dataclass(frozen=True)
class FloorItem:
    """An item as its finder sees it: what is on it, what it told them, and when it arrived."""

    item: str
    description: str
    tells: list[str]
    arrived: str


@dataclass(frozen=True)
class Floor:
    items: list[FloorItem]


@dataclass(frozen=True)
class Thing:
    item: str
    description: str
    how: str


@dataclass(frozen=True)
class Possessions:
    """What a person keeps (what they found and kept included) and what is in their bin."""

    held: list[Thing]
    bin: list[Thing]


@dataclass(frozen=True)
class InboxMessage:
    from_handle: str
    text: str
    at: str


@dataclass(frozen=True)
class RegistryReply:
    other_handle: str
    answer: str


@dataclass(frozen=True)
class FoundationNotice:
    case: int
    at: str
    state: str
    text: str


@dataclass(frozen=True)
class Inbox:
    """Messages by the sender's number, the registry's answers, the Foundation's notices; never who."""

    messages: list[InboxMessage]
    registry: list[RegistryReply]
    notices: list[FoundationNotice]


@dataclass(frozen=True)
class Known:
    """A finder's knowledge: the facts as words, and how many people still fit."""

    facts: list[str]
    candidates: int
    identified: bool


@dataclass(frozen=True)
class Risk:
    item: str
    reveals: list[str]
    candidates_now: int | None
    """None when nothing would travel."""
    candidates_if_lost: int | None
    stays: str = ""
    """Why nothing would travel (a severed bond), or ''."""


@dataclass(frozen=True)
class Audit:
    possessions: list[Risk]


@dataclass(frozen=True)
class Custody:
    proven: bool


@dataclass(frozen=True)
class Clock:
    """The world's moment (ISO, UTC), and what advancing it to there made happen."""

    now: str
    simulated: bool
    fated_losses: int = 0
    """Things fate took on the way; their losers were not told."""
    due: int = 0
    """Deliveries and severances due by now, waiting for the worker."""
    made: int = 0
    """Deliveries and severances made straight after (``advance --deliver``)."""


@dataclass(frozen=True)
class MadeHappen:
    made: int
    """How many deliveries and severances happened."""


@dataclass(frozen=True)
class FateRan:
    until: str
    losses: int


@dataclass(frozen=True)
class Imported:
    name: str
    people: int
    strangers: int
    items: int
    ledger_entries: int
    clock: str


@dataclass(frozen=True)
class Exported:
    text: str
    """The scenario file."""
    left_out: list[str]
    """What the format cannot say."""


@dataclass(frozen=True)
class Worked:
    """Deliveries and severances a worker made happen."""

    made: int
