"""People, their homes, and the traits others could recognise them by."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import NewType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from soulbond.core.errors import UnknownTimeZone

PersonId = NewType("PersonId", str)

DEFAULT_WAKE = time(7, 0)

# Trait keys with a meaning the rules rely on; any other key is a free attribute
# (occupation, interest, handwriting, ...) matched the same way.
GIVEN_NAME = "given_name"
FAMILY_NAME = "family_name"
HANDLE = "handle"
PHOTO = "photo"

TraitValues = frozenset[str]


def zone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name``, or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownTimeZone(
            f"'{name}' is not an IANA time zone; use a name like 'Europe/Paris' or 'Asia/Tokyo'"
        ) from exc


@dataclass(frozen=True)
class Home:
    place: str
    tz: str
    wakes: time = DEFAULT_WAKE

    def __post_init__(self) -> None:
        zone(self.tz)

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.tz)


@dataclass(frozen=True)
class TraitChange:
    since: datetime
    key: str
    before: TraitValues
    after: TraitValues


@dataclass
class Person:
    id: PersonId
    given_name: str
    family_name: str
    born: date
    home: Home
    carefulness: float = 1.0
    """Losses per year, a person's own trait."""
    traits: dict[str, TraitValues] = field(default_factory=dict)
    died: datetime | None = None
    notorious_since: datetime | None = None
    trait_changes: list[TraitChange] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def handle(self) -> str | None:
        values = self.traits.get(HANDLE)
        return min(values) if values else None

    def all_traits(self) -> dict[str, TraitValues]:
        """Current traits, names included, as the census indexes them."""
        return {
            **self.traits,
            GIVEN_NAME: frozenset({self.given_name}),
            FAMILY_NAME: frozenset({self.family_name}),
        }

    def change_trait(self, key: str, values: TraitValues, since: datetime) -> TraitChange:
        change = TraitChange(since, key, self.traits.get(key, frozenset()), values)
        self.trait_changes.append(change)
        if values:
            self.traits[key] = values
        else:
            self.traits.pop(key, None)
        return change

    def traits_at(self, moment: datetime) -> dict[str, TraitValues]:
        """Traits as they were at ``moment``: later changes are undone."""
        traits = self.all_traits()
        for change in reversed(self.trait_changes):
            if change.since > moment:
                traits[change.key] = change.before
        return {key: values for key, values in traits.items() if values}

    def values_held_at(self, key: str, moment: datetime) -> TraitValues:
        """Every value ``key`` had at ``moment``, counting those a change at that very moment replaced.

        Several things can happen at one moment; an item lost between two changes
        made then told the value in between, so each of them fits.
        """
        values = set(self.traits_at(moment).get(key, frozenset()))
        for change in self.trait_changes:
            if change.key == key and change.since == moment:
                values |= change.before | change.after
        return frozenset(values)

    def is_born_by(self, moment: datetime) -> bool:
        return moment.astimezone(self.home.zone).date() >= self.born

    def is_alive_at(self, moment: datetime) -> bool:
        return self.is_born_by(moment) and (self.died is None or moment < self.died)

    def age_at(self, moment: datetime) -> int:
        return age_on(self.born, moment.astimezone(self.home.zone).date())


def age_on(born: date, day: date) -> int:
    """Whole years lived on ``day``; a 29 February birthday counts on 1 March."""
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years
