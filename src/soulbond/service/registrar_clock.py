"""The world's clock as use cases: read it, or (the registrar) move a simulated one forward."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta

from soulbond.service.errors import IdempotencyKeyReused
from soulbond.service.ports import REGISTRAR, UnitOfWork
from soulbond.service.transaction import fingerprint


@dataclass(frozen=True)
class ClockReading:
    now: str
    """The world's moment, ISO 8601 in UTC."""


@dataclass(frozen=True)
class AdvanceClock:
    seconds: int
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def read_clock(uow: UnitOfWork) -> ClockReading:
    with uow:
        return ClockReading(uow.now().isoformat())


def advance_clock(cmd: AdvanceClock, uow: UnitOfWork) -> ClockReading:
    """Never back; what falls due is delivered by the worker, and seen at once by whoever looks."""
    key = cmd.idempotency_key
    request = fingerprint("advance_clock", cmd)
    with uow:
        if key is not None:
            stored = uow.recall(cmd.actor, key)
            if stored is not None:
                if stored.fingerprint != request:
                    raise IdempotencyKeyReused(
                        f"you already used the idempotency key '{key}' for a different request; "
                        "send each new request with a fresh key"
                    )
                return ClockReading(**stored.result)
        reading = ClockReading(uow.advance_clock(timedelta(seconds=cmd.seconds)).isoformat())
        if key is not None:
            uow.remember(cmd.actor, key, "advance_clock", request, asdict(reading))
        uow.commit()
        return reading
