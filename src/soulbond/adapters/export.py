"""A stored world read out as a story: people as they started, and the ledger as a timeline.

The result is neutral (``service.ports.ExportedWorld``); the scenario writer
turns it into a file.

Replaying the timeline through the laws rebuilds what the world holds: where
every item is, what every finder learnt (the facts depend on who the loser
was at each loss, so trait changes and moves are replayed too), the bonds and
the Foundation's cases. Consequences the laws produce by themselves (arrivals,
things that stayed where they fell, widowings, severances) are not written;
the replay makes them again.

Known limits: moments keep the format's precision (the minute); something
still in transit when the file is imported arrives then, as every import lets
what is travelling land; a block of a handle no registered person holds is
left out (the format names blocked people, not handles).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from soulbond.adapters import tables as t
from soulbond.adapters.codec import load_disclosures, wake_time
from soulbond.adapters.hydrate import NAMES
from soulbond.core.errors import InvalidInput
from soulbond.core.events import Kind
from soulbond.core.foundation import CaseState
from soulbond.core.people import HANDLE, Home
from soulbond.service.ports import ExportedEntry, ExportedItem, ExportedPerson, ExportedWorld

# How the core words a loss nobody noticed and a kept item's hiding place.
UNNOTICED = "(unnoticed)"
TUCKED = "tucked away: "


def export_world(connection: Connection) -> ExportedWorld:
    """The stored world in the scenario format's terms; a scenario writer makes the file."""
    return _Exporter(connection).run()


class _Exporter:
    def __init__(self, connection: Connection) -> None:
        self.c = connection
        self.left_out: list[str] = []
        self.timeline: list[tuple[datetime, int, dict[str, Any]]] = []

    def run(self) -> ExportedWorld:
        c = self.c
        world = c.execute(select(t.world).where(t.world.c.id == 1)).one()
        ledger = list(c.execute(select(t.ledger).order_by(t.ledger.c.id)))
        registered = [r for r in ledger if r.kind == Kind.REGISTERED.value]
        self.start = min((r.at for r in registered), default=None)
        people = list(c.execute(select(t.people).where(t.people.c.stranger.is_(False))))
        if not people:
            raise InvalidInput("this world has nobody in it yet, so there is no story to export")
        order = {r.actor: n for n, r in enumerate(registered)}
        people.sort(key=lambda p: (order.get(p.id, len(order)), p.id))
        self.traits: dict[str, list[Row[Any]]] = defaultdict(list)
        ids = [p.id for p in people]
        if ids:
            for row in c.execute(select(t.traits).where(t.traits.c.person.in_(ids)).order_by(t.traits.c.id)):
                self.traits[row.person].append(row)
        self.homes: dict[str, list[Row[Any]]] = defaultdict(list)
        for row in c.execute(select(t.homes).order_by(t.homes.c.id)):
            self.homes[row.person].append(row)
        cases = {r.id: r for r in c.execute(select(t.cases))}
        # A story's messages go to handles, and a sender must know the handle: in a live world
        # anyone may message any handle they learnt by ordinary means, so each sender is
        # declared an acquaintance of whoever they messaged.
        self.sent: dict[tuple[str, datetime, str], list[str]] = defaultdict(list)
        self.knows: dict[str, set[str]] = defaultdict(set)
        for m in c.execute(select(t.messages).order_by(t.messages.c.id)):
            self.sent[(m.sender, m.at, m.text)].append(m.recipient_handle)
            if m.recipient is not None:
                self.knows[m.sender].add(m.recipient)

        people_out = [self._person(p) for p in people]
        bonds = self._bonds()
        items = self._items(ledger)
        for row in ledger:
            entry = self._entry(row, cases)
            if entry is not None:
                self.timeline.append((row.at, row.id, entry))
        if world.clock == "simulated" and world.simulated_now is not None:
            self.timeline.append(
                (
                    world.simulated_now,
                    len(ledger) + 10**9,
                    {"note": "exported from a live world; its clock read this moment"},
                )
            )
        timeline = [
            ExportedEntry(at, entry) for at, _, entry in sorted(self.timeline, key=lambda e: (e[0], e[1]))
        ]
        if not timeline:
            first = self.start or _midnight(min(p.born for p in people))
            timeline.append(ExportedEntry(first, {"note": "nothing has happened yet"}))
        return ExportedWorld(
            title=world.title or "An exported world",
            strangers=world.strangers or None,
            director=world.director or None,
            cooling_off_days=world.cooling_off_seconds / 86_400,
            people=people_out,
            bonds=bonds,
            items=items,
            timeline=timeline,
            left_out=self.left_out,
        )

    def _person(self, p: Row[Any]) -> ExportedPerson:
        first = self.homes[p.id][0] if self.homes[p.id] else None
        start = Home(first.place, first.tz, wake_time(first.wakes)) if first else None
        initial: dict[str, list[str]] = defaultdict(list)
        for row in self.traits[p.id]:
            if row.since is None and row.key not in NAMES:
                initial[row.key].append(row.value)
        handles = initial.pop(HANDLE, [])
        if len(handles) > 1:
            initial[HANDLE] = handles
        return ExportedPerson(
            id=p.id,
            name=f"{p.given_name} {p.family_name}",
            born=p.born,
            home=start or Home(p.home_place, p.home_tz, wake_time(p.home_wakes)),
            carefulness=float(p.carefulness),
            phone=handles[0] if len(handles) == 1 else None,
            traits={key: sorted(values) for key, values in sorted(initial.items())},
            knows=sorted(self.knows[p.id]),
        )

    def _move(self, r: Row[Any]) -> dict[str, Any] | None:
        moves = [h for h in self.homes[r.actor][1:] if h.since == r.at]
        if not moves:
            self.left_out.append(f"{r.actor}'s move at {r.at.isoformat()}: the new home was not recorded")
            return None
        new = moves[-1]
        return {"move": r.actor, "home": Home(new.place, new.tz, wake_time(new.wakes))}

    def _bonds(self) -> list[tuple[str, str]]:
        bonds = []
        for r in self.c.execute(select(t.bonds).order_by(t.bonds.c.id)):
            if r.since == self.start:
                bonds.append((r.first, r.second))
        return bonds

    def _items(self, ledger: list[Row[Any]]) -> list[ExportedItem]:
        added = {r.item: r for r in ledger if r.kind == Kind.ITEM_ADDED.value}
        items = []
        for r in self.c.execute(select(t.items).order_by(t.items.c.id)):
            event = added.get(r.id)
            items.append(
                ExportedItem(
                    id=r.id,
                    owner=r.first_owner or (event.actor if event else r.person),
                    what=r.description,
                    looks=r.looks or "",
                    tells=load_disclosures(r.disclosures),
                    since=event.at if event is not None and event.at != self.start else None,
                )
            )
        return items

    def _entry(self, r: Row[Any], cases: dict[int, Row[Any]]) -> dict[str, Any] | None:
        kind = Kind(r.kind)
        by = {"by": r.actor}
        case = {"case": f"case-{r.case}"} if r.case is not None else {}
        match kind:
            case Kind.LOST:
                entry: dict[str, Any] = {"lose": r.item, **by}
                how = r.text
                if how.endswith(UNNOTICED):
                    how = how.removesuffix(UNNOTICED).strip()
                    entry["noticed"] = "no"
                if how:
                    entry["how"] = how
                return entry
            case Kind.KEPT:
                where = r.text.removeprefix(TUCKED) if r.text.startswith(TUCKED) else ""
                return {"keep": r.item, **by, **({"where": where} if where else {})}
            case Kind.DISCARDED:
                return {"discard": r.item, **by}
            case Kind.RECOVERED:
                return {"recover": r.item, **by}
            case Kind.PICKED_UP:
                return {"pick-up": r.item, **by}
            case Kind.RETURNED:
                return {"return": r.item, **by}
            case Kind.GIVEN:
                return {"give": r.item, "from": r.actor, "to": r.other}
            case Kind.BIN_EMPTIED:
                return {"empty-bin": r.actor}
            case Kind.DIED:
                return {"die": r.actor}
            case Kind.NOTORIOUS:
                return {"notorious": r.actor}
            case Kind.MOVED:
                return self._move(r)
            case Kind.TRAIT_CHANGED:
                key = r.text.split(": ", 1)[0]
                return {"become": r.actor, "traits": {key: self._values_after(r.actor, key, r.at)}}
            case Kind.BONDED:
                return None if r.at == self.start else {"bond": r.actor, "with": r.other}
            case Kind.MESSAGED:
                handles = self.sent.get((r.actor, r.at, r.text))
                if not r.text.strip() or not handles:
                    return None
                return {"message": r.text, "from": r.actor, "to": handles.pop(0)}
            case Kind.BLOCKED | Kind.UNBLOCKED:
                holder = self._holder_of(r.text)
                if holder is None:
                    self.left_out.append(f"{r.actor} {r.kind} {r.text}, which no registered person holds")
                    return None
                return {"block" if kind is Kind.BLOCKED else "unblock": r.actor, "handle-of": holder}
            case Kind.ASKED_REGISTRY:
                return {"ask-registry": r.actor, "about": r.other}
            case Kind.CASE_FILED:
                entry = {"apply-to-sever": r.actor, **case, "reasons": r.text}
                stored = cases.get(r.case)
                if stored is not None and (
                    len(json.loads(stored.applicants)) > 1 or stored.state == CaseState.UNSIGNED.value
                ):
                    entry["jointly"] = "yes"
                return entry
            case Kind.CASE_SIGNED:
                return {"sign": r.actor, **case, "reasons": r.text}
            case Kind.STATEMENT:
                return {"statement": r.actor, **case, "text": r.text}
            case Kind.JOB_APPLIED:
                return {"apply-for-job": r.actor}
            case Kind.HIRED:
                return {"hire": r.actor, "by": r.other, **({"senior": "yes"} if r.text == "senior" else {})}
            case Kind.CONFLICT_DECLARED:
                return {"declare-conflict": r.actor, **case}
            case Kind.CASE_TAKEN:
                return {"take-case": r.actor, **case}
            case Kind.CASE_FILE_OPENED:
                return {"open-case": r.actor, **case}
            case Kind.DECIDED:
                verdict, _, reasons = r.text.partition(": ")
                return {
                    "decide": f"case-{r.case}",
                    **by,
                    "approve": "yes" if verdict == "approved" else "no",
                    "reasons": reasons,
                }
            case Kind.WITHDRAWN:
                return {"withdraw": r.actor, **case}
            case Kind.APPEALED:
                return {"appeal": r.actor, **case, **({"reasons": r.text} if r.text else {})}
            case _:
                # Registrations and additions (in `people` and `items`), and whatever
                # the laws make happen by themselves.
                return None

    def _values_after(self, person: str, key: str, at: datetime) -> list[str]:
        return sorted(
            row.value
            for row in self.traits[person]
            if row.key == key
            and (row.since is None or row.since <= at)
            and (row.until is None or row.until > at)
        )

    def _holder_of(self, handle: str) -> str | None:
        for person, rows in self.traits.items():
            if any(row.key == HANDLE and row.value == handle for row in rows):
                return person
        return None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


__all__ = ["export_world"]
