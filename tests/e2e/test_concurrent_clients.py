"""Clients acting on the same things at the same moment, through a real server: one outcome, clear 409s.

Several sessions of one person keep, discard and return the same item at
once; several of a caseworker's sessions take the same case at once. Exactly
one request of each race changes the world; every other is answered with a
409 problem document saying why; the world and its ledger show the one
outcome (no lost update, nothing done twice). On SQLite (writers take turns)
and on PostgreSQL (they interleave) when SOULBOND_TEST_PG is set.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from soulbond.adapters import tables
from soulbond.bootstrap import bootstrap
from soulbond.cli.demo import load_demo
from soulbond.settings import Settings
from tests.e2e.conftest import soulbond_command
from tests.e2e.test_two_servers import database  # noqa: F401 - the scratch PostgreSQL database fixture
from tests.http.conftest import CHEAP, PASSWORDS, Clock, small_story

RACERS = 6


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("database"))
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    live = bootstrap(Settings(database_url=url))
    assert load_demo(live, CHEAP, Clock(), small_story(tmp_path))
    live.close()
    return url


@pytest.fixture
def server(store: str) -> Iterator[str]:
    process = subprocess.Popen(
        [*soulbond_command(), "serve", "--db", store, "--port", "0", "--no-worker"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    try:
        assert process.stdout is not None
        found = re.search(r"http://[\d.]+:\d+", process.stdout.readline())
        assert found, "the server printed no address"
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


def login(client: httpx.Client, name: str) -> dict[str, str]:
    answer = client.post("/sessions", json={"name": name, "password": PASSWORDS[name]})
    assert answer.status_code == 201, answer.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def race(base: str, calls: list[tuple[dict[str, str], str, str]]) -> list[httpx.Response]:
    """Send every (session, method, path) at the same moment, each from its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    answers: list[httpx.Response | None] = [None] * len(calls)

    def send(n: int) -> None:
        who, method, path = calls[n]
        with httpx.Client(base_url=base, timeout=60) as client:
            barrier.wait()
            answers[n] = client.request(method, path, headers=who)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answer is not None for answer in answers)
    return [answer for answer in answers if answer is not None]


def conflicts_are_clear(answers: list[httpx.Response]) -> list[httpx.Response]:
    """Every refusal is a 409 problem document saying why; the requests that succeeded."""
    for answer in answers:
        if answer.is_success:
            continue
        assert answer.status_code == 409, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        problem = answer.json()
        assert problem["status"] == 409 and problem["type"].startswith("urn:soulbond:problem:")
        assert problem["detail"] and "Traceback" not in problem["detail"]
    return [answer for answer in answers if answer.is_success]


def last_ledger_entry(store: str) -> int:
    live = bootstrap(Settings(database_url=store))
    with live.engine.connect() as connection:
        last = connection.execute(select(func.max(tables.ledger.c.id))).scalar_one()
    live.close()
    return int(last)


LEDGER_KIND = {"keep": "kept", "discard": "discarded", "return": "returned by hand"}


def test_keeping_discarding_and_returning_one_item_at_once_records_each_success_once(
    server: str, store: str
) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        iruka, registrar = login(client, "iruka"), login(client, "registrar")
        held = [t["item"] for t in client.get("/me/possessions", headers=iruka).json()["items"]][:3]
        assert held
        for item in held:
            assert client.post(f"/me/items/{item}/loss", headers=iruka).status_code == 200
        assert client.post("/registry/clock/advance", headers=registrar, json={"days": 1}).is_success
        assert client.post("/registry/deliveries/due", headers=registrar).is_success
        sessions = [login(client, "kakashi") for _ in range(RACERS)]
        kakashi = sessions[0]
        before = last_ledger_entry(store)
        floor = [entry["item"] for entry in client.get("/me/floor", headers=kakashi).json()["items"]]
        assert set(held) <= set(floor)
        actions = ["keep", "discard", "return"] * (RACERS // 3)
        succeeded: dict[str, list[str]] = {}
        for item in held:
            calls = [
                (who, "POST", f"/me/items/{item}/{action}")
                for who, action in zip(sessions, actions, strict=True)
            ]
            won = conflicts_are_clear(race(server, calls))
            # The rules allow some of these one after another (keep, then throw away); whichever
            # succeeded, the ledger must hold exactly those, in an order that explains where it is.
            succeeded[item] = [answer.request.url.path.rsplit("/", 1)[-1] for answer in won]
            assert succeeded[item]
        places = {
            "kakashi held": client.get("/me/possessions", headers=kakashi).json()["items"],
            "kakashi bin": client.get("/me/possessions", headers=kakashi, params={"where": "bin"}).json()[
                "items"
            ],
            "iruka held": client.get("/me/possessions", headers=iruka).json()["items"],
        }
    live = bootstrap(Settings(database_url=store))
    with live.engine.connect() as connection:
        for item in held:
            recorded = list(
                connection.execute(
                    select(tables.ledger.c.kind)
                    .where(
                        tables.ledger.c.id > before,
                        tables.ledger.c.item == item,
                        tables.ledger.c.kind.in_(list(LEDGER_KIND.values())),
                    )
                    .order_by(tables.ledger.c.id)
                ).scalars()
            )
            # Every success is in the ledger once, and nothing else is: no update lost, none doubled.
            assert sorted(recorded) == sorted(LEDGER_KIND[a] for a in succeeded[item]), (item, succeeded)
            last = {"kept": "kakashi held", "discarded": "kakashi bin", "returned by hand": "iruka held"}
            where = [place for place, things in places.items() if item in {t["item"] for t in things}]
            assert where == [last[recorded[-1]]], (item, recorded, where)
    live.close()


def test_one_caseworker_taking_one_case_from_several_sessions_at_once_takes_it_once(
    server: str, store: str
) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        iruka = login(client, "iruka")
        filed = client.post("/me/severance-applications", headers=iruka, json={"reasons": "we never met"})
        assert filed.is_success, filed.text
        case = filed.json()["case"]
        sessions = [login(client, "gai") for _ in range(RACERS)]
        calls = [(who, "POST", f"/foundation/cases/{case}/take") for who in sessions]
        assert len(conflicts_are_clear(race(server, calls))) == 1
        queue = client.get("/foundation/queue", headers=sessions[0]).json()
        assert [entry["case"] for entry in queue["mine"]["items"]].count(case) == 1
    live = bootstrap(Settings(database_url=store))
    with live.engine.connect() as connection:
        taken = connection.execute(
            select(func.count())
            .select_from(tables.ledger)
            .where(tables.ledger.c.case == case, tables.ledger.c.kind == "case taken")
        ).scalar_one()
    live.close()
    assert taken == 1
