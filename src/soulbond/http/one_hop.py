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
for their whole length.

A read never waits for a writer (SQLite's write-ahead log), so it stays on the loop
while another thread writes. A change that starts while another thread holds the
writer's turn (the delivery worker's round, the registrar's import, the last copy
of a checkpoint in ``adapters.checkpoints``) waits for it without holding the
loop, and runs there once the turn is free; one that has waited ``PATIENCE``
seconds goes to the pool and waits there instead, so a long import holds up only
the changes, never the loop. Sending every such change to the pool at once
fed itself: a change in the pool holds the turn, so the next ones went there too,
and the lock passed between threads on every request.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from typing import Any, ClassVar, TypeVar

from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from soulbond.http.given import given_by_request

R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])

READS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods that change nothing: they never wait for the writer."""
PATIENCE = 0.05
"""How long a change waits on the loop for another thread's writing before it waits in the pool."""

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
    """An ``APIRoute`` whose plain-function endpoint runs through ``blocking``: at most one trip to the pool;
    what it needs of the request is handed over without FastAPI's solver (``given``)."""

    guard: ClassVar[staticmethod[[Request], Awaitable[None]] | None] = None
    """Run before FastAPI reads anything of the request (``deps.Guarded``: the API's access table): as a
    dependency, FastAPI would solve it on every request."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self.may_run_on_loop = not getattr(endpoint, "__soulbond_in_pool__", False)
        endpoint = given_by_request(endpoint)
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = in_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        guard = type(self).guard
        may_run_on_loop = self.may_run_on_loop
        if guard is None and not may_run_on_loop:
            return handler

        async def placed(request: Request) -> Response:
            if guard is not None:
                await guard(request)
            # The app's backend says whether its store is embedded and free; the flag lasts this request.
            on_loop = False
            if may_run_on_loop:
                backend = request.app.state.backend
                on_loop = backend.in_process
                if on_loop and request.method not in READS:
                    on_loop = await _writer_free(backend.writer_busy)
            token = _ON_LOOP.set(on_loop)
            try:
                return await handler(request)
            finally:
                _ON_LOOP.reset(token)

        return placed


async def _writer_free(busy: Callable[[], bool]) -> bool:
    """Whether the writer's turn came free within ``PATIENCE``, waiting on the loop (not holding it)."""
    if not busy():
        return True
    # The turn is a thread's lock: the loop cannot await it, so it looks again, less often as it waits.
    deadline = asyncio.get_running_loop().time() + PATIENCE
    pause = 0.0005
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(pause)
        if not busy():
            return True
        pause = min(pause * 2, 0.005)
    return False


class InPool(OneHop):
    """A route class for a router whose every route is long work (``in_pool``)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, in_pool(endpoint), **kwargs)
