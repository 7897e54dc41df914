"""Two `soulbond serve` processes on one PostgreSQL database serve one world.

A loss reported through one server is found, the next morning, through the
other; each server runs its own delivery worker, and they share the work.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from soulbond.bootstrap import bootstrap
from soulbond.cli.demo import load_demo
from soulbond.settings import Settings
from tests.e2e.conftest import soulbond_command
from tests.http.conftest import CHEAP, Clock, small_story

PG_URL = os.environ.get("SOULBOND_TEST_PG")
NO_PG = "PostgreSQL backend skipped: set SOULBOND_TEST_PG=postgresql://postgres@127.0.0.1:5432/test to run it"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    if PG_URL is None:
        pytest.skip(NO_PG)
    name = f"soulbond_serve_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        PG_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    live = bootstrap(Settings(database_url=url))
    assert load_demo(live, CHEAP, Clock(), small_story(tmp_path))
    live.close()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def two_servers(database: str) -> Iterator[tuple[str, str]]:
    started: list[subprocess.Popen[str]] = []
    addresses = []
    try:
        for _ in range(2):
            server = subprocess.Popen(
                [*soulbond_command(), "serve", "--db", database, "--port", "0"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
            )
            started.append(server)
            assert server.stdout is not None
            # The server binds its socket before it prints the address, so it can be used at once.
            line = server.stdout.readline()
            found = re.search(r"http://[\d.]+:\d+", line)
            assert found, line
            addresses.append(found.group(0))
        yield addresses[0], addresses[1]
    finally:
        for server in started:
            server.terminate()
        for server in started:
            server.wait(timeout=30)
            if server.stdout is not None:
                server.stdout.close()


def _login(client: httpx.Client, name: str, password: str) -> dict[str, str]:
    answer = client.post("/sessions", json={"name": name, "password": password})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_a_loss_made_through_one_server_is_found_through_the_other(two_servers: tuple[str, str]) -> None:
    first, second = two_servers
    with httpx.Client(base_url=first, timeout=60) as one, httpx.Client(base_url=second, timeout=60) as other:
        iruka = _login(one, "iruka", "iruka-demo")
        lost = one.post("/me/items/folder/loss", headers=iruka, json={"how": "on the train"})
        assert lost.status_code == 200, lost.text
        registrar = _login(other, "registrar", "registrar-demo")
        assert other.post("/registry/clock/advance", headers=registrar, json={"days": 1}).status_code == 200
        kakashi = _login(other, "kakashi", "kakashi-demo")
        floor = other.get("/me/floor", headers=kakashi).json()
        assert "folder" in [entry["item"] for entry in floor["items"]]
        assert "folder" not in [t["item"] for t in one.get("/me/possessions", headers=iruka).json()["items"]]
