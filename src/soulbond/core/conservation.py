"""Conservation as code: every item in exactly one place, none duplicated, none vanished."""

from __future__ import annotations

from collections import Counter

from soulbond.core.errors import ConservationBroken
from soulbond.core.items import Whereabouts
from soulbond.core.state import WorldState
from soulbond.core.transference import DeliveryState


def conservation_problems(world: WorldState) -> list[str]:
    problems: list[str] = []
    where = world._where
    seen: Counter[str] = Counter()
    for (kind, person), items in world._contents.items():
        for item in items:
            seen[item] += 1
            place = where.get(item)
            if place is None or (place.where, place.person) != (kind, person):
                problems.append(f"'{item}' is listed {kind} of {person} but recorded as {place}")
    for item in world.items:
        if item not in where:
            problems.append(f"'{item}' has vanished: it is in no place at all")
        if seen[item] != 1:
            problems.append(f"'{item}' is in {seen[item]} places at once")
    for item in where:
        if item not in world.items:
            problems.append(f"'{item}' is somewhere but was never registered")
    pending: Counter[str] = Counter(d.item for d in world.deliveries if d.state is DeliveryState.PENDING)
    for item, place in where.items():
        in_transit = place.where is Whereabouts.IN_TRANSIT
        if in_transit != (pending[item] == 1) or pending[item] > 1:
            problems.append(f"'{item}' is {place.where} but has {pending[item]} pending deliveries")
    return problems


def check_conservation(world: WorldState) -> None:
    problems = conservation_problems(world)
    if problems:
        raise ConservationBroken("; ".join(problems))
