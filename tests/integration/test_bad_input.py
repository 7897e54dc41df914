"""Bad input gets a specific domain error and leaves every table exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from soulbond.core.errors import (
    CannotReturn,
    ItemNotThere,
    SoulbondError,
    UnknownItem,
    UnknownPerson,
    UnknownTimeZone,
)
from soulbond.service import casework, contact, deliveries, possessions, registry, views
from soulbond.service.errors import IdempotencyKeyReused, NotDueYet, NothingToDeliver, UnknownDelivery
from tests.integration.factories import add_item, advance, drain, dump, make_pair, register
from tests.integration.peek import AnyLive, set_director, trips


def unchanged(live: AnyLive, error: type[SoulbondError], call: Callable[[], object]) -> None:
    before = dump(live)
    with pytest.raises(error):
        call()
    assert dump(live) == before


def test_unknown_people_and_items_are_named_as_unknown(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    add_item(live, kakashi, "beanie")
    unchanged(live, UnknownPerson, lambda: registry.record_death(registry.RecordDeath("nobody"), live.uow()))
    unchanged(
        live,
        UnknownItem,
        lambda: possessions.report_loss(possessions.ReportLoss(kakashi, "ghost"), live.uow()),
    )
    unchanged(
        live,
        UnknownPerson,
        lambda: possessions.give(possessions.Give("beanie", kakashi, "nobody"), live.uow()),
    )


def test_losing_what_you_do_not_hold_is_refused(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, kakashi, "beanie")
    unchanged(
        live,
        ItemNotThere,
        lambda: possessions.report_loss(possessions.ReportLoss(iruka, "beanie"), live.uow()),
    )


def test_finding_twice_is_refused(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, iruka, "rock")
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    advance(live, timedelta(days=1))
    assert drain(live) == 1
    ((delivery, _, _),) = trips(live)
    unchanged(live, NothingToDeliver, lambda: deliveries.deliver(deliveries.DeliverDue(delivery), live.uow()))
    possessions.keep(possessions.FinderAct(kakashi, "rock"), live.uow())
    unchanged(live, ItemNotThere, lambda: possessions.keep(possessions.FinderAct(iruka, "rock"), live.uow()))


def test_an_unknown_delivery_and_one_not_yet_due_are_refused(live: AnyLive) -> None:
    _, iruka = make_pair(live)
    add_item(live, iruka, "rock")
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    unchanged(live, UnknownDelivery, lambda: deliveries.deliver(deliveries.DeliverDue(999), live.uow()))
    unchanged(live, NotDueYet, lambda: deliveries.deliver(deliveries.DeliverDue(only_trip(live)), live.uow()))


def test_messaging_an_unknown_handle_is_answered_like_any_other_and_reaches_no_one(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    sent = contact.send_message(contact.SendMessage(kakashi, "+00-0", "hello"), live.uow())
    assert sent.to_handle == "+00-0"
    assert views.inbox_view(views.ForPerson(iruka), live.uow()).messages == []


def test_returning_to_someone_the_finder_cannot_reach_is_refused(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    for other in ("lee", "gai", "ten"):
        register(live, other)
    add_item(live, iruka, "sock")
    possessions.report_loss(possessions.ReportLoss(iruka, "sock"), live.uow())
    advance(live, timedelta(days=1))
    drain(live)
    unchanged(
        live,
        CannotReturn,
        lambda: possessions.return_item(possessions.FinderAct(kakashi, "sock"), live.uow()),
    )


def test_an_unknown_time_zone_is_refused(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    unchanged(
        live,
        UnknownTimeZone,
        lambda: registry.move(registry.Move(kakashi, "Mars", "Mars/Olympus"), live.uow()),
    )


def test_a_delivery_for_a_partner_who_died_first_never_happens(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, iruka, "rock")
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    registry.record_death(registry.RecordDeath(kakashi), live.uow())
    advance(live, timedelta(days=1))
    assert drain(live) == 0
    unchanged(
        live, NothingToDeliver, lambda: deliveries.deliver(deliveries.DeliverDue(only_trip(live)), live.uow())
    )


def test_a_delivery_across_a_severed_bond_never_happens(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    register_director(live)
    case = casework.apply_for_severance(casework.ApplyForSeverance(kakashi, "we never met"), live.uow()).case
    casework.take_case(casework.OnCase("director", case), live.uow())
    casework.decide(casework.Decide("director", case, True, "the reasons hold"), live.uow())
    add_item(live, iruka, "rock")
    advance(live, timedelta(days=29, hours=23))
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    advance(live, timedelta(days=2))
    drain(live)
    unchanged(
        live, NothingToDeliver, lambda: deliveries.deliver(deliveries.DeliverDue(only_trip(live)), live.uow())
    )


def test_an_idempotency_key_reused_by_its_owner_for_another_use_case_is_refused(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    add_item(live, kakashi, "beanie")
    possessions.keep(
        possessions.FinderAct(kakashi, "beanie", "in a drawer", idempotency_key="k1"), live.uow()
    )
    unchanged(
        live,
        IdempotencyKeyReused,
        lambda: possessions.discard(
            possessions.FinderAct(kakashi, "beanie", idempotency_key="k1"), live.uow()
        ),
    )


def register_director(live: AnyLive) -> None:
    register(live, "director", family="Uchiha")
    set_director(live, "director")


def only_trip(live: AnyLive) -> int:
    ((delivery, _, _),) = trips(live)
    return delivery
