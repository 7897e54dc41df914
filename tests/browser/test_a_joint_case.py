"""A joint Foundation case in Chromium, from both signatures to severance, with the partners' notices."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import OpenAs
from tests.browser.world import advance


def test_a_joint_application_is_signed_decided_and_severs_the_bond_after_the_cooling_off(
    open_as: OpenAs, server: str
) -> None:
    iruka = open_as("iruka")
    iruka.goto("/severance")
    expect(iruka.get_by_text("A severance is permanent.")).to_be_visible()
    iruka.get_by_label("My soulmate and I apply together").check()
    iruka.get_by_label("Your reasons").fill("we have chosen other lives")
    iruka.get_by_label("I understand that a severance is permanent").check()
    iruka.get_by_role("button", name="Apply to sever my bond").click()
    note = iruka.get_by_role("status")
    expect(note).to_contain_text("waiting for your soulmate's signature")
    case = re.search(r"Case (\d+)", note.inner_text())
    assert case is not None
    number = case.group(1)

    kakashi = open_as("kakashi")
    kakashi.get_by_role("link", name="The Foundation").click()
    expect(
        kakashi.get_by_text("a joint application to sever your bond awaits your signature")
    ).to_be_visible()
    kakashi.get_by_label("Your reasons for signing").fill("and I agree with them")
    kakashi.get_by_role("button", name="Sign the joint application").click()
    expect(kakashi.get_by_role("status")).to_have_text("You signed: the joint application is filed.")

    gai = open_as("gai")
    gai.get_by_role("link", name="Casework").click()
    gai.get_by_role("button", name=f"Take case {number}").click()
    expect(gai).to_have_title(f"Case {number} · soulbond")
    expect(gai.get_by_text("we have chosen other lives")).to_be_visible()
    expect(gai.get_by_text("and I agree with them")).to_be_visible()
    gai.get_by_label("Approve the severance").check()
    gai.get_by_label("Your reasons").fill("both partners asked for it, each in their own words")
    gai.get_by_role("button", name="Decide").click()
    expect(gai.get_by_role("status")).to_contain_text("approved")
    gai.get_by_role("link", name="audit trail").click()
    expect(gai.locator("tbody tr").filter(has_text="opened the file")).to_have_count(3)

    advance(server, days=31)

    for partner in (iruka, kakashi):
        partner.goto("/severance")
        expect(partner.get_by_role("heading", name=f"Case {number}: severed")).to_be_visible()
        partner.get_by_role("link", name="Inbox").click()
        expect(partner.get_by_text("both partners asked for it, each in their own words")).to_be_visible()
        expect(
            partner.get_by_text("your bond is severed: nothing travels between you any more")
        ).to_be_visible()
