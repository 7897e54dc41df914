"""Accounts: registration, login, sessions and the registrar linking an account to a person.

Passwords are hashed with argon2id. Neither registration nor login says
whether an account exists: registering a taken name answers as registering a
free one does, and a login with an unknown name costs the same hash and
gets the same refusal as a wrong password. Failed logins are counted per
name and per address in the store, so every server sharing it counts them
together. The clock (the real one: sessions live in people's time, not the
world's) and the token source are passed in.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from soulbond.core.errors import InvalidInput, NotFound
from soulbond.service import lengths, limits
from soulbond.service.account_errors import LoginRefused, NotSignedIn, TooManyAttempts
from soulbond.service.account_ports import Account, AccountStore, Role, Session
from soulbond.service.results import Done

Clock = Callable[[], datetime]

REGISTERED = "if that name was free, the account now exists: log in with it"
"""The one answer to every registration, so that it never tells whether a name was taken."""


@dataclass(frozen=True)
class AccountPolicy:
    """How accounts are kept: hashing cost, session lifetime, and how many failed logins are allowed."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 1
    session_lifetime: timedelta = timedelta(days=14)
    window: timedelta = timedelta(minutes=15)
    failures_per_name: int = 5
    failures_per_address: int = 50
    token: Callable[[], str] = field(default=lambda: secrets.token_urlsafe(32))

    @cached_property
    def hasher(self) -> PasswordHasher:
        # argon2-cffi's PasswordHasher hashes with argon2id.
        return PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=self.parallelism
        )

    @cached_property
    def decoy(self) -> str:
        """A hash to check an unknown name's password against, so that it costs what a known one does."""
        return self.hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Register:
    name: str
    password: str


@dataclass(frozen=True)
class LogIn:
    name: str
    password: str
    address: str


@dataclass(frozen=True)
class Issued:
    """A new session: the token is shown once, here, and kept only as a hash."""

    token: str
    expires: datetime
    account: str
    role: Role
    person: str | None


@dataclass(frozen=True)
class Principal:
    """Who is asking: the account behind a live session."""

    account: str
    role: Role
    person: str | None


@dataclass(frozen=True)
class Link:
    """The registrar gives an account its role and the person it acts as."""

    name: str
    role: Role
    person: str | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register(cmd: Register, store: AccountStore, clock: Clock, policy: AccountPolicy) -> Done:
    """A new account with the role of a person, linked to no one until the registrar links it."""
    _check_credentials(cmd.name, cmd.password)
    hashed = policy.hasher.hash(cmd.password)
    store.add(Account(cmd.name, hashed, Role.PERSON, None, clock()))
    return Done(REGISTERED)


def log_in(cmd: LogIn, store: AccountStore, clock: Clock, policy: AccountPolicy) -> Issued:
    # Only what no account could hold is refused here; a short password is simply a wrong one.
    limits.check(cmd)
    now = clock()
    by_name, by_address = store.failures_since(cmd.name, cmd.address, now - policy.window)
    if by_name >= policy.failures_per_name or by_address >= policy.failures_per_address:
        raise TooManyAttempts(
            "too many failed logins; wait a while and try again",
            retry_after_seconds=int(policy.window.total_seconds()),
        )
    account = store.get(cmd.name)
    # An unknown name is checked against a decoy, so that it takes as long as a wrong password.
    matched = _matches(policy, account.password_hash if account else policy.decoy, cmd.password)
    if account is None or not matched:
        store.record_failure(cmd.name, cmd.address, now)
        raise LoginRefused("that name and password do not match an account")
    token = policy.token()
    expires = now + policy.session_lifetime
    store.add_session(Session(token_hash(token), account.name, now, expires))
    return Issued(token, expires, account.name, account.role, account.person)


def _check_credentials(name: str, password: str) -> None:
    """The account limits (``lengths``), the same on every store and face, naming what broke them."""
    if not 1 <= len(name) <= lengths.ACCOUNT_NAME or any(char.isspace() for char in name):
        raise InvalidInput(
            f"the account name must be 1 to {lengths.ACCOUNT_NAME} characters with no spaces "
            f"(it is {len(name):,} long)"
        )
    if not lengths.PASSWORD_MIN <= len(password) <= lengths.PASSWORD_MAX:
        raise InvalidInput(
            f"the password must be {lengths.PASSWORD_MIN} to {lengths.PASSWORD_MAX} characters "
            f"(it is {len(password):,} long)"
        )
    for what, text in (("account name", name), ("password", password)):
        bad = lengths.unsafe_character(text)
        if bad is not None:
            raise InvalidInput(f"the {what} holds the character {bad}, which no store keeps; leave it out")


def _matches(policy: AccountPolicy, hashed: str, password: str) -> bool:
    try:
        return policy.hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(token: str, store: AccountStore, clock: Clock) -> Principal:
    """The account behind a token, if its session is live."""
    found = store.signed_in(token_hash(token))
    if found is None or found[0].ended is not None or found[0].expires <= clock():
        raise NotSignedIn("you are not signed in, or your session ended: log in again")
    account = found[1]
    return Principal(account.name, account.role, account.person)


def log_out(token: str, store: AccountStore, clock: Clock) -> Done:
    """Ends the session on the server: the token signs no one in any more, wherever it was copied."""
    store.end_session(token_hash(token), clock())
    return Done("you are signed out")


def link(cmd: Link, store: AccountStore) -> Done:
    """Only the registrar links accounts, and may be told whether one exists."""
    limits.check(cmd)
    if cmd.role is Role.REGISTRAR and cmd.person is not None:
        raise InvalidInput("a registrar acts as no one: leave out the person")
    if cmd.role is not Role.REGISTRAR and cmd.person is None:
        raise InvalidInput(f"a {cmd.role} acts as a person of the world: name the person")
    if not store.link(cmd.name, cmd.role, cmd.person):
        raise NotFound(f"there is no account '{cmd.name}'")
    who = f" acting as {cmd.person}" if cmd.person else ""
    return Done(f"account '{cmd.name}' is now a {cmd.role}{who}")
