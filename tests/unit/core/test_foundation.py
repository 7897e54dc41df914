"""The Foundation: applications, caseworkers, decisions, cooling-off, appeals, severance."""

from __future__ import annotations

import pytest

from soulbond.core import (
    BondState,
    CaseId,
    CaseState,
    Kind,
    PersonId,
    Place,
    Whereabouts,
    World,
    check_conservation,
)
from soulbond.core.casework import NOT_AVAILABLE
from soulbond.core.errors import (
    BondRuleBroken,
    ConflictOfInterest,
    NotACaseworker,
    NotPermitted,
    ReasonsRequired,
    WrongCaseState,
)
from soulbond.core.privacy import OwnCase, privacy_problems, what_is_told
from tests.unit.core.factories import (
    T0,
    days,
    give_item,
    hours,
    lose_and_deliver,
    make_pair,
    make_person,
    now,
)

DIRECTOR = PersonId("tsunade")
SHIZUNE = PersonId("shizune")  # a caseworker
IBIKI = PersonId("ibiki")  # a senior caseworker
REASONS = "we have never met and I would rather keep it that way"


def staffed() -> tuple[World, PersonId, PersonId]:
    """Kakashi and Iruka, with a Foundation of a director and two caseworkers."""
    world, kakashi, iruka = make_pair(director=DIRECTOR, strangers=5)
    for person, senior in ((SHIZUNE, False), (IBIKI, True)):
        world.register(make_person(person, family="Staff"), T0)
        world.apply_for_job(person, T0)
        world.hire(DIRECTOR, person, T0, senior=senior)
    return world, kakashi, iruka


def approved(world: World, applicant: PersonId) -> CaseId:
    """File, take and approve a case; returns its id."""
    case = world.apply_for_severance(applicant, REASONS, T0 + hours(1)).id
    world.take_case(SHIZUNE, case, T0 + hours(2))
    world.decide(SHIZUNE, case, True, "the applicant's reasons are sincere", T0 + hours(3))
    return case


def bond_state(world: World, person: PersonId) -> BondState | None:
    bond = world.bond_of(person)
    return bond.state if bond else None


# -- applying -------------------------------------------------------------------


def test_a_sole_application_tells_the_partner_a_case_concerns_their_bond_and_nothing_more() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))

    told = what_is_told(world, iruka, T0 + hours(1))
    assert told.notices == (case.id,)
    assert told.own_cases == ()
    assert kakashi not in str(told) and "London" not in str(told)
    assert what_is_told(world, kakashi, T0 + hours(1)).own_cases == (OwnCase(case.id, CaseState.FILED),)
    assert privacy_problems(world, T0 + hours(1)) == []
    assert [e.kind for e in world.events[-2:]] == [Kind.CASE_FILED, Kind.PARTNER_NOTIFIED]


def test_a_joint_application_exists_only_once_both_partners_have_signed_with_their_own_reasons() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1), jointly_with=iruka)
    assert case.joint and case.state is CaseState.UNSIGNED and case.applicants == {kakashi}
    with pytest.raises(WrongCaseState):
        world.take_case(SHIZUNE, case.id, T0 + hours(2))

    world.sign_application(iruka, case.id, "I would rather choose for myself", T0 + hours(3))

    assert case.state is CaseState.FILED and case.applicants == {kakashi, iruka}
    assert case.reasons == {kakashi: REASONS, iruka: "I would rather choose for myself"}
    assert what_is_told(world, iruka, T0 + hours(3)).own_cases == (OwnCase(case.id, CaseState.FILED),)
    world.take_case(SHIZUNE, case.id, T0 + hours(4))


def test_a_joint_application_tells_the_partner_they_are_asked_to_sign() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1), jointly_with=iruka)
    assert world.foundation.notices == {iruka: [case.id]}
    assert privacy_problems(world, T0 + hours(1)) == []


def test_a_joint_application_needs_the_partners_own_reasons_and_only_the_partner_signs() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1), jointly_with=iruka)
    with pytest.raises(ReasonsRequired):
        world.sign_application(iruka, case.id, " ", T0 + hours(2))
    with pytest.raises(NotPermitted):
        world.sign_application(kakashi, case.id, REASONS, T0 + hours(2))
    with pytest.raises(NotPermitted):
        world.sign_application(SHIZUNE, case.id, REASONS, T0 + hours(2))
    assert case.state is CaseState.UNSIGNED


def test_a_sole_application_has_nothing_to_sign() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    with pytest.raises(WrongCaseState):
        world.sign_application(iruka, case.id, REASONS, T0 + hours(2))
    assert case.applicants == {kakashi}


def test_either_joint_applicant_may_withdraw_before_severance_and_the_other_is_told() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1), jointly_with=iruka)
    world.sign_application(iruka, case.id, "agreed", T0 + hours(2))
    world.take_case(SHIZUNE, case.id, T0 + hours(3))
    world.decide(SHIZUNE, case.id, True, "both partners ask for it", T0 + hours(4))

    world.withdraw(iruka, case.id, T0 + hours(5))

    assert case.state is CaseState.WITHDRAWN
    assert world.foundation.notices[kakashi] == [case.id]
    world.advance(T0 + days(40))
    assert bond_state(world, kakashi) is BondState.ACTIVE


def test_the_partner_asked_to_sign_may_decline_instead() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1), jointly_with=iruka)
    world.withdraw(iruka, case.id, T0 + hours(2))
    assert case.state is CaseState.WITHDRAWN
    assert world.foundation.notices[kakashi] == [case.id]


def test_the_director_may_not_open_a_case_file_they_do_not_hold() -> None:
    world, kakashi, _ = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    with pytest.raises(NotPermitted) as raised:
        world.open_case_file(DIRECTOR, case.id, T0 + hours(2))
    assert raised.value.public_message == "that case is not available to you"
    assert case.file_opened == []
    world.take_case(DIRECTOR, case.id, T0 + hours(3))
    world.open_case_file(DIRECTOR, case.id, T0 + hours(4))
    assert case.file_opened == [(T0 + hours(4), DIRECTOR)]


def test_an_application_needs_written_reasons() -> None:
    world, kakashi, _ = staffed()
    with pytest.raises(ReasonsRequired):
        world.apply_for_severance(kakashi, "  ", T0 + hours(1))
    assert world.foundation.cases == {}


def test_someone_without_an_active_bond_has_nothing_to_sever() -> None:
    world, _, _ = staffed()
    with pytest.raises(BondRuleBroken):
        world.apply_for_severance(SHIZUNE, REASONS, T0 + hours(1))


def test_a_joint_application_with_someone_who_is_not_the_soulmate_is_refused_without_saying_who_is() -> None:
    world, kakashi, _ = staffed()
    with pytest.raises(BondRuleBroken) as raised:
        world.apply_for_severance(kakashi, REASONS, T0 + hours(1), jointly_with=SHIZUNE)
    assert "Iruka" not in raised.value.public_message


def test_only_one_case_about_a_bond_is_open_at_a_time() -> None:
    world, kakashi, iruka = staffed()
    world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    with pytest.raises(WrongCaseState):
        world.apply_for_severance(iruka, REASONS, T0 + hours(2))


def test_the_partner_who_did_not_apply_may_submit_a_statement() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    world.submit_statement(iruka, case.id, "I would like to meet them first", T0 + hours(2))
    assert case.statement == "I would like to meet them first"
    with pytest.raises(NotPermitted):
        world.submit_statement(kakashi, case.id, "me too", T0 + hours(3))
    with pytest.raises(NotPermitted):
        world.submit_statement(SHIZUNE, case.id, "me too", T0 + hours(3))


def test_a_statement_on_a_closed_case_is_refused() -> None:
    world, kakashi, iruka = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    world.withdraw(kakashi, case.id, T0 + hours(2))
    with pytest.raises(WrongCaseState):
        world.submit_statement(iruka, case.id, "too late", T0 + hours(3))


# -- staff ----------------------------------------------------------------------


def test_anyone_may_apply_for_a_caseworkers_job_and_only_the_director_hires() -> None:
    world, kakashi, iruka = staffed()
    world.apply_for_job(kakashi, T0 + hours(1))
    with pytest.raises(NotPermitted, match="director"):
        world.hire(IBIKI, kakashi, T0 + hours(2))
    world.hire(DIRECTOR, kakashi, T0 + hours(3))
    assert kakashi in world.foundation.caseworkers
    with pytest.raises(NotPermitted, match="has not applied"):
        world.hire(DIRECTOR, iruka, T0 + hours(4))
    with pytest.raises(NotPermitted, match="already"):
        world.apply_for_job(kakashi, T0 + hours(5))


def test_someone_who_was_not_hired_cannot_take_a_case() -> None:
    world, kakashi, _iruka = staffed()
    world.register(make_person("gai", family="Maito"), T0)
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    with pytest.raises(NotACaseworker):
        world.take_case(PersonId("gai"), case.id, T0 + hours(2))


# -- conflicts ------------------------------------------------------------------


def test_a_caseworker_may_not_take_a_case_concerning_themselves() -> None:
    world, _kakashi, iruka = staffed()
    world.apply_for_job(iruka, T0)
    world.hire(DIRECTOR, iruka, T0)
    case = world.apply_for_severance(iruka, REASONS, T0 + hours(1))
    with pytest.raises(ConflictOfInterest) as raised:
        world.take_case(iruka, case.id, T0 + hours(2))
    assert raised.value.public_message == NOT_AVAILABLE


def test_a_caseworker_may_not_take_a_case_their_soulmate_filed() -> None:
    world, kakashi, iruka = staffed()
    world.apply_for_job(iruka, T0)
    world.hire(DIRECTOR, iruka, T0)
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    with pytest.raises(ConflictOfInterest) as raised:
        world.take_case(iruka, case.id, T0 + hours(2))
    assert raised.value.public_message == NOT_AVAILABLE
    assert case.state is CaseState.FILED


def test_a_declared_conflict_bars_the_case_without_saying_why() -> None:
    world, kakashi, _ = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    world.declare_conflict(SHIZUNE, case.id, T0 + hours(2))
    with pytest.raises(ConflictOfInterest) as raised:
        world.take_case(SHIZUNE, case.id, T0 + hours(3))
    assert raised.value.public_message == NOT_AVAILABLE
    assert "conflict" not in raised.value.public_message
    assert "conflict" in raised.value.message


def test_a_case_in_another_caseworkers_queue_looks_just_as_unavailable() -> None:
    world, kakashi, _ = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    world.take_case(SHIZUNE, case.id, T0 + hours(2))
    with pytest.raises(WrongCaseState) as raised:
        world.take_case(IBIKI, case.id, T0 + hours(3))
    assert raised.value.public_message == NOT_AVAILABLE
    with pytest.raises(NotPermitted):
        world.decide(IBIKI, case.id, True, "I would approve", T0 + hours(3))


def test_even_opening_a_case_file_is_recorded_and_only_for_whoever_holds_it() -> None:
    world, kakashi, _ = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    world.take_case(SHIZUNE, case.id, T0 + hours(2))
    world.open_case_file(SHIZUNE, case.id, T0 + hours(3))
    assert case.file_opened == [(T0 + hours(3), SHIZUNE)]
    assert world.events[-1].kind is Kind.CASE_FILE_OPENED
    with pytest.raises(NotPermitted):
        world.open_case_file(IBIKI, case.id, T0 + hours(4))


# -- deciding -------------------------------------------------------------------


def test_a_decision_needs_written_reasons() -> None:
    world, kakashi, _ = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    world.take_case(SHIZUNE, case.id, T0 + hours(2))
    with pytest.raises(ReasonsRequired):
        world.decide(SHIZUNE, case.id, True, "", T0 + hours(3))
    assert case.state is CaseState.UNDER_REVIEW


def test_a_case_must_be_taken_before_it_is_decided() -> None:
    world, kakashi, _ = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1))
    with pytest.raises(WrongCaseState):
        world.decide(SHIZUNE, case.id, True, "sincere", T0 + hours(2))


def test_an_approved_severance_takes_effect_by_itself_after_thirty_days_of_cooling_off() -> None:
    world, kakashi, iruka = staffed()
    case = approved(world, kakashi)
    ends = T0 + hours(3) + days(30)
    assert world.case(case).cooling_off_ends == ends

    world.advance(ends - hours(1))
    assert bond_state(world, kakashi) is BondState.ACTIVE
    happened = world.advance(ends + days(1))

    assert [e.kind for e in happened] == [Kind.SEVERED]
    assert happened[0].at == ends
    assert world.case(case).state is CaseState.SEVERED
    assert bond_state(world, iruka) is BondState.SEVERED


def test_items_still_travel_during_cooling_off() -> None:
    world, kakashi, iruka = staffed()
    approved(world, kakashi)
    rock = give_item(world, iruka, "rock", at=T0 + days(10))
    lose_and_deliver(world, rock, T0 + days(10))
    assert world.where(rock) == Place(Whereabouts.ON_FLOOR, kakashi)


def test_severance_stops_deliveries_both_ways_and_what_was_in_transit_stays_where_it_fell() -> None:
    world, kakashi, iruka = staffed()
    delivered = give_item(world, iruka, "rock")
    lose_and_deliver(world, delivered, T0 + hours(1))
    world.keep(kakashi, delivered, now(world))
    world.advance(T0 + days(1))
    case = world.apply_for_severance(kakashi, REASONS, T0 + days(1)).id
    world.take_case(SHIZUNE, case, T0 + days(1))
    world.decide(SHIZUNE, case, True, "sincere", T0 + days(1))
    ends = T0 + days(31)
    in_transit = give_item(world, iruka, "shoe", at=ends - hours(1))
    world.lose(in_transit, ends - hours(1))  # due at Kakashi's next wake, after the severance

    world.advance(ends + days(2))

    assert world.where(in_transit).where is Whereabouts.LOST_FOR_GOOD
    assert world.where(in_transit).person == iruka
    assert world.where(delivered) == Place(Whereabouts.HELD, kakashi, "kept")
    beanie = give_item(world, kakashi, "beanie")
    assert world.lose(beanie, ends + days(3)) is None
    assert world.where(beanie).where is Whereabouts.LOST_FOR_GOOD
    check_conservation(world)


def test_the_applicant_may_withdraw_during_cooling_off_and_nothing_is_severed() -> None:
    world, kakashi, iruka = staffed()
    case = approved(world, kakashi)
    with pytest.raises(NotPermitted):
        world.withdraw(iruka, case, T0 + days(1))
    world.withdraw(kakashi, case, T0 + days(2))
    world.advance(T0 + days(60))
    assert world.case(case).state is CaseState.WITHDRAWN
    assert bond_state(world, kakashi) is BondState.ACTIVE


def test_a_rejected_application_leaves_the_bond_as_it_was() -> None:
    world, kakashi, _ = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1)).id
    world.take_case(SHIZUNE, case, T0 + hours(2))
    world.decide(SHIZUNE, case, False, "reasons are not enough", T0 + hours(3))
    world.advance(T0 + days(60))
    assert world.case(case).state is CaseState.REJECTED
    assert bond_state(world, kakashi) is BondState.ACTIVE


# -- appeals --------------------------------------------------------------------


def rejected(world: World, applicant: PersonId) -> CaseId:
    case = world.apply_for_severance(applicant, REASONS, T0 + hours(1)).id
    world.take_case(SHIZUNE, case, T0 + hours(2))
    world.decide(SHIZUNE, case, False, "reasons are not enough", T0 + hours(3))
    return case


def test_an_appeal_is_heard_by_the_director_or_a_senior_caseworker_only() -> None:
    world, kakashi, _ = staffed()
    world.register(make_person("genma", family="Shiranui"), T0)
    world.apply_for_job(PersonId("genma"), T0)
    world.hire(DIRECTOR, PersonId("genma"), T0)
    case = rejected(world, kakashi)
    world.appeal(kakashi, case, "the caseworker misread my reasons", T0 + days(1))

    with pytest.raises(NotPermitted, match="appeals"):
        world.take_case(PersonId("genma"), case, T0 + days(2))
    world.take_case(IBIKI, case, T0 + days(2))
    world.decide(IBIKI, case, True, "the reasons hold on a second reading", T0 + days(3))
    world.advance(T0 + days(34))

    assert world.case(case).state is CaseState.SEVERED
    assert [d.on_appeal for d in world.case(case).decisions] == [False, True]


def test_the_caseworker_who_decided_may_not_hear_the_appeal() -> None:
    world, kakashi, _ = staffed()
    case = world.apply_for_severance(kakashi, REASONS, T0 + hours(1)).id
    world.take_case(IBIKI, case, T0 + hours(2))
    world.decide(IBIKI, case, False, "not enough", T0 + hours(3))
    world.appeal(kakashi, case, "please reconsider", T0 + days(1))
    with pytest.raises(ConflictOfInterest) as raised:
        world.take_case(IBIKI, case, T0 + days(2))
    assert raised.value.public_message == NOT_AVAILABLE
    world.take_case(DIRECTOR, case, T0 + days(2))
    assert world.case(case).state is CaseState.APPEAL_UNDER_REVIEW


def test_either_party_may_appeal_but_only_once() -> None:
    world, kakashi, iruka = staffed()
    case = approved(world, kakashi)
    world.appeal(iruka, case, "I was never heard", T0 + days(1))
    world.take_case(DIRECTOR, case, T0 + days(2))
    world.decide(DIRECTOR, case, False, "the partner's statement weighs more", T0 + days(3))
    with pytest.raises(WrongCaseState, match="only once"):
        world.appeal(kakashi, case, "and now me", T0 + days(4))
    world.advance(T0 + days(60))
    assert bond_state(world, kakashi) is BondState.ACTIVE


def test_an_appeal_during_cooling_off_stops_the_clock() -> None:
    world, kakashi, iruka = staffed()
    case = approved(world, kakashi)
    world.appeal(iruka, case, "I was never heard", T0 + days(29))
    world.advance(T0 + days(60))
    assert world.case(case).state is CaseState.APPEALED
    assert bond_state(world, kakashi) is BondState.ACTIVE


def test_someone_outside_the_bond_cannot_appeal() -> None:
    world, kakashi, _ = staffed()
    case = rejected(world, kakashi)
    with pytest.raises(NotPermitted):
        world.appeal(SHIZUNE, case, "I disagree", T0 + days(1))


def test_a_rejected_case_cannot_be_appealed_once_a_partner_has_died() -> None:
    world, kakashi, iruka = staffed()
    case = rejected(world, kakashi)
    world.die(iruka, T0 + days(1))
    with pytest.raises(BondRuleBroken):
        world.appeal(kakashi, case, "please reconsider", T0 + days(2))
    assert bond_state(world, kakashi) is BondState.WIDOWED


def test_a_rejected_case_cannot_be_appealed_while_a_newer_case_about_the_bond_is_open() -> None:
    world, kakashi, iruka = staffed()
    old = rejected(world, kakashi)
    world.apply_for_severance(iruka, REASONS, T0 + days(1))
    with pytest.raises(WrongCaseState):
        world.appeal(kakashi, old, "please reconsider", T0 + days(2))
    assert world.case(old).state is CaseState.REJECTED


# -- the end of a bond ------------------------------------------------------------


def test_an_open_case_lapses_when_a_partner_dies() -> None:
    world, kakashi, iruka = staffed()
    case = approved(world, kakashi)
    world.die(iruka, T0 + days(5))
    world.advance(T0 + days(60))
    assert world.case(case).state is CaseState.LAPSED
    assert bond_state(world, kakashi) is BondState.WIDOWED
    assert Kind.LAPSED in [e.kind for e in world.events]


def test_severance_is_permanent() -> None:
    world, kakashi, iruka = staffed()
    approved(world, kakashi)
    world.advance(T0 + days(31))
    with pytest.raises(BondRuleBroken):
        world.apply_for_severance(kakashi, REASONS, T0 + days(32))
    with pytest.raises(BondRuleBroken):
        world.declare_bond(kakashi, iruka, T0 + days(32))


def test_every_step_of_a_case_is_recorded() -> None:
    world, kakashi, _iruka = staffed()
    case = approved(world, kakashi)
    world.advance(T0 + days(31))
    kinds = [e.kind for e in world.events if e.case == case]
    assert kinds == [Kind.CASE_FILED, Kind.PARTNER_NOTIFIED, Kind.CASE_TAKEN, Kind.DECIDED, Kind.SEVERED]
