"""The web app: server-rendered pages over the same use cases, sessions and roles as the HTTP API.

``create_app(backend)`` builds the API (``soulbond.http.app.create_app``) and
adds the pages to that same app, so one server (``soulbond serve``) answers
both. Each page parses, checks who is asking (``access.PAGES``, through
``guard``), calls one use case and renders a template; every answer and
refusal has passed the service's privacy gate for the person the account
acts as. Pages work without JavaScript.

Adding a page: a route on a router of a ``pages_*`` module listed in
``ROUTERS``, a row in ``access.PAGES``, a sample request in
``tests/web/test_page_access.py``, and a menu link in ``nav.MENU`` if it has one.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from soulbond.core.errors import SoulbondError
from soulbond.http import problems
from soulbond.http.app import create_app as create_api
from soulbond.http.app import operations
from soulbond.http.deps import Backend
from soulbond.http.one_hop import unblocked_read
from soulbond.service import lengths, photos
from soulbond.service.account_errors import NotForYourRole, NotSignedIn
from soulbond.web import pages_foundation, pages_person, pages_public, pages_registry, pages_writer
from soulbond.web.access import PAGES, page_rule
from soulbond.web.forms import read_form
from soulbond.web.render import HERE, page, who
from soulbond.web.session import CSRF_FIELD, FormForged, backend_of, check_form, signed_in

log = logging.getLogger("soulbond.web")

ROUTERS: tuple[APIRouter, ...] = (
    pages_public.router,
    pages_person.router,
    pages_foundation.router,
    pages_writer.router,
    pages_registry.router,
)
UPLOADS = {**pages_writer.UPLOADS, **pages_registry.UPLOADS}
"""The pages that take a file, with the most each may be sent (the API's bodies stay small)."""
STATIC = "/static"


@dataclass(frozen=True)
class DemoLogin:
    """A demo account the landing page offers (``soulbond serve --demo``)."""

    name: str
    password: str
    who: str


class SignInFirst(NotSignedIn):
    """A page for the signed-in asked for by someone who is not."""


async def guard(request: Request) -> AsyncIterator[None]:
    """The page table's rule for this page, for whoever the session cookie says is asking.

    Every form sent to a page (every POST) must carry this browser's form token,
    checked here before the page runs, so no page can forget it.
    """
    route = request.scope["route"]
    rule = page_rule(_method(request), route.path)
    if rule is None:
        # Only a page added without a row reaches here; the app refuses to start with one.
        raise NotForYourRole("no one may open this page")
    principal = await unblocked_read(backend_of(request).in_process, signed_in, request)
    request.state.principal = principal
    try:
        if request.method == "POST":
            check_form(request, (await read_form(request)).values.get(CSRF_FIELD))
        if principal is None and None not in rule.who:
            raise SignInFirst("log in to see this page")
        if principal is not None and principal.role not in rule.who:
            raise NotForYourRole(f"this page is not for a {principal.role}")
        yield
    finally:
        # Files a form uploaded are closed once the answer is sent (or the form refused).
        sent: FormData | None = getattr(request.state, "form_data", None)
        if sent is not None:
            await sent.close()


def _method(request: Request) -> str:
    """A HEAD asks what a GET would answer, and is allowed to whoever may GET."""
    return "GET" if request.method == "HEAD" else request.method


def _is_page(request: Request) -> bool:
    route = request.scope.get("route")
    if route is not None:
        return page_rule(_method(request), getattr(route, "path", "")) is not None
    # No route matched: a browser asking for a page gets a page, a program the API's problem document.
    return "text/html" in request.headers.get("accept", "")


Handler = Callable[[Request, Exception], Response | Awaitable[Response]]


def _refusal(request: Request, exc: Exception) -> Response:
    if isinstance(exc, SignInFirst) and request.method == "GET":
        asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(asked, safe='/')}", status_code=303)
    if isinstance(exc, FormForged):
        status, title = 403, "This form was not accepted"
    elif isinstance(exc, SoulbondError):
        status = problems.status_of(exc)
        title = problems.TITLES.get(status, "Refused")
    elif isinstance(exc, StarletteHTTPException):
        status = exc.status_code
        title = {404: "No such page"}.get(status, problems.TITLES.get(status, "Error"))
    elif isinstance(exc, RequestValidationError):
        status, title = 422, "Not a valid address"
    else:
        log.exception("a bug answered %s %s", request.method, request.url.path, exc_info=exc)
        status, title = 500, "Something went wrong"
    if isinstance(exc, SoulbondError):
        detail = exc.public_message
    elif isinstance(exc, StarletteHTTPException):
        detail = "there is no page here" if status == 404 else str(exc.detail)
    elif isinstance(exc, RequestValidationError):
        detail = "; ".join(f"{error['loc'][-1]}: {error['msg']}" for error in exc.errors()[:3])
    else:
        detail = "soulbond hit a bug; nothing was saved half-way"
    if not hasattr(request.state, "principal"):
        request.state.principal = signed_in(request)
    return page(request, "refused.html", title, status=status, detail=detail, signed_in=who(request))


def _pages_first(app: FastAPI) -> None:
    """Errors on pages become pages; everything else is answered as the API answers it."""
    for kind in (StarletteHTTPException, RequestValidationError, SoulbondError, Exception):
        previous: Handler | None = app.exception_handlers.get(kind)

        async def handle(request: Request, exc: Exception, previous: Handler | None = previous) -> Response:
            if _is_page(request) or previous is None:
                return _refusal(request, exc)
            answered = previous(request, exc)
            return answered if isinstance(answered, Response) else await answered

        app.add_exception_handler(kind, handle)


def mount(app: FastAPI, demo_logins: tuple[DemoLogin, ...] = ()) -> None:
    """Adds the pages to an app; refuses (RuntimeError) a page without a row in ``access.PAGES``."""
    app.state.demo_logins = demo_logins
    api = operations(app)
    for served in sorted(pages()):
        if served not in PAGES:
            raise RuntimeError(f"{served[0]} {served[1]} has no row in soulbond.web.access.PAGES")
        if served in api:
            raise RuntimeError(f"{served[0]} {served[1]} is both a page and an API route")
    for router in ROUTERS:
        app.include_router(router, dependencies=[Depends(guard)], include_in_schema=False)
    app.mount(STATIC, StaticFiles(directory=HERE / "static"), name="static")
    _pages_first(app)


def pages() -> set[tuple[str, str]]:
    """Every (method, path) of the web app's pages."""
    return {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
        if method != "HEAD"
    }


def create_app(backend: Backend, demo_logins: tuple[DemoLogin, ...] = ()) -> FastAPI:
    """The API and the pages in one app, as ``soulbond serve`` serves them."""
    # A photo may be larger than the API's 64 KiB; one that is too large still gets its refusal beside the
    # field, up to twice the largest photo kept. A story file, likewise, up to its own limit and a little.
    app = create_api(
        backend,
        larger_bodies={pages_person.UPLOAD: 2 * photos.PHOTO_BYTES + lengths.BODY_BYTES, **UPLOADS},
    )
    mount(app, demo_logins)
    return app
