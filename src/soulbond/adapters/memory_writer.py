"""Writing back what a use case changed in an in-memory slice, as ``writeback.Writer`` does in SQL.

Every row it replaces is written over the version that was read (people,
bonds, items, deliveries, cases); rows with a primary key clash when someone
else added the same key first.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from soulbond.adapters.memory_tables import Changes, Loaded, bare, copy_person
from soulbond.core.foundation import Caseworker
from soulbond.core.transference import DeliveryState
from soulbond.core.world import World


class MemoryWriter:
    def __init__(self, changes: Changes, ids: itertools.count[int], world: World, loaded: Loaded) -> None:
        self.changes = changes
        self.ids = ids
        self.world = world
        self.loaded = loaded
        self.delivery_ids = {key: row.id for key, (row, _) in loaded.deliveries.items()}

    def save(self) -> None:
        self._people()
        self._bonds()
        self._items()
        self._deliveries()
        self._knowledge()
        self._contacts()
        self._cases()
        self._staff()
        if self.world.foundation.director != self.changes.tables.world.director:
            self.changes.set_world(director=self.world.foundation.director)
        for event in self.world.events:
            self.changes.append("ledger", event)

    def _people(self) -> None:
        for pid, person in self.world.people.items():
            before = self.loaded.people.get(pid)
            if before is not None and before[0] == person:
                continue
            stored = copy_person(person)
            self.changes.put("people", pid, stored, None if before is None else before[1])
            self.changes.count(stored)

    def _bonds(self) -> None:
        seen = set()
        for bond in self.world.bonds.values():
            if bond.people in seen:
                continue
            seen.add(bond.people)
            before = self.loaded.bonds.get(bond.people)
            if before is None:
                for person in sorted(bond.people):
                    self.changes.add("bond_members", person, bond.people)
                self.changes.put("bonds", bond.people, replace(bond), None)
            elif before[0] != bond:
                self.changes.put("bonds", bond.people, replace(bond), before[1])

    def _items(self) -> None:
        # As in the database: an act recorded about a thing moves its version even if the thing stays.
        acted_on = {e.item for e in self.world.events if e.item is not None}
        for item_id, item in self.world.items.items():
            row = (replace(item), self.world.where(item_id))
            before = self.loaded.items.get(item_id)
            if before is None:
                self.changes.put("items", item_id, row, None)
            elif before[0][1] != row[1] or item_id in acted_on:
                # Only the place changes, as in the database, where the description is never rewritten.
                self.changes.put("items", item_id, (before[0][0], row[1]), before[1])

    def _deliveries(self) -> None:
        for delivery in self.world.deliveries:
            key = id(delivery)
            before = self.loaded.deliveries.get(key)
            if before is None:
                stored_id = next(self.ids)
                self.delivery_ids[key] = stored_id
                self.changes.put("deliveries", stored_id, replace(delivery, id=stored_id), None)
            elif (delivery.state, delivery.due) != (before[0].state, before[0].due):
                row = replace(before[0], state=delivery.state, due=delivery.due)
                self.changes.put("deliveries", before[0].id, row, before[1])

    def _delivery_of(self, item: str, finder: str, at: object) -> int | None:
        for delivery in self.world.deliveries:
            if (
                delivery.item == item
                and delivery.recipient == finder
                and delivery.due == at
                and delivery.state is DeliveryState.DELIVERED
            ):
                return self.delivery_ids.get(id(delivery))
        return None

    def _knowledge(self) -> None:
        for finder, known in self.world.knowledge.items():
            for learnt in known.learnt[self.loaded.knowledge.get(finder, 0) :]:
                delivery = self._delivery_of(learnt.item, finder, learnt.arrived)
                if delivery is not None:
                    # A delivery teaches its finder once, as the database's unique column insists.
                    self.changes.add("taught", delivery)
                self.changes.append("knowledge", (finder, learnt, delivery))

    def _contacts(self) -> None:
        contacts = self.world.contacts
        for message in contacts.messages[self.loaded.messages :]:
            self.changes.append("messages", replace(message, id=next(self.ids)))
        blocks = {(person, handle) for person, handles in contacts.blocked.items() for handle in handles}
        for block in sorted(blocks - self.loaded.blocks):
            self.changes.add("blocks", block)
        for block in sorted(self.loaded.blocks - blocks):
            self.changes.remove("blocks", block)
        asks = {(pair, asker) for pair, askers in contacts.asked.items() for asker in askers}
        for ask in sorted(asks - self.loaded.asks, key=lambda a: (sorted(a[0]), a[1])):
            self.changes.add("asks", ask)

    def _cases(self) -> None:
        for case_id, case in self.world.foundation.cases.items():
            row = bare(case)
            before = self.loaded.cases.get(case_id)
            if before is None:
                self.changes.put("cases", case_id, row, None)
                decided, opened = 0, 0
            else:
                if row != before[0]:
                    self.changes.put("cases", case_id, row, before[1])
                decided, opened = before[2], before[3]
            for decision in case.decisions[decided:]:
                self.changes.append("decisions", (case_id, decision))
            for at, worker in case.file_opened[opened:]:
                self.changes.append("openings", (case_id, at, worker))

    def _staff(self) -> None:
        foundation = self.world.foundation
        for person, worker in foundation.caseworkers.items():
            before = self.loaded.caseworkers.get(person)
            if before is None:
                self.changes.add("caseworkers", person, Caseworker(person, worker.hired, worker.senior))
            for case in sorted(worker.conflicts - (before or frozenset())):
                self.changes.add("conflicts", (person, case))
        for person in sorted(self.loaded.job_applications - set(foundation.job_applications)):
            self.changes.remove("job_applications", person)
        for person, at in foundation.job_applications.items():
            if person not in self.loaded.job_applications:
                self.changes.add("job_applications", person, at)
        for person, cases in foundation.notices.items():
            for case in cases[self.loaded.notices.get(person, 0) :]:
                self.changes.add("notices", (person, case), next(self.ids))
