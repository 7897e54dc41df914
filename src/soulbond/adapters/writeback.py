"""Writing back what a use case changed in its slice, and appending its events to the ledger.

People, bonds, items, deliveries and cases carry a version: a row is written
only over the version that was read, and the write moves it on, so two
transactions that raced over the same thing cannot both succeed (the loser gets
``ConcurrencyConflict`` and its use case runs again on the new state).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, bindparam, delete, insert, update

from soulbond.adapters import tables as t
from soulbond.adapters.codec import dump_disclosures, dump_facts, wake_text
from soulbond.adapters.errors import ConcurrencyConflict
from soulbond.adapters.hydrate import NAMES, Baseline, case_state, person_state
from soulbond.adapters.prepared import run
from soulbond.core import snapshot
from soulbond.core.events import Event, Kind
from soulbond.core.foundation import Case
from soulbond.core.items import ItemId
from soulbond.core.people import Home, Person, PersonId
from soulbond.core.transference import Delivery, DeliveryState
from soulbond.core.world import World


def person_row(person: Person, *, stranger: bool = False) -> dict[str, Any]:
    return {
        "id": person.id,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "born": person.born,
        "home_place": person.home.place,
        "home_tz": person.home.tz,
        "home_wakes": wake_text(person.home.wakes),
        "carefulness": person.carefulness,
        "died": person.died,
        "notorious_since": person.notorious_since,
        "stranger": stranger,
    }


# Built once: the statements every loss and delivery writes (building one costs
# more than executing it from SQLAlchemy's compiled cache).
MOVE_ITEM = (
    update(t.items)
    .where(t.items.c.id == bindparam("_id"), t.items.c.version == bindparam("_version"))
    .values(
        where=bindparam("_where"),
        person=bindparam("_person"),
        how=bindparam("_how"),
        lies_at=bindparam("_lies_at"),
        version=bindparam("_new_version"),
    )
)
INSERT_DELIVERY = insert(t.deliveries)
INSERT_ONE_DELIVERY = INSERT_DELIVERY.returning(t.deliveries.c.id)
INSERT_DELIVERIES = INSERT_DELIVERY.returning(t.deliveries.c.id, sort_by_parameter_order=True)
# Built once: building an insert costs more than SQLAlchemy's cached compilation of it.
_INSERTS: dict[str, Any] = {}
MOVE_DELIVERY = (
    update(t.deliveries)
    .where(t.deliveries.c.id == bindparam("_id"), t.deliveries.c.version == bindparam("_version"))
    .values(
        state=bindparam("_state"), due=bindparam("_due", type_=t.Moment), version=t.deliveries.c.version + 1
    )
)


def home_row(person: PersonId, since: datetime | None, home: Home) -> dict[str, Any]:
    return {
        "person": person,
        "since": since,
        "place": home.place,
        "tz": home.tz,
        "wakes": wake_text(home.wakes),
    }


def trait_rows(person: Person) -> list[dict[str, Any]]:
    """The values a person started with, open-ended; their recorded changes are written after."""
    return [
        {"person": person.id, "key": key, "value": value, "since": None, "until": None, "born": person.born}
        for key, values in snapshot.initial_traits(person).items()
        for value in sorted(values)
    ]


def case_row(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "first": case.parties[0],
        "second": case.parties[1],
        "applicants": json.dumps(sorted(case.applicants)),
        "reasons": json.dumps(case.reasons, sort_keys=True),
        "filed_at": case.filed_at,
        "state": case.state.value,
        "statement": case.statement,
        "caseworker": case.caseworker,
        "appeal_judge": case.appeal_judge,
        "appealed_by": case.appealed_by,
        "appeal_reasons": case.appeal_reasons,
        "cooling_off_ends": case.cooling_off_ends,
        "history": json.dumps([(at.isoformat(), state.value) for at, state in case.history]),
    }


def _insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    statement = _INSERTS.get(table.name)
    if statement is None:
        statement = _INSERTS[table.name] = insert(table)
    # One row is one plain execution; a list of one goes through SQLAlchemy's batching of many.
    run(connection, statement, rows[0] if len(rows) == 1 else rows)


class Writer:
    def __init__(self, connection: Connection, world: World, base: Baseline, *, homes: bool = True) -> None:
        self.c = connection
        self.world = world
        self.base = base
        self.homes = homes
        """Record new people's homes (an import brings its own home history instead)."""
        self.delivery_ids: dict[int, int] = {key: stored for key, (stored, _, _) in base.deliveries.items()}
        # A function of the connection, not a method of this writer: kept on the writer, a bound method
        # would make a cycle, and every slice a change saved would wait for the garbage collector.
        self.insert_many: Callable[[Table, list[dict[str, Any]]], None] = partial(_insert_many, connection)
        """How many new rows go in at once; an import swaps in the driver's bulk path."""

    def save(self, *, request_id: str | None, idempotency_key: str | None) -> None:
        self._people()
        self._bonds()
        self._items()
        self._deliveries()
        self._knowledge()
        self._contacts()
        self._cases()
        self._staff()
        if self.world.foundation.director != self.base.director:
            self.c.execute(
                update(t.world).where(t.world.c.id == 1).values(director=self.world.foundation.director)
            )
        self._ledger(request_id, idempotency_key)

    def _people(self) -> None:
        new = [p for pid, p in self.world.people.items() if pid not in self.base.people]
        if new:
            self.insert_many(t.people, [person_row(p) for p in new])
            rows = [row for p in new for row in trait_rows(p)]
            if rows:
                self.insert_many(t.traits, rows)
            if self.homes:
                self.insert_many(t.homes, [home_row(p.id, None, p.home) for p in new])
        for pid, person in self.world.people.items():
            if pid in self.base.people and (
                person_state(person) != self.base.people[pid] or person.trait_changes
            ):
                row = person_row(person)
                del row["id"], row["stranger"]
                self._versioned(t.people, "people", pid, t.people.c.id == pid, row)
                if person.home != self.base.people[pid][0]:
                    self.c.execute(insert(t.homes).values(**home_row(pid, self._moved_at(pid), person.home)))
            for change in person.trait_changes:
                if change.key in NAMES:
                    continue
                for value in sorted(change.before - change.after):
                    self.c.execute(
                        update(t.traits)
                        .where(
                            t.traits.c.person == pid,
                            t.traits.c.key == change.key,
                            t.traits.c.value == value,
                            t.traits.c.until.is_(None),
                        )
                        .values(until=change.since)
                    )
                added = sorted(change.after - change.before)
                if added:
                    self.c.execute(
                        insert(t.traits),
                        [
                            {
                                "person": pid,
                                "key": change.key,
                                "value": v,
                                "since": change.since,
                                "until": None,
                                "born": person.born,
                            }
                            for v in added
                        ],
                    )

    def _versioned(
        self, table: Table, name: str, key: object, where: ColumnElement[bool], values: dict[str, Any]
    ) -> None:
        """Write ``values`` over the version read, moving it on; someone else's write first is a conflict."""
        version = self.base.versions[name, key]
        done = self.c.execute(
            update(table).where(where, table.c.version == version).values(**values, version=version + 1)
        )
        if done.rowcount != 1:
            raise ConcurrencyConflict(f"{name} {key!r} was changed by someone else meanwhile; try again")

    def _moved_at(self, person: PersonId) -> datetime | None:
        moves = [e.at for e in self.world.events if e.kind is Kind.MOVED and e.actor == person]
        return moves[-1] if moves else self.world.now

    def _bonds(self) -> None:
        seen: set[frozenset[PersonId]] = set()
        new = []
        for bond in self.world.bonds.values():
            if bond.people in seen:
                continue
            seen.add(bond.people)
            stored = self.base.bonds.get(bond.people)
            if stored is None:
                new.append(bond)
            elif (bond.state, bond.ended) != stored[1:]:
                values = {"state": bond.state.value, "ended": bond.ended}
                self._versioned(t.bonds, "bonds", stored[0], t.bonds.c.id == stored[0], values)
        if new:
            # One statement for every new bond, ids returned in order, as an import has thousands.
            ids = self.c.execute(
                insert(t.bonds).returning(t.bonds.c.id, sort_by_parameter_order=True),
                [
                    {
                        "first": b.first,
                        "second": b.second,
                        "since": b.since,
                        "state": b.state.value,
                        "ended": b.ended,
                    }
                    for b in new
                ],
            ).scalars()
            members = [
                {"person": p, "bond": bond_id}
                for b, bond_id in zip(new, ids, strict=True)
                for p in sorted(b.people)
            ]
            self.c.execute(insert(t.bond_members), members)

    def _items(self) -> None:
        new: list[dict[str, Any]] = []
        # An act recorded about a thing depends on where the thing was: even if it leaves the thing
        # where it was (keeping what one already keeps), its row's version moves, so that an act
        # that moved the thing meanwhile makes this one run again rather than both being recorded.
        acted_on = {e.item for e in self.world.events if e.item is not None}
        for item_id, item in self.world.items.items():
            place = self.world.where(item_id)
            stored = self.base.items.get(item_id)
            if stored is None:
                new.append(
                    {
                        "id": item_id,
                        "description": item.description,
                        "disclosures": dump_disclosures(item.disclosures),
                        "first_owner": item.first_owner,
                        "made": item.made,
                        "where": place.where.value,
                        "person": place.person,
                        "how": place.how,
                        "looks": item.looks,
                        "lies_at": place.lies_at,
                        "version": 1,
                    }
                )
            elif place != stored[0] or item_id in acted_on:
                done = run(
                    self.c,
                    MOVE_ITEM,
                    {
                        "_id": item_id,
                        "_version": stored[1],
                        "_where": place.where.value,
                        "_person": place.person,
                        "_how": place.how,
                        "_lies_at": place.lies_at,
                        "_new_version": stored[1] + 1,
                    },
                )
                if done.rowcount != 1:
                    raise ConcurrencyConflict(f"'{item_id}' was moved by someone else meanwhile; try again")
        if new:
            self.insert_many(t.items, new)

    def _deliveries(self) -> None:
        new = []
        for delivery in self.world.deliveries:
            key = id(delivery)
            stored = self.base.deliveries.get(key)
            if stored is None:
                new.append(delivery)
            elif (delivery.state, delivery.due) != stored[1:]:
                done = run(
                    self.c,
                    MOVE_DELIVERY,
                    {
                        "_id": stored[0],
                        "_version": self.base.versions["deliveries", stored[0]],
                        "_state": delivery.state.value,
                        "_due": delivery.due,
                    },
                )
                if done.rowcount != 1:
                    raise ConcurrencyConflict(f"delivery {stored[0]} changed meanwhile; try again")
        if new:
            rows = [
                {
                    "item": d.item,
                    "loser": d.loser,
                    "recipient": d.recipient,
                    "lost_at": d.lost_at,
                    "due": d.due,
                    "facts": dump_facts(d.facts),
                    "state": d.state.value,
                }
                for d in new
            ]
            if len(rows) == 1:
                ids = [run(self.c, INSERT_ONE_DELIVERY, rows[0]).scalar_one()]
            else:
                ids = list(self.c.execute(INSERT_DELIVERIES, rows).scalars())
            for delivery, stored_id in zip(new, ids, strict=True):
                self.delivery_ids[id(delivery)] = stored_id

    def _delivery_of(self, event_item: str | None, finder: str | None, at: object) -> int | None:
        if event_item is None:
            return None
        for delivery in self.world.deliveries_of(ItemId(event_item)):
            if (
                delivery.recipient == finder
                and delivery.due == at
                and delivery.state is DeliveryState.DELIVERED
            ):
                return self.delivery_ids.get(id(delivery))
        return None

    def _knowledge(self) -> None:
        rows = [
            {
                "finder": finder,
                "item": learnt.item,
                "arrived": learnt.arrived,
                "facts": dump_facts(learnt.facts),
                "delivery": self._delivery_of(learnt.item, finder, learnt.arrived),
            }
            for finder, known in self.world.knowledge.items()
            for learnt in known.learnt[self.base.knowledge.get(finder, 0) :]
        ]
        if rows:
            self.insert_many(t.knowledge, rows)

    def _contacts(self) -> None:
        contacts = self.world.contacts
        for m in contacts.messages[self.base.messages :]:
            self.c.execute(
                insert(t.messages).values(
                    sender=m.sender,
                    sender_handle=m.sender_handle,
                    recipient=m.recipient,
                    recipient_handle=m.recipient_handle,
                    text=m.text,
                    at=m.at,
                    delivered=m.delivered,
                )
            )
        for person, handles in contacts.blocked.items():
            before = self.base.blocks.get(person, set())
            for handle in sorted(handles - before):
                self.c.execute(insert(t.blocks).values(person=person, handle=handle))
            for handle in sorted(before - handles):
                self.c.execute(
                    delete(t.blocks).where(t.blocks.c.person == person, t.blocks.c.handle == handle)
                )
        for pair, askers in contacts.asked.items():
            first, second = sorted(pair)
            for asker in sorted(askers - self.base.asks.get(pair, set())):
                self.c.execute(insert(t.registry_asks).values(first=first, second=second, asker=asker))

    def _cases(self) -> None:
        for case_id, case in self.world.foundation.cases.items():
            stored = self.base.cases.get(case_id)
            if stored is None:
                self.c.execute(insert(t.cases).values(**case_row(case), version=1))
            elif case_state(case) != stored:
                row = case_row(case)
                del row["id"]
                self._versioned(t.cases, "cases", case_id, t.cases.c.id == case_id, row)
            for d in case.decisions[self.base.decisions.get(case_id, 0) :]:
                self.c.execute(
                    insert(t.decisions).values(
                        case=case_id,
                        by=d.by,
                        approve=d.approve,
                        reasons=d.reasons,
                        at=d.at,
                        on_appeal=d.on_appeal,
                    )
                )
            for at, worker in case.file_opened[self.base.openings.get(case_id, 0) :]:
                self.c.execute(insert(t.file_openings).values(case=case_id, caseworker=worker, at=at))

    def _staff(self) -> None:
        foundation = self.world.foundation
        for person, worker in foundation.caseworkers.items():
            stored = self.base.caseworkers.get(person)
            if stored is None:
                self.c.execute(
                    insert(t.caseworkers).values(person=person, hired=worker.hired, senior=worker.senior)
                )
            for case in sorted(worker.conflicts - (stored[1] if stored else frozenset())):
                self.c.execute(insert(t.conflicts).values(caseworker=person, case=case))
        for person in sorted(self.base.job_applications - set(foundation.job_applications)):
            self.c.execute(delete(t.job_applications).where(t.job_applications.c.person == person))
        for person, at in foundation.job_applications.items():
            if person not in self.base.job_applications:
                self.c.execute(insert(t.job_applications).values(person=person, at=at))
        for person, case_ids in foundation.notices.items():
            for case in case_ids[self.base.notices.get(person, 0) :]:
                self.c.execute(insert(t.notices).values(person=person, case=case))

    def _ledger(self, request_id: str | None, idempotency_key: str | None) -> None:
        rows = [self._ledger_row(e, request_id, idempotency_key) for e in self.world.events]
        if rows:
            self.insert_many(t.ledger, rows)

    def _ledger_row(self, e: Event, request_id: str | None, idempotency_key: str | None) -> dict[str, Any]:
        delivery = self._delivery_of(e.item, e.actor, e.at) if e.kind is Kind.ARRIVED else None
        return {
            "at": e.at,
            "kind": e.kind.value,
            "actor": e.actor,
            "other": e.other,
            "item": e.item,
            "case": e.case,
            "text": e.text,
            "facts": dump_facts(e.facts),
            "due": e.due,
            "delivery": delivery,
            "request_id": request_id,
            "idempotency_key": idempotency_key,
        }


def stored_delivery_id(writer: Writer, delivery: Delivery) -> int | None:
    return writer.delivery_ids.get(id(delivery))
