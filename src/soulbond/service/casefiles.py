"""What the Foundation's pages show: a person's own cases, a case file, the open queue, the applicants.

Reading a case file is recorded as the core records every look
(``open_case_file``), so the file a caseworker reads always lists that very
look among its openings. Everything is told to whoever asks, through the
privacy gate: a caseworker sees the parties of a case they hold, the
director sees every applicant for a job, and a party to a case sees only
the case's states and the reasons given, never who filed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.errors import NotACaseworker, NotPermitted
from soulbond.core.foundation import OPEN, Case, CaseId, CaseState
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.casework import OnCase
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.queue import QueuedCase
from soulbond.service.transaction import change, look
from soulbond.service.views import ForPerson, notices_of


@dataclass(frozen=True)
class MyCase:
    """A case about the asker's bond, with what they may do on it now."""

    case: int
    state: str
    joint: bool
    applied: bool
    """The asker applied (or signed a joint application)."""
    may_sign: bool
    may_state: bool
    may_withdraw: bool
    may_appeal: bool
    cooling_off_ends: str
    notices: list[str]


@dataclass(frozen=True)
class MyCases:
    cases: list[MyCase]
    bonded: bool
    """The asker has a bond that an application could concern (alive and active)."""


@dataclass(frozen=True)
class Reasons:
    who: str
    text: str


@dataclass(frozen=True)
class Ruling:
    by: str
    approve: bool
    reasons: str
    at: str
    on_appeal: bool


@dataclass(frozen=True)
class Step:
    at: str
    what: str


@dataclass(frozen=True)
class CaseFile:
    """A case as the caseworker who holds it reads it: each reading is itself on the record."""

    case: int
    state: str
    joint: bool
    filed: str
    reasons: list[Reasons]
    statement: str
    appeal: str
    rulings: list[Ruling]
    cooling_off_ends: str
    history: list[Step]
    openings: list[Step]
    may_decide: bool


@dataclass(frozen=True)
class Waiting:
    cases: list[QueuedCase]
    """Open cases no one has taken yet, oldest first: their number and state, nothing about who."""


@dataclass(frozen=True)
class Applicant:
    person: str
    name: str
    applied: str


@dataclass(frozen=True)
class Staff:
    applicants: list[Applicant]
    caseworkers: list[Applicant]
    """Hired: ``applied`` is when they were hired."""


def my_cases(query: ForPerson, uow: UnitOfWork) -> MyCases:
    person = PersonId(query.person)

    def see(world: World, at: datetime) -> MyCases:
        me = world.person(person)
        bond = world.bond_of(person)
        bonded = me.died is None and bond is not None and bond.carries()
        found = [
            _mine(case, person)
            for case in sorted(world.foundation.cases.values(), key=lambda c: c.id)
            if case.concerns(person)
        ]
        return MyCases(found, bonded)

    return look(uow, Wanted(people={person}, casework=True), see, asker=query.person)


def _mine(case: Case, person: PersonId) -> MyCase:
    applied = person in case.applicants
    unsigned = case.state is CaseState.UNSIGNED
    decided = case.state in (CaseState.APPROVED, CaseState.REJECTED)
    return MyCase(
        case=int(case.id),
        state=str(case.state),
        joint=case.joint,
        applied=applied,
        may_sign=unsigned and not applied,
        may_state=not applied
        and not case.joint
        and case.statement is None
        and case.state in (CaseState.FILED, CaseState.UNDER_REVIEW),
        may_withdraw=case.state in OPEN and (applied or unsigned),
        may_appeal=decided and case.appealed_by is None,
        cooling_off_ends=case.cooling_off_ends.isoformat() if case.cooling_off_ends else "",
        notices=[notice.text for notice in notices_of(case, person)],
    )


def read_case_file(cmd: OnCase, uow: UnitOfWork) -> CaseFile:
    """Opens the file (recorded, as every look is) and shows it to the caseworker who holds the case."""
    worker, case = PersonId(cmd.person), CaseId(cmd.case)

    def act(world: World, at: datetime) -> CaseFile:
        found = world.open_case_file(worker, case, at)
        on_appeal = found.state is CaseState.APPEAL_UNDER_REVIEW
        holder = found.appeal_judge if on_appeal else found.caseworker
        return CaseFile(
            case=int(found.id),
            state=str(found.state),
            joint=found.joint,
            filed=found.filed_at.isoformat(),
            reasons=[Reasons(world.name_of(p), text) for p, text in sorted(found.reasons.items())],
            statement=found.statement or "",
            appeal=found.appeal_reasons or "",
            rulings=[
                Ruling(world.name_of(d.by), d.approve, d.reasons, d.at.isoformat(), d.on_appeal)
                for d in found.decisions
            ],
            cooling_off_ends=found.cooling_off_ends.isoformat() if found.cooling_off_ends else "",
            history=[Step(when.isoformat(), str(state)) for when, state in found.history],
            openings=[Step(when.isoformat(), world.name_of(by)) for when, by in found.file_opened],
            may_decide=holder == worker
            and found.state in (CaseState.UNDER_REVIEW, CaseState.APPEAL_UNDER_REVIEW),
        )

    wanted = Wanted(people={worker}, cases={case}, casework=True)
    return change(uow, "open_case_file", cmd, wanted, act, CaseFile)


def waiting_cases(query: ForPerson, uow: UnitOfWork) -> Waiting:
    """The open cases that wait for a caseworker to take them (the Foundation's staff only)."""
    worker = PersonId(query.person)
    with uow:
        numbers = uow.archive.waiting_cases()

    def see(world: World, at: datetime) -> Waiting:
        _staff(world, worker)
        cases = [world.case(number) for number in numbers]
        return Waiting(
            [
                QueuedCase(c.id, str(c.state), c.filed_at.isoformat(), c.joint, c.statement is not None)
                for c in cases
            ]
        )

    return look(uow, Wanted(people={worker}, cases=set(numbers), casework=True), see, asker=query.person)


def staff(query: ForPerson, uow: UnitOfWork) -> Staff:
    """Who applied for a caseworker's job and who works there: for the director, who hires."""
    director = PersonId(query.person)
    with uow:
        applied, hired = uow.archive.staff()

    def see(world: World, at: datetime) -> Staff:
        world.person(director)
        foundation = world.foundation
        if director != foundation.director:
            raise NotPermitted("only the Foundation's director sees who applied")
        applicants = [
            Applicant(p, world.name_of(p), when.isoformat())
            for p, when in sorted(foundation.job_applications.items(), key=lambda entry: (entry[1], entry[0]))
        ]
        hired = [
            Applicant(p, world.name_of(p), worker.hired.isoformat())
            for p, worker in sorted(foundation.caseworkers.items())
        ]
        return Staff(applicants, hired)

    wanted = Wanted(people={director, *applied, *hired}, casework=True, catch_up=False)
    return look(uow, wanted, see, asker=query.person)


def _staff(world: World, person: PersonId) -> None:
    found = world.person(person)
    foundation = world.foundation
    if person not in foundation.caseworkers and person != foundation.director:
        raise NotACaseworker(f"{found.name} is not one of the Foundation's caseworkers")
