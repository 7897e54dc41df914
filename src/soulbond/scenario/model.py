"""A scenario once read: people, bonds, possessions and a timeline, all checked for form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from soulbond.core import Home, PersonId
from soulbond.core.items import Disclosure, ItemId
from soulbond.names import DEFAULT_CULTURE


@dataclass(frozen=True)
class Strangers:
    """Anonymous people who make candidate sets as large as a real town's."""

    count: int
    seed: int
    born_from: date
    born_to: date
    independent: dict[str, dict[str, float]]
    exclusive: dict[str, dict[str, float]]
    names: str = DEFAULT_CULTURE
    """The name culture (a Faker locale such as ``ja_JP``) their names are drawn from."""


@dataclass(frozen=True)
class PersonSpec:
    id: PersonId
    given_name: str
    family_name: str
    born: date
    home: Home
    carefulness: float
    traits: dict[str, frozenset[str]]
    line: int


@dataclass(frozen=True)
class ItemSpec:
    id: ItemId
    owner: PersonId
    description: str
    disclosures: tuple[Disclosure, ...]
    since: datetime | None
    line: int
    looks: str = ""


@dataclass(frozen=True)
class EventSpec:
    """One timeline entry. ``fields`` holds the action's own words, already checked."""

    line: int
    action: str
    at: datetime | None
    """UTC; None only for a 'find' whose time the writer leaves to the law."""
    local: str
    actor: PersonId | None
    item: ItemId | None = None
    other: PersonId | None = None
    text: str = ""
    case: str | None = None
    flag: bool = False
    home: Home | None = None
    traits: dict[str, frozenset[str]] = field(default_factory=dict)
    seed: int = 0


@dataclass(frozen=True)
class Scenario:
    file: str
    title: str
    summary: str
    start: datetime
    people: dict[PersonId, PersonSpec]
    bonds: list[tuple[PersonId, PersonId, int]]
    items: dict[ItemId, ItemSpec]
    events: list[EventSpec]
    strangers: Strangers | None
    director: PersonId | None
    cooling_off: timedelta
