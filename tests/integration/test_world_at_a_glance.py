"""The registrar's world at a glance counts the same on every store, and shows no one's soulmate."""

from __future__ import annotations

from datetime import timedelta

from soulbond.service import glance, possessions, registry
from tests.integration.factories import T0, add_item, advance, make_pair, register
from tests.integration.peek import AnyLive


def test_people_bonds_deliveries_due_today_and_the_register_are_counted(live: AnyLive) -> None:
    make_pair(live)
    register(live, "gai", family="Maito")
    register(live, "lee", family="Rock", soulmate="gai")
    register(live, "asuma", family="Sarutobi")
    add_item(live, "iruka", "folder")
    add_item(live, "lee", "weights")
    # Iruka's folder falls due at Kakashi's next wake (tomorrow morning in London): not today.
    possessions.report_loss(possessions.ReportLoss("iruka", "folder"), live.uow())
    registry.record_death(registry.RecordDeath("gai"), live.uow())

    seen = glance.world_at_a_glance(live.uow())
    assert seen.now == T0.isoformat()
    assert seen.today_ends == (T0.replace(hour=0) + timedelta(days=1)).isoformat()
    counts = seen.counts
    assert (counts.alive, counts.dead, counts.strangers) == (4, 1, 0)
    assert counts.bonds == {"active": 1, "widowed": 1, "severed": 0}
    assert (counts.in_transit, counts.due_by, seen.due_now) == (1, 0, 0)
    assert counts.open_cases == {}
    assert [(p.id, p.name, p.died is not None) for p in seen.people] == [
        ("asuma", "Asuma Sarutobi", False),
        ("gai", "Gai Maito", True),
        ("iruka", "Iruka Umino", False),
        ("kakashi", "Kakashi Hatake", False),
        ("lee", "Lee Rock", False),
    ]

    advance(live, timedelta(hours=12))  # past midnight: the folder is due today, not yet due now
    later = glance.world_at_a_glance(live.uow())
    assert (later.counts.in_transit, later.counts.due_by, later.due_now) == (1, 1, 0)
    advance(live, timedelta(hours=8))
    assert glance.world_at_a_glance(live.uow()).due_now == 1
