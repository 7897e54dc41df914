"""Running a scenario through the rules core, line by line, noting every broken law."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from soulbond.core import CaseId, Event, Home, Item, Kind, Person, SoulbondError, World
from soulbond.core.foundation import CaseState, Foundation
from soulbond.core.items import Fact
from soulbond.core.people import PersonId
from soulbond.core.transference import Delivery, DeliveryState
from soulbond.scenario.apply import apply_event
from soulbond.scenario.model import EventSpec, Scenario
from soulbond.scenario.strangers import add_strangers

LineKind = Literal["event", "arrival", "stayed", "severed", "note", "broken"]


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


@dataclass
class Replay:
    scenario: Scenario
    world: World
    lines: list[Line] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.contradictions

    def local(self, at: datetime, person: PersonId | None = None) -> str:
        who = self.world.people.get(person) if person else None
        tz = who.home.zone if who else next(iter(self.world.people.values())).home.zone
        return at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")


class Replayer:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        foundation = Foundation(director=scenario.director, cooling_off=scenario.cooling_off)
        self.world = World(foundation)
        self.result = Replay(scenario, self.world)
        self.cases: dict[str, CaseId] = {}
        self.expected_finds: list[EventSpec] = []

    def run(self) -> Replay:
        self._set_up()
        timed = sorted(
            (e for e in self.scenario.events if e.at is not None), key=lambda e: e.at or self.scenario.start
        )
        self.expected_finds = [e for e in self.scenario.events if e.at is None]
        for event in timed:
            assert event.at is not None
            self._advance(event.at)
            self._apply(event)
        self._advance(self._settled())
        for find in self.expected_finds:
            self._broken(find, self._never_arrived(find))
        return self.result

    def _set_up(self) -> None:
        start = self.scenario.start
        for spec in self.scenario.people.values():
            person = Person(
                spec.id,
                spec.given_name,
                spec.family_name,
                spec.born,
                spec.home,
                spec.carefulness,
                dict(spec.traits),
            )
            self.world.register(person, start)
        if self.scenario.strangers is not None:
            add_strangers(self.world, self.scenario.strangers)
        for a, b, _ in self.scenario.bonds:
            self.world.declare_bond(a, b, start)
        for item in self.scenario.items.values():
            if item.since is None:
                self.world.add_item(
                    Item(item.id, item.description, item.disclosures, looks=item.looks), item.owner, start
                )

    def _settled(self) -> datetime:
        """After the last event, let whatever is still travelling land."""
        ends = [d.due for d in self.world.pending_deliveries()]
        ends += [due for due, _ in self.world.due_severances()]
        return max([*ends, self.world.now or self.scenario.start])

    def _advance(self, to: datetime) -> None:
        for spec in self.scenario.items.values():
            if spec.since is not None and spec.since <= to and spec.id not in self.world.items:
                self._advance_only(spec.since)
                made = Item(spec.id, spec.description, spec.disclosures, made=spec.since, looks=spec.looks)
                self.world.add_item(made, spec.owner, spec.since)
        self._advance_only(to)

    def _advance_only(self, to: datetime) -> None:
        for event in self.world.advance(to):
            self._happened(event)

    def _happened(self, event: Event) -> None:
        world = self.world
        if event.kind is Kind.ARRIVED and event.actor is not None and event.item is not None:
            finder = world.people[event.actor]
            item = world.items[event.item]
            loser = world.name_of(event.other) if event.other else "someone"
            self.result.lines.append(
                Line(
                    event.at,
                    "arrival",
                    f"{finder.given_name} wakes at {finder.home.place} to find {item.description} "
                    f"on the floor (lost by {loser})",
                    finder=finder.id,
                    facts=event.facts,
                    candidates=world.candidate_count(finder.id, event.at),
                    lost_at=next(d.lost_at for d in reversed(world.deliveries) if d.item == event.item),
                    local=self.result.local(event.at, finder.id),
                )
            )
            self._match_find(event)
        elif event.kind is Kind.STAYED and event.item is not None:
            self.result.lines.append(
                Line(
                    event.at,
                    "stayed",
                    f"{world.items[event.item].description} never arrives: {event.text}",
                    local=self.result.local(event.at, event.actor),
                )
            )
        elif event.kind is Kind.SEVERED and event.actor and event.other:
            self.result.lines.append(
                Line(
                    event.at,
                    "severed",
                    f"the bond of {world.name_of(event.actor)} and {world.name_of(event.other)} is severed",
                    local=self.result.local(event.at, event.actor),
                )
            )

    def _match_find(self, arrival: Event) -> None:
        for find in self.expected_finds:
            if find.item == arrival.item and find.actor == arrival.actor:
                self.expected_finds.remove(find)
                return

    def _never_arrived(self, find: EventSpec) -> str:
        assert find.item is not None and find.actor is not None
        delivery = self._delivery_of(find)
        if delivery is not None and delivery.recipient != find.actor:
            return f"'{find.item}' went to {self.world.name_of(delivery.recipient)}'s floor, not {self.world.name_of(find.actor)}'s"
        return (
            f"'{find.item}' never arrives on {self.world.name_of(find.actor)}'s floor: {self._why_not(find)}"
        )

    def _delivery_of(self, find: EventSpec) -> Delivery | None:
        return next((d for d in reversed(self.world.deliveries) if d.item == find.item), None)

    def _why_not(self, find: EventSpec) -> str:
        assert find.item is not None
        place = self.world.where(find.item)
        return place.describe(self.world.name_of(place.person))

    def _apply(self, event: EventSpec) -> None:
        try:
            problem = apply_event(self, event)
        except SoulbondError as exc:
            problem = exc.message
        if problem:
            self._broken(event, problem)

    def _broken(self, event: EventSpec, reason: str) -> None:
        self.result.contradictions.append(Contradiction(event.line, event.action, reason))
        at = event.at or self.world.now or self.scenario.start
        self.result.lines.append(
            Line(at, "broken", reason, source=event.line, local=self.result.local(at, event.actor))
        )

    def say(self, event: EventSpec, text: str, kind: LineKind = "event") -> None:
        assert event.at is not None
        self.result.lines.append(
            Line(event.at, kind, text, source=event.line, local=self.result.local(event.at, event.actor))
        )

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

    def deliveries_pending(self) -> list[Delivery]:
        return [d for d in self.world.deliveries if d.state is DeliveryState.PENDING]


def replay(scenario: Scenario) -> Replay:
    return Replayer(scenario).run()


__all__ = ["Contradiction", "Home", "Line", "Replay", "replay"]
