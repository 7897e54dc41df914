"""What the browser tests ask of the registrar through the API (the registrar's own pages are elsewhere), and a form's submit."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Locator


def submit(button: Locator) -> None:
    """Presses a form's button (or follows a link) and waits for the new page: until it has loaded, the old
    page is still there to read."""
    with button.page.expect_navigation():
        button.click()


def as_registrar(server: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    with httpx.Client(base_url=server, timeout=30) as client:
        signed = client.post("/sessions", json={"name": "registrar", "password": "registrar-demo"})
        assert signed.status_code == 201, signed.text
        answer = client.post(path, json=body, headers={"Authorization": f"Bearer {signed.json()['token']}"})
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found


def advance(server: str, **by: int) -> None:
    """Moves the world's simulated clock on, and makes whatever fell due happen at once."""
    as_registrar(server, "/registry/clock/advance", by)
    as_registrar(server, "/registry/deliveries/due")
