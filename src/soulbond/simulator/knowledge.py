"""Candidate-set sizes from population-wide counts, the same rule as the core's census.

A finder's knowledge is a set of categorical traits (a bit mask), a birth-year
window (from the age-telling items) and the years of the first and latest
arrival (the loser was born by the first and alive at the latest: the core's
``AliveAround``). The candidates are everyone, the finder excepted, who matches
all of it. A unique trait (phone number, photo) identifies at once.

For each trait subset a finder can come to know, the census keeps the sorted
distinct keys ``(trait values, birth year)`` with how many people have each, and
who dies when. A shard contributes a partial census; partials are summed
(concatenated and re-counted), so sharded counts equal single-process ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.kinds import CATEGORICAL_TRAITS, TRAIT_BIT, UNIQUE_MASK
from soulbond.simulator.population import Population, birth_range, trait_radix

I64 = npt.NDArray[np.int64]
UNKNOWN_AGE = 127
"""``age_within`` of a finder who has learnt no age at all."""


def knowable_masks(config: SimulationConfig) -> list[int]:
    """Every categorical-trait mask a finder can reach: unions of what item kinds tell."""
    tells = {kind.mask & ~UNIQUE_MASK for kind in config.kinds.values() if not kind.mask & UNIQUE_MASK}
    reachable = {0}
    for mask in tells:
        reachable |= {known | mask for known in reachable}
    return sorted(reachable)


def _key_base(config: SimulationConfig, mask: int, traits: npt.NDArray[np.int32]) -> I64:
    """Trait values in ``mask`` as one mixed-radix number, times the number of birth years."""
    first, end = birth_range(config)
    base = np.zeros(traits.shape[0], dtype=np.int64)
    capacity = end - first
    for column, (key, radix) in enumerate(zip(CATEGORICAL_TRAITS, trait_radix(config), strict=True)):
        if mask & TRAIT_BIT[key]:
            base = base * radix + traits[:, column]
            capacity *= radix
    if capacity >= 2**62:
        raise OverflowError("too many distinct trait values to count: lower the attributes' 'values'")
    return base * (end - first)


def keys(
    config: SimulationConfig, mask: int, traits: npt.NDArray[np.int32], born: npt.NDArray[np.int32]
) -> I64:
    first, _ = birth_range(config)
    return _key_base(config, mask, traits) + (born.astype(np.int64) - first)


@dataclass
class CensusPart:
    """One shard's contribution: per mask, every person's key and death year."""

    keys: dict[int, I64]
    dies: npt.NDArray[np.int32]


def census_part(config: SimulationConfig, people: Population) -> CensusPart:
    _, end = birth_range(config)
    counted = people.born < end  # those born after the run never fit anyone's knowledge
    traits, born = people.traits[counted], people.born[counted]
    return CensusPart(
        {mask: keys(config, mask, traits, born) for mask in knowable_masks(config)},
        people.dies[counted],
    )


@dataclass(frozen=True)
class SubsetCensus:
    """Distinct keys, how many people have each (cumulatively), and whose deaths fall when."""

    keys: I64
    cumulative: I64
    deaths: npt.NDArray[np.int32]
    death_offsets: I64


@dataclass
class _Dead:
    counts: npt.NDArray[np.int32]
    cumulative: npt.NDArray[np.int32]
    through: int = 0


@dataclass
class DeathTally:
    """One shard's running count of the dead per census key.

    The census is shared (between shards, and between threads on a Dask worker),
    so what changes year by year lives here, one tally per shard.
    """

    dead: dict[int, _Dead] = field(default_factory=dict)

    def cumulative(self, mask: int, subset: SubsetCensus, years_done: int) -> npt.NDArray[np.int32]:
        """Running totals of those who died at the end of a year before ``years_done``."""
        tally = self.dead.get(mask)
        if tally is None or years_done < tally.through:
            size = subset.keys.shape[0]
            tally = self.dead[mask] = _Dead(np.zeros(size, np.int32), np.zeros(size + 1, np.int32))
        start, stop = subset.death_offsets[tally.through], subset.death_offsets[years_done]
        if stop > start:
            np.add.at(tally.counts, subset.deaths[start:stop], np.ones(stop - start, dtype=np.int32))
            # int32 in place: half the memory traffic of the default int64, no new array.
            np.cumsum(tally.counts, out=tally.cumulative[1:])
        tally.through = years_done
        return tally.cumulative


class Census:
    """Population-wide counts for every knowable trait subset."""

    def __init__(self, config: SimulationConfig, parts: list[CensusPart]) -> None:
        self.config = config
        self.first_year = config.start_year
        dies = np.concatenate([p.dies for p in parts])
        years = config.years
        died_in_run = (dies >= self.first_year) & (dies < self.first_year + years)
        order = np.argsort(dies[died_in_run], kind="stable")
        bins = np.bincount(dies[died_in_run] - self.first_year, minlength=years)
        offsets = np.concatenate([[0], np.cumsum(bins)]).astype(np.int64)
        self.subsets: dict[int, SubsetCensus] = {}
        for mask in knowable_masks(config):
            everyone = np.concatenate([p.keys[mask] for p in parts])
            distinct, index, counts = np.unique(everyone, return_inverse=True, return_counts=True)
            cumulative = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            deaths = index[died_in_run][order].astype(np.int32)
            self.subsets[mask] = SubsetCensus(distinct, cumulative, deaths, offsets)

    def count(
        self,
        tally: DeathTally,
        year: int,
        mask: npt.NDArray[np.int64],
        partner_traits: npt.NDArray[np.int32],
        low: npt.NDArray[np.int32],
        high: npt.NDArray[np.int32],
        finder_traits: npt.NDArray[np.int32],
        finder_born: npt.NDArray[np.int32],
    ) -> I64:
        """Candidates alive in ``year`` born in [low, high] matching ``mask``, finders excepted."""
        out = np.ones(mask.shape[0], dtype=np.int64)
        if out.size == 0:
            return out
        first, _ = birth_range(self.config)
        # Masks are small integers: group the finders by one stable sort instead of a hash.
        order = np.argsort(mask, kind="stable")
        values, starts = np.unique(mask[order], return_index=True)
        for value, rows in zip(values, np.split(order, starts[1:]), strict=True):
            if value & UNIQUE_MASK:
                continue  # a phone number or a photo names one person: count stays 1
            subset = self.subsets[int(value)]
            dead = tally.cumulative(int(value), subset, year - self.first_year)
            base = _key_base(self.config, int(value), partner_traits[rows])
            lo = np.searchsorted(subset.keys, base + (low[rows] - first), side="left")
            hi = np.searchsorted(subset.keys, base + (high[rows] - first), side="right")
            living = (subset.cumulative[hi] - subset.cumulative[lo]) - (dead[hi] - dead[lo])
            own = _key_base(self.config, int(value), finder_traits[rows])
            born = finder_born[rows]
            finder_fits = (own == base) & (born >= low[rows]) & (born <= high[rows])
            out[rows] = living - finder_fits
        return out
