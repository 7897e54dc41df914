"""Wiring: settings in; an engine, units of work and the other ports out. Nothing connects before this runs.

The one module that knows which adapter stands behind each of the service's ports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from soulbond.adapters.accounts_sql import SqlAccountStore
from soulbond.adapters.engine import make_engine
from soulbond.adapters.errors import ConcurrencyConflict
from soulbond.adapters.memory import MemoryLive, MemoryStore
from soulbond.adapters.migrate import upgrade
from soulbond.adapters.photos import SqlPhotoStore
from soulbond.adapters.unit_of_work import SqlUnitOfWork
from soulbond.scenario.live import StoryFiles
from soulbond.service.ports import StoryBook
from soulbond.settings import Settings, load_settings


@dataclass
class Live:
    """A live world's store, ready to hand out units of work."""

    settings: Settings
    engine: Engine
    schema: str | None = field(default=None)
    stories: StoryBook = field(default_factory=StoryFiles)
    """Story files, for importing and exporting whole worlds."""
    conflict: type[Exception] = ConcurrencyConflict
    """What the store raises when another transaction changed the same rows first: worth a retry."""

    def uow(self, *, request_id: str | None = None) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, request_id=request_id)

    def accounts(self) -> SqlAccountStore:
        """Accounts and sessions, kept in the same database as the world."""
        return SqlAccountStore(self.engine)

    def photos(self) -> SqlPhotoStore:
        """Photos of possessions, kept in the same database as the world."""
        return SqlPhotoStore(self.engine)

    def upgrade(self) -> str:
        return upgrade(self.engine, cooling_off=timedelta(days=self.settings.cooling_off_days))

    def close(self) -> None:
        self.engine.dispose()


def bootstrap(settings: Settings | None = None, *, schema: str | None = None) -> Live:
    settings = settings or load_settings()
    engine = make_engine(
        settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms, schema=schema
    )
    return Live(settings, engine, schema)


def in_memory(settings: Settings | None = None) -> MemoryLive:
    """A live world kept in memory, for tests and quick trials: nothing connects and nothing is kept."""
    cooling_off = timedelta(days=(settings or Settings()).cooling_off_days)
    return MemoryLive(MemoryStore(cooling_off=cooling_off))
