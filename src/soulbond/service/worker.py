"""The worker's loop: fate catches up with the clock, then everything due is made to happen."""

from __future__ import annotations

from collections.abc import Callable

from soulbond.service.deliveries import deliver_due
from soulbond.service.fate import run_fate
from soulbond.service.ports import UnitOfWork
from soulbond.service.results import Worked


def work_once(new_uow: Callable[[], UnitOfWork], batch: int, *, retry_on: type[Exception]) -> Worked:
    """Everything due now, in batches, until nothing is; a batch that clashed with another worker is retried.

    ``retry_on`` is the store's "someone else changed it first" error, which bootstrap knows.
    """
    while True:
        try:
            run_fate(new_uow())
            break
        except retry_on:
            continue
    made = 0
    while True:
        try:
            done = deliver_due(new_uow(), batch)
        except retry_on:
            continue
        if not done:
            return Worked(made)
        made += done
