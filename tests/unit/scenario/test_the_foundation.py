"""The shipped casework story: every step of a severance, and nothing crossing after it."""

from __future__ import annotations

from soulbond.core import BondState, CaseState, Kind, PersonId, Whereabouts
from soulbond.core.items import ItemId
from soulbond.scenario import load_scenario, replay, resolve


def test_the_foundation_story_severs_the_bond_by_the_book_and_nothing_crosses_after() -> None:
    path, name = resolve("the-foundation")
    result = replay(load_scenario(path, name=name))
    assert result.contradictions == []
    world = result.world
    bond = world.bond_of(PersonId("shiho"))
    assert bond is not None and bond.state is BondState.SEVERED
    [case] = world.foundation.cases.values()
    assert case.state is CaseState.SEVERED
    assert [d.on_appeal for d in case.decisions] == [False, True]
    assert case.file_opened and case.file_opened[0][1] == "rei"
    assert world.foundation.notices[PersonId("tomo")] == [case.id]
    assert world.where(ItemId("keyring")).where is Whereabouts.LOST_FOR_GOOD
    assert world.where(ItemId("pen")).person == "shiho"
    severed = next(e for e in world.events if e.kind is Kind.SEVERED)
    assert severed.at == case.decisions[-1].at + world.foundation.cooling_off
