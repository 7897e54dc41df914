"""Deliveries and severances that fall due: the worker's use cases.

A delivery happens once: its row leaves ``pending`` only through a write that
checks it is still pending, and the ledger holds at most one arrival per
delivery, so a worker that crashed or raced another loses and duplicates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.transference import DeliveryState
from soulbond.service.errors import NotDueYet, NothingToDeliver, UnknownDelivery
from soulbond.service.ports import REGISTRAR, UnitOfWork, Wanted
from soulbond.service.results import Delivered, MadeHappen
from soulbond.service.transaction import once


@dataclass(frozen=True)
class DeliverDue:
    delivery: int
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def deliver(cmd: DeliverDue, uow: UnitOfWork) -> Delivered:
    """Make one due delivery happen now (the worker does this for everything due)."""

    def run() -> Delivered:
        return Delivered(cmd.delivery, _deliver_one(uow, cmd.delivery, uow.now()))

    with uow:
        delivered = once(uow, "deliver", cmd, Delivered, run)
        uow.commit()
        return delivered


@dataclass(frozen=True)
class DeliverAllDue:
    """The registrar makes everything due happen now, as the worker would, up to ``limit`` in one go."""

    limit: int
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return REGISTRAR


def deliver_all_due(cmd: DeliverAllDue, uow: UnitOfWork) -> MadeHappen:
    def run() -> MadeHappen:
        return MadeHappen(_deliver_due(uow, cmd.limit))

    with uow:
        made = once(uow, "deliver_all_due", cmd, MadeHappen, run)
        uow.commit()
        return made


def _deliver_one(uow: UnitOfWork, delivery: int, now: datetime) -> str:
    state = uow.world.delivery_state(delivery)
    if state is None:
        raise UnknownDelivery(f"there is no delivery {delivery}")
    if state[0] is not DeliveryState.PENDING:
        why = (
            "it already arrived" if state[0] is DeliveryState.DELIVERED else "its bond stopped carrying first"
        )
        raise NothingToDeliver(f"delivery {delivery} cannot happen: {why}")
    due = state[1]
    if due > now:
        raise NotDueYet(f"delivery {delivery} is due at {due.isoformat()}, not yet")
    world = uow.world.load(Wanted(deliveries={delivery}, catch_up=False))
    pending = [d for d in world.deliveries if d.state is DeliveryState.PENDING]
    world.advance(due)
    uow.world.save(world)
    return str(pending[0].item) if pending else ""


def deliver_due(uow: UnitOfWork, limit: int) -> int:
    """Claim up to ``limit`` due deliveries and due severances and make them happen in one transaction.

    The claimed deliveries are made in one slice of the world, in the order they
    fall due, so a batch costs one load and one write-back however many it holds.
    """
    with uow:
        done = _deliver_due(uow, limit)
        uow.commit()
        return done


def _deliver_due(uow: UnitOfWork, limit: int) -> int:
    now = uow.now()
    done = 0
    claimed = uow.world.due_deliveries(now, limit)
    if claimed:
        world = uow.world.load(Wanted(deliveries=set(claimed), catch_up=False))
        dues = [d.due for d in world.deliveries if d.state is DeliveryState.PENDING]
        if dues:
            world.advance(max(dues))
        uow.world.save(world)
        done += len(claimed)
    for case in uow.world.due_severances(now, limit):
        world = uow.world.load(Wanted(cases={case}, casework=True))
        world.advance(now)
        uow.world.save(world)
        done += 1
    return done
