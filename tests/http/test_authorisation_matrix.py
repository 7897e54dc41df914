"""Every route, called by every role, by the soulmate, by another person and by no one.

Iruka owns the things and the case each request names. A caller whose role the
access table leaves out is refused at the door (401 anonymous, 403 otherwise);
a caller it lets in is never refused at the door; and the soulmate or another
person naming Iruka's things or case is refused by the world (or, for a look,
shown nothing of hers). A route with no row in the table, or no request here,
fails this test.
"""

from __future__ import annotations

from typing import Any

import pytest

from soulbond.http.access import ACCESS
from soulbond.http.app import operations
from soulbond.service import accounts
from soulbond.service.account_ports import Role
from tests.http.conftest import CHEAP, Served

KAKASHI_PHONE = "+81 80 3333 0915"

# One request per route, as Iruka (or the case she filed, which Gai took) would be asked about.
SAMPLES: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {
    ("GET", "/health"): ("/health", None),
    ("POST", "/accounts"): ("/accounts", {"name": "newcomer", "password": "a long password"}),
    ("POST", "/sessions"): ("/sessions", {"name": "iruka", "password": "iruka-demo"}),
    ("DELETE", "/sessions/current"): ("/sessions/current", None),
    ("GET", "/me"): ("/me", None),
    ("GET", "/clock"): ("/clock", None),
    ("GET", "/me/floor"): ("/me/floor", None),
    ("GET", "/me/possessions"): ("/me/possessions", None),
    ("POST", "/me/possessions"): ("/me/possessions", {"item": "pen", "description": "a red pen"}),
    ("GET", "/me/knowledge"): ("/me/knowledge", None),
    ("GET", "/me/audit"): ("/me/audit", None),
    ("GET", "/me/inbox/messages"): ("/me/inbox/messages", None),
    ("GET", "/me/inbox/registry"): ("/me/inbox/registry", None),
    ("GET", "/me/inbox/notices"): ("/me/inbox/notices", None),
    ("POST", "/me/items/{item}/loss"): ("/me/items/folder/loss", {"how": "on a bench"}),
    ("POST", "/me/items/{item}/gift"): ("/me/items/folder/gift", {"to": "lee"}),
    ("POST", "/me/items/{item}/keep"): ("/me/items/folder/keep", {"where": "a drawer"}),
    ("POST", "/me/items/{item}/discard"): ("/me/items/folder/discard", None),
    ("POST", "/me/items/{item}/recovery"): ("/me/items/folder/recovery", None),
    ("POST", "/me/items/{item}/pick-up"): ("/me/items/folder/pick-up", None),
    ("POST", "/me/items/{item}/return"): ("/me/items/folder/return", None),
    ("GET", "/me/items/{item}/custody"): ("/me/items/folder/custody", None),
    ("POST", "/me/items/{item}/custody-proofs"): (
        "/me/items/folder/custody-proofs",
        {"handle": KAKASHI_PHONE},
    ),
    ("POST", "/me/bin/emptying"): ("/me/bin/emptying", None),
    ("POST", "/me/messages"): ("/me/messages", {"to_handle": KAKASHI_PHONE, "text": "hello"}),
    ("POST", "/me/blocks"): ("/me/blocks", {"handle": KAKASHI_PHONE}),
    ("DELETE", "/me/blocks/{handle}"): ("/me/blocks/+81 80 3333 0915", None),
    ("POST", "/me/registry-questions"): ("/me/registry-questions", {"handle": KAKASHI_PHONE}),
    ("POST", "/me/severance-applications"): ("/me/severance-applications", {"reasons": "none of yours"}),
    ("POST", "/me/cases/{case}/statements"): ("/me/cases/1/statements", {"text": "I agree"}),
    ("POST", "/me/cases/{case}/signature"): ("/me/cases/1/signature", {"text": "I agree"}),
    ("POST", "/me/cases/{case}/withdrawal"): ("/me/cases/1/withdrawal", None),
    ("POST", "/me/cases/{case}/appeals"): ("/me/cases/1/appeals", {"text": "wrong"}),
    ("POST", "/me/job-applications"): ("/me/job-applications", None),
    ("GET", "/foundation/queue"): ("/foundation/queue", None),
    ("POST", "/foundation/cases/{case}/appeal-hearing"): ("/foundation/cases/1/appeal-hearing", None),
    ("POST", "/foundation/cases/{case}/take"): ("/foundation/cases/1/take", None),
    ("POST", "/foundation/cases/{case}/file-openings"): ("/foundation/cases/1/file-openings", None),
    ("POST", "/foundation/cases/{case}/decision"): (
        "/foundation/cases/1/decision",
        {"approve": False, "reasons": "the file shows no cause"},
    ),
    ("POST", "/foundation/cases/{case}/conflict"): ("/foundation/cases/1/conflict", None),
    ("POST", "/foundation/staff"): ("/foundation/staff", {"person": "lee"}),
    ("PUT", "/registry/accounts/{name}"): ("/registry/accounts/lee", {"role": "person", "person": "lee"}),
    ("POST", "/registry/people"): (
        "/registry/people",
        {"id": "hana", "given_name": "Hana", "family_name": "Mori", "born": "2001-02-03"}
        | {"place": "the Mori flat", "tz": "Asia/Tokyo"},
    ),
    ("POST", "/registry/bonds"): ("/registry/bonds", {"first": "lee", "second": "gai"}),
    ("PUT", "/registry/foundation/director"): ("/registry/foundation/director", {"person": "asuma"}),
    ("POST", "/registry/people/{person}/fated-pairing"): ("/registry/people/lee/fated-pairing", None),
    ("POST", "/registry/people/{person}/death"): ("/registry/people/sakumo/death", None),
    ("PUT", "/registry/people/{person}/home"): (
        "/registry/people/lee/home",
        {"place": "the dojo", "tz": "Asia/Tokyo"},
    ),
    ("POST", "/registry/people/{person}/traits"): (
        "/registry/people/lee/traits",
        {"traits": [{"key": "interest", "values": ["training"]}]},
    ),
    ("POST", "/registry/people/{person}/notoriety"): ("/registry/people/lee/notoriety", None),
    ("POST", "/registry/items/{item}/placement"): ("/registry/items/folder/placement", {"place": "a bench"}),
    ("POST", "/registry/cases/{case}/settlement"): ("/registry/cases/1/settlement", None),
    ("POST", "/registry/deliveries/due"): ("/registry/deliveries/due", None),
    ("POST", "/registry/deliveries/{delivery}"): ("/registry/deliveries/1", None),
    ("POST", "/registry/clock/advance"): ("/registry/clock/advance", {"hours": 1}),
    ("GET", "/registry/clock"): ("/registry/clock", None),
    ("PUT", "/registry/clock"): ("/registry/clock", {"at": "2018-09-02T00:00:00+00:00"}),
    ("POST", "/registry/fate"): ("/registry/fate", None),
    ("POST", "/registry/world/import"): ("/registry/world/import", {"story": "the-foundation"}),
    ("POST", "/registry/world/story"): (
        "/registry/world/story",
        {"story": "people: []\n", "name": "tiny.yaml"},
    ),
    ("GET", "/registry/world/export"): ("/registry/world/export", None),
}

# Caller, the account they use (None: anonymous), and their role. Those the table refuses go
# first, then those who may act but not on Iruka's things, then the owners, so that refusals
# meet the world as it was set up.
CALLERS: tuple[tuple[str, str | None, Role | None], ...] = (
    ("anonymous", None, None),
    ("the soulmate", "kakashi", Role.PERSON),
    ("another person", "lee", Role.PERSON),
    ("person", "iruka", Role.PERSON),
    ("caseworker", "gai", Role.CASEWORKER),
    ("director", "kurenai", Role.DIRECTOR),
    ("registrar", "registrar", Role.REGISTRAR),
)
NOT_THE_OWNER = {"the soulmate", "another person"}


def test_every_route_has_one_row_in_the_access_table_and_a_request_here() -> None:
    from soulbond.http.app import create_app
    from soulbond.http.deps import Backend

    app = create_app(Backend(None, CHEAP))  # type: ignore[arg-type]
    assert operations(app) == set(ACCESS)
    assert operations(app) == set(SAMPLES)


def test_the_served_docs_say_who_may_call_each_route_and_ask_a_session_only_where_one_is_needed() -> None:
    from soulbond.http.deps import Backend
    from soulbond.web.app import create_app

    # As `soulbond serve` makes it: the pages are added after the API, and the docs are made again.
    schema = create_app(Backend(None, CHEAP)).openapi()  # type: ignore[arg-type]
    assert set(schema["components"]["securitySchemes"]) == {"HTTPBearer", "APIKeyCookie"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            rule = ACCESS[(method.upper(), path)]
            assert operation["description"].startswith("Who may call it: "), (method, path)
            if None in rule.who:
                assert "security" not in operation, (method, path)
            else:
                assert operation["security"] == [{"HTTPBearer": []}, {"APIKeyCookie": []}], (method, path)


@pytest.mark.parametrize("route", sorted(SAMPLES), ids=lambda r: f"{r[0]} {r[1]}")
def test_each_caller_is_let_in_or_refused_as_the_access_table_says(
    route: tuple[str, str], served: Served
) -> None:
    store = served.live.accounts()
    accounts.register(accounts.Register("lee", "lee-demo-pw"), store, served.clock, CHEAP)
    accounts.link(accounts.Link("lee", Role.PERSON, "lee"), store)
    passwords = {"lee": "lee-demo-pw"}
    iruka = served.login("iruka")
    assert served.call("POST", "/me/severance-applications", iruka, json={"reasons": "x"}).status_code == 200
    assert served.call("POST", "/foundation/cases/1/take", served.login("gai")).status_code == 200

    rule = ACCESS[route]
    path, body = SAMPLES[route]
    for caller, account, role in CALLERS:
        who = served.login(account, passwords.get(account)) if account else {}
        answer = served.call(route[0], path, who, json=body)
        seen = f"{caller} on {route[0]} {path}: {answer.status_code} {answer.text}"
        assert answer.status_code < 500, seen
        if role not in rule.who:
            assert answer.status_code == (401 if role is None else 403), seen
            assert answer.headers["content-type"] == "application/problem+json", seen
            continue
        assert answer.status_code not in (401, 403), seen
        # A case about Iruka's bond is her soulmate's case too.
        outsiders = {"another person"} if path.startswith("/me/cases/") else NOT_THE_OWNER
        if rule.own and caller in outsiders:
            assert answer.status_code >= 400 or answer.json() == {"proven": False}, seen
