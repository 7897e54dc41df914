"""Fate in a live world: losses at each person's carefulness, once each, however the clock moves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from soulbond.adapters import tables
from soulbond.bootstrap import Live
from soulbond.core.errors import InvalidInput, TimeWentBackwards
from soulbond.service import clock, fate
from tests.integration.factories import add_item, drain, dump, register

CAREFUL, CARELESS = 0.5, 60.0


def _world(live: Live, seed: int = 7) -> None:
    with live.engine.begin() as connection:
        connection.execute(update(tables.world).values(seed=seed))
    register(live, "gai", family="Maito", handle="+81-3", carefulness=CARELESS, born=date(1976, 1, 1))
    register(live, "kakashi", family="Hatake", handle="+81-1", carefulness=CARELESS, soulmate="gai")
    register(live, "iruka", handle="+81-2", carefulness=CAREFUL)
    for person in ("gai", "kakashi", "iruka"):
        for n in range(4):
            add_item(live, person, f"{person}-thing-{n}")


def _losses(live: Live) -> list[tuple[Any, ...]]:
    ledger = tables.ledger.c
    with live.engine.connect() as connection:
        query = select(ledger.at, ledger.actor, ledger.item, ledger.text).where(ledger.kind == "lost")
        return list(connection.execute(query.order_by(ledger.at, ledger.id)))


def test_ten_one_day_steps_make_the_same_fated_losses_as_one_ten_day_step(live: Live) -> None:
    _world(live)
    before = dump(live)
    in_one = clock.advance_clock(clock.AdvanceClock(timedelta(days=10)), live.uow())
    drain(live)
    one_step = _losses(live)
    one_state = {name: rows for name, rows in dump(live).items() if name not in ("ledger", "idempotency")}

    # The same world again, from the same start, moved a day at a time (and a worker between steps).
    with live.engine.begin() as connection:
        for table in reversed(tables.metadata.sorted_tables):
            connection.execute(table.delete())
            rows = before[table.name]
            if rows:
                connection.execute(table.insert(), [dict(zip(table.c.keys(), row, strict=True)) for row in rows])
    total = 0
    for _ in range(10):
        total += clock.advance_clock(clock.AdvanceClock(timedelta(days=1)), live.uow()).fated_losses
        drain(live)
    assert _losses(live) == one_step
    assert {name: rows for name, rows in dump(live).items() if name not in ("ledger", "idempotency")} == one_state
    assert total == in_one.fated_losses == len(one_step)
    assert len(one_step) >= 3, "sixty losses a year for two people over ten days makes some"
    assert {row.actor for row in one_step} <= {"gai", "kakashi", "iruka"}


def test_the_loser_is_not_told_and_fate_never_runs_the_same_span_twice(live: Live) -> None:
    _world(live)
    moved = clock.advance_clock(clock.AdvanceClock(timedelta(days=10)), live.uow())
    losses = _losses(live)
    assert moved.fated_losses == len(losses) > 0
    assert all(row.text.endswith("(unnoticed)") for row in losses)
    with live.engine.connect() as connection:
        assert connection.execute(select(tables.messages)).first() is None
    # Running fate again at the same moment makes nothing more happen.
    assert fate.run_fate(live.uow()).losses == 0
    assert _losses(live) == losses


def test_setting_the_clock_back_is_refused_and_changes_nothing(live: Live) -> None:
    _world(live)
    clock.advance_clock(clock.AdvanceClock(timedelta(days=1)), live.uow())
    before = dump(live)
    with live.uow() as uow:
        now = uow.now()
    with pytest.raises(TimeWentBackwards, match="only moves forward"):
        clock.set_clock(clock.SetClock(now - timedelta(minutes=1)), live.uow())
    with pytest.raises(InvalidInput, match="only moves forward"):
        clock.advance_clock(clock.AdvanceClock(timedelta(hours=-1)), live.uow())
    assert dump(live) == before
