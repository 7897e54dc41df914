"""The Foundation's pages: a person's applications and cases, job applications, a caseworker's queue and
case files, the director's hiring.

A case page opens the case file, and every opening is recorded (the core
records each look), so the audit trail a caseworker reads always includes
the reading itself.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from soulbond.http.one_hop import OneHop
from soulbond.service import appeals, casefiles, casework, queue
from soulbond.service.home import my_home
from soulbond.service.views import ForPerson
from soulbond.web.acting import ask, attempt, me, uow
from soulbond.web.forms import Submitted, read_form
from soulbond.web.render import done, page

router = APIRouter(route_class=OneHop)


async def my_zone(request: Request) -> str:
    """The viewer's own time zone: the Foundation's pages, like a person's, show times as they live them."""
    person = me(request)
    return (await ask(lambda: my_home(ForPerson(person), uow(request)))).tz


# -- a person's applications and cases ---------------------------------------------------------


async def show_severance(request: Request, form: Submitted | None = None) -> Response:
    person = me(request)
    mine = await ask(lambda: casefiles.my_cases(ForPerson(person), uow(request)))
    return page(
        request,
        "severance.html",
        "Severing a bond",
        status=form.status if form else 200,
        form=form,
        mine=mine,
        tz=await my_zone(request),
    )


@router.get("/severance")
async def severance(request: Request) -> Response:
    return await show_severance(request)


@router.post("/severance/apply")
async def apply(request: Request) -> Response:
    form = await read_form(request)
    reasons = form.text("reasons", "Your reasons", required=True)
    jointly = form.values.get("jointly") == "jointly"
    if not form.ticked("permanent"):
        form.errors["permanent"] = "confirm that you understand a severance cannot be undone"
    command = casework.ApplyForSeverance(me(request), reasons, jointly)
    filed = await attempt(form, lambda: casework.apply_for_severance(command, uow(request)))
    if filed is not None:
        note = (
            f"Case {filed.case} is waiting for your soulmate's signature."
            if jointly
            else f"Your application is filed as case {filed.case}."
        )
        return done(request, "/severance", note)
    return await show_severance(request, form)


async def _on_case(request: Request, field: str, label: str, required: bool, kind: str) -> Response:
    form = await read_form(request)
    case = form.number("case", "The case")
    text = form.text(f"{field}:{case}", label, required=required) if field else ""
    command = casework.OnCase(me(request), case, text)
    calls = {
        "sign": (casework.sign_application, "You signed: the joint application is filed."),
        "statement": (casework.submit_statement, "Your statement is with the case."),
        "withdraw": (casework.withdraw, "Withdrawn: your bond stays as it was."),
        "appeal": (casework.appeal, "Your appeal is filed."),
    }
    call, note = calls[kind]
    if await attempt(form, lambda: call(command, uow(request)), f"case:{case}"):
        return done(request, "/severance", note)
    return await show_severance(request, form)


@router.post("/severance/sign")
async def sign(request: Request) -> Response:
    return await _on_case(request, "sign", "Your reasons", True, "sign")


@router.post("/severance/statement")
async def statement(request: Request) -> Response:
    return await _on_case(request, "statement", "Your statement", True, "statement")


@router.post("/severance/withdraw")
async def withdraw(request: Request) -> Response:
    return await _on_case(request, "", "", False, "withdraw")


@router.post("/severance/appeal")
async def appeal(request: Request) -> Response:
    return await _on_case(request, "appeal", "Your reasons for the appeal", True, "appeal")


# -- jobs ---------------------------------------------------------------------------------------


@router.get("/jobs")
async def jobs(request: Request) -> Response:
    return page(request, "jobs.html", "Work for the Foundation")


@router.post("/jobs")
async def apply_for_job(request: Request) -> Response:
    form = await read_form(request)
    command = casework.Staffing(me(request))
    if await attempt(form, lambda: casework.apply_for_job(command, uow(request))):
        return done(
            request, "/jobs", "You applied for a caseworker's job; the director decides who is hired."
        )
    return page(request, "jobs.html", "Work for the Foundation", status=form.status, form=form)


# -- a caseworker's queue and case files --------------------------------------------------------


async def show_queue(request: Request, form: Submitted | None = None) -> Response:
    worker = me(request)
    mine = await ask(lambda: queue.queue(queue.ForCaseworker(worker), uow(request)))
    waiting = await ask(lambda: casefiles.waiting_cases(ForPerson(worker), uow(request)))
    return page(
        request,
        "queue.html",
        "My casework queue",
        status=form.status if form else 200,
        form=form,
        mine=mine.mine,
        waiting=waiting.cases,
        tz=await my_zone(request),
    )


@router.get("/casework")
async def casework_queue(request: Request) -> Response:
    return await show_queue(request)


@router.post("/casework/take")
async def take(request: Request) -> Response:
    form = await read_form(request)
    case = form.number("case", "The case")
    command = casework.OnCase(me(request), case)
    hearing = form.values.get("appeal") == "yes"
    call = appeals.hear_appeal if hearing else casework.take_case
    if await attempt(form, lambda: call(command, uow(request)), f"case:{case}"):
        return done(request, f"/casework/cases/{case}", f"Case {case} is in your queue.")
    return await show_queue(request, form)


async def show_case(request: Request, case: int, form: Submitted | None = None) -> Response:
    worker = me(request)
    opened = await ask(lambda: casefiles.read_case_file(casework.OnCase(worker, case), uow(request)))
    return page(
        request,
        "case.html",
        f"Case {case}",
        status=form.status if form else 200,
        form=form,
        file=opened,
        tz=await my_zone(request),
    )


@router.get("/casework/cases/{case}")
async def case_page(request: Request, case: int) -> Response:
    return await show_case(request, case)


@router.get("/casework/cases/{case}/trail")
async def trail(request: Request, case: int) -> Response:
    worker = me(request)
    opened = await ask(lambda: casefiles.read_case_file(casework.OnCase(worker, case), uow(request)))
    # One record, oldest first (a stable sort keeps what happened at one moment in its order).
    steps = [(step.at, f"the case became: {step.what}") for step in opened.history]
    steps += [
        (
            ruling.at,
            f"{ruling.by} {'approved' if ruling.approve else 'rejected'} it"
            f"{' on appeal' if ruling.on_appeal else ''}: {ruling.reasons}",
        )
        for ruling in opened.rulings
    ]
    steps += [(opening.at, f"{opening.what} opened the file") for opening in opened.openings]
    steps.sort(key=lambda step: datetime.fromisoformat(step[0]))
    zone = await my_zone(request)
    return page(request, "trail.html", f"Case {case}: its audit trail", file=opened, steps=steps, tz=zone)


@router.post("/casework/decide")
async def decide(request: Request) -> Response:
    form = await read_form(request)
    case = form.number("case", "The case")
    verdict = form.choice("verdict", "a decision", ("approve", "reject"))
    reasons = form.text("decision_reasons", "Your reasons", required=True)
    command = casework.Decide(me(request), case, verdict == "approve", reasons)
    if await attempt(form, lambda: casework.decide(command, uow(request))):
        outcome = "approved: the cooling-off period begins" if verdict == "approve" else "rejected"
        return done(request, f"/casework/cases/{case}", f"Case {case} {outcome}.")
    if case and "case" not in form.errors:
        return await show_case(request, case, form)
    return await show_queue(request, form)


@router.post("/casework/conflict")
async def conflict(request: Request) -> Response:
    form = await read_form(request)
    case = form.number("case", "The case")
    command = casework.OnCase(me(request), case)
    if await attempt(form, lambda: casework.declare_conflict(command, uow(request)), f"case:{case}"):
        return done(
            request,
            "/casework",
            f"You declared a conflict on case {case}; another caseworker will decide it.",
        )
    return await show_queue(request, form)


# -- the director's hiring ----------------------------------------------------------------------


async def show_hiring(request: Request, form: Submitted | None = None) -> Response:
    director = me(request)
    found = await ask(lambda: casefiles.staff(ForPerson(director), uow(request)))
    return page(
        request,
        "hiring.html",
        "Hiring caseworkers",
        status=form.status if form else 200,
        form=form,
        staff=found,
        tz=await my_zone(request),
    )


@router.get("/hiring")
async def hiring(request: Request) -> Response:
    return await show_hiring(request)


@router.post("/hiring")
async def hire(request: Request) -> Response:
    form = await read_form(request)
    person = form.text("person", "Who to hire", required=True, limit=200)
    senior = form.ticked(f"senior:{person}")
    command = casework.Staffing(person, director=me(request), senior=senior)
    if await attempt(form, lambda: casework.hire(command, uow(request)), f"person:{person}"):
        return done(
            request,
            "/hiring",
            "Hired." + (" As a senior caseworker, who may hear appeals." if senior else ""),
        )
    return await show_hiring(request, form)
