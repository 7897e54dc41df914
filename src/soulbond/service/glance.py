"""The registrar's view of the world at a glance: counts, what falls due today, and who is registered.

Only what the registrar keeps anyway (the register, bonds as counts, the
Foundation's queue as counts): no one's knowledge, inbox or soulmate is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from soulbond.service.ports import RegisteredPerson, UnitOfWork, WorldCounts

LISTED = 200


@dataclass(frozen=True)
class WorldAtAGlance:
    now: str
    simulated: bool
    today_ends: str
    """The end of the world's day (UTC): deliveries due before it are 'due today'."""
    counts: WorldCounts
    due_now: int
    """Deliveries due already, waiting for the worker."""
    people: list[RegisteredPerson]
    """The first ``LISTED`` registered people, by id."""


def world_at_a_glance(uow: UnitOfWork) -> WorldAtAGlance:
    with uow:
        now = uow.now().astimezone(UTC)
        today_ends = datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=UTC)
        counts = uow.archive.counts(today_ends)
        due_now = uow.archive.counts(now).due_by
        return WorldAtAGlance(
            now.isoformat(),
            uow.archive.clock_is_simulated(),
            today_ends.isoformat(),
            counts,
            due_now,
            uow.archive.registered(LISTED),
        )
