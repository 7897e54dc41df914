"""The in-memory world as a whole: fate's bookkeeping and the Foundation's queues, as ``archive`` does in SQL.

Stories are not imported into or exported from memory: that is what a database is for.
"""

from __future__ import annotations

from datetime import datetime

from soulbond.adapters.memory_tables import Changes
from soulbond.core.bonds import BondState
from soulbond.core.errors import InvalidInput
from soulbond.core.foundation import OPEN, CaseId, CaseState
from soulbond.core.items import Whereabouts
from soulbond.core.people import PersonId
from soulbond.core.transference import DeliveryState
from soulbond.service.ports import ExportedWorld, FateState, ImportedStory, RegisteredPerson, WorldCounts

NO_STORIES = "an in-memory world neither imports nor exports stories; use a database (SOULBOND_DATABASE_URL)"


class MemoryArchive:
    def __init__(self, changes: Changes) -> None:
        self.changes = changes

    def is_empty(self) -> bool:
        return not self.changes.tables.people

    def has_history(self) -> bool:
        return bool(self.changes.tables.ledger)

    def clock_is_simulated(self) -> bool:
        return self.changes.tables.world.clock == "simulated"

    def store(self, story: ImportedStory) -> None:
        raise InvalidInput(NO_STORIES)

    def export(self) -> ExportedWorld:
        raise InvalidInput(NO_STORIES)

    def fate(self) -> FateState:
        row = self.changes.tables.world
        return FateState(row.seed, row.fate_until)

    def fate_ran_until(self, at: datetime) -> None:
        self.changes.set_world(fate_until=at)

    def fated_people(self, since: datetime) -> list[tuple[PersonId, float]]:
        tables = self.changes.tables
        holders = {
            place.person
            for (_, place) in (row.value for row in tables.items.values())
            if place.where is Whereabouts.HELD
        }
        return sorted(
            (person.id, person.carefulness)
            for person in (row.value for row in tables.people.values())
            if person.id in holders
            and person.carefulness > 0
            and (person.died is None or person.died > since)
        )

    def queue_of(self, caseworker: PersonId) -> list[CaseId]:
        mine = []
        for case in (row.value for row in self.changes.tables.cases.values()):
            if case.state not in OPEN:
                continue
            hearing = case.state is CaseState.APPEAL_UNDER_REVIEW
            if (hearing and case.appeal_judge == caseworker) or (
                not hearing and case.caseworker == caseworker
            ):
                mine.append(case.id)
        return sorted(mine)

    def untaken_cases(self) -> dict[str, int]:
        counts = {CaseState.FILED.value: 0, CaseState.APPEALED.value: 0}
        for case in (row.value for row in self.changes.tables.cases.values()):
            if case.state.value in counts:
                counts[case.state.value] += 1
        return counts

    def waiting_cases(self, limit: int = 200) -> list[CaseId]:
        waiting = (CaseState.FILED, CaseState.APPEALED)
        cases = (row.value for row in self.changes.tables.cases.values())
        return sorted(case.id for case in cases if case.state in waiting)[:limit]

    def counts(self, due_by: datetime) -> WorldCounts:
        tables = self.changes.tables
        people = [row.value for row in tables.people.values()]
        bonds = dict.fromkeys((s.value for s in BondState), 0)
        for bond in (row.value for row in tables.bonds.values()):
            bonds[bond.state.value] += 1
        pending = [d.value for d in tables.deliveries.values() if d.value.state is DeliveryState.PENDING]
        cases: dict[str, int] = {}
        for case in (row.value for row in tables.cases.values()):
            if case.state in OPEN:
                cases[case.state.value] = cases.get(case.state.value, 0) + 1
        alive = sum(1 for p in people if p.died is None)
        return WorldCounts(
            alive,
            len(people) - alive,
            max(len(self.changes.census) - len(people), 0),
            bonds,
            len(pending),
            sum(1 for d in pending if d.due <= due_by),
            cases,
        )

    def registered(self, limit: int) -> list[RegisteredPerson]:
        people = sorted((row.value for row in self.changes.tables.people.values()), key=lambda p: p.id)
        return [RegisteredPerson(p.id, p.name, p.born, p.died, p.home.place) for p in people[:limit]]

    def staff(self) -> tuple[list[PersonId], list[PersonId]]:
        tables = self.changes.tables
        return sorted(tables.job_applications), sorted(tables.caseworkers)
