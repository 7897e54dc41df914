"""A newcomer's first minute: the landing page, a demo login, logging out; at phone width, by keyboard."""

from __future__ import annotations

from tests.browser.axe import serious_violations
from tests.browser.conftest import OpenAs


def test_a_newcomer_reads_about_the_world_logs_in_with_a_demo_account_and_out_again(open_as: OpenAs) -> None:
    page = open_as(phone=True)
    page.goto("/")
    assert page.title() == "A world where what you lose finds your soulmate · soulbond"
    assert page.get_by_text("whatever you lose turns up on your soulmate's bedroom floor").is_visible()
    # The first Tab reaches the skip link, which moves the reader past the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the main content"
    # Nothing is wider than a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="Log in as iruka").click()
    assert page.get_by_role("status").inner_text() == "Welcome, iruka."
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("status").inner_text() == "You are logged out."
    assert page.get_by_role("button", name="Log in as iruka").is_visible()


def test_the_welcome_login_and_logout_pages_have_no_serious_accessibility_violation(open_as: OpenAs) -> None:
    visitor = open_as()
    found = {}
    for path in ("/", "/login"):
        visitor.goto(path)
        found[path] = serious_violations(visitor)
    visitor.get_by_label("Your account name").fill("iruka")
    visitor.get_by_role("button", name="Log in").click()
    found["/login (refused)"] = serious_violations(visitor)
    signed_in = open_as("iruka")
    signed_in.goto("/logout")
    found["/logout"] = serious_violations(signed_in)
    assert {path: seen for path, seen in found.items() if seen} == {}
