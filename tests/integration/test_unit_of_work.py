"""What every unit of work promises, whatever keeps the world: private slices, nothing kept unless committed."""

from __future__ import annotations

from datetime import timedelta

from soulbond.core.items import Item, ItemId
from soulbond.core.people import Home, PersonId
from soulbond.service.ports import Wanted
from tests.integration.factories import T0, add_item, dump, make_pair, place_of
from tests.integration.peek import AnyLive


def test_what_a_unit_of_work_saves_is_gone_unless_it_commits(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    before = dump(live)
    with live.uow() as uow:
        world = uow.world.load(Wanted(people={PersonId(kakashi)}, items={ItemId("scarf")}))
        world.add_item(Item(ItemId("scarf"), "a scarf"), PersonId(kakashi), T0)
        uow.world.save(world)
        uow.advance_clock(timedelta(days=1))
    assert dump(live) == before


def test_a_rolled_back_unit_of_work_can_start_again_and_commit(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    with live.uow() as uow:
        world = uow.world.load(Wanted(people={PersonId(kakashi)}, items={ItemId("scarf")}))
        world.add_item(Item(ItemId("scarf"), "a scarf"), PersonId(kakashi), T0)
        uow.world.save(world)
        uow.rollback()
        world = uow.world.load(Wanted(people={PersonId(kakashi)}, items={ItemId("hat")}))
        assert ItemId("scarf") not in world.items
        world.add_item(Item(ItemId("hat"), "a hat"), PersonId(kakashi), T0)
        uow.world.save(world)
        uow.commit()
    assert place_of(live, "hat")[:2] == ("held", kakashi)


def test_a_loaded_slice_is_the_use_cases_own_copy(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    add_item(live, kakashi, "scarf")
    with live.uow() as uow:
        world = uow.world.load(Wanted(people={PersonId(kakashi)}, items={ItemId("scarf")}))
        world.move(PersonId(kakashi), Home("Tokyo", "Asia/Tokyo"), T0)
        world.lose(ItemId("scarf"), T0)
        again = uow.world.load(Wanted(people={PersonId(kakashi)}, items={ItemId("scarf")}))
    assert again.person(PersonId(kakashi)).home.place == "kakashi's home"
    assert again.holder_of(ItemId("scarf")) == kakashi
