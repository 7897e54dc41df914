"""Proof of custody: the registry knows where each delivery went, so "I have your folder" can be checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soulbond.core.errors import ItemNotThere
from soulbond.core.items import ItemId
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.results import MessageSent
from soulbond.service.transaction import change

PROOF = "The registry confirms: the sender of this message has '{item}', which arrived on their floor."


@dataclass(frozen=True)
class ProveCustodyTo:
    claimant: str
    item: str
    to_handle: str
    idempotency_key: str | None = None

    @property
    def actor(self) -> str:
        return self.claimant


def prove_custody_to(cmd: ProveCustodyTo, uow: UnitOfWork) -> MessageSent:
    """The registry's confirmation goes to the handle, as a message from the claimant; it says no more."""
    claimant, item = PersonId(cmd.claimant), ItemId(cmd.item)

    def act(world: World, at: datetime) -> MessageSent:
        if not world.proves_custody(claimant, item):
            raise ItemNotThere(
                f"{world.name_of(claimant)} does not have '{item}' from a delivery to them",
                public_message=f"the registry cannot confirm that you have '{item}'",
            )
        world.send_message(claimant, cmd.to_handle, PROOF.format(item=item), at)
        return MessageSent(cmd.to_handle)

    wanted = Wanted(people={claimant}, items={item}, handles={cmd.to_handle}, contacts=True)
    return change(uow, "prove_custody_to", cmd, wanted, act, MessageSent)
