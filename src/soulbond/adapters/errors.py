"""Storage failures, translated from whatever the database driver raised.

    SoulbondError                (soulbond.core.errors)
    └── StorageError
        ├── StoreUnavailable     (cannot connect, or the store refused to work)
        ├── StoreNotReady        (the tables are missing: run `soulbond db upgrade`)
        └── ConcurrencyConflict  (someone else changed the same rows first: retry)

The driver's own exception is always kept as ``__cause__``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc

from soulbond.core.errors import SoulbondError
from soulbond.service.ports import StoreConflict


class StorageError(SoulbondError):
    pass


class StoreUnavailable(StorageError):
    pass


class StoreNotReady(StorageError):
    pass


class ConcurrencyConflict(StorageError, StoreConflict):
    """The service runs the use case again (``service.transaction.change``) before it gives up."""


_CONFLICT_HINTS = ("database is locked", "could not serialize", "deadlock detected", "busy")
_MISSING_HINTS = ("no such table", "does not exist")


def translate(exc: sa_exc.SQLAlchemyError) -> StorageError:
    """The storage error a driver failure means to soulbond."""
    text = str(getattr(exc, "orig", exc) or exc)
    lowered = text.lower()
    if isinstance(exc, sa_exc.IntegrityError):
        return ConcurrencyConflict(
            f"the change clashed with one made at the same time ({text.splitlines()[0]}); try again"
        )
    if any(hint in lowered for hint in _MISSING_HINTS):
        return StoreNotReady(f"the database has no soulbond tables yet; run `soulbond db upgrade` ({text})")
    if any(hint in lowered for hint in _CONFLICT_HINTS):
        return ConcurrencyConflict(f"the database was busy with another change ({text}); try again")
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        return StoreUnavailable(
            f"the database cannot be reached or refused the work ({text.splitlines()[0]}); "
            "check SOULBOND_DATABASE_URL"
        )
    return StorageError(f"the database failed: {text.splitlines()[0]}")


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except sa_exc.SQLAlchemyError as exc:
        raise translate(exc) from exc
