"""A scenario file from a stranger cannot hold its reader: each limit is refused at its line, fast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from soulbond.scenario import ScenarioError, load_scenario
from soulbond.scenario.bounds import UPLOAD, Bounds
from soulbond.scenario.parse import parse_scenario

HOSTILE = Path(__file__).parents[2] / "fixtures" / "hostile"
PEOPLE = (
    "people:\n"
    "  a: {name: Ann Bell, born: 2000-01-01, home: {tz: UTC}, carefulness: CARE}\n"
    "  b: {name: Bo Lund, born: 2000-01-01, home: {tz: UTC}}\n"
)


def story(
    *, care: str = "1", world: str = "", items: str = "  cup: {owner: a}\n", timeline: str = " []"
) -> str:
    return PEOPLE.replace("CARE", care) + world + "items:\n" + items + f"timeline:{timeline}\n"


def refusal(text: str, bounds: Bounds = UPLOAD) -> tuple[ScenarioError, float]:
    started = time.process_time()
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "story.yaml", bounds=bounds)
    return caught.value, time.process_time() - started


def test_a_file_far_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as out:
        out.truncate(10 * 1024**3)  # ten gigabytes that take no disk: sparse
    started = time.process_time()
    with pytest.raises(ScenarioError, match=r"huge\.yaml: the file is larger than 1,048,576 bytes"):
        load_scenario(huge, bounds=UPLOAD)
    assert time.process_time() - started < 1.0


def test_a_stream_with_no_size_is_refused_after_one_byte_past_the_limit() -> None:
    with pytest.raises(ScenarioError, match="larger than 1,000 bytes"):
        load_scenario(Path("/dev/zero"), bounds=Bounds(max_bytes=1_000))


def test_a_file_that_is_not_utf8_is_refused_at_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"title: fine\nsummary: caf\xe9\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(bad)
    assert caught.value.line == 2
    assert "not UTF-8" in caught.value.problem


def test_the_alias_bomb_is_a_scenario_error_at_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(HOSTILE / "alias-bomb.yaml")
    assert caught.value.line == 8
    assert "alias bomb" in caught.value.problem


def test_item_copies_past_the_bound_are_refused_before_any_is_made() -> None:
    exc, seconds = refusal(story(items="  cup: {owner: a, count: 1e12}\n"))
    assert exc.line == 5
    assert "more than 5,000 items" in exc.problem
    assert seconds < 1.0


def test_strangers_past_the_bound_are_refused() -> None:
    world = "world:\n  strangers: {count: 200001, born: [1990-01-01, 2000-01-01]}\n"
    exc, _ = refusal(story(world=world))
    assert exc.line == 5
    assert "count cannot be above 200,000" in exc.problem


def test_fate_drawing_more_losses_than_the_bound_is_refused_before_the_draw() -> None:
    timeline = "\n  - {when: 2010-01-01, fated-losses: a, until: 8000-01-01}"
    exc, seconds = refusal(story(care="1000", timeline=timeline))
    assert exc.line == 7
    assert "passes 5,000 steps" in exc.problem
    assert seconds < 1.0


def test_a_timeline_longer_than_the_bound_is_refused_at_the_step_that_passes_it() -> None:
    timeline = "".join(f"\n  - {{when: 2010-01-01, keep: cup, by: a}}  # {n}" for n in range(11))
    exc, _ = refusal(story(timeline=timeline), Bounds(max_steps=10))
    assert exc.line == 17
    assert "passes 10 steps" in exc.problem


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (story(items="  cup: {owner: a, count: inf}\n"), "count should be a number, not 'inf'"),
        (story(items="  cup: {owner: a, count: nan}\n"), "count should be a number, not 'nan'"),
        (story(care="1e400"), "carefulness (losses a year) should be a number, not '1e400'"),
        (story(care="5000"), "carefulness (losses a year) cannot be above 1,000"),
        (story(world="world: {cooling_off_days: 1e308}\n"), "cooling_off_days cannot be above 36,525"),
        (story(items="  cup: {owner: a, tells: [{age: 1e300}]}\n"), "cannot be above 150"),
        (story(timeline="\n  - {when: 0001-01-01, lose: cup}"), "outside the years a story can use"),
        (story(timeline="\n  - {when: 9999-12-31 23:59, lose: cup}"), "outside the years a story can use"),
        (story(timeline="\n  - {when: a at 99999y, lose: cup}"), "past 8999"),
        (story(timeline="\n  - {when: a at 99999999999d, lose: cup}"), "past 8999"),
        (story(timeline="\n  - {when: 2010-01-01, fated-losses: a, until: 2011-01-01, seed: 1e30}"), "above"),
    ],
)
def test_numbers_and_moments_out_of_any_story_are_refused_not_crashed_on(text: str, words: str) -> None:
    exc, _ = refusal(text, Bounds())
    assert words in exc.problem
