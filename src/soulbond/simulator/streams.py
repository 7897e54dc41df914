"""Random numbers as a pure function of (seed, pair, year, purpose, slot, draw).

A counter-based generator (splitmix64's mixing function over uint64 arrays) gives
every bonded pair its own stream: a draw depends only on its own coordinates, so
results do not depend on how the population is sharded, and adding a pair changes
no one else's draws. There is no generator state to carry between shards or steps.
"""

from __future__ import annotations

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


def normal(keys: U64, position: U64) -> F64:
    u = uniform(keys, position)
    # Shift away from 0 so the inverse CDF stays finite.
    return np.asarray(ndtri(u + _TO_UNIT / 2), dtype=np.float64)


def categorical(u: F64, weights: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Index drawn by ``weights`` for each uniform ``u`` (inverse CDF)."""
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    cumulative /= cumulative[-1]
    return np.minimum(np.searchsorted(cumulative, u, side="right"), len(cumulative) - 1).astype(np.int64)


def poisson(u: F64, rate: F64) -> npt.NDArray[np.int64]:
    """Poisson counts by inverting the CDF: only the still-undecided draws keep iterating."""
    count = np.zeros(u.shape, dtype=np.int64)
    p = np.exp(-rate)
    cdf = p.copy()
    todo = np.flatnonzero(u >= cdf)
    k = 0
    while todo.size:
        k += 1
        p_todo = p[todo] * rate[todo] / k
        p[todo] = p_todo
        cdf[todo] += p_todo
        count[todo] = k
        todo = todo[(u[todo] >= cdf[todo]) & (p_todo > 0)]
    return count
