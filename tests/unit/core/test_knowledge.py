"""What found items tell a finder, and how many people still fit it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soulbond.core import Kind, PersonId, TellsAge, TellsNote, TellsTrait, World
from soulbond.core.errors import ItemNotThere
from soulbond.core.items import AliveAround, BornBetween, HasTrait, born_between_for_age
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, age_on
from tests.unit.core.factories import (
    T0,
    days,
    give_item,
    hours,
    lose_and_deliver,
    make_pair,
    make_person,
    now,
    utc,
)

YOUNG_IRUKA = make_person("iruka", born=date(1995, 5, 26), tz="America/New_York", handle="+1-2")


def candidates_of(world: World, finder: PersonId) -> set[PersonId]:
    return set(world.census.candidates(world.knowledge_of(finder).facts(), now(world), exclude=finder))


def test_a_finder_who_has_learnt_nothing_is_told_everyone_else_fits() -> None:
    world, kakashi, _ = make_pair(strangers=10)
    assert world.candidate_count(kakashi, T0) == len(world.census) - 1 == 11


def test_a_childs_drawing_narrows_the_candidates_to_children_of_about_that_age() -> None:
    world, kakashi, iruka = make_pair(b=YOUNG_IRUKA, strangers=10)
    for person in (
        make_person("lee", family="Rock", born=date(1995, 1, 1)),
        make_person("hinata", family="Hyuga", born=date(1996, 12, 27)),
        make_person("gai", family="Maito", born=date(1976, 1, 1)),
    ):
        world.register(person, T0)
    drawing = give_item(world, iruka, "drawing", TellsAge())
    lose_and_deliver(world, drawing, T0 + hours(1))

    (learnt,) = world.knowledge_of(kakashi).learnt
    assert learnt.facts[0] == BornBetween(date(1995, 1, 11), date(1996, 1, 10))  # aged four
    assert candidates_of(world, kakashi) == {iruka}

    scribble = give_item(world, iruka, "scribble", TellsAge(within=1))
    lose_and_deliver(world, scribble, now(world) + hours(1))
    assert world.candidate_count(kakashi, now(world)) == 1  # the first item still bounds it


def test_an_age_told_within_a_range_fits_everyone_of_those_ages() -> None:
    world, kakashi, iruka = make_pair(b=YOUNG_IRUKA)
    for person in (
        make_person("lee", family="Rock", born=date(1995, 1, 1)),
        make_person("hinata", family="Hyuga", born=date(1996, 12, 27)),
        make_person("gai", family="Maito", born=date(1976, 1, 1)),
    ):
        world.register(person, T0)
    drawing = give_item(world, iruka, "drawing", TellsAge(within=1))
    lose_and_deliver(world, drawing, T0 + hours(1))
    assert candidates_of(world, kakashi) == {iruka, "lee", "hinata"}


def test_a_trait_is_told_as_it_was_at_the_loss_even_after_it_changes() -> None:
    world, kakashi, iruka = make_pair()
    world.change_trait(iruka, "interest", frozenset({"rocks"}), T0)
    world.register(make_person("lee", family="Rock", interest="rocks"), T0)
    world.register(make_person("ten", family="Ten", interest="weapons"), T0)
    rock = give_item(world, iruka, "rock", TellsTrait("interest"))
    lose_and_deliver(world, rock, T0 + hours(1))

    world.change_trait(iruka, "interest", frozenset({"teaching"}), T0 + days(3))
    world.change_trait(PersonId("ten"), "interest", frozenset({"rocks"}), T0 + days(3))

    assert world.knowledge_of(kakashi).facts()[0] == HasTrait("interest", "rocks", T0 + hours(1))
    assert candidates_of(world, kakashi) == {iruka, "lee"}


def test_a_trait_changed_in_the_same_instant_as_the_loss_still_fits_the_loser() -> None:
    world, kakashi, iruka = make_pair()
    at = T0 + hours(1)
    world.change_trait(iruka, "interest", frozenset({"rocks"}), at)
    rock = give_item(world, iruka, "rock", TellsTrait("interest"), at=at)
    world.lose(rock, at)
    world.change_trait(iruka, "interest", frozenset({"teaching"}), at)
    world.advance(at + days(1))
    assert iruka in candidates_of(world, kakashi)


def test_a_full_name_identifies_the_loser_at_once() -> None:
    world, kakashi, iruka = make_pair(strangers=50)
    folder = give_item(world, iruka, "folder", TellsTrait(GIVEN_NAME), TellsTrait(FAMILY_NAME))
    assert not world.is_identified(kakashi, T0)
    lose_and_deliver(world, folder, T0 + hours(1))
    assert world.is_identified(kakashi, now(world))


def test_a_phone_number_identifies_the_loser_at_once() -> None:
    world, kakashi, iruka = make_pair(strangers=50)
    card = give_item(world, iruka, "card", TellsTrait(HANDLE))
    lose_and_deliver(world, card, T0 + hours(1))
    assert candidates_of(world, kakashi) == {iruka}


def test_a_sock_tells_next_to_nothing() -> None:
    world, kakashi, iruka = make_pair(strangers=10)
    sock = give_item(world, iruka, "sock")
    arrived = lose_and_deliver(world, sock, T0 + hours(1))
    assert world.knowledge_of(kakashi).facts() == [AliveAround(arrived)]
    assert world.candidate_count(kakashi, arrived) == len(world.census) - 1


def test_someone_who_died_long_before_an_arrival_does_not_fit() -> None:
    world, kakashi, iruka = make_pair(strangers=3)
    world.register(make_person("sakumo", family="Hatake", born=date(1950, 1, 1)), T0)
    world.die(PersonId("sakumo"), T0 + hours(1))
    sock = give_item(world, iruka, "sock")
    lose_and_deliver(world, sock, T0 + days(2))
    assert candidates_of(world, kakashi) == {iruka, "stranger-0", "stranger-1", "stranger-2"}


def test_a_loser_born_that_very_day_in_a_zone_ahead_of_utc_still_fits() -> None:
    # 10:30 UTC on 10 January is already 11 January on Kiritimati (UTC+14), the loser's
    # birthday; the item reaches Tokyo at 07:00 on the 11th there, still the 10th in UTC.
    newborn = make_person("baby", born=date(2000, 1, 11), tz="Pacific/Kiritimati")
    finder = make_person("finder", born=date(1990, 1, 1), tz="Asia/Tokyo")
    world, found_by, lost_by = make_pair(finder, newborn, at=utc(2000, 1, 10))
    blanket = give_item(world, lost_by, "blanket")
    arrived = lose_and_deliver(world, blanket, utc(2000, 1, 10, 10, 30))
    assert arrived == utc(2000, 1, 10, 22)
    assert candidates_of(world, found_by) == {lost_by}


def test_a_notorious_family_name_points_at_the_notorious() -> None:
    world, kakashi, iruka = make_pair(strangers=20)
    for n in range(3):
        world.add_stranger(PersonId(f"hatake-{n}"), date(1970, 1, 1), {FAMILY_NAME: frozenset({"Hatake"})})
    beanie = give_item(world, kakashi, "beanie", TellsTrait(FAMILY_NAME))
    lose_and_deliver(world, beanie, T0 + hours(1))
    assert world.candidate_count(iruka, now(world)) == 4

    world.make_notorious(kakashi, T0 + days(14))

    assert world.candidate_count(iruka, T0 + days(14)) == 1
    assert world.events[-1].kind is Kind.NOTORIOUS


def test_a_notorious_family_name_points_away_from_a_namesake_who_is_not_in_the_papers() -> None:
    # The rule the census follows: a finder told only a notorious family name thinks of the
    # notorious, even when the item was lost by an unknown namesake.
    unknown = make_person("hatake-cousin", family="Hatake", born=date(1980, 1, 1))
    world, finder, cousin = make_pair(make_person("finder"), unknown, strangers=5)
    world.register(make_person("kakashi", family="Hatake", born=date(1976, 9, 15)), T0)
    world.make_notorious(PersonId("kakashi"), T0)
    glove = give_item(world, cousin, "glove", TellsTrait(FAMILY_NAME))
    lose_and_deliver(world, glove, T0 + hours(1))
    assert candidates_of(world, finder) == {"kakashi"}


def test_feelings_in_an_essay_are_noted_but_match_no_record() -> None:
    world, kakashi, iruka = make_pair(strangers=5)
    essay = give_item(world, kakashi, "essay", TellsAge(), TellsNote("not entirely against a soulmate"))
    lose_and_deliver(world, essay, T0 + hours(1))
    assert world.knowledge_of(iruka).notes() == ["not entirely against a soulmate"]


def test_exposure_tells_what_an_item_would_reveal_and_how_far_it_would_narrow() -> None:
    world, kakashi, iruka = make_pair(strangers=30)
    folder = give_item(world, iruka, "folder", TellsTrait(GIVEN_NAME), TellsTrait(FAMILY_NAME))
    events = len(world.events)

    exposure = world.exposure(iruka, folder, T0 + hours(1))

    assert exposure.candidates_now == len(world.census) - 1
    assert exposure.candidates_if_lost == 1
    assert HasTrait(GIVEN_NAME, "Iruka", T0 + hours(1)) in exposure.facts
    assert len(world.events) == events
    assert world.knowledge_of(kakashi).learnt == []


def test_exposure_of_a_sock_narrows_nothing() -> None:
    world, _, iruka = make_pair(strangers=30)
    sock = give_item(world, iruka, "sock")
    exposure = world.exposure(iruka, sock, T0 + hours(1))
    assert exposure.candidates_if_lost == exposure.candidates_now


def test_exposure_counts_from_what_the_soulmate_already_knows() -> None:
    world, kakashi, iruka = make_pair(b=YOUNG_IRUKA, strangers=30)
    drawing = give_item(world, iruka, "drawing", TellsAge())
    lose_and_deliver(world, drawing, T0 + hours(1))
    sock = give_item(world, iruka, "sock")
    exposure = world.exposure(iruka, sock, now(world))
    assert exposure.candidates_now == world.candidate_count(kakashi, now(world)) == 1


def test_exposure_of_something_not_in_ones_keeping_is_refused() -> None:
    world, kakashi, iruka = make_pair()
    rock = give_item(world, iruka, "rock")
    with pytest.raises(ItemNotThere):
        world.exposure(kakashi, rock, T0)


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 12, 31)),
    lived=st.integers(min_value=0, max_value=36500),
    within=st.integers(min_value=0, max_value=5),
)
def test_an_age_told_at_a_loss_always_fits_the_losers_birth_date(born: date, lived: int, within: int) -> None:
    day = born + timedelta(days=lived)
    age = age_on(born, day)
    told = born_between_for_age(day, age - within, age + within)
    assert told.earliest <= born <= told.latest


def test_a_notorious_name_whose_family_fits_none_of_the_facts_counts_its_namesakes_as_anyone() -> None:
    # The finder knows the family name and the loser's age: the Hatake in the papers is
    # twenty years too old, so the name is just a name and the namesakes of that age fit.
    unknown = make_person("hatake-cousin", family="Hatake", born=date(1995, 1, 1))
    world, finder, cousin = make_pair(make_person("finder"), unknown, strangers=5)
    world.register(make_person("kakashi", family="Hatake", born=date(1976, 9, 15)), T0)
    world.add_stranger(PersonId("hatake-stranger"), date(1994, 6, 1), {FAMILY_NAME: frozenset({"Hatake"})})
    world.make_notorious(PersonId("kakashi"), T0)
    glove = give_item(world, cousin, "glove", TellsTrait(FAMILY_NAME), TellsAge())
    lose_and_deliver(world, glove, T0 + hours(1))
    assert candidates_of(world, finder) == {cousin, "hatake-stranger"}
    assert world.candidate_count(finder, now(world)) == 2
