"""What a route is given straight from its request (who is asking, a unit of work), without FastAPI's solver.

A route says what it needs as a dependency (``me: Me``, ``uow: Uow``), and FastAPI
would solve each one on every request: a few microseconds of bookkeeping per
dependency, for values that are one attribute away on the request. A dependency
marked here (``hand_over``, a plain function of the request) is instead taken out
of the signature FastAPI sees and called with the route's request by
``given_by_request``, which the route class (``one_hop.OneHop``) applies. The docs
are the same either way: such dependencies read nothing the client sends. (On a
route of another class FastAPI would solve it as any plain dependency, in the
thread pool.)
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, get_args, get_origin, get_type_hints

from fastapi import Request
from fastapi.params import Depends

FromRequest = Callable[[Request], Any]
_HANDED_OVER: set[FromRequest] = set()
_REQUEST = "soulbond_request"
F = TypeVar("F", bound=FromRequest)


def hand_over(dependency: F) -> F:
    """Routes that depend on ``dependency`` are given ``dependency(request)``, without FastAPI's solver."""
    _HANDED_OVER.add(dependency)
    return dependency


def given_by_request(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` with its registered dependencies taken from the request; itself when it has none."""
    try:
        hints = get_type_hints(endpoint, include_extras=True)
    except (NameError, TypeError):
        # An annotation only FastAPI's own reading makes sense of: it solves this route as it would.
        return endpoint
    signature = inspect.signature(endpoint)
    given: dict[str, FromRequest] = {}
    kept: list[inspect.Parameter] = []
    request_name: str | None = None
    for name, parameter in signature.parameters.items():
        hint = hints.get(name, parameter.annotation)
        provider = _provider(hint)
        if provider is not None:
            given[name] = provider
            continue
        if hint is Request:
            request_name = name
        kept.append(parameter.replace(annotation=hint))
    if not given:
        return endpoint
    added = request_name is None
    if request_name is None:
        kept.append(inspect.Parameter(_REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request))
    named = request_name or _REQUEST

    def hand_over(kwargs: dict[str, Any]) -> None:
        request = kwargs.pop(_REQUEST) if added else kwargs[named]
        for name, from_request in given.items():
            kwargs[name] = from_request(request)

    run: Callable[..., Any]
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def run(*args: Any, **kwargs: Any) -> Any:
            hand_over(kwargs)
            return await endpoint(*args, **kwargs)

    else:

        @functools.wraps(endpoint)
        def run(*args: Any, **kwargs: Any) -> Any:
            hand_over(kwargs)
            return endpoint(*args, **kwargs)

    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=kept, return_annotation=hints.get("return", signature.return_annotation)
    )
    return run


def _provider(hint: Any) -> FromRequest | None:
    if get_origin(hint) is not Annotated:
        return None
    for marker in get_args(hint)[1:]:
        if isinstance(marker, Depends) and marker.dependency in _HANDED_OVER:
            return marker.dependency
    return None
