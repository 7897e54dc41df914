"""Hearing an appeal: the director or a senior caseworker takes an appealed case, then decides it."""

from __future__ import annotations

from datetime import datetime

from soulbond.core.casework import NOT_AVAILABLE
from soulbond.core.errors import WrongCaseState
from soulbond.core.foundation import CaseId, CaseState
from soulbond.core.people import PersonId
from soulbond.core.world import World
from soulbond.service.casework import OnCase
from soulbond.service.ports import UnitOfWork, Wanted
from soulbond.service.results import Done
from soulbond.service.transaction import change


def hear_appeal(cmd: OnCase, uow: UnitOfWork) -> Done:
    judge, case = PersonId(cmd.person), CaseId(cmd.case)

    def act(world: World, at: datetime) -> Done:
        found = world.case(case)
        if found.state is not CaseState.APPEALED:
            raise WrongCaseState(
                f"case {case} is {found.state}, not waiting for an appeal to be heard",
                public_message=NOT_AVAILABLE,
            )
        world.take_case(judge, case, at)
        return Done(f"the appeal on case {case} is yours to hear; decide it with written reasons")

    wanted = Wanted(people={judge}, cases={case}, casework=True)
    return change(uow, "hear_appeal", cmd, wanted, act, Done)
