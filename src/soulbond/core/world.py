"""The world: one aggregate that applies every law, with time moved forward explicitly."""

from __future__ import annotations

from datetime import datetime

from soulbond.core.casework import CaseworkRules
from soulbond.core.events import Event
from soulbond.core.foundation import Foundation
from soulbond.core.messaging import MessagingRules
from soulbond.core.possessions import PossessionRules
from soulbond.core.registry import RegistryRules


class World(RegistryRules, PossessionRules, MessagingRules, CaseworkRules):
    """Everything in one world. Each action takes the moment it happens at.

    Nothing happens by itself between actions: ``advance(to)`` makes the
    deliveries and severances that fall due up to ``to``, in the order they fall due.
    """

    def __init__(self, foundation: Foundation | None = None) -> None:
        super().__init__(foundation)

    def advance(self, to: datetime) -> list[Event]:
        happened: list[Event] = []
        while True:
            deliveries = self.pending_deliveries()
            severances = self.due_severances()
            next_delivery = deliveries[0] if deliveries and deliveries[0].due <= to else None
            next_severance = severances[0] if severances and severances[0][0] <= to else None
            if next_delivery is None and next_severance is None:
                break
            if next_severance is not None and (
                next_delivery is None or next_severance[0] < next_delivery.due
            ):
                happened.append(self._sever(next_severance[1]))
            elif next_delivery is not None:
                happened.append(self._deliver(next_delivery))
        to = self._tick(to)
        if self.now is None or to > self.now:
            self.now = to
        return happened
