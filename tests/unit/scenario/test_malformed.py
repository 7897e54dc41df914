"""A malformed scenario gets one message naming the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from soulbond.scenario import ScenarioError, load_scenario
from soulbond.scenario.parse import parse_scenario

MALFORMED = Path(__file__).parents[2] / "fixtures" / "malformed"

CASES = {
    "bad-syntax.yaml": (4, "not valid YAML"),
    "unknown-person.yaml": (7, "'zed' is not one of the people"),
    "no-such-date.yaml": (3, "2001-02-30 is not a date that exists"),
    "unknown-zone.yaml": (3, "'Mars/Olympus_Mons' is not an IANA time zone"),
    "before-birth.yaml": (7, "before Ann Bell is born (2001-02-03)"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_scenarios_name_the_file_the_line_and_the_problem(name: str) -> None:
    line, words = CASES[name]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(MALFORMED / name)
    assert caught.value.line == line
    assert words in caught.value.problem
    assert str(caught.value).startswith(f"{MALFORMED / name}, line {line}: ")


def test_a_missing_file_is_reported_without_a_line() -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(Path("/nowhere/at/all.yaml"))


def wrap(timeline: str, extra: str = "") -> str:
    return (
        "people:\n"
        "  a: {name: Ann Bell, born: 2000-01-01, home: {tz: UTC}}\n"
        "  b: {name: Bo Lund, born: 2000-01-01, home: {tz: UTC}}\n"
        f"{extra}"
        "items:\n"
        "  cup: {owner: a}\n"
        f"timeline:{timeline}"
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (wrap("\n  - {when: 2010-01-01, fly: a}\n"), 7, "exactly one action"),
        (wrap("\n  - {when: 2010-01-01, lose: cup, keep: cup}\n"), 7, "found 'lose' and 'keep'"),
        (wrap("\n  - {lose: cup}\n"), 7, "'lose' needs 'when'"),
        (wrap("\n  - {when: 2010-13-01, lose: cup}\n"), 7, "not a date that exists"),
        (wrap("\n  - {when: 'soon', lose: cup}\n"), 7, "'soon' is not a moment"),
        (wrap("\n  - {when: 2010-01-01 25:00, lose: cup}\n"), 7, "not a time of day"),
        (wrap("\n  - {when: 2010-01-01, lose: mug}\n"), 7, "'mug' is not one of the items"),
        (
            wrap("\n  - {when: nobody at 3y, die: a}\n"),
            7,
            "'nobody' in 'nobody at 3y' is not one of the people",
        ),
        (wrap("\n  - {when: 2010-01-01, keep: cup, by: a, colour: red}\n"), 7, "'colour' is not something"),
        (wrap("\n  - {when: 2010-01-01, lose: cup, noticed: maybe}\n"), 7, "should be yes or no"),
        (wrap(" []", "bonds:\n  - [a]\n"), 5, "exactly two people"),
    ],
)
def test_each_kind_of_mistake_is_named_at_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "story.yaml")
    assert caught.value.line == line, caught.value
    assert words in caught.value.problem


def test_strangers_chances_that_must_add_up_to_one_are_checked() -> None:
    extra = (
        "world:\n  strangers:\n    count: 10\n    born: [1990-01-01, 2000-01-01]\n"
        "    traits:\n      hair:\n        one of: {red: 0.5, black: 0.2}\n"
    )
    with pytest.raises(ScenarioError, match=r"add up to 0\.7, not 1"):
        parse_scenario(wrap(" []", extra), "story.yaml")
