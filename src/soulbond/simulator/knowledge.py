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

Each knowable trait subset is counted in one of two ways, and all the subsets
counted one way share one flat structure. A year's questions from every finder,
whatever each knows, are then a few array operations, not a loop over subsets
(with tens of subsets, that loop was most of a small town's running time):

* ``DenseTables`` for subsets with few distinct trait values (interest,
  handwriting): prefix-sum tables over (trait values, death year, birth year),
  laid end to end, so a count is two look-ups.
* ``RankIndex`` otherwise (names): each subset's keys ``(trait values, birth
  year)`` sorted, the subsets one after another in one key space, with a rank
  directory per death year (a 64-bit mask per block of 64 people, and the count
  before each block, side by side in one cache line). Locating a finder's range
  is two binary searches and counting it in a year is two look-ups. A finder's
  range changes only when their knowledge does, so ``locate`` runs on those who
  learnt something and ``living`` on every finder.

Shards contribute ``CensusPart`` (who is counted); the census of the whole
population is built from all parts, so sharded counts equal single-process ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from soulbond.simulator import kernels
from soulbond.simulator.config import ConfigError, SimulationConfig
from soulbond.simulator.kinds import CATEGORICAL_TRAITS, TRAIT_BIT, TRAITS, UNIQUE_MASK
from soulbond.simulator.population import Lives, Population, birth_range, trait_radix

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
KEY_SPACE = 1 << 62
PACKED_SPACE = KEY_SPACE
"""A ranked subset's keys are sorted with the death year below them when that fits here
(all the shipped laws' do); otherwise by argsort."""

Allocate = Callable[[str, tuple[int, ...], type[np.integer[Any]]], npt.NDArray[Any]]
"""Zero-filled storage for one of the census's arrays, by name: in memory or in a shared file."""


def in_memory(name: str, shape: tuple[int, ...], dtype: type[np.integer[Any]]) -> npt.NDArray[Any]:
    return np.zeros(shape, dtype=dtype)


def in_files(folder: Path) -> Allocate:
    """Arrays in ``.npy`` files under ``folder``, which ``Census.open`` maps back read-only:
    on a local cluster, every worker then reads the one census from the page cache."""

    def allocate(name: str, shape: tuple[int, ...], dtype: type[np.integer[Any]]) -> npt.NDArray[Any]:
        return np.lib.format.open_memmap(folder / f"{name}.npy", mode="w+", dtype=dtype, shape=shape)

    return allocate


UNIQUE, DENSE, RANKED = 0, 1, 2
"""How a knowledge mask is counted: not at all (a unique trait names one person), by table, by rank."""


def knowable_masks(config: SimulationConfig) -> list[int]:
    """Every categorical-trait mask a finder can reach: unions of what item kinds tell."""
    tells = {kind.mask & ~UNIQUE_MASK for kind in config.kinds.values() if not kind.mask & UNIQUE_MASK}
    reachable = {0}
    for mask in tells:
        reachable |= {known | mask for known in reachable}
    return sorted(reachable)


def mixed_radix(config: SimulationConfig, mask: int) -> tuple[list[int], int]:
    """Each categorical trait's weight in the subset's group number (0 outside ``mask``),
    and how many groups there are: the trait values in ``mask`` as one mixed-radix number."""
    radix = trait_radix(config)
    weights = [0] * len(CATEGORICAL_TRAITS)
    groups = 1
    for column in reversed(range(len(CATEGORICAL_TRAITS))):
        if mask & TRAIT_BIT[CATEGORICAL_TRAITS[column]]:
            weights[column] = groups
            groups *= radix[column]
    return weights, groups


def check_countable(config: SimulationConfig) -> None:
    """Every subset's keys must fit one 62-bit key space; a config past that is refused."""
    first, end = birth_range(config)
    births = end - first
    if sum(mixed_radix(config, mask)[1] * births + 1 for mask in knowable_masks(config)) >= KEY_SPACE:
        raise ConfigError(
            "attributes: too many distinct combinations of trait values to count candidates; "
            "lower some attributes' 'values' or the population size"
        )


@dataclass
class CensusPart:
    """One shard's contribution: who is counted, by trait values, birth and death year."""

    traits: npt.NDArray[np.int32]
    born: npt.NDArray[np.int32]
    dies: npt.NDArray[np.int32]


def gather(config: SimulationConfig, parts: Iterable[CensusPart]) -> CensusPart:
    """All parts in one, copied in as each arrives: no part outlives its copy, so the
    shards' people are never all in memory twice."""
    check_countable(config)
    most = config.population.size
    traits = np.empty((most, len(CATEGORICAL_TRAITS)), dtype=np.int32)
    born = np.empty(most, dtype=np.int32)
    dies = np.empty(most, dtype=np.int32)
    filled = 0
    for part in parts:
        size = part.born.shape[0]
        traits[filled : filled + size] = part.traits
        born[filled : filled + size] = part.born
        dies[filled : filled + size] = part.dies
        filled += size
    return CensusPart(traits[:filled], born[:filled], dies[:filled])


def census_part(config: SimulationConfig, people: Population | Lives) -> CensusPart:
    _, end = birth_range(config)
    counted = people.born < end  # those born after the run never fit anyone's knowledge
    return CensusPart(people.traits[counted], people.born[counted], people.dies[counted])


def _death_index(config: SimulationConfig, dies: npt.NDArray[np.int32]) -> npt.NDArray[np.intp]:
    """Alive in year ``start + d`` exactly when this index is >= d (for the run's years)."""
    return np.clip(dies.astype(np.intp) - config.start_year, 0, config.years - 1)


@dataclass(frozen=True)
class Subset:
    """One knowable trait subset: how it is counted, and where its counts sit."""

    mask: int
    way: int
    weights: list[int]
    groups: int
    base: int
    """DENSE: where its table starts within each year's column of the tables; RANKED: its first key."""


@dataclass(frozen=True)
class DenseTables:
    """``flat[r * per_year + base + g * (births + 1) + b]``: people of one subset's trait group g
    alive in year start+years-1-r, born before first+b, the subsets' tables side by side
    within each year.

    A year's column of every table is one contiguous slice (``column``), a few hundredths
    of the whole: a year's counts, whoever asks, read from memory a cache can hold. The
    year axis runs backwards so both prefix sums run forwards.
    """

    flat: I32
    years: int
    births: int

    @property
    def per_year(self) -> int:
        """Cells in one year's column of every table."""
        return int(self.flat.shape[0]) // self.years

    def column(self, year_index: int) -> int:
        """Where the column of the run's year ``year_index`` starts."""
        return (self.years - 1 - year_index) * self.per_year

    def fill(self, config: SimulationConfig, subsets: list[Subset], whole: CensusPart) -> None:
        """Count everyone in ``whole`` into the (zeroed) tables of ``subsets``."""
        first = birth_range(config)[0]
        years, births = self.years, self.births
        by_year = self.flat.reshape(years, self.per_year)
        for subset in subsets:
            width = subset.groups * (births + 1)
            table = by_year[:, subset.base : subset.base + width].reshape(years, subset.groups, births + 1)
            assert np.shares_memory(table, self.flat)  # a view, or the counts would go to a copy
            weights = np.asarray(subset.weights, dtype=np.int64)
            # Counted straight into the table (a few MB, in cache), then summed along years and births.
            kernels.dense_counts(
                table, whole.traits, weights, whole.born, whole.dies, first, config.start_year
            )
            np.cumsum(table, axis=0, out=table)
            np.cumsum(table, axis=2, out=table)

    def living(self, lo: I64, hi: I64, year_index: int) -> I64:
        year = self.column(year_index)
        living: I64 = self.flat[hi + year].astype(np.int64) - self.flat[lo + year]
        return living


@dataclass(frozen=True)
class RankIndex:
    """Sorted keys of every ranked subset, each in its own segment of whole blocks, and a
    rank directory per year: ``ranks[d, k]`` is (how many people in the segment's blocks
    before k are alive in year start+d, which of block k's 64 are).

    The two halves of a directory entry share a cache line, so a count costs one
    memory access per end. A segment's positions past its people hold a pad key between
    its subset's keys and the next's; ``sample`` holds each block's first key, small
    enough to stay in cache, so a search touches one block.
    """

    keys: I64
    sample: I64
    ranks: I64

    def fill(
        self, config: SimulationConfig, subset: Subset, number: int, segment: int, whole: CensusPart
    ) -> None:
        """Sort everyone in ``whole`` into the ranked subset's own segment, ``number``, of
        ``segment`` positions, and write that segment's rank directory.

        Segments share no block, and a segment's counts start again at zero (a count is a
        difference of two positions in one segment), so segments can be filled apart.
        """
        years, people = self.ranks.shape[0], whole.born.shape[0]
        first, end = birth_range(config)
        weights = np.asarray(subset.weights, dtype=np.int64)
        bits = (years - 1).bit_length()
        start = number * segment
        if subset.groups * (end - first) << bits < PACKED_SPACE:
            # Key and death year in one number (the death in the low bits), sorted by radix:
            # several times faster than a comparison sort, and that than argsort. One pass
            # makes the numbers and one takes the keys back: no temporary the size of everyone.
            span = (first, end - first, config.start_year, years, bits)
            packed = kernels.packed_keys(whole.traits, weights, whole.born, whole.dies, *span)
            # The order within a key does not matter (a count is between two keys' edges), so
            # the sort leaves the death year's bits alone: a pass fewer, often.
            kernels.sort_keys(packed, np.empty_like(packed), bits)
            kernels.unpacked_keys(packed, bits, subset.base, self.keys[start : start + people])
        else:
            own = kernels.groups(whole.traits, weights) * (end - first)
            own += whole.born.astype(np.int64) - first
            order = np.argsort(own)
            self.keys[start : start + people] = own[order]
            self.keys[start : start + people] += subset.base
            del own
            packed = _death_index(config, whole.dies)[order]
        # The rest of the segment holds the key between this subset's and the next's, above
        # every search for this subset and below every search for the next: a position
        # found stays inside its own subset's segment.
        self.keys[start + people : start + segment] = subset.base + subset.groups * (end - first)
        blocks = slice(start // BLOCK, (start + segment) // BLOCK)
        self.sample[blocks] = self.keys[start : start + segment : BLOCK]
        kernels.rank_directory(self.ranks[:, blocks], packed, bits)

    def _alive_before(self, position: I64, year_index: int) -> I64:
        entry = self.ranks[year_index][position >> 6]
        # Within the block, the people before this position: the low bits of its mask.
        low_bits = (np.uint64(1) << (position & (BLOCK - 1)).astype(np.uint64)) - np.uint64(1)
        inside_block = np.bitwise_count(entry[:, 1].astype(np.uint64) & low_bits)
        return np.asarray(entry[:, 0] + inside_block, dtype=np.int64)

    def search(self, needles: I64, *, right: bool) -> I64:
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


@dataclass(frozen=True)
class Layout:
    """Where each piece of a census goes, fixed by the config alone: the arrays can be
    allocated first and the pieces (the dense tables, then each ranked subset) filled
    apart, by different workers writing into the same shared files."""

    config: SimulationConfig
    subsets: list[Subset]
    segment: int
    """Positions per ranked subset: whole blocks, and at least one more than anyone counted."""

    @classmethod
    def of(cls, config: SimulationConfig) -> Layout:
        most = config.population.size  # who is counted, at most
        return cls(config, plan(config, most), BLOCK * (most // BLOCK + 1))

    @property
    def dense(self) -> list[Subset]:
        return [s for s in self.subsets if s.way == DENSE]

    @property
    def ranked(self) -> list[Subset]:
        return [s for s in self.subsets if s.way == RANKED]

    @property
    def pieces(self) -> int:
        return 1 + len(self.ranked)

    def allocate(self, allocate: Allocate) -> tuple[DenseTables, RankIndex]:
        first, end = birth_range(self.config)
        years = self.config.years
        cells = sum(s.groups for s in self.dense) * years * (end - first + 1)
        blocks = len(self.ranked) * self.segment // BLOCK
        return (
            DenseTables(allocate("dense", (cells,), np.int32), years, end - first),
            RankIndex(
                allocate("keys", (blocks * BLOCK,), np.int64),
                allocate("sample", (blocks,), np.int64),
                allocate("ranks", (years, blocks, 2), np.int64),
            ),
        )

    def fill(self, piece: int, whole: CensusPart, dense: DenseTables, ranked: RankIndex) -> None:
        """Piece 0 is every dense table; piece n > 0 is the n-th ranked subset."""
        if piece == 0:
            dense.fill(self.config, self.dense, whole)
        else:
            ranked.fill(self.config, self.ranked[piece - 1], piece - 1, self.segment, whole)


class Census:
    """Population-wide counts for every knowable trait subset; built once, read by every shard."""

    def __init__(self, layout: Layout, dense: DenseTables, ranked: RankIndex) -> None:
        config = layout.config
        first, end = birth_range(config)
        self.start_year, self.first, self.births = config.start_year, first, end - first
        self.dense, self.ranked = dense, ranked
        self.top = np.ascontiguousarray(ranked.sample[::BLOCK])
        """Every 64th block's first key: a search's first steps (``kernels.recount``) stay in cache."""
        # Indexed by a finder's whole knowledge mask, unique traits included: how it is
        # counted, its trait weights, where its counts start and how far apart its groups are.
        width = 1 << len(TRAITS)
        self.way = np.full(width, UNIQUE, dtype=np.int8)
        self.weights = np.zeros((width, len(CATEGORICAL_TRAITS)), dtype=np.int64)
        self.base = np.zeros(width, dtype=np.int64)
        self.spacing = np.zeros(width, dtype=np.int64)
        for subset in layout.subsets:
            self.way[subset.mask] = subset.way
            self.weights[subset.mask] = subset.weights
            self.base[subset.mask] = subset.base
            self.spacing[subset.mask] = self.births + 1 if subset.way == DENSE else self.births

    @classmethod
    def build(
        cls, config: SimulationConfig, parts: Iterable[CensusPart], allocate: Allocate = in_memory
    ) -> Census:
        """The census of everyone in ``parts``, its arrays where ``allocate`` puts them."""
        layout = Layout.of(config)
        dense, ranked = layout.allocate(allocate)
        whole = gather(config, parts)
        for piece in range(layout.pieces):
            layout.fill(piece, whole, dense, ranked)
        return cls(layout, dense, ranked)

    @classmethod
    def open(cls, config: SimulationConfig, folder: Path, *, writable: bool = False) -> Census:
        """A census whose arrays ``in_files(folder)`` allocated, mapped: shared, not copied."""

        def mapped(name: str) -> npt.NDArray[Any]:
            array: npt.NDArray[Any] = np.load(folder / f"{name}.npy", mmap_mode="r+" if writable else "r")
            return array

        first, end = birth_range(config)
        dense = DenseTables(mapped("dense"), config.years, end - first)
        return cls(Layout.of(config), dense, RankIndex(mapped("keys"), mapped("sample"), mapped("ranks")))

    def locate(
        self,
        mask: npt.NDArray[np.int64],
        partner_traits: npt.NDArray[np.int32],
        low: npt.NDArray[np.int32],
        high: npt.NDArray[np.int32],
        finder_traits: npt.NDArray[np.int32],
        finder_born: npt.NDArray[np.int32],
    ) -> Located:
        """Each finder's range in the census, whatever they know, and whether they fit it."""
        way = self.way[mask]
        weights = self.weights[mask]
        group = np.einsum("ij,ij->i", partner_traits.astype(np.int64), weights)
        own = np.einsum("ij,ij->i", finder_traits.astype(np.int64), weights)
        start = self.base[mask] + group * self.spacing[mask]
        # Nobody is born before ``first``; ``high`` is at most this year, inside the run.
        lo = start + np.maximum(low.astype(np.int64) - self.first, 0)
        hi = start + (high.astype(np.int64) - self.first)
        hi += way == DENSE  # a table's prefix sums count up to, not including, their index
        ranked = np.flatnonzero(way == RANKED)
        if ranked.size:
            lo[ranked] = self.ranked.search(lo[ranked], right=False)
            hi[ranked] = self.ranked.search(hi[ranked], right=True)
        fits = (way != UNIQUE) & (own == group) & (finder_born >= low) & (finder_born <= high)
        return Located(lo, hi, fits.astype(np.int64))

    def living(self, year: int, mask: npt.NDArray[np.int64], where: Located) -> I64:
        """Candidates alive in ``year`` in each finder's located range, finders excepted."""
        way = self.way[mask]
        out = np.ones(mask.shape[0], dtype=np.int64)
        year_index = year - self.start_year
        for counted, structure in ((DENSE, self.dense), (RANKED, self.ranked)):
            rows = np.flatnonzero(way == counted)
            if rows.size:
                alive = structure.living(where.lo[rows], where.hi[rows], year_index)
                out[rows] = alive - where.fits[rows]
        return out


def plan(config: SimulationConfig, people: int) -> list[Subset]:
    """How each knowable subset is counted, and where in its structure its counts go."""
    first, end = birth_range(config)
    births = end - first
    subsets, cells, keys = [], 0, 0
    for mask in knowable_masks(config):
        weights, groups = mixed_radix(config, mask)
        table = groups * config.years * (births + 1)
        # A table costs its cells to build whatever the population; past a few per person, search.
        if table <= min(DENSE_CELLS, 4 * people):
            # Its base is where it starts within each year's column (``DenseTables``).
            subsets.append(Subset(mask, DENSE, weights, groups, cells))
            cells += groups * (births + 1)
        else:
            subsets.append(Subset(mask, RANKED, weights, groups, keys))
            # One key left unused after each subset's: the pad of its segment (``RankIndex.fill``).
            keys += groups * births + 1
    return subsets
