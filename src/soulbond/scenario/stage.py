"""What a replay builds as it goes: its lines, broken laws, red herrings, and what handlers share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Literal

from soulbond.core import CaseId, SoulbondError, World
from soulbond.core.foundation import CaseState
from soulbond.core.items import Fact, HasTrait
from soulbond.core.people import HANDLE, PersonId
from soulbond.scenario.actions import Step
from soulbond.scenario.model import Scenario

LineKind = Literal["event", "arrival", "stayed", "severed", "note", "broken", "herring"]


@dataclass(frozen=True)
class Line:
    at: datetime
    kind: LineKind
    text: str
    source: int | None = None
    finder: PersonId | None = None
    facts: tuple[Fact, ...] = ()
    candidates: int | None = None
    lost_at: datetime | None = None
    local: str = ""
    """When, on the clock of the person it happened to, as their home was then."""


@dataclass(frozen=True)
class Contradiction:
    line: int
    action: str
    reason: str


@dataclass(frozen=True)
class Herring:
    """A fact a finder took as being about their soulmate that does not fit them: a story tool, not a broken law."""

    finder: PersonId
    item: str
    fact: str
    why: str


@dataclass
class Replay:
    scenario: Scenario
    world: World
    lines: list[Line] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    herrings: list[Herring] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.contradictions

    def local(self, at: datetime, person: PersonId | None = None) -> str:
        who = self.world.people.get(person) if person else None
        tz = who.home.zone if who else next(iter(self.world.people.values())).home.zone
        return at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")


class Stage:
    """The world being replayed and the story's own bookkeeping, as every handler sees it."""

    def __init__(self, scenario: Scenario, world: World) -> None:
        self.scenario = scenario
        self.world = world
        self.result = Replay(scenario, world)
        self.cases: dict[str, CaseId] = {}
        self.acquainted: set[frozenset[PersonId]] = {
            frozenset({spec.id, other}) for spec in scenario.people.values() for other in spec.knows
        }
        self.heard: dict[PersonId, set[str]] = {}
        """The handles each person's inbox has had messages from."""
        self.homes: dict[PersonId, list[tuple[datetime | None, str]]] = {
            spec.id: [(None, spec.home.place)] for spec in scenario.people.values()
        }

    def say(self, step: Step, text: str, kind: LineKind = "event") -> None:
        assert step.at is not None
        local = self.result.local(step.at, step.actor)
        self.result.lines.append(Line(step.at, kind, text, source=step.line, local=local))

    def case_id(self, label: str) -> CaseId:
        if label not in self.cases:
            raise SoulbondError(f"no application called '{label}' has been made by then")
        return self.cases[label]

    def severed_problem(self, label: str) -> str:
        if label not in self.cases:
            return f"the severance '{label}' has no application, let alone an approved decision"
        case = self.world.case(self.cases[label])
        if case.state is CaseState.SEVERED:
            return ""
        if case.state is CaseState.APPROVED and case.cooling_off_ends is not None:
            return f"case '{label}' is approved but cooling off until {case.cooling_off_ends.date()}; the bond still holds"
        if not any(d.approve for d in case.decisions):
            return f"case '{label}' has no approved decision (it is {case.state}); only an approved case severs a bond"
        return f"case '{label}' is {case.state}; the bond was not severed"

    def knows_handle(self, person: PersonId, handle: str) -> bool:
        """A handle is known from an item that carried it, from its holder's own message, or as an acquaintance's."""
        world = self.world
        if world.people[person].handle == handle:
            return True
        told = world.knowledge_of(person).facts()
        if any(isinstance(f, HasTrait) and f.key == HANDLE and f.value == handle for f in told):
            return True
        if handle in self.heard.get(person, ()):
            return True
        holder = world.person_with_handle(handle)
        return holder is not None and frozenset({person, holder.id}) in self.acquainted

    def home_left(self, person: PersonId, place: str, at: datetime) -> datetime | None:
        """When ``person`` left ``place`` if it was once their home and is not at ``at``; else None."""
        homes = self.homes[person]
        for (_, here), (moved, _) in pairwise(homes):
            if here == place and moved is not None and moved <= at:
                current = [p for since, p in homes if since is None or since <= at][-1]
                return moved if current != place else None
        return None
