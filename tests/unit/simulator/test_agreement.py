"""The core's per-person engine and the vectorised engine must not drift apart."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from scipy.stats import ks_2samp

from soulbond.simulator import population, runner
from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.recording import people_table
from soulbond.simulator.reference import run_reference
from soulbond.simulator.step import Laws, new_state, step
from tests.unit.simulator.factories import make_config

SIGNIFICANCE = 0.001
"""Fail only on a disagreement this unlikely by chance; seeds are fixed, so no flakiness."""


def _vectorised(seeds: range, config: SimulationConfig | None = None) -> pa.Table:
    config = config or make_config(size=160, years=25)
    tables = []
    for seed in seeds:
        people = population.build(config, seed, 0, config.population.size // 2)
        census = runner.census_of(config, seed, runner.shards(config))
        state = new_state(config, people)
        laws = Laws.of(config)
        for year in range(config.start_year, config.start_year + config.years):
            step(state, laws, census, year)
        tables.append(people_table(config, state))
    return pa.concat_tables(tables)


def test_the_core_and_the_vectorised_engine_agree_on_outcome_distributions() -> None:
    config = make_config(size=160, years=25)
    reference = [run_reference(config, seed) for seed in (11, 12)]
    vectorised = _vectorised(range(1, 31))

    core_age = np.concatenate([r.identified_age[r.identified_age >= 0] for r in reference])
    fast_age = vectorised["identified_age"].drop_null().to_numpy()
    assert core_age.size > 100
    assert ks_2samp(core_age, fast_age).pvalue > SIGNIFICANCE

    core_received = np.concatenate([r.items_received for r in reference])
    fast_received = vectorised["items_received"].to_numpy()
    assert ks_2samp(core_received, fast_received).pvalue > SIGNIFICANCE

    # What is lost follows the loser's age the same way: toys in childhood, folders later.
    for kind in ("toy", "class_notes", "interview_folder"):
        column = list(config.items).index(kind)
        core_kind = np.concatenate([r.lost_kinds[:, column] for r in reference])
        fast_kind = vectorised[f"lost_{kind}"].to_numpy()
        assert core_kind.sum() > 20
        assert ks_2samp(core_kind, fast_kind).pvalue > SIGNIFICANCE

    core_severed = np.concatenate([r.severed for r in reference]).astype(float)
    fast_severed = vectorised["severed_year"].is_valid().to_numpy().astype(float)
    assert ks_2samp(core_severed, fast_severed).pvalue > SIGNIFICANCE
    assert abs(core_severed.mean() - fast_severed.mean()) < 0.05


def test_the_engines_agree_on_the_foundations_course_and_on_people_born_during_the_run() -> None:
    """Busy caseworkers: long cooling-offs that cross into the next year, appeals, withdrawals."""
    base = make_config()
    pyramid = [band.model_dump() for band in base.population.age_pyramid]
    pyramid[0] = {"ages": [-12, 9], "weight": pyramid[0]["weight"]}  # some born during the run
    foundation = {
        "application_rate": 0.08,
        "approval": 0.6,
        "cooling_off_days": 200,
        "appeal": 0.4,
        "appeal_reversal": 0.5,
        "withdrawal": 0.3,
    }
    config = make_config(
        size=160,
        years=25,
        foundation=foundation,
        population={**base.population.model_dump(), "age_pyramid": pyramid},
    )
    reference = [run_reference(config, seed) for seed in (21, 22, 23, 24)]
    vectorised = _vectorised(range(1, 31), config)

    core_severed = np.concatenate([r.severed for r in reference]).astype(float)
    fast_severed = vectorised["severed_year"].is_valid().to_numpy().astype(float)
    assert core_severed.mean() > 0.1
    assert abs(core_severed.mean() - fast_severed.mean()) < 0.06

    core_received = np.concatenate([r.items_received for r in reference])
    fast_received = vectorised["items_received"].to_numpy()
    assert ks_2samp(core_received, fast_received).pvalue > SIGNIFICANCE
    core_age = np.concatenate([r.identified_age[r.identified_age >= 0] for r in reference])
    fast_age = vectorised["identified_age"].drop_null().to_numpy()
    assert ks_2samp(core_age, fast_age).pvalue > SIGNIFICANCE


def test_the_engines_agree_on_people_born_unpaired_whom_fate_pairs_from_the_unpaired() -> None:
    """The core picks from everyone unpaired (``World.pair_by_fate``); the engine pairs within the pair's slot."""
    base = make_config()
    pyramid = [band.model_dump() for band in base.population.age_pyramid]
    pyramid[0] = {"ages": [-12, 9], "weight": pyramid[0]["weight"]}
    population = {
        **base.population.model_dump(),
        "age_pyramid": pyramid,
        "born_unpaired": 0.4,
        "fate_pairing": 0.03,
    }
    config = make_config(size=160, years=25, population=population)
    seeds = (31, 32, 33)
    reference = [run_reference(config, seed) for seed in seeds]
    vectorised = _vectorised(range(1, 31), config)

    born_unpaired = np.concatenate([_born_unpaired(config, seed) for seed in seeds])
    fast_unpaired = vectorised["born_unpaired"].to_numpy()
    assert born_unpaired.mean() > 0.3

    # How long fate keeps them waiting, from their birth (or the years before the start).
    core_paired = np.concatenate([r.paired_year for r in reference])
    core_born = np.concatenate([_born(config, seed) for seed in seeds])
    fast_paired = vectorised["paired_year"].to_numpy(zero_copy_only=False)
    fast_born = vectorised["born"].to_numpy()
    core_wait = (core_paired - core_born)[core_paired >= 0]
    fast_wait = (fast_paired - fast_born)[~np.isnan(fast_paired.astype(float))]
    assert core_wait.size > 100
    assert ks_2samp(core_wait, fast_wait).pvalue > SIGNIFICANCE
    core_share = (core_paired >= 0)[born_unpaired].mean()
    fast_share = vectorised["paired_year"].is_valid().to_numpy()[fast_unpaired].mean()
    assert abs(core_share - fast_share) < 0.08

    # Until fate pairs them, what they lose stays where it fell: they receive less.
    core_received = np.concatenate([r.items_received for r in reference])
    fast_received = vectorised["items_received"].to_numpy()
    assert core_received[born_unpaired].mean() < 0.92 * core_received[~born_unpaired].mean()
    assert fast_received[fast_unpaired].mean() < 0.92 * fast_received[~fast_unpaired].mean()
    assert ks_2samp(core_received[born_unpaired], fast_received[fast_unpaired]).pvalue > SIGNIFICANCE
    assert ks_2samp(core_received[~born_unpaired], fast_received[~fast_unpaired]).pvalue > SIGNIFICANCE
    core_age = np.concatenate([r.identified_age[r.identified_age >= 0] for r in reference])
    fast_age = vectorised["identified_age"].drop_null().to_numpy()
    assert ks_2samp(core_age, fast_age).pvalue > SIGNIFICANCE


def _born_unpaired(config: SimulationConfig, seed: int) -> npt.NDArray[np.bool_]:
    people = population.build(config, seed, 0, config.population.size // 2)
    out = np.zeros(people.size, dtype=np.bool_)
    out[2 * people.fated] = out[2 * people.fated + 1] = True
    return out


def _born(config: SimulationConfig, seed: int) -> npt.NDArray[np.int32]:
    return population.build(config, seed, 0, config.population.size // 2).born
