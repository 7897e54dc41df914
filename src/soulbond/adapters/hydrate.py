"""Reading a slice of the stored world into a fresh core ``World``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from soulbond.adapters import tables as t
from soulbond.adapters.census import SqlCensus
from soulbond.adapters.codec import load_disclosures, load_facts, moment, wake_time, world_moment
from soulbond.adapters.prepared import run
from soulbond.adapters.short_lists import bound
from soulbond.core import snapshot
from soulbond.core.bonds import Bond, BondState
from soulbond.core.contact import Message
from soulbond.core.foundation import OPEN, Case, CaseId, CaseState, Caseworker, Decision, Foundation
from soulbond.core.items import Item, ItemId, Place, Whereabouts
from soulbond.core.knowledge import Learnt
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, Home, Person, PersonId
from soulbond.core.transference import Delivery, DeliveryState
from soulbond.core.world import World
from soulbond.service.ports import Wanted

NAMES = (GIVEN_NAME, FAMILY_NAME)
_NO_BOND = cast(Row[Any], object())


@dataclass
class Baseline:
    """The slice as it was loaded, to tell what a use case changed."""

    director: PersonId | None = None
    people: dict[PersonId, tuple[object, ...]] = field(default_factory=dict)
    bonds: dict[frozenset[PersonId], tuple[int, BondState, object]] = field(default_factory=dict)
    items: dict[ItemId, tuple[Place, int]] = field(default_factory=dict)
    deliveries: dict[int, tuple[int, DeliveryState, object]] = field(default_factory=dict)
    """``id(delivery object)`` to (stored id, state, due)."""
    knowledge: dict[PersonId, int] = field(default_factory=dict)
    messages: int = 0
    blocks: dict[PersonId, set[str]] = field(default_factory=dict)
    asks: dict[frozenset[PersonId], set[PersonId]] = field(default_factory=dict)
    cases: dict[CaseId, tuple[object, ...]] = field(default_factory=dict)
    decisions: dict[CaseId, int] = field(default_factory=dict)
    openings: dict[CaseId, int] = field(default_factory=dict)
    caseworkers: dict[PersonId, tuple[bool, frozenset[CaseId]]] = field(default_factory=dict)
    job_applications: set[PersonId] = field(default_factory=set)
    notices: dict[PersonId, int] = field(default_factory=dict)
    versions: dict[tuple[str, object], int] = field(default_factory=dict)
    """Each row's version as read, by table and key: a write-back compares it."""


def person_state(person: Person) -> tuple[object, ...]:
    return (person.home, person.carefulness, person.died, person.notorious_since)


def case_state(case: Case) -> tuple[object, ...]:
    return (
        case.state,
        case.statement,
        case.caseworker,
        case.appeal_judge,
        case.appealed_by,
        case.appeal_reasons,
        case.cooling_off_ends,
        len(case.history),
    )


def _ids(name: str) -> BindParameter[Any]:
    return bindparam(name, expanding=True)


# Built once: a use case runs these for every slice, and building a statement
# costs more than SQLAlchemy's cached compilation of it.
_MEMBERS = t.bond_members
_PARTNER = t.bond_members.alias("partner")
BONDS_OF = (
    select(_MEMBERS.c.person.label("member"), _PARTNER.c.person.label("partner"), t.bonds)
    .select_from(
        _MEMBERS.join(t.bonds, t.bonds.c.id == _MEMBERS.c.bond).join(
            _PARTNER, and_(_PARTNER.c.bond == _MEMBERS.c.bond, _PARTNER.c.person != _MEMBERS.c.person)
        )
    )
    .where(_MEMBERS.c.person.in_(_ids("people")))
)


def delivery_in(state: DeliveryState) -> ColumnElement[bool]:
    """A delivery's state compared with a constant written into the SQL: with a parameter there,
    SQLite prepares the statement again on every run, in case the partial index on pending
    deliveries could serve the value bound (about 15 µs each time)."""
    return t.deliveries.c.state == literal_column(f"'{state.value}'")


_PENDING = delivery_in(DeliveryState.PENDING)
_OPEN_STATES = [s.value for s in OPEN]


_D = t.deliveries.c
_DELIVERED = delivery_in(DeliveryState.DELIVERED)
_ARRIVAL_PARTS: dict[str, Select[Any]] = {
    # The state as an expression, so that the planner finds these few by id rather than by the state's
    # index, which holds every pending delivery.
    "deliveries": select(t.deliveries).where(
        _D.id.in_(_ids("deliveries")),
        _D.state.concat("") == literal_column(f"'{DeliveryState.PENDING.value}'"),
    ),
    "items": select(t.deliveries).where(_D.item.in_(_ids("items")), _PENDING),
    "people": select(t.deliveries).where(_D.recipient.in_(_ids("people")), _PENDING),
    "everyday": select(t.deliveries).where(
        _D.recipient.in_(_ids("people")), _PENDING, _D.due <= bindparam("due_by")
    ),
    # Whatever travels to someone with an open case: a severance takes effect with it on its way.
    "in_a_case": select(t.deliveries).where(_D.recipient.in_(_ids("in_a_case")), _PENDING),
    "arrived": select(t.deliveries).where(_D.item.in_(_ids("items")), _DELIVERED),
}
EARLIER_ARRIVALS = select(t.deliveries).where(_D.item.in_(_ids("carried")), _DELIVERED)
"""Every earlier arrival of the items the slice's travelling deliveries carry."""


def arrival_parts(wanted: Wanted, *, people: bool, items: bool, in_a_case: bool = False) -> tuple[str, ...]:
    """Which deliveries a slice needs: the pending ones asked for by id and, ``catch_up``, those of its
    items and those travelling to its people (``everyday``: only what is due by now, or goes to someone
    with an open case); and every earlier arrival of its items (``arrived``).

    Each part is a plain select that one index answers (id, item, or recipient with the state and the
    due moment, so that what is still on its way is never read), and an
    empty list leaves its part out: written as one condition, or with an empty list, the planner
    scanned every delivery in a state, and each request cost more as a world's deliveries grew.
    """
    parts = ["deliveries"] if wanted.deliveries else []
    if wanted.catch_up:
        if items:
            parts.append("items")
        if people:
            if wanted.everyday and not wanted.deliveries:
                parts += ["everyday", "in_a_case"] if in_a_case else ["everyday"]
            else:
                parts.append("people")
    if items:
        parts.append("arrived")
    return tuple(parts)


_ARRIVALS: dict[tuple[str, ...], Any] = {}


def arrivals_query(parts: tuple[str, ...]) -> Any:
    """The parts as one statement, built once for each combination."""
    found = _ARRIVALS.get(parts)
    if found is None:
        chosen = [_ARRIVAL_PARTS[part] for part in parts]
        found = _ARRIVALS[parts] = chosen[0] if len(chosen) == 1 else union_all(*chosen)
    return found


OPEN_CASES = select(t.cases).where(
    or_(t.cases.c.first.in_(_ids("people")), t.cases.c.second.in_(_ids("people"))),
    t.cases.c.state.in_(_OPEN_STATES),
)
PEOPLE_WITH_TRAITS = (
    select(t.people, t.traits.c.key.label("trait"), t.traits.c.value.label("trait_value"))
    .select_from(
        t.people.outerjoin(
            t.traits,
            and_(
                t.traits.c.person == t.people.c.id,
                t.traits.c.until.is_(None),
                # The names are the person's own columns too: each would be one more copy of the row.
                t.traits.c.key.not_in(NAMES),
            ),
        )
    )
    .where(t.people.c.id.in_(_ids("people")))
)
"""A person's row once for each of their current traits but their names (once if they have none)."""
ITEMS = select(t.items).where(t.items.c.id.in_(_ids("items")))
HOLDINGS = select(t.items.c.id).where(t.items.c.person.in_(_ids("people")))
FLOORS = select(t.items.c.id).where(
    t.items.c.person.in_(_ids("people")), t.items.c.where == Whereabouts.ON_FLOOR.value
)
WORLD = select(t.world).where(t.world.c.id == 1)


class Hydrator:
    def __init__(self, connection: Connection, world: Row[Any] | None = None) -> None:
        self.c = connection
        self._world = world
        self._bond_rows: dict[str, Row[Any]] = {}
        self._cases_asked: set[str] = set()

    def world_row(self) -> Row[Any]:
        if self._world is not None:
            return self._world
        row: Row[Any] | None = run(self.c, WORLD).first()
        if row is None:
            raise LookupError("no world row")
        return row

    def load(self, wanted: Wanted) -> tuple[World, Baseline]:
        row = self.world_row()
        foundation = Foundation(
            director=PersonId(row.director) if row.director else None,
            cooling_off=timedelta(seconds=row.cooling_off_seconds),
        )
        world = World(foundation)
        world.census = SqlCensus(self.c)
        base = Baseline(director=foundation.director)
        c = self.c

        people: set[str] = set(wanted.people) | set(wanted.holdings) | set(wanted.floors)
        items: set[str] = set(wanted.items)
        if wanted.handles:
            people |= set(
                c.execute(
                    select(t.traits.c.person).where(
                        t.traits.c.key == "handle",
                        t.traits.c.value.in_(wanted.handles),
                        t.traits.c.until.is_(None),
                    )
                ).scalars()
            )
        if wanted.unpaired:
            people |= set(
                c.execute(
                    select(t.people.c.id).where(
                        t.people.c.stranger.is_(False),
                        t.people.c.died.is_(None),
                        t.people.c.id.not_in(select(t.bond_members.c.person)),
                    )
                ).scalars()
            )
        if wanted.correspondents and wanted.people:
            people |= self._correspondents(set(wanted.people))
        case_rows = []
        if wanted.cases:
            case_rows = list(c.execute(select(t.cases).where(t.cases.c.id.in_(wanted.cases))))
            for case_row in case_rows:
                people |= {case_row.first, case_row.second}
        if wanted.holdings:
            items |= set(run(c, *bound(HOLDINGS, {"people": sorted(wanted.holdings)})).scalars())
        if wanted.floors:
            items |= set(run(c, *bound(FLOORS, {"people": sorted(wanted.floors)})).scalars())
        people = self._with_partners(people)
        case_rows = self._open_cases(people, case_rows)
        in_a_case = {p for r in case_rows if r.state in _OPEN_STATES for p in (r.first, r.second)} & people
        delivery_rows = self._arrivals(wanted, people, items, row, in_a_case)
        for d in delivery_rows:
            items.add(d.item)
            people |= {d.loser, d.recipient}
        item_rows: list[Row[Any]] = []
        if items:
            # What is on an item describes its first owner, so losing or auditing it needs them.
            # Read here rather than with the items: the first owners must join the people first.
            item_rows = list(run(c, *bound(ITEMS, {"items": sorted(items)})))
            people |= {r.first_owner for r in item_rows if r.first_owner is not None}
        people = self._with_partners(people)
        case_rows = self._open_cases(people, case_rows)
        if wanted.casework and people:
            # A person's closed cases matter to casework too (one appeal per case, statements).
            known = {r.id for r in case_rows}
            case_rows.extend(
                r
                for r in c.execute(
                    select(t.cases).where(or_(t.cases.c.first.in_(people), t.cases.c.second.in_(people)))
                )
                if r.id not in known
            )

        self._people(world, base, people)
        self._bonds(world, base, people)
        self._items(world, base, item_rows)
        for d in sorted(delivery_rows, key=lambda r: r.id):
            delivery = Delivery(
                d.id,
                ItemId(d.item),
                PersonId(d.loser),
                PersonId(d.recipient),
                d.lost_at,
                d.due,
                load_facts(d.facts),
                DeliveryState(d.state),
            )
            if d.item not in world.items:
                continue
            snapshot.restore_delivery(world, delivery)
            base.deliveries[id(delivery)] = (d.id, delivery.state, delivery.due)
            base.versions["deliveries", d.id] = d.version
        if wanted.knowledge:
            self._knowledge(world, base, people)
        if wanted.contacts:
            self._contacts(world, base, people)
        highest = 0
        if wanted.casework or wanted.cases:
            highest = int(c.execute(select(func.coalesce(func.max(t.cases.c.id), 0))).scalar_one())
        self._cases(world, base, case_rows, highest)
        if wanted.casework:
            self._staff(world, base, people)
        return world, base

    def _open_cases(self, people: set[str], rows: list[Row[Any]]) -> list[Row[Any]]:
        """``rows`` and the open cases of those of ``people`` not asked about before in this slice."""
        unasked = sorted(people - self._cases_asked)
        if not unasked:
            return rows
        self._cases_asked.update(unasked)
        known = {r.id for r in rows}
        found = [r for r in run(self.c, *bound(OPEN_CASES, {"people": unasked})) if r.id not in known]
        return rows + found

    def _arrivals(
        self, wanted: Wanted, people: set[str], items: set[str], world: Row[Any], in_a_case: set[str]
    ) -> list[Row[Any]]:
        """The slice's deliveries in one plain statement, and a second only when what travels carries
        things the slice did not hold, for their earlier arrivals: SQLite answers these in microseconds,
        where one nested query for it all took a millisecond."""
        found: dict[int, Row[Any]] = {}
        parts = arrival_parts(wanted, people=bool(people), items=bool(items), in_a_case=bool(in_a_case))
        if parts:
            params: dict[str, Any] = {
                "deliveries": sorted(wanted.deliveries),
                "items": sorted(items),
                "people": sorted(people),
                "in_a_case": sorted(in_a_case),
            }
            if "everyday" in parts:
                params["due_by"] = world_moment(world)
            found = {d.id: d for d in run(self.c, *bound(arrivals_query(parts), params))}
        carried = {d.item for d in found.values()} - items
        if carried:
            for d in run(self.c, *bound(EARLIER_ARRIVALS, {"carried": sorted(carried)})):
                found[d.id] = d
        return list(found.values())

    def _correspondents(self, people: set[str]) -> set[str]:
        m, asks = t.messages, t.registry_asks
        found = set(self.c.execute(select(m.c.sender).where(m.c.recipient.in_(people))).scalars())
        found |= {
            p for p in self.c.execute(select(m.c.recipient).where(m.c.sender.in_(people))).scalars() if p
        }
        for r in self.c.execute(select(asks.c.first, asks.c.second).where(asks.c.asker.in_(people))):
            found |= {r.first, r.second}
        return found

    def _with_partners(self, people: set[str]) -> set[str]:
        """``people`` and their soulmates; their bonds' rows are kept for ``_bonds``."""
        unknown = sorted(p for p in people if p not in self._bond_rows)
        if not unknown:
            return people
        found = set(people)
        for row in run(self.c, *bound(BONDS_OF, {"people": unknown})):
            # A bond has two members: the partner's row is the same bond.
            self._bond_rows[row.member] = row
            self._bond_rows[row.partner] = row
            found.add(row.partner)
        for person in unknown:
            self._bond_rows.setdefault(person, _NO_BOND)
        return found

    def _people(self, world: World, base: Baseline, ids: Iterable[str]) -> None:
        ids = sorted(ids)
        if not ids:
            return
        rows: dict[str, Row[Any]] = {}
        values: dict[str, dict[str, set[str]]] = {}
        for r in run(self.c, *bound(PEOPLE_WITH_TRAITS, {"people": ids})):
            rows[r.id] = r
            if r.trait is not None:
                values.setdefault(r.id, {}).setdefault(r.trait, set()).add(r.trait_value)
        for r in rows.values():
            person = Person(
                PersonId(r.id),
                r.given_name,
                r.family_name,
                r.born,
                Home(r.home_place, r.home_tz, wake_time(r.home_wakes)),
                r.carefulness,
                {key: frozenset(v) for key, v in values.get(r.id, {}).items()},
                died=r.died,
                notorious_since=r.notorious_since,
            )
            snapshot.restore_person(world, person)
            base.people[person.id] = person_state(person)
            base.versions["people", person.id] = r.version

    def _bonds(self, world: World, base: Baseline, people: set[str]) -> None:
        if not people:
            return
        self._with_partners(people)
        rows = {row.id: row for p in people if (row := self._bond_rows[p]) is not _NO_BOND}
        for r in rows.values():
            bond = Bond(PersonId(r.first), PersonId(r.second), r.since, BondState(r.state), r.ended)
            snapshot.restore_bond(world, bond)
            base.bonds[bond.people] = (r.id, bond.state, bond.ended)
            base.versions["bonds", r.id] = r.version

    def _items(self, world: World, base: Baseline, rows: list[Row[Any]]) -> None:
        for r in rows:
            item = Item(
                ItemId(r.id),
                r.description,
                load_disclosures(r.disclosures),
                PersonId(r.first_owner) if r.first_owner else None,
                r.made,
                r.looks,
            )
            place = Place(Whereabouts(r.where), PersonId(r.person), r.how, r.lies_at)
            snapshot.restore_item(world, item, place)
            base.items[item.id] = (place, r.version)

    def _knowledge(self, world: World, base: Baseline, people: set[str]) -> None:
        query = (
            select(t.knowledge)
            .where(t.knowledge.c.finder.in_(people))
            .order_by(t.knowledge.c.arrived, t.knowledge.c.id)
        )
        for r in self.c.execute(query):
            learnt = Learnt(ItemId(r.item), r.arrived, load_facts(r.facts))
            snapshot.restore_learnt(world, PersonId(r.finder), learnt)
            base.knowledge[PersonId(r.finder)] = base.knowledge.get(PersonId(r.finder), 0) + 1

    def _contacts(self, world: World, base: Baseline, people: set[str]) -> None:
        c = self.c
        query = (
            select(t.messages)
            # Everything to or from them: an inbox, and what they wrote to numbers no one has.
            .where(or_(t.messages.c.sender.in_(people), t.messages.c.recipient.in_(people)))
            .order_by(t.messages.c.id)
        )
        for r in c.execute(query):
            snapshot.restore_message(
                world,
                Message(
                    r.id,
                    PersonId(r.sender),
                    r.sender_handle,
                    PersonId(r.recipient) if r.recipient else None,
                    r.recipient_handle,
                    r.text,
                    r.at,
                    r.delivered,
                ),
            )
            base.messages += 1
        for r in c.execute(select(t.blocks).where(t.blocks.c.person.in_(people))):
            snapshot.restore_block(world, PersonId(r.person), r.handle)
        base.blocks = {p: set(h) for p, h in world.contacts.blocked.items()}
        asks = t.registry_asks
        for r in c.execute(select(asks).where(asks.c.first.in_(people), asks.c.second.in_(people))):
            pair = frozenset({PersonId(r.first), PersonId(r.second)})
            snapshot.restore_ask(world, pair, PersonId(r.asker))
        base.asks = {pair: set(who) for pair, who in world.contacts.asked.items()}

    def _cases(self, world: World, base: Baseline, rows: list[Row[tuple[object, ...]]], highest: int) -> None:
        found: list[Case] = []
        ids = [int(r.id) for r in rows]
        decisions: dict[int, list[Decision]] = {}
        openings: dict[int, list[tuple[datetime, PersonId]]] = {}
        if ids:
            for d in self.c.execute(
                select(t.decisions).where(t.decisions.c.case.in_(ids)).order_by(t.decisions.c.id)
            ):
                decisions.setdefault(d.case, []).append(
                    Decision(PersonId(d.by), d.approve, d.reasons, d.at, d.on_appeal)
                )
            for o in self.c.execute(
                select(t.file_openings).where(t.file_openings.c.case.in_(ids)).order_by(t.file_openings.c.id)
            ):
                openings.setdefault(o.case, []).append((o.at, PersonId(o.caseworker)))
        for r in rows:
            reasons = json.loads(r.reasons)
            case = Case(
                CaseId(r.id),
                (PersonId(r.first), PersonId(r.second)),
                frozenset(PersonId(p) for p in json.loads(r.applicants)),
                {PersonId(p): text for p, text in reasons.items()},
                r.filed_at,
                CaseState(r.state),
                r.statement,
                PersonId(r.caseworker) if r.caseworker else None,
                PersonId(r.appeal_judge) if r.appeal_judge else None,
                PersonId(r.appealed_by) if r.appealed_by else None,
                r.appeal_reasons,
                decisions.get(r.id, []),
            )
            case.cooling_off_ends = r.cooling_off_ends
            case.history = [(moment(at), CaseState(state)) for at, state in json.loads(r.history)]
            case.file_opened = openings.get(r.id, [])
            found.append(case)
            base.cases[case.id] = case_state(case)
            base.versions["cases", case.id] = r.version
            base.decisions[case.id] = len(case.decisions)
            base.openings[case.id] = len(case.file_opened)
        snapshot.restore_cases(world, found, highest)

    def _staff(self, world: World, base: Baseline, people: set[str]) -> None:
        c = self.c
        conflicts: dict[str, set[CaseId]] = {}
        for r in c.execute(select(t.conflicts).where(t.conflicts.c.caseworker.in_(people))):
            conflicts.setdefault(r.caseworker, set()).add(CaseId(r.case))
        for r in c.execute(select(t.caseworkers).where(t.caseworkers.c.person.in_(people))):
            worker = Caseworker(PersonId(r.person), r.hired, r.senior, conflicts.get(r.person, set()))
            snapshot.restore_caseworker(world, worker)
            base.caseworkers[worker.person] = (worker.senior, frozenset(worker.conflicts))
        for r in c.execute(select(t.job_applications).where(t.job_applications.c.person.in_(people))):
            snapshot.restore_job_application(world, PersonId(r.person), r.at)
            base.job_applications.add(PersonId(r.person))
        for r in c.execute(select(t.notices).where(t.notices.c.person.in_(people))):
            snapshot.restore_notice(world, PersonId(r.person), CaseId(r.case))
            base.notices[PersonId(r.person)] = base.notices.get(PersonId(r.person), 0) + 1
