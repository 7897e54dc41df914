"""The pages anyone may open: the landing page, logging in and logging out.

Logging in and out call the same account use cases as the API's
``POST /sessions`` and ``DELETE /sessions/current``, and set or clear the
same session cookie.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from soulbond.core.errors import SoulbondError
from soulbond.http.deps import COOKIE, sign_in_browser, sign_out_browser
from soulbond.http.one_hop import OneHop
from soulbond.service import accounts, lengths
from soulbond.service.account_errors import LoginRefused
from soulbond.web.forms import read_form
from soulbond.web.nav import HOME
from soulbond.web.render import done, local, page
from soulbond.web.session import backend_of

router = APIRouter(route_class=OneHop)


@router.get("/")
async def landing(request: Request) -> Response:
    return page(
        request,
        "landing.html",
        "A world where what you lose finds your soulmate",
        demo_logins=request.app.state.demo_logins,
    )


@router.get("/login")
async def login_form(request: Request, next: str = "") -> Response:
    return page(request, "login.html", "Log in", next=local(next, ""))


@router.post("/login")
async def log_in(request: Request) -> Response:
    form = await read_form(request)
    name = form.text("name", "Your account name", required=True, limit=lengths.ACCOUNT_NAME)
    password = form.text("password", "Your password", required=True, limit=lengths.PASSWORD_MAX)
    follow = local(form.values.get("next"), "")
    if form.ok:
        served = backend_of(request)
        address = request.client.host if request.client else "unknown"
        try:
            issued = await run_in_threadpool(
                accounts.log_in,
                accounts.LogIn(name, password, address),
                served.store.accounts(),
                served.clock,
                served.policy,
            )
        except LoginRefused as exc:
            form.refuse(exc, "password")
        except SoulbondError as exc:
            form.refuse(exc)
        else:
            response = done(request, follow or HOME[issued.role], f"Welcome, {issued.account}.")
            sign_in_browser(request, response, issued.token, served.policy.session_lifetime)
            return response
    form.values.pop("password", None)
    return page(request, "login.html", "Log in", status=form.status, form=form, next=follow)


@router.get("/logout")
async def logout_form(request: Request) -> Response:
    return page(request, "logout.html", "Log out")


@router.post("/logout")
async def log_out(request: Request) -> Response:
    served = backend_of(request)
    token = request.cookies.get(COOKIE, "")
    await run_in_threadpool(accounts.log_out, token, served.store.accounts(), served.clock)
    response = done(request, "/", "You are logged out.")
    sign_out_browser(request, response)
    return response
