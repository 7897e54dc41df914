"""Each thread's own connection to a SQLite file, kept from one unit of work to the next.

Taking a connection from SQLAlchemy's pool and giving it back, and opening and
ending a transaction through its ``Connection``, cost some 40 µs a request on
SQLite: more than most of the statements in between. And a connection that sat
in the pool while others wrote has lost its cache of pages (SQLite drops it
whenever another connection has written), so a session's check on a connection
of its own read every page again. A thread that keeps one connection reuses its
cache, and opens and ends its transactions straight on the driver.

SQLAlchemy's ``Connection`` stays the one the adapters are given, and it is kept
consistent: a statement that goes through SQLAlchemy inside such a transaction
finds the driver already in it (``engine._sqlite_begin`` then begins nothing), and
ending the transaction ends SQLAlchemy's too.

Only for SQLite files. A thread that opens a second unit of work inside the first
(or whose connection is in use) gets one from the pool, as before; a connection is
given back to the pool when its thread ends, and closed when the engine is
disposed of.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable
from typing import Any

from sqlalchemy import Connection, Engine, event

from soulbond.adapters.engine import driver_sql, sqlite_file

_GUARD = threading.Lock()
KEPT_READS = 10_000
"""At most this many reads kept per connection (``others_writes``): past it, they are all let go."""


class ThreadConnection:
    """One thread's kept connection; ``busy`` while a unit of work of that thread holds it."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.driver: Any = connection.connection.driver_connection
        self.busy = False
        self._others: dict[Hashable, Any] = {}
        self._seen: int | None = None

    def others_writes(self) -> dict[Hashable, Any]:
        """Reads of what only other connections write, kept until another connection commits.

        SQLite's ``data_version`` changes for a connection whenever any other connection, in this
        process or another, has committed since it last asked; this connection's own commits leave it
        as it was. So a read kept here is only good for tables this connection never writes.
        """
        version = self.driver.execute("PRAGMA data_version").fetchone()[0]
        if version != self._seen or len(self._others) >= KEPT_READS:
            self._others.clear()
            self._seen = version
        return self._others

    def usable(self) -> bool:
        return not (self.connection.closed or self.connection.invalidated)

    def begin(self, reads_only: bool) -> None:
        """A deferred transaction for reads (it never waits for the writer), else an immediate one."""
        driver_sql(self.connection, "BEGIN" if reads_only else "BEGIN IMMEDIATE")

    def end(self, keep: bool) -> None:
        """Commit (``keep``) or roll back whatever transaction is open, SQLAlchemy's or the driver's."""
        if self.connection.in_transaction():
            # A statement run through SQLAlchemy began its own record of this transaction.
            if keep:
                self.connection.commit()
            else:
                self.connection.rollback()
        elif self.driver.in_transaction:
            driver_sql(self.connection, "COMMIT" if keep else "ROLLBACK")

    def close(self, *, for_good: bool = False) -> None:
        try:
            if for_good and not self.connection.closed:
                self.connection.invalidate()
            self.connection.close()
        except Exception:
            # Closing as a thread ends or the interpreter stops: there is no one left to tell.
            pass

    def __del__(self) -> None:
        # The thread ended (its local data went with it): the connection goes back to the pool.
        self.close()


class _Kept(threading.local):
    held: ThreadConnection | None = None


class _Registry:
    """An engine's kept connections: one per thread, and all of them for closing at once."""

    def __init__(self) -> None:
        self.local = _Kept()
        self.every: weakref.WeakSet[ThreadConnection] = weakref.WeakSet()

    def close_all(self) -> None:
        """After the engine's pool is disposed of: the pool it came from is gone, so each connection is
        closed for good (SQLite copies its log back when the last one closes), not given back."""
        for held in list(self.every):
            held.close(for_good=True)
        self.local = _Kept()


def take(engine: Engine) -> ThreadConnection | None:
    """This thread's connection to ``engine``'s SQLite file, marked busy; None when it is in use, or for
    any other database (the caller then takes one from the pool)."""
    held = _idle(engine)
    if held is not None:
        held.busy = True
    return held


def idle_driver(engine: Engine) -> Any:
    """This thread's kept driver connection when no unit of work holds it (for a single read outside
    any transaction), else None."""
    held = _idle(engine)
    return None if held is None else held.driver


def others_writes(engine: Engine) -> dict[Hashable, Any] | None:
    """This thread's reads of what only other connections write (``ThreadConnection.others_writes``), when
    its kept connection is idle; None otherwise, or for any other database."""
    held = _idle(engine)
    return None if held is None else held.others_writes()


def _idle(engine: Engine) -> ThreadConnection | None:
    """This thread's kept connection, made on first use, unless a unit of work of the thread holds it."""
    registry = _registry(engine)
    if registry is None:
        return None
    held = registry.local.held
    if held is not None and held.busy:
        return None
    if held is None or not held.usable():
        held = ThreadConnection(engine.connect())
        registry.local.held = held
        registry.every.add(held)
    return held


def _registry(engine: Engine) -> _Registry | None:
    found: _Registry | bool | None = getattr(engine, "_soulbond_thread_connections", None)
    if found is None:
        with _GUARD:
            found = getattr(engine, "_soulbond_thread_connections", None)
            if found is None:
                # Asked once per engine: False for a database whose connections are not kept.
                found = _Registry() if sqlite_file(engine.url) else False
                setattr(engine, "_soulbond_thread_connections", found)  # noqa: B010 (an attribute Engine does not declare)
                if found:
                    event.listen(engine, "engine_disposed", _close_all)
    return found if isinstance(found, _Registry) else None


def _close_all(engine: Engine) -> None:
    registry: _Registry | bool | None = getattr(engine, "_soulbond_thread_connections", None)
    if isinstance(registry, _Registry):
        registry.close_all()
