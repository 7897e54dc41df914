"""Every page of the web app in Chromium: a newcomer's first minute, and axe-core on each page.

axe-core runs in the page under test with the WCAG 2.0/2.1 A and AA rules and
its best practices; any serious or critical violation fails, named with the
page it was found on.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import serious_violations
from tests.browser.conftest import OpenAs
from tests.browser.world import advance, submit


def test_a_newcomer_reads_about_the_world_logs_in_with_a_demo_account_and_out_again(open_as: OpenAs) -> None:
    page = open_as(phone=True)
    page.goto("/")
    assert page.title() == "A world where what you lose finds your soulmate · soulbond"
    expect(page.get_by_text("whatever you lose turns up on your soulmate's bedroom floor")).to_be_visible()
    # The first Tab reaches the skip link, which is shown while it has the focus.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the main content"
    expect(page.get_by_role("link", name="Skip to the main content")).to_be_in_viewport()
    # Nothing is wider than a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="Log in as iruka").click()
    expect(page.get_by_role("status")).to_have_text("Welcome, iruka.")
    expect(page).to_have_title("My floor this morning · soulbond")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_have_text("You are logged out.")
    expect(page.get_by_role("button", name="Log in as iruka")).to_be_visible()


def checked(page: Page, found: dict[str, list[str]], path: str | None = None) -> None:
    if path is not None:
        page.goto(path)
    assert page.title().endswith(" · soulbond"), page.url
    found[f"{len(found) + 1}. {page.title()} ({page.url})"] = serious_violations(page)


def test_no_page_has_a_serious_accessibility_violation(open_as: OpenAs, server: str) -> None:
    found: dict[str, list[str]] = {}
    visitor = open_as()
    for path in ("/", "/login", "/no/such/page"):
        checked(visitor, found, path)
    visitor.goto("/login")
    visitor.get_by_label("Your account name").fill("iruka")
    submit(visitor.get_by_role("button", name="Log in"))
    checked(visitor, found)  # the login page with its error beside the field

    iruka = open_as("iruka", phone=True)
    for path in ("/floor", "/things", "/collection", "/soulmate", "/risks", "/inbox", "/jobs", "/logout"):
        checked(iruka, found, path)
    iruka.goto("/things")
    # Blanks pass the browser's own check of a required field and are refused by the server.
    iruka.get_by_label("A short name for it").fill(" ")
    iruka.get_by_label("What it is").fill(" ")
    submit(iruka.get_by_role("button", name="Add it"))
    expect(iruka.locator(".error").first).to_be_visible()
    checked(iruka, found)  # refused: errors beside the fields
    iruka.goto("/severance")
    iruka.get_by_label("Your reasons").fill("I would rather choose")
    iruka.get_by_label("I understand that a severance is permanent").check()
    submit(iruka.get_by_role("button", name="Apply to sever my bond"))
    checked(iruka, found)  # a case of her own, with its notices

    kakashi = open_as("kakashi")
    iruka_things = open_as("iruka")
    iruka_things.goto("/things")
    submit(
        iruka_things.get_by_role("row")
        .filter(has_text="a green folder")
        .get_by_role("button", name="I lost it")
    )
    advance(server, days=1)
    for path in ("/floor", "/collection", "/soulmate", "/risks", "/severance", "/inbox"):
        checked(kakashi, found, path)

    gai = open_as("gai")
    checked(gai, found, "/casework")
    waiting = re.search(r"Take case (\d+)", gai.content())
    assert waiting is not None
    submit(gai.get_by_role("button", name=f"Take case {waiting.group(1)}"))
    checked(gai, found)  # the case page
    checked(gai, found, f"/casework/cases/{waiting.group(1)}/trail")

    kurenai = open_as("kurenai")
    kurenai.goto("/jobs")
    checked(kurenai, found, "/hiring")

    registrar = open_as("registrar")
    checked(registrar, found, "/")
    checked(registrar, found, "/floor")  # not for a registrar: the refusal page
    checked(registrar, found, "/world")  # the game master's page (import and the register: test_game_master)

    # The writers' pages (their forms refused and their replays: test_writer)
    checked(visitor, found, "/write")
    checked(visitor, found, "/write/stories/the-foundation")

    assert {page: seen for page, seen in found.items() if seen} == {}
    assert len(found) == 29


def test_the_checker_finds_what_it_looks_for(open_as: OpenAs) -> None:
    page = open_as()
    page.set_content(
        '<!doctype html><html lang="en"><title>broken</title><main><input type="text">'
        '<p style="color:#bbb;background:#fff">faint</p></main></html>'
    )
    seen = " ".join(serious_violations(page))
    assert "label (critical)" in seen
    assert "color-contrast (serious)" in seen
