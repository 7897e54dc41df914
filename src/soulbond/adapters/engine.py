"""Engines for the two stores: SQLite (WAL, one writer at a time) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Final, cast

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from soulbond.core.errors import InvalidInput

READS_ONLY: Final = "soulbond_reads_only"
"""An execution option: this connection's transaction only reads (SQLite lets it run beside a writer)."""
ONE_STATEMENT: Final = "soulbond_one_statement"
"""An execution option: this connection runs one statement that only reads (``one_read``)."""
SUPPORTED = ("sqlite", "postgresql")


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here, whatever SQLAlchemy's default driver is.

    A URL that names no store soulbond keeps worlds in is bad input, said as such.
    """
    try:
        parsed = make_url(url)
    except (sa_exc.ArgumentError, ValueError):
        raise _unusable(url, "it is not a database URL") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in SUPPORTED:
        raise _unusable(url, f"soulbond keeps worlds only in {' or '.join(SUPPORTED)}")
    return parsed.render_as_string(hide_password=False)


def _unusable(url: str, why: str) -> InvalidInput:
    # The password, if any, stays out of the message.
    shown = url.split("@", 1)[-1] if "@" in url else url
    return InvalidInput(
        f"SOULBOND_DATABASE_URL '{shown}' cannot be used: {why}; "
        "give one such as sqlite:///soulbond.db or postgresql://user@host:5432/dbname"
    )


def make_engine(
    url: str, *, busy_timeout_ms: int = 30_000, schema: str | None = None, own_checkpoints: bool = True
) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and ``BEGIN IMMEDIATE`` transactions.

    With ``own_checkpoints`` false, SQLite's connections leave copying the log back to
    the database to a thread of the caller's (``adapters.checkpoints``).

    On SQLite, a connection marked ``READS_ONLY`` begins a deferred
    transaction instead: in WAL mode it reads a consistent snapshot without
    waiting for the writer.

    ``schema`` (PostgreSQL only) puts soulbond's tables in that schema through
    ``search_path``, so several test runs can share one database.
    """
    url = normalise_url(url)
    if url.startswith("sqlite"):
        try:
            # The connection used last is taken first: its cache of pages is still good, where one that
            # sat while others wrote has to read each page again (SQLite drops a connection's whole cache
            # when another connection has written). Taken in turn, a server's event loop, which needs one
            # connection at a time, went from one to another whenever the worker had opened a second.
            # (An in-memory database has one connection per thread, in a pool that takes no order.)
            # Each thread keeps a connection of its own (``thread_connection``), so a file's pool sets no
            # limit: a thread beyond it would wait 30 s for a connection no one gives back until it ends.
            pooled = {"pool_use_lifo": True, "max_overflow": -1} if sqlite_file(url) else {}
            engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000}, **pooled)
        except (sa_exc.ArgumentError, ValueError) as exc:
            raise _unusable(url, str(exc)) from None
        event.listen(engine, "connect", _sqlite_connect(busy_timeout_ms, own_checkpoints))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        # One snapshot per transaction: under READ COMMITTED each statement sees the latest commits,
        # so a slice read while a worker delivers could hold an item already on a floor and its
        # delivery still pending, and a use case would refuse a sound request. A write that meets
        # a concurrent one fails to serialise instead, which the service runs again.
        engine = create_engine(url, pool_pre_ping=True, isolation_level="REPEATABLE READ")
    except (sa_exc.ArgumentError, ValueError, ImportError) as exc:
        raise _unusable(url, str(exc)) from None
    if schema is not None:
        event.listen(engine, "connect", _search_path(schema))
    return engine


def _sqlite_connect(busy_timeout_ms: int, own_checkpoints: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event start transactions, so they can be IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if not own_checkpoints:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    return on_connect


def readers(engine: Engine) -> Engine:
    """``engine``'s connections (the same pool), marked so that their transactions only read."""
    return _marked(engine, "_soulbond_readers", READS_ONLY)


def one_read(engine: Engine) -> Engine:
    """``engine``'s connections for a single statement that only reads.

    On SQLite the statement runs in the transaction SQLite gives every statement, which sees one
    moment as well as a BEGIN would, without the BEGIN and ROLLBACK around it (a third of the cost of
    checking a session).
    """
    return _marked(engine, "_soulbond_one_read", READS_ONLY, ONE_STATEMENT)


def _marked(engine: Engine, kept_as: str, *options: str) -> Engine:
    """``engine`` with ``options`` set, made once per engine and kept on it as ``kept_as`` (a weak map
    would keep it alive, as the marked engine refers to it): marking each connection as it is taken
    costs more than a small read."""
    found: Engine | None = getattr(engine, kept_as, None)
    if found is None:
        found = engine.execution_options(**dict.fromkeys(options, True))
        setattr(engine, kept_as, found)
    return found


def _sqlite_begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get(ONE_STATEMENT):
        return
    if connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        # A thread's kept connection, whose unit of work began the transaction on the driver
        # (``thread_connection``): a statement through SQLAlchemy joins it.
        return
    # Straight on the driver: SQLAlchemy's execution around it costs more than SQLite's BEGIN.
    if options.get(READS_ONLY):
        driver_sql(connection, "BEGIN")
        return
    # One writer at a time, decided when the transaction starts rather than at its
    # first write, so two workers never both read a delivery as pending.
    driver_sql(connection, "BEGIN IMMEDIATE")


def sqlite_file(url: str | URL) -> bool:
    """Whether ``url`` names a SQLite database kept in a file (not in memory), which other connections,
    threads and processes can open too."""
    parsed = make_url(url) if isinstance(url, str) else url
    database = parsed.database
    return (
        parsed.get_backend_name() == "sqlite"
        and database not in (None, "", ":memory:")
        and "memory" not in str(parsed)
    )


def own_driver_connection(engine: Engine) -> sqlite3.Connection:
    """A connection to ``engine``'s SQLite file straight on the driver, outside SQLAlchemy's pool, in
    autocommit (each statement its own transaction); the caller closes it."""
    arguments, options = engine.dialect.create_connect_args(engine.url)
    connection = cast(sqlite3.Connection, engine.dialect.loaded_dbapi.connect(*arguments, **options))
    connection.isolation_level = None
    return connection


def driver_sql(connection: Connection, sql: str) -> None:
    """A statement of SQLite's own (``BEGIN IMMEDIATE``) run on the driver, its errors wrapped as SQLAlchemy's."""
    try:
        connection.connection.driver_connection.execute(sql)  # type: ignore[union-attr]
    except sqlite3.Error as exc:
        raise driver_error(sql, (), exc) from exc


def driver_error(sql: str, params: Any, exc: sqlite3.Error) -> sa_exc.StatementError:
    """SQLite's own error as SQLAlchemy would have raised it, so ``errors.translated`` reads it alike."""
    return sa_exc.DBAPIError.instance(sql, params, exc, sqlite3.Error)


_TURNS_GUARD = threading.Lock()


def writers_turn(engine: Engine) -> AbstractContextManager[Any]:
    """Held around a write transaction: on SQLite, this process's writers go one at a time.

    They would anyway (SQLite has one writer), but waiting here they are let
    through in turn as soon as the writer before them is done, rather than
    polling in SQLite's busy handler, which sleeps up to 100 ms at a time.
    Reentrant: a thread that opens a second writer inside the first gets
    SQLite's own answer (busy, after the timeout) rather than hanging.
    """
    if engine.dialect.name != "sqlite":
        return nullcontext()
    return _turn(engine)


def writer_busy(engine: Engine) -> bool:
    """Whether another thread of this process holds the writer's turn right now (a hint: it may end the
    next moment). Never true on PostgreSQL, whose writers do not take turns."""
    if engine.dialect.name != "sqlite":
        return False
    turn = _turn(engine)
    if turn.acquire(blocking=False):
        turn.release()
        return False
    return True


def _turn(engine: Engine) -> threading.RLock:
    """The engine's writer's turn, made the first time it is asked for."""
    turn: threading.RLock | None = getattr(engine, "_soulbond_writers_turn", None)
    if turn is None:
        with _TURNS_GUARD:
            turn = getattr(engine, "_soulbond_writers_turn", None)
            if turn is None:
                turn = threading.RLock()
                setattr(engine, "_soulbond_writers_turn", turn)  # noqa: B010 (an attribute Engine does not declare)
    return turn


def _search_path(schema: str) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f'SET search_path TO "{schema}"')
        cursor.close()
        dbapi_connection.commit()

    return on_connect
