"""The writers' report: a story's text in, its timeline, end state, finders and contradictions out."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from soulbond.core.errors import InvalidInput
from soulbond.scenario import load_scenario, replay
from soulbond.scenario.export_json import replay_as_json
from soulbond.scenario.live import StoryFiles
from soulbond.service import stories
from soulbond.service.errors import StoryUnreadable, UnknownStory
from soulbond.service.story_report import FinderKnows, ItemEnd, StoryContradiction

FIXTURES = Path(__file__).parents[2] / "fixtures"
BOOK = StoryFiles()


def check(text: str, name: str = "story.yaml") -> stories.StoryReport:
    return stories.check_story(stories.CheckStory(text, name), BOOK)


def test_a_broken_story_is_reported_with_each_contradiction_its_line_and_reason() -> None:
    path = FIXTURES / "broken" / "two-places.yaml"
    report = check(path.read_text(encoding="utf-8"), "two-places.yaml")
    assert not report.ok
    assert report.name == "two-places.yaml"
    assert report.title == "The same compass twice"
    assert report.contradictions == (
        StoryContradiction(14, "lose", "Mei Tan does not have 'compass' then: it is with Lin Wu (kept)"),
        StoryContradiction(15, "keep", "Jun Ho cannot keep it: 'compass' is with Lin Wu (kept)"),
    )
    assert report.items == (
        ItemEnd("compass", "a brass compass", "held", "lin", "kept", "with Lin Wu (kept)"),
    )
    assert report.finders == (FinderKnows("lin", "Lin Wu", "Mei Tan", 1, (), 2),)
    arrival = next(m for m in report.timeline if m.kind == "arrival")
    assert (arrival.local, arrival.candidates, arrival.learnt, arrival.line) == (
        "2019-09-02 07:00 +08",
        2,
        (),
        None,
    )
    assert [(m.line, m.kind) for m in report.timeline if m.kind == "broken"] == [
        (14, "broken"),
        (15, "broken"),
    ]


def test_the_report_carries_the_same_json_as_replay_json() -> None:
    path = FIXTURES / "broken" / "widowed-finder.yaml"
    report = check(path.read_text(encoding="utf-8"), str(path))
    assert report.as_json == replay_as_json(replay(load_scenario(path, name=path.name)))
    assert [c["line"] for c in report.as_json["contradictions"]] == [c.line for c in report.contradictions]


def test_what_a_finder_learns_and_how_many_still_fit_shrinks_in_a_shipped_story() -> None:
    report = stories.open_story(stories.OpenStory("lost-things"), BOOK)
    assert report.ok
    kakashi = next(f for f in report.finders if f.finder == "kakashi")
    assert kakashi.candidates == 1
    assert any("Iruka" in fact for fact in kakashi.knows)
    counts = [m.candidates for m in report.timeline if m.kind == "arrival" and "Kakashi" in m.text]
    assert counts[0] is not None and counts[0] > 1 and counts[-1] == 1


def test_the_shipped_stories_are_listed_with_their_titles() -> None:
    listed = {s.name: s.title for s in stories.shipped_stories(BOOK)}
    assert listed == {"lost-things": "Lost things", "the-foundation": "The Foundation"}


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/etc/hosts", "tests/fixtures/broken/two-places.yaml", ""]
)
def test_only_a_shipped_story_opens_by_name_never_a_file_on_the_server(name: str) -> None:
    with pytest.raises(UnknownStory, match="is shipped; shipped: lost-things, the-foundation"):
        stories.open_story(stories.OpenStory(name), BOOK)


def test_the_alias_bomb_pasted_is_refused_with_its_line_in_well_under_a_second() -> None:
    text = (FIXTURES / "hostile" / "alias-bomb.yaml").read_text(encoding="utf-8")
    started = time.process_time()
    with pytest.raises(StoryUnreadable) as caught:
        check(text, "bomb.yaml")
    assert time.process_time() - started < 1.0
    assert (caught.value.line, caught.value.problem.split(";")[0]) == (
        8,
        "aliases repeat more than 100,000 nodes by here (an alias bomb?)",
    )
    assert str(caught.value).startswith("bomb.yaml, line 8: ")


def test_a_pasted_story_over_the_upload_limit_is_refused_before_it_is_read() -> None:
    started = time.process_time()
    with pytest.raises(StoryUnreadable, match="larger than 1,048,576 bytes"):
        check("title: x\n" + "#" * 2_000_000)
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ann\\my story.yaml", "my story.yaml"),
        ("<b onclick=x>.yaml", "_b onclick_x_.yaml"),
        ("", "story.yaml"),
        ("...", "story.yaml"),
        ("a" * 500, "a" * 120),
    ],
)
def test_an_uploaded_files_name_is_only_shown_and_shown_safely(raw: str, shown: str) -> None:
    assert stories.story_name(raw) == shown


def test_an_empty_story_is_refused_as_bad_input() -> None:
    with pytest.raises(InvalidInput, match="the story is empty"):
        check("  \n")
