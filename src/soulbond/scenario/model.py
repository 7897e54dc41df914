"""A scenario once read: people, bonds, possessions and a timeline, all checked for form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from soulbond.core import Home, PersonId
from soulbond.core.items import Disclosure, ItemId
from soulbond.names import DEFAULT_CULTURE
from soulbond.scenario.actions import Step


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
    knows: tuple[PersonId, ...] = ()
    """Acquaintances (friends, family, colleagues), whose handles each knows from the start."""


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
class Scenario:
    file: str
    title: str
    summary: str
    start: datetime
    people: dict[PersonId, PersonSpec]
    bonds: list[tuple[PersonId, PersonId, int]]
    items: dict[ItemId, ItemSpec]
    events: list[Step]
    strangers: Strangers | None
    director: PersonId | None
    cooling_off: timedelta
