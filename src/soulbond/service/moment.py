"""The world's moment, as anyone signed in may read it: the time, and nothing of what waits to happen.

The registrar's reading (``clock.show_clock``) also counts what is due; a
person must not see that, or a loss that travelled would show as one more
delivery waiting, telling its loser that their soulmate lives.
"""

from __future__ import annotations

from dataclasses import dataclass

from soulbond.service.ports import UnitOfWork


@dataclass(frozen=True)
class Moment:
    now: str
    """The world's moment, ISO 8601 in UTC."""


def read_moment(uow: UnitOfWork) -> Moment:
    with uow:
        return Moment(uow.now().isoformat())
