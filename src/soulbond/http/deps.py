"""What every route is given: who is asking (checked against the access table), a unit of work, a key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Protocol

from fastapi import Depends, Header, Request, Response

from soulbond.core.errors import InvalidInput
from soulbond.http.access import rule_for
from soulbond.http.given import hand_over
from soulbond.http.one_hop import InPool, OneHop, unblocked_read
from soulbond.service import lengths
from soulbond.service.account_errors import NotForYourRole, NotSignedIn
from soulbond.service.account_ports import AccountStore
from soulbond.service.accounts import AccountPolicy, Principal, authenticate
from soulbond.service.photos import PhotoStore
from soulbond.service.ports import StoryBook, UnitOfWork

COOKIE = "soulbond_session"


class Store(Protocol):
    """A live world's store (``bootstrap.Live`` or ``bootstrap.in_memory()``)."""

    def uow(self) -> UnitOfWork: ...

    def accounts(self) -> AccountStore: ...

    def photos(self) -> PhotoStore: ...


def real_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Backend:
    """What the API serves from: the world's store, the account policy, the real clock, story files."""

    store: Store
    policy: AccountPolicy = field(default_factory=AccountPolicy)
    clock: Callable[[], datetime] = real_clock
    stories: StoryBook | None = None
    """Story files, for the registrar's import and export; a server without them refuses both."""
    threads: int | None = None
    """How many requests run at once (in the thread pool); None leaves the framework's default."""
    in_process: bool = False
    """The database is embedded in this process (SQLite): a session's lookup by index, and most
    routes' work, cost less than the hop to a thread and never wait on a network, so they run on the
    event loop (``one_hop``)."""
    writer_busy: Callable[[], bool] = field(default=lambda: False)
    """Whether another thread is writing to the embedded database now: a change that starts then waits
    for it without holding the event loop (``one_hop``)."""

    def story_book(self) -> StoryBook:
        if self.stories is None:
            raise InvalidInput("this server keeps no story files: it cannot import or export a world")
        return self.stories


def token_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE) or None


def sign_in_browser(request: Request, response: Response, token: str, lifetime: timedelta) -> None:
    """The session cookie: out of scripts' reach, not sent by other sites' forms, only over TLS when served so."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def sign_out_browser(request: Request, response: Response) -> None:
    response.delete_cookie(COOKIE, httponly=True, samesite="lax", secure=request.url.scheme == "https")


# The two ways to sign in, as the OpenAPI description (and /docs's Authorize button) offers them.
# Written into the description by ``app`` rather than declared as dependencies: ``token_of`` reads
# both, and as dependencies they cost every request two more to solve.
SECURITY_SCHEMES = {
    "HTTPBearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "The token `POST /sessions` answers with.",
    },
    "APIKeyCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": COOKIE,
        "description": "The browser's session cookie.",
    },
}
SIGN_IN_WAYS: list[dict[str, list[str]]] = [{"HTTPBearer": []}, {"APIKeyCookie": []}]


async def guard(request: Request) -> None:
    """The access table's rule for this route, for whoever the session says is asking."""
    route = request.scope["route"]
    rule = rule_for(request.method, route.path)
    if rule is None:
        # Only a route added without a row reaches here; the app refuses to start with one.
        raise NotForYourRole("no one may call this route")
    found: Backend = request.app.state.backend
    token = token_of(request)
    principal: Principal | None = None
    if token is not None:
        try:
            principal = await unblocked_read(
                found.in_process, authenticate, token, found.store.accounts(), found.clock
            )
        except NotSignedIn:
            if None not in rule.who:
                raise
    request.state.principal = principal
    if principal is None and None not in rule.who:
        raise NotSignedIn("sign in first: log in at POST /sessions")
    if principal is not None and principal.role not in rule.who:
        raise NotForYourRole(f"a {principal.role} may not do this")


class Guarded(OneHop):
    """The API's route class: the access table's ``guard`` runs before anything of the request is read."""

    guard = staticmethod(guard)


class GuardedInPool(InPool):
    """``Guarded``, for a router whose every route is long work."""

    guard = staticmethod(guard)


# What the API's routes declare they need (``Me``, ``Uow``, ...): plain functions of the request, which the
# route class hands over without FastAPI's solver (``given``).


@hand_over
def principal(request: Request) -> Principal:
    """Who the session says is asking (the guard found them)."""
    found: Principal | None = request.state.principal
    if found is None:
        raise NotSignedIn("sign in first: log in at POST /sessions")
    return found


@hand_over
def acting_person(request: Request) -> str:
    """The person of the world the account acts as: always from the account, never from the request."""
    caller = principal(request)
    if caller.person is None:
        raise NotForYourRole("your account acts as no one in the world yet: ask the registrar to link it")
    return caller.person


@hand_over
def unit_of_work(request: Request) -> UnitOfWork:
    found: Backend = request.app.state.backend
    return found.store.uow()


@hand_over
def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


Caller = Annotated[Principal, Depends(principal)]
Me = Annotated[str, Depends(acting_person)]
Uow = Annotated[UnitOfWork, Depends(unit_of_work)]
Served = Annotated[Backend, Depends(backend)]
Key = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=lengths.IDEMPOTENCY_KEY,
        description="Send the same request again with the same key and it happens once; "
        "the same key with a different request is refused (422).",
    ),
]
