"""Random numbers as a pure function of (seed, pair, year, purpose, slot, draw).

A counter-based generator (splitmix64's mixing function over uint64 arrays) gives
every bonded pair its own stream: a draw depends only on its own coordinates, so
results do not depend on how the population is sharded, and adding a pair changes
no one else's draws. There is no generator state to carry between shards or steps.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from enum import IntEnum

import numpy as np
import numpy.typing as npt
from scipy.special import ndtri

U64 = npt.NDArray[np.uint64]
F64 = npt.NDArray[np.float64]

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TO_UNIT = 2.0**-53


class Purpose(IntEnum):
    """Each use of randomness has its own coordinate, so uses never share draws."""

    AGE = 1
    GAP = 2
    CAREFULNESS = 3
    TOWN = 4
    NOTORIETY = 5
    DEATH = 6
    ATTRIBUTE = 7  # + attribute index
    LOSSES = 20
    KIND = 21
    APPLY = 22
    APPROVE = 23
    APPLY_AT = 24
    APPEAL = 25
    REVERSAL = 26
    WITHDRAW = 27
    UNPAIRED = 30
    FATE = 31


def mix(x: U64) -> U64:
    """splitmix64's finaliser: a bijection on uint64 that scrambles every bit."""
    return _finalise(x + _GAMMA)


def _finalise(z: U64) -> U64:
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


def pair_keys(seed: int, pairs: npt.NDArray[np.int64]) -> U64:
    """Each pair's stream key; computed once per shard and reused every year."""
    seed_key = mix(np.array([seed & 0xFFFFFFFFFFFFFFFF], dtype=np.uint64))
    return mix(pairs.astype(np.uint64) ^ seed_key)


def counter(year: int, purpose: int, slot: int | npt.NDArray[np.int64] = 0) -> U64:
    """Where in a pair's stream a draw sits: (year, purpose, slot) packed into 64 bits.

    ``slot`` is the person within the pair (0 or 1) times 2**20 plus a draw number,
    so a person has room for a million draws of one purpose a year.
    """
    head = ((year & 0xFFFF) << 48) | ((purpose & 0xFFFF) << 32)
    # At least one dimension: NumPy warns on uint64 *scalar* overflow, which we rely on.
    return np.atleast_1d(np.asarray(slot, dtype=np.uint64)) | np.uint64(head)


def uniform(keys: U64, position: U64) -> F64:
    """Uniform draws in [0, 1), one per key, at ``position`` in each key's stream.

    This is SplitMix64 seeded with the pair's key and jumped straight to ``position``.
    """
    bits = _finalise(keys + position * _GAMMA)
    return (bits >> _S11).astype(np.float64) * _TO_UNIT


def offset(keys: U64, slot: npt.NDArray[np.int64]) -> U64:
    """Keys moved to ``slot`` in their streams, so ``uniform_at`` only adds the rest of the counter.

    A counter's head (year, purpose) and its slot never share bits, so
    ``keys + (head | slot) * gamma == offset(keys, slot) + head * gamma`` (mod 2**64):
    the draws are exactly ``uniform``'s, with the per-person part computed once.
    """
    return keys + slot.astype(np.uint64) * _GAMMA


def head(year: int, purpose: int) -> np.uint64:
    """``counter(year, purpose) * gamma``, the part of a position shared by every person."""
    return np.uint64(
        (((year & 0xFFFF) << 48) | ((purpose & 0xFFFF) << 32)) * int(_GAMMA) & 0xFFFFFFFFFFFFFFFF
    )


def finalise_in_place(z: U64) -> U64:
    """splitmix64's finaliser in place: one scratch array instead of a new one per operation."""
    t = z >> _S30
    z ^= t
    z *= _M1
    np.right_shift(z, _S27, out=t)
    z ^= t
    z *= _M2
    np.right_shift(z, _S31, out=t)
    z ^= t
    return z


def bits_at(offset_keys: U64, year: int, purpose: int) -> U64:
    """The 64 random bits ``uniform(keys, counter(year, purpose, slot))`` is made from."""
    return finalise_in_place(offset_keys + head(year, purpose))


def expand(runs: npt.NDArray[np.int16]) -> npt.NDArray[np.intp]:
    """``np.repeat(arange(len(runs)), runs)`` for runs >= 1, by a cumulative sum (several times faster)."""
    total = int(runs.sum(dtype=np.int64))
    index = np.zeros(total, dtype=np.intp)
    if runs.shape[0] > 1:
        index[np.cumsum(runs[:-1], dtype=np.intp)] = 1
    return np.cumsum(index, out=index)


def runs_at(
    first_keys: U64, runs: npt.NDArray[np.int16], owner: npt.NDArray[np.intp], year: int, purpose: int
) -> U64:
    """Random bits for draws 0, 1, ... of each key, ``runs[i]`` draws for key i, one after another.

    Draw j of key i sits at ``slot + j`` in the key's stream, as ``counter`` would put it;
    ``owner`` is ``expand(runs)``, the key of each draw.
    """
    before = (np.cumsum(runs, dtype=np.int64) - runs).astype(np.uint64)
    # Key i's draws start at flat index before[i]: subtract it once, add the flat index back.
    z = (first_keys + head(year, purpose) - before * _GAMMA)[owner]
    z += np.arange(owner.shape[0], dtype=np.uint64) * _GAMMA
    return finalise_in_place(z)


def uniform_at(offset_keys: U64, year: int, purpose: int) -> F64:
    """``uniform(keys, counter(year, purpose, slot))`` for keys from ``offset``."""
    z = bits_at(offset_keys, year, purpose)
    z >>= _S11
    u = z.astype(np.float64)
    u *= _TO_UNIT
    return u


def top32(z: U64) -> npt.NDArray[np.uint32]:
    """A 32-bit uniform integer from random bits: the top half."""
    return (z >> np.uint64(32)).astype(np.uint32)


class Categorical32:
    """Inverse-CDF draws by ``weights`` from 32-bit uniforms ``m``: #{edges j with m >= 2**32 * edge_j}.

    A table over m's top 12 bits answers most draws with one comparison; a bin that
    holds several edges sends its draws to a binary search.
    """

    BITS = 12

    def __init__(self, weights: npt.ArrayLike) -> None:
        cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
        cumulative /= cumulative[-1]
        # m >= ceil(2**32 * edge)  <=>  m > ceil(2**32 * edge) - 1, which fits in uint32.
        self.edges = (np.ceil(cumulative[:-1] * 2.0**32) - 1).astype(np.int64)
        shift = 32 - self.BITS
        starts = np.arange(1 << self.BITS, dtype=np.int64) << shift
        self.base = np.searchsorted(self.edges, starts, side="left")
        inside = np.searchsorted(self.edges, starts + (1 << shift) - 1, side="left") - self.base
        self.edge = np.where(inside > 0, np.append(self.edges, 0)[self.base], 2**32 - 1).astype(np.uint32)
        self.crowded = inside > 1
        self.shift = np.uint32(shift)

    def __call__(self, m: npt.NDArray[np.uint32]) -> npt.NDArray[np.int64]:
        b = m >> self.shift
        index = self.base[b] + (m > self.edge[b])
        if self.crowded.any():
            crowded = np.flatnonzero(self.crowded[b])
            index[crowded] = np.searchsorted(self.edges, m[crowded], side="left")
        return np.asarray(index, dtype=np.int64)


class AgeCategorical32:
    """``Categorical32`` with one table per row of ``mixes``: each draw ``m`` is read off its own row.

    A draw reads exactly what ``Categorical32(mixes[row])`` would answer, so a single mix gives
    the same kinds as before there were several.
    """

    def __init__(self, mixes: list[list[float]]) -> None:
        self.parts = [Categorical32(weights) for weights in mixes]
        # One flat table, row after row: a single gather is cheaper than a two-index one.
        self.base = np.concatenate([part.base for part in self.parts])
        self.edge = np.concatenate([part.edge for part in self.parts])
        self.crowded = np.concatenate([part.crowded for part in self.parts])
        self.edges = np.stack([part.edges for part in self.parts])
        """Each row's edges, for the draws that land in a crowded bin."""
        self.shift = self.parts[0].shift
        edge, crowded = self.edge.astype(np.uint64), self.crowded.astype(np.uint64)
        cells = np.left_shift(edge, np.uint64(32)) | np.left_shift(crowded, np.uint64(16))
        self.cells: U64 = np.asarray(cells | self.base.astype(np.uint64), dtype=np.uint64)
        """A bin's look-up in one word, for the compiled loops: its edge in the high half,
        bit 16 if it is crowded, and its base index in the low 16 bits."""

    def __call__(self, m: npt.NDArray[np.uint32], row: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
        if len(self.parts) == 1:
            return self.parts[0](m)
        cell = row << Categorical32.BITS
        cell |= m >> self.shift
        index = self.base[cell] + (m > self.edge[cell])
        crowded = np.flatnonzero(self.crowded[cell])
        if crowded.size:
            rows = row[crowded]
            for r, part in enumerate(self.parts):
                mine = crowded[rows == r]
                if mine.size:
                    index[mine] = np.searchsorted(part.edges, m[mine], side="left")
        return np.asarray(index, dtype=np.int64)


def normal(keys: U64, position: U64) -> F64:
    u = uniform(keys, position)
    # Shift away from 0 so the inverse CDF stays finite.
    return np.asarray(ndtri(u + _TO_UNIT / 2), dtype=np.float64)


GUIDE_MIN = 8
Guided = Callable[[F64, npt.NDArray[np.intp], F64, int], npt.NDArray[np.int64]]


def categorical(u: F64, weights: npt.ArrayLike, guided: Guided | None = None) -> npt.NDArray[np.int64]:
    """Index drawn by ``weights`` for each uniform ``u`` (inverse CDF): #{edges <= u}, capped.

    ``guided``, if given, steps a guide table's draws as the loop below does (a compiled
    one), whatever the number of categories: the same indexes as searching.
    """
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    cumulative /= cumulative[-1]
    last = len(cumulative) - 1
    if last == 0 or (last < GUIDE_MIN and guided is None):
        return np.minimum(np.searchsorted(cumulative, u, side="right"), last).astype(np.int64)
    # Many categories (name lists): a guide table over u starts each draw at the first edge
    # of its bin, then steps past the few edges left in that bin. Same answer as searching.
    table = 1 << max(6, int(np.ceil(np.log2(4 * last))))
    guide = np.searchsorted(cumulative[:-1], np.arange(table) / table, side="left")
    edges = np.append(cumulative[:-1], 2.0)
    if guided is not None:
        return guided(u, guide, edges, table)
    index = guide[(u * table).astype(np.intp)]
    todo = np.flatnonzero(edges[index] <= u)
    while todo.size:
        index[todo] += 1
        todo = todo[edges[index[todo]] <= u[todo]]
    return index.astype(np.int64)


POISSON_CHUNK = 8
"""CDF steps taken for the still-undecided draws before they are gathered again."""


def poisson_cdf(p: F64, cdf: F64, rate: F64, k: int) -> Iterator[tuple[F64, F64]]:
    """P(X = j) and P(X <= j) for j = k, k+1, ..., X ~ Poisson(rate), from P(X = k-1) in
    ``p`` and P(X <= k-1) in ``cdf``: the one recurrence every Poisson count here uses,
    so whoever steps the same rates gets the same floats.

    A step is a vector operation over all draws (NumPy's cumulative product would loop
    per draw over a few steps, and a table of all steps costs fresh memory).
    """
    while True:
        p = p * (rate / k)
        cdf = cdf + p
        yield p, cdf
        k += 1


def poisson(u: F64, rate: F64) -> npt.NDArray[np.int64]:
    """Poisson counts by inverting the CDF: #{k : u >= P(X <= k)}, stopping where P(X = k) underflows.

    Only the still-undecided draws keep stepping, gathered again every few steps
    rather than every step. Once a draw is decided its later steps add nothing (the
    CDF only grows), so the extra steps do not change the counts.
    """
    p = np.exp(-rate)
    cdf = p.copy()
    count = (u >= cdf).astype(np.int64)
    todo = np.flatnonzero(count)
    done = 0
    while todo.size:
        undecided = u[todo]
        for p_todo, cdf_todo in itertools.islice(
            poisson_cdf(p[todo], cdf[todo], rate[todo], done + 1), POISSON_CHUNK
        ):
            count[todo] += (undecided >= cdf_todo) & (p_todo > 0)
        p[todo], cdf[todo] = p_todo, cdf_todo
        todo = todo[(undecided >= cdf_todo) & (p_todo > 0)]
        done += POISSON_CHUNK
    return count
