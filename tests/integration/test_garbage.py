"""A change saved, or a look taken, leaves no cycles behind: each request's slice of the world is freed the
moment it is answered, not kept until the garbage collector's next pass (a pause for every request)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from soulbond.service import possessions, views
from tests.integration.factories import add_item, make_pair
from tests.integration.peek import AnyLive


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cycles_left(act: Callable[[], object]) -> int:
    gc.collect()
    act()
    return gc.collect()


def test_a_loss_and_a_look_at_the_floor_leave_nothing_for_the_collector(
    live: AnyLive, collector_off: None
) -> None:
    make_pair(live)
    for n in range(3):
        add_item(live, "iruka", f"thing {n}")

    def lose(n: int) -> Callable[[], object]:
        return lambda: possessions.report_loss(
            possessions.ReportLoss("iruka", f"thing {n}", "dropped", f"key {n}"), live.uow()
        )

    def look() -> object:
        return views.floor_view(views.ForPerson("kakashi"), live.uow())

    # The first of each fills caches built once (statements, plans), which may hold cycles of their own.
    lose(0)()
    look()
    assert cycles_left(lose(1)) == 0
    assert cycles_left(look) == 0
