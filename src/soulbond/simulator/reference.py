"""The same configuration run person by person through the core's ``World``.

This is the yardstick the vectorised engine is compared against: it registers
the same people, declares their bonds, lets fate take things at each person's
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
    """Per pair."""
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
    mortality = config.annual_mortality()
    disclosures = _disclosures(config)
    kinds = list(range(len(disclosures)))
    out = ReferenceOutcome(
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.full(n, -1, dtype=np.int64),
        np.zeros(n // 2, dtype=np.bool_),
        np.zeros((n, len(kinds)), dtype=np.int64),
    )
    dead = np.zeros(n, dtype=np.bool_)
    registered = np.zeros(n, dtype=np.bool_)

    def learn(events: list[Event]) -> None:
        for event in events:
            if event.kind is Kind.SEVERED and event.actor is not None:
                out.severed[int(event.actor[1:]) >> 1] = True
            if event.kind is not Kind.ARRIVED or event.actor is None or event.item is None:
                continue
            finder = int(event.actor[1:])
            out.items_received[finder] += 1
            if out.identified_age[finder] < 0 and world.candidate_count(event.actor, event.at) == 1:
                lost_in = int(event.item.split("@")[1])
                out.identified_age[finder] = lost_in - int(people.born[finder])

    for year in range(config.start_year, config.start_year + config.years):
        start, year_end = _utc(year), _utc(year + 1) - timedelta(minutes=1)
        learn(world.advance(start))
        arriving = people.born <= year if year == config.start_year else people.born == year
        for i in np.flatnonzero(arriving):
            world.register(_person(config, people, int(i)), start)
            registered[i] = True
        for pair in np.unique(np.flatnonzero(arriving) >> 1):
            a, b = 2 * int(pair), 2 * int(pair) + 1
            if registered[a] and registered[b] and not (dead[a] or dead[b]):
                world.declare_bond(_pid(a), _pid(b), start)
        # Cases and losses happen at moments through the year, in time order.
        happenings: list[tuple[datetime, int, int]] = []
        for pair in range(n // 2):
            if _open_to_apply(world, pair) and rng.random() < config.foundation.application_rate:
                happenings.append((start + (year_end - start) * rng.random(), CASE, pair))
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


def _open_to_apply(world: World, pair: int) -> bool:
    """An active bond with no case open about it (a severance still cooling off is one)."""
    bond = world.bond_of(_pid(2 * pair))
    return bond is not None and bond.carries() and world.foundation.open_case_for(_pid(2 * pair)) is None


def _case(world: World, config: SimulationConfig, at: datetime, rng: random.Random, pair: int) -> None:
    """One application, decided at once by the clerk; an appeal is heard at once by the director."""
    rates = config.foundation
    applicant = _pid(2 * pair)
    case = world.apply_for_severance(applicant, "applied in the simulation", at)
    world.take_case(CLERK, case.id, at)
    approve = rng.random() < rates.approval
    world.decide(CLERK, case.id, approve, "decided in the simulation", at)
    if rng.random() < rates.appeal:
        world.appeal(_pid(2 * pair + rng.randrange(2)), case.id, "appealed in the simulation", at)
        world.take_case(DIRECTOR, case.id, at)
        approve ^= rng.random() < rates.appeal_reversal
        world.decide(DIRECTOR, case.id, approve, "heard on appeal in the simulation", at)
    if approve and rng.random() < rates.withdrawal:
        world.withdraw(applicant, case.id, at)


def _pid(i: int) -> PersonId:
    return PersonId(f"p{i}")


def _utc(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=UTC)
