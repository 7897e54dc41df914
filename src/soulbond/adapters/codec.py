"""The core's small value objects as JSON, for columns that hold a structure."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from soulbond.core.items import (
    AliveAround,
    BornBetween,
    Disclosure,
    Fact,
    HasTrait,
    Note,
    TellsAge,
    TellsNote,
    TellsTrait,
)


def moment(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def world_moment(row: Any) -> datetime:
    """The world's clock as its row keeps it (a table's row or the memory store's): the simulated
    moment, or the real time."""
    if row.clock == "simulated" and row.simulated_now is not None:
        return row.simulated_now  # type: ignore[no-any-return]
    return datetime.now(UTC)


def fact_to_json(fact: Fact) -> dict[str, Any]:
    if isinstance(fact, BornBetween):
        return {"born_between": [fact.earliest.isoformat(), fact.latest.isoformat()]}
    if isinstance(fact, HasTrait):
        return {"trait": fact.key, "value": fact.value, "as_of": fact.as_of.isoformat()}
    if isinstance(fact, AliveAround):
        since = {} if fact.since is None else {"since": fact.since.isoformat()}
        return {"alive_around": fact.arrived.isoformat(), **since}
    return {"note": fact.text}


def fact_from_json(raw: dict[str, Any]) -> Fact:
    if "born_between" in raw:
        earliest, latest = raw["born_between"]
        return BornBetween(date.fromisoformat(earliest), date.fromisoformat(latest))
    if "trait" in raw:
        return HasTrait(raw["trait"], raw["value"], moment(raw["as_of"]))
    if "alive_around" in raw:
        return AliveAround(moment(raw["alive_around"]), moment(raw["since"]) if "since" in raw else None)
    return Note(raw["note"])


def dump_facts(facts: tuple[Fact, ...] | list[Fact]) -> str:
    return json.dumps([fact_to_json(f) for f in facts], separators=(",", ":"))


def load_facts(text: str) -> tuple[Fact, ...]:
    return tuple(fact_from_json(raw) for raw in json.loads(text))


def disclosure_to_json(disclosure: Disclosure) -> dict[str, Any]:
    """What is on an item, or (``carried``) what carrying it suggests; stored rows without the key are on it."""
    raw: dict[str, Any]
    if isinstance(disclosure, TellsAge):
        raw = {"age": disclosure.within}
    elif isinstance(disclosure, TellsTrait):
        raw = {"trait": disclosure.key, "only": disclosure.only}
    else:
        raw = {"note": disclosure.text}
    if disclosure.carried:
        raw["carried"] = True
    return raw


def disclosure_from_json(raw: dict[str, Any]) -> Disclosure:
    carried = bool(raw.get("carried", False))
    if "age" in raw:
        return TellsAge(int(raw["age"]), carried)
    if "trait" in raw:
        return TellsTrait(raw["trait"], raw.get("only"), carried)
    return TellsNote(raw["note"], carried)


def dump_disclosures(disclosures: tuple[Disclosure, ...]) -> str:
    return json.dumps([disclosure_to_json(d) for d in disclosures], separators=(",", ":"))


def load_disclosures(text: str) -> tuple[Disclosure, ...]:
    return tuple(disclosure_from_json(raw) for raw in json.loads(text))


def wake_text(wakes: time) -> str:
    return wakes.strftime("%H:%M:%S")


def wake_time(text: str) -> time:
    return time.fromisoformat(text)
