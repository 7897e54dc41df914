"""The Foundation's casework: applications, staff, decisions, appeals and severance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from soulbond.core.foundation import CaseId
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.ports import REGISTRAR, UnitOfWork, Wanted
from soulbond.service.results import CaseFiled, Done
from soulbond.service.transaction import change


@dataclass(frozen=True)
class ApplyForSeverance:
    applicant: str
    reasons: str
    jointly: bool = False
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.applicant


def apply_for_severance(cmd: ApplyForSeverance, uow: UnitOfWork) -> CaseFiled:
    """On a sole application the partner gets a notice that says nothing of who filed it."""
    applicant = PersonId(cmd.applicant)

    def act(world: World, at: datetime) -> CaseFiled:
        jointly = world.soulmate_of(applicant) if cmd.jointly else None
        return CaseFiled(world.apply_for_severance(applicant, cmd.reasons, at, jointly_with=jointly).id)

    wanted = Wanted(people={applicant}, casework=True)
    return change(uow, "apply_for_severance", cmd, wanted, act, CaseFiled)


@dataclass(frozen=True)
class OnCase:
    """A person acting on a case: a statement, a withdrawal, an appeal (``text`` as reasons)."""

    person: str
    case: int
    text: str = ""
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.person


@dataclass(frozen=True)
class Decide:
    caseworker: str
    case: int
    approve: bool
    reasons: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.caseworker


@dataclass(frozen=True)
class Staffing:
    """A job application (``person`` alone) or a hire (``director`` hires ``person``)."""

    person: str
    director: str | None = None
    senior: bool = False
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.director or self.person


def _on_case(
    cmd: OnCase, uow: UnitOfWork, name: str, act_on: Callable[[World, PersonId, CaseId, datetime], str]
) -> Done:
    person, case = PersonId(cmd.person), CaseId(cmd.case)

    def act(world: World, at: datetime) -> Done:
        return Done(act_on(world, person, case, at))

    wanted = Wanted(people={person}, cases={case}, casework=True)
    return change(uow, name, cmd, wanted, act, Done)


def submit_statement(cmd: OnCase, uow: UnitOfWork) -> Done:
    def act(world: World, person: PersonId, case: CaseId, at: datetime) -> str:
        world.submit_statement(person, case, cmd.text, at)
        return f"statement on case {case} submitted"

    return _on_case(cmd, uow, "submit_statement", act)


def sign_application(cmd: OnCase, uow: UnitOfWork) -> Done:
    """The partner asked to sign a joint application signs it with their own reasons (``text``)."""

    def act(world: World, person: PersonId, case: CaseId, at: datetime) -> str:
        world.sign_application(person, case, cmd.text, at)
        return f"joint application {case} signed; it is filed"

    return _on_case(cmd, uow, "sign_application", act)


def withdraw(cmd: OnCase, uow: UnitOfWork) -> Done:
    def act(world: World, person: PersonId, case: CaseId, at: datetime) -> str:
        world.withdraw(person, case, at)
        return f"case {case} withdrawn"

    return _on_case(cmd, uow, "withdraw", act)


def appeal(cmd: OnCase, uow: UnitOfWork) -> Done:
    def act(world: World, person: PersonId, case: CaseId, at: datetime) -> str:
        world.appeal(person, case, cmd.text, at)
        return f"case {case} appealed"

    return _on_case(cmd, uow, "appeal", act)


def declare_conflict(cmd: OnCase, uow: UnitOfWork) -> Done:
    def act(world: World, person: PersonId, case: CaseId, at: datetime) -> str:
        world.declare_conflict(person, case, at)
        return f"conflict on case {case} declared"

    return _on_case(cmd, uow, "declare_conflict", act)


def take_case(cmd: OnCase, uow: UnitOfWork) -> Done:
    def act(world: World, person: PersonId, case: CaseId, at: datetime) -> str:
        world.take_case(person, case, at)
        return f"case {case} taken"

    return _on_case(cmd, uow, "take_case", act)


def open_case_file(cmd: OnCase, uow: UnitOfWork) -> Done:
    """Even a look at a case file is recorded."""

    def act(world: World, person: PersonId, case: CaseId, at: datetime) -> str:
        found = world.open_case_file(person, case, at)
        return f"case {case} is {found.state}"

    return _on_case(cmd, uow, "open_case_file", act)


def decide(cmd: Decide, uow: UnitOfWork) -> Done:
    worker, case = PersonId(cmd.caseworker), CaseId(cmd.case)

    def act(world: World, at: datetime) -> Done:
        world.decide(worker, case, cmd.approve, cmd.reasons, at)
        return Done(f"case {case} {'approved' if cmd.approve else 'rejected'}")

    wanted = Wanted(people={worker}, cases={case}, casework=True)
    return change(uow, "decide", cmd, wanted, act, Done)


def apply_for_job(cmd: Staffing, uow: UnitOfWork) -> Done:
    person = PersonId(cmd.person)

    def act(world: World, at: datetime) -> Done:
        world.apply_for_job(person, at)
        return Done(f"{world.name_of(person)} applied for a caseworker's job")

    return change(uow, "apply_for_job", cmd, Wanted(people={person}, casework=True), act, Done)


def hire(cmd: Staffing, uow: UnitOfWork) -> Done:
    person = PersonId(cmd.person)
    director = PersonId(cmd.director or "")

    def act(world: World, at: datetime) -> Done:
        world.hire(director, person, at, senior=cmd.senior)
        return Done(f"{world.name_of(person)} hired")

    wanted = Wanted(people={person, director}, casework=True)
    return change(uow, "hire", cmd, wanted, act, Done)


@dataclass(frozen=True)
class SettleCase:
    case: int
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def settle_case(cmd: SettleCase, uow: UnitOfWork) -> Done:
    """Whatever is due on a case happens: an approved severance whose cooling-off ended takes effect."""
    case = CaseId(cmd.case)

    def act(world: World, at: datetime) -> Done:
        return Done(f"case {case} is {world.case(case).state}")

    wanted = Wanted(cases={case}, casework=True)
    return change(uow, "settle_case", cmd, wanted, act, Done)
