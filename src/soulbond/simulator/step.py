"""One simulated year for a whole shard, over arrays: the laws of WORLD.md, vectorised.

A year happens in this order, the same in ``reference.py``:

1. The Foundation: an active bond with no open case is applied against at its
   yearly rate, at a moment in the year; the decision (approved at its rate) may be
   appealed and turned over on appeal, and an approved severance may be withdrawn
   during the cooling-off. One that is not takes effect when the cooling-off ends,
   this year or the next; until then the bond carries.
2. Fate takes things: each living person loses Poisson(carefulness) items, each of
   a kind drawn by the mix of the loser's age, at a moment in the year.
   The dead and the unborn lose nothing.
3. Transference: a loss travels to the partner only if the bond is active: both
   partners born and alive, paired (by a declaration, or by fate at the start of a
   year), not severed (a loss after the severance's moment stays), not widowed.
   Otherwise it stays where it fell (a partner not born yet receives nothing).
4. Knowledge: each finder learns what the kinds tell, and the candidate count is
   recounted against the whole population (``knowledge.Census``).
5. Deaths at year end, by the pre-drawn death year; a still-active bond is widowed
   (and a severance still cooling off lapses).

Work per year is proportional to the living and their losses, not to the census:
births and deaths come from per-shard indexes built once, and everything
per-person that does not change (stream offsets, Poisson thresholds) is computed
once per shard.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from soulbond.simulator import kernels, streams
from soulbond.simulator.config import MAX_AGE, SimulationConfig
from soulbond.simulator.knowledge import UNKNOWN_AGE, Census, Located
from soulbond.simulator.population import Population, birth_range
from soulbond.simulator.streams import Purpose

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
Tally = npt.NDArray[np.int16 | np.int32]

COUNT_BINS = 20
"""Candidate counts: bin 0 is exactly one (identified); bin b > 0 holds [10**((b-1)/2), 10**(b/2)), from 2."""
HALF_DECADES = np.ceil(10.0 ** (np.arange(1, COUNT_BINS) / 2)).astype(np.int64)
"""The smallest whole counts in bins 2, 3, ...: ceil(10**(k/2))."""
POISSON_STEPS = kernels.POISSON_STEPS
"""Loss counts below this are read off per-person thresholds."""
TAIL_STEPS = 40
"""The careless also have thresholds for the next this many counts; only counts past them iterate."""
CARELESS = 1e-3
"""Who is careless: their chance of POISSON_STEPS or more losses in a year is above this."""
DAYS_A_YEAR = 365.0
NEVER_LOSES = np.uint32(2**32 - 1)
"""A threshold no 32-bit draw exceeds: the dead and the unborn lose nothing."""


@dataclass
class Laws:
    """The config turned into arrays the step indexes by item kind."""

    weights: npt.NDArray[np.float64]
    tells_mask: npt.NDArray[np.uint8]
    tells_within: npt.NDArray[np.int8]
    application_rate: float
    approval: float
    appeal: float
    appeal_reversal: float
    withdrawal: float
    cooling_off: float
    """The cooling-off as a fraction of a year."""
    earliest_birth: int
    kind_of: streams.AgeCategorical32
    mix_at_age: npt.NDArray[np.intp]
    """Which of ``kind_of``'s mixes a loser of each age 0..MAX_AGE draws from."""

    @classmethod
    def of(cls, config: SimulationConfig) -> Laws:
        kinds = list(config.kinds.values())
        within = [UNKNOWN_AGE if k.age_within is None else min(k.age_within, UNKNOWN_AGE - 1) for k in kinds]
        return cls(
            np.asarray(config.loss_weights, dtype=np.float64),
            np.asarray([k.mask for k in kinds], dtype=np.uint8),
            np.asarray(within, dtype=np.int8),
            config.foundation.application_rate,
            config.foundation.approval,
            config.foundation.appeal,
            config.foundation.appeal_reversal,
            config.foundation.withdrawal,
            config.foundation.cooling_off_days / DAYS_A_YEAR,
            birth_range(config)[0],
            streams.AgeCategorical32(config.loss_mixes),
            np.asarray(config.mix_at_age, dtype=np.intp),
        )


def _by_year(years: I32, first: int, count: int) -> tuple[I64, I64]:
    """Those whose year is one of ``count`` years from ``first``, by year (then index), and
    where each year starts among them."""
    return kernels.by_year(years, first, count)


@dataclass
class State:
    """One shard's people and everything that has happened to them so far."""

    people: Population
    kinds: int
    start_year: int
    years: int
    earliest_birth: int
    stream: streams.U64 = field(init=False)
    """Each person's key moved to their slot in the pair's stream (``streams.offset``)."""
    thresholds: npt.NDArray[np.uint32] = field(init=False)
    """Per living person (a row each), ceil(2**32 * Poisson CDF) - 1 at 0..POISSON_STEPS-1 losses,
    at their carefulness; NEVER_LOSES for the dead and the unborn. A person's row is one
    read, and the counting loop vectorises over rows."""
    tail: npt.NDArray[np.uint32] = field(init=False)
    """Per careless person (a row each), the thresholds at the next TAIL_STEPS counts."""
    tail_row: npt.NDArray[np.int32] = field(init=False)
    """Each person's row in ``tail``, or -1."""
    alive: npt.NDArray[np.bool_] = field(init=False)
    living: int = field(init=False)
    open_bond: npt.NDArray[np.bool_] = field(init=False)
    """Per pair: neither severed nor widowed yet."""
    severs_at: npt.NDArray[np.float64] = field(init=False)
    """Per pair: when an approved severance takes effect (year + fraction), inf if none is due."""
    births: tuple[I64, I64] = field(init=False)
    unborn: npt.NDArray[np.uint32] = field(init=False)
    """The thresholds of those born during the run, in ``births`` order from the second year."""
    pairings: tuple[I64, I64] = field(init=False)
    """Pairs fate pairs during the run, by year, as ``births`` (indices into the shard's pairs)."""
    deaths: tuple[I64, I64] = field(init=False)
    lost: Tally = field(init=False)
    """Per loser and kind: losses (``tally_dtype``)."""
    sent: Tally = field(init=False)
    """Per loser and kind: losses that travelled to the partner (``received`` read from the other side)."""
    known: I64 = field(init=False)
    age_within: npt.NDArray[np.int8] = field(init=False)
    first_arrival: I32 = field(init=False)
    last_arrival: I32 = field(init=False)
    candidates: I64 = field(init=False)
    count_bin: npt.NDArray[np.int8] = field(init=False)
    by_birth: I64 = field(init=False)
    """Living people with some knowledge, by birth year and count bin (ages shift each year)."""
    identified: I32 = field(init=False)
    identified_knowing: I64 = field(init=False)
    severed: I32 = field(init=False)
    widowed: I32 = field(init=False)
    yearly: I64 = field(init=False)
    candidates_by_age: I64 = field(init=False)
    ones: Tally = field(init=False)
    located: Located = field(init=False)
    """Each finder's candidate range in the census, as of their knowledge below."""
    located_known: I64 = field(init=False)
    located_within: npt.NDArray[np.int8] = field(init=False)

    @property
    def received(self) -> Tally:
        """Per finder and kind: what arrived on their floor, i.e. what their partner sent."""
        return self.sent.reshape(-1, 2, self.kinds)[:, ::-1].reshape(-1, self.kinds)

    def __post_init__(self) -> None:
        people = self.people
        n, pairs = people.size, people.pairs
        slots = np.tile(np.asarray([0, 1 << 20], dtype=np.int64), pairs)
        self.stream = streams.offset(np.repeat(people.pair_keys, 2), slots)
        rate = people.carefulness
        self.alive = people.born <= self.start_year
        self.thresholds = kernels.poisson_rows(np.exp(-rate), rate, 0, POISSON_STEPS)
        careless = np.flatnonzero(self.thresholds[:, -1] < (1 - CARELESS) * 2.0**32)
        # Those born during the run get theirs back in their birth year (``step``).
        self.births = _by_year(people.born, self.start_year, self.years)
        later = self.births[0][self.births[1][1] : self.births[1][-1]]
        self.unborn = self.thresholds[later]
        self.thresholds[~self.alive] = NEVER_LOSES
        careless_rate = rate[careless]
        self.tail = kernels.poisson_rows(
            np.exp(-careless_rate), careless_rate, POISSON_STEPS, POISSON_STEPS + TAIL_STEPS
        )
        self.tail_row = np.full(n, -1, dtype=np.int32)
        self.tail_row[careless] = np.arange(careless.shape[0], dtype=np.int32)
        self.living = int(self.alive.sum())
        self.open_bond = np.ones(pairs, dtype=np.bool_)
        # People born unpaired have no bond to carry anything until fate pairs them.
        self.open_bond[people.fated[people.fated_year > self.start_year]] = False
        order, bounds = _by_year(people.fated_year, self.start_year, self.years)
        self.pairings = people.fated[order], bounds
        self.severs_at = np.full(pairs, np.inf)
        self.deaths = _by_year(people.dies, self.start_year, self.years)
        # Half the bytes a year's losses walk through, where no one can lose more of a kind than int16 holds.
        tally = tally_dtype(rate, min(self.years, MAX_AGE + 1))
        self.lost = np.zeros((n, self.kinds), dtype=tally)
        self.sent = np.zeros((n, self.kinds), dtype=tally)
        self.ones = np.ones(0, dtype=tally)
        self.located = Located(np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64))
        self.located_known = np.full(n, -1, dtype=np.int64)
        self.located_within = np.zeros(n, dtype=np.int8)
        self.known = np.zeros(n, dtype=np.int64)
        self.age_within = np.full(n, UNKNOWN_AGE, dtype=np.int8)
        self.first_arrival = np.full(n, -1, dtype=np.int32)
        self.last_arrival = np.full(n, -1, dtype=np.int32)
        self.candidates = np.full(n, -1, dtype=np.int64)
        self.count_bin = np.full(n, -1, dtype=np.int8)
        span = self.start_year + self.years - self.earliest_birth
        self.by_birth = np.zeros((span, COUNT_BINS), dtype=np.int64)
        self.identified = np.full(n, -1, dtype=np.int32)
        self.identified_knowing = np.zeros(n, dtype=np.int64)
        self.severed = np.full(pairs, -1, dtype=np.int32)
        self.widowed = np.full(pairs, -1, dtype=np.int32)
        self.yearly = np.zeros((self.years, len(YEARLY)), dtype=np.int64)
        self.candidates_by_age = np.zeros((MAX_AGE + 1, COUNT_BINS), dtype=np.int64)


YEARLY = ("living", "active_bonds", "items_lost", "items_received", "identified", "severed", "widowed")


def tally_dtype(rate: F64, years: int) -> type[np.int16] | type[np.int32]:
    """int16 if no one at these rates can lose more than it holds of a kind in ``years``, else int32.

    A year's count is the Poisson inverse CDF at the draw (``_losses``), so no year gives
    more than the largest draw does at the largest rate; twice that is room to spare.
    """
    if rate.size == 0:
        return np.int16
    largest = streams.poisson(np.asarray([1 - 2.0**-32]), np.asarray([float(rate.max())]))
    return np.int16 if 2 * int(largest[0]) * years <= np.iinfo(np.int16).max else np.int32


def new_state(config: SimulationConfig, people: Population) -> State:
    return State(people, len(config.items), config.start_year, config.years, birth_range(config)[0])


def poisson_thresholds(rate: npt.NDArray[np.float64], steps: int) -> npt.NDArray[np.uint32]:
    """``ceil(2**32 * P(X <= k)) - 1`` for k below ``steps``, X ~ Poisson(rate), a row per k.

    (``kernels.poisson_rows`` gives the same a row per person, in one pass: what the state holds.)

    The CDF comes from ``streams.poisson_cdf``, as ``streams.poisson``'s does, so
    ``m > threshold[k]`` exactly when ``streams.poisson`` at ``m / 2**32`` counts past k.
    """
    p = np.exp(-rate)
    out = np.empty((steps, rate.shape[0]), dtype=np.uint32)
    cdfs = itertools.chain([p], (cdf for _, cdf in streams.poisson_cdf(p, p, rate, 1)))
    for row, cdf in zip(range(steps), cdfs, strict=False):
        # A CDF rounded past 1 is reached by no draw: the largest threshold, not a wrapped one.
        out[row] = np.minimum(np.ceil(cdf * 2.0**32) - 1, float(NEVER_LOSES))
    return out


def _losses(state: State, year: int) -> npt.NDArray[np.int16]:
    """Poisson(carefulness) losses for the living: the inverse CDF at a 32-bit uniform m.

    ``m > thresholds[k]`` exactly when ``m / 2**32`` reaches the CDF at k, so summing
    the comparisons counts the losses; the careless read on in their tail table, and
    only counts past both iterate further.
    """
    if COMPILED:
        return _compiled_losses(state, year)[0]
    m = streams.top32(streams.bits_at(state.stream, year, Purpose.LOSSES))
    count = np.zeros(m.shape, dtype=np.int16)
    for threshold in state.thresholds.T:
        count += m > threshold
    many = np.flatnonzero(count == POISSON_STEPS)
    if many.size:
        row = state.tail_row[many]
        listed = row >= 0
        read = many[listed]
        count[read] += (m[read, None] > state.tail[row[listed]]).sum(axis=1, dtype=np.int16)
        rest = np.concatenate([many[~listed], read[count[read] == POISSON_STEPS + TAIL_STEPS]])
        if rest.size:
            u = np.asarray(m[rest], dtype=np.float64) * 2.0**-32
            count[rest] = streams.poisson(u, state.people.carefulness[rest])
    return count


def _compiled_losses(state: State, year: int) -> tuple[npt.NDArray[np.int16], I64]:
    """``_losses`` in two compiled passes (``kernels.threshold_counts``, ``kernels.losers_and_tails``),
    and the losers in order."""
    head = streams.head(year, Purpose.LOSSES)
    count = kernels.threshold_counts(head, state.thresholds, state.stream)
    losers, rest, m_rest = kernels.losers_and_tails(count, head, state.tail, state.tail_row, state.stream)
    if rest.size:
        u = np.asarray(m_rest, dtype=np.float64) * 2.0**-32
        # At most a loss a day on average (``Carefulness.max``): far inside int16.
        count[rest] = streams.poisson(u, state.people.carefulness[rest])
    return count, losers


def step(state: State, laws: Laws, census: Census, year: int) -> None:
    """Apply one year of the world's laws to every person of the shard at once."""
    index = year - state.start_year
    born_now = state.births[0][state.births[1][index] : state.births[1][index + 1]]
    if index:  # the first year's living were set up with the state
        state.alive[born_now] = True
        first = state.births[1][1]
        state.thresholds[born_now] = state.unborn[
            state.births[1][index] - first : state.births[1][index + 1] - first
        ]
        state.living += born_now.shape[0]
        fate = state.pairings[0][state.pairings[1][index] : state.pairings[1][index + 1]]
        state.open_bond[fate] = True
    alive = state.alive

    # 1. the Foundation first: a severance taking effect this year stops what is lost after it
    if COMPILED:
        active, cut, severed, bonds, severances = _bonds_and_cases(state, laws, year)
    else:
        active = alive[0::2] & alive[1::2] & state.open_bond
        cut = _foundation(state, laws, active, year)
        severed = active & (cut < 1)
        bonds, severances = int(np.count_nonzero(active)), int(np.count_nonzero(severed))

    # 2. losses, at each person's own carefulness, and 3. what of them travels
    if COMPILED:
        finders, lost_total, found_total = _lose_and_carry(state, laws, active, cut, year)
    else:
        lost_now = _losses(state, year)
        losers = np.flatnonzero(lost_now)
        per_loser = lost_now[losers]
        finders, lost_total, found_total = _transfer_numpy(state, laws, losers, per_loser, active, cut, year)

    # 4. what the finders now know
    identified_now = 0
    if finders.shape[0]:
        identified_now = _recount(state, laws, census, year, finders[state.identified[finders] < 0])

    if not COMPILED:  # the compiled loop has closed them already: nothing since read them
        # The severances that took effect this year close their bonds at year end.
        state.severed[severed] = year
        state.open_bond &= ~severed
        state.severs_at[severed] = np.inf

    # 5. the year's candidate counts by age, then deaths at year end widow the bonds still active
    # Row r of by_birth is age year - earliest - r; the oldest rows all count at MAX_AGE.
    upto = year - state.earliest_birth + 1
    capped = max(0, upto - MAX_AGE)
    state.candidates_by_age[MAX_AGE] += state.by_birth[:capped].sum(axis=0)
    state.candidates_by_age[upto - 1 - np.arange(capped, upto)] += state.by_birth[capped:upto]
    dying = state.deaths[0][state.deaths[1][index] : state.deaths[1][index + 1]]
    pair = dying >> 1
    widowed = pair[active[pair] & ~severed[pair]]
    state.widowed[widowed] = year
    state.open_bond[widowed] = False
    state.severs_at[widowed] = np.inf  # a severance still cooling off lapses
    _histogram(state, dying, -1)
    alive[dying] = False
    kernels.fill_rows(state.thresholds, dying, NEVER_LOSES)  # NumPy's row assignment costs ten times more

    row = state.yearly[index]
    row[:] = (
        state.living,
        bonds,
        lost_total,
        found_total,
        identified_now,
        severances,
        # ``dying`` is in index order, so a pair whose partners die together sits side by side.
        widowed.shape[0] - int(np.count_nonzero(widowed[1:] == widowed[:-1])),
    )
    state.living -= dying.shape[0]


COMPILED = True
"""Run the year in compiled loops (``kernels``); False: the NumPy passes.
Both give bit-identical results."""


def _bonds_and_cases(state: State, laws: Laws, year: int) -> tuple[Mask, F64, Mask, int, int]:
    """Active bonds and the Foundation's year in one compiled loop over the pairs (``kernels.bonds_and_cases``)."""
    pairs = state.open_bond.shape[0]
    active, cut, severed = np.empty(pairs, np.bool_), np.empty(pairs), np.empty(pairs, np.bool_)
    rates = np.asarray(
        [
            laws.application_rate,
            laws.approval,
            laws.appeal,
            laws.appeal_reversal,
            laws.withdrawal,
            laws.cooling_off,
        ]
    )
    purposes = (
        Purpose.APPLY,
        Purpose.APPROVE,
        Purpose.APPEAL,
        Purpose.REVERSAL,
        Purpose.WITHDRAW,
        Purpose.APPLY_AT,
    )
    heads = np.asarray([streams.head(year, p) for p in purposes], dtype=np.uint64)
    bonds, severances = kernels.bonds_and_cases(
        state.alive,
        state.open_bond,
        state.severs_at,
        state.people.pair_keys,
        year,
        rates,
        heads,
        active,
        cut,
        severed,
        state.severed,
    )
    return active, cut, severed, int(bonds), int(severances)


def _lose_and_carry(state: State, laws: Laws, active: Mask, cut: F64, year: int) -> tuple[I64, int, int]:
    """Every loss of the year counted in two compiled passes over everyone (``_compiled_losses``),
    then drawn and carried in one over the losers (``kernels.walk``): what ``_losses`` and
    ``_transfer_numpy`` do.

    The few whose count runs past every threshold step through the Poisson CDF between
    the two (``_losses``): the same counts, kinds and arrivals.
    """
    table = laws.kind_of
    finders, lost_total, found_total = kernels.walk(
        *_compiled_losses(state, year),
        state.stream,
        streams.head(year, Purpose.KIND),
        state.people.born,
        year,
        laws.mix_at_age,
        table.cells,
        table.edges,
        int(table.shift),
        streams.Categorical32.BITS,
        active,
        cut,
        state.lost,
        state.sent,
        state.known,
        state.age_within,
        laws.tells_mask,
        laws.tells_within,
        state.first_arrival,
        state.last_arrival,
    )
    return finders, int(lost_total), int(found_total)


def _transfer_numpy(
    state: State, laws: Laws, losers: I64, per_loser: npt.NDArray[np.int16], active: Mask, cut: F64, year: int
) -> tuple[I64, int, int]:
    """Each loss's kind, the losers' counts, and what travels: the same as ``kernels.walk``, in passes."""
    owner = streams.expand(per_loser)
    who = losers[owner]
    # A loser's draws sit one after another in their stream, at slot + 0, 1, ...
    bits = streams.runs_at(state.stream[losers], per_loser, owner, year, Purpose.KIND)
    # What is lost depends on the loser's age this year (alive, so born by now).
    mix = laws.mix_at_age[np.minimum(year - state.people.born[losers], MAX_AGE)][owner]
    kind = laws.kind_of(streams.top32(bits), mix)
    cell = who * state.kinds
    cell += kind
    ones = _ones(state, cell.shape[0])
    # ufunc.at takes its fast path only when the value array has the target's dtype.
    np.add.at(state.lost.reshape(-1), cell, ones)

    # Across active bonds only, and before the bond's severance; the partner sits next door at i ^ 1.
    carried = active[losers >> 1]
    travels = carried[owner]
    # A loss's moment in the year is its draw's low 32 bits.
    moment = (bits & np.uint64(0xFFFFFFFF)).astype(np.float64) * 2.0**-32
    travels &= moment < cut[who >> 1]
    runs = np.bincount(owner[travels], minlength=losers.shape[0])
    carried = runs > 0
    runs = runs[carried]
    np.add.at(state.sent.reshape(-1), cell[travels], ones[: int(np.count_nonzero(travels))])

    found_kind = kind[travels]
    finders = losers[carried] ^ 1
    if finders.shape[0]:
        starts = np.cumsum(runs, dtype=np.int64) - runs
        state.known[finders] |= np.bitwise_or.reduceat(laws.tells_mask[found_kind], starts)
        np.minimum.at(state.age_within, who[travels] ^ 1, laws.tells_within[found_kind])
        first = state.first_arrival[finders]
        state.first_arrival[finders] = np.where(first < 0, year, first)
        state.last_arrival[finders] = year
    return finders, cell.shape[0], found_kind.shape[0]


def _foundation(
    state: State, laws: Laws, active: npt.NDArray[np.bool_], year: int
) -> npt.NDArray[np.float64]:
    """New cases of the year, decided at once; per pair, when in this year its severance takes effect (>= 1: not this year)."""
    if laws.application_rate > 0:
        # An open case (a severance cooling off) must end before another application.
        bonds = np.flatnonzero(active & np.isinf(state.severs_at))
        # Every draw comes from the pair's own stream, so only the active pairs need any.
        keys = state.people.pair_keys[bonds]
        applied = streams.uniform_at(keys, year, Purpose.APPLY) < laws.application_rate
        bonds, keys = bonds[applied], keys[applied]
        approved = streams.uniform_at(keys, year, Purpose.APPROVE) < laws.approval
        if laws.appeal > 0:
            appealed = streams.uniform_at(keys, year, Purpose.APPEAL) < laws.appeal
            approved ^= appealed & (streams.uniform_at(keys, year, Purpose.REVERSAL) < laws.appeal_reversal)
        if laws.withdrawal > 0:
            approved &= streams.uniform_at(keys, year, Purpose.WITHDRAW) >= laws.withdrawal
        moment = streams.uniform_at(keys[approved], year, Purpose.APPLY_AT)
        state.severs_at[bonds[approved]] = year + moment + laws.cooling_off
    return state.severs_at - year


def _ones(state: State, size: int) -> Tally:
    """``size`` ones of the tallies' type, from one buffer that grows as needed."""
    if state.ones.shape[0] < size:
        state.ones = np.ones(2 * size, dtype=state.lost.dtype)
    return state.ones[:size]


def _histogram(state: State, who: I64, sign: int) -> None:
    """Add (sign 1) or take away (-1) these people's count bins in ``by_birth``."""
    bins = state.count_bin[who]
    counted = bins >= 0
    cells = (state.people.born[who[counted]].astype(np.int64) - state.earliest_birth) * COUNT_BINS
    cells += bins[counted]
    if cells.size:
        flat = state.by_birth.reshape(-1)
        flat += sign * np.bincount(cells, minlength=flat.shape[0])


def _recount(state: State, laws: Laws, census: Census, year: int, finders: I64) -> int:
    """New candidate counts for these finders; how many of them are now identified."""
    if COMPILED:
        return _recount_compiled(state, laws, census, year, finders)
    people = state.people
    # Ranges depend on knowledge only: locate again only those who learnt something.
    learnt = (state.located_known[finders] != state.known[finders]) | (
        state.located_within[finders] != state.age_within[finders]
    )
    moved = finders[learnt]
    partner = moved ^ 1
    within = state.age_within[moved].astype(np.int32)
    partner_born = people.born[partner]
    unknown = within == UNKNOWN_AGE
    low = np.where(unknown, laws.earliest_birth, partner_born - within).astype(np.int32)
    # The loser was born by the first arrival (``AliveAround`` in the core).
    high = np.minimum(np.where(unknown, year, partner_born + within), state.first_arrival[moved]).astype(
        np.int32
    )
    where = census.locate(
        state.known[moved], people.traits[partner], low, high, people.traits[moved], people.born[moved]
    )
    located = state.located
    located.lo[moved], located.hi[moved], located.fits[moved] = where.lo, where.hi, where.fits
    state.located_known[moved] = state.known[moved]
    state.located_within[moved] = state.age_within[moved]
    mask = state.known[finders]
    count = census.living(
        year, mask, Located(located.lo[finders], located.hi[finders], located.fits[finders])
    )
    _histogram(state, finders, -1)
    state.candidates[finders] = count
    # Bin b > 0 holds counts c with floor(2 log10 c) = b - 1: count the edges at or below c.
    bins = np.searchsorted(HALF_DECADES, count, side="right") + 1
    state.count_bin[finders] = np.where(count <= 1, 0, np.minimum(bins, COUNT_BINS - 1))
    _histogram(state, finders, 1)
    now = count == 1
    state.identified[finders[now]] = year
    state.identified_knowing[finders[now]] = state.known[finders[now]]
    return int(np.count_nonzero(now))


def _recount_compiled(state: State, laws: Laws, census: Census, year: int, finders: I64) -> int:
    """``_recount`` in one compiled loop (``kernels.recount``): the same integers."""
    people, located, dense = state.people, state.located, census.dense
    year_index = year - census.start_year
    return int(
        kernels.recount(
            finders,
            year,
            year_index,
            laws.earliest_birth,
            people.born,
            people.traits,
            state.known,
            state.age_within,
            state.first_arrival,
            state.located_known,
            state.located_within,
            located.lo,
            located.hi,
            located.fits,
            census.way,
            census.weights,
            census.base,
            census.spacing,
            census.first,
            dense.flat,
            dense.column(year_index),
            census.ranked.keys,
            census.ranked.sample,
            census.top,
            census.ranked.ranks,
            HALF_DECADES,
            state.candidates,
            state.count_bin,
            state.by_birth,
            state.identified,
            state.identified_knowing,
        )
    )
