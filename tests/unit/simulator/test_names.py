"""Simulated people carry names as common as in the name culture's real data."""

from __future__ import annotations

import numpy as np

from soulbond.names import name_frequencies
from soulbond.simulator import population
from soulbond.simulator.kinds import CATEGORICAL_TRAITS
from tests.unit.simulator.factories import make_config


def test_simulated_names_are_as_common_as_in_the_name_data() -> None:
    config = make_config(size=40_000)
    people = population.build(config, seed=3, first_pair=0, pairs=20_000)
    family = people.traits[~people.notorious, CATEGORICAL_TRAITS.index("family_name")]
    given = people.traits[:, CATEGORICAL_TRAITS.index("given_name")]
    data = name_frequencies("ja_JP")
    assert config.attributes["family_name"].values == len(data.family.names)
    observed = np.bincount(family, minlength=len(data.family.names)) / family.size
    assert np.allclose(observed, data.family.shares(), atol=0.006)
    assert np.bincount(given).size <= len(data.given.names)
    # Sato, the commonest family name, is far commoner than the rarest on the list.
    assert observed[0] > 5 * observed[-1]
