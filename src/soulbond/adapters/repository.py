"""The world repository over SQLAlchemy Core: slices in, changes out, queue queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select

from soulbond.adapters import tables as t
from soulbond.adapters.errors import translated
from soulbond.adapters.hydrate import Baseline, Hydrator, delivery_in
from soulbond.adapters.writeback import Writer
from soulbond.core.foundation import CaseId, CaseState
from soulbond.core.people import PersonId
from soulbond.core.transference import DeliveryState
from soulbond.core.world import World
from soulbond.service.ports import Wanted


class SqlWorldRepository:
    def __init__(
        self,
        connection: Connection,
        *,
        request_id: str | None = None,
        skip_locked: bool = False,
    ) -> None:
        self.connection = connection
        self.request_id = request_id
        self.idempotency_key: str | None = None
        self.skip_locked = skip_locked
        self._loaded: dict[int, tuple[World, Baseline]] = {}
        self.world_row: Row[Any] | None = None
        """The ``world`` row as this transaction read it, if it did."""

    def load(self, wanted: Wanted) -> World:
        world, base = Hydrator(self.connection, self.world_row).load(wanted)
        self._loaded[id(world)] = (world, base)
        return world

    def save(self, world: World) -> None:
        _, base = self._loaded.pop(id(world))
        # A write that meets a concurrent one (a failure to serialise on PostgreSQL) is a conflict here.
        with translated():
            Writer(self.connection, world, base).save(
                request_id=self.request_id, idempotency_key=self.idempotency_key
            )

    def due_deliveries(self, now: datetime, limit: int) -> list[int]:
        query = (
            select(t.deliveries.c.id)
            .where(delivery_in(DeliveryState.PENDING), t.deliveries.c.due <= now)
            .order_by(t.deliveries.c.due, t.deliveries.c.id)
            .limit(limit)
        )
        if self.skip_locked:
            query = query.with_for_update(skip_locked=True)
        return list(self.connection.execute(query).scalars())

    def delivery_state(self, delivery: int) -> tuple[DeliveryState, datetime] | None:
        row = self.connection.execute(
            select(t.deliveries.c.state, t.deliveries.c.due).where(t.deliveries.c.id == delivery)
        ).first()
        return None if row is None else (DeliveryState(row.state), row.due)

    def due_severances(self, now: datetime, limit: int) -> list[CaseId]:
        query = (
            select(t.cases.c.id)
            .where(t.cases.c.state == CaseState.APPROVED.value, t.cases.c.cooling_off_ends <= now)
            .order_by(t.cases.c.cooling_off_ends, t.cases.c.id)
            .limit(limit)
        )
        if self.skip_locked:
            query = query.with_for_update(skip_locked=True)
        return [CaseId(c) for c in self.connection.execute(query).scalars()]

    def count_due(self, now: datetime) -> int:
        deliveries = (
            select(func.count())
            .select_from(t.deliveries)
            .where(delivery_in(DeliveryState.PENDING), t.deliveries.c.due <= now)
        )
        severances = (
            select(func.count())
            .select_from(t.cases)
            .where(t.cases.c.state == CaseState.APPROVED.value, t.cases.c.cooling_off_ends <= now)
        )
        return int(self.connection.execute(deliveries).scalar_one()) + int(
            self.connection.execute(severances).scalar_one()
        )

    def case_people(self, case: CaseId) -> tuple[PersonId, PersonId] | None:
        row = self.connection.execute(
            select(t.cases.c.first, t.cases.c.second).where(t.cases.c.id == case)
        ).first()
        return None if row is None else (PersonId(row.first), PersonId(row.second))
