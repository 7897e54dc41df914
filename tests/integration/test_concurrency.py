"""Two people acting on the same thing at once: the second write loses, and the use case runs again."""

from __future__ import annotations

from datetime import date, timedelta
from types import TracebackType
from typing import Any, Self

import pytest

from soulbond.adapters.errors import ConcurrencyConflict
from soulbond.bootstrap import Live
from soulbond.core.foundation import CaseId
from soulbond.core.items import ItemId, Whereabouts
from soulbond.core.people import PersonId
from soulbond.service import casework, possessions
from soulbond.service.errors import ChangedMeanwhile
from soulbond.service.ports import Remembered, UnitOfWork, Wanted, WorldRepository
from soulbond.service.transaction import ATTEMPTS
from tests.integration.factories import add_item, dump, make_pair, place_of, register
from tests.integration.peek import AnyLive, case_events, case_state, set_director

ONE_WRITER = "SQLite lets one writer in at a time: a second unit of work waits at BEGIN for the first to end"


def under_review(live: AnyLive, first: str = "kakashi", second: str = "iruka") -> int:
    """A case about ``first`` and ``second``'s bond, filed by ``first`` and taken by the caseworker Shisui."""
    register(live, first, family="Hatake", handle=f"+{first}", born=date(1976, 9, 15))
    register(live, second, handle=f"+{second}", soulmate=first)
    case = casework.apply_for_severance(casework.ApplyForSeverance(first, "we never met"), live.uow()).case
    casework.take_case(casework.OnCase("shisui", case), live.uow())
    return case


def hire_shisui(live: AnyLive) -> None:
    register(live, "director", family="Uchiha")
    register(live, "shisui", family="Uchiha")
    set_director(live, "director")
    casework.apply_for_job(casework.Staffing("shisui"), live.uow())
    casework.hire(casework.Staffing("shisui", director="director"), live.uow())


def interleaving(live: AnyLive) -> None:
    if isinstance(live, Live) and live.engine.dialect.name == "sqlite":
        pytest.skip(ONE_WRITER)


def test_of_two_units_of_work_deciding_and_withdrawing_one_case_the_second_to_write_loses(
    live: AnyLive,
) -> None:
    interleaving(live)
    hire_shisui(live)
    case = under_review(live)
    first, second = live.uow(), live.uow()
    with first, second:
        at = first.now()
        deciding = first.world.load(Wanted(people={PersonId("shisui")}, cases={CaseId(case)}, casework=True))
        withdrawing = second.world.load(
            Wanted(people={PersonId("kakashi")}, cases={CaseId(case)}, casework=True)
        )
        deciding.decide(PersonId("shisui"), CaseId(case), False, "the bond holds", at)
        withdrawing.withdraw(PersonId("kakashi"), CaseId(case), at)
        first.world.save(deciding)
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.world.save(withdrawing)
            second.commit()
    assert case_state(live, case) == "rejected"
    assert "withdrawn" not in case_events(live, case)


def test_of_two_units_of_work_losing_and_giving_one_item_the_second_to_write_loses(live: AnyLive) -> None:
    interleaving(live)
    kakashi, iruka = make_pair(live)
    add_item(live, kakashi, "scarf")
    first, second = live.uow(), live.uow()
    item = ItemId("scarf")
    with first, second:
        at = first.now()
        losing = first.world.load(Wanted(people={PersonId(kakashi)}, items={item}))
        giving = second.world.load(Wanted(people={PersonId(kakashi), PersonId(iruka)}, items={item}))
        losing.lose(item, at)
        giving.give(item, PersonId(kakashi), PersonId(iruka), at)
        first.world.save(losing)
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.world.save(giving)
            second.commit()
    assert place_of(live, "scarf")[:2] == ("in transit", iruka)


def test_an_act_that_leaves_a_thing_where_it_was_still_loses_to_one_that_moved_it_meanwhile(
    live: AnyLive,
) -> None:
    # Keeping what one already keeps moves nothing; recorded after a discard it would have the ledger
    # say "kept" last of a thing lying in the bin.
    interleaving(live)
    kakashi, _ = make_pair(live)
    add_item(live, kakashi, "scarf")
    first, second = live.uow(), live.uow()
    item = ItemId("scarf")
    with first, second:
        at = first.now()
        discarding = first.world.load(Wanted(people={PersonId(kakashi)}, items={item}))
        keeping = second.world.load(Wanted(people={PersonId(kakashi)}, items={item}))
        discarding.discard(PersonId(kakashi), item, at)
        keeping.keep(PersonId(kakashi), item, at)
        assert keeping.where(item).where is Whereabouts.HELD
        first.world.save(discarding)
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.world.save(keeping)
            second.commit()
    assert place_of(live, "scarf")[:2] == ("in a bin", kakashi)


class Contested:
    """A unit of work whose first ``conflicts`` commits find that someone else changed the same rows."""

    def __init__(self, inner: UnitOfWork, conflicts: int) -> None:
        self.inner = inner
        self.conflicts = conflicts
        self.runs = 0

    @property
    def world(self) -> WorldRepository:
        return self.inner.world

    def __enter__(self) -> Self:
        self.runs += 1
        self.inner.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.inner.__exit__(kind, exc, tb)

    def commit(self) -> None:
        if self.conflicts:
            self.conflicts -= 1
            raise ConcurrencyConflict("someone else changed it first")
        self.inner.commit()

    def rollback(self) -> None:
        self.inner.rollback()

    def now(self) -> Any:
        return self.inner.now()

    def advance_clock(self, by: Any) -> Any:
        return self.inner.advance_clock(by)

    def use_clock(self, simulated_at: Any) -> None:
        self.inner.use_clock(simulated_at)

    def recall(self, actor: str, key: str) -> Remembered | None:
        return self.inner.recall(actor, key)

    def remember(self, actor: str, key: str, use_case: str, fingerprint: str, result: dict[str, Any]) -> None:
        self.inner.remember(actor, key, use_case, fingerprint, result)


def test_a_use_case_that_meets_someone_elses_change_runs_again_and_succeeds(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    add_item(live, kakashi, "scarf")
    contested = Contested(live.uow(), ATTEMPTS - 1)
    possessions.report_loss(possessions.ReportLoss(kakashi, "scarf"), contested)
    assert contested.runs == ATTEMPTS
    assert place_of(live, "scarf")[0] == "in transit"


def test_a_use_case_that_keeps_meeting_others_changes_says_so_and_changes_nothing(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, kakashi, "scarf")
    before = dump(live)
    with pytest.raises(ChangedMeanwhile) as refused:
        possessions.report_loss(possessions.ReportLoss(kakashi, "scarf"), Contested(live.uow(), ATTEMPTS))
    assert dump(live) == before
    for secret in (iruka, "Iruka", "Umino", "Hatake"):
        assert secret not in refused.value.public_message


def test_two_units_of_work_advancing_the_clock_at_once_never_lose_an_advance(live: AnyLive) -> None:
    # PostgreSQL reads the clock afresh when the second advances it (read committed);
    # memory keeps the moment it started with and finds it moved at commit. Either
    # way both advances count, or the second is refused: none is lost.
    interleaving(live)
    first, second = live.uow(), live.uow()
    with first, second:
        start = first.now()
        second.now()
        first.advance_clock(timedelta(days=1))
        first.commit()
        try:
            second.advance_clock(timedelta(days=2))
            second.commit()
            expected = start + timedelta(days=3)
        except ConcurrencyConflict:
            expected = start + timedelta(days=1)
    with live.uow() as uow:
        assert uow.now() == expected
