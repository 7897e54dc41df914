"""Running a configuration locally: shards of bonded pairs, one seed or several.

A run makes two passes over the shards. The first counts everyone into the
census (candidate sets need the whole population); the second steps each shard
through every year and streams its outcomes to disk before the next shard
starts, so only one shard's people are in memory at a time. The census is
static (everyone's birth and death year are drawn up front), so a shard's cost
does not depend on how many other shards there are: a run's cost is linear in
its population.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from soulbond.simulator import population, recording
from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.knowledge import Allocate, Census, CensusPart, census_part, in_memory
from soulbond.simulator.step import Laws, new_state, step
from soulbond.simulator.summary import Summary, empty, summarise

DEFAULT_SHARD_PAIRS = 262_144
"""Larger shards spend less of each year on per-call overhead; a shard of 524,288 people
holds about 120 MB of state. Half or a quarter of it made a 10M-person run slower, twice it no faster."""
Progress = Callable[[int], None]
"""Told how many shard-years just finished."""


@dataclass(frozen=True)
class Shard:
    index: int
    first_pair: int
    pairs: int


def shards(config: SimulationConfig, shard_pairs: int = DEFAULT_SHARD_PAIRS) -> list[Shard]:
    total = config.population.size // 2
    if shard_pairs < 1:
        raise ValueError("a shard needs at least one pair")
    return [
        Shard(i, first, min(shard_pairs, total - first))
        for i, first in enumerate(range(0, total, shard_pairs))
    ]


def census_parts(config: SimulationConfig, seed: int, parts: list[Shard]) -> Iterator[CensusPart]:
    """Who each shard contributes to the census, drawn one shard at a time."""
    for s in parts:
        yield census_part(config, population.lives(config, seed, s.first_pair, s.pairs))


def census_of(
    config: SimulationConfig, seed: int, parts: list[Shard], allocate: Allocate = in_memory
) -> Census:
    return Census.build(config, census_parts(config, seed, parts), allocate)


def run_shard(
    config: SimulationConfig,
    seed: int,
    shard: Shard,
    census: Census,
    progress: Progress | None = None,
    *,
    table: bool = True,
    people: population.Population | None = None,
) -> tuple[pa.Table | None, Summary]:
    """Every year for one shard: its people table (if asked for) and its share of the summary.

    ``people``, if given, are the shard's people as ``population.build`` draws them.
    """
    if people is None:
        people = population.build(config, seed, shard.first_pair, shard.pairs)
    state = new_state(config, people)
    laws = Laws.of(config)
    for year in range(config.start_year, config.start_year + config.years):
        step(state, laws, census, year)
        if progress is not None:
            progress(1)
    people_table = recording.people_table(config, state) if table else None
    return people_table, summarise(config, state)


def run(
    config: SimulationConfig,
    seed: int,
    out: Path | None = None,
    *,
    shard_pairs: int = DEFAULT_SHARD_PAIRS,
    progress: Progress | None = None,
) -> Summary:
    """One seed, in this process; with ``out``, tables are written under ``out/seed=N``."""
    parts = shards(config, shard_pairs)
    people = None
    if len(parts) == 1:
        # One shard: the people drawn for the census are the shard's; draw them once.
        people = population.build(config, seed, parts[0].first_pair, parts[0].pairs)
        census = Census.build(config, [census_part(config, people)])
    else:
        census = census_of(config, seed, parts)
    total = empty(config)
    folder = seed_folder(out, seed) if out is not None else None
    for shard in parts:
        table, summary = run_shard(
            config, seed, shard, census, progress, table=folder is not None, people=people
        )
        if folder is not None and table is not None:
            recording.write_people(folder, shard.index, table)
        total = total + summary
    if folder is not None:
        recording.write_summary(folder, config, total)
    return total


def seed_folder(out: Path, seed: int) -> Path:
    return out / f"seed={seed}"


def replicate(
    config: SimulationConfig,
    seeds: list[int],
    out: Path | None = None,
    *,
    shard_pairs: int = DEFAULT_SHARD_PAIRS,
    progress: Progress | None = None,
) -> dict[int, Summary]:
    """The same configuration once per seed: replications for the report's spread."""
    return {seed: run(config, seed, out, shard_pairs=shard_pairs, progress=progress) for seed in seeds}


def shard_years(config: SimulationConfig, seeds: list[int], shard_pairs: int) -> int:
    """How many units a progress bar for these runs counts to."""
    return len(shards(config, shard_pairs)) * config.years * len(seeds)
