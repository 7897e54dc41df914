"""A live world kept in memory: the same unit of work as the database's, in microseconds.

The store holds one table per kind of thing, as the database does, with the
same versions on the rows a use case changes. A unit of work reads from a
private copy of the tables taken when it starts and writes to that copy,
recording each write; ``commit`` replays the writes on the shared tables,
checking every version it compares as the database's ``UPDATE ... WHERE
version = ?`` does, and swaps them in only if all of them hold. So a rollback
leaves nothing behind, and the second of two racing units of work gets
``ConcurrencyConflict``, as it would from PostgreSQL.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from soulbond.adapters.accounts_memory import MemoryAccountStore
from soulbond.adapters.codec import world_moment
from soulbond.adapters.memory_archive import MemoryArchive
from soulbond.adapters.memory_slice import MemoryWorldRepository
from soulbond.adapters.memory_tables import Changes, Loaded, Tables, WorldRow
from soulbond.adapters.memory_writer import MemoryWriter
from soulbond.adapters.photos import MemoryPhotoStore
from soulbond.core import snapshot
from soulbond.core.errors import InvalidInput, TimeWentBackwards
from soulbond.core.foundation import DEFAULT_COOLING_OFF
from soulbond.core.knowledge import Census
from soulbond.core.world import World
from soulbond.service.ports import Remembered


class MemoryStore:
    """The shared tables and census of one in-memory world."""

    def __init__(self, *, cooling_off: timedelta = DEFAULT_COOLING_OFF) -> None:
        self.tables = Tables(world=WorldRow(cooling_off=cooling_off))
        self.census = Census()
        self.ids = itertools.count(1)
        """Like a database sequence: numbers handed out are never reused, committed or not."""

    def store_world(self, world: World, *, clock_at: datetime | None) -> None:
        """Put a whole core ``World`` (a replayed scenario) into empty tables, as ``adapters.store`` does."""
        changes = Changes(self.tables.copy(), self.census)
        MemoryWriter(changes, self.ids, world, Loaded()).save()
        changes.set_world(director=world.foundation.director, cooling_off=world.foundation.cooling_off)
        if clock_at is not None:
            changes.set_world(clock="simulated", simulated_now=clock_at)
        self.apply(changes)
        for person, born, traits in snapshot.strangers(world):
            self.census.add_stranger(person, born, traits)

    def apply(self, changes: Changes) -> None:
        """All of ``changes`` or none: they are replayed on a copy, which then replaces the tables."""
        candidate = self.tables.copy()
        for write in changes.writes:
            write(candidate)
        self.tables = candidate
        for person in changes.counted:
            self.census.add_person(person)
            for change in person.trait_changes:
                # The census finds people by every value they ever held, not only their current ones.
                self.census.trait_changed(person, change.key, change.before | change.after)
            if person.died is not None:
                self.census.died(person.id, person.died)
            if person.notorious_since is not None:
                self.census.became_notorious(person)


class MemoryUnitOfWork:
    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self._changes: Changes | None = None
        self._repository: MemoryWorldRepository | None = None

    @property
    def changes(self) -> Changes:
        if self._changes is None:
            raise RuntimeError("use the unit of work in a `with` block")
        return self._changes

    @property
    def world(self) -> MemoryWorldRepository:
        if self._repository is None:
            raise RuntimeError("use the unit of work in a `with` block")
        return self._repository

    def reads_only(self) -> Self:
        return self

    def __enter__(self) -> Self:
        self._changes = Changes(self.store.tables.copy(), self.store.census)
        self._repository = MemoryWorldRepository(self._changes, self.store.ids)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._changes = None
        self._repository = None

    def commit(self) -> None:
        self.store.apply(self.changes)
        self._changes = Changes(self.store.tables.copy(), self.store.census)
        self.world.changes = self._changes

    def rollback(self) -> None:
        self._changes = Changes(self.store.tables.copy(), self.store.census)
        self.world.changes = self._changes

    # -- the world's clock ------------------------------------------------------

    def now(self) -> datetime:
        return world_moment(self.changes.tables.world)

    def advance_clock(self, by: timedelta) -> datetime:
        row = self.changes.tables.world
        if row.clock != "simulated" or row.simulated_now is None:
            raise InvalidInput(
                "this world runs on the real clock; switch it with `soulbond world clock simulated` first"
            )
        if by < timedelta(0):
            raise InvalidInput("a world's clock only moves forward")
        now = row.simulated_now + by
        self.changes.set_world(read=row, simulated_now=now)
        return now

    @property
    def archive(self) -> MemoryArchive:
        return MemoryArchive(self.changes)

    def use_clock(self, simulated_at: datetime | None) -> None:
        now = self.now()
        moment = datetime.now(UTC) if simulated_at is None else simulated_at
        if moment < now and self.archive.has_history():
            which = "the real time" if simulated_at is None else moment.isoformat()
            raise TimeWentBackwards(
                f"{which} is before the world's clock, {now.isoformat()}; a world's clock only moves forward"
            )
        if simulated_at is None:
            self.changes.set_world(clock="real", simulated_now=None)
        else:
            self.changes.set_world(clock="simulated", simulated_now=simulated_at.astimezone(UTC))

    # -- idempotency --------------------------------------------------------------

    def recall(self, actor: str, key: str) -> Remembered | None:
        found = self.changes.tables.idempotency.get((actor, key))
        return None if found is None else Remembered(found.fingerprint, json.loads(json.dumps(found.result)))

    def remember(self, actor: str, key: str, use_case: str, fingerprint: str, result: dict[str, Any]) -> None:
        # Copies through JSON, as the database keeps it: a stored answer shares nothing with a use case.
        kept = Remembered(fingerprint, json.loads(json.dumps(result)))
        self.changes.add("idempotency", (actor, key), kept)


@dataclass
class MemoryLive:
    """An in-memory live world, ready to hand out units of work, as ``bootstrap.Live`` is for a database."""

    store: MemoryStore = field(default_factory=MemoryStore)
    account_store: MemoryAccountStore = field(default_factory=MemoryAccountStore)
    photo_store: MemoryPhotoStore = field(default_factory=MemoryPhotoStore)

    def accounts(self) -> MemoryAccountStore:
        return self.account_store

    def photos(self) -> MemoryPhotoStore:
        return self.photo_store

    def uow(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.store)

    def close(self) -> None:
        """Nothing to release: the world goes when the last reference to it does."""
