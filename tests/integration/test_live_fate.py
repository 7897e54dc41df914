"""Fate in a live world: losses at each person's carefulness, once each, however the clock moves."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from soulbond.adapters import tables
from soulbond.bootstrap import Live, bootstrap
from soulbond.core.errors import InvalidInput, TimeWentBackwards
from soulbond.service import clock, fate
from soulbond.settings import Settings
from tests.integration.factories import T0, add_item, drain, register
from tests.integration.peek import AnyLive, dump, ledger, messages_delivered

CAREFUL, CARELESS = 0.5, 200.0


def _world(live: AnyLive, seed: int | None = None) -> None:
    if seed is not None and isinstance(live, Live):
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


def _fresh(template: Path, path: Path) -> Live:
    shutil.copy(template, path)
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    _world(live, seed=7)
    return live


def _state(live: Live) -> dict[str, list[tuple[Any, ...]]]:
    """Where every item is, and every delivery's journey."""
    i, d = tables.items.c, tables.deliveries.c
    with live.engine.connect() as connection:
        return {
            "items": list(connection.execute(select(i.id, i.where, i.person, i.how).order_by(i.id))),
            "deliveries": list(
                connection.execute(
                    select(d.item, d.loser, d.recipient, d.lost_at, d.due, d.state).order_by(
                        d.lost_at, d.item
                    )
                )
            ),
        }


def test_ten_one_day_steps_make_the_same_fated_losses_as_one_ten_day_step(
    sqlite_template: Path, tmp_path: Path
) -> None:
    at_once, daily = _fresh(sqlite_template, tmp_path / "a.db"), _fresh(sqlite_template, tmp_path / "b.db")
    in_one = clock.advance_clock(clock.AdvanceClock(timedelta(days=10)), at_once.uow())
    drain(at_once)
    total = 0
    for _ in range(10):
        total += clock.advance_clock(clock.AdvanceClock(timedelta(days=1)), daily.uow()).fated_losses
        drain(daily)
    one_step = _losses(at_once)
    assert _losses(daily) == one_step
    assert _state(daily) == _state(at_once)
    assert total == in_one.fated_losses == len(one_step)
    assert len(one_step) >= 3, "two hundred losses a year for two people over ten days makes some"
    at_once.close()
    daily.close()


def _lost(live: AnyLive) -> list[tuple[str, str]]:
    return [entry for entry in ledger(live) if entry[0] == "lost"]


def test_the_loser_is_not_told_and_fate_never_runs_the_same_span_twice(live: AnyLive) -> None:
    _world(live)
    moved = clock.advance_clock(clock.AdvanceClock(timedelta(days=10)), live.uow())
    losses = _lost(live)
    assert moved.fated_losses == len(losses) > 0
    assert all(text.endswith("(unnoticed)") for _, text in losses)
    assert messages_delivered(live) == []
    # Running fate again at the same moment makes nothing more happen.
    assert fate.run_fate(live.uow()).losses == 0
    assert _lost(live) == losses


def test_setting_the_clock_back_is_refused_and_changes_nothing(live: AnyLive) -> None:
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
