"""Contact by ordinary means: messages between handles, blocks, confirmation, proof of custody."""

from __future__ import annotations

import pytest

from soulbond.core import Confirmation, PersonId, TellsTrait
from soulbond.core.errors import InvalidInput, NotInContact
from soulbond.core.people import HANDLE
from soulbond.core.privacy import InboxMessage, what_is_told
from tests.unit.core.factories import T0, give_item, hours, lose_and_deliver, make_pair, make_person

KAKASHI_HANDLE, IRUKA_HANDLE = "+44-1", "+1-2"


def test_a_message_reaches_whoever_holds_the_handle_showing_only_the_senders_handle() -> None:
    world, kakashi, iruka = make_pair()
    world.send_message(kakashi, IRUKA_HANDLE, "I have your folder", T0 + hours(1))
    view = what_is_told(world, iruka, T0 + hours(1))
    assert view.inbox == (InboxMessage(KAKASHI_HANDLE, "I have your folder"),)
    assert kakashi not in str(view)


def test_a_message_to_a_handle_nobody_has_is_accepted_and_reaches_no_one() -> None:
    world, kakashi, iruka = make_pair()
    sent = world.send_message(kakashi, "+00-0", "hello", T0)
    assert (sent.recipient, sent.delivered) == (None, False)
    assert world.contacts.inbox(iruka) == []
    assert world.contacts.inbox(kakashi) == []


def test_someone_without_a_handle_cannot_message() -> None:
    world, _, _ = make_pair()
    world.register(make_person("lee", family="Rock"), T0)
    with pytest.raises(InvalidInput, match="no contact handle"):
        world.send_message(PersonId("lee"), IRUKA_HANDLE, "hello", T0)


def test_a_message_needs_some_text() -> None:
    world, kakashi, _ = make_pair()
    with pytest.raises(InvalidInput):
        world.send_message(kakashi, IRUKA_HANDLE, "   ", T0)


def test_a_blocked_senders_messages_are_not_delivered_and_the_sender_is_not_told() -> None:
    world, kakashi, iruka = make_pair()
    world.block(iruka, KAKASHI_HANDLE, T0)
    told_before = what_is_told(world, kakashi, T0)

    world.send_message(kakashi, IRUKA_HANDLE, "hello?", T0 + hours(1))

    assert what_is_told(world, iruka, T0 + hours(1)).inbox == ()
    assert what_is_told(world, kakashi, T0 + hours(1)) == told_before
    assert not world.contacts.in_contact(kakashi, iruka)


def test_unblocking_lets_later_messages_through() -> None:
    world, kakashi, iruka = make_pair()
    world.block(iruka, KAKASHI_HANDLE, T0)
    world.unblock(iruka, KAKASHI_HANDLE, T0 + hours(1))
    world.send_message(kakashi, IRUKA_HANDLE, "hello?", T0 + hours(2))
    assert [m.text for m in what_is_told(world, iruka, T0 + hours(2)).inbox] == ["hello?"]


def test_blocking_a_handle_nobody_has_is_accepted_like_any_other() -> None:
    world, _, iruka = make_pair()
    world.block(iruka, "+00-0", T0)
    assert world.contacts.is_blocked(iruka, "+00-0")


def test_a_blocked_sender_asking_the_registry_is_answered_as_if_they_were_not_blocked() -> None:
    world, kakashi, iruka = make_pair()
    world.block(iruka, KAKASHI_HANDLE, T0)
    world.send_message(kakashi, IRUKA_HANDLE, "I have your folder", T0 + hours(1))
    assert world.ask_if_soulmates(kakashi, IRUKA_HANDLE, T0 + hours(2)) is Confirmation.WAITING


def test_asking_about_a_number_no_one_has_waits_as_if_its_owner_never_asked() -> None:
    world, kakashi, _ = make_pair()
    world.send_message(kakashi, "+00-0", "hello", T0)
    assert world.ask_if_soulmates(kakashi, "+00-0", T0 + hours(1)) is Confirmation.WAITING


def test_the_registry_confirms_a_bond_only_after_both_have_asked() -> None:
    world, kakashi, iruka = make_pair()
    world.send_message(kakashi, IRUKA_HANDLE, "I have your folder", T0)

    assert world.ask_if_soulmates(kakashi, IRUKA_HANDLE, T0 + hours(1)) is Confirmation.WAITING
    assert world.confirmation(kakashi, iruka) is Confirmation.WAITING
    assert world.ask_if_soulmates(iruka, KAKASHI_HANDLE, T0 + hours(2)) is Confirmation.SOULMATES
    assert world.confirmation(kakashi, iruka) is Confirmation.SOULMATES


def test_the_registry_tells_two_people_who_both_asked_that_they_are_not_soulmates() -> None:
    world, kakashi, _ = make_pair()
    world.register(make_person("gai", family="Maito", handle="+44-9"), T0)
    world.send_message(kakashi, "+44-9", "coffee?", T0)
    world.ask_if_soulmates(kakashi, "+44-9", T0)
    assert world.ask_if_soulmates(PersonId("gai"), KAKASHI_HANDLE, T0) is Confirmation.NOT_SOULMATES


def test_the_registry_answers_no_one_who_has_not_been_in_contact() -> None:
    world, kakashi, _ = make_pair()
    with pytest.raises(NotInContact):
        world.ask_if_soulmates(kakashi, IRUKA_HANDLE, T0)
    assert world.contacts.asked == {}


def test_a_finder_can_prove_they_have_the_item_that_arrived_on_their_floor() -> None:
    world, kakashi, iruka = make_pair()
    folder = give_item(world, iruka, "folder", TellsTrait(HANDLE))
    arrived = lose_and_deliver(world, folder, T0 + hours(1))
    assert world.proves_custody(kakashi, folder)
    assert not world.proves_custody(iruka, folder)

    world.keep(kakashi, folder, arrived)
    assert world.proves_custody(kakashi, folder)
    world.return_item(kakashi, folder, arrived + hours(1))
    assert not world.proves_custody(kakashi, folder)


def test_an_owner_cannot_prove_custody_of_what_never_arrived_on_their_floor() -> None:
    world, kakashi, _ = make_pair()
    book = give_item(world, kakashi, "book")
    assert not world.proves_custody(kakashi, book)
