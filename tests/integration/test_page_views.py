"""The views the web pages need, the same on every backend: what a finder learnt arrival by arrival,
their collection, a person's own cases, a caseworker's case file and open queue, the director's staff."""

from __future__ import annotations

from datetime import timedelta

import pytest

from soulbond.core.errors import NotACaseworker, NotPermitted, SoulbondError
from soulbond.core.items import TellsAge, TellsTrait
from soulbond.core.people import HANDLE
from soulbond.service import casefiles, casework, learning, possessions
from soulbond.service.home import my_home as home_of
from soulbond.service.views import ForPerson
from tests.integration.factories import add_item, advance, make_pair, register
from tests.integration.peek import AnyLive, file_openings, set_director


def test_the_count_of_people_who_fit_shrinks_arrival_by_arrival_and_never_names_them(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live, interest="rocks")
    register(live, "someone", family="Else", interest="rocks")
    add_item(live, iruka, "rock", TellsTrait("interest", carried=True))
    add_item(live, iruka, "folder", TellsTrait(HANDLE))
    possessions.report_loss(possessions.ReportLoss(iruka, "rock"), live.uow())
    advance(live, timedelta(days=1))
    possessions.report_loss(possessions.ReportLoss(iruka, "folder"), live.uow())
    advance(live, timedelta(days=1))

    known = learning.knowledge_over_time(ForPerson(kakashi), live.uow())
    assert [a.item for a in known.arrivals] == ["rock", "folder"]
    assert known.arrivals[0].told == ["interest: rocks"]
    assert known.arrivals[0].candidates == 2
    assert known.arrivals[1].told == ["phone number: +81-2"]
    assert known.arrivals[1].candidates == 1
    assert known.identified and known.candidates == 1
    # What a thing is called by its owner is not shown to its finder.
    assert "Iruka" not in str(known)


def test_the_collection_holds_what_arrived_and_was_kept_newest_first_with_where_it_is_kept(
    live: AnyLive,
) -> None:
    kakashi, iruka = make_pair(live)
    for thing in ("drawing", "rock", "sock"):
        add_item(live, iruka, thing, TellsAge())
        possessions.report_loss(possessions.ReportLoss(iruka, thing), live.uow())
        advance(live, timedelta(days=1))
    possessions.keep(possessions.FinderAct(kakashi, "drawing", "tucked in a book"), live.uow())
    possessions.keep(possessions.FinderAct(kakashi, "sock"), live.uow())
    possessions.discard(possessions.FinderAct(kakashi, "rock"), live.uow())
    add_item(live, kakashi, "beanie")

    kept = learning.collection(ForPerson(kakashi), live.uow()).kept
    assert [k.item for k in kept] == ["sock", "drawing"]
    assert "tucked in a book" in kept[1].kept_where
    assert kept[0].arrived > kept[1].arrived


def test_a_person_sees_their_own_cases_with_what_they_may_do_and_never_who_filed(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    case = casework.apply_for_severance(casework.ApplyForSeverance(kakashi, "we never met"), live.uow()).case
    mine = casefiles.my_cases(ForPerson(kakashi), live.uow())
    partners = casefiles.my_cases(ForPerson(iruka), live.uow())
    assert mine.bonded and partners.bonded
    [applied] = mine.cases
    [told] = partners.cases
    assert applied.case == told.case == case
    assert applied.applied and applied.may_withdraw and not applied.may_state
    assert not told.applied and told.may_state and not told.may_withdraw
    assert "Hatake" not in str(told) and "kakashi" not in str(told).lower()


def test_reading_a_case_file_is_recorded_and_only_its_holder_may_read_it(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    register(live, "director", family="Uchiha")
    register(live, "shisui", family="Uchiha")
    set_director(live, "director")
    case = casework.apply_for_severance(casework.ApplyForSeverance(kakashi, "we never met"), live.uow()).case
    casework.submit_statement(casework.OnCase(iruka, case, "I would rather not"), live.uow())
    casework.apply_for_job(casework.Staffing("shisui"), live.uow())
    staff = casefiles.staff(ForPerson("director"), live.uow())
    assert [a.person for a in staff.applicants] == ["shisui"]
    casework.hire(casework.Staffing("shisui", director="director"), live.uow())
    assert [w.person for w in casefiles.staff(ForPerson("director"), live.uow()).caseworkers] == ["shisui"]
    with pytest.raises(NotPermitted):
        casefiles.staff(ForPerson("shisui"), live.uow())

    waiting = casefiles.waiting_cases(ForPerson("shisui"), live.uow()).cases
    assert [(w.case, w.state, w.statement) for w in waiting] == [(case, "filed", True)]
    with pytest.raises(NotACaseworker):
        casefiles.waiting_cases(ForPerson(kakashi), live.uow())
    with pytest.raises(SoulbondError):
        casefiles.read_case_file(casework.OnCase("shisui", case), live.uow())

    casework.take_case(casework.OnCase("shisui", case), live.uow())
    assert casefiles.waiting_cases(ForPerson("shisui"), live.uow()).cases == []
    first = casefiles.read_case_file(casework.OnCase("shisui", case), live.uow())
    second = casefiles.read_case_file(casework.OnCase("shisui", case), live.uow())
    assert first.reasons[0].text == "we never met"
    assert first.statement == "I would rather not"
    assert first.may_decide
    assert len(first.openings) == 1 and len(second.openings) == 2
    assert [step.what for step in second.history][-1] == "under review"
    assert file_openings(live) == 2


def test_a_long_history_is_counted_at_evenly_spread_arrivals_first_and_last_included() -> None:
    assert learning.counted_at(5, points=24) == {0, 1, 2, 3, 4}
    spread = learning.counted_at(100, points=24)
    assert len(spread) == 24
    assert {0, 99} <= spread


def test_a_person_is_told_their_own_home_and_time_zone(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    home = home_of(ForPerson(kakashi), live.uow())
    assert (home.place, home.tz, home.wakes) == ("kakashi's home", "Europe/London", "07:00")
