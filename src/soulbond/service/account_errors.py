"""Refusals about who is asking, beside the world's own errors (``soulbond.core.errors``).

SoulbondError
└── AccessRefused
    ├── NotSignedIn        (no session, or it ended or expired)
    ├── LoginRefused       (the name and password do not match: never says which)
    ├── TooManyAttempts    (too many failed logins for the name or from the address)
    └── NotForYourRole     (the account's role may not do this)
"""

from __future__ import annotations

from soulbond.core.errors import SoulbondError


class AccessRefused(SoulbondError):
    pass


class NotSignedIn(AccessRefused):
    pass


class LoginRefused(AccessRefused):
    pass


class TooManyAttempts(AccessRefused):
    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class NotForYourRole(AccessRefused):
    pass
