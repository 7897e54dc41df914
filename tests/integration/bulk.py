"""Big worlds built straight in the core and stored in one go, for tests about many deliveries at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from soulbond.adapters.store import store_world
from soulbond.bootstrap import Live
from soulbond.core import Home, Item, ItemId, Person, PersonId, World
from soulbond.core.items import TellsAge

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)


def in_transit(pairs: int, items: int) -> World:
    """``pairs`` bonded pairs and ``items`` things, the n-th lost n seconds after T0, none arrived yet."""
    world = World()
    for n in range(pairs * 2):
        tz = ["Europe/London", "Asia/Tokyo", "America/New_York"][n % 3]
        world.register(Person(PersonId(f"p{n}"), f"P{n}", "Doe", date(1980, 1, 1), Home("home", tz)), T0)
    for n in range(pairs):
        world.declare_bond(PersonId(f"p{2 * n}"), PersonId(f"p{2 * n + 1}"), T0)
    for n in range(items):
        world.add_item(
            Item(ItemId(f"i{n}"), f"thing {n}", (TellsAge(),)), PersonId(f"p{n % (pairs * 2)}"), T0
        )
    for n in range(items):
        world.lose(ItemId(f"i{n}"), T0 + timedelta(seconds=n))
    return world


def store(live: Live, world: World, clock_at: datetime) -> None:
    """Write ``world`` into an upgraded, empty database, its simulated clock at ``clock_at``."""
    with live.uow() as uow:
        store_world(uow.connection, world, clock_at=clock_at)
        uow.commit()
