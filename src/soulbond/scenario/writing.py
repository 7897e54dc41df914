"""Writing scenario files: the format's words for values, and the file itself.

The inverse of ``parse``: a live world's export (``soulbond world export``)
builds a plain document with these helpers and ``dump`` writes it as YAML that
``load_scenario`` reads back. Moments are written in UTC to the minute, the
format's own precision.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import yaml

from soulbond.core.items import Disclosure, TellsAge, TellsNote, TellsTrait
from soulbond.core.people import Home, PersonId
from soulbond.scenario.actions import Move
from soulbond.scenario.model import Scenario, Strangers


def when(at: datetime) -> str:
    """A moment as a scenario writes it: UTC, to the minute (seconds are dropped)."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def home(place: Home) -> dict[str, str]:
    return {"place": place.place, "tz": place.tz, "wakes": place.wakes.strftime("%H:%M")}


def tells(disclosures: tuple[Disclosure, ...], *, carried: bool = False) -> list[Any]:
    """What is on an item (or, ``carried``, what carrying it suggests), in the words ``parse`` reads back."""
    words: list[Any] = []
    for d in disclosures:
        if d.carried != carried:
            continue
        if isinstance(d, TellsAge):
            words.append({"age": d.within})
        elif isinstance(d, TellsNote):
            words.append({"note": d.text})
        elif isinstance(d, TellsTrait):
            words.append(d.key if d.only is None else {d.key: d.only})
    return words


def strangers_json(spec: Strangers) -> str:
    """The strangers' distributions, kept with a live world so that an export can write them back."""
    return json.dumps(
        {
            "count": spec.count,
            "seed": spec.seed,
            "born": [spec.born_from.isoformat(), spec.born_to.isoformat()],
            "independent": spec.independent,
            "exclusive": spec.exclusive,
            "names": spec.names,
        },
        # Unsorted: strangers are drawn trait by trait in the file's order, so order is part of the seed.
    )


def strangers_entry(stored: str) -> dict[str, Any]:
    """The ``world: strangers:`` entry for distributions kept by ``strangers_json``."""
    raw = json.loads(stored)
    traits: dict[str, Any] = {key: _chances(c) for key, c in raw["independent"].items()}
    traits |= {key: {"one of": _chances(c)} for key, c in raw["exclusive"].items()}
    born = [date.fromisoformat(day) for day in raw["born"]]
    entry: dict[str, Any] = {"count": raw["count"], "seed": raw["seed"], "born": born}
    if "names" in raw:
        entry["names"] = raw["names"]
    if traits:
        entry["traits"] = traits
    return entry


def _chances(chances: dict[str, float]) -> dict[str, float]:
    return {value: float(p) for value, p in chances.items()}


def home_history(scenario: Scenario) -> list[tuple[PersonId, datetime | None, Home]]:
    """Every home each person of a story has, from when (``None``: from the start)."""
    homes: list[tuple[PersonId, datetime | None, Home]] = [
        (person.id, None, person.home) for person in scenario.people.values()
    ]
    moves = [e for e in scenario.events if isinstance(e, Move) and e.at is not None]
    for move in sorted(moves, key=lambda e: e.at or scenario.start):
        homes.append((move.person, move.at, move.home))
    return homes


def dump(document: dict[str, Any], *, header: str = "") -> str:
    """The document as a scenario file."""
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return lines + body
