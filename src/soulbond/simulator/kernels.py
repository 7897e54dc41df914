"""Compiled loops for the part of a year NumPy makes slow: drawing each loss's kind and carrying it across.

NumPy does this in many passes over per-loss arrays (expanding runs, a scattered
``ufunc.at`` per counter, a segmented reduce for what each finder learns); one loop
over the losers touches each person's row once. The arithmetic is the same as the
NumPy path's (``step._transfer_numpy``), integer for integer and float for float,
so both give bit-identical results: a test runs the two side by side.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from soulbond.simulator import streams

_GAMMA = streams._GAMMA
_M1 = streams._M1
_M2 = streams._M2
_LOW32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)


@njit(cache=True, nogil=True)
def _finalise(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@njit(cache=True, nogil=True)
def transfer(  # the loop takes every table it reads: numba compiles no objects
    losers: npt.NDArray[np.int64],
    per_loser: npt.NDArray[np.int16],
    stream: npt.NDArray[np.uint64],
    head: np.uint64,
    born: npt.NDArray[np.int32],
    year: int,
    mix_at_age: npt.NDArray[np.intp],
    base: npt.NDArray[np.int64],
    edge: npt.NDArray[np.uint32],
    crowded: npt.NDArray[np.bool_],
    edges: npt.NDArray[np.int64],
    shift: int,
    bits_per_row: int,
    active: npt.NDArray[np.bool_],
    cut: npt.NDArray[np.float64],
    lost: npt.NDArray[np.int32],
    sent: npt.NDArray[np.int32],
    known: npt.NDArray[np.int64],
    age_within: npt.NDArray[np.int8],
    tells_mask: npt.NDArray[np.uint8],
    tells_within: npt.NDArray[np.int8],
    first_arrival: npt.NDArray[np.int32],
    last_arrival: npt.NDArray[np.int32],
) -> tuple[npt.NDArray[np.int64], int, int]:
    """Every loss of the year: its kind, the loser's counts, and what travels to an active partner.

    Returns the finders (in the losers' order), how many things were lost and how many travelled.
    """
    max_age = mix_at_age.shape[0] - 1
    finders = np.empty(losers.shape[0], dtype=np.int64)
    found = 0
    travelled = 0
    lost_total = 0
    for n in range(losers.shape[0]):
        i = losers[n]
        pair = i >> 1
        partner = i ^ 1
        row = mix_at_age[min(year - born[i], max_age)]
        key = stream[i] + head
        carried = active[pair]
        arrived = 0
        for j in range(per_loser[n]):
            bits = _finalise(key + np.uint64(j) * _GAMMA)
            m = np.uint32(bits >> _S32)
            cell = (row << bits_per_row) | np.int64(m >> np.uint32(shift))
            if crowded[cell]:
                kind = 0
                for e in range(edges.shape[1]):
                    if edges[row, e] < np.int64(m):
                        kind += 1
            else:
                kind = base[cell] + (1 if m > edge[cell] else 0)
            lost[i, kind] += 1
            lost_total += 1
            # A loss travels only before its bond's severance: its moment is the draw's low 32 bits.
            if carried and np.float64(bits & _LOW32) * 2.0**-32 < cut[pair]:
                sent[i, kind] += 1
                known[partner] |= np.int64(tells_mask[kind])
                age_within[partner] = min(age_within[partner], tells_within[kind])
                arrived += 1
        if arrived:
            travelled += arrived
            finders[found] = partner
            found += 1
            if first_arrival[partner] < 0:
                first_arrival[partner] = year
            last_arrival[partner] = year
    return finders[:found], lost_total, travelled


@njit(cache=True, nogil=True)
def loss_counts(
    stream: npt.NDArray[np.uint64],
    head: np.uint64,
    thresholds: npt.NDArray[np.uint32],
    tail: npt.NDArray[np.uint32],
    tail_row: npt.NDArray[np.int32],
) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.int64], npt.NDArray[np.uint32]]:
    """Each person's losses this year, read off their Poisson thresholds as ``step._losses`` does.

    Returns the counts, and those whose count lies past every threshold (with their draws),
    for the caller to step through the Poisson CDF.
    """
    steps, n = thresholds.shape
    listed = tail.shape[1]
    count = np.zeros(n, dtype=np.int16)
    rest = np.empty(n, dtype=np.int64)
    rest_m = np.empty(n, dtype=np.uint32)
    r = 0
    for i in range(n):
        m = np.uint32(_finalise(stream[i] + head) >> _S32)
        c = 0
        for k in range(steps):
            if m > thresholds[k, i]:
                c += 1
        if c == steps:
            row = tail_row[i]
            if row >= 0:
                for k in range(listed):
                    if m > tail[row, k]:
                        c += 1
            if row < 0 or c == steps + listed:
                rest[r] = i
                rest_m[r] = m
                r += 1
        count[i] = c
    return count, rest[:r], rest_m[:r]
