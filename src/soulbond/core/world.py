"""The world: one aggregate that applies every law, with time moved forward explicitly."""

from __future__ import annotations

from datetime import datetime

from soulbond.core.casework import CaseworkRules
from soulbond.core.events import Event
from soulbond.core.foundation import Foundation
from soulbond.core.messaging import MessagingRules
from soulbond.core.possessions import PossessionRules
from soulbond.core.registry import RegistryRules
from soulbond.core.transference import Delivery


class World(RegistryRules, PossessionRules, MessagingRules, CaseworkRules):
    """Everything in one world. Each action takes the moment it happens at.

    Nothing happens by itself between actions: ``advance(to)`` makes the
    deliveries and severances that fall due up to ``to``, in the order they fall due.
    """

    def __init__(self, foundation: Foundation | None = None) -> None:
        super().__init__(foundation)

    def advance(self, to: datetime) -> list[Event]:
        happened: list[Event] = []
        while (first := self._next_due()) is not None and first[0] <= to:
            what = first[1]
            happened.append(self._deliver(what) if isinstance(what, Delivery) else self._sever(what))
        to = self._tick(to)
        if self.now is None or to > self.now:
            self.now = to
        return happened
