"""Accounts and sessions kept in memory (the ``AccountStore`` port), for tests and quick trials."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

from soulbond.service.account_ports import Account, Role, Session


class MemoryAccountStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._accounts: dict[str, Account] = {}
        self._sessions: dict[str, Session] = {}
        self._failures: list[tuple[str, str, datetime]] = []

    def add(self, account: Account) -> bool:
        with self._lock:
            if account.name in self._accounts:
                return False
            self._accounts[account.name] = account
            return True

    def get(self, name: str) -> Account | None:
        return self._accounts.get(name)

    def link(self, name: str, role: Role, person: str | None) -> bool:
        with self._lock:
            found = self._accounts.get(name)
            if found is None:
                return False
            self._accounts[name] = replace(found, role=role, person=person)
            return True

    def add_session(self, session: Session) -> None:
        with self._lock:
            self._sessions[session.token_hash] = session

    def session(self, token_hash: str) -> Session | None:
        return self._sessions.get(token_hash)

    def signed_in(self, token_hash: str) -> tuple[Session, Account] | None:
        session = self._sessions.get(token_hash)
        account = None if session is None else self._accounts.get(session.account)
        return None if session is None or account is None else (session, account)

    def end_session(self, token_hash: str, at: datetime) -> None:
        with self._lock:
            found = self._sessions.get(token_hash)
            if found is not None and found.ended is None:
                self._sessions[token_hash] = replace(found, ended=at)

    def record_failure(self, name: str, address: str, at: datetime) -> None:
        with self._lock:
            self._failures.append((name, address, at))

    def failures_since(self, name: str, address: str, since: datetime) -> tuple[int, int]:
        with self._lock:
            recent = [(n, a) for n, a, at in self._failures if at >= since]
        return sum(1 for n, _ in recent if n == name), sum(1 for _, a in recent if a == address)
