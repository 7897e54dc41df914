from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import kstest

from soulbond.simulator import kernels, population, streams
from tests.unit.simulator.factories import make_config


def test_a_pairs_draws_do_not_depend_on_which_pairs_are_drawn_with_it() -> None:
    alone = streams.uniform(
        streams.pair_keys(7, np.asarray([5], dtype=np.int64)), streams.counter(2001, 20, 3)
    )
    many = streams.uniform(streams.pair_keys(7, np.arange(10, dtype=np.int64)), streams.counter(2001, 20, 3))
    assert alone[0] == many[5]


def test_uniform_draws_are_uniform_and_differ_by_purpose() -> None:
    keys = streams.pair_keys(1, np.arange(20_000, dtype=np.int64))
    first = streams.uniform(keys, streams.counter(2000, 1))
    second = streams.uniform(keys, streams.counter(2000, 2))
    assert kstest(first, "uniform").pvalue > 0.001
    assert abs(np.corrcoef(first, second)[0, 1]) < 0.05


def test_poisson_counts_have_the_rate_as_mean_and_variance() -> None:
    keys = streams.pair_keys(3, np.arange(50_000, dtype=np.int64))
    counts = streams.poisson(streams.uniform(keys, streams.counter(2000, 20)), np.full(50_000, 2.5))
    assert abs(counts.mean() - 2.5) < 0.05
    assert abs(counts.var() - 2.5) < 0.1


def test_adding_a_pair_changes_no_one_elses_person() -> None:
    config = make_config()
    smaller = population.build(config, 4, 0, 10)
    larger = population.build(config, 4, 0, 11)
    assert np.array_equal(smaller.born, larger.born[:20])
    assert np.array_equal(smaller.dies, larger.dies[:20])
    assert np.array_equal(smaller.traits, larger.traits[:20])
    assert np.array_equal(smaller.carefulness, larger.carefulness[:20])


def test_a_shard_builds_the_same_people_as_the_whole_population_does() -> None:
    config = make_config()
    whole = population.build(config, 2, 0, 200)
    part = population.build(config, 2, 120, 30)
    assert np.array_equal(whole.traits[240:300], part.traits)
    assert np.array_equal(whole.notorious[240:300], part.notorious)


def test_the_census_draws_the_same_lives_as_the_run_does() -> None:
    config = make_config(notoriety=0.05)
    people, lives = population.build(config, 3, 40, 150), population.lives(config, 3, 40, 150)
    for name in ("pair_keys", "born", "dies", "notorious", "traits"):
        assert np.array_equal(getattr(people, name), getattr(lives, name)), name
    assert lives.notorious.any()


def test_an_age_table_of_mixes_draws_what_each_mix_alone_draws() -> None:
    mixes = [[0.5, 0.0, 0.25, 0.25], [0.0, 0.1, 0.0, 0.9], [0.25, 0.25, 0.25, 0.25]]
    keys = streams.pair_keys(2, np.arange(30_000, dtype=np.int64))
    m = streams.top32(streams.bits_at(keys, 2001, 21))
    row = np.arange(m.shape[0]) % 3
    drawn = streams.AgeCategorical32(mixes)(m, row)
    for r, weights in enumerate(mixes):
        assert np.array_equal(drawn[row == r], streams.Categorical32(weights)(m[row == r]))
        assert not np.isin(drawn[row == r], np.flatnonzero(np.asarray(weights) == 0)).any()


def test_the_compiled_uniform_draws_are_the_numpy_draws() -> None:
    keys = streams.pair_keys(9, np.arange(1_000, dtype=np.int64))
    slots = np.arange(1_000, dtype=np.int64) << 20
    for position in (streams.counter(0, 7), streams.counter(3, 21, slots)):
        assert np.array_equal(kernels.uniforms(keys, position), streams.uniform(keys, position))


@pytest.mark.parametrize("values", [1, 3, 7, 500])
def test_the_compiled_guide_table_draws_what_the_numpy_path_draws(values: int) -> None:
    weights = population.zipf_weights(values, 1.1)
    edges = np.cumsum(weights) / np.cumsum(weights)[-1]
    u = np.concatenate([np.random.default_rng(2).random(20_000), edges[:-1], [0.0]])
    assert np.array_equal(streams.categorical(u, weights, kernels.guided), streams.categorical(u, weights))
