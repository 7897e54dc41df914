"""The timeline: each entry is one action's record, its people and items, and when it happened."""

from __future__ import annotations

import random
from dataclasses import MISSING, Field, fields
from datetime import datetime
from typing import Any, get_type_hints

from soulbond.core.fate import YEAR, fated_loss_times
from soulbond.core.items import ItemId
from soulbond.core.people import Home, PersonId
from soulbond.scenario.actions import (
    ACTIONS,
    CaseLabel,
    FatedLoss,
    FatedLosses,
    Handle,
    Move,
    Step,
    key_of,
    person_fields,
)
from soulbond.scenario.bounds import MAX_SEED
from soulbond.scenario.fields import Reader
from soulbond.scenario.model import ItemSpec, PersonSpec
from soulbond.scenario.moments import parse_moment
from soulbond.scenario.nodes import Mapping, Node, Sequence

BASE = frozenset(f.name for f in fields(Step))


def read_timeline(
    reader: Reader, node: Sequence, people: dict[PersonId, PersonSpec], items: dict[ItemId, ItemSpec]
) -> list[Step]:
    zones = {person.id: person.home.tz for person in people.values()}
    default_zone = next(iter(people.values())).home.tz
    steps: list[Step] = []
    for entry in node.items:
        mapping = reader.mapping(entry, "a timeline entry")
        step = Entry(reader, mapping, people, items, zones, default_zone).read()
        if isinstance(step, Move):
            zones[step.person] = step.home.tz
        if isinstance(step, FatedLosses):
            steps.extend(_fated_losses(reader, mapping, step, people, reader.bounds.max_steps - len(steps)))
        else:
            steps.append(step)
        if len(steps) > reader.bounds.max_steps:
            raise reader.fail(entry.line, _too_many(reader.bounds.max_steps))
    return steps


def _too_many(most: int) -> str:
    return f"the timeline passes {most:,} steps here (fate's losses counted), the most a story may have here"


def _fated_losses(
    reader: Reader, node: Mapping, step: FatedLosses, people: dict[PersonId, PersonSpec], room: int
) -> list[Step]:
    """Fate's losses at the person's own carefulness, drawn once so every replay agrees."""
    assert step.at is not None
    if step.until <= step.at:
        raise reader.fail(node.entries["until"].line, "'until' must come after 'when'")
    # Refused before drawing: the draw itself would take as long as the losses are many.
    expected = people[step.person].carefulness * ((step.until - step.at) / YEAR)
    if expected > room:
        raise reader.fail(node.line, _too_many(reader.bounds.max_steps))
    rng = random.Random(step.seed)
    times = fated_loss_times(people[step.person].carefulness, step.at, step.until, rng)
    return [
        FatedLoss(line=step.line, at=moment, person=step.person, seed=step.seed + n)
        for n, moment in enumerate(times)
    ]


class Entry:
    """One timeline entry read into its action's record, each key by the type of its field."""

    def __init__(
        self,
        reader: Reader,
        node: Mapping,
        people: dict[PersonId, PersonSpec],
        items: dict[ItemId, ItemSpec],
        zones: dict[PersonId, str],
        default_zone: str,
    ) -> None:
        self.reader, self.node, self.people, self.items = reader, node, people, items
        self.zones, self.default_zone = zones, default_zone

    def read(self) -> Step:
        reader, node = self.reader, self.node
        names = [key for key in node.entries if key in ACTIONS]
        if len(names) != 1:
            listed = ", ".join(sorted(ACTIONS))
            found = " and ".join(f"'{n}'" for n in names) or "none"
            raise reader.fail(
                node.line, f"each timeline entry needs exactly one action ({listed}); found {found}"
            )
        name = names[0]
        kind = ACTIONS[name]
        own, types = _shape(kind)
        keys = {key_of(f.name): f for f in own[1:]}
        reader.only_keys(node, {name, "when", *keys}, f"a '{name}' entry")
        values: dict[str, Any] = {own[0].name: self._value(node.entries[name], types[own[0].name], name)}
        for key, f in keys.items():
            if key not in node.entries and _required(f):
                raise reader.fail(node.line, f"'{name}' needs '{key}'")
        given = {key: f for key, f in keys.items() if key in node.entries}
        for key, f in given.items():
            if types[f.name] is not datetime:
                values[f.name] = self._value(node.entries[key], types[f.name], key)
        zone = self._zone(kind, values, types)
        for key, f in given.items():
            if types[f.name] is datetime:
                raw = reader.text(node.entries[key], f"'{key}'")
                values[f.name], _ = parse_moment(reader, raw, node.entries[key].line, zone, self.people)
        at, local = self._when(name, zone)
        step = kind(line=node.line, at=at, local=local, **values)
        self._born_by(step)
        return step

    def _when(self, name: str, zone: str) -> tuple[datetime | None, str]:
        node = self.node
        if "when" in node.entries:
            raw = self.reader.text(node.entries["when"], "when")
            return parse_moment(self.reader, raw, node.entries["when"].line, zone, self.people)
        if name != "find":
            raise self.reader.fail(node.line, f"'{name}' needs 'when'")
        return None, ""

    def _zone(self, kind: type[Step], values: dict[str, Any], types: dict[str, Any]) -> str:
        """Local times are in the acting person's home; for an unattributed loss, the owner's."""
        for name in person_fields(kind):
            if values.get(name) is not None:
                return self.zones[values[name]]
        item = next((v for k, v in values.items() if types[k] is ItemId), None)
        return self.zones[self.items[item].owner] if item is not None else self.default_zone

    def _born_by(self, step: Step) -> None:
        if step.at is None:
            return
        for who in step.people:
            spec = self.people[who]
            if step.at.astimezone(spec.home.zone).date() < spec.born:
                raise self.reader.fail(
                    self.node.key_lines.get("when", self.node.line),
                    f"this happens on {step.at.date()}, before {spec.given_name} {spec.family_name} "
                    f"is born ({spec.born})",
                )

    def _value(self, field: Node, kind: Any, key: str) -> Any:
        reader = self.reader
        if kind in (PersonId, PersonId | None):
            name = reader.text(field, f"'{key}'")
            if name not in self.people:
                raise reader.fail(field.line, f"'{name}' is not one of the people")
            return PersonId(name)
        if kind is ItemId:
            name = reader.text(field, "an item")
            if name not in self.items:
                raise reader.fail(field.line, f"'{name}' is not one of the items")
            return ItemId(name)
        if kind is bool:
            return reader.flag(field, f"'{key}'")
        if kind is int:
            return reader.whole(field, f"'{key}'", maximum=MAX_SEED)
        if kind is Home:
            return reader.home(reader.mapping(field, "a home"))
        if kind is Handle:
            return Handle(reader.text(field, "a handle (a phone number)"))
        if kind is CaseLabel:
            return CaseLabel(reader.text(field, "a case label"))
        if kind == dict[str, frozenset[str]]:
            traits: dict[str, frozenset[str]] = {}
            for trait, values in reader.mapping(field, "traits").entries.items():
                traits[trait] = frozenset(_texts_or_none(reader, values, trait))
            return traits
        return reader.text(field, f"'{key}'")


_SHAPES: dict[str, tuple[list[Field[Any]], dict[str, Any]]] = {}


def _shape(kind: type[Step]) -> tuple[list[Field[Any]], dict[str, Any]]:
    """An action's own fields (what its key names first) and their types, worked out once."""
    if kind.ACTION not in _SHAPES:
        _SHAPES[kind.ACTION] = [f for f in fields(kind) if f.name not in BASE], get_type_hints(kind)
    return _SHAPES[kind.ACTION]


def _required(f: Field[Any]) -> bool:
    return f.default is MISSING and f.default_factory is MISSING


def _texts_or_none(reader: Reader, node: Node, key: str) -> list[str]:
    """'occupation: []' clears a trait; anything else is one value or a list."""
    if isinstance(node, Sequence) and not node.items:
        return []
    return reader.texts(node, f"trait '{key}'")
