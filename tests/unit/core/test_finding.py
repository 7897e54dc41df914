"""What a finder may do with what lands on their floor: keep, tuck, bin, recover, pick up, return."""

from __future__ import annotations

from datetime import datetime

import pytest

from soulbond.core import ItemId, Kind, PersonId, Place, TellsTrait, Whereabouts, World, check_conservation
from soulbond.core.errors import CannotReturn, ItemNotThere, NotAlive, UnknownPerson
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE
from tests.unit.core.factories import T0, give_item, hours, lose_and_deliver, make_pair, make_person


def found_drawing(*tells: TellsTrait) -> tuple[World, PersonId, PersonId, ItemId, datetime]:
    """Iruka loses a drawing; it lies on Kakashi's floor at his wake, in a town of strangers."""
    world, kakashi, iruka = make_pair(strangers=20)
    drawing = give_item(world, iruka, "drawing", *tells)
    arrived = lose_and_deliver(world, drawing, T0 + hours(1))
    return world, kakashi, iruka, drawing, arrived


def test_a_finder_keeps_what_lands_on_their_floor() -> None:
    world, kakashi, _, drawing, at = found_drawing()
    world.keep(kakashi, drawing, at)
    assert world.where(drawing) == Place(Whereabouts.HELD, kakashi, "kept")


def test_a_finder_can_tuck_a_found_item_away() -> None:
    world, kakashi, _, drawing, at = found_drawing()
    world.keep(kakashi, drawing, at, where="in a book")
    assert world.where(drawing).how == "tucked away: in a book"


def test_a_finder_cannot_keep_what_lies_on_someone_elses_floor() -> None:
    world, _, iruka, drawing, at = found_drawing()
    with pytest.raises(ItemNotThere) as raised:
        world.keep(iruka, drawing, at)
    assert "Kakashi" not in raised.value.public_message
    assert world.where(drawing).where is Whereabouts.ON_FLOOR


def test_a_discarded_item_goes_into_the_finders_bin_and_is_not_a_loss() -> None:
    world, kakashi, _, drawing, at = found_drawing()
    world.discard(kakashi, drawing, at)
    assert world.where(drawing) == Place(Whereabouts.IN_BIN, kakashi)
    assert world.pending_deliveries() == []


def test_a_finder_can_fish_a_discarded_item_out_of_the_bin() -> None:
    world, kakashi, _, drawing, at = found_drawing()
    world.discard(kakashi, drawing, at)
    world.recover(kakashi, drawing, at + hours(5))
    world.keep(kakashi, drawing, at + hours(6), where="in a book")
    assert world.where(drawing) == Place(Whereabouts.HELD, kakashi, "tucked away: in a book")


def test_nothing_can_be_recovered_once_the_bin_is_emptied() -> None:
    world, kakashi, _, drawing, at = found_drawing()
    world.discard(kakashi, drawing, at)
    assert world.empty_bin(kakashi, at + hours(1)) == [drawing]
    with pytest.raises(ItemNotThere):
        world.recover(kakashi, drawing, at + hours(2))
    assert world.where(drawing) == Place(Whereabouts.DISCARDED, kakashi)


def test_emptying_the_bin_of_someone_unknown_is_refused() -> None:
    world, _, _, _, at = found_drawing()
    events = len(world.events)
    with pytest.raises(UnknownPerson):
        world.empty_bin(PersonId("nobody"), at)
    assert len(world.events) == events


def test_only_what_stayed_where_it_fell_can_be_picked_up() -> None:
    world, kakashi, _, drawing, at = found_drawing()
    with pytest.raises(ItemNotThere):
        world.pick_up(kakashi, drawing, at)
    gai = make_person("gai", family="Maito")
    world.register(gai, at)
    weights = give_item(world, gai.id, "weights")
    world.lose(weights, at + hours(1))
    world.pick_up(kakashi, weights, at + hours(2))
    assert world.where(weights) == Place(Whereabouts.HELD, kakashi, "picked up where it fell")
    assert world.events[-1].kind is Kind.PICKED_UP


def test_a_thing_lost_for_good_can_be_picked_up_only_by_someone_where_it_lies() -> None:
    world, kakashi, _, _, at = found_drawing()
    gai = make_person("gai", family="Maito", place="the dojo")
    world.register(gai, at)
    weights = give_item(world, gai.id, "weights")
    world.lose(weights, at + hours(1))
    assert world.where(weights).lies_at == "the dojo"
    with pytest.raises(ItemNotThere) as far:
        world.pick_up(kakashi, weights, at + hours(2))
    with pytest.raises(ItemNotThere) as unknown:
        world.pick_up(kakashi, ItemId("no-such-thing"), at + hours(2))
    # Out of reach and not there at all read the same: neither says where anything is.
    assert far.value.public_message.replace("weights", "X") == unknown.value.public_message.replace(
        "no-such-thing", "X"
    )
    assert "dojo" not in far.value.public_message and "Gai" not in far.value.public_message
    world.place_item(weights, "Konoha", at + hours(3))
    world.pick_up(kakashi, weights, at + hours(4))
    assert world.holder_of(weights) == kakashi


def test_a_finder_who_can_reach_a_dead_loser_is_told_only_that_they_cannot_take_it_back() -> None:
    world, kakashi, iruka, folder, at = found_drawing(TellsTrait(HANDLE))
    world.die(iruka, at + hours(1))
    with pytest.raises(NotAlive) as raised:
        world.return_item(kakashi, folder, at + hours(2))
    assert raised.value.public_message == "whoever lost it can no longer take it back"


def test_a_finder_who_does_not_know_how_to_reach_the_loser_cannot_return_it() -> None:
    world, kakashi, _iruka, drawing, at = found_drawing()
    with pytest.raises(CannotReturn) as raised:
        world.return_item(kakashi, drawing, at)
    assert "Iruka" not in raised.value.public_message
    assert world.where(drawing) == Place(Whereabouts.ON_FLOOR, kakashi)


def test_a_finder_who_learnt_the_losers_phone_number_returns_it_by_hand() -> None:
    world, kakashi, iruka, folder, at = found_drawing(TellsTrait(HANDLE))
    assert world.return_item(kakashi, folder, at + hours(1)) == iruka
    assert world.where(folder) == Place(Whereabouts.HELD, iruka, "returned by hand")
    check_conservation(world)


def test_a_finder_who_identified_the_loser_by_full_name_returns_it_by_hand() -> None:
    world, kakashi, iruka, folder, at = found_drawing(TellsTrait(GIVEN_NAME), TellsTrait(FAMILY_NAME))
    assert world.is_identified(kakashi, at)
    assert world.return_item(kakashi, folder, at) == iruka


def test_a_finder_in_contact_with_the_loser_returns_it_by_hand() -> None:
    world, kakashi, iruka, drawing, at = found_drawing()
    world.send_message(iruka, "+44-1", "did a drawing turn up on your floor?", at)
    assert world.return_item(kakashi, drawing, at + hours(1)) == iruka


def test_only_the_one_it_arrived_for_can_return_it() -> None:
    world, kakashi, iruka, folder, at = found_drawing(TellsTrait(HANDLE))
    world.keep(kakashi, folder, at)
    world.give(folder, kakashi, iruka, at + hours(1))
    world.give(folder, iruka, kakashi, at + hours(2))
    assert world.return_item(kakashi, folder, at + hours(3)) == iruka
    with pytest.raises(CannotReturn):
        world.return_item(iruka, folder, at + hours(4))
