"""The Foundation's casework as an explicit state machine.

a joint application waits for the partner's signature; it exists (is filed) once both have signed:
unsigned ──sign (the partner, with their own reasons)──▶ filed
filed ──take──▶ under review ──decide──▶ approved ──cooling-off ends──▶ severed
  │                 │                       │  │
  │                 └──decide──▶ rejected   │  └─appeal─▶ appealed ─take─▶ appeal under review
  │                                 │       │                               │
  │                                 └─appeal┘            decide: approved or rejected (final)
  └─ withdraw (an applicant, or the partner asked to sign, any time before severance) ─▶ withdrawn
any open case lapses if the bond stops being active (a partner dies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import NewType

from soulbond.core.errors import WrongCaseState
from soulbond.core.people import PersonId

CaseId = NewType("CaseId", int)

DEFAULT_COOLING_OFF = timedelta(days=30)


class CaseState(StrEnum):
    UNSIGNED = "awaiting a signature"
    FILED = "filed"
    UNDER_REVIEW = "under review"
    APPROVED = "approved, cooling off"
    REJECTED = "rejected"
    APPEALED = "appealed"
    APPEAL_UNDER_REVIEW = "appeal under review"
    WITHDRAWN = "withdrawn"
    SEVERED = "severed"
    LAPSED = "lapsed"


OPEN = frozenset(
    {
        CaseState.UNSIGNED,
        CaseState.FILED,
        CaseState.UNDER_REVIEW,
        CaseState.APPROVED,
        CaseState.APPEALED,
        CaseState.APPEAL_UNDER_REVIEW,
    }
)

TRANSITIONS: dict[CaseState, frozenset[CaseState]] = {
    CaseState.UNSIGNED: frozenset({CaseState.FILED, CaseState.WITHDRAWN, CaseState.LAPSED}),
    CaseState.FILED: frozenset({CaseState.UNDER_REVIEW, CaseState.WITHDRAWN, CaseState.LAPSED}),
    CaseState.UNDER_REVIEW: frozenset(
        {CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.LAPSED}
    ),
    CaseState.APPROVED: frozenset(
        {CaseState.SEVERED, CaseState.APPEALED, CaseState.WITHDRAWN, CaseState.LAPSED}
    ),
    CaseState.REJECTED: frozenset({CaseState.APPEALED}),
    CaseState.APPEALED: frozenset({CaseState.APPEAL_UNDER_REVIEW, CaseState.WITHDRAWN, CaseState.LAPSED}),
    CaseState.APPEAL_UNDER_REVIEW: frozenset(
        {CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.LAPSED}
    ),
    CaseState.WITHDRAWN: frozenset(),
    CaseState.SEVERED: frozenset(),
    CaseState.LAPSED: frozenset(),
}


@dataclass(frozen=True)
class Decision:
    by: PersonId
    approve: bool
    reasons: str
    at: datetime
    on_appeal: bool


@dataclass
class Case:
    id: CaseId
    parties: tuple[PersonId, PersonId]
    applicants: frozenset[PersonId]
    reasons: dict[PersonId, str]
    filed_at: datetime
    state: CaseState = CaseState.FILED
    statement: str | None = None
    caseworker: PersonId | None = None
    appeal_judge: PersonId | None = None
    appealed_by: PersonId | None = None
    appeal_reasons: str | None = None
    decisions: list[Decision] = field(default_factory=list)
    cooling_off_ends: datetime | None = None
    history: list[tuple[datetime, CaseState]] = field(default_factory=list)
    file_opened: list[tuple[datetime, PersonId]] = field(default_factory=list)

    @property
    def joint(self) -> bool:
        """Both partners applied, or one asked the other to sign with them."""
        return (
            len(self.applicants) == 2
            or self.state is CaseState.UNSIGNED
            or (bool(self.history) and self.history[0][1] is CaseState.UNSIGNED)
        )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    def concerns(self, person: PersonId) -> bool:
        return person in self.parties

    def move(self, to: CaseState, at: datetime) -> None:
        if to not in TRANSITIONS[self.state]:
            raise WrongCaseState(f"case {self.id} is {self.state}; it cannot become {to} from there")
        self.state = to
        self.history.append((at, to))
        if to is not CaseState.APPROVED:
            self.cooling_off_ends = None


@dataclass
class Caseworker:
    person: PersonId
    hired: datetime
    senior: bool = False
    conflicts: set[CaseId] = field(default_factory=set)


@dataclass
class Foundation:
    director: PersonId | None = None
    cooling_off: timedelta = DEFAULT_COOLING_OFF
    cases: dict[CaseId, Case] = field(default_factory=dict)
    caseworkers: dict[PersonId, Caseworker] = field(default_factory=dict)
    job_applications: dict[PersonId, datetime] = field(default_factory=dict)
    notices: dict[PersonId, list[CaseId]] = field(default_factory=dict)

    def open_case_for(self, person: PersonId) -> Case | None:
        return next((c for c in self.cases.values() if c.is_open and c.concerns(person)), None)

    def may_hear_appeals(self, person: PersonId) -> bool:
        worker = self.caseworkers.get(person)
        return person == self.director or (worker is not None and worker.senior)
