"""One typed settings object, read from the environment when the program starts.

Every setting comes from an environment variable with the prefix ``SOULBOND_``
(``SOULBOND_DATABASE_URL`` sets ``database_url``). Nothing here connects to
anything; ``bootstrap()`` does that with the settings it is given.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """soulbond's settings.

    database_url
        Where the live world is kept. A SQLAlchemy URL: ``sqlite:///soulbond.db``
        (the default, a file in the working directory) or
        ``postgresql://user@host:5432/dbname`` (psycopg 3 is used either way you
        spell the driver).
    sqlite_busy_timeout_ms
        How long a SQLite writer waits for another writer before giving up.
    sqlite_checkpoint_seconds
        How often a server on SQLite copies the write-ahead log back into the
        database, in a thread of its own (``adapters.checkpoints``): a commit is
        on disk within this time, whatever the load.
    cooling_off_days
        Days between the Foundation approving a severance and the bond breaking,
        for worlds created by ``soulbond db upgrade``; an imported scenario brings
        its own.
    worker_batch
        How many due deliveries a worker claims per transaction round.
    worker_poll_seconds
        How long a worker that found nothing due waits before looking again.
    http_threads
        How many requests a server works on at once in its thread pool. By
        default 40 on PostgreSQL, where requests mostly wait on the network, and
        2 on SQLite, where most requests run on the event loop and the pool
        takes only the long work (``http.one_hop``): writers go one at a time,
        and more threads only fight over Python's interpreter lock.
    """

    model_config = SettingsConfigDict(env_prefix="SOULBOND_", extra="ignore")

    database_url: str = "sqlite:///soulbond.db"
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    sqlite_checkpoint_seconds: float = Field(default=0.5, gt=0, le=3600)
    # At most ten years, like any span the clock moves by, so an end of cooling-off is always a date.
    cooling_off_days: int = Field(default=30, ge=0, le=3650)
    worker_batch: int = Field(default=50, ge=1)
    worker_poll_seconds: float = Field(default=1.0, gt=0)
    http_threads: int | None = Field(default=None, ge=1, le=1000)


def load_settings() -> Settings:
    """The settings for this run, from the environment."""
    return Settings()
