"""Where a route's blocking work runs: on the event loop, or one trip to the thread pool.

FastAPI runs a plain-function route in the thread pool, then sends the validation
of its answer there too: a second wait for one of the few threads a server on
SQLite has, while requests queue behind it. Wrapped as a coroutine that runs the
function in the pool, the route makes one trip and its answer is checked on the
event loop (a few microseconds of work).

On an embedded database (SQLite, ``Backend.in_process``) even that trip costs more
than the work of most routes: a read of one person's things is a few index
lookups, all under Python's interpreter lock, so a thread buys no parallelism, and
handing the lock between the loop and a busy thread costs about a millisecond of
CPU a request. There, a route runs on the loop itself, unless it is marked
``in_pool``: work over the whole world (the registrar's), password hashing, and
reads that grow with a life's history, which would hold every other request up
for their whole length. A request that starts while another thread is writing
(the registrar's import, the delivery worker's round) runs in the pool too, so that
it waits for the writer there, not on the loop where everyone would wait with it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from typing import Any, TypeVar

from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])

_ON_LOOP: ContextVar[bool] = ContextVar("soulbond_on_loop", default=False)
"""Whether the request being served may run its blocking work on the event loop."""


async def blocking(call: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """``call``'s answer: run on the event loop where the request may, else in the thread pool."""
    if _ON_LOOP.get():
        return call(*args, **kwargs)
    return await run_in_threadpool(call, *args, **kwargs)


async def unblocked_read(in_process: bool, call: Callable[..., R], *args: Any) -> R:
    """A read that never waits for a writer (a session's lookup): on the event loop over an embedded
    store, whatever the route, else in the thread pool."""
    if in_process:
        return call(*args)
    return await run_in_threadpool(call, *args)


def in_pool(endpoint: F) -> F:
    """Marks a route whose work is long (the whole world, a password's hash): always in the thread pool."""
    endpoint.__soulbond_in_pool__ = True  # type: ignore[attr-defined]
    return endpoint


def in_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` as a coroutine that runs it through ``blocking``; FastAPI still reads its signature."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await blocking(endpoint, *args, **kwargs)

    return run


class OneHop(APIRoute):
    """An ``APIRoute`` whose plain-function endpoint runs through ``blocking``: at most one trip to the pool."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self.may_run_on_loop = not getattr(endpoint, "__soulbond_in_pool__", False)
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = in_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if not self.may_run_on_loop:
            return handler

        async def placed(request: Request) -> Response:
            # The app's backend says whether its store is embedded and free; the flag lasts this request.
            backend = request.app.state.backend
            token = _ON_LOOP.set(backend.in_process and not backend.writer_busy())
            try:
                return await handler(request)
            finally:
                _ON_LOOP.reset(token)

        return placed


class InPool(OneHop):
    """A route class for a router whose every route is long work (``in_pool``)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, in_pool(endpoint), **kwargs)
