"""The shape every state-changing use case shares: one transaction over a slice of the world."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from soulbond.core.errors import SoulbondError
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service import gate
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
    asker: str | None = None,
    catch_up: bool = True,
) -> R:
    """Load ``wanted``, let whatever fell due happen, ``act``, write back and commit once.

    ``asker`` is the person the answer is for: it and every refusal pass the
    privacy gate for them (``None``: the registrar, who runs the world).

    Without ``catch_up`` the use case moves the slice's time itself (fated losses
    happen at moments before the world's now).

    With an idempotency ``key`` seen before, the stored result comes back and
    nothing changes.
    """
    who = PersonId(asker) if asker is not None else None
    with uow:
        if key is not None:
            stored = uow.recall(key, use_case)
            if stored is not None:
                return result(**stored)
        world: World | None = None
        try:
            at = uow.now()
            world = uow.world.load(wanted)
            if catch_up:
                world.advance(at)
            outcome = gate.answer(world, who, act(world, at))
        except SoulbondError as exc:
            raise gate.refusal(world, who, exc) from exc
        uow.world.save(world)
        if key is not None:
            uow.remember(key, use_case, asdict(outcome))
        uow.commit()
        return outcome


def look(
    uow: UnitOfWork, wanted: Wanted, see: Callable[[World, datetime], R], *, asker: str | None = None
) -> R:
    """A read: the slice as it stands at the world's moment, nothing written; told as ``change`` tells."""
    who = PersonId(asker) if asker is not None else None
    with uow:
        world: World | None = None
        try:
            at = uow.now()
            world = uow.world.load(wanted)
            world.advance(at)
            return gate.answer(world, who, see(world, at))
        except SoulbondError as exc:
            raise gate.refusal(world, who, exc) from exc
