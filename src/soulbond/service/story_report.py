"""What a writer is shown of a replayed story: plain records a page, a terminal or JSON can show.

A story is fiction checked against the laws, not the live world: everyone in it
is the writer's own invention, so the report tells all (who lost what, what
each finder learnt) without the privacy gate that guards a live person's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StoryMoment:
    """One line of the timeline."""

    at: str
    """The moment in UTC (ISO 8601)."""
    local: str
    """The moment as the people involved read it on their own clocks."""
    kind: str
    """event, arrival, stayed, severed, note, broken or herring."""
    text: str
    line: int | None
    """The line of the file the entry comes from, if any (the laws' own doings have none)."""
    learnt: tuple[str, ...] = ()
    """For an arrival: what the finder learns of who lost it."""
    candidates: int | None = None
    """For an arrival: how many people in the world still fit what the finder knows."""


@dataclass(frozen=True)
class ItemEnd:
    """Where an item is when the story ends."""

    item: str
    what: str
    where: str
    """One of the places the laws know (held, in_transit, on_floor, ...)."""
    whose: str
    how: str
    said: str
    """The place in words: 'on Kakashi Hatake's floor'."""


@dataclass(frozen=True)
class FinderKnows:
    """What one finder knows of their soulmate at the end, and how many people still fit it."""

    finder: str
    name: str
    soulmate: str
    """The soulmate's name, or '-' for someone whose bond has ended."""
    arrivals: int
    knows: tuple[str, ...]
    candidates: int


@dataclass(frozen=True)
class StoryContradiction:
    line: int
    action: str
    reason: str


@dataclass(frozen=True)
class StoryNote:
    """A red herring: a borrowed thing told a finder of someone other than their soulmate."""

    finder: str
    item: str
    facts: str
    why: str


@dataclass(frozen=True)
class StoryReport:
    name: str
    title: str
    summary: str
    timeline: tuple[StoryMoment, ...]
    items: tuple[ItemEnd, ...]
    finders: tuple[FinderKnows, ...]
    contradictions: tuple[StoryContradiction, ...]
    notes: tuple[StoryNote, ...]
    as_json: dict[str, Any] = field(compare=False)
    """The same replay as `soulbond replay --json` prints it, for download."""

    @property
    def ok(self) -> bool:
        return not self.contradictions


@dataclass(frozen=True)
class ShippedStory:
    name: str
    title: str
    summary: str
