"""The rules of soulbond's world, as pure Python.

Nothing here reads a clock, draws a random number of its own, touches a file,
a database or the network: moments and random generators are passed in.
"""

from soulbond.core.bonds import Bond, BondState
from soulbond.core.conservation import check_conservation
from soulbond.core.contact import Confirmation
from soulbond.core.errors import SoulbondError
from soulbond.core.events import Event, Kind
from soulbond.core.foundation import CaseId, CaseState, Foundation
from soulbond.core.items import Item, ItemId, Place, TellsAge, TellsNote, TellsTrait, Whereabouts
from soulbond.core.people import Home, Person, PersonId
from soulbond.core.transference import next_wake
from soulbond.core.world import World

__all__ = [
    "Bond",
    "BondState",
    "CaseId",
    "CaseState",
    "Confirmation",
    "Event",
    "Foundation",
    "Home",
    "Item",
    "ItemId",
    "Kind",
    "Person",
    "PersonId",
    "Place",
    "SoulbondError",
    "TellsAge",
    "TellsNote",
    "TellsTrait",
    "Whereabouts",
    "World",
    "check_conservation",
    "next_wake",
]
