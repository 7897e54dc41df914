"""Counts read off the census's indexes equal a brute-force count of everyone who fits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soulbond.core import Home, Person, PersonId, World
from soulbond.core.items import LONGEST_TRANSIT, AliveAround, BornBetween, Fact, HasTrait
from soulbond.core.knowledge import AHEAD_OF_UTC
from soulbond.core.people import FAMILY_NAME, TraitValues

START = datetime(2000, 1, 1, tzinfo=UTC)
VALUES = {"interest": ["rocks", "dogs", "reading"], "handwriting": ["cramped", "neat"]}
FAMILIES = ["Hatake", "Umino", "Maito"]

moments = st.integers(0, 30).map(lambda days: START + timedelta(days=days * 13, hours=7))
births = st.integers(0, 3000).map(lambda days: date(1990, 1, 1) + timedelta(days=days))
trait_sets = st.fixed_dictionaries(
    {key: st.frozensets(st.sampled_from(values), max_size=2) for key, values in VALUES.items()}
)


@dataclass
class Town:
    world: World
    strangers: dict[PersonId, tuple[date, dict[str, TraitValues]]]

    def add_strangers(self, draw: st.DrawFn, first: int, count: int) -> None:
        for i in range(first, first + count):
            traits = {k: v for k, v in draw(trait_sets).items() if v}
            if draw(st.booleans()):
                traits[FAMILY_NAME] = frozenset({draw(st.sampled_from(FAMILIES))})
            born = draw(births)
            self.world.add_stranger(PersonId(f"s{i}"), born, traits)
            self.strangers[PersonId(f"s{i}")] = (born, traits)


@st.composite
def towns(draw: st.DrawFn) -> Town:
    town = Town(World(), {})
    n = draw(st.integers(1, 8))
    for i in range(n):
        traits = {k: v for k, v in draw(trait_sets).items() if v}
        person = Person(
            PersonId(f"p{i}"),
            f"P{i}",
            draw(st.sampled_from(FAMILIES)),
            draw(births),
            Home("home", "UTC"),
            traits=traits,
        )
        town.world.register(person, START)
    town.add_strangers(draw, 0, draw(st.integers(0, 40)))
    actions = sorted(draw(st.lists(st.tuples(moments, st.integers(0, n - 1), st.integers(0, 3)), max_size=8)))
    for at, who, what in actions:
        person = PersonId(f"p{who}")
        if town.world.people[person].died is not None:
            continue
        if what == 0:
            town.world.die(person, at)
        elif what == 1:
            town.world.make_notorious(person, at)
        else:
            key = draw(st.sampled_from(sorted(VALUES)))
            values = draw(st.frozensets(st.sampled_from(VALUES[key]), max_size=2))
            town.world.change_trait(person, key, values, at)
    return town


@st.composite
def finder_facts(draw: st.DrawFn) -> list[Fact]:
    facts: list[Fact] = []
    if draw(st.booleans()):
        earliest = draw(births)
        facts.append(BornBetween(earliest, earliest + timedelta(days=draw(st.integers(0, 2000)))))
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*VALUES, FAMILY_NAME]))
        value = draw(st.sampled_from(FAMILIES if key == FAMILY_NAME else VALUES[key]))
        facts.append(HasTrait(key, value, draw(moments)))
    for _ in range(draw(st.integers(0, 2))):
        facts.append(AliveAround(draw(moments)))
    return facts


def brute_force(town: Town, facts: list[Fact], at: datetime, exclude: PersonId | None) -> set[PersonId]:
    """WORLD.md section 5 read literally, one person at a time."""
    births_told = [f for f in facts if isinstance(f, BornBetween)]
    alive = [f.arrived for f in facts if isinstance(f, AliveAround)]
    traits = [f for f in facts if isinstance(f, HasTrait)]
    earliest = max((f.earliest for f in births_told), default=date.min)
    latest = min((f.latest for f in births_told), default=date.max)
    if alive:
        latest = min(latest, (min(alive) + AHEAD_OF_UTC).date())

    def fits(person: PersonId) -> bool:
        if person == exclude:
            return False
        if person in town.strangers:
            born, held = town.strangers[person]
            return earliest <= born <= latest and all(f.value in held.get(f.key, ()) for f in traits)
        named = town.world.people[person]
        if alive and named.died is not None and named.died <= max(alive) - LONGEST_TRANSIT:
            return False
        return earliest <= named.born <= latest and all(
            f.value in named.values_held_at(f.key, f.as_of) for f in traits
        )

    for fact in traits:
        if fact.key == FAMILY_NAME:
            famous = {
                p.id
                for p in town.world.people.values()
                if p.family_name == fact.value and p.notorious_since is not None and p.notorious_since <= at
            }
            if fitting := {p for p in famous if fits(p)}:
                return fitting
    return {p for p in [*town.world.people, *town.strangers] if fits(p)}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    town=towns(),
    facts=finder_facts(),
    at=moments,
    exclude=st.sampled_from([None, "p0", "s0"]),
    data=st.data(),
)
def test_indexed_counts_equal_a_brute_force_count_of_everyone_who_fits(
    town: Town, facts: list[Fact], at: datetime, exclude: str | None, data: st.DataObject
) -> None:
    excluded = PersonId(exclude) if exclude else None
    census = town.world.census
    for _ in range(2):
        expected = brute_force(town, facts, at, excluded)
        assert census.count(facts, at, exclude=excluded) == len(expected)
        assert set(census.candidates(facts, at, exclude=excluded)) == expected
        # More strangers after the indexes were read: the counts follow them.
        town.add_strangers(data.draw, len(town.strangers), data.draw(st.integers(0, 40)))
