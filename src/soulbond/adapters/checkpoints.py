"""SQLite's write-ahead log copied back into the database by a thread of the server's own.

Left to itself, SQLite copies its log back (a checkpoint) on whichever commit
takes the log past 1,000 pages, and under ``synchronous=NORMAL`` that copy waits
for the disk twice. In a server that commit is a request on the event loop, and
every other request waited with it: about a tenth of the server's throughput,
and half its slowest answers (``benchmarks/http.py``). A server's connections
therefore leave checkpoints to ``Checkpoints``, which makes one every
``every`` seconds when there is anything to copy.

Each round copies what it can beside the writers, then, holding the writer's turn
(``engine.writers_turn``), the little written meanwhile: only a log copied to its
end starts again from its beginning, so under a steady stream of writes it would
otherwise grow without end. Requests that read go on meanwhile; changes wait for
the turn as they wait for any writer.

What a power cut can take is bounded in time rather than in pages: each round
syncs the log first, so a commit is on disk within ``every`` seconds, where a
quiet server's last commits waited for the next 1,000 pages (or the operating
system) to reach the disk.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

from sqlalchemy import Engine

from soulbond.adapters.engine import own_driver_connection, writers_turn

PASSIVE = "PRAGMA wal_checkpoint(PASSIVE)"
log = logging.getLogger(__name__)


class Checkpoints:
    """A thread that checkpoints ``engine``'s SQLite file every ``every`` seconds, until ``stop``."""

    def __init__(self, engine: Engine, every: float) -> None:
        if engine.dialect.name != "sqlite":
            raise ValueError("only SQLite keeps a write-ahead log of its own to copy back")
        self.engine = engine
        self.every = every
        self.failure: str | None = None
        """The last round's failure, if it failed (the next round tries again)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="soulbond-checkpoints", daemon=True)

    def start(self) -> Checkpoints:
        self._thread.start()
        return self

    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Stops the thread after a last round: whatever was committed is copied back."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            stopping = False
            while not stopping:
                stopping = self._stop.wait(self.every)
                connection = self._round(connection)
        finally:
            if connection is not None:
                connection.close()

    def _round(self, connection: sqlite3.Connection | None) -> sqlite3.Connection | None:
        """One round on ``connection`` (a new one if None); the connection to use next time."""
        try:
            if connection is None:
                connection = own_driver_connection(self.engine)
            self.checkpoint(connection)
            self.failure = None
            return connection
        except sqlite3.Error as exc:
            # A checkpoint that cannot run now (another process's, a disk error) leaves the log as it was:
            # nothing is lost, and the next round tries again, on a connection of its own. Said once,
            # not every round.
            if self.failure is None:
                log.warning("SQLite's log could not be copied back into the database: %s; trying again", exc)
            self.failure = str(exc)
            if connection is not None:
                connection.close()
            return None

    def checkpoint(self, connection: sqlite3.Connection) -> None:
        """One round: the log copied back beside the writers, then its last part with the writers held."""
        _, logged, _ = connection.execute(PASSIVE).fetchall()[0]
        if logged <= 0:
            return
        with writers_turn(self.engine):
            connection.execute(PASSIVE).fetchall()
