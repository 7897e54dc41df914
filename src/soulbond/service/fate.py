"""Fate in the live world: everyone alive who holds something loses things at their own carefulness rate.

Each fated loss happens exactly once, however the clock is moved: a UTC day's
losses for one person come from randomness seeded by (world seed, person, day),
so cutting ten days into one step or ten gives the same moments and the same
things lost, and the ``world`` row remembers how far fate has run. The loser is
not told: the loss is recorded as unnoticed, and nothing reaches their inbox.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from soulbond.core.events import Kind
from soulbond.core.fate import fated_loss_times
from soulbond.core.people import PersonId
from soulbond.service.ports import REGISTRAR, UnitOfWork, Wanted
from soulbond.service.results import FateRan
from soulbond.service.transaction import once

DAY = timedelta(days=1)


@dataclass(frozen=True)
class FatedLoss:
    at: datetime
    person: PersonId
    choice: random.Random
    """Chooses which of the person's things goes, the same however the span was cut."""


def fated_losses_between(
    seed: int, person: PersonId, carefulness: float, since: datetime, until: datetime
) -> list[FatedLoss]:
    """Every fated loss of ``person`` in [since, until), each with its own randomness."""
    losses: list[FatedLoss] = []
    since, until = since.astimezone(UTC), until.astimezone(UTC)
    day = datetime(since.year, since.month, since.day, tzinfo=UTC)
    while day < until:
        stream = random.Random(f"fate:{seed}:{person}:{day.date().isoformat()}")
        for n, moment in enumerate(fated_loss_times(carefulness, day, day + DAY, stream)):
            if since <= moment < until:
                choice = random.Random(f"choice:{seed}:{person}:{day.date().isoformat()}:{n}")
                losses.append(FatedLoss(moment, person, choice))
        day += DAY
    return losses


def let_fate_run(uow: UnitOfWork, until: datetime, *, since: datetime) -> int:
    """Inside an open unit of work: every fated loss from where fate stopped (or ``since``) up to ``until``."""
    state = uow.archive.fate()
    start = state.ran_until or since
    if until <= start:
        return 0
    losses = sorted(
        (
            loss
            for person, carefulness in uow.archive.fated_people(start)
            for loss in fated_losses_between(state.seed, person, carefulness, start, until)
        ),
        key=lambda loss: (loss.at, loss.person),
    )
    happened = 0
    if losses:
        people = {loss.person for loss in losses}
        world = uow.world.load(Wanted(people=people, holdings=people))
        for loss in losses:
            world.advance(loss.at)
            if world.person(loss.person).is_alive_at(loss.at):
                world.fated_loss(loss.person, loss.at, loss.choice)
        happened = sum(1 for event in world.events if event.kind is Kind.LOST)
        # What falls due after the last loss waits for the worker, as every delivery does.
        uow.world.save(world)
    uow.archive.fate_ran_until(until)
    return happened


@dataclass(frozen=True)
class RunFate:
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def run_fate(uow: UnitOfWork, cmd: RunFate = RunFate()) -> FateRan:
    """Fate catches up with the world's clock (the worker calls this on a real clock)."""

    def run() -> FateRan:
        now = uow.now()
        return FateRan(now.isoformat(), let_fate_run(uow, now, since=now))

    with uow:
        ran = once(uow, "run_fate", cmd, FateRan, run)
        uow.commit()
        return ran
