"""A shipped story imported into every store, then lived on the same way, looks the same from each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

import pytest

from soulbond.adapters.memory import MemoryLive
from soulbond.adapters.store import store_world
from soulbond.bootstrap import Live, bootstrap, in_memory
from soulbond.core.errors import SoulbondError
from soulbond.scenario import load_scenario, replay, resolve
from soulbond.scenario.writing import home_history
from soulbond.service import possessions, views
from soulbond.settings import Settings
from tests.integration.conftest import PG_URL, empty
from tests.integration.factories import advance, drain
from tests.integration.peek import AnyLive, place_of

C = TypeVar("C")

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
    """What everyone sees and does, day by day, for a few days after the story ends, and where things are.

    Each day everyone keeps what lies on their floor, and on the first day
    everyone also loses the first thing in their exposure audit: answers and
    refusals alike go into the record.
    """
    people, items = imported(live, scenario)
    seen: list[Any] = []
    for day in range(3):
        advance(live, timedelta(days=1))
        seen.append(drain(live))
        for person in people:
            ask = views.ForPerson(person)
            floor = views.floor_view(ask, live.uow())
            audit = views.exposure_audit(ask, live.uow())
            seen += [floor, views.knowledge_view(ask, live.uow()), audit]
            for found in floor.items:
                seen.append(attempt(possessions.keep, possessions.FinderAct(person, found.item), live))
            if day == 0 and audit.possessions:
                lose = possessions.ReportLoss(person, audit.possessions[0].item)
                seen.append(attempt(possessions.report_loss, lose, live))
    seen.extend(place_of(live, item) for item in items)
    return seen


def attempt(use_case: Callable[[C, Any], object], command: C, live: AnyLive) -> object:
    try:
        return use_case(command, live.uow())
    except SoulbondError as refused:
        return (type(refused).__name__, refused.message)


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
