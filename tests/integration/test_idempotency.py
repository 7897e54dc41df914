"""An idempotency key belongs to one actor and one request."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from soulbond.service import clock, contact, fate, possessions
from soulbond.service.errors import IdempotencyKeyReused
from tests.integration.factories import add_item, dump, make_pair, place_of, register
from tests.integration.peek import AnyLive


def test_the_same_request_sent_again_under_its_key_is_answered_as_before_and_changes_nothing(
    live: AnyLive,
) -> None:
    kakashi, _ = make_pair(live)
    add_item(live, kakashi, "scarf")
    command = possessions.FinderAct(kakashi, "scarf", "in a drawer", idempotency_key="k1")
    first = possessions.keep(command, live.uow())
    before = dump(live)
    assert possessions.keep(command, live.uow()) == first
    assert dump(live) == before


def test_a_key_reused_by_the_same_person_for_a_different_request_is_refused_and_changes_nothing(
    live: AnyLive,
) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, kakashi, "scarf")
    add_item(live, kakashi, "cufflink")
    possessions.report_loss(possessions.ReportLoss(kakashi, "scarf", idempotency_key="k1"), live.uow())
    before = dump(live)
    with pytest.raises(IdempotencyKeyReused) as refused:
        possessions.report_loss(possessions.ReportLoss(kakashi, "cufflink", idempotency_key="k1"), live.uow())
    assert dump(live) == before
    assert place_of(live, "cufflink")[:2] == ("held", kakashi)
    message = refused.value.public_message
    assert "k1" in message
    for other in (iruka, "Iruka", "Umino", "scarf"):
        assert other not in message


def test_another_person_using_the_same_key_makes_their_own_request(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, kakashi, "scarf")
    add_item(live, iruka, "rock")
    possessions.report_loss(possessions.ReportLoss(kakashi, "scarf", idempotency_key="k1"), live.uow())
    possessions.report_loss(possessions.ReportLoss(iruka, "rock", idempotency_key="k1"), live.uow())
    assert place_of(live, "rock") == ("in transit", kakashi, "")


def test_another_persons_stored_answer_is_never_replayed_to_someone_using_the_same_key(live: AnyLive) -> None:
    register(live, "ayla", handle="+1-1")
    register(live, "una", handle="+1-2")
    register(live, "bo", handle="+1-3")
    contact.send_message(contact.SendMessage("ayla", "+1-2", "hello"), live.uow())
    contact.send_message(contact.SendMessage("una", "+1-1", "hi"), live.uow())
    contact.send_message(contact.SendMessage("una", "+1-3", "hey"), live.uow())
    contact.ask_registry(contact.AskRegistry("una", "+1-1"), live.uow())
    ayla = contact.ask_registry(contact.AskRegistry("ayla", "+1-2", idempotency_key="ask"), live.uow())
    una = contact.ask_registry(contact.AskRegistry("una", "+1-3", idempotency_key="ask"), live.uow())
    assert ayla.text != una.text
    assert una.text.startswith("waiting")
    assert una == contact.ask_registry(contact.AskRegistry("una", "+1-3", idempotency_key="ask"), live.uow())


def test_a_clock_advance_sent_again_under_its_key_moves_the_clock_once(live: AnyLive) -> None:
    make_pair(live)
    command = clock.AdvanceClock(timedelta(days=1), idempotency_key="morning")
    first = clock.advance_clock(command, live.uow())
    before = dump(live)
    assert clock.advance_clock(command, live.uow()) == first
    assert dump(live) == before
    assert clock.show_clock(live.uow()).now == first.now
    with pytest.raises(IdempotencyKeyReused):
        clock.advance_clock(clock.AdvanceClock(timedelta(days=2), idempotency_key="morning"), live.uow())
    # The registrar's keys are the registrar's: a person's key of the same name is another key.
    add_item(live, "kakashi", "scarf")
    possessions.report_loss(possessions.ReportLoss("kakashi", "scarf", idempotency_key="morning"), live.uow())
    assert place_of(live, "scarf")[0] == "in transit"


def test_setting_the_clock_and_running_fate_under_a_key_happen_once(live: AnyLive) -> None:
    make_pair(live)
    now = datetime.fromisoformat(clock.show_clock(live.uow()).now)
    later = clock.SetClock(now + timedelta(hours=5), idempotency_key="set")
    assert clock.set_clock(later, live.uow()) == clock.set_clock(later, live.uow())
    ran = fate.run_fate(live.uow(), fate.RunFate("fate"))
    clock.advance_clock(clock.AdvanceClock(timedelta(days=3)), live.uow())
    # Sent again, the first answer comes back although fate would now have days to catch up on.
    assert fate.run_fate(live.uow(), fate.RunFate("fate")) == ran
