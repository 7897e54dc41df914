"""What the system tells a person, and the invariant that it never tells them who their soulmate is."""

from __future__ import annotations

from datetime import datetime

from soulbond.core import Confirmation, Item, ItemId, PersonId, TellsAge, TellsTrait, World
from soulbond.core.bonds import BondState
from soulbond.core.people import HANDLE
from soulbond.core.privacy import Possession, RegistryAnswer, exposure_told_to, privacy_problems, what_is_told
from tests.unit.core.factories import T0, give_item, hours, lose_and_deliver, make_pair, make_person, now


def test_a_person_is_told_what_they_hold_what_lies_on_their_floor_and_what_is_in_their_bin() -> None:
    world, kakashi, iruka = make_pair(strangers=5)
    for name in ("drawing", "sock", "rock"):
        lose_and_deliver(world, give_item(world, iruka, name), now(world) + hours(1))
    at = now(world)
    world.keep(kakashi, ItemId("rock"), at, where="a pocket")
    world.discard(kakashi, ItemId("drawing"), at)

    told = what_is_told(world, kakashi, at)

    assert told.holdings == (Possession(ItemId("rock"), "rock", "tucked away: a pocket"),)
    assert told.floor == (Possession(ItemId("sock"), "sock"),)
    assert told.bin == (Possession(ItemId("drawing"), "drawing"),)


def test_a_finder_is_told_what_each_arrival_taught_them_and_how_many_still_fit() -> None:
    world, kakashi, iruka = make_pair(strangers=5)
    card = give_item(world, iruka, "card", TellsAge(), TellsTrait(HANDLE))
    lose_and_deliver(world, card, T0 + hours(1))

    told = what_is_told(world, kakashi, now(world))

    assert [entry.item for entry in told.learnt] == [card]
    assert told.candidate_count == 1
    assert what_is_told(world, iruka, now(world)).candidate_count == len(world.census) - 1


def test_registry_answers_name_the_other_person_by_handle_only() -> None:
    world, kakashi, iruka = make_pair()
    world.send_message(kakashi, "+1-2", "I have your folder", T0)
    world.ask_if_soulmates(kakashi, "+1-2", T0)

    assert what_is_told(world, kakashi, T0).registry_answers == (
        RegistryAnswer("+1-2", Confirmation.WAITING),
    )
    assert what_is_told(world, iruka, T0).registry_answers == ()
    world.ask_if_soulmates(iruka, "+44-1", T0)
    assert what_is_told(world, iruka, T0).registry_answers == (
        RegistryAnswer("+44-1", Confirmation.SOULMATES),
    )


def test_nothing_a_busy_pair_is_told_names_their_soulmate() -> None:
    world, kakashi, iruka = make_pair(strangers=5)
    folder = give_item(world, iruka, "folder", TellsTrait(HANDLE))
    lose_and_deliver(world, folder, T0 + hours(1))
    at = now(world)
    world.send_message(kakashi, "+1-2", "I have your folder", at)
    world.send_message(iruka, "+44-1", "coffee?", at)
    world.ask_if_soulmates(kakashi, "+1-2", at)
    world.ask_if_soulmates(iruka, "+44-1", at)
    world.apply_for_severance(iruka, "curious what happens", at)

    assert privacy_problems(world, at) == []


def test_privacy_problems_catch_a_view_that_names_the_soulmate() -> None:
    world, kakashi, iruka = make_pair()
    world.add_item(Item(ItemId("note"), str(iruka)), kakashi, T0)
    assert privacy_problems(world, T0) == ["what kakashi is told names their soulmate iruka"]


class LeakyWorld(World):
    def candidate_count(self, person: PersonId, at: datetime) -> int:
        return 1


def test_privacy_problems_catch_a_count_narrowed_before_anything_arrived() -> None:
    world = LeakyWorld()
    for person in (make_person("kakashi"), make_person("iruka"), make_person("gai")):
        world.register(person, T0)
    assert len(privacy_problems(world, T0)) == 3


def test_the_audit_a_widow_is_told_reads_as_if_their_soulmate_lived() -> None:
    world, kakashi, iruka = make_pair(strangers=5)
    card = give_item(world, kakashi, "card", TellsAge())
    alive = exposure_told_to(world, kakashi, card, T0 + hours(1))
    world.die(iruka, T0 + hours(2))

    widowed = exposure_told_to(world, kakashi, card, T0 + hours(3))

    assert world.exposure(kakashi, card, T0 + hours(3)).stays  # the rules know nothing would travel
    assert widowed.stays == ""
    assert (widowed.candidates_now, widowed.candidates_if_lost) == (
        alive.candidates_now,
        alive.candidates_if_lost,
    )


def test_the_audit_someone_without_a_soulmate_is_told_reads_as_a_soulmate_who_knows_nothing() -> None:
    world, _, _ = make_pair(strangers=5)
    gai = make_person("gai", family="Maito")
    world.register(gai, T0)
    weights = give_item(world, gai.id, "weights")

    told = exposure_told_to(world, gai.id, weights, T0 + hours(1))

    assert told.stays == ""
    assert told.candidates_now == len(world.census) - 1


def test_only_a_severed_bond_is_told_as_nothing_travelling() -> None:
    world, kakashi, _ = make_pair(strangers=5)
    card = give_item(world, kakashi, "card")
    world.bonds[kakashi].state = BondState.SEVERED

    told = exposure_told_to(world, kakashi, card, T0 + hours(1))

    assert told.stays == "nothing would travel: your bond is severed"
    assert told.candidates_now is None
    assert "Iruka" not in told.stays
