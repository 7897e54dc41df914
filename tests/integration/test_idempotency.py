"""An idempotency key belongs to one actor and one request."""

from __future__ import annotations

import pytest

from soulbond.service import contact, possessions
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
