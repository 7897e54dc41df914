"""Wiring: settings in; an engine, units of work and the other ports out. Nothing connects before this runs.

The one module that knows which adapter stands behind each of the service's ports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine

from soulbond.adapters import backup
from soulbond.adapters.accounts_sql import SqlAccountStore
from soulbond.adapters.checkpoints import Checkpoints
from soulbond.adapters.engine import make_engine, normalise_url, sqlite_file, writer_busy
from soulbond.adapters.errors import ConcurrencyConflict
from soulbond.adapters.memory import MemoryLive, MemoryStore
from soulbond.adapters.migrate import upgrade
from soulbond.adapters.photos import SqlPhotoStore
from soulbond.adapters.unit_of_work import SqlUnitOfWork
from soulbond.core.errors import InvalidInput
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
    checkpoints: Checkpoints | None = None
    """SQLite's log copied back by a thread of this process rather than by whichever commit fills it."""

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

    def request_threads(self) -> int:
        """How many requests a server of this store works on at once (``Settings.http_threads``)."""
        if self.settings.http_threads is not None:
            return self.settings.http_threads
        return 2 if self.engine.dialect.name == "sqlite" else 40

    def in_process(self) -> bool:
        """Whether the database is embedded in this process (SQLite), so a read never waits on a network."""
        return bool(self.engine.dialect.name == "sqlite")

    def writer_busy(self) -> bool:
        """Whether another thread of this process is writing to the database now (``engine.writer_busy``)."""
        return writer_busy(self.engine)

    def backup(self, destination: Path) -> str:
        """A consistent copy of the whole world, taken while others work (``adapters.backup``)."""
        return backup.backup(self.engine, destination, schema=self.schema)

    def restore(self, source: Path) -> str:
        """The world of a backup, put into this empty database, then brought to the current schema."""
        said = backup.restore(self.engine, source)
        self.upgrade()
        return said

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.stop()
        self.engine.dispose()


def bootstrap(settings: Settings | None = None, *, schema: str | None = None, serving: bool = False) -> Live:
    """The live world the settings name; a setting that cannot be used is bad input, named.

    ``serving``: for a long-lived server, whose requests should never wait for SQLite to copy its log
    back (``adapters.checkpoints``); on PostgreSQL it changes nothing.
    """
    settings = settings or _settings_from_environment()
    url = normalise_url(settings.database_url)
    # Only a file has a log to copy back; an in-memory database is this process's alone.
    background = serving and sqlite_file(url)
    engine = make_engine(
        url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        schema=schema,
        own_checkpoints=not background,
    )
    live = Live(settings, engine, schema)
    if background:
        live.checkpoints = Checkpoints(engine, settings.sqlite_checkpoint_seconds).start()
    return live


def _settings_from_environment() -> Settings:
    try:
        return load_settings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        variable = "SOULBOND_" + "_".join(str(part) for part in problem["loc"]).upper()
        raise InvalidInput(f"{variable} cannot be used: {problem['msg'].lower()}") from None


def in_memory(settings: Settings | None = None) -> MemoryLive:
    """A live world kept in memory, for tests and quick trials: nothing connects and nothing is kept."""
    cooling_off = timedelta(days=(settings or Settings()).cooling_off_days)
    return MemoryLive(MemoryStore(cooling_off=cooling_off))
