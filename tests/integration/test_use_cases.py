"""The live world's use cases, the same on every backend."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

import pytest

from soulbond.core.errors import ConflictOfInterest, ItemNotThere
from soulbond.core.items import TellsAge, TellsTrait
from soulbond.core.people import HANDLE
from soulbond.service import casework, contact, possessions, registry, views
from tests.integration.factories import (
    add_item,
    advance,
    drain,
    dump,
    ledger_kinds,
    make_pair,
    place_of,
    register,
)
from tests.integration.peek import (
    AnyLive,
    blocks,
    bond_states,
    file_openings,
    messages_delivered,
    noticed,
    set_director,
    trips,
)


def test_a_lost_item_travels_to_the_soulmates_floor_and_arrives_at_their_next_wake(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live, interest="rocks")
    add_item(live, iruka, "rock", TellsTrait("interest"))
    lost = possessions.report_loss(possessions.ReportLoss(iruka, "rock", "dropped"), live.uow())
    assert lost.item == "rock"
    assert place_of(live, "rock") == ("in transit", kakashi, "")
    assert drain(live) == 0
    advance(live, timedelta(days=1))
    assert drain(live) == 1
    assert place_of(live, "rock") == ("on a floor", kakashi, "")
    floor = views.floor_view(views.ForPerson(kakashi), live.uow())
    assert [f.item for f in floor.items] == ["rock"]
    assert ledger_kinds(live).count("arrived") == 1


def test_a_stored_borrowed_thing_still_tells_its_owner_and_keeps_what_carrying_it_suggests(
    live: AnyLive,
) -> None:
    kakashi, iruka = make_pair(live, interest="rocks")
    register(live, "gai", family="Maito", handle="+81-9", interest="training")
    add_item(live, "gai", "folder", TellsTrait(HANDLE), TellsTrait("interest", carried=True))
    possessions.give(possessions.Give("folder", "gai", iruka), live.uow())
    possessions.report_loss(possessions.ReportLoss(iruka, "folder"), live.uow())
    advance(live, timedelta(days=1))
    assert drain(live) == 1
    known = views.knowledge_view(views.ForPerson(kakashi), live.uow())
    assert "phone number: +81-9" in known.facts and "interest: rocks" in known.facts
    assert known.candidates == 0


def test_a_finder_learns_from_what_arrives_and_the_count_comes_from_the_database(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live, interest="rocks")
    add_item(live, iruka, "drawing", TellsAge())
    possessions.report_loss(possessions.ReportLoss(iruka, "drawing"), live.uow())
    advance(live, timedelta(days=1))
    known = views.knowledge_view(views.ForPerson(kakashi), live.uow())
    assert known.candidates == 1
    assert known.identified


def test_a_retried_request_with_the_same_key_returns_the_stored_result_and_changes_nothing(
    live: AnyLive,
) -> None:
    _, iruka = make_pair(live)
    add_item(live, iruka, "rock")
    command = possessions.ReportLoss(iruka, "rock", idempotency_key="loss-1")
    first = possessions.report_loss(command, live.uow())
    before = dump(live)
    assert possessions.report_loss(command, live.uow()) == first
    assert dump(live) == before


def test_a_soulmate_who_moves_gets_what_is_in_transit_at_the_new_home(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, iruka, "rock")
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    registry.move(registry.Move(kakashi, "Tokyo", "Asia/Tokyo", time(6, 0)), live.uow())
    ((_, due, _),) = trips(live)
    assert due == datetime(2000, 1, 10, 21, 0, tzinfo=UTC)  # 06:00 in Tokyo


def test_reporting_a_loss_never_says_whether_it_travelled(live: AnyLive) -> None:
    # Whether it travelled would tell the loser whether their soulmate is alive.
    kakashi, iruka = make_pair(live)
    add_item(live, kakashi, "watch")
    add_item(live, kakashi, "scarf")
    first = possessions.report_loss(possessions.ReportLoss(kakashi, "scarf"), live.uow())
    registry.record_death(registry.RecordDeath(iruka), live.uow())
    second = possessions.report_loss(possessions.ReportLoss(kakashi, "watch"), live.uow())
    assert set(vars(first)) == set(vars(second)) == {"item"}


def test_what_a_widower_loses_stays_where_it_fell_and_can_be_picked_up(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    register(live, "gai", family="Maito")
    add_item(live, kakashi, "watch")
    registry.record_death(registry.RecordDeath(iruka), live.uow())
    possessions.report_loss(possessions.ReportLoss(kakashi, "watch"), live.uow())
    assert place_of(live, "watch")[0] == "lost for good"
    with pytest.raises(ItemNotThere, match="nothing called 'watch' within your reach"):
        possessions.pick_up(possessions.FinderAct("gai", "watch"), live.uow())
    registry.place_item(registry.PlaceItem("watch", "gai's home"), live.uow())
    possessions.pick_up(possessions.FinderAct("gai", "watch"), live.uow())
    assert place_of(live, "watch")[:2] == ("held", "gai")


def test_a_finder_keeps_discards_recovers_and_returns_by_hand_once_in_contact(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    for other in ("lee", "gai"):
        register(live, other)
    add_item(live, iruka, "folder", TellsAge())
    possessions.report_loss(possessions.ReportLoss(iruka, "folder"), live.uow())
    advance(live, timedelta(days=1))
    drain(live)
    possessions.discard(possessions.FinderAct(kakashi, "folder"), live.uow())
    possessions.recover(possessions.FinderAct(kakashi, "folder"), live.uow())
    assert views.prove_custody(views.ProveCustody(kakashi, "folder"), live.uow()).proven
    assert not views.prove_custody(views.ProveCustody("gai", "folder"), live.uow()).proven
    contact.send_message(contact.SendMessage(kakashi, "+81-2", "I have your folder"), live.uow())
    assert contact.ask_registry(contact.AskRegistry(kakashi, "+81-2"), live.uow()).text.startswith("waiting")
    assert contact.ask_registry(contact.AskRegistry(iruka, "+81-1"), live.uow()).text == "you are soulmates"
    returned = possessions.return_item(possessions.FinderAct(kakashi, "folder"), live.uow())
    assert returned.item == "folder"
    assert place_of(live, "folder")[:2] == ("held", iruka)


def test_a_blocked_sender_is_not_told_and_their_message_does_not_arrive(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    contact.block(contact.BlockHandle(iruka, "+81-1"), live.uow())
    contact.send_message(contact.SendMessage(kakashi, "+81-2", "hello"), live.uow())
    contact.unblock(contact.BlockHandle(iruka, "+81-1"), live.uow())
    assert messages_delivered(live) == [False]
    assert blocks(live) == []


def test_an_empty_bin_is_gone_for_good(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    add_item(live, kakashi, "essay")
    possessions.discard(possessions.FinderAct(kakashi, "essay"), live.uow())
    assert possessions.empty_bin(possessions.EmptyBin(kakashi), live.uow()).items == ["essay"]
    assert place_of(live, "essay")[0] == "discarded"


def test_the_exposure_audit_says_what_each_possession_would_reveal(live: AnyLive) -> None:
    _, iruka = make_pair(live, interest="rocks")
    register(live, "lee", interest="rocks")
    register(live, "gai", interest="training")
    add_item(live, iruka, "rock", TellsTrait("interest"))
    audit = views.exposure_audit(views.ForPerson(iruka), live.uow())
    (risk,) = audit.possessions
    assert risk.reveals == ["interest: rocks"]
    assert (risk.candidates_now, risk.candidates_if_lost) == (3, 2)


def test_fate_pairs_a_newcomer_with_someone_unpaired(live: AnyLive) -> None:
    make_pair(live)
    register(live, "lee")
    register(live, "ten")
    paired = registry.pair_by_fate(registry.PairByFate("lee"), live.uow(), random.Random(1))
    assert paired.partner == "ten"


def test_a_trait_counts_as_it_was_at_the_loss_even_after_it_changes(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live, interest="rocks")
    register(live, "lee", interest="weapons")
    add_item(live, iruka, "rock", TellsTrait("interest"))
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    advance(live, timedelta(days=1))
    registry.change_traits(registry.ChangeTraits(iruka, {"interest": frozenset({"teaching"})}), live.uow())
    registry.change_traits(registry.ChangeTraits("lee", {"interest": frozenset({"rocks"})}), live.uow())
    assert views.knowledge_view(views.ForPerson(kakashi), live.uow()).candidates == 1


def test_a_notorious_family_name_points_straight_at_the_people_in_the_papers(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    register(live, "sakumo", family="Hatake")
    for n in range(3):
        register(live, f"other-{n}", family="Hatake")
    add_item(live, kakashi, "essay", TellsTrait("family_name"))
    registry.make_notorious(registry.MakeNotorious(kakashi), live.uow())
    possessions.report_loss(possessions.ReportLoss(kakashi, "essay"), live.uow())
    advance(live, timedelta(days=1))
    assert views.knowledge_view(views.ForPerson(iruka), live.uow()).candidates == 1


def test_the_foundations_casework_runs_to_a_severance_when_cooling_off_ends(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    register(live, "director", family="Uchiha")
    register(live, "shisui", family="Uchiha")
    set_director(live, "director")
    case = casework.apply_for_severance(casework.ApplyForSeverance(kakashi, "we never met"), live.uow()).case
    casework.submit_statement(casework.OnCase(iruka, case, "I would rather not"), live.uow())
    casework.apply_for_job(casework.Staffing("shisui"), live.uow())
    casework.hire(casework.Staffing("shisui", director="director"), live.uow())
    casework.take_case(casework.OnCase("shisui", case), live.uow())
    casework.open_case_file(casework.OnCase("shisui", case), live.uow())
    casework.decide(casework.Decide("shisui", case, False, "the bond holds"), live.uow())
    casework.appeal(casework.OnCase(kakashi, case, "please reconsider"), live.uow())
    casework.take_case(casework.OnCase("director", case), live.uow())
    casework.decide(casework.Decide("director", case, True, "on appeal, the reasons hold"), live.uow())
    advance(live, timedelta(days=31))
    assert drain(live) == 1
    assert bond_states(live) == ["severed"]
    assert file_openings(live) == 1
    assert noticed(live) == [iruka]
    kinds = ledger_kinds(live)
    for kind in ("severance applied for", "partner notified", "statement submitted", "hired as caseworker"):
        assert kind in kinds
    assert kinds[-1] == "bond severed"


def test_a_joint_application_is_filed_only_once_the_partner_signs_it_with_their_own_reasons(
    live: AnyLive,
) -> None:
    kakashi, iruka = make_pair(live)
    applied = casework.ApplyForSeverance(kakashi, "we never met", jointly=True)
    case = casework.apply_for_severance(applied, live.uow()).case
    assert noticed(live) == [iruka]
    waiting = views.inbox_view(views.ForPerson(iruka), live.uow()).notices
    assert [n.state for n in waiting] == ["awaiting a signature"]
    casework.sign_application(casework.OnCase(iruka, case, "nor do I wish to"), live.uow())
    signed = views.inbox_view(views.ForPerson(kakashi), live.uow()).notices
    assert [n.state for n in signed] == ["awaiting a signature", "filed"]
    assert "joint application signed" in ledger_kinds(live)


def test_a_caseworker_may_not_take_a_case_about_their_own_soulmate(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    register(live, "director", family="Uchiha")
    set_director(live, "director")
    casework.apply_for_job(casework.Staffing(iruka), live.uow())
    casework.hire(casework.Staffing(iruka, director="director"), live.uow())
    case = casework.apply_for_severance(casework.ApplyForSeverance(kakashi, "we never met"), live.uow()).case
    with pytest.raises(ConflictOfInterest):
        casework.take_case(casework.OnCase(iruka, case), live.uow())
    casework.withdraw(casework.OnCase(kakashi, case), live.uow())


def test_a_trait_changed_at_the_very_moment_of_the_loss_still_fits_what_the_item_told(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live, interest="rocks")
    add_item(live, iruka, "rock", TellsTrait("interest"))
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    registry.change_traits(registry.ChangeTraits(iruka, {"interest": frozenset({"teaching"})}), live.uow())
    advance(live, timedelta(days=1))
    assert views.knowledge_view(views.ForPerson(kakashi), live.uow()).candidates == 1


def test_what_a_loser_lost_before_dying_still_arrives_on_the_soulmates_floor(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, iruka, "rock")
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    registry.record_death(registry.RecordDeath(iruka), live.uow())
    assert views.floor_view(views.ForPerson(kakashi), live.uow()).items == []
    advance(live, timedelta(days=1))
    assert drain(live) == 1
    assert place_of(live, "rock")[:2] == ("on a floor", kakashi)
