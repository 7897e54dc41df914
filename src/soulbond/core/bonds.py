"""Bonds between soulmates: fated, symmetric, and at most one per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from soulbond.core.people import PersonId


class BondState(StrEnum):
    ACTIVE = "active"
    WIDOWED = "widowed"
    SEVERED = "severed"


@dataclass(slots=True)
class Bond:
    first: PersonId
    second: PersonId
    since: datetime
    state: BondState = BondState.ACTIVE
    ended: datetime | None = None

    def partner_of(self, person: PersonId) -> PersonId:
        return self.second if person == self.first else self.first

    @property
    def people(self) -> frozenset[PersonId]:
        return frozenset({self.first, self.second})

    def carries(self) -> bool:
        """Only an active bond carries anything."""
        return self.state is BondState.ACTIVE
