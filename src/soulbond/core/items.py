"""Possessions, what they tell about whoever loses them, and where they are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NewType

from soulbond.core.people import Person, PersonId

ItemId = NewType("ItemId", str)


@dataclass(frozen=True, slots=True)
class TellsAge:
    """The loser's age at the loss, give or take ``within`` years."""

    within: int = 0


@dataclass(frozen=True, slots=True)
class TellsTrait:
    """The loser's values for a trait; with ``only``, just whether they have that one."""

    key: str
    only: str | None = None


@dataclass(frozen=True, slots=True)
class TellsNote:
    """Something a finder learns that matches no one's record (feelings, a date)."""

    text: str


Disclosure = TellsAge | TellsTrait | TellsNote


@dataclass(frozen=True, slots=True)
class BornBetween:
    earliest: date
    latest: date


@dataclass(frozen=True, slots=True)
class HasTrait:
    key: str
    value: str
    as_of: datetime


@dataclass(frozen=True, slots=True)
class AliveAround:
    """The loser was alive when the item left them, at most a day before it arrived."""

    arrived: datetime


@dataclass(frozen=True, slots=True)
class Note:
    text: str


Fact = BornBetween | HasTrait | AliveAround | Note

# A loss happens at most one day (plus a daylight-saving hour) before the
# next wake time anywhere, so a finder can bound when the loser was alive.
LONGEST_TRANSIT = timedelta(hours=25)


def disclose(disclosures: tuple[Disclosure, ...], loser: Person, at: datetime) -> tuple[Fact, ...]:
    """The facts an item carries about ``loser`` as they were at ``at``, and only those."""
    facts: list[Fact] = []
    traits = loser.traits_at(at)
    for disclosure in disclosures:
        if isinstance(disclosure, TellsAge):
            age = loser.age_at(at)
            day = at.astimezone(loser.home.zone).date()
            facts.append(born_between_for_age(day, age - disclosure.within, age + disclosure.within))
        elif isinstance(disclosure, TellsTrait):
            values = traits.get(disclosure.key, frozenset())
            if disclosure.only is not None:
                values = values & {disclosure.only}
            facts.extend(HasTrait(disclosure.key, v, at) for v in sorted(values))
        else:
            facts.append(Note(disclosure.text))
    return tuple(facts)


def born_between_for_age(day: date, youngest: int, oldest: int) -> BornBetween:
    """Birth dates of everyone aged ``youngest`` to ``oldest`` on ``day``."""
    youngest = max(youngest, 0)
    latest = _years_before(day, youngest)
    earliest = _years_before(day, oldest + 1) + timedelta(days=1)
    return BornBetween(earliest, latest)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


class Whereabouts(StrEnum):
    HELD = "held"
    IN_TRANSIT = "in transit"
    ON_FLOOR = "on a floor"
    IN_BIN = "in a bin"
    DISCARDED = "discarded"
    LOST_FOR_GOOD = "lost for good"


@dataclass(frozen=True, slots=True)
class Place:
    """Exactly one of the places section 4 lists; ``person`` says whose."""

    where: Whereabouts
    person: PersonId
    how: str = ""

    def describe(self, name: str) -> str:
        phrases = {
            Whereabouts.HELD: f"with {name}",
            Whereabouts.IN_TRANSIT: f"in transit to {name}'s floor",
            Whereabouts.ON_FLOOR: f"on {name}'s floor",
            Whereabouts.IN_BIN: f"in {name}'s bin",
            Whereabouts.DISCARDED: f"thrown out by {name}",
            Whereabouts.LOST_FOR_GOOD: f"lost for good where {name} lost it",
        }
        text = phrases[self.where]
        return f"{text} ({self.how})" if self.how else text


@dataclass(slots=True)
class Item:
    id: ItemId
    description: str
    disclosures: tuple[Disclosure, ...] = ()
    first_owner: PersonId | None = None
