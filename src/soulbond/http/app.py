"""The HTTP API over the live world's use cases: ``create_app(backend)`` builds it.

Each route parses, checks who is asking (``access.ACCESS``, through
``deps.guard``), calls one use case and renders its result; rules live in
the core, SQL in the adapters, and every answer and refusal has passed the
service's privacy gate for the person the account acts as.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import FastAPI

from soulbond.http import problems
from soulbond.http.access import ACCESS
from soulbond.http.body_limit import LimitBody
from soulbond.http.deps import SECURITY_SCHEMES, SIGN_IN_WAYS, Backend
from soulbond.http.routes_accounts import health_router
from soulbond.http.routes_accounts import router as accounts_router
from soulbond.http.routes_foundation import router as foundation_router
from soulbond.http.routes_person import router as person_router
from soulbond.http.routes_registry import router as registry_router
from soulbond.service import lengths

DESCRIPTION = """
The live world of soulbond: whatever a person loses turns up on their soulmate's floor.

**Signing in.** Register at `POST /accounts`, log in at `POST /sessions`: the answer holds a
token to send as `Authorization: Bearer TOKEN`, and sets a session cookie for the browser. In
these docs, press *Authorize* and paste the token. `DELETE /sessions/current` logs out.

**Roles.** A *person* acts as the person of the world their account is linked to, never as
anyone else; the Foundation's *caseworkers* and *director* are people too, with casework
besides; the *registrar* runs the world (people, bonds, clock) and reads no one's inbox or
knowledge. Who may call each route is in its description.

**Errors** are RFC 9457 problem documents (`application/problem+json`) whose `type` names the
kind of error (`urn:soulbond:problem:item-not-there`); `detail` says only what you may know.

**Changes** take an optional `Idempotency-Key` header: the same request sent again with the
same key happens once; a different request under a used key is refused with 422. A key belongs
to the account's person (or to the registrar): someone else's key of the same name is another
key. Three changes take none because a retry is harmless without one: registering an account
again changes nothing and answers the same, logging in again makes one more session (each
login is its own), and `PUT /registry/accounts/{name}` sets a role, which setting twice leaves
as it was.

**Lists** are paginated with `limit` (at most 200) and `offset`; each page says its `total`
and the `next_offset`, null on the last page.

**Limits.** Bodies are at most 64 KiB (a story's text sent to `POST /registry/world/story`: 1 MiB of story). Ids, numbers, names and trait values: 200 characters;
anything written freely (messages, reasons, statements, what a thing is or looks like, how it
was lost, where it is kept, places): 4,000; account names 64, passwords 8 to 256. NUL and
unpaired surrogates are refused. Each field's limit is in its schema; a refusal names the field.
"""


STORY_BODY = {"/registry/world/story": 2 * lengths.STORY + lengths.BODY_BYTES}
"""A story's text sent as JSON: escaping may double it (a story itself is refused past ``lengths.STORY``)."""


def create_app(backend: Backend, *, larger_bodies: Mapping[str, int] | None = None) -> FastAPI:
    """The API; ``larger_bodies`` lets the few paths that take uploads (the web's story files) take more."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if backend.threads is not None:
            # Routes that touch the store run in the thread pool; its size is how many run at once.
            to_thread.current_default_thread_limiter().total_tokens = backend.threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="soulbond",
        version="1",
        description=DESCRIPTION,
        responses=problems.EVERY_ROUTE,
        # The docs show the groups in this order, whatever order the routes are tried in.
        openapi_tags=[
            {"name": "accounts", "description": "Register, log in, log out; who you are."},
            {"name": "a person", "description": "Your own floor, things, knowledge and inbox."},
            {"name": "the Foundation", "description": "Casework, for the Foundation's staff."},
            {"name": "the registrar", "description": "Running the world: people, bonds, clock, imports."},
        ],
    )
    app.state.backend = backend
    # Each router's route class runs the API's guard (``deps.Guarded``); the web app's pages, served by
    # the same app, have their own. A request's path is tried against each route in turn, a few
    # microseconds each: after /health, the routes a player calls most (a person's own) come before
    # signing in and out.
    for router in (health_router, person_router, accounts_router, foundation_router, registry_router):
        app.include_router(router)
    problems.install(app)
    _describe_access(app)
    app.add_middleware(
        LimitBody, max_bytes=lengths.BODY_BYTES, larger={**STORY_BODY, **(larger_bodies or {})}
    )
    return app


def operations(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app serves, as its OpenAPI description lists them."""
    return {(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item}


def _describe_access(app: FastAPI) -> None:
    """Every route has a row in the access table (or the app does not start), and its docs say who.

    FastAPI makes the description again whenever routes are added (the web app adds its pages after
    this), so each description it makes is annotated, not only the first.
    """
    generate = app.openapi

    def described() -> dict[str, Any]:
        schema = generate()
        _describe(schema)
        return schema

    app.openapi = described  # type: ignore[method-assign]
    described()


def _describe(schema: dict[str, Any]) -> None:
    schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            rule = ACCESS.get((method.upper(), path))
            if rule is None:
                raise RuntimeError(f"{method.upper()} {path} has no row in soulbond.http.access.ACCESS")
            who = ", ".join(sorted("anyone" if r is None else str(r) for r in rule.who))
            scope = " It acts only on the caller's own things and cases." if rule.own else ""
            operation["description"] = f"Who may call it: {who}.{scope}"
            if None not in rule.who:
                operation["security"] = SIGN_IN_WAYS
