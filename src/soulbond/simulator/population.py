"""A synthetic population as NumPy arrays, one shard of bonded pairs at a time.

Person ``2*k`` and ``2*k + 1`` of a shard are the two partners of the shard's pair
``k``, so a partner look-up is ``i ^ 1`` and partner arrays are strided views:
reading them streams through memory instead of gathering.

Everything here is a pure function of (config, seed, pair ids): every shard and
every Dask worker can build exactly the people it needs and no others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from soulbond.names import name_frequencies
from soulbond.simulator import kernels, streams
from soulbond.simulator.config import MAX_AGE, NAME_KEYS, SimulationConfig
from soulbond.simulator.kinds import CATEGORICAL_TRAITS
from soulbond.simulator.streams import Purpose

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

NEVER = np.int32(2**31 - 1)
"""A death year meaning: not within any simulation."""


@dataclass
class Population:
    first_pair: int
    pair_keys: streams.U64
    born: I32
    """Birth year; everyone is born on 1 January, so age in year y is y - born."""
    dies: I32
    """Year at whose end the person dies."""
    carefulness: npt.NDArray[np.float64]
    town: npt.NDArray[np.int16]
    notorious: npt.NDArray[np.bool_]
    traits: I32
    """One column per categorical trait, in ``CATEGORICAL_TRAITS`` order."""
    fated: I64
    """The pairs (indices in the shard) whose two people are born unpaired, in order."""
    fated_year: I32
    """Per fated pair: the year at whose start fate pairs them; NEVER if it does not within their lives."""

    @property
    def size(self) -> int:
        return int(self.born.shape[0])

    @property
    def pairs(self) -> int:
        return self.size // 2

    def person_ids(self) -> I64:
        return np.arange(2 * self.first_pair, 2 * self.first_pair + self.size, dtype=np.int64)

    def paired_year(self) -> I32:
        """Per pair: the year from which the bond holds; a declared pair's holds from the start."""
        out = np.full(self.pairs, np.iinfo(np.int32).min, dtype=np.int32)
        out[self.fated] = self.fated_year
        return out


def zipf_weights(values: int, skew: float) -> npt.NDArray[np.float64]:
    weights = 1.0 / np.arange(1, values + 1, dtype=np.float64) ** skew
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def attribute_weights(config: SimulationConfig, key: str) -> npt.NDArray[np.float64]:
    """How common each value of a categorical trait is: real name frequencies, or a Zipf law."""
    if config.names is not None and key in NAME_KEYS:
        frequencies = name_frequencies(config.names)
        names = frequencies.given if key == "given_name" else frequencies.family
        return np.asarray(names.shares(), dtype=np.float64)
    spec = config.attributes[key]
    return zipf_weights(spec.values, spec.skew)


def family_radix(config: SimulationConfig) -> int:
    """Family names: the ordinary list, then one name per person for the notorious."""
    return config.attributes["family_name"].values + config.population.size


def trait_radix(config: SimulationConfig) -> list[int]:
    return [
        family_radix(config) if key == "family_name" else config.attributes[key].values
        for key in CATEGORICAL_TRAITS
    ]


def birth_range(config: SimulationConfig) -> tuple[int, int]:
    """The earliest birth year any simulated person can have, and one past the last that matters."""
    # Never after the start: the census and the yearly tables count births from here.
    oldest = max(0, *(band.ages[1] for band in config.population.age_pyramid))
    return config.start_year - oldest, config.start_year + config.years


def carefulness_groups(config: SimulationConfig) -> npt.NDArray[np.float64]:
    """Tertile boundaries of the carefulness distribution, the same in every shard."""
    care = config.carefulness
    edges = care.median * np.exp(care.sigma * np.asarray([-0.4307272992954576, 0.4307272992954576]))
    return np.asarray(np.minimum(edges, care.max), dtype=np.float64)


@dataclass
class Lives:
    """What the census counts of a shard's people (``Population``'s fields of the same names)."""

    pair_keys: streams.U64
    born: I32
    dies: I32
    notorious: npt.NDArray[np.bool_]
    traits: I32


def _draws(keys: streams.U64, pairs: int) -> Callable[[int, bool], npt.NDArray[np.float64]]:
    both = np.repeat(keys, 2)
    slot = np.tile(np.asarray([0, 1 << 20], dtype=np.int64), pairs)

    def draw(purpose: int, per_person: bool = True) -> npt.NDArray[np.float64]:
        if per_person:
            return kernels.uniforms(both, streams.counter(0, purpose, slot))
        return kernels.uniforms(keys, streams.counter(0, purpose))

    return draw


def lives(config: SimulationConfig, seed: int, first_pair: int, pairs: int) -> Lives:
    """The pairs' births, deaths and traits: exactly ``build``'s, without drawing the rest."""
    ids = np.arange(first_pair, first_pair + pairs, dtype=np.int64)
    keys = streams.pair_keys(seed, ids)
    draw = _draws(keys, pairs)
    pop = config.population
    bands = pop.age_pyramid
    band = streams.categorical(draw(Purpose.AGE, False), [b.weight for b in bands], kernels.guided)
    low = np.asarray([b.ages[0] for b in bands])[band]
    span = np.asarray([b.ages[1] - b.ages[0] + 1 for b in bands])[band]
    older_age = low + np.floor(draw(Purpose.AGE + 100, False) * span).astype(np.int64)
    gaps = np.asarray(sorted(pop.age_gap), dtype=np.int64)
    gap = gaps[
        streams.categorical(draw(Purpose.GAP, False), [pop.age_gap[int(g)] for g in gaps], kernels.guided)
    ]
    born = np.empty(2 * pairs, dtype=np.int32)
    born[0::2] = config.start_year - older_age
    born[1::2] = born[0::2] + gap

    traits = np.empty((2 * pairs, len(CATEGORICAL_TRAITS)), dtype=np.int32)
    for column, key in enumerate(CATEGORICAL_TRAITS):
        u = draw(Purpose.ATTRIBUTE + column, True)
        traits[:, column] = streams.categorical(u, attribute_weights(config, key), kernels.guided)
    notorious = draw(Purpose.NOTORIETY, True) < config.notoriety
    family = CATEGORICAL_TRAITS.index("family_name")
    global_person = 2 * first_pair + np.arange(2 * pairs, dtype=np.int64)
    traits[notorious, family] = (config.attributes["family_name"].values + global_person[notorious]).astype(
        np.int32
    )
    dies = _death_years(config, born, draw(Purpose.DEATH, True))
    return Lives(keys, born, dies, notorious, traits)


def build(config: SimulationConfig, seed: int, first_pair: int, pairs: int) -> Population:
    drawn = lives(config, seed, first_pair, pairs)
    keys = drawn.pair_keys
    draw = _draws(keys, pairs)
    care = config.carefulness
    slot = np.tile(np.asarray([0, 1 << 20], dtype=np.int64), pairs)
    z = streams.normal(np.repeat(keys, 2), streams.counter(0, Purpose.CAREFULNESS, slot))
    carefulness = np.minimum(care.median * np.exp(care.sigma * z), care.max)
    town = streams.categorical(draw(Purpose.TOWN, True), [t.weight for t in config.towns], kernels.guided)
    fated, fated_year = _fate(config, keys, drawn.born, drawn.dies)
    return Population(
        first_pair,
        keys,
        drawn.born,
        drawn.dies,
        carefulness,
        town.astype(np.int16),
        drawn.notorious,
        drawn.traits,
        fated,
        fated_year,
    )


def _fate(config: SimulationConfig, keys: streams.U64, born: I32, dies: I32) -> tuple[I64, I32]:
    """Which pairs are born unpaired, and the year fate pairs them.

    Fate picks a partner uniformly from the living unpaired (``Registry.pair_by_fate``),
    and such a partner is statistically an independently drawn stranger: the pair's
    second person stands for them, so every pair keeps its own stream. Each of the two
    waits at the yearly ``fate_pairing`` chance and the first whose turn comes is paired
    with the other: the pair waits a geometric number of years at chance 1 - (1 - r)**2,
    counted from the first one's birth, and is paired no earlier than the second's (people
    born before the start waited before it).
    """
    pop = config.population
    if pop.born_unpaired == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
    fated = np.flatnonzero(streams.uniform(keys, streams.counter(0, Purpose.UNPAIRED)) < pop.born_unpaired)
    stays = (1.0 - pop.fate_pairing) ** 2
    u = streams.uniform(keys[fated], streams.counter(0, Purpose.FATE))
    if stays == 0:
        wait = np.zeros(fated.shape[0], dtype=np.int64)
    elif stays == 1:
        wait = np.full(fated.shape[0], MAX_AGE + 1, dtype=np.int64)
    else:
        wait = np.minimum(np.floor(np.log1p(-u) / np.log(stays)), MAX_AGE + 1).astype(np.int64)
    # The first born starts waiting at birth; the bond begins once the second is born too.
    year = np.maximum(born[2 * fated] + wait, born[2 * fated + 1]).astype(np.int64)
    # Fate pairs at a year's start; a partner who died by then was never theirs.
    first_death = np.minimum(dies[2 * fated], dies[2 * fated + 1])
    return fated.astype(np.int64), np.where(year <= first_death, year, NEVER).astype(np.int32)


def _death_years(config: SimulationConfig, born: I32, u: npt.NDArray[np.float64]) -> I32:
    """Death drawn once, by inverting survival from the age at which the person enters the run."""
    annual = np.asarray(config.annual_mortality(), dtype=np.float64)
    with np.errstate(divide="ignore"):
        hazard = -np.log1p(-annual)  # the last age has q=1: infinite hazard, nobody outlives it
    cumulative = np.concatenate([[0.0], np.cumsum(hazard)])
    entry_age = np.clip(config.start_year - born, 0, MAX_AGE)
    target = cumulative[entry_age] - np.log1p(-u)
    death_age = np.maximum(kernels.first_reaching(cumulative[1:], target), entry_age)
    return (born + np.minimum(death_age, MAX_AGE)).astype(np.int32)
