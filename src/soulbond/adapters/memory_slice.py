"""Slices of an in-memory world: the database's ``Hydrator`` and ``Writer``, over plain tables.

A slice is chosen exactly as ``hydrate.Hydrator`` chooses it (the same
people, partners, items, deliveries and cases), so a use case sees the same
world on every store. Its rows are copied out, so nothing the use case does
reaches the tables until ``save`` writes what changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from soulbond.adapters.codec import world_moment
from soulbond.adapters.memory_tables import Changes, Loaded, Tables, copy_person
from soulbond.adapters.memory_writer import MemoryWriter
from soulbond.core import snapshot
from soulbond.core.foundation import OPEN, CaseId, CaseState, Foundation
from soulbond.core.items import Fact, ItemId, Whereabouts
from soulbond.core.knowledge import Census
from soulbond.core.people import HANDLE, PersonId
from soulbond.core.transference import Delivery, DeliveryState
from soulbond.core.world import World
from soulbond.service.ports import Wanted


class SliceCensus(Census):
    """A slice's census, counting over everyone in the store (as ``SqlCensus`` counts over the table)."""

    def __init__(self, everyone: Census) -> None:
        super().__init__()
        self.everyone = everyone

    def __len__(self) -> int:
        return len(self.everyone)

    def __contains__(self, person: object) -> bool:
        return super().__contains__(person) or person in self.everyone

    def count(self, facts: Iterable[Fact], at: datetime, *, exclude: PersonId | None = None) -> int:
        return self.everyone.count(facts, at, exclude=exclude)


class MemoryWorldRepository:
    def __init__(self, changes: Changes, ids: itertools.count[int]) -> None:
        self.changes = changes
        self.ids = ids
        self._loaded: dict[int, Loaded] = {}

    @property
    def t(self) -> Tables:
        return self.changes.tables

    # -- choosing the slice, as the Hydrator does ---------------------------------

    def _partners(self, people: set[PersonId]) -> set[PersonId]:
        found = set(people)
        for person in people:
            found |= self.t.bond_members.get(person, frozenset())
        return found

    def load(self, wanted: Wanted) -> World:
        t = self.t
        row = t.world
        world = World(Foundation(director=row.director, cooling_off=row.cooling_off))
        world.census = SliceCensus(self.changes.census)
        loaded = Loaded()
        people: set[PersonId] = set(wanted.people) | set(wanted.holdings) | set(wanted.floors)
        items: set[ItemId] = set(wanted.items)
        if wanted.handles:
            people |= {
                pid for pid, r in t.people.items() if r.value.traits.get(HANDLE, frozenset()) & wanted.handles
            }
        if wanted.unpaired:
            people |= {
                pid for pid, r in t.people.items() if r.value.died is None and pid not in t.bond_members
            }
        if wanted.correspondents and wanted.people:
            people |= self._correspondents(set(wanted.people))
        cases = {c: t.cases[c].value for c in wanted.cases if c in t.cases}
        for case in cases.values():
            people |= set(case.parties)
        if wanted.holdings:
            items |= {i for i, r in t.items.items() if r.value[1].person in wanted.holdings}
        if wanted.floors:
            items |= {
                i
                for i, r in t.items.items()
                if r.value[1].person in wanted.floors and r.value[1].where is Whereabouts.ON_FLOOR
            }
        people = self._partners(people)

        due_by = world_moment(t.world) if wanted.everyday else None
        in_a_case = (
            {p for r in t.cases.values() if r.value.state in OPEN for p in r.value.parties}
            if due_by is not None
            else set()
        )

        def to_them(d: Delivery) -> bool:
            if d.recipient not in people:
                return False
            return due_by is None or d.due <= due_by or d.recipient in in_a_case

        travelling = {
            d.id
            for r in t.deliveries.values()
            if (d := r.value).state is DeliveryState.PENDING
            and (d.id in wanted.deliveries or (wanted.catch_up and (to_them(d) or d.item in items)))
        }
        moving = {t.deliveries[number].value.item for number in travelling}
        chosen = sorted(
            d.id
            for r in t.deliveries.values()
            if (d := r.value).id in travelling
            or (d.state is DeliveryState.DELIVERED and (d.item in items or d.item in moving))
        )
        for number in chosen:
            delivery = t.deliveries[number].value
            items.add(delivery.item)
            people |= {delivery.loser, delivery.recipient}
        # What is on an item describes its first owner, so losing or auditing it needs them.
        people |= {
            owner for i in items if i in t.items and (owner := t.items[i].value[0].first_owner) is not None
        }
        people = self._partners(people)

        for case_id, r in t.cases.items():
            case = r.value
            if case_id in cases or not set(case.parties) & people:
                continue
            if wanted.casework or case.state in OPEN or case_id in wanted.cases:
                cases[case_id] = case

        self._people(world, loaded, people)
        self._bonds(world, loaded, people)
        self._items(world, loaded, items)
        for number in chosen:
            stored = t.deliveries[number]
            if stored.value.item not in world.items:
                continue
            delivery = replace(stored.value)
            snapshot.restore_delivery(world, delivery)
            loaded.deliveries[id(delivery)] = (stored.value, stored.version)
        if wanted.knowledge:
            # In order of arrival, as the database reads them (rows of one moment in the order written).
            for finder, learnt, _ in sorted(t.knowledge, key=lambda row: row[1].arrived):
                if finder in people:
                    snapshot.restore_learnt(world, finder, learnt)
                    loaded.knowledge[finder] = loaded.knowledge.get(finder, 0) + 1
        if wanted.contacts:
            self._contacts(world, loaded, people)
        highest = max(t.cases, default=0) if wanted.casework or wanted.cases else 0
        self._cases(world, loaded, sorted(cases), highest)
        if wanted.casework:
            self._staff(world, loaded, people)
        self._loaded[id(world)] = loaded
        return world

    def _correspondents(self, people: set[PersonId]) -> set[PersonId]:
        found: set[PersonId] = set()
        for message in self.t.messages:
            if message.recipient in people:
                found.add(message.sender)
            if message.sender in people and message.recipient is not None:
                found.add(message.recipient)
        for pair, asker in self.t.asks:
            if asker in people:
                found |= pair
        return found

    def _people(self, world: World, loaded: Loaded, people: set[PersonId]) -> None:
        for pid in sorted(people):
            stored = self.t.people.get(pid)
            if stored is not None:
                snapshot.restore_person(world, copy_person(stored.value))
                loaded.people[pid] = (stored.value, stored.version)

    def _bonds(self, world: World, loaded: Loaded, people: set[PersonId]) -> None:
        for pair in sorted({self.t.bond_members[p] for p in people if p in self.t.bond_members}, key=sorted):
            stored = self.t.bonds[pair]
            snapshot.restore_bond(world, replace(stored.value))
            loaded.bonds[pair] = (stored.value, stored.version)

    def _items(self, world: World, loaded: Loaded, items: set[ItemId]) -> None:
        for item_id in sorted(items):
            stored = self.t.items.get(item_id)
            if stored is not None:
                item, place = stored.value
                snapshot.restore_item(world, replace(item), place)
                loaded.items[item_id] = (stored.value, stored.version)

    def _contacts(self, world: World, loaded: Loaded, people: set[PersonId]) -> None:
        t = self.t
        for message in t.messages:
            # Everything to or from them: an inbox, and what they wrote to numbers no one has.
            if message.sender in people or message.recipient in people:
                snapshot.restore_message(world, message)
                loaded.messages += 1
        loaded.blocks = {(p, h) for p, h in t.blocks if p in people}
        for person, handle in sorted(loaded.blocks):
            snapshot.restore_block(world, person, handle)
        loaded.asks = {(pair, asker) for pair, asker in t.asks if pair <= people}
        for pair, asker in sorted(loaded.asks, key=lambda a: (sorted(a[0]), a[1])):
            snapshot.restore_ask(world, pair, asker)

    def _cases(self, world: World, loaded: Loaded, ids: list[CaseId], highest: int) -> None:
        t = self.t
        found = []
        for case_id in ids:
            stored = t.cases[case_id]
            case = replace(
                stored.value,
                reasons=dict(stored.value.reasons),
                history=list(stored.value.history),
                decisions=[d for c, d in t.decisions if c == case_id],
                file_opened=[(at, worker) for c, at, worker in t.openings if c == case_id],
            )
            found.append(case)
            loaded.cases[case_id] = (stored.value, stored.version, len(case.decisions), len(case.file_opened))
        snapshot.restore_cases(world, found, highest)

    def _staff(self, world: World, loaded: Loaded, people: set[PersonId]) -> None:
        t = self.t
        for person, worker in sorted(t.caseworkers.items()):
            if person in people:
                conflicts = {case for who, case in t.conflicts if who == person}
                snapshot.restore_caseworker(world, replace(worker, conflicts=conflicts))
                loaded.caseworkers[person] = frozenset(conflicts)
        for person, at in sorted(t.job_applications.items()):
            if person in people:
                snapshot.restore_job_application(world, person, at)
                loaded.job_applications.add(person)
        for (person, case), _ in sorted(t.notices.items(), key=lambda n: n[1]):
            if person in people:
                snapshot.restore_notice(world, person, case)
                loaded.notices[person] = loaded.notices.get(person, 0) + 1

    # -- the worker's queues ----------------------------------------------------------

    def due_deliveries(self, now: datetime, limit: int) -> list[int]:
        due = [r.value for r in self.t.deliveries.values() if r.value.state is DeliveryState.PENDING]
        return [d.id for d in sorted(due, key=lambda d: (d.due, d.id)) if d.due <= now][:limit]

    def delivery_state(self, delivery: int) -> tuple[DeliveryState, datetime] | None:
        stored = self.t.deliveries.get(delivery)
        return None if stored is None else (stored.value.state, stored.value.due)

    def due_severances(self, now: datetime, limit: int) -> list[CaseId]:
        due = [
            (case.cooling_off_ends, case.id)
            for r in self.t.cases.values()
            if (case := r.value).state is CaseState.APPROVED
            and case.cooling_off_ends is not None
            and case.cooling_off_ends <= now
        ]
        return [case for _, case in sorted(due)][:limit]

    def count_due(self, now: datetime) -> int:
        return len(self.due_deliveries(now, len(self.t.deliveries))) + len(
            self.due_severances(now, len(self.t.cases))
        )

    def case_people(self, case: CaseId) -> tuple[PersonId, PersonId] | None:
        stored = self.t.cases.get(case)
        return None if stored is None else stored.value.parties

    # -- writing back what changed ----------------------------------------------------

    def save(self, world: World) -> None:
        MemoryWriter(self.changes, self.ids, world, self._loaded.pop(id(world))).save()
