"""The world's clock: read it, set it, advance it. It never goes back, and fate runs as it moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from soulbond.core.errors import InvalidInput
from soulbond.service import lengths
from soulbond.service.fate import let_fate_run
from soulbond.service.ports import REGISTRAR, UnitOfWork
from soulbond.service.results import Clock
from soulbond.service.transaction import once

EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
"""No clock is set before this moment (stories start after it too), so every moment has a UTC date."""


def _reading(uow: UnitOfWork, fated: int = 0) -> Clock:
    now = uow.now()
    due = uow.world.count_due(now)
    simulated = uow.archive.clock_is_simulated()
    return Clock(now.astimezone(UTC).isoformat(), simulated, fated, due)


def show_clock(uow: UnitOfWork) -> Clock:
    with uow:
        return _reading(uow)


@dataclass(frozen=True)
class SetClock:
    """A simulated clock set to ``at`` (an aware moment), or the real clock (``None``)."""

    at: datetime | None
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def set_clock(cmd: SetClock, uow: UnitOfWork) -> Clock:
    """Never to a moment before the world's clock once anything has happened, nor more than ten years on.

    Fate runs up to the new moment.
    """
    if cmd.at is not None and cmd.at.tzinfo is None:
        raise InvalidInput(f"{cmd.at.isoformat()} has no offset; give one, such as +00:00")
    if cmd.at is not None and cmd.at >= lengths.LATEST:
        raise InvalidInput(_too_late("the moment (at)", cmd.at))
    if cmd.at is not None and cmd.at < EARLIEST:
        # Compared before it is moved to UTC: year 1 with an offset east of Greenwich has no UTC date.
        raise InvalidInput(
            f"the moment (at) is {cmd.at.isoformat()}; the world's clock runs no earlier than {EARLIEST.isoformat()}"
        )
    at = None if cmd.at is None else cmd.at.astimezone(UTC)

    def run() -> Clock:
        before = uow.now()
        if at is not None and at - before > timedelta(days=lengths.SPAN_DAYS):
            # Fate runs over the whole way, as for an advance: a jump of centuries would hold the server.
            raise InvalidInput(
                f"the moment (at) is {(at - before).days:,} days after the world's clock; "
                f"the clock moves at most {lengths.SPAN_DAYS:,} days at once"
            )
        uow.use_clock(at)
        return _reading(uow, let_fate_run(uow, uow.now(), since=before))

    with uow:
        reading = once(uow, "set_clock", cmd, Clock, run)
        uow.commit()
        return reading


@dataclass(frozen=True)
class AdvanceClock:
    by: timedelta
    idempotency_key: str | None = None
    """Sent again under the same key, the clock moves once."""

    @property
    def actor(self) -> str:
        return REGISTRAR


def advance_clock(cmd: AdvanceClock, uow: UnitOfWork) -> Clock:
    """Move a simulated clock forward; fate makes the losses that fall in the span, telling no one."""
    if cmd.by <= timedelta(0):
        raise InvalidInput("a world's clock only moves forward; give a span longer than nothing, like 1d")
    if cmd.by > timedelta(days=lengths.SPAN_DAYS):
        raise InvalidInput(
            f"the span (by) is {cmd.by.days:,} days; the clock advances at most "
            f"{lengths.SPAN_DAYS:,} days at once"
        )

    def run() -> Clock:
        before = uow.now()
        if before + cmd.by >= lengths.LATEST:
            raise InvalidInput(_too_late("the span (by)", before + cmd.by))
        uow.advance_clock(cmd.by)
        return _reading(uow, let_fate_run(uow, uow.now(), since=before))

    with uow:
        reading = once(uow, "advance_clock", cmd, Clock, run)
        uow.commit()
        return reading


def _too_late(field: str, moment: datetime) -> str:
    return (
        # Shown as given: a moment near the calendar's end may have no UTC form at all.
        f"{field} would take the world's clock to {moment.isoformat()}; "
        f"it runs no later than {lengths.LATEST.isoformat()}"
    )
