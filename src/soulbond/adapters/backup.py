"""Copies of a whole live world, taken while it runs, and put back into a fresh database.

SQLite: the online backup API copies every page in one step under a read
lock, so the copy is one consistent moment even while workers write; it is
written beside the destination and renamed into place, so a crash leaves
either no backup or a whole one.

PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot, taken
without stopping anyone) and ``pg_restore --single-transaction`` (all or
nothing). The client tools must be on PATH and not older than the server.
The password, if the URL has one, is handed over in ``PGPASSWORD``, never on
a command line others can read.

Either way a backup restores only into a database holding no world yet, and
only into the same kind of store it came from.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, inspect

from soulbond.adapters.errors import StorageError, StoreUnavailable
from soulbond.core.errors import InvalidInput

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


def backup(engine: Engine, destination: Path, *, schema: str | None = None) -> str:
    """Copy the world behind ``engine`` to ``destination`` (a new file); say what was written."""
    if destination.exists():
        raise InvalidInput(f"{destination} exists already; give a new file to back up into")
    if not destination.parent.is_dir():
        raise InvalidInput(f"there is no folder {destination.parent} to back up into")
    if not _holds_world(engine):
        raise InvalidInput("this database holds no world to back up; check SOULBOND_DATABASE_URL")
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, partial)
        else:
            _pg_dump(engine, partial, schema)
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return f"backed up the world to {destination} ({destination.stat().st_size:,} bytes)"


def restore(engine: Engine, source: Path) -> str:
    """Put the world kept in ``source`` into the empty database behind ``engine``."""
    if not source.is_file():
        raise InvalidInput(f"there is no backup file {source}")
    with source.open("rb") as file:
        start = file.read(len(SQLITE_MAGIC))
    sqlite = engine.dialect.name == "sqlite"
    expected, kind = (
        (SQLITE_MAGIC, "a SQLite backup") if sqlite else (PG_MAGIC, "a pg_dump custom-format file")
    )
    if not start.startswith(expected):
        raise InvalidInput(
            f"{source} is not {kind} made by `soulbond backup`; a backup restores only into the same "
            f"kind of database it came from ({engine.dialect.name} here)"
        )
    if _holds_world(engine):
        raise InvalidInput(
            "this database holds a world already; restore into a fresh one (point SOULBOND_DATABASE_URL "
            "at a new file or an empty database)"
        )
    if sqlite:
        _sqlite_restore(engine, source)
    else:
        _pg_restore(engine, source)
    return f"restored the world from {source}"


def _holds_world(engine: Engine) -> bool:
    with engine.connect() as connection:
        return inspect(connection).has_table("world")


def _sqlite_backup(engine: Engine, destination: Path) -> None:
    copy = sqlite3.connect(destination)
    try:
        with engine.connect() as connection:
            source = connection.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            source.backup(copy)
    finally:
        copy.close()


def _sqlite_restore(engine: Engine, source: Path) -> None:
    kept = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        problems = kept.execute("PRAGMA quick_check").fetchone()
        tables = {row[0] for row in kept.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if problems != ("ok",) or "world" not in tables:
            raise InvalidInput(f"{source} is a SQLite file but not a whole soulbond backup")
        with engine.connect() as connection:
            target = connection.connection.driver_connection
            assert isinstance(target, sqlite3.Connection)
            kept.backup(target)
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(f"{source} cannot be read as a SQLite backup ({exc})") from None
    finally:
        kept.close()
    # Connections opened before the restore may hold the old pages: start afresh.
    engine.dispose()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreUnavailable(
            f"{name} is not installed; install the PostgreSQL client tools (the server's version or newer)"
        )
    return found


def _pg_environment(engine: Engine) -> tuple[str, dict[str, str]]:
    url = engine.url.set(drivername="postgresql")
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    return url.set(password=None).render_as_string(hide_password=False), environment


def _pg_dump(engine: Engine, destination: Path, schema: str | None) -> None:
    url, environment = _pg_environment(engine)
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={destination}"]
    if schema is not None:
        command.append(f"--schema={schema}")
    _run([*command, f"--dbname={url}"], environment, "pg_dump")


def _pg_restore(engine: Engine, source: Path) -> None:
    url, environment = _pg_environment(engine)
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={url}",
        str(source),
    ]
    _run(command, environment, "pg_restore")


def _run(command: list[str], environment: dict[str, str], name: str) -> None:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise StorageError(f"{name} failed and nothing was changed: {said}")
