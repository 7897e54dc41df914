"""Accounts and sessions in the database (the ``AccountStore`` port), each call one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, bindparam, func, insert, select, update
from sqlalchemy import exc as sa_exc

from soulbond.adapters import tables as t
from soulbond.adapters.engine import one_read, readers
from soulbond.adapters.errors import translated
from soulbond.adapters.prepared import read_alone
from soulbond.adapters.thread_connection import others_writes
from soulbond.service.account_ports import Account, Role, Session

# Built once: every request of a signed-in caller runs it.
SIGNED_IN = (
    select(
        t.sessions,
        t.accounts.c.password_hash,
        t.accounts.c.role,
        t.accounts.c.person,
        t.accounts.c.created.label("account_created"),
    )
    .join(t.accounts, t.accounts.c.name == t.sessions.c.account)
    .where(t.sessions.c.token_hash == bindparam("token_hash"))
)


class SqlAccountStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.readers = readers(engine)
        self.one_read = one_read(engine)

    def add(self, account: Account) -> bool:
        try:
            with translated(), self.engine.begin() as connection:
                if connection.execute(
                    select(t.accounts.c.name).where(t.accounts.c.name == account.name)
                ).first():
                    return False
                connection.execute(
                    insert(t.accounts).values(
                        name=account.name,
                        password_hash=account.password_hash,
                        role=str(account.role),
                        person=account.person,
                        created=account.created,
                    )
                )
        except sa_exc.IntegrityError:
            # Someone registered the same name at the same moment: it is taken.
            return False
        return True

    def get(self, name: str) -> Account | None:
        with translated(), self.one_read.connect() as connection:
            row = connection.execute(select(t.accounts).where(t.accounts.c.name == name)).first()
        return None if row is None else _account(row)

    def link(self, name: str, role: Role, person: str | None) -> bool:
        with translated(), self.engine.begin() as connection:
            done = connection.execute(
                update(t.accounts).where(t.accounts.c.name == name).values(role=str(role), person=person)
            )
        return done.rowcount == 1

    def add_session(self, session: Session) -> None:
        with translated(), self.engine.begin() as connection:
            connection.execute(
                insert(t.sessions).values(
                    token_hash=session.token_hash,
                    account=session.account,
                    created=session.created,
                    expires=session.expires,
                    ended=session.ended,
                )
            )

    def session(self, token_hash: str) -> Session | None:
        with translated(), self.one_read.connect() as connection:
            row = connection.execute(select(t.sessions).where(t.sessions.c.token_hash == token_hash)).first()
        if row is None:
            return None
        return Session(row.token_hash, row.account, row.created, row.expires, row.ended)

    def signed_in(self, token_hash: str) -> tuple[Session, Account] | None:
        # Sessions and accounts are written only here, each in a transaction of its own, never on a
        # thread's kept connection: so what that connection read of them stays good until another
        # connection commits (``thread_connection.others_writes``).
        kept = others_writes(self.engine)
        if kept is not None and token_hash in kept:
            remembered: tuple[Session, Account] | None = kept[token_hash]
            return remembered
        with translated():
            row = read_alone(self.engine, SIGNED_IN, {"token_hash": token_hash}).first()
        found = None
        if row is not None:
            session = Session(row.token_hash, row.account, row.created, row.expires, row.ended)
            account = Account(row.account, row.password_hash, Role(row.role), row.person, row.account_created)
            found = (session, account)
        if kept is not None:
            kept[token_hash] = found
        return found

    def end_session(self, token_hash: str, at: datetime) -> None:
        with translated(), self.engine.begin() as connection:
            connection.execute(
                update(t.sessions)
                .where(t.sessions.c.token_hash == token_hash, t.sessions.c.ended.is_(None))
                .values(ended=at)
            )

    def record_failure(self, name: str, address: str, at: datetime) -> None:
        with translated(), self.engine.begin() as connection:
            connection.execute(insert(t.login_failures).values(name=name[:64], address=address[:64], at=at))

    def failures_since(self, name: str, address: str, since: datetime) -> tuple[int, int]:
        failures = t.login_failures
        with translated(), self.readers.connect() as connection:
            by_name = connection.execute(
                select(func.count()).where(failures.c.name == name[:64], failures.c.at >= since)
            ).scalar_one()
            by_address = connection.execute(
                select(func.count()).where(failures.c.address == address[:64], failures.c.at >= since)
            ).scalar_one()
        return int(by_name), int(by_address)


def _account(row: Any) -> Account:
    return Account(row.name, row.password_hash, Role(row.role), row.person, row.created)
