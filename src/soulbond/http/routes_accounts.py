"""Accounts and sessions: register, log in, log out, who am I; and the two things anyone may read."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request, Response, status

from soulbond.http.deps import Caller, Guarded, Served, Uow, sign_in_browser, sign_out_browser, token_of
from soulbond.http.one_hop import in_pool
from soulbond.http.schemas import Credentials
from soulbond.service import accounts
from soulbond.service.moment import Moment, read_moment
from soulbond.service.results import Done

router = APIRouter(route_class=Guarded, tags=["accounts"])
health_router = APIRouter(route_class=Guarded, tags=["accounts"])
"""``/health`` alone: the app tries it first, then a person's routes, the ones called most."""


@dataclass(frozen=True)
class Health:
    status: str


@dataclass(frozen=True)
class SignedIn:
    token: str
    """Send it as ``Authorization: Bearer TOKEN``; a browser gets the same session as a cookie."""
    expires: str
    account: str
    role: str
    person: str | None


@dataclass(frozen=True)
class Whoami:
    account: str
    role: str
    person: str | None


@health_router.get("/health", summary="The server answers (a trivial endpoint)")
def health() -> Health:
    return Health("ok")


@router.post(
    "/accounts",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Register an account (the answer never says whether the name was taken)",
)
@in_pool  # hashing a password takes tens of milliseconds
def register(body: Credentials, served: Served) -> Done:
    return accounts.register(
        accounts.Register(body.name, body.password), served.store.accounts(), served.clock, served.policy
    )


@router.post(
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    summary="Log in: a bearer token for programs, and a session cookie for the browser",
)
@in_pool
def log_in(body: Credentials, request: Request, response: Response, served: Served) -> SignedIn:
    address = request.client.host if request.client else "unknown"
    issued = accounts.log_in(
        accounts.LogIn(body.name, body.password, address),
        served.store.accounts(),
        served.clock,
        served.policy,
    )
    sign_in_browser(request, response, issued.token, served.policy.session_lifetime)
    return SignedIn(issued.token, issued.expires.isoformat(), issued.account, issued.role, issued.person)


@router.delete(
    "/sessions/current",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Log out: the session ends on the server, wherever its token was copied",
)
def log_out(request: Request, served: Served, caller: Caller) -> Response:
    token = token_of(request) or ""
    accounts.log_out(token, served.store.accounts(), served.clock)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    sign_out_browser(request, response)
    return response


@router.get("/me", summary="Who this session is: the account, its role, the person it acts as")
def whoami(caller: Caller) -> Whoami:
    return Whoami(caller.account, caller.role, caller.person)


@router.get("/clock", summary="The world's moment")
def clock(uow: Uow) -> Moment:
    return read_moment(uow)
