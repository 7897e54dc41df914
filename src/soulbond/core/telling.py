"""Facts in words a writer reads at a glance."""

from __future__ import annotations

from datetime import date, datetime

from soulbond.core.items import AliveAround, BornBetween, Fact, HasTrait
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, PHOTO, age_on

TRAIT_WORDS = {GIVEN_NAME: "given name", FAMILY_NAME: "family name", HANDLE: "phone number"}


def describe(fact: Fact, told_at: datetime) -> str | None:
    """A fact as a phrase, ages as they were at ``told_at``; None for what a finder only infers."""
    if isinstance(fact, AliveAround):
        return None
    if isinstance(fact, BornBetween):
        day = _day_told(fact, told_at)
        youngest, oldest = age_on(fact.latest, day), age_on(fact.earliest, day)
        ages = f"{youngest}" if youngest == oldest else f"{youngest} to {oldest}"
        return f"aged {ages} (born {fact.earliest.year}–{fact.latest.year})"
    if isinstance(fact, HasTrait):
        if fact.key == PHOTO:
            return "what they look like (a photo)"
        return f"{TRAIT_WORDS.get(fact.key, fact.key.replace('_', ' '))}: {fact.value}"
    return f"“{fact.text}”"


def _day_told(fact: BornBetween, told_at: datetime) -> date:
    """The local day the age was true on: its month and day are the latest birth date's.

    ``told_at`` is in UTC and may be a day off the loser's local date; the range
    itself says exactly which day it was counted on.
    """
    near = told_at.date()
    for year in (near.year, near.year - 1, near.year + 1):
        try:
            day = fact.latest.replace(year=year)
        except ValueError:  # born 29 February: the range was counted on 28 February
            day = fact.latest.replace(year=year, day=28)
        if abs((day - near).days) <= 2:
            return day
    return near


def describe_all(facts: tuple[Fact, ...], told_at: datetime) -> list[str]:
    phrases = (describe(fact, told_at) for fact in facts)
    return [p for p in phrases if p is not None]


def summarize(facts: tuple[Fact, ...], now: datetime) -> list[str]:
    """Everything learnt at once: age ranges narrowed to one, each trait and note once."""
    births = [f for f in facts if isinstance(f, BornBetween)]
    phrases: list[str] = []
    if births:
        earliest = max(b.earliest for b in births)
        latest = min(b.latest for b in births)
        phrases.append(
            f"born {earliest.year}–{latest.year}" if earliest.year != latest.year else f"born {earliest.year}"
        )
    rest = [f for f in facts if not isinstance(f, BornBetween)]
    for phrase in describe_all(tuple(rest), now):
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases
