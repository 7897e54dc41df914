"""The story's morning in Chromium: Iruka loses the folder, Kakashi finds it, writes, and hands it back."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import OpenAs
from tests.browser.world import advance

FOLDER_AS_IRUKA_SEES_IT = "a green folder prepared for a teaching interview"
FOLDER_AS_A_FINDER_SEES_IT = "a green folder of papers for a teaching interview"
MESSAGE = "I think I have your green folder. Coffee within the hour?"


def test_iruka_loses_the_folder_and_kakashi_finds_it_writes_and_hands_it_back(
    open_as: OpenAs, server: str
) -> None:
    iruka = open_as("iruka")
    iruka.goto("/things")
    folder = iruka.get_by_role("row").filter(has_text=FOLDER_AS_IRUKA_SEES_IT)
    folder.get_by_label("How you lost it").fill("left on the train")
    folder.get_by_role("button", name="I lost it").click()
    expect(iruka.get_by_role("status")).to_contain_text("Reported lost")
    expect(iruka.get_by_role("row").filter(has_text=FOLDER_AS_IRUKA_SEES_IT)).to_have_count(0)

    advance(server, days=1)

    kakashi = open_as("kakashi", phone=True)
    kakashi.goto("/floor")
    found = kakashi.locator("section.card").filter(has_text=FOLDER_AS_A_FINDER_SEES_IT)
    expect(found).to_contain_text("given name: Iruka")
    expect(found).to_contain_text("family name: Umino")
    number = re.search(r"phone number: (\+[\d ]+\d)", found.inner_text())
    assert number is not None, found.inner_text()

    kakashi.get_by_role("link", name="Inbox").click()
    kakashi.get_by_label("The number to write to").fill(number.group(1))
    kakashi.get_by_label("Your message").fill(MESSAGE)
    kakashi.get_by_role("button", name="Send").click()
    expect(kakashi.get_by_role("status")).to_have_text(f"Sent to {number.group(1)}.")

    kakashi.get_by_role("link", name="My floor").click()
    kakashi.locator("section.card").filter(has_text=FOLDER_AS_A_FINDER_SEES_IT).get_by_role(
        "button", name="Hand it back"
    ).click()
    expect(kakashi.get_by_role("status")).to_have_text("You handed it back to whoever lost it.")

    iruka.goto("/things")
    expect(iruka.get_by_role("row").filter(has_text=FOLDER_AS_IRUKA_SEES_IT)).to_have_count(1)
    iruka.get_by_role("link", name="Inbox").click()
    message = iruka.locator(".messages li").filter(has_text=MESSAGE)
    expect(message).to_contain_text("+81 80 3333 0915")
