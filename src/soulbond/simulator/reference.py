"""The same configuration run person by person through the core's ``World``.

This is the yardstick the vectorised engine is compared against: it registers
the same people, declares their bonds (those born unpaired wait for
``World.pair_by_fate``, which picks from everyone unpaired), lets fate take things at each person's
carefulness (``fate.fated_loss_times`` and ``World.lose``), delivers them with
``World.advance``, counts candidates with the core's census, kills people by the
mortality table and takes severance cases through the Foundation. It draws its
own random numbers, so the engines agree in distribution, not draw for draw.

The year follows ``step.py``'s: cases filed at moments through the year, decided
at once by a clerk, appealed to the director, withdrawn during the cooling-off,
and the severance left to take effect when the core's cooling-off ends; losses
through the year; deaths at year end.
It is slow (minutes for a few thousand people): use it on small configurations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import numpy.typing as npt

from soulbond.core import (
    Event,
    Foundation,
    Home,
    Item,
    ItemId,
    Kind,
    Person,
    PersonId,
    TellsAge,
    TellsTrait,
    World,
)
from soulbond.core.errors import BondRuleBroken
from soulbond.core.fate import fated_loss_times
from soulbond.core.items import Disclosure
from soulbond.simulator import population
from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.kinds import CATEGORICAL_TRAITS

DIRECTOR = PersonId("director")
CLERK = PersonId("clerk")
"""Decides cases, so that the director, who did not, may hear their appeals."""
I64 = npt.NDArray[np.int64]
CASE, LOSS = 0, 1
"""What happens at a moment: a case is filed, or something is lost."""


@dataclass
class ReferenceOutcome:
    items_lost: I64
    items_received: I64
    identified_age: I64
    """-1 for a person who never identified their soulmate."""
    severed: npt.NDArray[np.bool_]
    """Per person: their bond was severed."""
    paired_year: I64
    """Per person: the year fate paired them (those born before the start: in the years before it), or -1."""
    lost_kinds: I64
    """Per person and item kind (in the config's order): how many of that kind they lost."""


def _disclosures(config: SimulationConfig) -> list[tuple[Disclosure, ...]]:
    out: list[tuple[Disclosure, ...]] = []
    for kind in config.kinds.values():
        tells: list[Disclosure] = [TellsTrait(key) for key in kind.traits]
        if kind.age_within is not None:
            tells.insert(0, TellsAge(kind.age_within))
        out.append(tuple(tells))
    return out


def _person(config: SimulationConfig, people: population.Population, i: int) -> Person:
    values = {key: int(people.traits[i, c]) for c, key in enumerate(CATEGORICAL_TRAITS)}
    town = config.towns[int(people.town[i])]
    hour, minute = (int(part) for part in town.wakes.split(":"))
    return Person(
        PersonId(f"p{i}"),
        f"g{values['given_name']}",
        f"f{values['family_name']}",
        date(int(people.born[i]), 1, 1),
        Home(town.name, town.tz, time(hour, minute)),
        carefulness=float(people.carefulness[i]),
        traits={
            "occupation": frozenset({f"o{values['occupation']}"}),
            "interest": frozenset({f"i{values['interest']}"}),
            "handwriting": frozenset({f"h{values['handwriting']}"}),
            "handle": frozenset({f"+{i}"}),
            "photo": frozenset({f"photo-{i}"}),
        },
    )


def run_reference(config: SimulationConfig, seed: int) -> ReferenceOutcome:
    people = population.build(config, seed, 0, config.population.size // 2)
    n = people.size
    rng = random.Random(seed)
    cooling_off = timedelta(days=config.foundation.cooling_off_days)
    world = World(Foundation(director=DIRECTOR, cooling_off=cooling_off))
    opened = _utc(config.start_year)
    world.register(Person(DIRECTOR, "The", "Director", date(1900, 1, 1), Home("HQ", "UTC")), opened)
    world.register(Person(CLERK, "The", "Clerk", date(1900, 1, 1), Home("HQ", "UTC")), opened)
    world.apply_for_job(CLERK, opened)
    world.hire(DIRECTOR, CLERK, opened)
    # The staff are not people of the simulated world: bonded to each other, fate never picks them.
    world.declare_bond(DIRECTOR, CLERK, opened)
    mortality = config.annual_mortality()
    disclosures = _disclosures(config)
    kinds = list(range(len(disclosures)))
    out = ReferenceOutcome(
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.full(n, -1, dtype=np.int64),
        np.zeros(n, dtype=np.bool_),
        np.full(n, -1, dtype=np.int64),
        np.zeros((n, len(kinds)), dtype=np.int64),
    )
    dead = np.zeros(n, dtype=np.bool_)
    registered = np.zeros(n, dtype=np.bool_)
    # Those of the pairs born unpaired (``population.build`` draws which) wait for fate,
    # which picks their partner from everyone unpaired: the core's rule, not the pair's second.
    unpaired = np.zeros(n, dtype=np.bool_)
    unpaired[2 * people.fated] = unpaired[2 * people.fated + 1] = True
    fate = config.population.fate_pairing
    # Before the start, a declared pair arrives together, as if recorded at the first's birth into
    # a known pair: fate never takes someone whose declared soulmate was born before the run.
    arrives = people.born.copy()
    together = ~unpaired[1::2] & (people.born[1::2] <= config.start_year)
    arrives[1::2][together] = people.born[0::2][together]

    def learn(events: list[Event]) -> None:
        for event in events:
            if event.kind is Kind.SEVERED and event.actor is not None and event.other is not None:
                out.severed[[int(event.actor[1:]), int(event.other[1:])]] = True
            if event.kind is not Kind.ARRIVED or event.actor is None or event.item is None:
                continue
            finder = int(event.actor[1:])
            out.items_received[finder] += 1
            if out.identified_age[finder] < 0 and world.candidate_count(event.actor, event.at) == 1:
                lost_in = int(event.item.split("@")[1])
                out.identified_age[finder] = lost_in - int(people.born[finder])

    def arrive(arriving: I64, at: datetime) -> None:
        for i in arriving.tolist():
            world.register(_person(config, people, i), at)
            registered[i] = True
        for pair in np.unique(arriving >> 1).tolist():
            a, b = 2 * pair, 2 * pair + 1
            if unpaired[a] or not (registered[a] and registered[b]) or dead[a] or dead[b]:
                continue
            if world.bond_of(_pid(a)) is None:
                world.declare_bond(_pid(a), _pid(b), at)
            else:  # fate paired the first while the second was unborn: the second waits for fate too
                unpaired[b] = True

    for year in range(config.start_year, config.start_year + config.years):
        start, year_end = _utc(year), _utc(year + 1) - timedelta(minutes=1)
        learn(world.advance(start))
        # Those born before the start arrive year by year before it, so fate's turns in
        # those years pick among the people of those years.
        first = int(people.born.min()) if year == config.start_year else year
        for turn in range(first, year + 1):
            arrive(np.flatnonzero(arrives == turn), start)
            # Fate's turn comes for each unpaired person at its yearly chance, at the year's start.
            for person in np.flatnonzero(unpaired & registered & ~dead).tolist():
                if world.bond_of(_pid(person)) is None and rng.random() < fate:
                    try:
                        partner = world.pair_by_fate(_pid(person), rng, start)
                    except BondRuleBroken:  # no one else is unpaired: fate will pair them later
                        continue
                    out.paired_year[[person, int(partner[1:])]] = turn
        # Cases and losses happen at moments through the year, in time order.
        happenings: list[tuple[datetime, int, int]] = []
        for person in np.flatnonzero(registered & ~dead).tolist():
            if _open_to_apply(world, person) and rng.random() < config.foundation.application_rate:
                happenings.append((start + (year_end - start) * rng.random(), CASE, person))
        for person in np.flatnonzero(registered & ~dead).tolist():
            for moment in fated_loss_times(float(people.carefulness[person]), start, year_end, rng):
                happenings.append((moment, LOSS, person))
        happenings.sort()
        for moment, what, who in happenings:
            learn(world.advance(moment))
            if what == CASE:
                if _open_to_apply(world, who):
                    _case(world, config, moment, rng, who)
                continue
            item = ItemId(f"i{int(out.items_lost.sum())}@{year}")
            age = year - int(people.born[who])
            kind = rng.choices(kinds, weights=config.loss_weights_at(age))[0]
            world.add_item(Item(item, "lost thing", disclosures[kind]), _pid(who), moment)
            world.lose(item, moment, noticed=False, fated=True)
            out.items_lost[who] += 1
            out.lost_kinds[who, kind] += 1
        learn(world.advance(year_end))
        for person in np.flatnonzero(registered & ~dead).tolist():
            if rng.random() < mortality[min(year - int(people.born[person]), len(mortality) - 1)]:
                world.die(_pid(person), year_end)
                dead[person] = True
    return out


def _open_to_apply(world: World, person: int) -> bool:
    """The bond's first partner's, active, with no case open about it (a severance still cooling off is one)."""
    bond = world.bond_of(_pid(person))
    return (
        bond is not None
        and bond.first == _pid(person)
        and bond.carries()
        and world.foundation.open_case_for(_pid(person)) is None
    )


def _case(world: World, config: SimulationConfig, at: datetime, rng: random.Random, person: int) -> None:
    """One application, decided at once by the clerk; an appeal is heard at once by the director."""
    rates = config.foundation
    applicant = _pid(person)
    bond = world.bond_of(applicant)
    assert bond is not None
    case = world.apply_for_severance(applicant, "applied in the simulation", at)
    world.take_case(CLERK, case.id, at)
    approve = rng.random() < rates.approval
    world.decide(CLERK, case.id, approve, "decided in the simulation", at)
    if rng.random() < rates.appeal:
        world.appeal((bond.first, bond.second)[rng.randrange(2)], case.id, "appealed in the simulation", at)
        world.take_case(DIRECTOR, case.id, at)
        approve ^= rng.random() < rates.appeal_reversal
        world.decide(DIRECTOR, case.id, approve, "heard on appeal in the simulation", at)
    if approve and rng.random() < rates.withdrawal:
        world.withdraw(applicant, case.id, at)


def _pid(i: int) -> PersonId:
    return PersonId(f"p{i}")


def _utc(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=UTC)
