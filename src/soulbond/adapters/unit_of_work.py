"""A unit of work over one database transaction; driver errors leave it as ``StorageError``."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy import exc as sa_exc

from soulbond.adapters import tables as t
from soulbond.adapters.archive import SqlArchive
from soulbond.adapters.codec import world_moment
from soulbond.adapters.engine import readers, writers_turn
from soulbond.adapters.errors import ConcurrencyConflict, StoreNotReady, translate, translated
from soulbond.adapters.hydrate import WORLD
from soulbond.adapters.prepared import run
from soulbond.adapters.repository import SqlWorldRepository
from soulbond.adapters.thread_connection import ThreadConnection, take
from soulbond.core.errors import InvalidInput, TimeWentBackwards
from soulbond.service.ports import Remembered

# Built once: every change made with an idempotency key runs both.
RECALL = select(t.idempotency).where(
    t.idempotency.c.actor == bindparam("actor"), t.idempotency.c.key == bindparam("key")
)
REMEMBER = insert(t.idempotency)


class SqlUnitOfWork:
    def __init__(self, engine: Engine, *, request_id: str | None = None) -> None:
        self.engine = engine
        self.request_id = request_id
        self._connection: Connection | None = None
        self._repository: SqlWorldRepository | None = None
        self._committed = False
        self._reads_only = False
        self._turn: AbstractContextManager[Any] | None = None
        self._held: ThreadConnection | None = None

    def reads_only(self) -> Self:
        self._reads_only = True
        return self

    @property
    def world(self) -> SqlWorldRepository:
        if self._repository is None:
            raise RuntimeError("use the unit of work in a `with` block")
        return self._repository

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("use the unit of work in a `with` block")
        return self._connection

    def __enter__(self) -> Self:
        if not self._reads_only:
            self._turn = writers_turn(self.engine)
            self._turn.__enter__()
        try:
            with translated():
                self._held = take(self.engine)
                if self._held is not None:
                    self._connection = self._held.connection
                    self._held.begin(self._reads_only)
                else:
                    self._connection = (readers(self.engine) if self._reads_only else self.engine).connect()
                    self._connection.begin()
        except BaseException:
            # Nothing began (a busy writer past the timeout): the connection goes back as it came.
            connection, self._connection = self._connection, None
            if connection is not None and self._held is None:
                connection.close()
            self._let_go()
            self._end_turn()
            raise
        self._committed = False
        self._repository = SqlWorldRepository(
            self._connection,
            request_id=self.request_id,
            skip_locked=self.engine.dialect.name == "postgresql",
        )
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if not self._committed:
                self._end(connection, keep=False)
        finally:
            if self._held is None:
                connection.close()
            self._let_go()
            self._end_turn()
        if isinstance(exc, sa_exc.SQLAlchemyError):
            raise translate(exc) from exc

    def _let_go(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.busy = False

    def _end_turn(self) -> None:
        turn, self._turn = self._turn, None
        if turn is not None:
            turn.__exit__(None, None, None)

    def commit(self) -> None:
        with translated():
            self._end(self.connection, keep=True)
        self._committed = True

    def rollback(self) -> None:
        with translated():
            self._end(self.connection, keep=False)

    def _end(self, connection: Connection, *, keep: bool) -> None:
        """Commit (``keep``) or roll back, on the thread's kept connection or one from the pool."""
        if self._held is not None:
            self._held.end(keep=keep)
        elif keep:
            connection.commit()
        else:
            connection.rollback()

    # -- the world's clock ------------------------------------------------------

    def _world_row(self) -> Any:
        row = run(self.connection, WORLD).first()
        if row is None:
            raise StoreNotReady("the database holds no world yet; run `soulbond db upgrade`")
        # The slices loaded in this transaction need the same row (the Foundation's settings).
        self.world.world_row = row
        return row

    def now(self) -> datetime:
        return world_moment(self._world_row())

    def advance_clock(self, by: timedelta) -> datetime:
        row = self._world_row()
        if row.clock != "simulated":
            raise InvalidInput(
                "this world runs on the real clock; switch it with `soulbond world clock simulated` first"
            )
        if by < timedelta(0):
            raise InvalidInput("a world's clock only moves forward")
        now = row.simulated_now + by
        # Over the moment read: two advances at once must not both start from it and lose one.
        with translated():
            done = self.connection.execute(
                update(t.world)
                .where(t.world.c.id == 1, t.world.c.simulated_now == row.simulated_now)
                .values(simulated_now=now)
            )
        if done.rowcount != 1:
            raise ConcurrencyConflict("the world's clock was moved by someone else meanwhile; try again")
        return now  # type: ignore[no-any-return]

    def use_clock(self, simulated_at: datetime | None) -> None:
        """Switch clocks; a world with a history never has its clock set back before its moment."""
        now = self.now()
        moment = datetime.now(UTC) if simulated_at is None else simulated_at
        if moment < now and self.archive.has_history():
            which = "the real time" if simulated_at is None else moment.isoformat()
            raise TimeWentBackwards(
                f"{which} is before the world's clock, {now.isoformat()}; a world's clock only moves forward"
            )
        values: dict[str, Any] = {"clock": "real", "simulated_now": None}
        if simulated_at is not None:
            values = {"clock": "simulated", "simulated_now": simulated_at}
        self.connection.execute(update(t.world).where(t.world.c.id == 1).values(**values))

    @property
    def archive(self) -> SqlArchive:
        return SqlArchive(self.connection)

    # -- idempotency --------------------------------------------------------------

    def recall(self, actor: str, key: str) -> Remembered | None:
        row = run(self.connection, RECALL, {"actor": actor, "key": key}).first()
        self.world.idempotency_key = key
        if row is None:
            return None
        return Remembered(row.fingerprint, json.loads(row.result))

    def remember(self, actor: str, key: str, use_case: str, fingerprint: str, result: dict[str, Any]) -> None:
        run(
            self.connection,
            REMEMBER,
            {
                "actor": actor,
                "key": key,
                "use_case": use_case,
                "fingerprint": fingerprint,
                "result": json.dumps(result, sort_keys=True),
            },
        )
