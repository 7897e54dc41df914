"""Accounts and sessions behave the same kept in memory, in SQLite and in PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from soulbond.core.errors import InvalidInput, NotFound
from soulbond.service import accounts
from soulbond.service.account_errors import LoginRefused, NotSignedIn, TooManyAttempts
from soulbond.service.account_ports import Role
from tests.integration.peek import AnyLive

CHEAP = accounts.AccountPolicy(time_cost=1, memory_kib=8)
NOON = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOON

    def __call__(self) -> datetime:
        return self.now


def _log_in(
    live: AnyLive, clock: Clock, name: str, password: str, address: str = "10.0.0.1"
) -> accounts.Issued:
    return accounts.log_in(accounts.LogIn(name, password, address), live.accounts(), clock, CHEAP)


def test_a_session_signs_its_account_in_until_it_ends_or_expires(live: AnyLive) -> None:
    clock = Clock()
    store = live.accounts()
    accounts.register(accounts.Register("iruka", "a long password"), store, clock, CHEAP)
    accounts.link(accounts.Link("iruka", Role.PERSON, "iruka"), store)
    first = _log_in(live, clock, "iruka", "a long password")
    second = _log_in(live, clock, "iruka", "a long password")
    assert accounts.authenticate(first.token, store, clock) == accounts.Principal(
        "iruka", Role.PERSON, "iruka"
    )
    accounts.log_out(first.token, store, clock)
    with pytest.raises(NotSignedIn):
        accounts.authenticate(first.token, store, clock)
    assert accounts.authenticate(second.token, store, clock).account == "iruka"
    clock.now += CHEAP.session_lifetime
    with pytest.raises(NotSignedIn):
        accounts.authenticate(second.token, store, clock)


def test_the_store_keeps_only_a_hash_of_each_token_and_of_each_password(live: AnyLive) -> None:
    clock = Clock()
    store = live.accounts()
    accounts.register(accounts.Register("kakashi", "a long password"), store, clock, CHEAP)
    issued = _log_in(live, clock, "kakashi", "a long password")
    kept = store.get("kakashi")
    assert kept is not None and "a long password" not in kept.password_hash
    assert kept.password_hash.startswith("$argon2id$")
    assert store.session(issued.token) is None
    assert store.session(accounts.token_hash(issued.token)) is not None


def test_a_second_registration_under_a_name_changes_nothing(live: AnyLive) -> None:
    clock = Clock()
    store = live.accounts()
    first = accounts.register(accounts.Register("gai", "the first password"), store, clock, CHEAP)
    second = accounts.register(accounts.Register("gai", "the second password"), store, clock, CHEAP)
    assert first == second
    _log_in(live, clock, "gai", "the first password")
    with pytest.raises(LoginRefused):
        _log_in(live, clock, "gai", "the second password")


def test_failed_logins_count_per_name_and_per_address_within_the_window(live: AnyLive) -> None:
    clock = Clock()
    store = live.accounts()
    accounts.register(accounts.Register("lee", "a long password"), store, clock, CHEAP)
    for _ in range(CHEAP.failures_per_name):
        with pytest.raises(LoginRefused):
            _log_in(live, clock, "lee", "wrong")
    with pytest.raises(TooManyAttempts):
        _log_in(live, clock, "lee", "a long password")
    with pytest.raises(TooManyAttempts):  # the name is limited from every address
        _log_in(live, clock, "lee", "a long password", "10.0.0.2")
    clock.now += CHEAP.window + timedelta(seconds=1)
    assert _log_in(live, clock, "lee", "a long password").account == "lee"
    assert store.failures_since("lee", "10.0.0.1", NOON) == (CHEAP.failures_per_name, CHEAP.failures_per_name)


def test_only_an_account_that_exists_is_linked_and_a_registrar_acts_as_no_one(live: AnyLive) -> None:
    store = live.accounts()
    accounts.register(accounts.Register("kurenai", "a long password"), store, Clock(), CHEAP)
    with pytest.raises(NotFound):
        accounts.link(accounts.Link("nobody", Role.PERSON, "kurenai"), store)
    with pytest.raises(InvalidInput):
        accounts.link(accounts.Link("kurenai", Role.REGISTRAR, "kurenai"), store)
    with pytest.raises(InvalidInput):
        accounts.link(accounts.Link("kurenai", Role.DIRECTOR, None), store)
    accounts.link(accounts.Link("kurenai", Role.DIRECTOR, "kurenai"), store)
    assert store.get("kurenai") is not None and store.get("kurenai").role is Role.DIRECTOR  # type: ignore[union-attr]
