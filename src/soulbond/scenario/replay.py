"""Running a scenario through the rules core, line by line, noting every broken law."""

from __future__ import annotations

from collections import deque
from datetime import datetime

from soulbond.core import Event, Home, Item, Kind, Person, SoulbondError, World
from soulbond.core.foundation import Foundation
from soulbond.core.people import PersonId
from soulbond.core.transference import Delivery
from soulbond.scenario.actions import Find, Step
from soulbond.scenario.apply import apply_step, wrong_place
from soulbond.scenario.herrings import misleading
from soulbond.scenario.model import Scenario
from soulbond.scenario.stage import Contradiction, Herring, Line, LineKind, Replay, Stage
from soulbond.scenario.strangers import add_strangers


class Replayer:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        foundation = Foundation(director=scenario.director, cooling_off=scenario.cooling_off)
        self.world = World(foundation)
        self.stage = Stage(scenario, self.world)
        self.result = self.stage.result
        self.expected_finds: list[Find] = []
        self.dated = deque(
            sorted(
                (i for i in scenario.items.values() if i.since is not None),
                key=lambda i: i.since or scenario.start,
            )
        )

    def run(self) -> Replay:
        self._set_up()
        timed = sorted(
            (e for e in self.scenario.events if e.at is not None), key=lambda e: e.at or self.scenario.start
        )
        self.expected_finds = [e for e in self.scenario.events if isinstance(e, Find) and e.at is None]
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
        """Up to ``to``, bringing in each dated item as it is made, earliest first."""
        while self.dated and (spec := self.dated[0]).since is not None and spec.since <= to:
            self.dated.popleft()
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
            lost_at = next(d.lost_at for d in reversed(world.deliveries) if d.item == event.item)
            self.result.lines.append(
                Line(
                    event.at,
                    "arrival",
                    f"{finder.given_name} wakes at {finder.home.place} to find {item.description} "
                    f"on the floor (lost by {loser})",
                    finder=finder.id,
                    facts=event.facts,
                    candidates=world.candidate_count(finder.id, event.at),
                    lost_at=lost_at,
                    local=self.result.local(event.at, finder.id),
                )
            )
            self._red_herrings(finder.id, event, lost_at)
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

    def _red_herrings(self, finder: PersonId, arrival: Event, lost_at: datetime) -> None:
        """Say which facts of this arrival misled the finder: they do not fit the soulmate."""
        assert arrival.item is not None
        wrong = misleading(self.world, finder, arrival.facts, lost_at)
        if not wrong:
            return
        soulmate = self.world.soulmate_of(finder)
        assert soulmate is not None
        why = f"{', '.join(wrong)}: not true of {self.world.name_of(soulmate)}"
        self.result.herrings.append(Herring(finder, arrival.item, ", ".join(wrong), why))
        text = f"red herring for {self.world.people[finder].given_name}: {why}"
        local = self.result.local(arrival.at, finder)
        self.result.lines.append(Line(arrival.at, "herring", text, finder=finder, local=local))

    def _match_find(self, arrival: Event) -> None:
        for find in self.expected_finds:
            if find.item == arrival.item and find.by == arrival.actor:
                self.expected_finds.remove(find)
                problem = wrong_place(self.stage, find, self.world.people[find.by].home.place)
                if problem:
                    self._broken(find, problem)
                return

    def _never_arrived(self, find: Find) -> str:
        delivery = self._delivery_of(find)
        name = self.world.name_of
        if delivery is not None and delivery.recipient != find.by:
            return f"'{find.item}' went to {name(delivery.recipient)}'s floor, not {name(find.by)}'s"
        return f"'{find.item}' never arrives on {name(find.by)}'s floor: {self._why_not(find)}"

    def _delivery_of(self, find: Find) -> Delivery | None:
        return next((d for d in reversed(self.world.deliveries) if d.item == find.item), None)

    def _why_not(self, find: Find) -> str:
        place = self.world.where(find.item)
        return place.describe(self.world.name_of(place.person))

    def _apply(self, step: Step) -> None:
        try:
            problem = apply_step(self.stage, step)
        except SoulbondError as exc:
            problem = exc.message
        if problem:
            self._broken(step, problem)

    def _broken(self, step: Step, reason: str) -> None:
        self.result.contradictions.append(Contradiction(step.line, step.ACTION, reason))
        at = step.at or self.world.now or self.scenario.start
        self.result.lines.append(
            Line(at, "broken", reason, source=step.line, local=self.result.local(at, step.actor))
        )


def replay(scenario: Scenario) -> Replay:
    return Replayer(scenario).run()


__all__ = ["Contradiction", "Herring", "Home", "Line", "LineKind", "Replay", "replay"]
