"""What is on an item describes its maker; what carrying it suggests describes whoever loses it."""

from __future__ import annotations

from datetime import date

from soulbond.core import PersonId, TellsAge, TellsTrait, World
from soulbond.core.items import BornBetween, HasTrait, Item, ItemId, born_between_for_age
from soulbond.core.people import GIVEN_NAME, HANDLE, PHOTO, Home
from tests.unit.core.factories import T0, days, hours, lose_and_deliver, make_pair, make_person, now

KAKASHI_BORN = date(1976, 9, 15)
IRUKA_BORN = date(1980, 5, 26)


def borrowed_folder_world() -> tuple[World, PersonId, PersonId, PersonId]:
    """Kakashi and Iruka are soulmates; Kakashi's friend Gai made the folder and lent it to him."""
    world, kakashi, iruka = make_pair(strangers=20)
    gai = make_person("gai", family="Maito", born=date(1976, 1, 1), handle="+44-9", interest="training")
    world.register(gai, T0)
    folder = Item(
        ItemId("folder"),
        "a green folder",
        (TellsTrait(GIVEN_NAME), TellsTrait(HANDLE), TellsAge(), TellsTrait("interest", carried=True)),
        made=T0,
    )
    world.add_item(folder, gai.id, T0)
    world.give(folder.id, gai.id, kakashi, T0 + hours(1))
    return world, kakashi, iruka, gai.id


def test_what_is_on_a_borrowed_thing_still_tells_its_maker_when_someone_else_loses_it() -> None:
    world, kakashi, iruka = make_pair(strangers=20)
    folder = world.add_item(
        Item(ItemId("folder"), "Iruka's folder", (TellsTrait(GIVEN_NAME), TellsTrait(HANDLE))), iruka, T0
    )
    world.give(folder.id, iruka, kakashi, T0 + hours(1))

    lose_and_deliver(world, folder.id, T0 + hours(2))

    learnt = world.knowledge_of(iruka).facts()
    values = {f.value for f in learnt if isinstance(f, HasTrait)}
    assert values == {"Iruka", "+1-2"}, "the folder told Iruka about Iruka, not about Kakashi who lost it"


def test_what_carrying_a_thing_suggests_describes_whoever_lost_it_at_the_loss() -> None:
    world, kakashi, iruka = make_pair()
    world.change_trait(kakashi, "interest", frozenset({"rocks"}), T0)
    rock = world.add_item(
        Item(ItemId("rock"), "a rock", (TellsTrait("interest", only="rocks", carried=True),)), iruka, T0
    )
    world.give(rock.id, iruka, kakashi, T0 + hours(1))

    lose_and_deliver(world, rock.id, T0 + hours(2))

    assert [f.value for f in world.knowledge_of(iruka).facts() if isinstance(f, HasTrait)] == ["rocks"]
    assert HasTrait("interest", "rocks", T0 + hours(2)) in world.knowledge_of(iruka).facts()


def test_an_age_on_a_dated_thing_is_its_makers_age_when_it_was_made() -> None:
    world, kakashi, iruka = make_pair()
    made = T0 - days(365 * 10)
    letter = world.add_item(Item(ItemId("letter"), "an old letter", (TellsAge(),), made=made), kakashi, T0)

    lose_and_deliver(world, letter.id, T0 + hours(1))

    told = [f for f in world.knowledge_of(iruka).facts() if isinstance(f, BornBetween)]
    age_then = world.people[kakashi].age_at(made)
    assert told == [born_between_for_age(made.date(), age_then, age_then)]


def test_a_borrowed_thing_can_mislead_the_finder_into_counting_the_wrong_person() -> None:
    world, kakashi, iruka, gai = borrowed_folder_world()

    lose_and_deliver(world, ItemId("folder"), T0 + hours(2))

    # Iruka takes Gai's folder as being about his soulmate: the one person who fits is Gai.
    assert world.candidate_count(iruka, now(world)) == 1
    fits = set(world.census.candidates(world.knowledge_of(iruka).facts(), now(world), exclude=iruka))
    assert fits == {gai}
    assert kakashi not in fits


def test_a_borrowed_thing_can_leave_no_one_who_fits() -> None:
    world, kakashi, iruka, _gai = borrowed_folder_world()
    world.change_trait(kakashi, "interest", frozenset({"reading"}), T0 + hours(1))

    lose_and_deliver(world, ItemId("folder"), T0 + hours(2))

    # On it: Gai's name and number; carried: Kakashi's interest in reading. No one is both.
    assert world.candidate_count(iruka, now(world)) == 0


def test_the_transit_bound_holds_when_a_move_stretches_a_delivery_past_a_day() -> None:
    loser = make_person("kakashi", family="Hatake", born=KAKASHI_BORN, tz="Asia/Tokyo", handle="+81-1")
    finder = make_person("iruka", born=IRUKA_BORN, tz="Europe/London", handle="+44-2")
    world, kakashi, iruka = make_pair(loser, finder)
    sock = world.add_item(Item(ItemId("sock"), "a sock", (TellsTrait(PHOTO),)), kakashi, T0)
    delivery = world.lose(sock.id, T0)
    assert delivery is not None
    world.die(kakashi, T0 + hours(1))
    # Iruka moves shortly before waking, to a home whose next wake is most of a day later.
    world.move(iruka, Home("Honolulu", "Pacific/Honolulu"), delivery.due - hours(1))
    due = next(d.due for d in world.pending_deliveries() if d.item == sock.id)
    assert due - delivery.lost_at > hours(25)

    world.advance(due)

    fits = set(world.census.candidates(world.knowledge_of(iruka).facts(), now(world), exclude=iruka))
    assert kakashi in fits, "the loser, dead soon after the loss, dropped out of their own candidates"


def test_the_risk_audit_says_nothing_would_travel_without_an_active_bond_and_counts_no_one() -> None:
    world, kakashi, iruka = make_pair(strangers=5)
    loner = make_person("lee", family="Rock", born=date(1990, 1, 1))
    world.register(loner, T0)
    rock = world.add_item(Item(ItemId("rock"), "a rock", (TellsTrait(GIVEN_NAME),)), loner.id, T0)
    watch = world.add_item(Item(ItemId("watch"), "a watch"), kakashi, T0)
    world.die(iruka, T0 + hours(1))

    alone = world.exposure(loner.id, rock.id, T0 + hours(2))
    widowed = world.exposure(kakashi, watch.id, T0 + hours(2))

    assert not alone.travels and alone.candidates_now is None and "no soulmate" in alone.stays
    assert not widowed.travels and widowed.candidates_if_lost is None and "widowed" in widowed.stays


def test_the_risk_audit_counts_what_the_soulmate_would_know_among_everyone_but_the_soulmate() -> None:
    world, _kakashi, iruka = make_pair(strangers=5)
    rock = world.add_item(Item(ItemId("rock"), "a rock", (TellsTrait(GIVEN_NAME),)), iruka, T0)

    exposure = world.exposure(iruka, rock.id, T0 + hours(1))

    assert exposure.travels
    assert exposure.candidates_now == len(world.census) - 1
    assert exposure.candidates_if_lost == 1
