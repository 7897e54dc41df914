"""Small helpers for building live worlds through the use cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from soulbond.core.items import Disclosure
from soulbond.service import deliveries, possessions, registry
from tests.integration.peek import AnyLive, dump, ledger, place_of

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)
"""A Monday noon in UTC, far from any change of clocks."""


def register(
    live: AnyLive,
    id: str,
    *,
    family: str = "Umino",
    born: date = date(1980, 5, 26),
    tz: str = "Europe/London",
    wakes: time = time(7, 0),
    handle: str | None = None,
    soulmate: str | None = None,
    carefulness: float = 1.0,
    **traits: str,
) -> str:
    values = {key: frozenset({value}) for key, value in traits.items()}
    if handle is not None:
        values["handle"] = frozenset({handle})
    registry.register_person(
        registry.RegisterPerson(
            id,
            id.capitalize(),
            family,
            born,
            f"{id}'s home",
            tz,
            wakes,
            carefulness,
            values,
            soulmate=soulmate,
        ),
        live.uow(),
    )
    return id


def make_pair(live: AnyLive, a: str = "kakashi", b: str = "iruka", **b_traits: Any) -> tuple[str, str]:
    register(live, a, family="Hatake", handle="+81-1", born=date(1976, 9, 15))
    register(live, b, handle="+81-2", soulmate=a, **b_traits)
    return a, b


def add_item(live: AnyLive, owner: str, item: str, *tells: Disclosure) -> str:
    possessions.add_possession(possessions.AddPossession(item, owner, f"a {item}", tuple(tells)), live.uow())
    return item


def advance(live: AnyLive, by: timedelta) -> datetime:
    with live.uow() as uow:
        now = uow.advance_clock(by)
        uow.commit()
    return now


def drain(live: AnyLive) -> int:
    total = 0
    while done := deliveries.deliver_due(live.uow(), 100):
        total += done
    return total


def ledger_kinds(live: AnyLive) -> list[str]:
    return [kind for kind, _ in ledger(live)]


__all__ = ["T0", "add_item", "advance", "drain", "dump", "ledger_kinds", "make_pair", "place_of", "register"]
