"""HTTP tests: the API over a copy of a demo world (lost-things with a smaller town), in process.

The demo is loaded once per test session into a SQLite template; each test
gets its own copy. Passwords are hashed with argon2id at a low cost, so that
logging in takes microseconds; the clock the accounts see is a fixed one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from soulbond.bootstrap import Live, bootstrap
from soulbond.cli.demo import LOGINS, load_demo
from soulbond.http.app import create_app
from soulbond.http.deps import Backend
from soulbond.scenario.library import resolve
from soulbond.service import accounts
from soulbond.service.account_ports import Role
from soulbond.service.accounts import AccountPolicy
from soulbond.settings import Settings

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
CHEAP = AccountPolicy(time_cost=1, memory_kib=8, parallelism=1)
PASSWORDS = {login.name: login.password for login in LOGINS}


class Clock:
    """The real clock as the accounts see it, stood still and moved by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


def small_story(folder: Path) -> Path:
    """lost-things with a town of 3,000 strangers instead of 150,000: the same story, loaded in seconds."""
    text = resolve("lost-things")[0].read_text(encoding="utf-8")
    assert "count: 150000" in text
    path = folder / "lost-things.yaml"
    path.write_text(text.replace("count: 150000", "count: 3000"), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.db"
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    assert load_demo(live, CHEAP, Clock(), small_story(folder))
    live.close()
    return path


@dataclass
class Served:
    client: TestClient
    live: Live
    clock: Clock

    def login(self, name: str, password: str | None = None) -> dict[str, str]:
        """Bearer headers for a fresh session of ``name``."""
        answer = self.client.post("/sessions", json={"name": name, "password": password or PASSWORDS[name]})
        assert answer.status_code == 201, answer.text
        # The client would keep the session cookie and send it as everyone's: each caller says who they are.
        self.client.cookies.clear()
        return {"Authorization": f"Bearer {answer.json()['token']}"}

    def call(
        self,
        method: str,
        path: str,
        who: dict[str, str] | None = None,
        *,
        key: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        sent = {**(who or {}), **({"Idempotency-Key": key} if key else {}), **(headers or {})}
        return self.client.request(method, path, headers=sent, **kwargs)


def empty_world(path: Path, clock: Clock) -> Live:
    """A database with no world in it yet, and the registrar's account to import one."""
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    live.upgrade()
    accounts.register(accounts.Register("registrar", PASSWORDS["registrar"]), live.accounts(), clock, CHEAP)
    accounts.link(accounts.Link("registrar", Role.REGISTRAR, None), live.accounts())
    return live


@pytest.fixture
def served(demo_template: Path, tmp_path: Path) -> Iterator[Served]:
    path = tmp_path / "world.db"
    shutil.copy(demo_template, path)
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    clock = Clock()
    # As `soulbond serve` makes it on SQLite: sessions are checked on the event loop (other suites use the pool).
    app = create_app(
        Backend(
            live,
            CHEAP,
            clock,
            stories=live.stories,
            in_process=live.in_process(),
            writer_busy=live.writer_busy,
        )
    )
    with TestClient(app, base_url="http://testserver", raise_server_exceptions=False) as client:
        yield Served(client, live, clock)
    live.close()
