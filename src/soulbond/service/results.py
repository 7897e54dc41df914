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
class FatedLosses:
    person: str
    losses: int


@dataclass(frozen=True)
class Returned:
    item: str
    to: str


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
    item: str
    description: str


@dataclass(frozen=True)
class Floor:
    items: list[FloorItem]


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


@dataclass(frozen=True)
class Audit:
    possessions: list[Risk]


@dataclass(frozen=True)
class Custody:
    proven: bool
