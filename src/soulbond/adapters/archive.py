"""The stored world as a whole: import, export, and fate's bookkeeping in the ``world`` row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, exists, func, or_, select, update

from soulbond.adapters import tables as t
from soulbond.adapters.export import export_world
from soulbond.adapters.store import is_empty, store_world
from soulbond.core.foundation import OPEN, CaseId, CaseState
from soulbond.core.items import Whereabouts
from soulbond.core.people import PersonId
from soulbond.service.ports import ExportedWorld, FateState, ImportedStory


class SqlArchive:
    def __init__(self, connection: Connection) -> None:
        self.c = connection

    def is_empty(self) -> bool:
        return is_empty(self.c)

    def has_history(self) -> bool:
        return self.c.execute(select(t.ledger.c.id).limit(1)).first() is not None

    def clock_is_simulated(self) -> bool:
        return bool(
            self.c.execute(select(t.world.c.clock).where(t.world.c.id == 1)).scalar_one() == "simulated"
        )

    def store(self, story: ImportedStory) -> None:
        store_world(
            self.c,
            story.world,
            clock_at=story.clock_at,
            homes=story.homes,
            strangers=story.strangers,
            title=story.title,
        )
        # Fate in the live world starts where the story ends: the story had its own.
        self.c.execute(
            update(t.world).where(t.world.c.id == 1).values(seed=story.seed, fate_until=story.clock_at)
        )

    def export(self) -> ExportedWorld:
        return export_world(self.c)

    def fate(self) -> FateState:
        row = self.c.execute(select(t.world.c.seed, t.world.c.fate_until).where(t.world.c.id == 1)).one()
        return FateState(int(row.seed), row.fate_until)

    def fate_ran_until(self, at: datetime) -> None:
        self.c.execute(update(t.world).where(t.world.c.id == 1).values(fate_until=at))

    def fated_people(self, since: datetime) -> list[tuple[PersonId, float]]:
        holds = exists().where(
            and_(t.items.c.person == t.people.c.id, t.items.c.where == Whereabouts.HELD.value)
        )
        query = (
            select(t.people.c.id, t.people.c.carefulness)
            .where(
                or_(t.people.c.died.is_(None), t.people.c.died > since),
                t.people.c.stranger.is_(False),
                t.people.c.carefulness > 0,
                holds,
            )
            .order_by(t.people.c.id)
        )
        return [(PersonId(r.id), float(r.carefulness)) for r in self.c.execute(query)]

    def queue_of(self, caseworker: PersonId) -> list[CaseId]:
        cases = t.cases.c
        query = (
            select(cases.id)
            .where(
                cases.state.in_([s.value for s in OPEN]),
                or_(
                    and_(cases.caseworker == caseworker, cases.state != CaseState.APPEAL_UNDER_REVIEW.value),
                    and_(
                        cases.appeal_judge == caseworker, cases.state == CaseState.APPEAL_UNDER_REVIEW.value
                    ),
                ),
            )
            .order_by(cases.id)
        )
        return [CaseId(c) for c in self.c.execute(query).scalars()]

    def untaken_cases(self) -> dict[str, int]:
        waiting = [CaseState.FILED.value, CaseState.APPEALED.value]
        query = (
            select(t.cases.c.state, func.count())
            .where(t.cases.c.state.in_(waiting))
            .group_by(t.cases.c.state)
        )
        counts = {state: 0 for state in waiting}
        counts.update({row[0]: int(row[1]) for row in self.c.execute(query)})
        return counts

    def waiting_cases(self, limit: int = 200) -> list[CaseId]:
        waiting = [CaseState.FILED.value, CaseState.APPEALED.value]
        query = select(t.cases.c.id).where(t.cases.c.state.in_(waiting)).order_by(t.cases.c.id).limit(limit)
        return [CaseId(c) for c in self.c.execute(query).scalars()]

    def staff(self) -> tuple[list[PersonId], list[PersonId]]:
        applied = select(t.job_applications.c.person).order_by(t.job_applications.c.person)
        hired = select(t.caseworkers.c.person).order_by(t.caseworkers.c.person)
        return (
            [PersonId(p) for p in self.c.execute(applied).scalars()],
            [PersonId(p) for p in self.c.execute(hired).scalars()],
        )
