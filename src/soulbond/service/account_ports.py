"""The port accounts and sessions are kept through: the SQL store and the in-memory one implement it.

Accounts are not part of the world: they are how someone reaches the world
from a device. An account has one role; a person, a caseworker and the
director act as one person of the world (``person``), the registrar as no one.
Each method is one transaction of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Role(StrEnum):
    PERSON = "person"
    CASEWORKER = "caseworker"
    DIRECTOR = "director"
    REGISTRAR = "registrar"


@dataclass(frozen=True)
class Account:
    name: str
    password_hash: str
    role: Role
    person: str | None
    """The person of the world this account acts as; none for the registrar, or until linked."""
    created: datetime


@dataclass(frozen=True)
class Session:
    """A signed-in device. Only a hash of its token is kept, so a copy of the store signs no one in."""

    token_hash: str
    account: str
    created: datetime
    expires: datetime
    ended: datetime | None = None


class AccountStore(Protocol):
    def add(self, account: Account) -> bool:
        """Keep a new account; False (and nothing changes) when the name is taken."""
        ...

    def get(self, name: str) -> Account | None: ...

    def link(self, name: str, role: Role, person: str | None) -> bool:
        """Give an account its role and person; False when there is no such account."""
        ...

    def add_session(self, session: Session) -> None: ...

    def session(self, token_hash: str) -> Session | None: ...

    def signed_in(self, token_hash: str) -> tuple[Session, Account] | None:
        """A session and its account, read together: what every signed-in request needs first."""
        ...

    def end_session(self, token_hash: str, at: datetime) -> None: ...

    def record_failure(self, name: str, address: str, at: datetime) -> None:
        """A failed login for ``name`` from ``address`` (whether or not the account exists)."""
        ...

    def failures_since(self, name: str, address: str, since: datetime) -> tuple[int, int]:
        """Failed logins since ``since``: for this name, and from this address."""
        ...
