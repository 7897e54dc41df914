"""The ports the use cases need: a repository of world slices, the whole world, story files, a unit of work."""

from __future__ import annotations

from dataclasses import Field, dataclass, field
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Any, ClassVar, Final, Protocol, Self

from soulbond.core.foundation import CaseId
from soulbond.core.items import Disclosure, ItemId
from soulbond.core.people import Home, PersonId
from soulbond.core.transference import DeliveryState
from soulbond.core.world import World
from soulbond.service.story_report import ShippedStory, StoryReport


@dataclass
class Wanted:
    """The part of the world one use case needs.

    People always come with their soulmates, the open cases about their bonds,
    and (``catch_up``) the deliveries travelling to them, so that whatever fell
    due before the use case's moment happens first, as the rules require.
    """

    people: set[PersonId] = field(default_factory=set)
    items: set[ItemId] = field(default_factory=set)
    holdings: set[PersonId] = field(default_factory=set)
    """Everything at these people's places: kept, on the floor, in the bin."""
    floors: set[PersonId] = field(default_factory=set)
    """What lies on these people's floors only (with whatever is due to arrive there)."""
    handles: set[str] = field(default_factory=set)
    cases: set[CaseId] = field(default_factory=set)
    deliveries: set[int] = field(default_factory=set)
    knowledge: bool = False
    contacts: bool = False
    casework: bool = False
    correspondents: bool = False
    """Everyone the people wrote to, heard from, or asked the registry about: for an inbox."""
    unpaired: bool = False
    """Every living person without a soulmate, for fate to choose from."""
    catch_up: bool = True
    everyday: bool = False
    """A person's everyday act or look: of what travels to the people, only what has fallen due by the
    world's moment is loaded, so the act costs the same however much is in flight to them. Unless one
    of them has an open case: a severance falling due stops everything in flight, which it must see.
    A death stops what travels to the dead too, so registry acts never set this."""


REGISTRAR: Final = "(the registrar)"
"""The actor behind the registry's own acts and the world's (fate, the worker)."""


class Command(Protocol):
    """A use case's input: a dataclass that knows who is acting and may carry an idempotency key."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def idempotency_key(self) -> str | None: ...

    @property
    def actor(self) -> str:
        """Who acts: a person's id, or ``REGISTRAR`` for what only the registrar does."""
        ...


@dataclass(frozen=True)
class Remembered:
    """What a unit of work kept about a request made with an idempotency key."""

    fingerprint: str
    """The request's use case and fields, hashed: a retry must match it."""
    result: dict[str, Any]


class StoreConflict(Exception):
    """Raised by a store when another transaction changed what this one read: run the use case again.

    A marker only; each store's own error (``ConcurrencyConflict``) carries the message.
    """


class WorldRepository(Protocol):
    """Loads slices of the stored world into a fresh core World, and writes back what changed."""

    def load(self, wanted: Wanted) -> World: ...

    def save(self, world: World) -> None: ...

    def due_deliveries(self, now: datetime, limit: int) -> list[int]:
        """Pending deliveries due by ``now``, earliest first, claimed for this transaction."""
        ...

    def delivery_state(self, delivery: int) -> tuple[DeliveryState, datetime] | None: ...

    def due_severances(self, now: datetime, limit: int) -> list[CaseId]: ...

    def count_due(self, now: datetime) -> int:
        """How many deliveries and severances are due by ``now``, all of them, claiming none."""
        ...

    def case_people(self, case: CaseId) -> tuple[PersonId, PersonId] | None: ...


class UnitOfWork(Protocol):
    """One transaction: leaving the ``with`` block rolls back unless ``commit()`` was called."""

    @property
    def world(self) -> WorldRepository: ...

    def reads_only(self) -> Self:
        """This unit of work will write nothing: a store may run it beside writers."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def now(self) -> datetime:
        """The world's clock: the real time, or the simulated moment its registrar set."""
        ...

    def advance_clock(self, by: timedelta) -> datetime: ...

    def use_clock(self, simulated_at: datetime | None) -> None:
        """Switch to the real clock (``None``) or a simulated one set to ``simulated_at``."""
        ...

    def recall(self, actor: str, key: str) -> Remembered | None:
        """What ``actor`` was answered when they last used this idempotency key, if they did."""
        ...

    def remember(self, actor: str, key: str, use_case: str, fingerprint: str, result: dict[str, Any]) -> None:
        """Keep ``actor``'s answer under ``key``; a second request under the same key clashes."""
        ...

    @property
    def archive(self) -> WorldArchive:
        """The world as a whole, in this unit's transaction."""
        ...


# -- the world as a whole: import, export and fate's bookkeeping --------------------------------------

HomeHistory = list[tuple[PersonId, datetime | None, Home]]
"""Every home each person had, from when (``None``: from the start)."""


@dataclass
class ImportedStory:
    """A story replayed through the laws, ready to become a live world."""

    name: str
    title: str
    world: World
    clock_at: datetime
    homes: HomeHistory
    strangers: str | None
    """The distributions its strangers were drawn from (JSON), kept so that an export can write them."""
    seed: int


@dataclass(frozen=True)
class ExportedPerson:
    id: str
    name: str
    born: date
    home: Home
    """The home they started in; moves are in the timeline."""
    carefulness: float
    phone: str | None
    traits: dict[str, list[str]]
    knows: list[str] = field(default_factory=list)
    """Whom they wrote to: a story's sender must know the handle, and these are acquaintances."""


@dataclass(frozen=True)
class ExportedItem:
    id: str
    owner: str
    what: str
    looks: str
    """What a finder sees of it (empty: the same as ``what``)."""
    tells: tuple[Disclosure, ...]
    since: datetime | None
    """When it came to exist, if after the world began."""


@dataclass(frozen=True)
class ExportedEntry:
    """One step of the timeline, in the words of the scenario format (values: text, or a ``Home``)."""

    at: datetime
    fields: dict[str, Any]


@dataclass
class ExportedWorld:
    """A stored world as a story: people as they started, and the ledger as a timeline."""

    title: str
    strangers: str | None
    director: str | None
    cooling_off_days: float
    people: list[ExportedPerson]
    bonds: list[tuple[str, str]]
    items: list[ExportedItem]
    timeline: list[ExportedEntry]
    left_out: list[str] = field(default_factory=list)
    """What the format cannot say, in words for the person exporting."""


@dataclass(frozen=True)
class FateState:
    seed: int
    ran_until: datetime | None
    """Every fated loss before this moment has happened (``None``: fate has not run yet)."""


@dataclass(frozen=True)
class WorldCounts:
    """The world in numbers, for its registrar: counted by the store, nothing loaded."""

    alive: int
    dead: int
    strangers: int
    bonds: dict[str, int]
    """Bonds by state (active, widowed, severed)."""
    in_transit: int
    due_by: int
    """Deliveries in transit that fall due by the moment asked about."""
    open_cases: dict[str, int]
    """The Foundation's open cases by state."""


@dataclass(frozen=True)
class RegisteredPerson:
    id: PersonId
    name: str
    born: date
    died: datetime | None
    place: str


class WorldArchive(Protocol):
    """The stored world as a whole, inside the unit of work's transaction."""

    def counts(self, due_by: datetime) -> WorldCounts: ...

    def registered(self, limit: int) -> list[RegisteredPerson]:
        """The first ``limit`` people the registrar registered (no strangers), by id."""
        ...

    def is_empty(self) -> bool: ...

    def has_history(self) -> bool:
        """Whether anything at all has happened in this world."""
        ...

    def clock_is_simulated(self) -> bool: ...

    def store(self, story: ImportedStory) -> None: ...

    def export(self) -> ExportedWorld: ...

    def fate(self) -> FateState: ...

    def fate_ran_until(self, at: datetime) -> None: ...

    def fated_people(self, since: datetime) -> list[tuple[PersonId, float]]:
        """People alive at ``since`` (or later) who hold something and lose things at a rate above zero."""
        ...

    def queue_of(self, caseworker: PersonId) -> list[CaseId]:
        """The open cases a caseworker has taken (to decide, or to hear on appeal)."""
        ...

    def untaken_cases(self) -> dict[str, int]:
        """How many open cases wait for a caseworker, by state."""
        ...

    def waiting_cases(self, limit: int = 200) -> list[CaseId]:
        """The open cases no one has taken yet (filed, or appealed), oldest first."""
        ...

    def staff(self) -> tuple[list[PersonId], list[PersonId]]:
        """Who applied for a caseworker's job and has not been hired yet, and who was hired."""
        ...


class StoryBook(Protocol):
    """Story files: read one into a world to import, write an exported world as one."""

    def read(self, source: str) -> ImportedStory:
        """A shipped story's name or a file's path, replayed through the laws."""
        ...

    def read_text(self, text: str, name: str) -> ImportedStory:
        """A story's text from someone else (an upload), read within the bounds for strangers' files."""
        ...

    def shipped(self) -> list[ShippedStory]:
        """The stories shipped with soulbond, by name."""
        ...

    def report_shipped(self, name: str) -> StoryReport:
        """A shipped story replayed, as a writer is shown it."""
        ...

    def report_text(self, text: str, name: str) -> StoryReport:
        """A story's text replayed, as a writer is shown it, read within the bounds for strangers' files."""
        ...

    def write(self, exported: ExportedWorld, *, header: str) -> str: ...
