"""Contact by ordinary means: messages between handles, blocks, and the registry's answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.results import Answer, Done, MessageSent
from soulbond.service.transaction import change


@dataclass(frozen=True)
class SendMessage:
    sender: str
    to_handle: str
    text: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.sender


def send_message(cmd: SendMessage, uow: UnitOfWork) -> MessageSent:
    sender = PersonId(cmd.sender)

    def act(world: World, at: datetime) -> MessageSent:
        world.send_message(sender, cmd.to_handle, cmd.text, at)
        return MessageSent(cmd.to_handle)

    wanted = Wanted(people={sender}, handles={cmd.to_handle}, contacts=True)
    return change(uow, "send_message", cmd, wanted, act, MessageSent)


@dataclass(frozen=True)
class BlockHandle:
    person: str
    handle: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.person


def _set_block(cmd: BlockHandle, uow: UnitOfWork, blocked: bool) -> Done:
    person = PersonId(cmd.person)
    name = "block" if blocked else "unblock"

    def act(world: World, at: datetime) -> Done:
        (world.block if blocked else world.unblock)(person, cmd.handle, at)
        return Done(f"{cmd.handle} is {name}ed")

    wanted = Wanted(people={person}, handles={cmd.handle}, contacts=True)
    return change(uow, name, cmd, wanted, act, Done)


def block(cmd: BlockHandle, uow: UnitOfWork) -> Done:
    return _set_block(cmd, uow, blocked=True)


def unblock(cmd: BlockHandle, uow: UnitOfWork) -> Done:
    return _set_block(cmd, uow, blocked=False)


@dataclass(frozen=True)
class AskRegistry:
    asker: str
    other_handle: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.asker


def ask_registry(cmd: AskRegistry, uow: UnitOfWork) -> Answer:
    """The registry answers whether two people in contact are soulmates once both have asked."""
    asker = PersonId(cmd.asker)

    def act(world: World, at: datetime) -> Answer:
        return Answer(str(world.ask_if_soulmates(asker, cmd.other_handle, at)))

    wanted = Wanted(people={asker}, handles={cmd.other_handle}, contacts=True)
    return change(uow, "ask_registry", cmd, wanted, act, Answer)
