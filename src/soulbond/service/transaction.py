"""The shape every state-changing use case shares: one transaction over a slice of the world."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, fields, is_dataclass
from datetime import date, time, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from soulbond.core.errors import SoulbondError
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service import gate, limits
from soulbond.service.errors import ChangedMeanwhile, IdempotencyKeyReused
from soulbond.service.ports import REGISTRAR, Command, StoreConflict, UnitOfWork, Wanted

if TYPE_CHECKING:
    from datetime import datetime

    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")

ATTEMPTS = 4
"""How many times a use case runs before a conflict with others' changes is answered instead."""


def change(
    uow: UnitOfWork,
    use_case: str,
    command: Command,
    wanted: Wanted,
    act: Callable[[World, datetime], R],
    result: type[R],
    *,
    catch_up: bool = True,
) -> R:
    """Load ``wanted``, let whatever fell due happen, ``act``, write back and commit once.

    The answer and every refusal pass the privacy gate for the command's actor
    (the registrar, who runs the world, is told everything).

    Without ``catch_up`` the use case moves the slice's time itself (fated losses
    happen at moments before the world's now).

    An idempotency key belongs to the command's actor: the same actor sending
    the same request again under it gets the stored result and nothing
    changes; the same actor sending a different request under it is refused;
    another actor's key of the same name is another key.

    When another transaction changed what the use case read before it could
    write, the use case runs again from the start (``ATTEMPTS`` in all), then
    answers ``ChangedMeanwhile``.

    A command with a field no store keeps alike (too long, a NUL) is refused
    first, naming the field (``limits``, checked in ``once``).
    """
    for _ in range(ATTEMPTS - 1):
        try:
            return _change_once(uow, use_case, command, wanted, act, result, catch_up=catch_up)
        except StoreConflict:
            # Someone else changed what this attempt read: run it again on what they left.
            continue
    try:
        return _change_once(uow, use_case, command, wanted, act, result, catch_up=catch_up)
    except StoreConflict:
        raise ChangedMeanwhile(
            "what you acted on was being changed by others at the same moment; look again and retry"
        ) from None


def _change_once(
    uow: UnitOfWork,
    use_case: str,
    command: Command,
    wanted: Wanted,
    act: Callable[[World, datetime], R],
    result: type[R],
    *,
    catch_up: bool,
) -> R:
    asker = _asker(command.actor)

    def run() -> R:
        world: World | None = None
        try:
            at = uow.now()
            world = uow.world.load(wanted)
            if catch_up:
                world.advance(at)
            outcome = gate.answer(world, asker, act(world, at), _learning(uow, asker))
        except SoulbondError as exc:
            raise gate.refusal(world, asker, exc, _learning(uow, asker)) from exc
        uow.world.save(world)
        return outcome

    with uow:
        outcome = once(uow, use_case, command, result, run)
        uow.commit()
        return outcome


def once(uow: UnitOfWork, use_case: str, command: Command, result: type[R], run: Callable[[], R]) -> R:
    """Inside an open unit of work: ``run`` once per idempotency key; the same request again is answered
    as the first time, and nothing happens twice.

    The key belongs to the command's actor: another actor's key of the same name
    is another key; the same actor sending a different request under it is
    refused. The caller commits: the answer is kept in the same transaction as
    what ``run`` changed, so both are kept or neither.
    """
    limits.check(command)
    key = command.idempotency_key
    if key is None:
        return run()
    request = fingerprint(use_case, command)
    stored = uow.recall(command.actor, key)
    if stored is not None:
        if stored.fingerprint != request:
            raise IdempotencyKeyReused(
                f"you already used the idempotency key '{key}' for a different request; "
                "send each new request with a fresh key"
            )
        return result(**stored.result)
    outcome = run()
    uow.remember(command.actor, key, use_case, request, asdict(outcome))
    return outcome


def look(
    uow: UnitOfWork, wanted: Wanted, see: Callable[[World, datetime], R], *, asker: str | None = None
) -> R:
    """A read: the slice as it stands at the world's moment, nothing written; told as ``change`` tells."""
    who = _asker(asker)
    with uow.reads_only():
        world: World | None = None
        try:
            at = uow.now()
            world = uow.world.load(wanted)
            world.advance(at)
            return gate.answer(world, who, see(world, at), _learning(uow, who))
        except SoulbondError as exc:
            raise gate.refusal(world, who, exc, _learning(uow, who)) from exc


def _learning(uow: UnitOfWork, asker: PersonId | None) -> gate.Learning:
    """What the gate needs to judge an answer for ``asker``, loaded only if it asks: what they learnt."""

    def learnt() -> World | None:
        if asker is None:
            return None
        return uow.world.load(Wanted(people={asker}, knowledge=True, contacts=True, catch_up=False))

    return learnt


def _asker(actor: str | None) -> PersonId | None:
    return None if actor is None or actor == REGISTRAR else PersonId(actor)


def fingerprint(use_case: str, command: Command) -> str:
    """The use case and every field of the command but its key, hashed: what makes two requests the same."""
    values = {
        f.name: _plain(getattr(command, f.name)) for f in fields(command) if f.name != "idempotency_key"
    }
    text = json.dumps([use_case, values], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    """``value`` as JSON the same way every time (sets sorted, dataclasses named by their type)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            "type": type(value).__name__,
            **{f.name: _plain(getattr(value, f.name)) for f in fields(value)},
        }
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value
