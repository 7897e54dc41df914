"""One small typed record per timeline action.

A record's own fields are the action's keys: the first is what the action's
key names (``lose: rock`` fills ``item``), the rest are the other keys, with a
default when they may be left out. Their types say how each is read (a person,
an item, a handle, text, yes/no, a home, traits), so a new action is one record
here, one handler in ``apply`` and one line in docs/scenarios.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import ClassVar, NewType

from soulbond.core.items import ItemId
from soulbond.core.people import Home, PersonId

Handle = NewType("Handle", str)
"""A contact handle (a phone number) as written: a message goes to one."""
CaseLabel = NewType("CaseLabel", str)
"""The writer's name for an application, such as 'the-application'."""
Traits = dict[str, frozenset[str]]


@dataclass(frozen=True, kw_only=True)
class Step:
    """What every timeline entry has: its line, and when it happens (UTC and as written)."""

    ACTION: ClassVar[str]
    line: int
    at: datetime | None
    """UTC; None only for a 'find' whose time the writer leaves to the law."""
    local: str = ""

    @property
    def people(self) -> tuple[PersonId, ...]:
        """Everyone the entry names, the acting person first."""
        return tuple(
            value for name in person_fields(type(self)) if (value := getattr(self, name)) is not None
        )

    @property
    def actor(self) -> PersonId | None:
        return self.people[0] if self.people else None


PERSON = {"person": True}
"""Marks a field that names one of the people."""


# -- possessions ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Lose(Step):
    ACTION = "lose"
    item: ItemId
    by: PersonId | None = field(default=None, metadata=PERSON)
    how: str = ""
    noticed: bool = True


@dataclass(frozen=True, kw_only=True)
class Find(Step):
    ACTION = "find"
    item: ItemId
    by: PersonId = field(metadata=PERSON)
    place: str = ""
    """Where the finder wakes to it: the home it must be on the floor of."""


@dataclass(frozen=True, kw_only=True)
class Keep(Step):
    ACTION = "keep"
    item: ItemId
    by: PersonId = field(metadata=PERSON)
    where: str = ""


@dataclass(frozen=True, kw_only=True)
class Discard(Step):
    ACTION = "discard"
    item: ItemId
    by: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class Recover(Step):
    ACTION = "recover"
    item: ItemId
    by: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class PickUp(Step):
    ACTION = "pick-up"
    item: ItemId
    by: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class Return(Step):
    ACTION = "return"
    item: ItemId
    by: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class Give(Step):
    ACTION = "give"
    item: ItemId
    from_: PersonId = field(metadata=PERSON)
    to: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class EmptyBin(Step):
    ACTION = "empty-bin"
    person: PersonId = field(metadata=PERSON)


# -- people --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Die(Step):
    ACTION = "die"
    person: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class Move(Step):
    ACTION = "move"
    person: PersonId = field(metadata=PERSON)
    home: Home


@dataclass(frozen=True, kw_only=True)
class Become(Step):
    ACTION = "become"
    person: PersonId = field(metadata=PERSON)
    traits: Traits


@dataclass(frozen=True, kw_only=True)
class Notorious(Step):
    ACTION = "notorious"
    person: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class Bond(Step):
    ACTION = "bond"
    person: PersonId = field(metadata=PERSON)
    with_: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class Meet(Step):
    ACTION = "meet"
    person: PersonId = field(metadata=PERSON)
    with_: PersonId = field(metadata=PERSON)
    """From now on each knows the other's handle, as acquaintances do."""


@dataclass(frozen=True, kw_only=True)
class PairByFate(Step):
    ACTION = "pair-by-fate"
    person: PersonId = field(metadata=PERSON)
    seed: int = 0


@dataclass(frozen=True, kw_only=True)
class FatedLosses(Step):
    """Read from the file, then drawn into ``FatedLoss`` entries once, so every replay agrees."""

    ACTION = "fated-losses"
    person: PersonId = field(metadata=PERSON)
    until: datetime
    seed: int = 0


@dataclass(frozen=True, kw_only=True)
class FatedLoss(Step):
    """One of fate's losses; never written, only drawn from ``fated-losses``."""

    ACTION = "fated-loss"
    person: PersonId = field(metadata=PERSON)
    seed: int = 0


# -- contact -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Message(Step):
    ACTION = "message"
    text: str
    from_: PersonId = field(metadata=PERSON)
    to: Handle


@dataclass(frozen=True, kw_only=True)
class Block(Step):
    ACTION = "block"
    person: PersonId = field(metadata=PERSON)
    handle_of: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class Unblock(Step):
    ACTION = "unblock"
    person: PersonId = field(metadata=PERSON)
    handle_of: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class AskRegistry(Step):
    ACTION = "ask-registry"
    person: PersonId = field(metadata=PERSON)
    about: PersonId = field(metadata=PERSON)


# -- the Foundation ------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ApplyToSever(Step):
    ACTION = "apply-to-sever"
    person: PersonId = field(metadata=PERSON)
    case: CaseLabel
    reasons: str
    jointly: bool = False


@dataclass(frozen=True, kw_only=True)
class Sign(Step):
    ACTION = "sign"
    person: PersonId = field(metadata=PERSON)
    case: CaseLabel
    reasons: str


@dataclass(frozen=True, kw_only=True)
class Statement(Step):
    ACTION = "statement"
    person: PersonId = field(metadata=PERSON)
    case: CaseLabel
    text: str


@dataclass(frozen=True, kw_only=True)
class ApplyForJob(Step):
    ACTION = "apply-for-job"
    person: PersonId = field(metadata=PERSON)


@dataclass(frozen=True, kw_only=True)
class Hire(Step):
    ACTION = "hire"
    person: PersonId = field(metadata=PERSON)
    by: PersonId = field(metadata=PERSON)
    senior: bool = False


@dataclass(frozen=True, kw_only=True)
class DeclareConflict(Step):
    ACTION = "declare-conflict"
    person: PersonId = field(metadata=PERSON)
    case: CaseLabel


@dataclass(frozen=True, kw_only=True)
class TakeCase(Step):
    ACTION = "take-case"
    person: PersonId = field(metadata=PERSON)
    case: CaseLabel


@dataclass(frozen=True, kw_only=True)
class OpenCase(Step):
    ACTION = "open-case"
    person: PersonId = field(metadata=PERSON)
    case: CaseLabel


@dataclass(frozen=True, kw_only=True)
class Decide(Step):
    ACTION = "decide"
    case: CaseLabel
    by: PersonId = field(metadata=PERSON)
    approve: bool
    reasons: str


@dataclass(frozen=True, kw_only=True)
class Withdraw(Step):
    ACTION = "withdraw"
    person: PersonId = field(metadata=PERSON)
    case: CaseLabel


@dataclass(frozen=True, kw_only=True)
class Appeal(Step):
    ACTION = "appeal"
    person: PersonId = field(metadata=PERSON)
    case: CaseLabel
    reasons: str = ""


@dataclass(frozen=True, kw_only=True)
class Severed(Step):
    ACTION = "severed"
    case: CaseLabel


@dataclass(frozen=True, kw_only=True)
class Note(Step):
    ACTION = "note"
    text: str
    about: PersonId | None = field(default=None, metadata=PERSON)


WRITTEN: tuple[type[Step], ...] = (
    Lose,
    Find,
    Keep,
    Discard,
    Recover,
    PickUp,
    Return,
    Give,
    EmptyBin,
    Die,
    Move,
    Become,
    Notorious,
    Bond,
    Meet,
    Message,
    Block,
    Unblock,
    AskRegistry,
    ApplyToSever,
    Sign,
    Statement,
    ApplyForJob,
    Hire,
    DeclareConflict,
    TakeCase,
    OpenCase,
    Decide,
    Withdraw,
    Appeal,
    Severed,
    Note,
    PairByFate,
    FatedLosses,
)
ACTIONS: dict[str, type[Step]] = {kind.ACTION: kind for kind in WRITTEN}
"""Every action a writer can use, by the key that names it."""


_PERSON_FIELDS: dict[str, tuple[str, ...]] = {}


def person_fields(kind: type[Step]) -> tuple[str, ...]:
    """The fields of ``kind`` that name people, in order: the first is whoever acts."""
    if kind.__name__ not in _PERSON_FIELDS:
        _PERSON_FIELDS[kind.__name__] = tuple(f.name for f in fields(kind) if f.metadata.get("person"))
    return _PERSON_FIELDS[kind.__name__]


def key_of(name: str) -> str:
    """A field's key in the file: ``from_`` is 'from', ``handle_of`` is 'handle-of'."""
    return name.rstrip("_").replace("_", "-")
