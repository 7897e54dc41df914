"""Every store refuses the same over-long or unkeepable field, naming it, and changes nothing.

SQLite keeps a text of any length and PostgreSQL refuses one longer than its
column, with a message about a column: the service checks the documented
limits (``service.lengths``) first, so a person hears the same on each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from soulbond.core.errors import InvalidInput
from soulbond.service import casework, clock, contact, deliveries, possessions, registry, views
from tests.integration.factories import add_item, dump, make_pair
from tests.integration.peek import AnyLive

HUGE = "x" * 100_000


def refused_naming(live: AnyLive, words: str, call: Callable[[], object]) -> None:
    before = dump(live)
    with pytest.raises(InvalidInput) as refused:
        call()
    assert words in refused.value.message, refused.value.message
    assert dump(live) == before


def newcomer(**changes: object) -> registry.RegisterPerson:
    fields: dict[str, object] = {
        "id": "lee",
        "given_name": "Rock",
        "family_name": "Lee",
        "born": date(1990, 11, 27),
        "place": "Konoha",
        "tz": "Asia/Tokyo",
    }
    fields.update(changes)
    return registry.RegisterPerson(**fields)  # type: ignore[arg-type]


def test_a_hundred_thousand_character_name_or_key_is_refused_naming_the_field(live: AnyLive) -> None:
    make_pair(live)
    refused_naming(
        live,
        "the given name is 100,000 characters",
        lambda: registry.register_person(newcomer(given_name=HUGE), live.uow()),
    )
    refused_naming(
        live,
        "the idempotency key is 100,000 characters long; at most 200",
        lambda: registry.register_person(newcomer(idempotency_key=HUGE), live.uow()),
    )


def test_traits_tells_and_written_words_have_their_limits_too(live: AnyLive) -> None:
    kakashi, iruka = make_pair(live)
    add_item(live, kakashi, "beanie")
    refused_naming(
        live,
        "the traits 'occupation' is 100,000",
        lambda: registry.register_person(newcomer(traits={"occupation": frozenset({HUGE})}), live.uow()),
    )
    refused_naming(
        live,
        "the text is 4,001 characters long; at most 4,000 fit",
        lambda: contact.send_message(contact.SendMessage(kakashi, "+81-2", "y" * 4_001), live.uow()),
    )
    refused_naming(
        live,
        "the how is",
        lambda: possessions.report_loss(possessions.ReportLoss(kakashi, "beanie", HUGE), live.uow()),
    )
    refused_naming(live, "the person is", lambda: views.floor_view(views.ForPerson(HUGE), live.uow()))
    refused_naming(
        live,
        "the reasons is",
        lambda: casework.apply_for_severance(casework.ApplyForSeverance(iruka, HUGE), live.uow()),
    )


def test_a_nul_character_or_half_a_surrogate_pair_is_refused_on_every_store(live: AnyLive) -> None:
    make_pair(live)
    refused_naming(
        live,
        "the family name holds the character '\\x00'",
        lambda: registry.register_person(newcomer(family_name="Le\x00e"), live.uow()),
    )
    refused_naming(
        live,
        "the place holds the character '\\udc80'",
        lambda: registry.register_person(newcomer(place="Kono\udc80ha"), live.uow()),
    )


def test_a_case_or_delivery_number_beyond_a_database_integer_is_refused(live: AnyLive) -> None:
    kakashi, _ = make_pair(live)
    refused_naming(
        live, "the case is", lambda: casework.withdraw(casework.OnCase(kakashi, 2**63), live.uow())
    )
    refused_naming(
        live, "the delivery is", lambda: deliveries.deliver(deliveries.DeliverDue(-(2**40)), live.uow())
    )


def test_an_absurd_clock_advance_or_setting_is_refused_naming_it(live: AnyLive) -> None:
    make_pair(live)
    refused_naming(
        live,
        "the span (by) is 99,999,999 days; the clock advances at most 3,650",
        lambda: clock.advance_clock(clock.AdvanceClock(timedelta(days=99_999_999)), live.uow()),
    )
    refused_naming(
        live,
        "the moment (at) would take the world's clock to 9999",
        lambda: clock.set_clock(clock.SetClock(datetime(9999, 12, 31, tzinfo=UTC)), live.uow()),
    )
    # The last hours of the calendar west of Greenwich have no UTC moment at all.
    refused_naming(
        live,
        "the moment (at) would take the world's clock to 9999-12-31T23:00:00-05:00",
        lambda: clock.set_clock(
            clock.SetClock(datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=5)))), live.uow()
        ),
    )
    refused_naming(
        live,
        "the moment (at) is 0001-01-01T00:30:00+07:30; the world's clock runs no earlier than 1000",
        lambda: clock.set_clock(
            clock.SetClock(datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=7, minutes=30)))),
            live.uow(),
        ),
    )
    refused_naming(
        live,
        "the moment (at) is 10,948 days after the world's clock; the clock moves at most 3,650",
        lambda: clock.set_clock(clock.SetClock(datetime(2030, 1, 1, tzinfo=UTC)), live.uow()),
    )
    # Near the calendar's end only by the store's hand: the use cases move it ten years at a time.
    with live.uow() as uow:
        uow.use_clock(datetime(8995, 1, 1, tzinfo=UTC))
        uow.commit()
    refused_naming(
        live,
        "the span (by) would take the world's clock to 9004",
        lambda: clock.advance_clock(clock.AdvanceClock(timedelta(days=3_650)), live.uow()),
    )
