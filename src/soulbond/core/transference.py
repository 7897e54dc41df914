"""The law of transference: when a lost item reaches the soulmate's floor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from soulbond.core.items import Fact, ItemId
from soulbond.core.people import Home, PersonId


def next_wake(home: Home, after: datetime) -> datetime:
    """The first wake time at ``home`` strictly after ``after``, in UTC.

    Wake times are wall-clock times in the home's zone. On the morning clocks
    spring forward past the wake time, the sleeper wakes as many minutes after
    the gap as the wake time lay inside it (07:30 in a 07:00-08:00 gap becomes
    08:30); on the morning clocks fall back through it, the first of the two
    07:30s counts.
    """
    tz = home.zone
    local_day = after.astimezone(tz).date()
    for offset in range(3):
        day = local_day + timedelta(days=offset)
        # fold=0 picks the earlier instant of a repeated wall time and shifts a
        # skipped one forward by the length of the gap.
        candidate = datetime.combine(day, home.wakes, tzinfo=tz).astimezone(UTC)
        if candidate > after:
            return candidate
    raise AssertionError("a wake time always falls within three local days")  # pragma: no cover


def is_wake_time(home: Home, moment: datetime) -> bool:
    """Whether ``moment`` is one of ``home``'s wake times."""
    return next_wake(home, moment - timedelta(microseconds=1)) == moment.astimezone(UTC)


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    STAYED = "stayed where it fell"


@dataclass(slots=True)
class Delivery:
    """One lost item's trip across a bond, due at the soulmate's next wake."""

    id: int
    item: ItemId
    loser: PersonId
    recipient: PersonId
    lost_at: datetime
    due: datetime
    facts: tuple[Fact, ...]
    state: DeliveryState = DeliveryState.PENDING
