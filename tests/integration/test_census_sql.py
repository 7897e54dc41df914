"""Candidate counts from SQL agree with the core's Census on random small worlds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, delete, insert

from soulbond.adapters import tables
from soulbond.adapters.census import count_candidates
from soulbond.adapters.store import store_world
from soulbond.core import Home, Person, PersonId, World
from soulbond.core.items import AliveAround, BornBetween, Fact, HasTrait

START = datetime(2000, 1, 1, tzinfo=UTC)
VALUES = {"interest": ["rocks", "dogs", "reading"], "handwriting": ["cramped", "neat"]}
FAMILIES = ["Hatake", "Umino", "Maito"]

ENGINE = create_engine("sqlite://")
tables.metadata.create_all(ENGINE)

moments = st.integers(0, 30).map(lambda days: START + timedelta(days=days * 13, hours=7))
births = st.integers(0, 3000).map(lambda days: date(1990, 1, 1) + timedelta(days=days))
trait_sets = st.fixed_dictionaries(
    {key: st.frozensets(st.sampled_from(values), max_size=2) for key, values in VALUES.items()}
)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    world = World()
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
        world.register(person, START)
    for i in range(draw(st.integers(0, 6))):
        world.add_stranger(PersonId(f"s{i}"), draw(births), {k: v for k, v in draw(trait_sets).items() if v})
    actions = sorted(draw(st.lists(st.tuples(moments, st.integers(0, n - 1), st.integers(0, 3)), max_size=8)))
    for at, who, what in actions:
        person = PersonId(f"p{who}")
        if world.people[person].died is not None:
            continue
        if what == 0:
            world.die(person, at)
        elif what == 1:
            world.make_notorious(person, at)
        else:
            key = draw(st.sampled_from(sorted(VALUES)))
            world.change_trait(person, key, draw(st.frozensets(st.sampled_from(VALUES[key]), max_size=2)), at)
    return world


@st.composite
def finder_facts(draw: st.DrawFn) -> list[Fact]:
    facts: list[Fact] = []
    if draw(st.booleans()):
        earliest = draw(births)
        facts.append(BornBetween(earliest, earliest + timedelta(days=draw(st.integers(0, 2000)))))
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*VALUES, "family_name"]))
        value = draw(st.sampled_from(FAMILIES if key == "family_name" else VALUES[key]))
        facts.append(HasTrait(key, value, draw(moments)))
    if draw(st.booleans()):
        arrived = draw(moments)
        # A move can stretch a trip past a day: the arrival then reaches back to the loss.
        stretched = draw(st.one_of(st.none(), st.integers(2, 60).map(lambda d: arrived - timedelta(days=d))))
        facts.append(AliveAround(arrived, stretched))
    return facts


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(), facts=finder_facts(), at=moments, exclude=st.sampled_from([None, "p0", "s0"]))
def test_sql_counts_match_the_core_census(
    world: World, facts: list[Fact], at: datetime, exclude: str | None
) -> None:
    excluded = PersonId(exclude) if exclude else None
    with ENGINE.begin() as connection:
        for table in reversed(tables.metadata.sorted_tables):
            connection.execute(delete(table))
        connection.execute(insert(tables.world).values(id=1, clock="real", cooling_off_seconds=0))
        store_world(connection, world, clock_at=None)
        assert count_candidates(connection, facts, at, exclude=excluded) == world.census.count(
            facts, at, exclude=excluded
        )
