"""A writer, without an account, checks a broken story and sees its contradictions by line; an alias bomb
is refused on the page at once. Every writer's page passes axe-core with no serious violation."""

from __future__ import annotations

import json
import time
from pathlib import Path

from playwright.sync_api import expect

from soulbond.scenario.live import StoryFiles
from soulbond.service import stories
from tests.browser.axe import serious_violations
from tests.browser.conftest import OpenAs
from tests.browser.world import submit
from tests.e2e.conftest import ROOT

BROKEN = ROOT / "tests" / "fixtures" / "broken" / "widowed-finder.yaml"
BOMB = ROOT / "tests" / "fixtures" / "hostile" / "alias-bomb.yaml"


def test_a_writer_checks_a_broken_story_and_sees_each_contradiction_with_its_line(open_as: OpenAs) -> None:
    expected = stories.check_story(stories.CheckStory(BROKEN.read_text(), BROKEN.name), StoryFiles())
    assert expected.contradictions, "the fixture must break a law"
    page = open_as(phone=True)
    page.goto("/")
    submit(page.get_by_role("link", name="Write a story"))
    assert page.title() == "Check a story against the laws · soulbond"
    page.get_by_label("Or choose a file").set_input_files(BROKEN)
    submit(page.get_by_role("button", name="Check the story"))
    assert page.title() == f"{expected.title}: the replay · soulbond"
    count = len(expected.contradictions)
    assert page.get_by_role("heading", name=f"{count} contradiction").is_visible()
    listed = page.locator("ul.contradictions li").all_inner_texts()
    assert listed == [
        f"Line {c.line} ({c.action}): {c.reason}"
        for c in sorted(expected.contradictions, key=lambda c: c.line)
    ]
    # Each line links to its row in the timeline.
    first = sorted(expected.contradictions, key=lambda c: c.line)[0]
    page.get_by_role("link", name=f"Line {first.line}").click()
    assert page.locator(f"#line-{first.line}").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The replay downloads as JSON from the page, sending the story again as it was uploaded.
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download the replay as JSON").click()
    download = downloading.value
    assert download.suggested_filename == "widowed-finder.json"
    assert json.loads(Path(download.path()).read_text(encoding="utf-8")) == expected.as_json


def test_an_uploaded_alias_bomb_is_answered_on_the_page_with_its_line_at_once(open_as: OpenAs) -> None:
    page = open_as()
    page.goto("/write")
    page.get_by_label("Or choose a file").set_input_files(BOMB)
    started = time.perf_counter()
    page.get_by_role("button", name="Check the story").click()
    error = page.locator("#e-file")
    error.wait_for()
    # A guard, not a measurement (the reader refuses it in milliseconds): once it never answered at all.
    assert time.perf_counter() - started < 10
    assert "line 8: aliases repeat more than 100,000 nodes" in error.inner_text()
    assert page.get_by_label("Or choose a file").get_attribute("aria-invalid") == "true"


def test_the_writers_pages_have_no_serious_accessibility_violation(open_as: OpenAs) -> None:
    page = open_as()
    found = {}
    page.goto("/write")
    found["/write"] = serious_violations(page)
    page.get_by_label("Paste the story").fill(BROKEN.read_text())
    submit(page.get_by_role("button", name="Check the story"))
    found["/write/check (a replay)"] = serious_violations(page)
    page.goto("/write")
    page.get_by_label("Paste the story").fill("people: [[[")
    submit(page.get_by_role("button", name="Check the story"))
    expect(page.locator("#e-story")).to_be_visible()
    found["/write/check (refused)"] = serious_violations(page)
    page.goto("/write/stories/lost-things")
    found["/write/stories/lost-things"] = serious_violations(page)
    assert {path: seen for path, seen in found.items() if seen} == {}
