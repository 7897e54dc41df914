"""Two processes act on the same cases at the same moments: every case ends with exactly one outcome.

A caseworker's process decides each case (a rejection) while the applicant's
process withdraws it, or appeals it once it finds it rejected. Each case is
under review when both reach it together (a barrier lets them go at once), so
either the withdrawal or the decision happens, never both: whichever writes
second finds the case changed, runs again on what it now is, and is refused
or appeals.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from threading import Barrier

import pytest

from soulbond.bootstrap import Live, bootstrap
from soulbond.core.errors import RuleBroken
from soulbond.service import casework
from soulbond.settings import Settings
from tests.integration.peek import AnyLive, case_events, case_state
from tests.integration.test_concurrency import hire_shisui, under_review

CASES = 12


def act(url: str, schema: str | None, role: str, cases: list[tuple[int, str]], barrier: Barrier) -> list[str]:
    """One process's part: for each case, wait for the other process, then act at once."""
    live = bootstrap(Settings(database_url=url), schema=schema)
    outcomes = []
    try:
        for case, applicant in cases:
            barrier.wait()
            try:
                if role == "caseworker":
                    casework.decide(casework.Decide("shisui", case, False, "the bond holds"), live.uow())
                    outcomes.append("decided")
                else:
                    casework.withdraw(casework.OnCase(applicant, case), live.uow())
                    outcomes.append("withdrew")
            except RuleBroken as refused:
                outcomes.append(type(refused).__name__)
                if role == "applicant":
                    casework.appeal(casework.OnCase(applicant, case, "please look again"), live.uow())
                    outcomes.append("appealed")
    finally:
        live.close()
    return outcomes


def test_two_processes_deciding_withdrawing_and_appealing_the_same_cases_record_one_outcome_each(
    live: AnyLive,
) -> None:
    if not isinstance(live, Live):
        pytest.skip("an in-memory world lives in one process")
    hire_shisui(live)
    cases = [(under_review(live, f"a{n}", f"b{n}"), f"a{n}") for n in range(CASES)]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(2, mp_context=context) as pool:
        barrier = manager.Barrier(2, timeout=60)
        url = live.settings.database_url
        runs = [
            pool.submit(act, url, live.schema, role, cases, barrier) for role in ("caseworker", "applicant")
        ]
        decider, applicant = (run.result(timeout=300) for run in runs)

    for case, _ in cases:
        events = case_events(live, case)
        decided, withdrawn = events.count("decided"), events.count("withdrawn")
        assert decided + withdrawn == 1, (case, events)
        assert case_state(live, case) == ("withdrawn" if withdrawn else "appealed")
    assert decider.count("decided") + applicant.count("withdrew") == CASES
