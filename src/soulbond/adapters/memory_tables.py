"""The tables of an in-memory live world, and the writes a unit of work makes to them.

Rows are never changed in place: a write puts a new row (with the next version)
in the table, so a copy of the containers is a snapshot that costs no more than
the pointers in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from soulbond.adapters.errors import ConcurrencyConflict
from soulbond.core.bonds import Bond
from soulbond.core.contact import Message
from soulbond.core.events import Event
from soulbond.core.foundation import DEFAULT_COOLING_OFF, Case, CaseId, Caseworker, Decision
from soulbond.core.items import Item, ItemId, Place
from soulbond.core.knowledge import Census, Learnt
from soulbond.core.people import Person, PersonId
from soulbond.core.transference import Delivery
from soulbond.service.ports import Remembered

T = TypeVar("T")


@dataclass(frozen=True)
class Versioned(Generic[T]):
    """A stored row: never changed in place, replaced by a new one with the next version."""

    value: T
    version: int = 1


@dataclass(frozen=True)
class WorldRow:
    clock: str = "real"
    simulated_now: datetime | None = None
    director: PersonId | None = None
    cooling_off: timedelta = DEFAULT_COOLING_OFF
    seed: int = 0
    fate_until: datetime | None = None


@dataclass
class Tables:
    """Everything stored, one container per table; the values in them are never mutated."""

    world: WorldRow = field(default_factory=WorldRow)
    people: dict[PersonId, Versioned[Person]] = field(default_factory=dict)
    bonds: dict[frozenset[PersonId], Versioned[Bond]] = field(default_factory=dict)
    bond_members: dict[PersonId, frozenset[PersonId]] = field(default_factory=dict)
    items: dict[ItemId, Versioned[tuple[Item, Place]]] = field(default_factory=dict)
    deliveries: dict[int, Versioned[Delivery]] = field(default_factory=dict)
    knowledge: list[tuple[PersonId, Learnt, int | None]] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    blocks: set[tuple[PersonId, str]] = field(default_factory=set)
    asks: set[tuple[frozenset[PersonId], PersonId]] = field(default_factory=set)
    cases: dict[CaseId, Versioned[Case]] = field(default_factory=dict)
    """Cases without their decisions and file openings, which are kept apart (appended, never changed)."""
    decisions: list[tuple[CaseId, Decision]] = field(default_factory=list)
    openings: list[tuple[CaseId, datetime, PersonId]] = field(default_factory=list)
    caseworkers: dict[PersonId, Caseworker] = field(default_factory=dict)
    """Caseworkers without their conflicts, which are kept apart."""
    conflicts: set[tuple[PersonId, CaseId]] = field(default_factory=set)
    job_applications: dict[PersonId, datetime] = field(default_factory=dict)
    notices: dict[tuple[PersonId, CaseId], int] = field(default_factory=dict)
    """Each notice with its place in the order notices were given."""
    taught: set[int] = field(default_factory=set)
    """The deliveries that taught their finder something: each does so once."""
    idempotency: dict[tuple[str, str], Remembered] = field(default_factory=dict)
    """By actor and key."""
    ledger: list[Event] = field(default_factory=list)

    def copy(self) -> Tables:
        """A copy whose containers can change without touching these (the rows are shared)."""
        copied = {name: _copied(value) for name, value in vars(self).items()}
        return Tables(**copied)


def _copied(value: Any) -> Any:
    if isinstance(value, (dict, list, set)):
        return value.copy()
    return value


Write = Callable[[Tables], None]


class Changes:
    """A unit of work's writes: made on its private tables and replayed on the shared ones at commit."""

    def __init__(self, tables: Tables, census: Census) -> None:
        self.tables = tables
        self.census = census
        self.writes: list[Write] = []
        self.counted: list[Person] = []
        """People to (re)index in the shared census once the commit holds."""

    def _do(self, write: Write) -> None:
        write(self.tables)
        self.writes.append(write)

    def put(self, table: str, key: Any, value: Any, version: int | None) -> None:
        """Insert (``version`` None) or replace the row read at ``version``, as the database would."""

        def write(tables: Tables) -> None:
            rows: dict[Any, Versioned[Any]] = getattr(tables, table)
            current = rows.get(key)
            if version is None:
                if current is not None:
                    raise ConcurrencyConflict(
                        f"{table} {key!r} was added by someone else meanwhile; try again"
                    )
                rows[key] = Versioned(value)
            else:
                if current is None or current.version != version:
                    raise ConcurrencyConflict(
                        f"{table} {key!r} was changed by someone else meanwhile; try again"
                    )
                rows[key] = Versioned(value, version + 1)

        self._do(write)

    def add(self, table: str, key: Any, value: Any = None) -> None:
        """A row under a primary key: a second one with the same key clashes."""

        def write(tables: Tables) -> None:
            rows = getattr(tables, table)
            if key in rows:
                raise ConcurrencyConflict(f"{table} {key!r} was added by someone else meanwhile; try again")
            if isinstance(rows, set):
                rows.add(key)
            else:
                rows[key] = value

        self._do(write)

    def remove(self, table: str, key: Any) -> None:
        def write(tables: Tables) -> None:
            rows = getattr(tables, table)
            if isinstance(rows, set):
                rows.discard(key)
            else:
                rows.pop(key, None)

        self._do(write)

    def append(self, table: str, row: Any) -> None:
        self._do(lambda tables: getattr(tables, table).append(row))

    def set_world(self, *, read: WorldRow | None = None, **values: Any) -> None:
        """Change the world's row; with ``read``, only if it is still as it was read."""

        def write(tables: Tables) -> None:
            if read is not None and tables.world != read:
                raise ConcurrencyConflict("the world's clock was moved by someone else meanwhile; try again")
            tables.world = replace(tables.world, **values)

        self._do(write)

    def count(self, person: Person) -> None:
        self.counted.append(person)


@dataclass
class Loaded:
    """The rows a slice was made from, as read: what ``save`` compares with, and the versions it checks."""

    people: dict[PersonId, tuple[Person, int]] = field(default_factory=dict)
    bonds: dict[frozenset[PersonId], tuple[Bond, int]] = field(default_factory=dict)
    items: dict[ItemId, tuple[tuple[Item, Place], int]] = field(default_factory=dict)
    deliveries: dict[int, tuple[Delivery, int]] = field(default_factory=dict)
    """``id(delivery object)`` to the row as read."""
    cases: dict[CaseId, tuple[Case, int, int, int]] = field(default_factory=dict)
    """Each case's row (without decisions and openings), its version, and how many of each it had."""
    knowledge: dict[PersonId, int] = field(default_factory=dict)
    messages: int = 0
    blocks: set[tuple[PersonId, str]] = field(default_factory=set)
    asks: set[tuple[frozenset[PersonId], PersonId]] = field(default_factory=set)
    caseworkers: dict[PersonId, frozenset[CaseId]] = field(default_factory=dict)
    job_applications: set[PersonId] = field(default_factory=set)
    notices: dict[PersonId, int] = field(default_factory=dict)


def bare(case: Case) -> Case:
    """A case as its row holds it: decisions and file openings live in tables of their own."""
    return replace(case, decisions=[], file_opened=[])


def copy_person(person: Person) -> Person:
    """A person whose traits and their history can change without touching ``person``."""
    return replace(person, traits=dict(person.traits), trait_changes=list(person.trait_changes))
