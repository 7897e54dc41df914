"""What finders know, and how many people in the world still fit it.

The census indexes everyone (named people and anonymous strangers alike) by
birth date and by every trait value they have ever had, so a candidate count
is read off the indexes (a bisection of a birth range, an intersection of trait
holders) and checks exact, as-of-the-loss values only on the few who could
spoil it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter

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


class _BirthOrder:
    """People sorted by birth date, for counting a birth range by bisection.

    Additions wait in ``_new`` until the next look: a few are put in place one by
    one, a crowd (a town of strangers) by one sort.
    """

    def __init__(self, entries: Iterable[tuple[date, PersonId]] = ()) -> None:
        self._sorted = sorted(entries)
        self._new: list[tuple[date, PersonId]] = []

    def add(self, born: date, person: PersonId) -> None:
        self._new.append((born, person))

    def within(self, earliest: date, latest: date) -> tuple[list[tuple[date, PersonId]], int, int]:
        """The sorted entries, and the slice of them born from ``earliest`` to ``latest``."""
        if self._new:
            if len(self._new) < 32:
                for entry in self._new:
                    insort(self._sorted, entry)
            else:
                self._sorted.extend(self._new)
                self._sorted.sort()
            self._new = []
        low = bisect_left(self._sorted, earliest, key=itemgetter(0))
        high = bisect_right(self._sorted, latest, key=itemgetter(0))
        return self._sorted, low, high


class Census:
    """Everyone in the world, indexed for counting who fits a finder's knowledge.

    A count never walks everyone: a birth range is a bisection of people sorted
    by birth date, a trait value's holders are sorted by birth date the same way
    once asked about, and only the few people who could spoil a count from the
    indexes are checked one by one: the dead, people whose traits changed, and
    the finder themself.
    """

    def __init__(self) -> None:
        self._born: dict[PersonId, date] = {}
        self._died: dict[PersonId, datetime] = {}
        self._deaths: list[tuple[datetime, PersonId]] = []
        self._ever: dict[tuple[str, str], set[PersonId]] = {}
        self._people: dict[PersonId, Person] = {}
        self._notorious: dict[str, set[PersonId]] = {}
        self._changing: set[PersonId] = set()
        self._by_birth = _BirthOrder()
        self._holders_by_birth: dict[tuple[str, str], _BirthOrder] = {}

    def __len__(self) -> int:
        return len(self._born)

    def __contains__(self, person: object) -> bool:
        return person in self._born

    def add_stranger(self, person: PersonId, born: date, traits: dict[str, TraitValues]) -> None:
        """A person known only to the census: traits fixed for life, never acting."""
        self._born[person] = born
        self._by_birth.add(born, person)
        self._index(person, traits)

    def add_person(self, person: Person) -> None:
        self._born[person.id] = person.born
        self._by_birth.add(person.born, person.id)
        self._people[person.id] = person
        if person.trait_changes:
            self._changing.add(person.id)
        self._index(person.id, person.all_traits())
        for change in person.trait_changes:
            self._index(person.id, {change.key: change.before})

    def trait_changed(self, person: Person, key: str, values: TraitValues) -> None:
        self._changing.add(person.id)
        self._index(person.id, {key: values})

    def died(self, person: PersonId, at: datetime) -> None:
        before = self._died.get(person)
        if before is not None:
            self._deaths.remove((before, person))
        self._died[person] = at
        insort(self._deaths, (at, person))

    def became_notorious(self, person: Person) -> None:
        self._notorious.setdefault(person.family_name, set()).add(person.id)

    def _index(self, person: PersonId, traits: dict[str, TraitValues]) -> None:
        born = self._born[person]
        for key, values in traits.items():
            for value in values:
                holders = self._ever.setdefault((key, value), set())
                if person not in holders:
                    holders.add(person)
                    order = self._holders_by_birth.get((key, value))
                    if order is not None:
                        order.add(born, person)

    # -- counting ---------------------------------------------------------------

    def count(self, facts: Iterable[Fact], at: datetime, *, exclude: PersonId | None = None) -> int:
        query = self._query(facts, exclude)
        if query is None:
            return 0
        famous = self._notorious_fitting(query, at)
        if famous is not None:
            return len(famous)
        return self._count_from_indexes(query)

    def candidates(
        self, facts: Iterable[Fact], at: datetime, *, exclude: PersonId | None = None
    ) -> Iterator[PersonId]:
        """Everyone consistent with all ``facts``; for rules and tests, never shown to a finder."""
        query = self._query(facts, exclude)
        if query is None:
            return
        famous = self._notorious_fitting(query, at)
        if famous is not None:
            yield from sorted(famous)
            return
        for person in self._base(query):
            if self._fits(person, query):
                yield person

    def _query(self, facts: Iterable[Fact], exclude: PersonId | None) -> _Query | None:
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
            return None
        return _Query(traits, earliest, latest, died_after, exclude)

    def _notorious_fitting(self, query: _Query, at: datetime) -> set[PersonId] | None:
        """A notorious family name points straight at the people in the papers who fit.

        Only at those who fit: when the other facts rule out everyone in the papers,
        the name is just a name, and namesakes who are not notorious count as anyone would.
        """
        for fact in query.traits:
            if fact.key != FAMILY_NAME:
                continue
            famous = {
                p
                for p in self._notorious.get(fact.value, set())
                if (since := self._people[p].notorious_since) is not None and since <= at
            }
            fitting = {p for p in famous if self._fits(p, query)}
            if fitting:
                return fitting
        return None

    def _fits(self, person: PersonId, query: _Query) -> bool:
        if person == query.exclude:
            return False
        if not query.earliest <= self._born[person] <= query.latest:
            return False
        died_after = query.died_after
        if died_after is not None and (died := self._died.get(person)) is not None and died <= died_after:
            return False
        return self._has_traits_as_of(person, query.traits)

    def _has_traits_as_of(self, person: PersonId, traits: list[HasTrait]) -> bool:
        named = self._people.get(person)
        if named is None or not named.trait_changes:
            # Strangers' traits never change, and ``_ever`` already matched them.
            return all(person in self._ever.get((f.key, f.value), ()) for f in traits)
        return all(f.value in named.values_held_at(f.key, f.as_of) for f in traits)

    def _slice(self, query: _Query) -> _Slice:
        """The birth-sorted holders of the rarest value told (everyone if none), and the other holders."""
        if not query.traits:
            return _Slice(*self._by_birth.within(query.earliest, query.latest), None, [])
        keys = sorted({(f.key, f.value) for f in query.traits}, key=lambda k: len(self._ever.get(k, ())))
        rarest = self._ever.get(keys[0], set())
        others = [self._ever.get(k, set()) for k in keys[1:]]
        if not rarest:
            return _Slice([], 0, 0, rarest, others)
        order = self._holders_by_birth.get(keys[0])
        if order is None:
            order = self._holders_by_birth[keys[0]] = _BirthOrder((self._born[p], p) for p in rarest)
        return _Slice(*order.within(query.earliest, query.latest), rarest, others)

    def _base(self, query: _Query) -> Iterator[PersonId]:
        """Everyone born in range who ever held every value told, before the exact checks."""
        found = self._slice(query)
        for _, person in found.entries[found.low : found.high]:
            if all(person in holders for holders in found.others):
                yield person

    def _count_from_indexes(self, query: _Query) -> int:
        """The base count, corrected by checking only those who could spoil it."""
        found = self._slice(query)
        base = set(self._base(query)) if found.others else None
        counted = len(base) if base is not None else found.high - found.low

        def in_base(person: PersonId) -> bool:
            if base is not None:
                return person in base
            born = self._born[person]
            return (found.rarest is None or person in found.rarest) and query.earliest <= born <= query.latest

        doubtful: set[PersonId] = set()
        if query.traits:
            doubtful.update(self._changing)
        if query.exclude is not None and query.exclude in self._born:
            doubtful.add(query.exclude)
        if query.died_after is not None:
            stop = bisect_right(self._deaths, query.died_after, key=itemgetter(0))
            doubtful.update(person for _, person in self._deaths[:stop])
        for person in doubtful:
            if in_base(person) and not self._fits(person, query):
                counted -= 1
        return counted


@dataclass(frozen=True)
class _Slice:
    entries: list[tuple[date, PersonId]]
    low: int
    high: int
    rarest: set[PersonId] | None
    """Holders of the rarest value told; None when no trait was told."""
    others: list[set[PersonId]]


@dataclass(frozen=True)
class _Query:
    traits: list[HasTrait]
    earliest: date
    latest: date
    died_after: datetime | None
    exclude: PersonId | None
