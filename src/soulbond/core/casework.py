"""The Foundation's rules: applications, caseworkers, decisions, appeals, severance."""

from __future__ import annotations

from datetime import datetime

from soulbond.core.bonds import BondState
from soulbond.core.errors import (
    BondRuleBroken,
    ConflictOfInterest,
    NotACaseworker,
    NotPermitted,
    ReasonsRequired,
    UnknownCase,
    WrongCaseState,
)
from soulbond.core.events import Event, Kind
from soulbond.core.foundation import Case, CaseId, CaseState, Caseworker, Decision
from soulbond.core.people import PersonId
from soulbond.core.state import WorldState

NOT_AVAILABLE = "that case is not available to you"


class CaseworkRules(WorldState):
    def case(self, case: CaseId) -> Case:
        try:
            return self.foundation.cases[case]
        except KeyError:
            raise UnknownCase(f"there is no case {case}") from None

    # -- applying -------------------------------------------------------------

    def apply_for_severance(
        self, applicant: PersonId, reasons: str, at: datetime, *, jointly_with: PersonId | None = None
    ) -> Case:
        """On a sole application the partner is told a case concerns their bond, and no more.

        A joint application waits for the partner's own signature and reasons
        (``sign_application``); until then it is not filed, and no caseworker can take it.
        """
        at = self._tick(at)
        self._living(applicant, at, "apply to the Foundation")
        _need_reasons(reasons, "an application")
        bond = self.bond_of(applicant)
        if bond is None or not bond.carries():
            raise BondRuleBroken(f"{self.name_of(applicant)} has no active bond to sever")
        partner = bond.partner_of(applicant)
        if jointly_with is not None and jointly_with != partner:
            raise BondRuleBroken(
                f"a joint application needs both partners of one bond; {self.name_of(jointly_with)} is not {self.name_of(applicant)}'s soulmate",
                public_message="a joint application needs both partners of one bond",
            )
        if self.foundation.open_case_for(applicant) is not None:
            raise WrongCaseState("a case about this bond is already open; wait for it or withdraw it")
        state = CaseState.UNSIGNED if jointly_with is not None else CaseState.FILED
        case = Case(
            CaseId(len(self.foundation.cases) + 1),
            (bond.first, bond.second),
            frozenset({applicant}),
            {applicant: reasons},
            at,
            state=state,
        )
        case.history.append((at, state))
        self.foundation.cases[case.id] = case
        self._record(Event(at, Kind.CASE_FILED, actor=applicant, case=case.id, text=reasons))
        self.foundation.notices.setdefault(partner, []).append(case.id)
        self._record(
            Event(
                at,
                Kind.PARTNER_NOTIFIED,
                actor=partner,
                case=case.id,
                text="asked to sign" if jointly_with else "",
            )
        )
        return case

    def sign_application(self, partner: PersonId, case: CaseId, reasons: str, at: datetime) -> Case:
        """The second signature, with the partner's own reasons: only now does a joint application exist."""
        at = self._tick(at)
        self._living(partner, at, "sign an application")
        found = self.case(case)
        if partner not in found.parties or partner in found.applicants:
            raise NotPermitted(
                "only the partner asked to sign a joint application can sign it",
                public_message=NOT_AVAILABLE,
            )
        if found.state is not CaseState.UNSIGNED:
            raise WrongCaseState(f"case {case} is {found.state}; there is nothing left to sign")
        _need_reasons(reasons, "a signature on a joint application")
        found.applicants = found.applicants | {partner}
        found.reasons[partner] = reasons
        found.move(CaseState.FILED, at)
        self._record(Event(at, Kind.CASE_SIGNED, actor=partner, case=case, text=reasons))
        return found

    def submit_statement(self, partner: PersonId, case: CaseId, text: str, at: datetime) -> None:
        at = self._tick(at)
        self._living(partner, at, "submit a statement")
        found = self.case(case)
        if partner not in found.parties or partner in found.applicants:
            raise NotPermitted("only the partner who did not apply may submit a statement")
        if not found.is_open:
            raise WrongCaseState(f"case {case} is {found.state}; statements are closed")
        _need_reasons(text, "a statement")
        found.statement = text
        self._record(Event(at, Kind.STATEMENT, actor=partner, case=case, text=text))

    # -- staff ----------------------------------------------------------------

    def apply_for_job(self, person: PersonId, at: datetime) -> None:
        at = self._tick(at)
        self._living(person, at, "apply for a job")
        if person in self.foundation.caseworkers:
            raise NotPermitted(f"{self.name_of(person)} is already a caseworker")
        self.foundation.job_applications[person] = at
        self._record(Event(at, Kind.JOB_APPLIED, actor=person))

    def hire(self, director: PersonId, person: PersonId, at: datetime, *, senior: bool = False) -> None:
        at = self._tick(at)
        self._living(director, at, "hire")
        if director != self.foundation.director:
            raise NotPermitted(
                f"only the Foundation's director hires; {self.name_of(director)} is not the director"
            )
        if person not in self.foundation.job_applications:
            raise NotPermitted(f"{self.name_of(person)} has not applied for a caseworker's job")
        self._living(person, at, "be hired")
        del self.foundation.job_applications[person]
        self.foundation.caseworkers[person] = Caseworker(person, at, senior)
        self._record(Event(at, Kind.HIRED, actor=person, other=director, text="senior" if senior else ""))

    def declare_conflict(self, caseworker: PersonId, case: CaseId, at: datetime) -> None:
        at = self._tick(at)
        worker = self._caseworker(caseworker, at)
        self.case(case)
        worker.conflicts.add(case)
        self._record(Event(at, Kind.CONFLICT_DECLARED, actor=caseworker, case=case))

    def _caseworker(self, person: PersonId, at: datetime) -> Caseworker:
        self._living(person, at, "do casework")
        worker = self.foundation.caseworkers.get(person)
        if worker is None and person == self.foundation.director:
            worker = self.foundation.caseworkers[person] = Caseworker(person, at, senior=True)
        if worker is None:
            raise NotACaseworker(f"{self.name_of(person)} is not one of the Foundation's caseworkers")
        return worker

    def _check_conflict(self, worker: Caseworker, case: Case) -> None:
        """Barred cases look the same as cases taken by others, so a refusal reveals no bond."""
        me = worker.person
        if case.concerns(me):
            why = f"{self.name_of(me)} may not decide a case concerning themselves"
        elif self.soulmate_of(me) in case.parties:
            why = f"{self.name_of(me)} may not decide a case concerning their own soulmate"
        elif case.id in worker.conflicts:
            why = f"{self.name_of(me)} declared a conflict on case {case.id}"
        else:
            return
        raise ConflictOfInterest(why, public_message=NOT_AVAILABLE)

    # -- deciding -------------------------------------------------------------

    def take_case(self, caseworker: PersonId, case: CaseId, at: datetime) -> None:
        """Into the caseworker's own queue; an appeal goes to the director or a senior."""
        at = self._tick(at)
        worker = self._caseworker(caseworker, at)
        found = self.case(case)
        self._check_conflict(worker, found)
        if found.state is CaseState.FILED:
            found.caseworker = caseworker
            found.move(CaseState.UNDER_REVIEW, at)
        elif found.state is CaseState.APPEALED:
            if not self.foundation.may_hear_appeals(caseworker):
                raise NotPermitted("only the director or a senior caseworker hears appeals")
            if caseworker == found.caseworker:
                raise ConflictOfInterest(
                    f"{self.name_of(caseworker)} made the decision under appeal", public_message=NOT_AVAILABLE
                )
            found.appeal_judge = caseworker
            found.move(CaseState.APPEAL_UNDER_REVIEW, at)
        else:
            raise WrongCaseState(
                f"case {case} is {found.state}; there is nothing to take", public_message=NOT_AVAILABLE
            )
        self._record(Event(at, Kind.CASE_TAKEN, actor=caseworker, case=case))

    def open_case_file(self, caseworker: PersonId, case: CaseId, at: datetime) -> Case:
        """Even a look is recorded, and only the one who holds the case may look: the director too."""
        at = self._tick(at)
        worker = self._caseworker(caseworker, at)
        found = self.case(case)
        self._check_conflict(worker, found)
        if caseworker not in (found.caseworker, found.appeal_judge):
            raise NotPermitted(
                f"{self.name_of(caseworker)} does not hold case {case}; take it into your queue first",
                public_message=NOT_AVAILABLE,
            )
        found.file_opened.append((at, caseworker))
        self._record(Event(at, Kind.CASE_FILE_OPENED, actor=caseworker, case=case))
        return found

    def decide(self, caseworker: PersonId, case: CaseId, approve: bool, reasons: str, at: datetime) -> None:
        at = self._tick(at)
        worker = self._caseworker(caseworker, at)
        found = self.case(case)
        self._check_conflict(worker, found)
        _need_reasons(reasons, "a decision")
        on_appeal = found.state is CaseState.APPEAL_UNDER_REVIEW
        holder = found.appeal_judge if on_appeal else found.caseworker
        if found.state not in (CaseState.UNDER_REVIEW, CaseState.APPEAL_UNDER_REVIEW):
            raise WrongCaseState(f"case {case} is {found.state}; only a case under review can be decided")
        if holder != caseworker:
            raise NotPermitted(f"case {case} is in another caseworker's queue", public_message=NOT_AVAILABLE)
        found.decisions.append(Decision(caseworker, approve, reasons, at, on_appeal))
        found.move(CaseState.APPROVED if approve else CaseState.REJECTED, at)
        if approve:
            found.cooling_off_ends = at + self.foundation.cooling_off
            self._schedule_severance(found)
        verdict = "approved" if approve else "rejected"
        self._record(
            Event(
                at,
                Kind.DECIDED,
                actor=caseworker,
                case=case,
                text=f"{verdict}: {reasons}",
                due=found.cooling_off_ends,
            )
        )

    def withdraw(self, applicant: PersonId, case: CaseId, at: datetime) -> None:
        """An applicant withdraws, or the partner asked to sign declines; the other partner is told."""
        at = self._tick(at)
        self._living(applicant, at, "withdraw")
        found = self.case(case)
        asked_to_sign = found.state is CaseState.UNSIGNED and applicant in found.parties
        if applicant not in found.applicants and not asked_to_sign:
            raise NotPermitted("only an applicant can withdraw an application")
        joint = found.joint
        found.move(CaseState.WITHDRAWN, at)
        self._record(Event(at, Kind.WITHDRAWN, actor=applicant, case=case))
        if joint:
            other = found.parties[1] if found.parties[0] == applicant else found.parties[0]
            self.foundation.notices.setdefault(other, []).append(case)
            self._record(Event(at, Kind.PARTNER_NOTIFIED, actor=other, case=case, text="withdrawn"))

    def appeal(self, party: PersonId, case: CaseId, reasons: str, at: datetime) -> None:
        """Either party, once per case, against the decision made."""
        at = self._tick(at)
        self._living(party, at, "appeal")
        found = self.case(case)
        if party not in found.parties:
            raise NotPermitted("only the two partners of a bond can appeal its case")
        if found.appealed_by is not None:
            raise WrongCaseState(
                f"case {case} was already appealed once; a decision can be appealed only once"
            )
        _need_reasons(reasons, "an appeal")
        bond = self.bond_of(party)
        if bond is None or not bond.carries():
            # Otherwise an appeal won after a death would sever a widowed bond.
            raise BondRuleBroken(
                f"the bond case {case} concerns is no longer active; there is nothing to appeal"
            )
        other = self.foundation.open_case_for(party)
        if other is not None and other.id != found.id:
            raise WrongCaseState(
                f"case {other.id} about the same bond is open; wait for it or withdraw it before appealing"
            )
        found.move(CaseState.APPEALED, at)
        found.appealed_by = party
        found.appeal_reasons = reasons
        self._record(Event(at, Kind.APPEALED, actor=party, case=case, text=reasons))

    def due_severances(self) -> list[tuple[datetime, Case]]:
        """Approved cases whose cooling-off will end, in the order they end (from the schedule)."""
        due = {
            what.id: (at, what)
            for at, _, _, _, what in self._dues
            if isinstance(what, Case) and what.state is CaseState.APPROVED and what.cooling_off_ends == at
        }
        return sorted(due.values(), key=lambda entry: (entry[0], entry[1].id))

    def _sever(self, case: Case) -> Event:
        """Cooling-off ended untouched: the bond is severed, for good, both ways."""
        assert case.cooling_off_ends is not None
        at = self._tick(case.cooling_off_ends)
        case.move(CaseState.SEVERED, at)
        bond = self.bonds[case.parties[0]]
        bond.state = BondState.SEVERED
        bond.ended = at
        self._stop_deliveries_to(bond.people, at, "the bond was severed before it arrived")
        return self._record(
            Event(at, Kind.SEVERED, actor=case.parties[0], other=case.parties[1], case=case.id)
        )


def _need_reasons(text: str, what: str) -> None:
    if not text.strip():
        raise ReasonsRequired(f"{what} must give written reasons")
