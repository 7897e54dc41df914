"""Fate's share of losing: losses at a person's own carefulness rate."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

YEAR = timedelta(days=365.2425)


def fated_loss_times(
    carefulness: float, start: datetime, end: datetime, rng: random.Random
) -> list[datetime]:
    """Moments of fated losses in [start, end): a Poisson process at ``carefulness`` per year."""
    if carefulness <= 0 or end <= start:
        return []
    times: list[datetime] = []
    moment = start
    while True:
        moment += YEAR * rng.expovariate(carefulness)
        if moment >= end:
            return times
        times.append(moment)
