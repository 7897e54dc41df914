"""Browser tests: Debian's Chromium, driven by Playwright, against `soulbond serve --demo` on loopback.

One server per test module, on a free port, over a temporary SQLite file
that holds the demo world with a smaller town (so it starts in seconds); the
server is started as a person would start it. The browser is Debian's
(``/usr/bin/chromium``): Playwright never downloads one. Without it these
tests skip with one line saying why, unless SOULBOND_REQUIRE_BROWSER=1 (CI),
which makes that a failure. Each test saves a screenshot of every page it
left open under ``test-output/browser/``.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from soulbond.bootstrap import bootstrap
from soulbond.cli.demo import load_demo
from soulbond.settings import Settings
from tests.browser.world import submit
from tests.e2e.conftest import ROOT, soulbond_command
from tests.http.conftest import CHEAP, PASSWORDS, Clock, small_story

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-output" / "browser"
PHONE = {"width": 375, "height": 740}
# Generous waits: two cores shared with the rest of the suite can make a page slow, never wrong.
WAIT_MS = 20_000
expect.set_options(timeout=WAIT_MS)

OpenAs = Callable[..., Page]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("SOULBOND_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; SOULBOND_REQUIRE_BROWSER=1 requires them")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`soulbond serve --demo` on a free loopback port; its address."""
    folder = tmp_path_factory.mktemp("served")
    url = f"sqlite:///{folder / 'world.db'}"
    live = bootstrap(Settings(database_url=url))
    assert load_demo(live, CHEAP, Clock(), small_story(folder))
    live.close()
    process = subprocess.Popen(
        [*soulbond_command(), "serve", "--demo", "--db", url, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert process.stdout is not None
    printed = []
    try:
        # The demo is there already, so the server says so, then binds and prints its address.
        for line in process.stdout:
            printed.append(line)
            found = re.search(r"http://127\.0\.0\.1:\d+", line)
            if found:
                yield found.group(0)
                break
        else:
            pytest.fail("soulbond serve stopped before printing its address:\n" + "".join(printed))
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


@pytest.fixture
def open_as(chromium: Browser, server: str, request: pytest.FixtureRequest) -> Iterator[OpenAs]:
    """``open_as("iruka")``: a browser window of its own, logged in through the login page (None: nobody)."""
    opened: list[tuple[str, Page]] = []

    def open_page(account: str | None = None, *, phone: bool = False) -> Page:
        context = chromium.new_context(base_url=server, viewport=PHONE if phone else None)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        if account is not None:
            page.goto("/login")
            page.get_by_label("Your account name").fill(account)
            page.get_by_label("Your password").fill(PASSWORDS[account])
            submit(page.get_by_role("button", name="Log in"))
            assert page.get_by_role("button", name="Log out").is_visible(), page.content()
        opened.append((account or "visitor", page))
        return page

    yield open_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, (who, page) in enumerate(opened):
        name = re.sub(r"[^\w.-]+", "-", request.node.name)
        page.screenshot(path=SCREENSHOTS / f"{name}-{number}-{who}.png", full_page=True)
        page.context.close()
