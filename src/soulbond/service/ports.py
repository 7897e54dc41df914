"""The ports the use cases need: a repository of world slices and a unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self

from soulbond.core.foundation import CaseId
from soulbond.core.items import ItemId
from soulbond.core.people import PersonId
from soulbond.core.transference import DeliveryState
from soulbond.core.world import World


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


class WorldRepository(Protocol):
    """Loads slices of the stored world into a fresh core World, and writes back what changed."""

    def load(self, wanted: Wanted) -> World: ...

    def save(self, world: World) -> None: ...

    def due_deliveries(self, now: datetime, limit: int) -> list[int]:
        """Pending deliveries due by ``now``, earliest first, claimed for this transaction."""
        ...

    def delivery_state(self, delivery: int) -> tuple[DeliveryState, datetime] | None: ...

    def due_severances(self, now: datetime, limit: int) -> list[CaseId]: ...

    def case_people(self, case: CaseId) -> tuple[PersonId, PersonId] | None: ...

    def fated_people(self) -> list[tuple[PersonId, float]]:
        """Living people who hold something and lose things at a rate above zero."""
        ...


class UnitOfWork(Protocol):
    """One transaction: leaving the ``with`` block rolls back unless ``commit()`` was called."""

    @property
    def world(self) -> WorldRepository: ...

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

    def recall(self, key: str, use_case: str) -> dict[str, Any] | None:
        """The stored result of an earlier call with this idempotency key, if any."""
        ...

    def remember(self, key: str, use_case: str, result: dict[str, Any]) -> None: ...
