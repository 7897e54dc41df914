"""Compiled loops for the parts of a year NumPy makes slow, and for building what a run reads.

A year is a few loops: the bonds and the Foundation's cases (``bonds_and_cases``), every
person's losses counted (``threshold_counts``, then ``losers_and_tails`` lists the losers;
the few past every Poisson threshold are counted by the caller) then drawn and carried
over the losers (``walk``), the finders' candidates recounted (``recount``),
and at the end a shard's summary (``lifetimes``). NumPy does each in many passes over
per-person or per-loss arrays (expanding runs, a scattered ``ufunc.at`` per counter,
a segmented reduce for what each finder learns); a loop touches each person's row
once. The arithmetic is the NumPy path's (``step.COMPILED = False``), integer for
integer and float for float, so both give bit-identical results: tests run the two
side by side. ``by_year`` and ``rank_directory`` build the per-year indexes and the
census's rank directory, ``sort_keys`` sorts its keys.
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
_BASE = np.uint64(0xFFFF)
_CROWDED = np.uint64(1 << 16)
_S32 = np.uint64(32)


@njit(cache=True, nogil=True)
def _finalise(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@njit(cache=True, nogil=True)
def walk(  # one call a year: a call per loser cost more in reference counting than its work
    counts: npt.NDArray[np.int16],
    losers: npt.NDArray[np.int64],
    stream: npt.NDArray[np.uint64],
    head: np.uint64,
    born: npt.NDArray[np.int32],
    year: int,
    mix_at_age: npt.NDArray[np.intp],
    cells: npt.NDArray[np.uint64],
    edges: npt.NDArray[np.int64],
    shift: int,
    bits_per_row: int,
    active: npt.NDArray[np.bool_],
    cut: npt.NDArray[np.float64],
    lost: npt.NDArray[np.int16 | np.int32],
    sent: npt.NDArray[np.int16 | np.int32],
    known: npt.NDArray[np.int64],
    age_within: npt.NDArray[np.int8],
    tells_mask: npt.NDArray[np.uint8],
    tells_within: npt.NDArray[np.int8],
    first_arrival: npt.NDArray[np.int32],
    last_arrival: npt.NDArray[np.int32],
) -> tuple[npt.NDArray[np.int64], int, int]:
    """Each loser's ``counts[i]`` losses of the year: its kind, the loser's counts, and what
    travels to an active partner (who learns what it tells).

    Returns the finders (in the losers' order), how many things were lost and how many travelled.
    """
    max_age = mix_at_age.shape[0] - 1
    finders = np.empty(losers.shape[0], dtype=np.int64)
    found = 0
    travelled = 0
    lost_total = 0
    for n in range(losers.shape[0]):
        i = losers[n]
        count = int(counts[i])
        lost_total += count
        pair = i >> 1
        partner = i ^ 1
        row = mix_at_age[min(year - born[i], max_age)]
        key = stream[i] + head
        carried = active[pair]
        arrived = 0
        for j in range(count):
            bits = _finalise(key + np.uint64(j) * _GAMMA)
            m = np.uint32(bits >> _S32)
            cell = (row << bits_per_row) | np.int64(m >> np.uint32(shift))
            packed = cells[cell]
            if packed & _CROWDED:
                kind = 0
                for e in range(edges.shape[1]):
                    if edges[row, e] < np.int64(m):
                        kind += 1
            else:
                kind = int(packed & _BASE) + (1 if m > np.uint32(packed >> _S32) else 0)
            lost[i, kind] += 1
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


POISSON_STEPS = 6
"""Loss counts below this are read off per-person thresholds (``step.State.thresholds``); a
constant, so the counting loop's inner loop unrolls."""


@njit(cache=True, nogil=True)
def poisson_rows(
    p: npt.NDArray[np.float64], rate: npt.NDArray[np.float64], first: int, end: int
) -> npt.NDArray[np.uint32]:
    """``step.poisson_thresholds`` at counts ``first`` to ``end`` - 1, a row per person: the same
    recurrence (``streams.poisson_cdf``) from ``p`` = exp(-rate), float for float, in one pass."""
    out = np.empty((rate.shape[0], end - first), dtype=np.uint32)
    for i in range(rate.shape[0]):
        mass = p[i]
        cdf = mass
        for k in range(end):
            if k:
                mass = mass * (rate[i] / k)
                cdf = cdf + mass
            if k >= first:
                # A CDF rounded past 1 is reached by no draw: the largest threshold, not a wrapped one.
                out[i, k - first] = np.uint32(min(np.ceil(cdf * 2.0**32) - 1, 4294967295.0))
    return out


@njit(cache=True, nogil=True)
def fill_rows(table: npt.NDArray[np.uint32], rows: npt.NDArray[np.int64], value: np.uint32) -> None:
    """``table[rows] = value``."""
    for r in range(rows.shape[0]):
        table[rows[r]] = value


@njit(cache=True, nogil=True)
def threshold_counts(
    loss_head: np.uint64, thresholds: npt.NDArray[np.uint32], stream: npt.NDArray[np.uint64]
) -> npt.NDArray[np.int16]:
    """Each person's losses of the year read off their thresholds, as ``step._losses`` does, in
    a loop without branches that the compiler vectorises: a count past every threshold is left
    at ``POISSON_STEPS``, for ``losers_and_tails``.

    (Called apart from ``losers_and_tails``: compiled into one function with it, the loop
    no longer vectorised.)
    """
    n = thresholds.shape[0]
    counts = np.empty(n, dtype=np.int16)
    for i in range(n):
        m = np.uint32(_finalise(stream[i] + loss_head) >> _S32)
        c = 0
        for k in range(POISSON_STEPS):
            c += m > thresholds[i, k]
        counts[i] = c
    return counts


@njit(cache=True, nogil=True)
def losers_and_tails(
    counts: npt.NDArray[np.int16],
    loss_head: np.uint64,
    tail: npt.NDArray[np.uint32],
    tail_row: npt.NDArray[np.int32],
    stream: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint32]]:
    """The losers of ``threshold_counts`` in order, and the counts past every threshold read on
    in the tail table.

    Returns the losers and those whose count lies past the tail too (losers whose count is
    left at 0), with their draws, for the caller to step through the Poisson CDF.
    """
    n = counts.shape[0]
    steps = POISSON_STEPS
    listed = tail.shape[1]
    # The losers and those past the thresholds listed in order, without a branch; the
    # latter, a few in a hundred, are read on after (a branch on each person cost more).
    losers = np.empty(n, dtype=np.int64)
    many = np.empty(n, dtype=np.int64)
    lost = 0
    past = 0
    for i in range(n):
        losers[lost] = i
        lost += counts[i] != 0
        many[past] = i
        past += counts[i] == steps
    rest = np.empty(past, dtype=np.int64)
    rest_m = np.empty(past, dtype=np.uint32)
    r = 0
    for j in range(past):
        i = many[j]
        m = np.uint32(_finalise(stream[i] + loss_head) >> _S32)
        row = tail_row[i]
        c = steps
        if row >= 0:
            k = 0
            while k < listed and m > tail[row, k]:
                k += 1
            c += k
        if row < 0 or c == steps + listed:
            rest[r] = i
            rest_m[r] = m
            r += 1
            c = 0
        counts[i] = c
    return losers[:lost], rest[:r], rest_m[:r]


# The helpers below take whole arrays and loop inside: a call per element would pay for
# reference counting on every array it is passed, which costs more than a search step.


SEARCH_GROUP = 16
"""Needles searched side by side, a step at a time, so their memory reads overlap. As measured
over keys of 10M people, 16 to 64 side by side were fastest, one at a time three times
slower, and every needle at once twice as slow."""


@njit(cache=True, nogil=True)
def _search_all(
    keys: npt.NDArray[np.int64], needles: npt.NDArray[np.int64], out: npt.NDArray[np.int64], right: bool
) -> None:
    """``np.searchsorted(keys, needles, side)`` into ``out``, by a binary search.

    The answer lies in ``[out, out + n]``; each step halves ``n`` whatever the keys, so a
    group of needles steps together, without a branch, and their reads overlap.
    """
    length = keys.shape[0]
    for first in range(0, needles.shape[0], SEARCH_GROUP):
        last = min(first + SEARCH_GROUP, needles.shape[0])
        for k in range(first, last):
            out[k] = 0
        n = length
        while n > 1:
            half = n >> 1
            for k in range(first, last):
                needle = needles[k]
                probe = out[k] + half
                key = keys[probe]
                before = (key < needle) | (right & (key == needle))
                out[k] = probe if before else out[k]
            n -= half
        if n == 1:
            for k in range(first, last):
                needle = needles[k]
                key = keys[out[k]]
                out[k] += (key < needle) | (right & (key == needle))


@njit(cache=True, nogil=True)
def _search_many(
    keys: npt.NDArray[np.int64],
    sample: npt.NDArray[np.int64],
    top: npt.NDArray[np.int64],
    needles: npt.NDArray[np.int64],
    right: bool,
) -> npt.NDArray[np.int64]:
    """``RankIndex.search`` for every needle, through two levels of samples (``sample`` is
    ``keys[::64]``, ``top`` is ``sample[::64]``, small enough to stay in the nearest cache),
    a level at a time over all of them."""
    out = np.empty(needles.shape[0], dtype=np.int64)
    if keys.shape[0] <= 1 << 18:
        _search_all(keys, needles, out, right)
        return out
    if top.shape[0] <= 64:
        _search_all(sample, needles, out, right)
    else:
        _search_all(top, needles, out, right)
        _halve_all(sample, needles, out, right)
    _halve_all(keys, needles, out, right)
    return out


@njit(cache=True, nogil=True)
def _halve_all(
    keys: npt.NDArray[np.int64], needles: npt.NDArray[np.int64], out: npt.NDArray[np.int64], right: bool
) -> None:
    """``np.searchsorted(keys, needles)`` into ``out``, which holds each answer's block:
    ``searchsorted(keys[::64], needle)``.

    The first key of block j-1 is before the needle, the first of block j is not, so the
    answer is one of the 64 positions after 64(j-1): six halvings find it, reading three
    or four of the block's cache lines. A group of needles at a time, a halving at a time
    over the group, without a branch: each needle's next probe waits for its last, but the
    group's probes are independent, so their cache misses overlap.
    """
    n = np.int64(keys.shape[0])
    for k in range(needles.shape[0]):
        out[k] = max(out[k] * np.int64(64) - np.int64(63), np.int64(0))
    for first in range(0, needles.shape[0], SEARCH_GROUP):
        last = min(first + SEARCH_GROUP, needles.shape[0])
        step = np.int64(32)
        while step:
            for k in range(first, last):
                needle = needles[k]
                probe = out[k] + step - 1
                key = keys[min(probe, n - 1)]
                before = (key < needle) | (right & (key == needle))
                out[k] += step * np.int64(before & (probe < n))
            step >>= 1


@njit(cache=True, nogil=True)
def _below(position: np.int64) -> np.uint64:
    """The bits of a block's mask before ``position`` in it."""
    return (np.uint64(1) << np.uint64(position & 63)) - np.uint64(1)


_P1 = np.uint64(0x5555555555555555)
_P2 = np.uint64(0x3333333333333333)
_P4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_P8 = np.uint64(0x0101010101010101)


@njit(cache=True, nogil=True)
def _popcount(x: np.uint64) -> np.int64:
    """Set bits of a 64-bit word (SWAR; LLVM turns it into one instruction where there is one)."""
    x = x - ((x >> np.uint64(1)) & _P1)
    x = (x & _P2) + ((x >> np.uint64(2)) & _P2)
    x = (x + (x >> np.uint64(4))) & _P4
    return np.int64((x * _P8) >> np.uint64(56))


@njit(cache=True, nogil=True)
def recount(  # every table it reads is passed in: numba compiles no objects
    finders: npt.NDArray[np.int64],
    year: int,
    year_index: int,
    earliest_birth: int,
    born: npt.NDArray[np.int32],
    traits: npt.NDArray[np.int32],
    known: npt.NDArray[np.int64],
    age_within: npt.NDArray[np.int8],
    first_arrival: npt.NDArray[np.int32],
    located_known: npt.NDArray[np.int64],
    located_within: npt.NDArray[np.int8],
    located_lo: npt.NDArray[np.int64],
    located_hi: npt.NDArray[np.int64],
    located_fits: npt.NDArray[np.int64],
    way: npt.NDArray[np.int8],
    weights: npt.NDArray[np.int64],
    base: npt.NDArray[np.int64],
    spacing: npt.NDArray[np.int64],
    census_first: int,
    dense: npt.NDArray[np.int32],
    dense_year: int,
    keys: npt.NDArray[np.int64],
    sample: npt.NDArray[np.int64],
    top: npt.NDArray[np.int64],
    ranks: npt.NDArray[np.int64],
    half_decades: npt.NDArray[np.int64],
    candidates: npt.NDArray[np.int64],
    count_bin: npt.NDArray[np.int8],
    by_birth: npt.NDArray[np.int64],
    identified: npt.NDArray[np.int32],
    identified_knowing: npt.NDArray[np.int64],
) -> int:
    """``step._recount`` and ``Census.locate``/``living`` in one loop over the finders, integer for integer.

    ``dense_year`` is where this year's column starts in every dense table; ``way`` 0, 1, 2
    are ``knowledge.UNIQUE``, ``DENSE``, ``RANKED``. Returns how many are now identified.
    """
    unknown_age = 127
    bins = by_birth.shape[1]
    now = 0
    # Those who learnt something are located again. The searches of the ranked ones are
    # made after, all of them a level at a time: each is a few cache misses, and searches
    # side by side wait for their misses together instead of one after another.
    searched = np.empty(finders.shape[0], dtype=np.int64)
    needles = np.empty((2, finders.shape[0]), dtype=np.int64)
    s = 0
    dense_at = np.empty(finders.shape[0], dtype=np.int64)
    ranked_at = np.empty(finders.shape[0], dtype=np.int64)
    d = 0
    r = 0
    for n in range(finders.shape[0]):
        f = finders[n]
        mask = known[f]
        counted = way[mask]
        dense_at[d] = n
        d += counted == 1
        ranked_at[r] = n
        r += counted == 2
        if located_known[f] != mask or located_within[f] != age_within[f]:
            partner = f ^ 1
            within = np.int32(age_within[f])
            if within == unknown_age:
                low = np.int32(earliest_birth)
                high = np.int32(year)
            else:
                low = born[partner] - within
                high = born[partner] + within
            high = min(high, first_arrival[f])
            group = np.int64(0)
            own = np.int64(0)
            for c in range(traits.shape[1]):
                group += np.int64(traits[partner, c]) * weights[mask, c]
                own += np.int64(traits[f, c]) * weights[mask, c]
            start = base[mask] + group * spacing[mask]
            lo = start + max(np.int64(low) - census_first, 0)
            hi = start + (np.int64(high) - census_first)
            if counted == 1:
                hi += 1  # a table's prefix sums count up to, not including, their index
            elif counted == 2:
                searched[s] = f
                needles[0, s] = lo
                needles[1, s] = hi
                s += 1
            fits = counted != 0 and own == group and low <= born[f] <= high
            located_lo[f] = lo
            located_hi[f] = hi
            located_fits[f] = 1 if fits else 0
            located_known[f] = mask
            located_within[f] = age_within[f]
    lo_at = _search_many(keys, sample, top, needles[0, :s], False)
    hi_at = _search_many(keys, sample, top, needles[1, :s], True)
    for k in range(s):
        located_lo[searched[k]] = lo_at[k]
        located_hi[searched[k]] = hi_at[k]
    # The counts, a way at a time: loops without a branch, whose look-ups far in memory
    # (the rank directory's) overlap.
    counts = np.ones(finders.shape[0], dtype=np.int64)
    for k in range(d):
        f = finders[dense_at[k]]
        count = np.int64(dense[located_hi[f] + dense_year]) - np.int64(dense[located_lo[f] + dense_year])
        counts[dense_at[k]] = count - located_fits[f]
    for k in range(r):
        f = finders[ranked_at[k]]
        # ``RankIndex._alive_before`` at each end: those alive in the blocks before its
        # block, and in its block before it (the low bits of the block's mask).
        hi = located_hi[f]
        lo = located_lo[f]
        count = ranks[year_index, hi >> 6, 0] - ranks[year_index, lo >> 6, 0]
        count += _popcount(np.uint64(ranks[year_index, hi >> 6, 1]) & _below(hi))
        count -= _popcount(np.uint64(ranks[year_index, lo >> 6, 1]) & _below(lo))
        counts[ranked_at[k]] = count - located_fits[f]
    for n in range(finders.shape[0]):
        f = finders[n]
        mask = known[f]
        count = counts[n]
        row = born[f] - earliest_birth
        if count_bin[f] >= 0:
            by_birth[row, count_bin[f]] -= 1
        candidates[f] = count
        if count <= 1:
            b = 0
        else:
            b = 1
            for edge in half_decades:
                if edge <= count:
                    b += 1
            b = min(b, bins - 1)
        count_bin[f] = b
        by_birth[row, b] += 1
        if count == 1:
            identified[f] = year
            identified_knowing[f] = mask
            now += 1
    return now


@njit(cache=True, nogil=True)
def _uniform(key: np.uint64, head: np.uint64) -> np.float64:
    """``streams.uniform_at`` for one key."""
    return np.float64(_finalise(key + head) >> np.uint64(11)) * 2.0**-53


@njit(cache=True, nogil=True)
def bonds_and_cases(
    alive: npt.NDArray[np.bool_],
    open_bond: npt.NDArray[np.bool_],
    severs_at: npt.NDArray[np.float64],
    pair_keys: npt.NDArray[np.uint64],
    year: int,
    rates: npt.NDArray[np.float64],
    heads: npt.NDArray[np.uint64],
    active: npt.NDArray[np.bool_],
    cut: npt.NDArray[np.float64],
    severed: npt.NDArray[np.bool_],
    severed_year: npt.NDArray[np.int32],
) -> tuple[int, int]:
    """Which bonds are active, and the Foundation's cases of the year, as ``step._foundation`` decides them.

    ``rates`` are application, approval, appeal, reversal, withdrawal and the cooling-off
    (in years); ``heads`` the stream heads of APPLY, APPROVE, APPEAL, REVERSAL, WITHDRAW
    and APPLY_AT. Fills ``active``, ``cut`` (when in the year each pair's severance takes
    effect) and ``severed`` (it does this year), and closes those bonds at the year's end
    in ``open_bond``, ``severs_at`` and ``severed_year`` (nothing else this year reads them).
    Returns how many bonds are active and how many are severed.
    """
    application, approval, appeal, reversal, withdrawal, cooling_off = (
        rates[0], rates[1], rates[2], rates[3], rates[4], rates[5],
    )  # fmt: skip
    n_active = 0
    n_severed = 0
    pairs = open_bond.shape[0]
    # Which bonds are active, and every pair's application draw (into ``cut`` for now), in a
    # loop without branches that the compiler vectorises; the few applications after.
    for p in range(pairs):
        on = alive[2 * p] & alive[2 * p + 1] & open_bond[p]
        active[p] = on
        n_active += on
        cut[p] = _uniform(pair_keys[p], heads[0])
    for p in range(pairs):
        on = active[p]
        # An open case (a severance cooling off) must end before another application.
        if on and application > 0 and severs_at[p] == np.inf and cut[p] < application:
            key = pair_keys[p]
            approved = _uniform(key, heads[1]) < approval
            if appeal > 0:
                appealed = _uniform(key, heads[2]) < appeal
                if appealed and _uniform(key, heads[3]) < reversal:
                    approved = not approved
            if withdrawal > 0 and _uniform(key, heads[4]) < withdrawal:
                approved = False
            if approved:
                severs_at[p] = year + _uniform(key, heads[5]) + cooling_off
        cut[p] = severs_at[p] - year
        s = on and cut[p] < 1
        severed[p] = s
        if s:
            n_severed += 1
            severed_year[p] = year
            open_bond[p] = False
            severs_at[p] = np.inf
    return n_active, n_severed


@njit(cache=True, nogil=True)
def _clip(x: int, low: int, high: int) -> int:
    return low if x < low else high if x > high else x


@njit(cache=True, nogil=True)
def lifetimes(
    born: npt.NDArray[np.int32],
    dies: npt.NDArray[np.int32],
    group: npt.NDArray[np.int64],
    identified: npt.NDArray[np.int32],
    sent: npt.NDArray[np.int16 | np.int32],
    start_year: int,
    end: int,
    max_age: int,
    received_bins: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``summary.summarise``'s spans and lifetimes in one pass over the people, integer for integer.

    Returns, per row (the three carefulness groups, then everyone) and age, how many were
    seen alive at that age and how many of them identified (see ``Summary``), and how many
    who died during the run received 0, 1, ... items.
    """
    width = max_age + 2
    observed = np.zeros((4, width), dtype=np.int64)
    found = np.zeros((4, width), dtype=np.int64)
    received = np.zeros(received_bins, dtype=np.int64)
    for i in range(born.shape[0]):
        b = int(born[i])
        first = _clip(start_year - b, 0, max_age)
        last = _clip(min(int(dies[i]), end) - b, -1, max_age)
        g = int(group[i])
        if last >= first:
            observed[g, first] += 1
            observed[g, last + 1] -= 1
            observed[3, first] += 1
            observed[3, last + 1] -= 1
        partner = i ^ 1
        # Identified *by* the soulmate counts in the carefulness group's row; *their* soulmate in row 3.
        by = int(identified[partner]) - b if identified[partner] >= 0 else max_age + 1
        mine = int(identified[i]) - b if identified[i] >= 0 else max_age + 1
        since = max(first, by)
        if last >= since:
            found[g, since] += 1
            found[g, last + 1] -= 1
        since = max(first, mine)
        if last >= since:
            found[3, since] += 1
            found[3, last + 1] -= 1
        if dies[i] <= end:
            total = 0
            for k in range(sent.shape[1]):
                total += int(sent[partner, k])
            received[min(total, received_bins - 1)] += 1
    observed = np.cumsum(observed, axis=1)[:, : max_age + 1]
    found = np.cumsum(found, axis=1)[:, : max_age + 1]
    return observed, found, received


@njit(cache=True, nogil=True)
def by_year(
    years: npt.NDArray[np.int32], first: int, count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Those whose year is one of ``count`` years from ``first``, by year and then index (a
    counting sort), and where each year starts among them."""
    bounds = np.zeros(count + 1, dtype=np.int64)
    for i in range(years.shape[0]):
        k = int(years[i]) - first
        if 0 <= k < count:
            bounds[k + 1] += 1
    for j in range(count):
        bounds[j + 1] += bounds[j]
    order = np.empty(bounds[count], dtype=np.int64)
    filled = bounds[:count].copy()
    for i in range(years.shape[0]):
        k = int(years[i]) - first
        if 0 <= k < count:
            order[filled[k]] = i
            filled[k] += 1
    return order, bounds


RADIX_BITS = 11
"""A radix sort's digit: 2,048 buckets, whose write positions stay in the nearest caches."""


@njit(cache=True, nogil=True)
def sort_keys(values: npt.NDArray[np.int64], scratch: npt.NDArray[np.int64], ignored: int = 0) -> None:
    """Sort non-negative ``values`` in place by all but their low ``ignored`` bits, ``scratch``
    (as large) to spare: an LSD radix sort, so values equal but for those bits keep their order.

    A census's keys are tens of bits wide, so a few passes that each read and write every
    key once cost a third of a comparison sort. A digit every key shares is skipped.
    """
    n = values.shape[0]
    top = np.int64(0)
    for i in range(n):
        top |= values[i]
    top >>= np.int64(ignored)
    passes = 0
    while ignored + passes * RADIX_BITS < 63 and (top >> np.int64(passes * RADIX_BITS)) != 0:
        passes += 1
    width = 1 << RADIX_BITS
    digit = np.int64(width - 1)
    counts = np.zeros((passes, width), dtype=np.int64)
    # Every pass's histogram in one read of the keys.
    for i in range(n):
        v = values[i]
        for p in range(passes):
            counts[p, (v >> np.int64(ignored + p * RADIX_BITS)) & digit] += 1
    source, target = values, scratch
    moved = 0
    at = np.empty(width, dtype=np.int64)
    for p in range(passes):
        if counts[p].max() == n:
            continue
        shift = np.int64(ignored + p * RADIX_BITS)
        total = 0
        for b in range(width):
            at[b] = total
            total += counts[p, b]
        for i in range(n):
            v = source[i]
            b = (v >> shift) & digit
            target[at[b]] = v
            at[b] += 1
        source, target = target, source
        moved += 1
    if moved & 1:  # the keys ended in the scratch
        values[:] = scratch


@njit(cache=True, nogil=True)
def packed_keys(
    traits: npt.NDArray[np.int32],
    weights: npt.NDArray[np.int64],
    born: npt.NDArray[np.int32],
    dies: npt.NDArray[np.int32],
    first: int,
    births: int,
    start_year: int,
    years: int,
    bits: int,
) -> npt.NDArray[np.int64]:
    """Each person's census key in a ranked subset (its group of trait values, then birth year)
    above their last year in the run in the low ``bits`` bits (``knowledge._death_index``)."""
    out = np.empty(born.shape[0], dtype=np.int64)
    for i in range(born.shape[0]):
        key = _group_of(traits, weights, i) * births + (np.int64(born[i]) - first)
        out[i] = (key << np.int64(bits)) | _last_year(dies[i], start_year, years)
    return out


@njit(cache=True, nogil=True)
def dense_counts(
    table: npt.NDArray[np.int32],
    traits: npt.NDArray[np.int32],
    weights: npt.NDArray[np.int64],
    born: npt.NDArray[np.int32],
    dies: npt.NDArray[np.int32],
    first: int,
    start_year: int,
) -> None:
    """Count each person into a dense subset's ``table[r, group, born - first + 1]``, where
    r = years - 1 - their last year in the run (``knowledge.DenseTables``): alive in year d
    is then a prefix over r."""
    years = table.shape[0]
    for i in range(born.shape[0]):
        last = _last_year(dies[i], start_year, years)
        table[years - 1 - last, _group_of(traits, weights, i), np.int64(born[i]) - first + 1] += 1


@njit(cache=True, nogil=True)
def unpacked_keys(packed: npt.NDArray[np.int64], bits: int, base: int, keys: npt.NDArray[np.int64]) -> None:
    """``packed_keys``'s keys back, moved to their subset's ``base``, into ``keys``."""
    for i in range(packed.shape[0]):
        keys[i] = (packed[i] >> np.int64(bits)) + base


@njit(cache=True, nogil=True)
def rank_directory(entries: npt.NDArray[np.int64], last_year: npt.NDArray[np.int64], bits: int) -> None:
    """Write a segment's rank directory (``knowledge.RankIndex``), zeroed, given each person's last
    year (the low ``bits`` bits of ``last_year``, as ``packed_keys`` leaves it).

    ``entries[d, k, 1]`` gets bit j for each year d that person 64k+j is alive in: a block at
    a time, each bit put in at its last year, then carried to earlier ones; ``entries[d, k, 0]``
    counts those alive in year d in the blocks before k.
    """
    years, blocks = entries.shape[0], entries.shape[1]
    year_bits = (np.int64(1) << np.int64(bits)) - 1
    at_last = np.zeros(years, dtype=np.int64)
    for k in range(min(blocks, (last_year.shape[0] + 63) >> 6)):
        at_last[:] = 0
        for p in range(k << 6, min((k + 1) << 6, last_year.shape[0])):
            # Bit 63 is the sign bit: fine.
            at_last[last_year[p] & year_bits] |= np.int64(1) << np.int64(p & 63)
        alive = 0
        for d in range(years - 1, -1, -1):
            alive |= int(at_last[d])
            entries[d, k, 1] |= alive
    for d in range(years):
        before = 0
        for k in range(blocks):
            entries[d, k, 0] = before
            before += int(_popcount(np.uint64(entries[d, k, 1])))


@njit(cache=True, nogil=True)
def uniforms(keys: npt.NDArray[np.uint64], position: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
    """``streams.uniform(keys, position)`` in one pass; ``position`` has one entry per key, or one for all."""
    out = np.empty(keys.shape[0], dtype=np.float64)
    shared = position.shape[0] == 1
    for i in range(keys.shape[0]):
        at = position[0] if shared else position[i]
        out[i] = np.float64(_finalise(keys[i] + at * _GAMMA) >> np.uint64(11)) * 2.0**-53
    return out


@njit(cache=True, nogil=True)
def groups(traits: npt.NDArray[np.int32], weights: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Each row's group number in a subset: its trait values weighted by the subset's mixed radix."""
    out = np.zeros(traits.shape[0], dtype=np.int64)
    for i in range(traits.shape[0]):
        out[i] = _group_of(traits, weights, i)
    return out


@njit(cache=True, nogil=True, inline="always")
def _group_of(traits: npt.NDArray[np.int32], weights: npt.NDArray[np.int64], i: int) -> np.int64:
    """Row ``i``'s group number: its trait values weighted by the subset's mixed radix."""
    group = np.int64(0)
    for c in range(traits.shape[1]):
        group += np.int64(traits[i, c]) * weights[c]
    return group


@njit(cache=True, nogil=True, inline="always")
def _last_year(dies: np.int32, start_year: int, years: int) -> np.int64:
    """A person's last year in the run, counted from its first and kept within it."""
    last = np.int64(dies) - start_year
    return np.int64(0) if last < 0 else np.int64(years - 1) if last > years - 1 else last


@njit(cache=True, nogil=True)
def first_reaching(edges: npt.NDArray[np.float64], values: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """``np.searchsorted(edges, values, side="left")`` for a short ``edges`` without NaN (an age
    table), by a binary search per value: several times faster than NumPy's for these sizes."""
    out = np.empty(values.shape[0], dtype=np.int64)
    for i in range(values.shape[0]):
        value = values[i]
        lo = 0
        hi = edges.shape[0]
        while lo < hi:
            mid = (lo + hi) >> 1
            if edges[mid] < value:
                lo = mid + 1
            else:
                hi = mid
        out[i] = lo
    return out


@njit(cache=True, nogil=True)
def guided(
    u: npt.NDArray[np.float64], guide: npt.NDArray[np.intp], edges: npt.NDArray[np.float64], table: int
) -> npt.NDArray[np.int64]:
    """``streams.categorical``'s draws by guide table, one pass: each starts at its bin's first
    edge and steps past the edges at or below it."""
    out = np.empty(u.shape[0], dtype=np.int64)
    for i in range(u.shape[0]):
        index = guide[int(u[i] * table)]
        while edges[index] <= u[i]:
            index += 1
        out[i] = index
    return out
