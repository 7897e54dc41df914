"""The record of every change: one flat event shape, so any store can keep it as a ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from soulbond.core.foundation import CaseId
from soulbond.core.items import Fact, ItemId
from soulbond.core.people import PersonId


class Kind(StrEnum):
    REGISTERED = "registered"
    DIED = "died"
    MOVED = "moved"
    TRAIT_CHANGED = "trait changed"
    NOTORIOUS = "became notorious"
    BONDED = "bonded"
    WIDOWED = "bond widowed"
    SEVERED = "bond severed"
    ITEM_ADDED = "item added"
    GIVEN = "given"
    LOST = "lost"
    ARRIVED = "arrived"
    STAYED = "stayed where it fell"
    KEPT = "kept"
    DISCARDED = "discarded"
    RECOVERED = "recovered from the bin"
    BIN_EMPTIED = "bin emptied"
    PICKED_UP = "picked up"
    PLACED = "placed by the registrar"
    RETURNED = "returned by hand"
    MESSAGED = "messaged"
    BLOCKED = "blocked"
    UNBLOCKED = "unblocked"
    ASKED_REGISTRY = "asked the registry"
    REGISTRY_ANSWERED = "registry answered"
    CASE_FILED = "severance applied for"
    PARTNER_NOTIFIED = "partner notified"
    CASE_SIGNED = "joint application signed"
    STATEMENT = "statement submitted"
    JOB_APPLIED = "applied for a caseworker's job"
    HIRED = "hired as caseworker"
    CONFLICT_DECLARED = "conflict declared"
    CASE_TAKEN = "case taken"
    CASE_FILE_OPENED = "case file opened"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"
    APPEALED = "appealed"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: Kind
    actor: PersonId | None = None
    other: PersonId | None = None
    item: ItemId | None = None
    case: CaseId | None = None
    text: str = ""
    facts: tuple[Fact, ...] = ()
    due: datetime | None = None
