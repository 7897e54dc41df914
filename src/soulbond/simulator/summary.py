"""What a shard adds to the population-wide picture: counts only, so shards sum exactly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from soulbond.simulator import kernels
from soulbond.simulator.config import MAX_AGE, SimulationConfig
from soulbond.simulator.population import carefulness_groups
from soulbond.simulator.step import COUNT_BINS, YEARLY, State

I64 = npt.NDArray[np.int64]
RECEIVED_BINS = 201
"""Items received per lifetime: 0..199, and 200 or more."""


@dataclass
class Summary:
    yearly: I64
    """Per year: the columns of ``step.YEARLY``."""
    candidates_by_age: I64
    """People with some knowledge by age and half-decade of their candidate count."""
    observed_at_age: I64
    """Rows 0-2 per own carefulness group (careful, middling, careless), row 3 everyone: by age,
    how many people were seen alive at that age."""
    identified_by_age: I64
    """Of those: rows 0-2, how many had been identified *by* their soulmate by that age
    (what carefulness protects); row 3, how many had identified their soulmate."""
    received_per_lifetime: I64
    """Items received during the run by the people who died during it (their observed lifetimes)."""

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            self.yearly + other.yearly,
            self.candidates_by_age + other.candidates_by_age,
            self.observed_at_age + other.observed_at_age,
            self.identified_by_age + other.identified_by_age,
            self.received_per_lifetime + other.received_per_lifetime,
        )


def _spans(group: I64, first: I64, last: I64, groups: int) -> I64:
    """How many [first, last] age spans cover each age, per group, by difference arrays."""
    keep = last >= first
    width = MAX_AGE + 2
    starts = np.bincount(group[keep] * width + first[keep], minlength=groups * width)
    ends = np.bincount(group[keep] * width + last[keep] + 1, minlength=groups * width)
    return np.cumsum((starts - ends).reshape(groups, width), axis=1)[:, : MAX_AGE + 1]


def _twice(first: I64, last: I64) -> tuple[I64, I64]:
    return np.concatenate([first, first]), np.concatenate([last, last])


def summarise(config: SimulationConfig, state: State) -> Summary:
    if COMPILED:
        return _summarise_compiled(config, state)
    people = state.people
    end = config.start_year + config.years - 1
    born = people.born.astype(np.int64)
    group = np.searchsorted(carefulness_groups(config), people.carefulness, side="right").astype(np.int64)
    first_age = np.clip(config.start_year - born, 0, MAX_AGE)
    last_age = np.clip(np.minimum(people.dies, end) - born, -1, MAX_AGE)
    partner = np.arange(people.size) ^ 1
    found_out = np.where(state.identified[partner] >= 0, state.identified[partner] - born, MAX_AGE + 1)
    found = np.where(state.identified >= 0, state.identified - born, MAX_AGE + 1)
    # Each person twice: once in their carefulness group's row, once in the "everyone" row.
    rows = np.concatenate([group, np.full(people.size, 3, dtype=np.int64)])
    observed = _spans(rows, *_twice(first_age, last_age), 4)
    identified = _spans(
        rows,
        np.concatenate([np.maximum(first_age, found_out), np.maximum(first_age, found)]),
        np.concatenate([last_age, last_age]),
        4,
    )
    whole_life = people.dies <= end
    received = np.minimum(state.received[whole_life].sum(axis=1), RECEIVED_BINS - 1)
    return Summary(
        state.yearly.copy(),
        state.candidates_by_age.copy(),
        observed,
        identified,
        np.bincount(received, minlength=RECEIVED_BINS).astype(np.int64),
    )


COMPILED = True
"""Count the spans and lifetimes in one compiled pass (``kernels.lifetimes``); False: the NumPy passes."""


def _summarise_compiled(config: SimulationConfig, state: State) -> Summary:
    people = state.people
    group = np.searchsorted(carefulness_groups(config), people.carefulness, side="right").astype(np.int64)
    observed, identified, received = kernels.lifetimes(
        people.born,
        people.dies,
        group,
        state.identified,
        state.sent,
        config.start_year,
        config.start_year + config.years - 1,
        MAX_AGE,
        RECEIVED_BINS,
    )
    return Summary(state.yearly.copy(), state.candidates_by_age.copy(), observed, identified, received)


def empty(config: SimulationConfig) -> Summary:
    return Summary(
        np.zeros((config.years, len(YEARLY)), dtype=np.int64),
        np.zeros((MAX_AGE + 1, COUNT_BINS), dtype=np.int64),
        np.zeros((4, MAX_AGE + 1), dtype=np.int64),
        np.zeros((4, MAX_AGE + 1), dtype=np.int64),
        np.zeros(RECEIVED_BINS, dtype=np.int64),
    )
