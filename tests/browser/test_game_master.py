"""The game master imports a story into an empty world and advances its clock, in a real browser; the
game master's page passes axe-core with no serious violation."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from soulbond.bootstrap import bootstrap
from soulbond.service import accounts
from soulbond.service.account_ports import Role
from soulbond.settings import Settings
from tests.browser.axe import serious_violations
from tests.browser.conftest import OpenAs
from tests.browser.world import submit
from tests.e2e.conftest import soulbond_command
from tests.http.conftest import CHEAP, PASSWORDS, Clock


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`soulbond serve` over an empty world whose only account is the registrar's (overrides the demo's)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('empty') / 'world.db'}"
    live = bootstrap(Settings(database_url=url))
    live.upgrade()
    store = live.accounts()
    accounts.register(accounts.Register("registrar", PASSWORDS["registrar"]), store, Clock(), CHEAP)
    accounts.link(accounts.Link("registrar", Role.REGISTRAR, None), store)
    live.close()
    process = subprocess.Popen(
        [*soulbond_command(), "serve", "--db", url, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            found = re.search(r"http://127\.0\.0\.1:\d+", line)
            if found:
                yield found.group(0)
                break
        else:
            pytest.fail("soulbond serve stopped before printing its address")
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def count(page: Page, label: str) -> int:
    text = page.locator("dl.counts dt", has_text=label).locator("xpath=following-sibling::dd[1]").inner_text()
    return int(text.split(":")[0].replace(",", ""))


def test_a_game_master_imports_a_story_and_advances_the_clock(open_as: OpenAs) -> None:
    page = open_as("registrar")
    assert page.title() == "The world at a glance · soulbond"
    assert page.get_by_text("No one is registered yet").is_visible()
    assert serious_violations(page) == []

    page.get_by_label("A story that comes with soulbond").select_option("the-foundation")
    submit(page.get_by_role("button", name="Import"))
    note = page.get_by_role("status").inner_text()
    assert note.startswith("Imported the-foundation: 4 people")
    assert count(page, "People alive") == 4
    assert page.get_by_role("cell", name="Shiho Mori").is_visible()
    before = page.locator("section.card p").first.inner_text()

    page.get_by_label("Days").fill("3")
    page.get_by_label("Then make every delivery and severance that fell due").check()
    submit(page.get_by_role("button", name="Advance the clock"))
    note = page.get_by_role("status").inner_text()
    assert re.match(r"The clock reads \d{4}-\d\d-\d\dT", note), note
    assert "deliveries and severances were made" in note
    assert page.locator("section.card p").first.inner_text() != before
    assert count(page, "Of those, due already") == 0

    # A mistake is shown beside its field, and the page still passes axe.
    page.get_by_label("Days").fill("99999999")
    submit(page.get_by_role("button", name="Advance the clock"))
    assert "a whole number from 0 to 3,650" in page.locator("#e-days").inner_text()
    assert serious_violations(page) == []
