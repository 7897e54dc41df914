"""Candidate-set sizes from population-wide counts, the same rule as the core's census.

A finder's knowledge is a set of categorical traits (a bit mask), a birth-year
window (from the age-telling items) and the years of the first and latest
arrival (the loser was born by the first and alive at the latest: the core's
``AliveAround``). The candidates are everyone, the finder excepted, who matches
all of it. A unique trait (phone number, photo) identifies at once.

Every census question is "how many people with these trait values, born in
[low, high], are still alive in year y". The population and everyone's death
year are drawn up front, so the census is built once per run and never changes:
no per-year tally to replay, and a shard's counts cost the same whatever else runs.
Per knowable trait subset it is one of two static structures:

* ``DenseCount`` when the subset has few distinct trait values (interest,
  handwriting): a prefix-sum table over (trait values, death year, birth year),
  so a count is two look-ups.
* ``RankCount`` otherwise (names): everyone's key ``(trait values, birth year)``
  sorted, with a rank directory per death year (a 64-bit mask per block of 64
  people, and the count before each block, side by side in one cache line), so
  locating a finder's range is two binary searches and counting it in a year is
  two look-ups. A finder's range changes only when their knowledge does, so
  ``locate`` runs on those who learnt something and ``living`` on every finder.

Shards contribute ``CensusPart`` (who is counted); the census of the whole
population is built from all parts, so sharded counts equal single-process ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.kinds import CATEGORICAL_TRAITS, TRAIT_BIT, UNIQUE_MASK
from soulbond.simulator.population import Population, birth_range, trait_radix

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
UNKNOWN_AGE = 127
"""``age_within`` of a finder who has learnt no age at all."""

DENSE_CELLS = 1 << 24
"""A trait subset gets a prefix-sum table when it needs at most this many cells (64 MiB),
and at most 4 per person counted (fresh pages cost more than the searches they save)."""
BLOCK = 64
SMALL_KEYS = 1 << 18
"""Up to this many keys (2 MiB), a plain binary search beats the two-level one."""


def knowable_masks(config: SimulationConfig) -> list[int]:
    """Every categorical-trait mask a finder can reach: unions of what item kinds tell."""
    tells = {kind.mask & ~UNIQUE_MASK for kind in config.kinds.values() if not kind.mask & UNIQUE_MASK}
    reachable = {0}
    for mask in tells:
        reachable |= {known | mask for known in reachable}
    return sorted(reachable)


def _groups(config: SimulationConfig, mask: int) -> int:
    """How many distinct trait-value combinations the subset ``mask`` has."""
    capacity = 1
    for key, radix in zip(CATEGORICAL_TRAITS, trait_radix(config), strict=True):
        if mask & TRAIT_BIT[key]:
            capacity *= radix
    return capacity


def _group(config: SimulationConfig, mask: int, traits: npt.NDArray[np.int32]) -> I64:
    """Trait values in ``mask`` as one mixed-radix number."""
    first, end = birth_range(config)
    if _groups(config, mask) * (end - first) >= 2**62:
        raise OverflowError("too many distinct trait values to count: lower the attributes' 'values'")
    base = np.zeros(traits.shape[0], dtype=np.int64)
    for column, (key, radix) in enumerate(zip(CATEGORICAL_TRAITS, trait_radix(config), strict=True)):
        if mask & TRAIT_BIT[key]:
            base = base * radix + traits[:, column]
    return base


def keys(
    config: SimulationConfig, mask: int, traits: npt.NDArray[np.int32], born: npt.NDArray[np.int32]
) -> I64:
    """Each person's census key for ``mask``: trait values, then birth year, as one number."""
    first, end = birth_range(config)
    return _group(config, mask, traits) * (end - first) + (born.astype(np.int64) - first)


@dataclass
class CensusPart:
    """One shard's contribution: who is counted, by trait values, birth and death year."""

    traits: npt.NDArray[np.int32]
    born: npt.NDArray[np.int32]
    dies: npt.NDArray[np.int32]

    @classmethod
    def concatenate(cls, parts: list[CensusPart]) -> CensusPart:
        if len(parts) == 1:
            return parts[0]
        return cls(
            np.concatenate([p.traits for p in parts]),
            np.concatenate([p.born for p in parts]),
            np.concatenate([p.dies for p in parts]),
        )


def census_part(config: SimulationConfig, people: Population) -> CensusPart:
    _, end = birth_range(config)
    counted = people.born < end  # those born after the run never fit anyone's knowledge
    return CensusPart(people.traits[counted], people.born[counted], people.dies[counted])


def _death_index(config: SimulationConfig, dies: npt.NDArray[np.int32]) -> npt.NDArray[np.intp]:
    """Alive in year ``start + d`` exactly when this index is >= d (for the run's years)."""
    return np.clip(dies.astype(np.intp) - config.start_year, 0, config.years - 1)


@dataclass(frozen=True)
class DenseCount:
    """``table[g, r, b]``: people of trait group g alive in year start+years-1-r, born before first+b.

    The year axis runs backwards so both prefix sums run forwards over contiguous memory.
    """

    table: I32
    births: int

    @classmethod
    def build(cls, config: SimulationConfig, mask: int, part: CensusPart) -> DenseCount:
        first, end = birth_range(config)
        births, years = end - first, config.years
        groups = _groups(config, mask)
        # Alive in year d means a death index >= d: a prefix in r = years-1-death index.
        last_year = years - 1 - _death_index(config, part.dies)
        cell = (_group(config, mask, part.traits) * years + last_year) * (births + 1)
        hist = np.bincount(cell + (part.born - first + 1), minlength=groups * years * (births + 1))
        table = hist.astype(np.int32).reshape(groups, years, births + 1)
        np.cumsum(table, axis=1, out=table)
        np.cumsum(table, axis=2, out=table)
        return cls(table, births)

    def locate(self, group: I64, low: I64, high: I64) -> tuple[I64, I64]:
        """Where in the table a finder's count starts and ends, leaving out the year."""
        row = group * (self.table.shape[1] * (self.births + 1))
        return row + low, row + high + 1

    def living(self, lo: I64, hi: I64, year_index: int) -> I64:
        flat = self.table.reshape(-1)
        year = (self.table.shape[1] - 1 - year_index) * (self.births + 1)
        living: I64 = flat[hi + year].astype(np.int64) - flat[lo + year]
        return living


@dataclass(frozen=True)
class RankCount:
    """Sorted keys, and a rank directory per year: ``ranks[d, k]`` is (how many people
    in blocks before k are alive in year start+d, which of block k's 64 are).

    The two halves of a directory entry share a cache line, so a count costs one
    memory access per end. ``keys`` is padded with the largest int64 to whole blocks;
    ``sample`` holds each block's first key, small enough to stay in cache, so a
    search touches one block.
    """

    keys: I64
    sample: I64
    ranks: I64

    @classmethod
    def build(cls, config: SimulationConfig, mask: int, part: CensusPart) -> RankCount:
        everyone = keys(config, mask, part.traits, part.born)
        years, size = config.years, everyone.shape[0]
        first, end = birth_range(config)
        if _groups(config, mask) * (end - first) * years < 2**62:
            # Key and death year in one number: a plain sort, several times faster than argsort.
            both = np.sort(everyone * years + _death_index(config, part.dies))
            everyone, death = np.divmod(both, years)
        else:
            order = np.argsort(everyone)
            everyone, death = everyone[order], _death_index(config, part.dies)[order]
        blocks = -(-size // BLOCK)
        # Bit j of bits[k, d]: person 64k+j is alive in year d. Set each person's bit at
        # their last year (distinct bits of a block add like OR), then carry it to earlier years.
        bits = np.zeros((blocks, years), dtype=np.int64)
        position = np.arange(size, dtype=np.int64)
        own_bit = np.left_shift(1, position & (BLOCK - 1))  # bit 63 wraps to the sign bit: fine
        np.add.at(bits.reshape(-1), (position >> 6) * years + death, own_bit)
        np.bitwise_or.accumulate(bits[:, ::-1], axis=1, out=bits[:, ::-1])
        ranks = np.zeros((years, blocks + 1, 2), dtype=np.int64)
        np.cumsum(np.bitwise_count(bits.view(np.uint64)).T, axis=1, out=ranks[:, 1:, 0])
        ranks[:, :blocks, 1] = bits.T
        padded = np.full(blocks * BLOCK, np.iinfo(np.int64).max, dtype=np.int64)
        padded[:size] = everyone
        return cls(padded, padded[::BLOCK].copy(), ranks)

    def _alive_before(self, position: I64, year_index: int) -> I64:
        entry = self.ranks[year_index][position >> 6]
        # Within the block, the people before this position: the low bits of its mask.
        low_bits = (np.uint64(1) << (position & (BLOCK - 1)).astype(np.uint64)) - np.uint64(1)
        inside_block = np.bitwise_count(entry[:, 1].astype(np.uint64) & low_bits)
        return np.asarray(entry[:, 0] + inside_block, dtype=np.int64)

    def locate(self, low_key: I64, high_key: I64) -> tuple[I64, I64]:
        """Where in the sorted keys a finder's candidates start and end."""
        return self._search(low_key, right=False), self._search(high_key, right=True)

    def _search(self, needles: I64, *, right: bool) -> I64:
        """``np.searchsorted(keys, needles)``: the block from ``sample``, then six halvings in it."""
        side: Literal["left", "right"] = "right" if right else "left"
        if self.keys.shape[0] <= SMALL_KEYS:
            # In cache anyway: one binary search costs less than six vector steps.
            return np.asarray(np.searchsorted(self.keys, needles, side=side), dtype=np.int64)
        block = np.searchsorted(self.sample, needles, side=side)
        # The first key of block j-1 is before the needle, the first of block j is not:
        # the answer is one of the 64 positions after 64(j-1).
        position = np.maximum(block * BLOCK - (BLOCK - 1), 0)
        before = np.less_equal if right else np.less
        step = BLOCK // 2
        while step:
            further = position + step
            position = np.where(before(self.keys[further - 1], needles), further, position)
            step //= 2
        return position

    def living(self, lo: I64, hi: I64, year_index: int) -> I64:
        return self._alive_before(hi, year_index) - self._alive_before(lo, year_index)


@dataclass
class Located:
    """Finders' candidate ranges in the census: they change only when knowledge does."""

    lo: I64
    hi: I64
    fits: I64
    """1 where the finder matches their own knowledge (they are not their own candidate)."""


class Census:
    """Population-wide counts for every knowable trait subset; built once, read by every shard."""

    def __init__(self, config: SimulationConfig, parts: list[CensusPart]) -> None:
        whole = CensusPart.concatenate(parts)
        self.config = config
        self.subsets = {mask: subset_count(config, mask, whole) for mask in knowable_masks(config)}

    @classmethod
    def of_subsets(cls, config: SimulationConfig, subsets: dict[int, DenseCount | RankCount]) -> Census:
        census = cls.__new__(cls)
        census.config, census.subsets = config, subsets
        return census

    def count(
        self,
        year: int,
        mask: npt.NDArray[np.int64],
        partner_traits: npt.NDArray[np.int32],
        low: npt.NDArray[np.int32],
        high: npt.NDArray[np.int32],
        finder_traits: npt.NDArray[np.int32],
        finder_born: npt.NDArray[np.int32],
    ) -> I64:
        """Candidates alive in ``year`` born in [low, high] matching ``mask``, finders excepted."""
        where = self.locate(mask, partner_traits, low, high, finder_traits, finder_born)
        return self.living(year, mask, where)

    def locate(
        self,
        mask: npt.NDArray[np.int64],
        partner_traits: npt.NDArray[np.int32],
        low: npt.NDArray[np.int32],
        high: npt.NDArray[np.int32],
        finder_traits: npt.NDArray[np.int32],
        finder_born: npt.NDArray[np.int32],
    ) -> Located:
        """The year-independent half of ``count``: each finder's range, and whether they fit it."""
        size = mask.shape[0]
        where = Located(np.zeros(size, np.int64), np.zeros(size, np.int64), np.zeros(size, np.int64))
        first, end = birth_range(self.config)
        for value, rows in _by_mask(mask):
            if value & UNIQUE_MASK:
                continue  # a phone number or a photo names one person: count stays 1
            subset = self.subsets[value]
            group = _group(self.config, value, partner_traits[rows])
            # Nobody is born before ``first``; ``high`` is at most this year, inside the run.
            lo = np.maximum(low[rows].astype(np.int64) - first, 0)
            hi = high[rows].astype(np.int64) - first
            if isinstance(subset, DenseCount):
                where.lo[rows], where.hi[rows] = subset.locate(group, lo, hi)
            else:
                base = group * (end - first)
                where.lo[rows], where.hi[rows] = subset.locate(base + lo, base + hi)
            own = _group(self.config, value, finder_traits[rows])
            born = finder_born[rows]
            where.fits[rows] = (own == group) & (born >= low[rows]) & (born <= high[rows])
        return where

    def living(self, year: int, mask: npt.NDArray[np.int64], where: Located) -> I64:
        """Candidates alive in ``year`` in each finder's located range, finders excepted."""
        out = np.ones(mask.shape[0], dtype=np.int64)
        year_index = year - self.config.start_year
        for value, rows in _by_mask(mask):
            if not value & UNIQUE_MASK:
                alive = self.subsets[value].living(where.lo[rows], where.hi[rows], year_index)
                out[rows] = alive - where.fits[rows]
        return out


def _by_mask(mask: npt.NDArray[np.int64]) -> list[tuple[int, npt.NDArray[np.intp]]]:
    """Rows grouped by mask. Masks are small integers: one stable sort instead of a hash."""
    if mask.shape[0] == 0:
        return []
    order = np.argsort(mask, kind="stable")
    values, starts = np.unique(mask[order], return_index=True)
    return [(int(v), rows) for v, rows in zip(values, np.split(order, starts[1:]), strict=True)]


def subset_count(config: SimulationConfig, mask: int, whole: CensusPart) -> DenseCount | RankCount:
    first, end = birth_range(config)
    cells = _groups(config, mask) * config.years * (end - first + 1)
    # A table costs its cells to build whatever the population; past a few per person, search.
    if cells <= min(DENSE_CELLS, 4 * whole.born.shape[0]):
        return DenseCount.build(config, mask, whole)
    return RankCount.build(config, mask, whole)
