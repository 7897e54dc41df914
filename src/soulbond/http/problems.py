"""Errors as RFC 9457 problem documents (``application/problem+json``).

Every domain error class has a stable ``type`` (``urn:soulbond:problem:`` and
the class name in kebab case) and a status from its place in the error tree.
The ``detail`` is the error's ``public_message``: the use cases already passed
it through the privacy gate for whoever asked, so it names no one they have
not learnt of.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from soulbond.core.errors import InvalidInput, NotFound, RuleBroken, SoulbondError
from soulbond.service.account_errors import (
    AccessRefused,
    LoginRefused,
    NotForYourRole,
    NotSignedIn,
    TooManyAttempts,
)
from soulbond.service.errors import IdempotencyKeyReused

MEDIA_TYPE = "application/problem+json"
PREFIX = "urn:soulbond:problem:"
log = logging.getLogger("soulbond.http")

# The first class an error belongs to gives its status; storage errors (outside the tree's three
# branches) say the store is unavailable, except a clash with a concurrent change.
STATUSES: tuple[tuple[type[SoulbondError], int], ...] = (
    (NotSignedIn, 401),
    (LoginRefused, 401),
    (TooManyAttempts, 429),
    (NotForYourRole, 403),
    (AccessRefused, 403),
    (IdempotencyKeyReused, 422),
    (NotFound, 404),
    (InvalidInput, 422),
    (RuleBroken, 409),
)
CONFLICTS = frozenset({"ConcurrencyConflict"})

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not for your role",
    404: "Not found",
    405: "Method not allowed",
    409: "Refused by the world's rules",
    413: "Request too large",
    422: "Invalid request",
    429: "Too many attempts",
    500: "Internal error",
    503: "Store unavailable",
}


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def problem(status: int, kind: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": PREFIX + kind, "title": TITLES.get(status, "Error"), "status": status, "detail": detail}
    return JSONResponse({**body, **extra}, status_code=status, media_type=MEDIA_TYPE)


def status_of(exc: SoulbondError) -> int:
    if type(exc).__name__ in CONFLICTS:
        return 409
    return next((status for kind, status in STATUSES if isinstance(exc, kind)), 503)


def refused(exc: SoulbondError) -> JSONResponse:
    status = status_of(exc)
    response = problem(status, kebab(type(exc).__name__), exc.public_message)
    if isinstance(exc, TooManyAttempts):
        response.headers["Retry-After"] = str(exc.retry_after_seconds)
    if isinstance(exc, NotSignedIn | LoginRefused):
        response.headers["WWW-Authenticate"] = 'Bearer realm="soulbond"'
    return response


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
        for error in exc.errors()
    ]
    malformed = any(error["type"] == "json_invalid" for error in exc.errors())
    where = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    if malformed:
        return problem(400, "malformed-json", f"the body is not valid JSON ({where})", errors=errors)
    return problem(422, "invalid-request", where or "the request is not valid", errors=errors)


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    kind = {404: "no-such-route", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    response = problem(exc.status_code, kind, str(exc.detail))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SoulbondError)
    return refused(exc)


def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.exception("a bug answered %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "bug", "soulbond hit a bug; nothing was saved half-way")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(SoulbondError, _domain)
    app.add_exception_handler(Exception, _bug)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "Stable per kind of error: urn:soulbond:problem:NAME."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, as the asker may be told it."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The problem documents a route may answer, for the OpenAPI description."""
    return {
        status: {
            "description": TITLES.get(status, "Error"),
            "content": {MEDIA_TYPE: {"schema": PROBLEM_SCHEMA}},
        }
        for status in statuses
    }


EVERY_ROUTE = documented(400, 401, 403, 404, 409, 413, 422, 429, 503)
