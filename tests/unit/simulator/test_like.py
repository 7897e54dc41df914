"""A population shaped like a story's world, and the story's own figures read from its replay."""

from __future__ import annotations

import numpy as np

from soulbond.scenario import load_scenario, resolve
from soulbond.simulator.config import load
from soulbond.simulator.like import NEVER, like_config, percentile, story_of


def test_the_storys_figures_and_world_come_from_the_scenario() -> None:
    path, name = resolve("lost-things")
    scenario = load_scenario(path, name=name)
    story = story_of(scenario)
    finders = {f.name: f for f in story.finders}
    assert set(finders) == {"Kakashi Hatake", "Iruka Umino"}
    kakashi, iruka = finders["Kakashi Hatake"], finders["Iruka Umino"]
    assert (kakashi.identified_age, kakashi.received, kakashi.candidates) == (27, 15, 1)
    assert (iruka.identified_age, iruka.received, iruka.candidates) == (None, 3, 1901)
    assert kakashi.partner_born == iruka.born

    config = like_config(load("town"), scenario, story)
    assert config.population.size == 150_000 + len(scenario.people)
    assert config.start_year == 1935
    assert config.start_year + config.years - 1 == story.end.year
    assert config.names == "ja_JP"
    assert [t.tz for t in config.towns] == ["Asia/Tokyo"]
    # Everyone is born during the run, up to the strangers' last birth year.
    assert [b.ages for b in config.population.age_pyramid] == [(1935 - 2012, 0)]
    assert config.items_by_age == load("town").items_by_age


def test_a_percentile_counts_those_below_and_half_of_those_equal() -> None:
    peers = np.asarray([10, 20, 20, 30, NEVER], dtype=np.int64)
    assert percentile(peers, 20) == 40.0
    assert percentile(peers, 5) == 0.0
    assert percentile(peers, NEVER) == 90.0
    assert np.isnan(percentile(np.asarray([], dtype=np.int64), 1))
