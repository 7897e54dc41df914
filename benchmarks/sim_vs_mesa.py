"""soulbond's vectorised simulator against the same model written as a Mesa model.

Both run the same configuration on the same people (``population.build``): a Mesa
agent per person losing Poisson(carefulness) items a year, sending each across an
active bond to its partner agent, learning what the kind tells and recounting its
candidates with a dictionary census, with the Foundation's severances and the
deaths at year end, and the people born unpaired whom fate pairs later. The
outcome distributions (items received per person) are compared with a
two-sample KS test.

    .venv/bin/python benchmarks/sim_vs_mesa.py            # 20,000 people, 50 years
    .venv/bin/python benchmarks/sim_vs_mesa.py --quick    # under a minute
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import Counter
from typing import Any

import mesa
import numpy as np
from scipy.stats import ks_2samp

from soulbond.simulator import config, population, runner
from soulbond.simulator.kinds import CATEGORICAL_TRAITS, TRAIT_BIT, UNIQUE_MASK
from soulbond.simulator.knowledge import knowable_masks
from soulbond.simulator.population import birth_range

UNKNOWN = 127


class Person(mesa.Agent):  # type: ignore[misc]
    def __init__(self, model: Soulbond, index: int, people: population.Population) -> None:
        super().__init__(model)
        self.index = index
        self.born, self.dies = int(people.born[index]), int(people.dies[index])
        self.carefulness = float(people.carefulness[index])
        self.traits = tuple(int(v) for v in people.traits[index])
        self.partner: Person | None = None
        self.received = 0
        self.known, self.within, self.first, self.identified = 0, UNKNOWN, -1, -1
        self.got_this_year = False

    def alive(self, year: int) -> bool:
        return self.born <= year <= self.dies

    def step(self) -> None:
        model: Soulbond = self.model
        year = model.year
        if not self.alive(year):
            return
        partner = self.partner
        active = (
            partner is not None
            and partner.alive(year)
            and year >= model.paired[self.index >> 1]
            and not model.ended.get(id(partner), False)
        )
        for _ in range(int(model.rng.poisson(self.carefulness))):
            kind = model.random.choices(model.kinds, weights=model.setup.loss_weights_at(year - self.born))[0]
            if active and partner is not None:
                partner.receive(kind, year)

    def receive(self, kind: int, year: int) -> None:
        model: Soulbond = self.model
        self.received += 1
        self.known |= model.tells[kind][0]
        if model.tells[kind][1] is not None:
            self.within = min(self.within, model.tells[kind][1])
        if self.first < 0:
            self.first = year
        self.got_this_year = True


class Soulbond(mesa.Model):  # type: ignore[misc]
    def __init__(self, setup: config.SimulationConfig, seed: int) -> None:
        super().__init__(seed=seed)
        people = population.build(setup, seed, 0, setup.population.size // 2)
        self.setup = setup
        self.year = setup.start_year
        self.kinds = list(range(len(setup.items)))
        self.tells = [(k.mask, k.age_within) for k in setup.kinds.values()]
        self.people = [Person(self, i, people) for i in range(people.size)]
        for i in range(0, people.size, 2):
            self.people[i].partner, self.people[i + 1].partner = self.people[i + 1], self.people[i]
        self.ended: dict[int, bool] = {}
        # People born unpaired: fate pairs them at the start of this year (the pair's own draw).
        self.paired = [int(y) for y in people.paired_year()]
        first, end = birth_range(setup)
        self.earliest = first
        self.census: dict[int, Counter[Any]] = {m: Counter() for m in knowable_masks(setup)}
        self.dead: dict[int, Counter[Any]] = {m: Counter() for m in knowable_masks(setup)}
        for p in self.people:
            if p.born < end:
                for mask in self.census:
                    self.census[mask][self.key(p, mask, p.born)] += 1

    @staticmethod
    def key(p: Person, mask: int, born: int) -> tuple[Any, ...]:
        return (*(v for t, v in zip(CATEGORICAL_TRAITS, p.traits, strict=True) if mask & TRAIT_BIT[t]), born)

    def count(self, finder: Person) -> int:
        partner = finder.partner
        assert partner is not None
        if finder.known & UNIQUE_MASK:
            return 1
        if finder.within == UNKNOWN:
            low, high = self.earliest, finder.first
        else:
            low, high = partner.born - finder.within, min(partner.born + finder.within, finder.first)
        total, dead = self.census[finder.known], self.dead[finder.known]
        count = sum(
            total[self.key(partner, finder.known, b)] - dead[self.key(partner, finder.known, b)]
            for b in range(low, high + 1)
        )
        mine = self.key(finder, finder.known, finder.born) == self.key(partner, finder.known, finder.born)
        return count - (mine and low <= finder.born <= high)

    def _severs(self, rates: config.FoundationRates) -> bool:
        """A case's course: the decision, an appeal that may turn it over, a withdrawal while cooling off."""
        approved = self.random.random() < rates.approval
        if self.random.random() < rates.appeal and self.random.random() < rates.appeal_reversal:
            approved = not approved
        return approved and self.random.random() >= rates.withdrawal

    def step(self) -> None:
        self.agents.shuffle_do("step")
        for p in self.people:
            if p.got_this_year and p.identified < 0 and self.count(p) == 1:
                p.identified = self.year
            p.got_this_year = False
        rates = self.setup.foundation
        for a in self.people[0::2]:
            b = a.partner
            assert b is not None
            bonded = self.year >= self.paired[a.index >> 1]
            if a.alive(self.year) and b.alive(self.year) and bonded and not self.ended.get(id(a), False):
                severed = self.random.random() < rates.application_rate and self._severs(rates)
                if severed or a.dies == self.year or b.dies == self.year:
                    self.ended[id(a)] = self.ended[id(b)] = True
        for p in self.people:
            if p.dies == self.year and p.born < birth_range(self.setup)[1]:
                for mask in self.dead:
                    self.dead[mask][self.key(p, mask, p.born)] += 1
        self.year += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4,000 people over 20 years: under a minute")
    args = parser.parse_args()
    size, years = (4_000, 20) if args.quick else (20_000, 50)
    setup = config.load("town").with_overrides(size=size, years=years)

    # What is timed, on both sides: drawing the people, building the census the
    # candidate counts read, and every year of the model. Mesa's side is its model's
    # constructor (people, agents, census counters) and its steps; soulbond's side is
    # ``runner.run`` without writing tables (people, census, all years, the summary).
    # Mesa runs once (minutes); soulbond runs three times and the median is kept.
    started = time.perf_counter()
    model = Soulbond(setup, seed=1)
    for _ in range(years):
        model.step()
    mesa_s = time.perf_counter() - started
    slow = np.asarray([p.received for p in model.people])
    # Mesa's agents would otherwise stay alive, and every garbage collection during
    # soulbond's runs would walk them: soulbond is timed as it runs on its own.
    del model
    gc.collect()

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        runner.run(setup, 1, None)
        timings.append(time.perf_counter() - started)
    soulbond_s = float(np.median(timings))
    # Outcomes from a second, separate seed-1 run whose tables we can read back cheaply.
    fast = _received(setup)
    ks_p = ks_2samp(slow, fast).pvalue
    print(f"{size:,} people x {years} years: Mesa {mesa_s:.2f} s, soulbond {soulbond_s:.3f} s")
    print(f"mean items received: Mesa {slow.mean():.2f}, soulbond {fast.mean():.2f}")
    print(
        f"RESULT speedup={mesa_s / soulbond_s:.0f} mesa_s={mesa_s:.2f} soulbond_s={soulbond_s:.3f} ks_p={ks_p:.3f}"
    )


def _received(setup: config.SimulationConfig) -> np.ndarray[Any, np.dtype[np.int64]]:
    from soulbond.simulator.step import Laws, new_state, step

    people = population.build(setup, 1, 0, setup.population.size // 2)
    census = runner.census_of(setup, 1, runner.shards(setup))
    state = new_state(setup, people)
    laws = Laws.of(setup)
    for year in range(setup.start_year, setup.start_year + setup.years):
        step(state, laws, census, year)
    return np.asarray(state.received.sum(axis=1), dtype=np.int64)


if __name__ == "__main__":
    main()
