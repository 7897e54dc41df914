"""Fate's part in a scenario: pairing the unpaired, and losses at a person's own rate."""

from __future__ import annotations

from soulbond.core import Kind, PersonId
from soulbond.scenario import replay
from soulbond.scenario.parse import parse_scenario

STORY = """
people:
  a: {name: Ann Bell, born: 1990-01-01, home: {tz: Europe/London}, carefulness: 3}
  b: {name: Bo Lund, born: 1991-01-01, home: {tz: America/Chicago}}
items:
  glove: {owner: a, count: 40, what: a glove, tells: [age]}
timeline:
  - {when: 2000-01-01, pair-by-fate: a, seed: 3}
  - {when: 2000-01-02, fated-losses: a, until: 2010-01-01, seed: 9}
"""


def test_fate_pairs_a_newcomer_with_someone_unpaired() -> None:
    result = replay(parse_scenario(STORY, "fate.yaml"))
    assert result.world.soulmate_of(PersonId("a")) == "b"


def test_fated_losses_come_at_roughly_the_persons_carefulness_and_go_unnoticed() -> None:
    result = replay(parse_scenario(STORY, "fate.yaml"))
    losses = [e for e in result.world.events if e.kind is Kind.LOST]
    # Three a year over ten years: a Poisson count this far from 30 would be a bug.
    assert 12 <= len(losses) <= 50
    assert all("(unnoticed)" in e.text for e in losses)
    assert result.ok


def test_the_same_seed_gives_the_same_fated_losses() -> None:
    first = [e.at for e in replay(parse_scenario(STORY, "fate.yaml")).world.events if e.kind is Kind.LOST]
    again = [e.at for e in replay(parse_scenario(STORY, "fate.yaml")).world.events if e.kind is Kind.LOST]
    assert first == again


def test_an_age_is_told_as_it_was_on_the_losers_own_day_even_near_midnight_utc() -> None:
    from datetime import UTC, date, datetime

    from soulbond.core.items import born_between_for_age
    from soulbond.core.telling import describe

    # 08:30 on 1 September in Tokyo is still 31 August in UTC.
    fact = born_between_for_age(date(2018, 9, 1), 24, 24)
    assert describe(fact, datetime(2018, 8, 31, 23, 30, tzinfo=UTC)) == "aged 24 (born 1993–1994)"


def test_fate_stops_at_death_so_fated_losses_drawn_for_later_take_nothing() -> None:
    dying = STORY + "  - {when: 2003-01-01, die: a}\n"
    result = replay(parse_scenario(dying, "fate.yaml"))
    died = next(e.at for e in result.world.events if e.kind is Kind.DIED)
    losses = [e.at for e in result.world.events if e.kind is Kind.LOST]
    assert losses and all(at < died for at in losses)
    assert result.ok, result.contradictions
