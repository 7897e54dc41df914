"""The law of transference: what is lost reaches the soulmate's floor at their next wake."""

from __future__ import annotations

import random
from datetime import date

import pytest

from soulbond.core import Home, ItemId, Kind, Place, Whereabouts, check_conservation
from soulbond.core.errors import ItemNotThere, NotAlive, SoulbondError, TimeSkipped, TimeWentBackwards
from soulbond.core.transference import DeliveryState
from tests.unit.core.factories import (
    T0,
    days,
    give_item,
    hours,
    lose_and_deliver,
    make_pair,
    make_person,
    make_world,
    now,
    utc,
)


def test_lost_item_arrives_on_the_soulmates_floor_at_their_next_wake_in_their_own_zone() -> None:
    world, kakashi, iruka = make_pair()
    drawing = give_item(world, iruka, "drawing")
    world.lose(drawing, utc(2000, 1, 10, 13))  # 08:00 in New York, 13:00 in London
    assert world.where(drawing) == Place(Whereabouts.IN_TRANSIT, kakashi)

    world.advance(utc(2000, 1, 11, 6, 59))
    assert world.where(drawing).where is Whereabouts.IN_TRANSIT
    arrived = world.advance(utc(2000, 1, 11, 7))  # 07:00 in London

    assert [e.kind for e in arrived] == [Kind.ARRIVED]
    assert world.where(drawing) == Place(Whereabouts.ON_FLOOR, kakashi)


def test_delivery_is_due_at_the_recipients_wake_not_the_losers() -> None:
    world, kakashi, iruka = make_pair()
    beanie = give_item(world, kakashi, "beanie")
    delivery = world.lose(beanie, utc(2000, 1, 10, 13))
    assert delivery is not None
    assert delivery.recipient == iruka
    assert delivery.due == utc(2000, 1, 11, 12)  # 07:00 in New York


def test_delivery_on_the_morning_new_york_springs_forward_comes_at_seven_summer_time() -> None:
    world, kakashi, _ = make_pair(at=utc(2021, 3, 13, 12))
    rock = give_item(world, kakashi, "rock")
    delivery = world.lose(rock, utc(2021, 3, 13, 20))
    assert delivery is not None
    assert delivery.due == utc(2021, 3, 14, 11)  # 07:00 EDT


def test_delivery_on_the_morning_london_falls_back_comes_at_seven_winter_time() -> None:
    world, _, iruka = make_pair(at=utc(2021, 10, 30, 12))
    sock = give_item(world, iruka, "sock")
    delivery = world.lose(sock, utc(2021, 10, 30, 20))
    assert delivery is not None
    assert delivery.due == utc(2021, 10, 31, 7)  # 07:00 GMT


def test_a_soulmate_who_moves_gets_the_item_at_the_new_homes_next_wake() -> None:
    world, kakashi, iruka = make_pair()
    notes = give_item(world, iruka, "notes")
    delivery = world.lose(notes, utc(2000, 1, 10, 13))
    assert delivery is not None
    world.move(kakashi, Home("Tokyo", "Asia/Tokyo"), utc(2000, 1, 10, 20))

    assert delivery.due == utc(2000, 1, 10, 22)  # 07:00 on 11 January in Tokyo
    world.advance(utc(2000, 1, 12))
    assert world.where(notes) == Place(Whereabouts.ON_FLOOR, kakashi)


def test_a_move_does_not_change_when_the_movers_own_losses_arrive() -> None:
    world, _kakashi, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    delivery = world.lose(rock, utc(2000, 1, 10, 13))
    assert delivery is not None
    world.move(iruka, Home("Tokyo", "Asia/Tokyo"), utc(2000, 1, 10, 14))
    assert delivery.due == utc(2000, 1, 11, 7)


def test_acting_later_than_a_pending_delivery_without_advancing_is_refused() -> None:
    world, kakashi, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    world.lose(rock, utc(2000, 1, 10, 13))
    before = len(world.events)

    with pytest.raises(TimeSkipped, match="advance"):
        world.move(kakashi, Home("Tokyo", "Asia/Tokyo"), utc(2000, 1, 12))

    assert len(world.events) == before
    assert world.where(rock).where is Whereabouts.IN_TRANSIT
    world.advance(utc(2000, 1, 12))
    assert world.where(rock).where is Whereabouts.ON_FLOOR


def test_actions_cannot_go_back_in_time() -> None:
    world, kakashi, _ = make_pair()
    with pytest.raises(TimeWentBackwards):
        give_item(world, kakashi, "rock", at=T0 - hours(1))


def test_item_lost_on_widowed_bond_stays_where_it_fell() -> None:
    father = make_person("sakumo", family="Hatake", born=date(1950, 1, 1))
    mother = make_person("mother", family="Hatake", born=date(1952, 1, 1))
    world = make_world(father, mother)
    world.declare_bond(father.id, mother.id, T0)
    watch = give_item(world, father.id, "watch")
    world.die(mother.id, T0 + days(1))

    assert world.lose(watch, T0 + days(30), how="slipped behind the dresser") is None
    world.advance(T0 + days(300))

    assert world.where(watch).where is Whereabouts.LOST_FOR_GOOD
    assert world.where(watch).person == father.id
    assert world.knowledge_of(mother.id).learnt == []


def test_item_lost_by_someone_with_no_soulmate_stays_where_it_fell() -> None:
    gai = make_person("gai", family="Maito")
    world = make_world(gai)
    weights = give_item(world, gai.id, "weights")
    assert world.lose(weights, T0 + hours(1)) is None
    assert world.where(weights) == Place(
        Whereabouts.LOST_FOR_GOOD, gai.id, "Gai Maito had no soulmate", "Konoha"
    )
    assert world.events[-1].kind is Kind.STAYED


def test_when_a_partner_dies_what_was_on_its_way_to_them_stays_and_what_they_lost_arrives() -> None:
    world, kakashi, iruka = make_pair()
    to_kakashi = give_item(world, iruka, "shoe")
    to_iruka = give_item(world, kakashi, "essay")
    world.lose(to_kakashi, T0 + hours(1))
    world.lose(to_iruka, T0 + hours(2))
    world.die(kakashi, T0 + hours(3))
    world.advance(T0 + days(3))

    assert world.where(to_kakashi) == Place(
        Whereabouts.LOST_FOR_GOOD, iruka, world.where(to_kakashi).how, "Konoha"
    )
    assert world.where(to_iruka) == Place(Whereabouts.ON_FLOOR, iruka)
    assert [d.state for d in world.deliveries] == [DeliveryState.STAYED, DeliveryState.DELIVERED]
    check_conservation(world)


def test_the_dead_lose_nothing() -> None:
    world, _kakashi, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    world.die(iruka, T0 + hours(1))

    with pytest.raises(NotAlive):
        world.lose(rock, T0 + hours(2))
    with pytest.raises(NotAlive):
        world.fated_loss(iruka, T0 + hours(3), random.Random(1))

    assert world.where(rock) == Place(Whereabouts.HELD, iruka, "owned")
    assert world.pending_deliveries() == []


def test_a_kept_item_lost_by_its_finder_travels_back_across_the_same_bond() -> None:
    world, kakashi, iruka = make_pair()
    obsidian = give_item(world, iruka, "obsidian")
    lose_and_deliver(world, obsidian)
    world.keep(kakashi, obsidian, now(world), where="a pocket")

    lose_and_deliver(world, obsidian, now(world) + hours(1))

    assert world.where(obsidian) == Place(Whereabouts.ON_FLOOR, iruka)
    assert [d.recipient for d in world.deliveries] == [kakashi, iruka]


def test_the_possessor_not_the_first_owner_is_the_one_who_loses() -> None:
    father = make_person("sakumo", family="Hatake", born=date(1950, 1, 1))
    world, kakashi, iruka = make_pair()
    world.register(father, T0)
    watch = give_item(world, father.id, "watch")
    world.give(watch, father.id, kakashi, T0 + hours(1))

    delivery = world.lose(watch, T0 + hours(2), how="thrown out of a window")

    assert delivery is not None
    assert (delivery.loser, delivery.recipient) == (kakashi, iruka)
    assert world.items[watch].first_owner == father.id


def test_an_item_that_stayed_where_it_fell_travels_once_someone_picks_it_up_and_loses_it() -> None:
    father = make_person("sakumo", family="Hatake", born=date(1950, 1, 1))
    world, kakashi, iruka = make_pair()
    world.register(father, T0)
    watch = give_item(world, father.id, "watch")
    world.lose(watch, T0 + hours(1))
    world.pick_up(kakashi, watch, T0 + days(100))

    delivery = world.lose(watch, T0 + days(100) + hours(1))

    assert delivery is not None
    assert delivery.recipient == iruka


def test_giving_is_not_losing() -> None:
    world, kakashi, iruka = make_pair()
    book = give_item(world, kakashi, "book")
    world.give(book, kakashi, iruka, T0 + hours(1))
    assert world.where(book) == Place(Whereabouts.HELD, iruka, "from Kakashi Hatake")
    assert world.deliveries == []


def test_only_what_is_in_someones_keeping_can_be_lost() -> None:
    world, _kakashi, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    world.lose(rock, T0 + hours(1))
    with pytest.raises(ItemNotThere):
        world.lose(rock, T0 + hours(2))


def test_a_fated_loss_is_not_noticed_yet_travels_like_any_other() -> None:
    world, kakashi, iruka = make_pair()
    give_item(world, iruka, "sock")
    give_item(world, iruka, "rock")

    delivery = world.fated_loss(iruka, T0 + hours(1), random.Random(7))

    assert delivery is not None
    assert delivery.recipient == kakashi
    assert world.events[-1].text == "(unnoticed)"


def test_fate_takes_nothing_from_someone_who_holds_nothing() -> None:
    world, kakashi, _ = make_pair()
    assert world.fated_loss(kakashi, T0 + hours(1), random.Random(7)) is None


def test_what_a_dead_loser_lost_while_alive_still_arrives() -> None:
    world, kakashi, iruka = make_pair()
    item = give_item(world, kakashi, "scarf")
    delivery = world.lose(item, T0 + hours(1))
    assert delivery is not None
    world.die(kakashi, T0 + hours(2))
    world.advance(delivery.due)
    assert world.where(item) == Place(Whereabouts.ON_FLOOR, iruka)


def test_what_was_on_its_way_to_someone_who_dies_stays_where_it_fell() -> None:
    world, kakashi, iruka = make_pair()
    item = give_item(world, kakashi, "scarf")
    delivery = world.lose(item, T0 + hours(1))
    assert delivery is not None
    world.die(iruka, T0 + hours(2))
    world.advance(delivery.due)
    assert world.where(item).where is Whereabouts.LOST_FOR_GOOD


def test_nothing_arrives_for_a_soulmate_not_born_yet() -> None:
    world, kakashi, _ = make_pair(b=make_person("iruka", tz="America/New_York", born=date(2003, 1, 1)))
    item = give_item(world, kakashi, "scarf")
    assert world.lose(item, T0 + hours(1)) is None
    place = world.where(item)
    assert place.where is Whereabouts.LOST_FOR_GOOD
    assert "not born yet" in place.how


def test_a_refused_action_leaves_the_clock_where_it_was() -> None:
    world, kakashi, _ = make_pair()
    before = world.now
    with pytest.raises(SoulbondError):
        world.keep(kakashi, ItemId("no-such-item"), T0 + days(30))
    assert world.now == before


def test_a_widow_who_dies_before_her_partners_last_loss_arrives_never_receives_it() -> None:
    world, kakashi, iruka = make_pair()
    item = give_item(world, kakashi, "scarf")
    delivery = world.lose(item, T0 + hours(1))
    assert delivery is not None
    world.die(kakashi, T0 + hours(2))
    world.die(iruka, T0 + hours(3))
    world.advance(T0 + days(3))
    assert world.where(item).where is Whereabouts.LOST_FOR_GOOD
    assert delivery.state is DeliveryState.STAYED
    check_conservation(world)
