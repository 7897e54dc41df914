"""Strangers carry names as common as in the real population their name culture comes from."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from soulbond.core import World
from soulbond.core.items import HasTrait
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME
from soulbond.names import name_frequencies
from soulbond.scenario import ScenarioError
from soulbond.scenario.parse import parse_scenario
from soulbond.scenario.replay import replay
from soulbond.scenario.strangers import add_strangers

AT = datetime(2020, 1, 1, tzinfo=UTC)


def story(strangers: str) -> str:
    return (
        "people:\n"
        "  iruka: {name: Iruka Umino, born: 1994-05-26, home: {tz: Asia/Tokyo}}\n"
        "  kakashi: {name: Kakashi Hatake, born: 1990-09-15, home: {tz: Asia/Tokyo}}\n"
        f"world:\n  strangers:\n{strangers}"
        "timeline: []\n"
    )


def town(count: int, names: str = "ja_JP", seed: int = 7) -> World:
    spec = parse_scenario(
        story(
            f"    count: {count}\n    seed: {seed}\n    born: [1950-01-01, 2010-12-31]\n    names: {names}\n"
        ),
        "story.yaml",
    ).strangers
    assert spec is not None
    world = World()
    add_strangers(world, spec)
    return world


def fits(world: World, key: str, value: str) -> int:
    return world.census.count([HasTrait(key, value, AT)], AT)


def test_a_common_family_name_among_a_hundred_thousand_strangers_leaves_many() -> None:
    world = town(100_000)
    assert fits(world, FAMILY_NAME, "Sato") > 3_000
    # The commonest name is shared by more people than a rarer one on the same list.
    assert fits(world, FAMILY_NAME, "Sato") > 2 * fits(world, FAMILY_NAME, "Nakagawa") > 0


def test_a_given_name_alone_narrows_the_candidates_but_seldom_identifies() -> None:
    world = town(20_000)
    given = name_frequencies("ja_JP").given.names[0]
    assert 50 < fits(world, GIVEN_NAME, given) < len(world.census) / 10


def test_a_full_name_is_counted_as_common_as_both_its_halves_make_it() -> None:
    world = town(100_000, names="en_US")
    both = [HasTrait(GIVEN_NAME, "Michael", AT), HasTrait(FAMILY_NAME, "Smith", AT)]
    smiths, michaels, michael_smiths = (
        fits(world, FAMILY_NAME, "Smith"),
        fits(world, GIVEN_NAME, "Michael"),
        world.census.count(both, AT),
    )
    assert smiths > 1_000 and michaels > 1_000
    assert 10 < michael_smiths < min(smiths, michaels) / 10


def test_registered_people_keep_their_own_names_among_named_strangers() -> None:
    result = replay(parse_scenario(story("    count: 500\n    born: [1950-01-01, 2010-12-31]\n"), "s.yaml"))
    assert result.world.people["iruka"].name == "Iruka Umino"
    assert fits(result.world, GIVEN_NAME, "Iruka") == 1


def test_choosing_a_name_culture_leaves_every_other_trait_as_the_seed_drew_it() -> None:
    traits = "    traits:\n      interest: {rocks: 0.3}\n"
    counts = []
    for names in ("ja_JP", "en_US"):
        spec = parse_scenario(
            story(f"    count: 2000\n    born: [1950-01-01, 2010-12-31]\n    names: {names}\n{traits}"),
            "s.yaml",
        ).strangers
        assert spec is not None
        world = World()
        add_strangers(world, spec)
        counts.append(fits(world, "interest", "rocks"))
    assert counts[0] == counts[1]


def test_an_unknown_name_culture_is_named_at_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(story("    count: 10\n    born: [1990-01-01, 2000-01-01]\n    names: jp\n"), "s.yaml")
    assert caught.value.line == 8
    assert "no name data for 'jp'" in caught.value.problem
