"""Where a route's blocking work runs: on the event loop over an embedded store, unless marked long;
always in the thread pool over a store across the network."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from soulbond.adapters.engine import writers_turn
from soulbond.bootstrap import bootstrap
from soulbond.http.one_hop import PATIENCE, InPool, OneHop, blocking, in_pool, unblocked_read
from soulbond.settings import Settings


def app_over(in_process: bool, writer_busy: bool = False) -> FastAPI:
    quick = APIRouter(route_class=OneHop)
    long = APIRouter(route_class=InPool)

    @quick.get("/loop")
    async def loop() -> int:
        return threading.get_ident()

    @quick.get("/quick")
    def quick_route() -> int:
        return threading.get_ident()

    @quick.post("/change")
    def change() -> int:
        return threading.get_ident()

    @quick.get("/hashing")
    @in_pool
    def hashing() -> int:
        return threading.get_ident()

    @quick.get("/page")
    async def page() -> int:
        # A page's coroutine sends its use case through ``blocking``.
        return await blocking(threading.get_ident)

    @long.get("/world")
    def world() -> int:
        return threading.get_ident()

    @long.get("/world-page")
    async def world_page() -> int:
        return await blocking(threading.get_ident)

    @long.get("/world-session")
    async def world_session() -> int:
        # How the guards check a session: a read no writer holds up, wherever the route runs.
        return await unblocked_read(in_process, threading.get_ident)

    app = FastAPI()
    app.state.backend = SimpleNamespace(in_process=in_process, writer_busy=lambda: writer_busy)
    app.include_router(quick)
    app.include_router(long)
    return app


@pytest.mark.parametrize("in_process", [True, False])
def test_a_route_runs_on_the_loop_only_over_an_embedded_store_and_never_when_marked_long(
    in_process: bool,
) -> None:
    with TestClient(app_over(in_process)) as client:
        loop = client.get("/loop").json()
        where = {path: client.get(path).json() == loop for path in ("/quick", "/page", "/hashing", "/world")}
        where["/world-page"] = client.get("/world-page").json() == loop
        where["/world-session"] = client.get("/world-session").json() == loop
    assert where == {
        "/quick": in_process,
        "/page": in_process,
        "/hashing": False,
        "/world": False,
        "/world-page": False,
        "/world-session": in_process,
    }


def test_the_flag_lasts_one_request_and_is_not_left_for_the_next() -> None:
    """A pooled route served after an on-loop one, on the same loop, still goes to the pool."""
    with TestClient(app_over(True)) as client:
        loop = client.get("/loop").json()
        for _ in range(3):
            assert client.get("/quick").json() == loop
            assert client.get("/world-page").json() != loop


def test_while_another_thread_writes_a_read_stays_on_the_loop() -> None:
    """A read never waits for SQLite's writer, so another thread's writing sends it nowhere."""
    with TestClient(app_over(True, writer_busy=True)) as client:
        loop = client.get("/loop").json()
        assert client.get("/quick").json() == loop
        assert client.get("/page").json() == loop


def test_a_change_waits_on_the_loop_for_a_short_write_and_in_the_pool_for_a_long_one() -> None:
    busy_until = [0.0]
    app = app_over(True)
    app.state.backend.writer_busy = lambda: time.monotonic() < busy_until[0]
    with TestClient(app) as client:
        loop = client.get("/loop").json()
        assert client.post("/change").json() == loop
        # Another thread writes for a moment: the change waits for it without holding the loop, then runs there.
        busy_until[0] = time.monotonic() + PATIENCE / 5
        started = time.monotonic()
        assert client.post("/change").json() == loop
        assert time.monotonic() >= busy_until[0] > started
        # A write longer than the change's patience: it waits in the pool instead.
        busy_until[0] = time.monotonic() + 10 * PATIENCE
        assert client.post("/change").json() != loop


def test_a_store_is_busy_only_while_another_thread_holds_its_writers_turn(tmp_path: Path) -> None:
    live = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'world.db'}"))
    held, release = threading.Event(), threading.Event()

    def write() -> None:
        with writers_turn(live.engine):
            held.set()
            release.wait(10)

    try:
        assert not live.writer_busy()
        with writers_turn(live.engine):
            # This thread's own turn keeps nobody else's request off the loop.
            assert not live.writer_busy()
        writer = threading.Thread(target=write)
        writer.start()
        assert held.wait(10)
        assert live.writer_busy()
        release.set()
        writer.join(10)
        assert not live.writer_busy()
    finally:
        release.set()
        live.close()
