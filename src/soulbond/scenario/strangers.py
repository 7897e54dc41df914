"""Filling the census with strangers drawn from the scenario's distributions."""

from __future__ import annotations

import random
from datetime import date

from soulbond.core import PersonId, World
from soulbond.scenario.model import Strangers


def add_strangers(world: World, spec: Strangers) -> None:
    rng = random.Random(spec.seed)
    first, span = spec.born_from.toordinal(), spec.born_to.toordinal() - spec.born_from.toordinal()
    exclusive = {key: (list(chances), list(chances.values())) for key, chances in spec.exclusive.items()}
    for n in range(spec.count):
        traits: dict[str, frozenset[str]] = {}
        for key, chances in spec.independent.items():
            values = frozenset(value for value, p in chances.items() if rng.random() < p)
            if values:
                traits[key] = values
        for key, (choices, weights) in exclusive.items():
            traits[key] = frozenset(rng.choices(choices, weights))
        born = date.fromordinal(first + rng.randint(0, span))
        world.add_stranger(PersonId(f"stranger-{n + 1}"), born, traits)
