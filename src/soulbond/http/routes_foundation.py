"""The Foundation: a person's applications and cases, its caseworkers' work, the director's hiring."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from soulbond.http.deps import Guarded, Key, Me, Uow
from soulbond.http.schemas import Application, CaseText, Decision, Hiring, Limit, Number, Offset, Page, page
from soulbond.service import appeals, casework, queue
from soulbond.service.queue import QueuedCase
from soulbond.service.results import CaseFiled, Done

router = APIRouter(route_class=Guarded, tags=["the Foundation"])


class QueuePage(BaseModel):
    """A page of the cases in your own queue, and how many open cases wait for anyone, by state."""

    mine: Page[QueuedCase]
    waiting: dict[str, int]


CasePath = Annotated[Number, Path(description="A case, by number.")]


@router.post("/me/severance-applications", summary="Apply to sever your bond, alone or jointly")
def apply(body: Application, me: Me, uow: Uow, key: Key = None) -> CaseFiled:
    command = casework.ApplyForSeverance(me, body.reasons, body.jointly, key)
    return casework.apply_for_severance(command, uow)


@router.post("/me/cases/{case}/statements", summary="Submit a statement on a case about your bond")
def statement(case: CasePath, body: CaseText, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.submit_statement(casework.OnCase(me, case, body.text, key), uow)


@router.post(
    "/me/cases/{case}/signature",
    summary="Sign the joint application your soulmate started, with your reasons",
)
def sign(case: CasePath, body: CaseText, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.sign_application(casework.OnCase(me, case, body.text, key), uow)


@router.post("/me/cases/{case}/withdrawal", summary="Withdraw your application")
def withdraw(case: CasePath, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.withdraw(casework.OnCase(me, case, idempotency_key=key), uow)


@router.post("/me/cases/{case}/appeals", summary="Appeal a decision on your bond, with your reasons")
def appeal(case: CasePath, body: CaseText, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.appeal(casework.OnCase(me, case, body.text, key), uow)


@router.post("/me/job-applications", summary="Apply for a caseworker's job")
def apply_for_job(me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.apply_for_job(casework.Staffing(me, idempotency_key=key), uow)


@router.get("/foundation/queue", summary="The cases in your own queue, and the open queue's counts")
def my_queue(
    me: Me, uow: Uow, limit: Annotated[Limit, Query()] = 50, offset: Annotated[Offset, Query()] = 0
) -> QueuePage:
    found = queue.queue(queue.ForCaseworker(me), uow)
    return QueuePage(mine=page(found.mine, limit, offset), waiting=found.waiting)


@router.post(
    "/foundation/cases/{case}/appeal-hearing", summary="Take an appealed case to hear (director or senior)"
)
def hear_appeal(case: CasePath, me: Me, uow: Uow, key: Key = None) -> Done:
    return appeals.hear_appeal(casework.OnCase(me, case, idempotency_key=key), uow)


@router.post("/foundation/cases/{case}/take", summary="Take a case (or an appeal) into your queue")
def take(case: CasePath, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.take_case(casework.OnCase(me, case, idempotency_key=key), uow)


@router.post("/foundation/cases/{case}/file-openings", summary="Open a case file (every look is recorded)")
def open_file(case: CasePath, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.open_case_file(casework.OnCase(me, case, idempotency_key=key), uow)


@router.post("/foundation/cases/{case}/decision", summary="Decide a case in your queue, with reasons")
def decide(case: CasePath, body: Decision, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.decide(casework.Decide(me, case, body.approve, body.reasons, key), uow)


@router.post("/foundation/cases/{case}/conflict", summary="Declare a conflict of interest on a case")
def conflict(case: CasePath, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.declare_conflict(casework.OnCase(me, case, idempotency_key=key), uow)


@router.post("/foundation/staff", summary="Hire someone who applied (the director)")
def hire(body: Hiring, me: Me, uow: Uow, key: Key = None) -> Done:
    return casework.hire(
        casework.Staffing(body.person, director=me, senior=body.senior, idempotency_key=key), uow
    )
