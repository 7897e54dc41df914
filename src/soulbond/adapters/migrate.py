"""Schema migrations (Alembic, shipped inside the package) and the world's first row."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, insert, select

from soulbond.adapters import tables as t
from soulbond.adapters.errors import translated

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, *, cooling_off: timedelta = timedelta(days=30)) -> str:
    """Bring the schema to the newest revision and make sure the world row exists."""
    config = _config(engine)
    with translated(), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if connection.execute(select(t.world.c.id)).first() is None:
            connection.execute(
                insert(t.world).values(
                    id=1,
                    clock="real",
                    cooling_off_seconds=int(cooling_off.total_seconds()),
                    # Each new world its own fate; an imported story brings its own seed.
                    seed=secrets.randbits(62),
                )
            )
    return head()


def head() -> str:
    script = ScriptDirectory.from_config(_config_without_engine())
    return str(script.get_current_head())


def current(engine: Engine) -> str | None:
    with translated(), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _config_without_engine() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
