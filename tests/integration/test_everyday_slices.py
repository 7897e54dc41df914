"""A person's everyday acts load only what has fallen due of what travels to them, and lose nothing by it."""

from __future__ import annotations

from datetime import timedelta

from soulbond.service import casework, possessions, views
from tests.integration.factories import add_item, advance, drain, make_pair, register
from tests.integration.peek import AnyLive, bond_states, place_of, set_director


def test_what_is_still_on_its_way_arrives_at_its_time_after_the_finder_acts_meanwhile(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, iruka, "scarf")
    add_item(live, kakashi, "rock")
    possessions.report_loss(possessions.ReportLoss(iruka, "scarf", "on the bus"), live.uow())
    # Kakashi acts before the scarf is due: his slice leaves it travelling, untouched.
    possessions.report_loss(possessions.ReportLoss(kakashi, "rock", "in the river"), live.uow())
    assert views.floor_view(views.ForPerson(kakashi), live.uow()).items == []
    assert place_of(live, "scarf")[:2] == ("in transit", kakashi)
    advance(live, timedelta(days=2))
    floor = views.floor_view(views.ForPerson(kakashi), live.uow())
    assert [entry.item for entry in floor.items] == ["scarf"]
    assert [entry.item for entry in views.floor_view(views.ForPerson(iruka), live.uow()).items] == ["rock"]


def test_a_severance_falling_due_during_an_everyday_act_stops_what_was_still_on_its_way(
    live: AnyLive,
) -> None:
    kakashi, iruka = make_pair(live)
    register(live, "director", family="Uchiha")
    set_director(live, "director")
    add_item(live, iruka, "scarf")
    add_item(live, kakashi, "rock")
    case = casework.apply_for_severance(casework.ApplyForSeverance(kakashi, "we never met"), live.uow()).case
    casework.take_case(casework.OnCase("director", case), live.uow())
    casework.decide(casework.Decide("director", case, True, "the reasons hold"), live.uow())
    # The severance falls due 30 days on, at the hour of the decision; the scarf is lost an hour
    # before, so its delivery is due the next morning, after the severance.
    advance(live, timedelta(days=30) - timedelta(hours=1))
    possessions.report_loss(possessions.ReportLoss(iruka, "scarf", "on the bus"), live.uow())
    advance(live, timedelta(hours=2))
    # Kakashi's act catches the severance up; it must stop the scarf, though the scarf is not yet due.
    possessions.report_loss(possessions.ReportLoss(kakashi, "rock", "in the river"), live.uow())
    assert bond_states(live) == ["severed"]
    advance(live, timedelta(days=2))
    drain(live)
    assert views.floor_view(views.ForPerson(kakashi), live.uow()).items == []
    assert place_of(live, "scarf")[:2] == ("lost for good", iruka)
