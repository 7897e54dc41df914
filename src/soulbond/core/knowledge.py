"""What finders know, and how many people in the world still fit it.

The census indexes everyone (named people and anonymous strangers alike) by
birth date and by every trait value they have ever had, so a candidate count
narrows by set intersection first and checks exact, as-of-the-loss values only
on the few who remain.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from soulbond.core.items import AliveAround, BornBetween, Fact, HasTrait, ItemId, Note
from soulbond.core.people import FAMILY_NAME, Person, PersonId, TraitValues

AHEAD_OF_UTC = timedelta(hours=14)
"""The furthest any time zone's clocks run ahead of UTC (Pacific/Kiritimati)."""


@dataclass(frozen=True)
class Learnt:
    """What one arrival told a finder."""

    item: ItemId
    arrived: datetime
    facts: tuple[Fact, ...]


@dataclass
class Knowledge:
    """Everything the found items told one finder about their soulmate."""

    learnt: list[Learnt] = field(default_factory=list)

    def facts(self) -> list[Fact]:
        return [fact for entry in self.learnt for fact in entry.facts]

    def notes(self) -> list[str]:
        return [fact.text for fact in self.facts() if isinstance(fact, Note)]


class Census:
    """Everyone in the world, indexed for counting who fits a finder's knowledge."""

    def __init__(self) -> None:
        self._born: dict[PersonId, date] = {}
        self._died: dict[PersonId, datetime] = {}
        self._ever: dict[tuple[str, str], set[PersonId]] = {}
        self._people: dict[PersonId, Person] = {}
        self._notorious: dict[str, set[PersonId]] = {}
        self._by_birth: list[tuple[date, PersonId]] | None = None

    def __len__(self) -> int:
        return len(self._born)

    def __contains__(self, person: object) -> bool:
        return person in self._born

    def add_stranger(self, person: PersonId, born: date, traits: dict[str, TraitValues]) -> None:
        """A person known only to the census: traits fixed for life, never acting."""
        self._born[person] = born
        self._index(person, traits)
        self._by_birth = None

    def add_person(self, person: Person) -> None:
        self._born[person.id] = person.born
        self._people[person.id] = person
        self._index(person.id, person.all_traits())
        self._by_birth = None

    def trait_changed(self, person: Person, key: str, values: TraitValues) -> None:
        self._index(person.id, {key: values})

    def died(self, person: PersonId, at: datetime) -> None:
        self._died[person] = at

    def became_notorious(self, person: Person) -> None:
        self._notorious.setdefault(person.family_name, set()).add(person.id)

    def _index(self, person: PersonId, traits: dict[str, TraitValues]) -> None:
        for key, values in traits.items():
            for value in values:
                self._ever.setdefault((key, value), set()).add(person)

    def count(self, facts: Iterable[Fact], at: datetime, *, exclude: PersonId | None = None) -> int:
        return sum(1 for _ in self.candidates(facts, at, exclude=exclude))

    def candidates(
        self, facts: Iterable[Fact], at: datetime, *, exclude: PersonId | None = None
    ) -> Iterator[PersonId]:
        """Everyone consistent with all ``facts``; for rules and tests, never shown to a finder."""
        facts = list(facts)
        traits = [f for f in facts if isinstance(f, HasTrait)]
        births = [f for f in facts if isinstance(f, BornBetween)]
        alive = [f for f in facts if isinstance(f, AliveAround)]
        earliest = max((b.earliest for b in births), default=date.min)
        latest = min((b.latest for b in births), default=date.max)
        # Every arrival says the loser was alive then: the first bounds the birth,
        # the last bounds the death, so many arrivals cost no more than one.
        died_after: datetime | None = None
        if alive:
            # Born by the loss in their own zone, whose date may run up to 14 hours ahead of UTC.
            latest = min(latest, (min(a.arrived for a in alive) + AHEAD_OF_UTC).date())
            died_after = max(a.alive_after for a in alive)
        if earliest > latest:
            return
        pool: Iterable[PersonId] | None = self._notorious_pool(traits, at)
        if pool is None:
            pool = self._trait_pool(traits)
        if pool is None:
            pool = self._birth_pool(earliest, latest)
        for person in pool:
            if person == exclude:
                continue
            if not earliest <= self._born[person] <= latest:
                continue
            if died_after is not None and (died := self._died.get(person)) is not None and died <= died_after:
                continue
            if not self._has_traits_as_of(person, traits):
                continue
            yield person

    def _notorious_pool(self, traits: list[HasTrait], at: datetime) -> set[PersonId] | None:
        """A notorious family name points straight at the people in the papers."""
        for fact in traits:
            if fact.key != FAMILY_NAME:
                continue
            famous = {
                p
                for p in self._notorious.get(fact.value, set())
                if (since := self._people[p].notorious_since) is not None and since <= at
            }
            if famous:
                return famous
        return None

    def _trait_pool(self, traits: list[HasTrait]) -> list[PersonId] | None:
        if not traits:
            return None
        sets = sorted((self._ever.get((f.key, f.value), set()) for f in traits), key=len)
        pool = set(sets[0])
        for other in sets[1:]:
            pool &= other
        return sorted(pool)

    def _birth_pool(self, earliest: date, latest: date) -> list[PersonId]:
        if self._by_birth is None:
            self._by_birth = sorted((born, person) for person, born in self._born.items())
        low = bisect_left(self._by_birth, (earliest, ""))
        high = bisect_right(self._by_birth, (latest, "\uffff"))
        return [person for _, person in self._by_birth[low:high]]

    def _has_traits_as_of(self, person: PersonId, traits: list[HasTrait]) -> bool:
        named = self._people.get(person)
        if named is None or not named.trait_changes:
            # Strangers' traits never change, and ``_ever`` already matched them.
            return all(person in self._ever.get((f.key, f.value), ()) for f in traits)
        return all(f.value in named.values_held_at(f.key, f.as_of) for f in traits)
