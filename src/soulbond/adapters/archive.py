"""The stored world as a whole: import, export, and fate's bookkeeping in the ``world`` row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, exists, func, or_, select, update

from soulbond.adapters import tables as t
from soulbond.adapters.export import export_world
from soulbond.adapters.store import is_empty, store_world
from soulbond.core.bonds import BondState
from soulbond.core.foundation import OPEN, CaseId, CaseState
from soulbond.core.items import Whereabouts
from soulbond.core.people import PersonId
from soulbond.core.transference import DeliveryState
from soulbond.service.ports import ExportedWorld, FateState, ImportedStory, RegisteredPerson, WorldCounts


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

    def counts(self, due_by: datetime) -> WorldCounts:
        people = t.people.c
        by_life = (
            select(people.died.is_(None), func.count())
            .where(~people.stranger)
            .group_by(people.died.is_(None))
        )
        living = {bool(row[0]): int(row[1]) for row in self.c.execute(by_life)}
        strangers = self.c.execute(select(func.count()).where(people.stranger)).scalar_one()
        bonds = dict.fromkeys((s.value for s in BondState), 0)
        query = select(t.bonds.c.state, func.count()).group_by(t.bonds.c.state)
        bonds.update({row[0]: int(row[1]) for row in self.c.execute(query)})
        pending = t.deliveries.c.state == DeliveryState.PENDING.value
        in_transit = self.c.execute(select(func.count()).where(pending)).scalar_one()
        due = self.c.execute(select(func.count()).where(pending, t.deliveries.c.due <= due_by)).scalar_one()
        open_states = [state.value for state in CaseState if state in OPEN]
        query = (
            select(t.cases.c.state, func.count())
            .where(t.cases.c.state.in_(open_states))
            .group_by(t.cases.c.state)
        )
        cases = {row[0]: int(row[1]) for row in self.c.execute(query)}
        return WorldCounts(
            living.get(True, 0), living.get(False, 0), int(strangers), bonds, int(in_transit), int(due), cases
        )

    def registered(self, limit: int) -> list[RegisteredPerson]:
        people = t.people.c
        query = (
            select(
                people.id, people.given_name, people.family_name, people.born, people.died, people.home_place
            )
            .where(~people.stranger)
            .order_by(people.id)
            .limit(limit)
        )
        return [
            RegisteredPerson(PersonId(row[0]), f"{row[1]} {row[2]}", row[3], row[4], row[5])
            for row in self.c.execute(query)
        ]

    def staff(self) -> tuple[list[PersonId], list[PersonId]]:
        applied = select(t.job_applications.c.person).order_by(t.job_applications.c.person)
        hired = select(t.caseworkers.c.person).order_by(t.caseworkers.c.person)
        return (
            [PersonId(p) for p in self.c.execute(applied).scalars()],
            [PersonId(p) for p in self.c.execute(hired).scalars()],
        )
