"""`check` finds each broken law in a writer's scenario, and says where and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from soulbond.scenario import load_scenario, replay

FIXTURES = Path(__file__).parents[2] / "fixtures"


def contradictions(name: str) -> list[tuple[int, str]]:
    result = replay(load_scenario(FIXTURES / "broken" / name))
    return [(c.line, c.reason) for c in result.contradictions]


def test_a_thing_found_by_someone_whose_bond_is_widowed_is_rejected() -> None:
    assert contradictions("widowed-finder.yaml") == [
        (14, "Ayame Ichiraku's bond is widowed by then: nothing arrives on Ayame's floor")
    ]


def test_an_arrival_before_the_loss_or_not_at_a_wake_time_is_rejected() -> None:
    found = contradictions("early-arrival.yaml")
    assert found[0] == (13, "'key' has not been lost by 2021-05-01 12:00 BST, so it cannot be found yet")
    line, reason = found[1]
    assert line == 18
    assert "next wake time after the loss, 2021-05-04 07:30 BST" in reason


def test_an_item_in_two_places_is_rejected() -> None:
    found = contradictions("two-places.yaml")
    assert [line for line, _ in found] == [14, 15]
    assert all("is with Lin Wu" in reason for _, reason in found)


def test_a_dead_person_losing_something_is_rejected() -> None:
    assert contradictions("dead-loser.yaml") == [
        (12, "Hiro Sato died on 2010-04-01; the dead cannot lose things")
    ]


def test_a_caseworker_deciding_their_own_case_is_rejected() -> None:
    found = contradictions("caseworker-own-case.yaml")
    assert found and all("may not decide a case concerning themselves" in reason for _, reason in found)
    assert found[0][0] == 18


def test_a_severance_without_an_approved_decision_is_rejected() -> None:
    [(line, reason)] = contradictions("severance-without-approval.yaml")
    assert line == 13
    assert "no approved decision" in reason


@pytest.mark.parametrize("path", sorted((FIXTURES / "broken").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_broken_fixture_is_caught(path: Path) -> None:
    assert replay(load_scenario(path)).contradictions
