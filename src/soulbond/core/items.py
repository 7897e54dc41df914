"""Possessions, what they tell, and where they are.

What is *on* an item (written, drawn, printed, photographed) describes whose it
is as they were when it was made, whoever carries it later; what merely
*carrying* it suggests describes whoever loses it, at the loss (WORLD.md 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NewType

from soulbond.core.people import Person, PersonId

ItemId = NewType("ItemId", str)


@dataclass(frozen=True)
class TellsAge:
    """An age, give or take ``within`` years: the maker's when made, or (carried) the loser's at the loss."""

    within: int = 0
    carried: bool = False


@dataclass(frozen=True)
class TellsTrait:
    """Values of a trait; with ``only``, just whether they have that one. Whose: as ``TellsAge``."""

    key: str
    only: str | None = None
    carried: bool = False


@dataclass(frozen=True)
class TellsNote:
    """Something a finder learns that matches no one's record (feelings, a date)."""

    text: str
    carried: bool = False


Disclosure = TellsAge | TellsTrait | TellsNote


@dataclass(frozen=True)
class BornBetween:
    earliest: date
    latest: date


@dataclass(frozen=True)
class HasTrait:
    key: str
    value: str
    as_of: datetime


# A loss happens at most one day (plus a daylight-saving hour) before the
# next wake time anywhere, so a finder can bound when the loser was alive.
LONGEST_TRANSIT = timedelta(hours=25)


@dataclass(frozen=True)
class AliveAround:
    """The loser was alive when the item left them: at most a day before it arrived, or from ``since``.

    A finder who moves while something is on its way to them gets it at the new
    home's next wake, which can stretch its trip past ``LONGEST_TRANSIT``; such an
    arrival reaches back as far as the trip really took, so the loser stays a candidate.
    """

    arrived: datetime
    since: datetime | None = None

    @property
    def alive_after(self) -> datetime:
        """The loser was alive at some moment no earlier than this."""
        usual = self.arrived - LONGEST_TRANSIT
        return usual if self.since is None else min(usual, self.since)


@dataclass(frozen=True)
class Note:
    text: str


Fact = BornBetween | HasTrait | AliveAround | Note


def disclose(
    disclosures: tuple[Disclosure, ...],
    loser: Person,
    at: datetime,
    *,
    maker: Person | None = None,
    made: datetime | None = None,
) -> tuple[Fact, ...]:
    """The facts an item tells when ``loser`` loses it at ``at``, and only those.

    What is on it describes ``maker`` (its first owner; the loser if none is
    known) as at ``made``; an item whose making is not dated shows its maker as
    they are at the loss. What carrying it suggests describes the loser at ``at``.
    """
    on_whom, on_when = maker or loser, made or at
    facts: list[Fact] = []
    for disclosure in disclosures:
        whom, when = (loser, at) if disclosure.carried else (on_whom, on_when)
        facts.extend(_tell(disclosure, whom, when))
    return tuple(facts)


def _tell(disclosure: Disclosure, person: Person, at: datetime) -> list[Fact]:
    if isinstance(disclosure, TellsAge):
        age = person.age_at(at)
        day = at.astimezone(person.home.zone).date()
        return [born_between_for_age(day, age - disclosure.within, age + disclosure.within)]
    if isinstance(disclosure, TellsTrait):
        values = person.traits_at(at).get(disclosure.key, frozenset())
        if disclosure.only is not None:
            values = values & {disclosure.only}
        return [HasTrait(disclosure.key, v, at) for v in sorted(values)]
    return [Note(disclosure.text)]


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


@dataclass(frozen=True)
class Place:
    """Exactly one of the places section 4 lists; ``person`` says whose."""

    where: Whereabouts
    person: PersonId
    how: str = ""
    lies_at: str = ""
    """For a thing lost for good: the place it lies, where only someone there can pick it up."""

    def describe(self, name: str) -> str:
        phrases = {
            Whereabouts.HELD: f"with {name}",
            Whereabouts.IN_TRANSIT: f"in transit to {name}'s floor",
            Whereabouts.ON_FLOOR: f"on {name}'s floor",
            Whereabouts.IN_BIN: f"in {name}'s bin",
            Whereabouts.DISCARDED: f"thrown out by {name}",
            Whereabouts.LOST_FOR_GOOD: f"lost for good where {name} lost it"
            + (f", at {self.lies_at}" if self.lies_at else ""),
        }
        text = phrases[self.where]
        return f"{text} ({self.how})" if self.how else text


@dataclass
class Item:
    id: ItemId
    description: str
    disclosures: tuple[Disclosure, ...] = ()
    first_owner: PersonId | None = None
    """Whose it is from the start: what is on it describes them."""
    made: datetime | None = None
    """When what is on it was written, drawn or printed; None when the story does not say."""
    looks: str = ""
    """What anyone holding it sees, with no one's name: ``description`` is its owner's or a writer's label."""
