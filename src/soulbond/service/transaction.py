"""The shape every state-changing use case shares: one transaction over a slice of the world."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from soulbond.core.world import World
from soulbond.service.ports import UnitOfWork, Wanted

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


def change(
    uow: UnitOfWork,
    use_case: str,
    key: str | None,
    wanted: Wanted,
    act: Callable[[World, datetime], R],
    result: type[R],
    *,
    catch_up: bool = True,
) -> R:
    """Load ``wanted``, let whatever fell due happen, ``act``, write back and commit once.

    Without ``catch_up`` the use case moves the slice's time itself (fated losses
    happen at moments before the world's now).

    With an idempotency ``key`` seen before, the stored result comes back and
    nothing changes.
    """
    with uow:
        if key is not None:
            stored = uow.recall(key, use_case)
            if stored is not None:
                return result(**stored)
        at = uow.now()
        world = uow.world.load(wanted)
        if catch_up:
            world.advance(at)
        outcome = act(world, at)
        uow.world.save(world)
        if key is not None:
            uow.remember(key, use_case, asdict(outcome))
        uow.commit()
        return outcome


def look(uow: UnitOfWork, wanted: Wanted, see: Callable[[World, datetime], R]) -> R:
    """A read: the slice as it stands at the world's moment, nothing written."""
    with uow:
        at = uow.now()
        world = uow.world.load(wanted)
        world.advance(at)
        return see(world, at)
