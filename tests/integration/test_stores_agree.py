"""A shipped story imported into every store, then lived on the same way, looks the same from each."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from soulbond.adapters.memory import MemoryLive
from soulbond.adapters.store import store_world
from soulbond.bootstrap import Live, bootstrap, in_memory
from soulbond.scenario import load_scenario, replay, resolve
from soulbond.scenario.writing import home_history
from soulbond.service import views
from soulbond.settings import Settings
from tests.integration.conftest import PG_URL, empty
from tests.integration.factories import advance, drain
from tests.integration.peek import AnyLive, place_of

STRANGERS = 3_000
"""A town small enough to count in a moment: the stores must agree on any size."""


def imported(live: AnyLive, scenario: str) -> tuple[list[str], list[str]]:
    path, name = resolve(scenario)
    written = load_scenario(path, name=name)
    if written.strangers is not None:
        written = replace(written, strangers=replace(written.strangers, count=STRANGERS))
    story = replay(written)
    assert story.ok
    if isinstance(live, MemoryLive):
        live.store.store_world(story.world, clock_at=story.world.now)
    else:
        with live.uow() as uow:
            store_world(
                uow.connection, story.world, clock_at=story.world.now, homes=home_history(story.scenario)
            )
            uow.commit()
    return sorted(story.world.people), sorted(story.world.items)


def lived(live: AnyLive, scenario: str) -> list[Any]:
    """What everyone sees, day by day, for a few days after the story ends, and where everything is."""
    people, items = imported(live, scenario)
    seen: list[Any] = []
    for _ in range(3):
        advance(live, timedelta(days=1))
        seen.append(drain(live))
        for person in people:
            ask = views.ForPerson(person)
            seen.append(views.floor_view(ask, live.uow()))
            seen.append(views.knowledge_view(ask, live.uow()))
            seen.append(views.exposure_audit(ask, live.uow()))
    seen.extend(place_of(live, item) for item in items)
    return seen


@pytest.mark.parametrize("scenario", ["the-foundation", "lost-things"])
def test_every_store_shows_the_same_world_after_the_same_days(
    scenario: str, request: pytest.FixtureRequest, tmp_path: Any
) -> None:
    stores: list[AnyLive] = [in_memory()]
    sqlite = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'world.db'}"))
    sqlite.upgrade()
    stores.append(sqlite)
    if PG_URL is not None:
        postgres: Live = request.getfixturevalue("pg_live")
        empty(postgres)
        stores.append(postgres)
    first, *others = [lived(live, scenario) for live in stores]
    sqlite.close()
    for other in others:
        assert other == first
