"""Routes written as plain functions, run in the thread pool once per request.

FastAPI runs a plain-function route in the thread pool, then sends the validation
of its answer there too: a second wait for one of the few threads a server on
SQLite has, while requests queue behind it. Wrapped as a coroutine that runs the
function in the pool, the route makes one trip and its answer is checked on the
event loop (a few microseconds of work).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute


def in_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` as a coroutine that runs it in the thread pool; FastAPI still reads its signature."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return run


class OneHop(APIRoute):
    """An ``APIRoute`` whose plain-function endpoint makes one trip to the thread pool (``in_thread``)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = in_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)
