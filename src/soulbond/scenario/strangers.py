"""Filling the census with strangers drawn from the scenario's distributions.

Their names come from real name frequencies (``soulbond.names``), drawn with a
random stream of their own, so choosing a name culture leaves every other
trait of every stranger as the same seed drew it before.
"""

from __future__ import annotations

import random
from datetime import date
from itertools import accumulate

from soulbond.core import PersonId, World
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME
from soulbond.names import Names, name_frequencies
from soulbond.scenario.model import Strangers


def add_strangers(world: World, spec: Strangers) -> None:
    rng = random.Random(spec.seed)
    frequencies = name_frequencies(spec.names)
    naming = random.Random(f"names {spec.seed}")
    given = _draw(naming, frequencies.given, spec.count)
    family = _draw(naming, frequencies.family, spec.count)
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
        # A writer who gave a name distribution of their own keeps it.
        traits.setdefault(GIVEN_NAME, frozenset({given[n]}))
        traits.setdefault(FAMILY_NAME, frozenset({family[n]}))
        born = date.fromordinal(first + rng.randint(0, span))
        world.add_stranger(PersonId(f"stranger-{n + 1}"), born, traits)


def _draw(rng: random.Random, names: Names, count: int) -> list[str]:
    return rng.choices(names.names, cum_weights=list(accumulate(names.weights)), k=count)
