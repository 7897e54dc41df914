"""Conservation as code: the check itself notices a duplicated or vanished item."""

from __future__ import annotations

import pytest

from soulbond.core import Whereabouts, check_conservation
from soulbond.core.errors import ConservationBroken
from tests.unit.core.factories import T0, give_item, hours, make_pair


def test_a_world_that_follows_the_rules_conserves_every_item() -> None:
    world, _kakashi, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    world.lose(rock, T0 + hours(1))
    check_conservation(world)


def test_an_item_in_two_places_at_once_breaks_conservation() -> None:
    world, kakashi, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    world._contents.setdefault((Whereabouts.ON_FLOOR, kakashi), set()).add(rock)
    with pytest.raises(ConservationBroken, match="2 places"):
        check_conservation(world)


def test_an_item_that_silently_vanished_breaks_conservation() -> None:
    world, _, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    del world._where[rock]
    world._contents[(Whereabouts.HELD, iruka)].discard(rock)
    with pytest.raises(ConservationBroken, match="vanished"):
        check_conservation(world)


def test_an_item_in_transit_without_a_pending_delivery_breaks_conservation() -> None:
    world, _, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    world.lose(rock, T0 + hours(1))
    world.deliveries.clear()
    with pytest.raises(ConservationBroken, match="pending"):
        check_conservation(world)
