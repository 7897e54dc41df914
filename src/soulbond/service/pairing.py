"""Fate's pairing in a live world: a newcomer's soulmate drawn from the unpaired, by the world's seed."""

from __future__ import annotations

import random

from soulbond.service.ports import UnitOfWork
from soulbond.service.registry import PairByFate, pair_by_fate
from soulbond.service.results import Paired


def pair_newcomer(cmd: PairByFate, uow: UnitOfWork) -> Paired:
    """The same world pairs the same newcomer the same way, however often it is asked."""
    with uow:
        seed = uow.archive.fate().seed
    return pair_by_fate(cmd, uow, random.Random(f"pair:{seed}:{cmd.newcomer}"))
