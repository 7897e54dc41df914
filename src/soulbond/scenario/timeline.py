"""The timeline: each entry is one action, its people and items, and when it happened."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from soulbond.core.fate import fated_loss_times
from soulbond.core.items import ItemId
from soulbond.core.people import PersonId
from soulbond.scenario.fields import Reader
from soulbond.scenario.model import EventSpec, ItemSpec, PersonSpec
from soulbond.scenario.moments import parse_moment
from soulbond.scenario.nodes import Mapping, Node, Sequence


@dataclass(frozen=True)
class Action:
    subject: str
    """What the action's own key names: an item, a person, a case, or text."""
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()


def _a(subject: str, required: str = "", optional: str = "") -> Action:
    return Action(subject, frozenset(required.split()), frozenset(optional.split()))


ACTIONS: dict[str, Action] = {
    "lose": _a("item", optional="by how noticed"),
    "find": _a("item", "by"),
    "keep": _a("item", "by", "where"),
    "discard": _a("item", "by"),
    "recover": _a("item", "by"),
    "pick-up": _a("item", "by"),
    "return": _a("item", "by"),
    "give": _a("item", "from to"),
    "empty-bin": _a("person"),
    "die": _a("person"),
    "move": _a("person", "home"),
    "become": _a("person", "traits"),
    "notorious": _a("person"),
    "bond": _a("person", "with"),
    "message": _a("text", "from to"),
    "block": _a("person", "handle-of"),
    "unblock": _a("person", "handle-of"),
    "ask-registry": _a("person", "about"),
    "apply-to-sever": _a("person", "case reasons", "jointly"),
    "statement": _a("person", "case text"),
    "apply-for-job": _a("person"),
    "hire": _a("person", "by", "senior"),
    "declare-conflict": _a("person", "case"),
    "take-case": _a("person", "case"),
    "open-case": _a("person", "case"),
    "decide": _a("case", "by approve reasons"),
    "withdraw": _a("person", "case"),
    "appeal": _a("person", "case", "reasons"),
    "severed": _a("case"),
    "note": _a("text", optional="about"),
    "pair-by-fate": _a("person", optional="seed"),
    "fated-losses": _a("person", "until", "seed"),
}
PERSON_FIELDS = ("by", "from", "to", "with", "handle-of", "about")


def read_timeline(
    reader: Reader, node: Sequence, people: dict[PersonId, PersonSpec], items: dict[ItemId, ItemSpec]
) -> list[EventSpec]:
    zones = {person.id: person.home.tz for person in people.values()}
    default_zone = next(iter(people.values())).home.tz
    events = []
    for entry in node.items:
        mapping = reader.mapping(entry, "a timeline entry")
        event = _event(reader, mapping, people, items, zones, default_zone)
        if event.action == "move" and event.home is not None and event.actor is not None:
            zones[event.actor] = event.home.tz
        if event.action == "fated-losses":
            events.extend(_fated_losses(reader, mapping, event, people, zones))
        else:
            events.append(event)
    return events


def _fated_losses(
    reader: Reader,
    node: Mapping,
    event: EventSpec,
    people: dict[PersonId, PersonSpec],
    zones: dict[PersonId, str],
) -> list[EventSpec]:
    """Fate's losses at the person's own carefulness, drawn once so every replay agrees."""
    assert event.actor is not None and event.at is not None
    until_node = node.entries["until"]
    until, _ = parse_moment(
        reader, reader.text(until_node, "'until'"), until_node.line, zones[event.actor], people
    )
    if until <= event.at:
        raise reader.fail(until_node.line, "'until' must come after 'when'")
    rng = random.Random(event.seed)
    times = fated_loss_times(people[event.actor].carefulness, event.at, until, rng)
    return [
        replace(event, action="fated-loss", at=moment, local="", seed=event.seed + n)
        for n, moment in enumerate(times)
    ]


def _event(
    reader: Reader,
    node: Mapping,
    people: dict[PersonId, PersonSpec],
    items: dict[ItemId, ItemSpec],
    zones: dict[PersonId, str],
    default_zone: str,
) -> EventSpec:
    names = [key for key in node.entries if key in ACTIONS]
    if len(names) != 1:
        listed = ", ".join(sorted(ACTIONS))
        found = " and ".join(f"'{n}'" for n in names) or "none"
        raise reader.fail(
            node.line, f"each timeline entry needs exactly one action ({listed}); found {found}"
        )
    action_name = names[0]
    action = ACTIONS[action_name]
    reader.only_keys(
        node, {action_name, "when", *action.required, *action.optional}, f"a '{action_name}' entry"
    )
    for key in action.required:
        reader.required(node, key, f"'{action_name}'")

    def person(key: str) -> PersonId:
        field = node.entries[key]
        name = reader.text(field, f"'{key}'")
        if name not in people:
            raise reader.fail(field.line, f"'{name}' is not one of the people")
        return PersonId(name)

    def item() -> ItemId:
        field = node.entries[action_name]
        name = reader.text(field, "an item")
        if name not in items:
            raise reader.fail(field.line, f"'{name}' is not one of the items")
        return ItemId(name)

    subject = node.entries[action_name]
    fields: dict[str, object] = {}
    actor: PersonId | None = None
    other: PersonId | None = None
    thing: ItemId | None = None
    if action.subject == "item":
        thing = item()
        actor = person("by") if "by" in node.entries else person("from") if "from" in node.entries else None
        other = person("to") if "to" in node.entries else None
    elif action.subject == "person":
        actor = person(action_name)
        for key in ("with", "handle-of", "about", "by"):
            if key in node.entries:
                other = person(key)
    elif action.subject == "text":
        fields["text"] = reader.text(subject, f"the {action_name}")
        if "from" in node.entries:
            actor, other = person("from"), person("to")
        elif "about" in node.entries:
            actor = person("about")
    else:
        fields["case"] = reader.text(subject, "a case label")
        actor = person("by") if "by" in node.entries else None
    text = str(fields.get("text", ""))
    for key in ("how", "where", "reasons", "text"):
        if key in node.entries and action.subject != "text":
            text = reader.text(node.entries[key], f"'{key}'")
    case = str(fields["case"]) if "case" in fields else None
    if "case" in node.entries:
        case = reader.text(node.entries["case"], "a case label")
    flag = False
    for key in ("noticed", "approve", "jointly", "senior"):
        if key in node.entries:
            flag = reader.flag(node.entries[key], f"'{key}'")
            if key == "noticed":
                flag = not flag  # stored as 'unnoticed' so that the default is False
    home = None
    if "home" in node.entries:
        home = reader.home(reader.mapping(node.entries["home"], "a home"))
    traits: dict[str, frozenset[str]] = {}
    if "traits" in node.entries:
        for key, values in reader.mapping(node.entries["traits"], "traits").entries.items():
            traits[key] = frozenset(_texts_or_none(reader, values, key))
    zone_of = actor or (items[thing].owner if thing is not None else None)
    zone = zones[zone_of] if zone_of is not None else default_zone
    at, local = None, ""
    if "when" in node.entries:
        raw = reader.text(node.entries["when"], "when")
        at, local = parse_moment(reader, raw, node.entries["when"].line, zone, people)
    elif action_name != "find":
        raise reader.fail(node.line, f"'{action_name}' needs 'when'")
    if at is not None:
        for who in (actor, other):
            if who is not None and at.astimezone(people[who].home.zone).date() < people[who].born:
                raise reader.fail(
                    node.key_lines.get("when", node.line),
                    f"this happens on {at.date()}, before {people[who].given_name} {people[who].family_name} "
                    f"is born ({people[who].born})",
                )
    return EventSpec(node.line, action_name, at, local, actor, thing, other, text, case, flag, home, traits)


def _texts_or_none(reader: Reader, node: Node, key: str) -> list[str]:
    """'occupation: []' clears a trait; anything else is one value or a list."""
    if isinstance(node, Sequence) and not node.items:
        return []
    return reader.texts(node, f"trait '{key}'")
