"""One simulated year for a whole shard, over arrays: the laws of WORLD.md, vectorised.

A year happens in this order, the same in ``reference.py``:

1. Fate takes things: each living person loses Poisson(carefulness) items, each of
   a kind drawn by the items' loss weights. The dead and the unborn lose nothing.
2. Transference: a loss travels to the partner only if the bond is active all
   along: both partners born and alive, not severed, not widowed. Otherwise it
   stays where it fell (a partner not born yet receives nothing).
3. Knowledge: each finder learns what the kinds tell, and the candidate count is
   recounted against the whole population (``knowledge.Census``).
4. The Foundation: an active bond is applied against at its yearly rate, approved
   at its approval rate, and severed when the cooling-off ends, before year end.
5. Deaths at year end, by the pre-drawn death year; a still-active bond is widowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from soulbond.simulator import streams
from soulbond.simulator.config import MAX_AGE, SimulationConfig
from soulbond.simulator.knowledge import UNKNOWN_AGE, Census, DeathTally
from soulbond.simulator.population import Population, birth_range
from soulbond.simulator.streams import Purpose

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

COUNT_BINS = 20
"""Candidate counts: bin 0 is exactly one (identified); bin b > 0 holds [10**((b-1)/2), 10**(b/2)), from 2."""


@dataclass
class Laws:
    """The config turned into arrays the step indexes by item kind."""

    weights: npt.NDArray[np.float64]
    tells_mask: I64
    tells_within: npt.NDArray[np.int8]
    application_rate: float
    approval: float
    earliest_birth: int

    @classmethod
    def of(cls, config: SimulationConfig) -> Laws:
        kinds = list(config.kinds.values())
        within = [UNKNOWN_AGE if k.age_within is None else min(k.age_within, UNKNOWN_AGE - 1) for k in kinds]
        return cls(
            np.asarray(config.loss_weights, dtype=np.float64),
            np.asarray([k.mask for k in kinds], dtype=np.int64),
            np.asarray(within, dtype=np.int8),
            config.foundation.application_rate,
            config.foundation.approval,
            birth_range(config)[0],
        )


@dataclass
class State:
    """One shard's people and everything that has happened to them so far."""

    people: Population
    kinds: int
    start_year: int
    years: int
    person_keys: streams.U64 = field(init=False)
    slots: I64 = field(init=False)
    lost: I32 = field(init=False)
    received: I32 = field(init=False)
    known: I64 = field(init=False)
    age_within: npt.NDArray[np.int8] = field(init=False)
    first_arrival: I32 = field(init=False)
    last_arrival: I32 = field(init=False)
    candidates: I64 = field(init=False)
    count_bin: npt.NDArray[np.int8] = field(init=False)
    identified: I32 = field(init=False)
    identified_knowing: I64 = field(init=False)
    severed: I32 = field(init=False)
    widowed: I32 = field(init=False)
    yearly: I64 = field(init=False)
    candidates_by_age: I64 = field(init=False)
    tally: DeathTally = field(init=False, default_factory=DeathTally)

    def __post_init__(self) -> None:
        n, pairs = self.people.size, self.people.pairs
        self.person_keys = np.repeat(self.people.pair_keys, 2)
        self.slots = np.tile(np.asarray([0, 1 << 20], dtype=np.int64), pairs)
        self.lost = np.zeros((n, self.kinds), dtype=np.int32)
        self.received = np.zeros((n, self.kinds), dtype=np.int32)
        self.known = np.zeros(n, dtype=np.int64)
        self.age_within = np.full(n, UNKNOWN_AGE, dtype=np.int8)
        self.first_arrival = np.full(n, -1, dtype=np.int32)
        self.last_arrival = np.full(n, -1, dtype=np.int32)
        self.candidates = np.full(n, -1, dtype=np.int64)
        self.count_bin = np.full(n, -1, dtype=np.int8)
        self.identified = np.full(n, -1, dtype=np.int32)
        self.identified_knowing = np.zeros(n, dtype=np.int64)
        self.severed = np.full(pairs, -1, dtype=np.int32)
        self.widowed = np.full(pairs, -1, dtype=np.int32)
        self.yearly = np.zeros((self.years, len(YEARLY)), dtype=np.int64)
        self.candidates_by_age = np.zeros((MAX_AGE + 1, COUNT_BINS), dtype=np.int64)


YEARLY = ("living", "active_bonds", "items_lost", "items_received", "identified", "severed", "widowed")


def new_state(config: SimulationConfig, people: Population) -> State:
    return State(people, len(config.items), config.start_year, config.years)


def step(state: State, laws: Laws, census: Census, year: int) -> None:
    """Apply one year of the world's laws to every person of the shard at once."""
    people = state.people
    alive = (people.born <= year) & (people.dies >= year)
    active = alive[0::2] & alive[1::2] & (state.severed < 0) & (state.widowed < 0)

    # 1. losses, at each person's own carefulness
    u = streams.uniform(state.person_keys, streams.counter(year, Purpose.LOSSES, state.slots))
    lost_now = streams.poisson(u, np.where(alive, people.carefulness, 0.0))
    losers = np.flatnonzero(lost_now)
    per_loser = lost_now[losers]
    who = np.repeat(losers, per_loser)
    draw = np.arange(who.shape[0], dtype=np.int64) - np.repeat(np.cumsum(per_loser) - per_loser, per_loser)
    u_kind = streams.uniform(
        state.person_keys[who], streams.counter(year, Purpose.KIND, state.slots[who] + draw)
    )
    kind = streams.categorical(u_kind, laws.weights)
    kinds = state.kinds
    # ufunc.at takes its fast path only when the value array has the target's dtype.
    np.add.at(state.lost.reshape(-1), who * kinds + kind, np.ones(who.shape[0], dtype=np.int32))

    # 2. transference across active bonds only; the partner sits next door at i ^ 1
    travels = active[who >> 1]
    finder, found_kind = who[travels] ^ 1, kind[travels]
    np.add.at(
        state.received.reshape(-1), finder * kinds + found_kind, np.ones(finder.shape[0], dtype=np.int32)
    )

    # 3. what finders learn, and how many people still fit it
    for index in range(kinds):
        mask, within = int(laws.tells_mask[index]), int(laws.tells_within[index])
        if mask or within != UNKNOWN_AGE:
            # Repeated finders in a fancy-index assignment are harmless: OR and min are idempotent.
            told = finder[found_kind == index]
            state.known[told] |= mask
            state.age_within[told] = np.minimum(state.age_within[told], within)
    finders = np.flatnonzero(np.bincount(finder, minlength=people.size))
    first = state.first_arrival[finders]
    state.first_arrival[finders] = np.where(first < 0, year, first)
    state.last_arrival[finders] = year
    _recount(state, laws, census, year, finders[state.identified[finders] < 0])

    # 4. the Foundation
    u_apply = streams.uniform(people.pair_keys, streams.counter(year, Purpose.APPLY))
    u_approve = streams.uniform(people.pair_keys, streams.counter(year, Purpose.APPROVE))
    severed = active & (u_apply < laws.application_rate) & (u_approve < laws.approval)
    state.severed[severed] = year

    # 5. deaths at year end widow the bonds still active
    dying = people.dies == year
    widowed = active & ~severed & (dying[0::2] | dying[1::2])
    state.widowed[widowed] = year

    with_knowledge = np.flatnonzero(alive & (state.count_bin >= 0))
    ages = np.minimum(year - people.born[with_knowledge], MAX_AGE)
    state.candidates_by_age += np.bincount(
        ages * COUNT_BINS + state.count_bin[with_knowledge], minlength=state.candidates_by_age.size
    ).reshape(state.candidates_by_age.shape)
    row = state.yearly[year - state.start_year]
    row[:] = (
        int(alive.sum()),
        int(active.sum()),
        who.shape[0],
        finder.shape[0],
        int((state.identified == year).sum()),
        int(severed.sum()),
        int(widowed.sum()),
    )


def _recount(state: State, laws: Laws, census: Census, year: int, finders: I64) -> None:
    people = state.people
    partner = finders ^ 1
    within = state.age_within[finders].astype(np.int32)
    partner_born = people.born[partner]
    unknown = within == UNKNOWN_AGE
    low = np.where(unknown, laws.earliest_birth, partner_born - within).astype(np.int32)
    # The loser was born by the first arrival (``AliveAround`` in the core).
    high = np.minimum(np.where(unknown, year, partner_born + within), state.first_arrival[finders]).astype(
        np.int32
    )
    count = census.count(
        state.tally,
        year,
        state.known[finders],
        people.traits[partner],
        low,
        high,
        people.traits[finders],
        people.born[finders],
    )
    state.candidates[finders] = count
    half_decades = 1 + np.floor(2 * np.log10(np.maximum(count, 1)))
    state.count_bin[finders] = np.where(count <= 1, 0, np.minimum(half_decades, COUNT_BINS - 1)).astype(
        np.int8
    )
    now = count == 1
    state.identified[finders[now]] = year
    state.identified_knowing[finders[now]] = state.known[finders[now]]
