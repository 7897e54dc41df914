"""Web app tests in process: the pages over a copy of the demo world, one test client per account.

The demo world is the API tests' (``tests.http.conftest``): lost-things with a
smaller town, loaded once per session, copied for each test.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from soulbond.bootstrap import Live, bootstrap
from soulbond.cli.demo import LOGINS
from soulbond.http.deps import Backend
from soulbond.settings import Settings
from soulbond.web.app import DemoLogin, create_app
from tests.http.conftest import CHEAP, PASSWORDS, Clock, demo_template

__all__ = ["demo_template"]

TOKEN = re.compile(r'name="csrf" value="([0-9a-f]+)"')
DEMO = tuple(DemoLogin(login.name, login.password, login.who) for login in LOGINS)


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


@dataclass
class Site:
    app: FastAPI
    live: Live
    clock: Clock
    clients: list[TestClient] = field(default_factory=list)

    def visitor(self) -> TestClient:
        """A browser of its own: its own cookies, nobody signed in."""
        client = TestClient(self.app, base_url="http://testserver", raise_server_exceptions=False)
        self.clients.append(client)
        return client

    def browser_of(self, name: str, password: str | None = None) -> TestClient:
        """A browser signed in as ``name`` through the login page."""
        client = self.visitor()
        sent = send(client, "/login", {"name": name, "password": password or PASSWORDS[name]})
        assert sent.status_code == 303, sent.text
        return client


def send(client: TestClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
    """Posts a form as a browser would: with the token from one of the site's pages."""
    token = token_in(client.get("/").text)
    return client.post(path, data={"csrf": token, **(data or {})}, follow_redirects=False, **kwargs)


@pytest.fixture
def site(demo_template: Path, tmp_path: Path) -> Iterator[Site]:
    path = tmp_path / "world.db"
    shutil.copy(demo_template, path)
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    clock = Clock()
    made = Site(create_app(Backend(live, CHEAP, clock, stories=live.stories), DEMO), live, clock)
    yield made
    for client in made.clients:
        client.close()
    live.close()
