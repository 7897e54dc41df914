"""From a scenario file to a checked ``Scenario``: people, bonds, items, world settings."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from soulbond.core.items import Disclosure, ItemId, TellsAge, TellsNote, TellsTrait
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, PHOTO, PersonId
from soulbond.names import DEFAULT_CULTURE, UnknownCulture, check_culture
from soulbond.scenario.bounds import (
    DEFAULT,
    MAX_AGE_SPREAD_YEARS,
    MAX_CAREFULNESS,
    MAX_COOLING_OFF_DAYS,
    MAX_SEED,
    Bounds,
)
from soulbond.scenario.errors import ScenarioError
from soulbond.scenario.fields import Reader
from soulbond.scenario.model import ItemSpec, PersonSpec, Scenario, Strangers
from soulbond.scenario.moments import parse_moment
from soulbond.scenario.nodes import Mapping, Node, Text, collector_paused, read_nodes
from soulbond.scenario.timeline import read_timeline
from soulbond.yaml_tree import size_problem

TOP_KEYS = {"title", "summary", "world", "people", "bonds", "items", "timeline"}
PERSON_KEYS = {"name", "born", "home", "carefulness", "traits", "phone", "photo", "knows"}
ITEM_KEYS = {"owner", "what", "looks", "tells", "suggests", "count", "since"}
# Words a writer uses for what an item tells, mapped onto trait keys.
TELLS_WORDS: dict[str, tuple[str, ...]] = {
    "full name": (GIVEN_NAME, FAMILY_NAME),
    "name": (GIVEN_NAME, FAMILY_NAME),
    "given name": (GIVEN_NAME,),
    "family name": (FAMILY_NAME,),
    "phone": (HANDLE,),
    "handle": (HANDLE,),
    "photo": (PHOTO,),
}


def load_scenario(path: Path, *, name: str | None = None, bounds: Bounds = DEFAULT) -> Scenario:
    """The scenario in the file at ``path``; a file over the bounds' bytes is refused unread."""
    file = name or str(path)
    try:
        raw = _read_at_most(path, bounds.max_bytes)
    except FileNotFoundError:
        raise ScenarioError(file, None, "no such file") from None
    except OSError as exc:
        raise ScenarioError(file, None, f"cannot be read: {exc.strerror or exc}") from None
    if raw is None:
        raise ScenarioError(file, None, size_problem(bounds.max_bytes))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            file, line, f"this is not UTF-8 text (byte {exc.start + 1} cannot be read)"
        ) from None
    return parse_scenario(text, file, bounds=bounds)


def _read_at_most(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when there are more than ``max_bytes``, found without reading them all."""
    with path.open("rb") as stream:
        if os.fstat(stream.fileno()).st_size > max_bytes:
            return None
        # A pipe or device declares no size: one byte read past the limit tells.
        raw = stream.read(max_bytes + 1)
    return None if len(raw) > max_bytes else raw


def parse_scenario(text: str, file: str, *, bounds: Bounds = DEFAULT) -> Scenario:
    with collector_paused():
        return _parse_scenario(text, file, bounds)


def _parse_scenario(text: str, file: str, bounds: Bounds) -> Scenario:
    reader = Reader(file, bounds)
    root = reader.mapping(read_nodes(text, file, max_bytes=bounds.max_bytes), "a scenario")
    reader.only_keys(root, TOP_KEYS, "a scenario")
    people = _people(reader, reader.mapping(reader.required(root, "people", "a scenario"), "'people'"))
    world = root.entries.get("world")
    world_node = reader.mapping(world, "'world'") if world else Mapping(root.line)
    reader.only_keys(world_node, {"strangers", "director", "cooling_off_days"}, "'world'")
    director = None
    if "director" in world_node.entries:
        director = _person_ref(reader, world_node.entries["director"], people, "the director")
    cooling = 30.0
    if "cooling_off_days" in world_node.entries:
        cooling = reader.number(
            world_node.entries["cooling_off_days"],
            "cooling_off_days",
            minimum=0,
            maximum=MAX_COOLING_OFF_DAYS,
        )
    strangers = None
    if "strangers" in world_node.entries:
        strangers = _strangers(reader, reader.mapping(world_node.entries["strangers"], "'strangers'"))
    bonds = _bonds(reader, root.entries.get("bonds"), people)
    items = _items(reader, root.entries.get("items"), people)
    events = read_timeline(
        reader, reader.sequence(reader.required(root, "timeline", "a scenario"), "'timeline'"), people, items
    )
    earliest = min(
        [datetime.combine(p.born, time(0), tzinfo=UTC) for p in people.values()]
        + [e.at for e in events if e.at is not None]
        + [i.since for i in items.values() if i.since is not None]
    )
    return Scenario(
        file=file,
        title=reader.text(root.entries["title"], "the title") if "title" in root.entries else Path(file).stem,
        summary=reader.text(root.entries["summary"], "the summary") if "summary" in root.entries else "",
        start=earliest - timedelta(days=2),
        people=people,
        bonds=bonds,
        items=items,
        events=events,
        strangers=strangers,
        director=director,
        cooling_off=timedelta(days=cooling),
    )


def _person_ref(reader: Reader, node: Node, people: dict[PersonId, PersonSpec], what: str) -> PersonId:
    name = reader.text(node, what)
    if name not in people:
        raise reader.fail(node.line, f"{what} '{name}' is not one of the people")
    return PersonId(name)


def _people(reader: Reader, node: Mapping) -> dict[PersonId, PersonSpec]:
    people: dict[PersonId, PersonSpec] = {}
    handles: dict[str, str] = {}
    for key, value in node.entries.items():
        spec = reader.mapping(value, f"person '{key}'")
        reader.only_keys(spec, PERSON_KEYS, "a person")
        full = reader.text(reader.required(spec, "name", f"person '{key}'"), "a name").split()
        if len(full) < 2:
            raise reader.fail(spec.line, f"'{key}' needs a given name and a family name, like 'Iruka Umino'")
        home = reader.home(reader.mapping(reader.required(spec, "home", f"person '{key}'"), "a home"))
        traits: dict[str, frozenset[str]] = {}
        if "traits" in spec.entries:
            for trait, values in reader.mapping(spec.entries["traits"], "traits").entries.items():
                traits[trait] = frozenset(reader.texts(values, f"trait '{trait}'"))
        if "phone" in spec.entries:
            phone = reader.text(spec.entries["phone"], "a phone number")
            if phone in handles:
                raise reader.fail(spec.entries["phone"].line, f"{phone} is already {handles[phone]}'s number")
            handles[phone] = key
            traits[HANDLE] = frozenset({phone})
        if "photo" in spec.entries and reader.flag(spec.entries["photo"], "photo"):
            traits[PHOTO] = frozenset({f"photo of {key}"})
        carefulness = 1.0
        if "carefulness" in spec.entries:
            carefulness = reader.number(
                spec.entries["carefulness"], "carefulness (losses a year)", minimum=0, maximum=MAX_CAREFULNESS
            )
        people[PersonId(key)] = PersonSpec(
            PersonId(key),
            full[0],
            " ".join(full[1:]),
            reader.day(reader.required(spec, "born", f"person '{key}'"), "born"),
            home,
            carefulness,
            traits,
            spec.line,
        )
    if not people:
        raise reader.fail(node.line, "a scenario needs at least one person")
    for key, value in node.entries.items():
        spec = reader.mapping(value, f"person '{key}'")
        if "knows" in spec.entries:
            known = tuple(
                _person_ref(reader, Text(name, spec.entries["knows"].line), people, "an acquaintance")
                for name in reader.texts(spec.entries["knows"], "'knows' (people)")
            )
            people[PersonId(key)] = replace(people[PersonId(key)], knows=known)
    return people


def _bonds(
    reader: Reader, node: Node | None, people: dict[PersonId, PersonSpec]
) -> list[tuple[PersonId, PersonId, int]]:
    if node is None:
        return []
    bonds = []
    for entry in reader.sequence(node, "'bonds'").items:
        pair = reader.sequence(entry, "a bond")
        if len(pair.items) != 2:
            raise reader.fail(entry.line, "a bond joins exactly two people, like [kakashi, iruka]")
        a, b = (_person_ref(reader, n, people, "a bonded person") for n in pair.items)
        bonds.append((a, b, entry.line))
    return bonds


def _strangers(reader: Reader, node: Mapping) -> Strangers:
    reader.only_keys(node, {"count", "seed", "born", "names", "traits"}, "'strangers'")
    born = reader.sequence(reader.required(node, "born", "'strangers'"), "'born' (two dates)")
    if len(born.items) != 2:
        raise reader.fail(born.line, "'born' takes two dates: the earliest and the latest birth")
    born_from, born_to = (reader.day(n, "a birth date") for n in born.items)
    independent: dict[str, dict[str, float]] = {}
    exclusive: dict[str, dict[str, float]] = {}
    traits = node.entries.get("traits")
    for key, value in (reader.mapping(traits, "'traits'").entries if traits else {}).items():
        spec = reader.mapping(value, f"trait '{key}'")
        if "one of" in spec.entries:
            chances = _chances(reader, reader.mapping(spec.entries["one of"], "'one of'"), key)
            if abs(sum(chances.values()) - 1) > 1e-9:
                raise reader.fail(
                    spec.line, f"the chances under '{key}: one of' add up to {sum(chances.values()):g}, not 1"
                )
            exclusive[key] = chances
        else:
            independent[key] = _chances(reader, spec, key)
    names = DEFAULT_CULTURE
    if "names" in node.entries:
        names = reader.text(node.entries["names"], "'names' (a name culture such as ja_JP)")
        try:
            check_culture(names)
        except UnknownCulture as exc:
            raise reader.fail(node.entries["names"].line, str(exc)) from None
    return Strangers(
        reader.whole(
            reader.required(node, "count", "'strangers'"), "count", maximum=reader.bounds.max_strangers
        ),
        reader.whole(node.entries["seed"], "seed", maximum=MAX_SEED) if "seed" in node.entries else 0,
        born_from,
        born_to,
        independent,
        exclusive,
        names,
    )


def _chances(reader: Reader, node: Mapping, key: str) -> dict[str, float]:
    chances = {}
    for value, chance in node.entries.items():
        p = reader.number(chance, f"the chance of {key} '{value}'", minimum=0)
        if p > 1:
            raise reader.fail(chance.line, f"the chance of {key} '{value}' is {p:g}; a chance is at most 1")
        chances[value] = p
    return chances


def _items(reader: Reader, node: Node | None, people: dict[PersonId, PersonSpec]) -> dict[ItemId, ItemSpec]:
    items: dict[ItemId, ItemSpec] = {}
    if node is None:
        return items
    for key, value in reader.mapping(node, "'items'").entries.items():
        spec = reader.mapping(value, f"item '{key}'")
        reader.only_keys(spec, ITEM_KEYS, "an item")
        owner = _person_ref(reader, reader.required(spec, "owner", f"item '{key}'"), people, "the owner")
        what = reader.text(spec.entries["what"], "what it is") if "what" in spec.entries else key
        looks = reader.text(spec.entries["looks"], "what a finder sees") if "looks" in spec.entries else ""
        tells = _tells(reader, spec.entries.get("tells")) + _tells(
            reader, spec.entries.get("suggests"), carried=True
        )
        since = None
        if "since" in spec.entries:
            raw = reader.text(spec.entries["since"], "since")
            since, _ = parse_moment(reader, raw, spec.entries["since"].line, people[owner].home.tz, people)
        count = reader.whole(spec.entries["count"], "count", minimum=1) if "count" in spec.entries else 1
        if len(items) + count > reader.bounds.max_items:
            raise reader.fail(
                spec.line,
                f"this makes more than {reader.bounds.max_items:,} items, the most a story may have here",
            )
        ids = [key] if count == 1 else [f"{key}-{n}" for n in range(1, count + 1)]
        for item_id in ids:
            items[ItemId(item_id)] = ItemSpec(ItemId(item_id), owner, what, tells, since, spec.line, looks)
    return items


def _tells(reader: Reader, node: Node | None, *, carried: bool = False) -> tuple[Disclosure, ...]:
    """``tells``: what is on the item; ``suggests`` (``carried``): what carrying it says of its loser."""
    if node is None:
        return ()
    what = "'suggests'" if carried else "'tells'"
    disclosures: list[Disclosure] = []
    for entry in reader.sequence(node, what).items:
        if isinstance(entry, Text):
            word = entry.value.strip().lower()
            if word == "age":
                disclosures.append(TellsAge(0, carried))
            elif word in TELLS_WORDS:
                disclosures.extend(TellsTrait(k, carried=carried) for k in TELLS_WORDS[word])
            else:
                disclosures.append(TellsTrait(word, carried=carried))
            continue
        pair = reader.mapping(entry, "what an item tells")
        for key, value in pair.entries.items():
            if key == "age":
                spread = reader.whole(value, "age give or take (years)", maximum=MAX_AGE_SPREAD_YEARS)
                disclosures.append(TellsAge(spread, carried))
            elif key == "note":
                disclosures.append(TellsNote(reader.text(value, "a note"), carried))
            else:
                disclosures.append(TellsTrait(key, reader.text(value, f"the {key} it tells"), carried))
    return tuple(disclosures)
