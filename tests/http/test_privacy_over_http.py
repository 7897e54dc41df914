"""The privacy property of the service, again through HTTP: every body and every header searched.

The same six residents as ``tests/integration/test_privacy_gate.py``, each with
an account, act at random through the API (the caseworker and the director
through their own roles, the registrar moving the clock and recording
deaths). After each request, the whole response the asker received (status
line, headers and body) is searched for every id, name, number, home, time
zone and wake time of everyone the asker has not learnt of, and for others'
dates of death in refusals.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soulbond.bootstrap import in_memory
from soulbond.http.app import create_app
from soulbond.http.deps import Backend
from soulbond.service import accounts
from soulbond.service.account_ports import Role
from tests.http.conftest import CHEAP, Clock
from tests.integration.factories import T0
from tests.integration.test_privacy_gate import IDS, ITEMS, PEOPLE, build, leaks, secrets_for

ROLES = {"p-eda": Role.CASEWORKER, "p-fenn": Role.DIRECTOR}
HANDLES = [p.handle for p in PEOPLE] + ["+99-000"]
PASSWORD = "a long enough password"

texts = st.sampled_from(["hello", "I have your folder", "who are you?"])
handles = st.sampled_from(HANDLES)
things = st.sampled_from(ITEMS)
cases = st.integers(min_value=1, max_value=3)

Request = tuple[str, str, dict[str, Any] | None]

requests: st.SearchStrategy[Request] = st.one_of(
    things.map(lambda i: ("POST", f"/me/items/{i}/loss", {"how": "somewhere"})),
    st.tuples(st.sampled_from(["keep", "discard", "recovery", "pick-up", "return"]), things).map(
        lambda a: ("POST", f"/me/items/{a[1]}/{a[0]}", None)
    ),
    st.tuples(things, st.sampled_from(IDS)).map(lambda a: ("POST", f"/me/items/{a[0]}/gift", {"to": a[1]})),
    things.map(lambda i: ("GET", f"/me/items/{i}/custody", None)),
    st.tuples(handles, texts).map(lambda a: ("POST", "/me/messages", {"to_handle": a[0], "text": a[1]})),
    handles.map(lambda h: ("POST", "/me/blocks", {"handle": h})),
    handles.map(lambda h: ("DELETE", f"/me/blocks/{h}", None)),
    handles.map(lambda h: ("POST", "/me/registry-questions", {"handle": h})),
    st.sampled_from(
        [
            "/me/floor",
            "/me/possessions",
            "/me/possessions?where=bin",
            "/me/knowledge",
            "/me/audit",
            "/me/inbox/messages",
            "/me/inbox/registry",
            "/me/inbox/notices",
            "/me",
        ]
    ).map(lambda path: ("GET", path, None)),
    st.booleans().map(
        lambda j: ("POST", "/me/severance-applications", {"reasons": "strangers", "jointly": j})
    ),
    st.tuples(st.sampled_from(["statements", "appeals", "signature"]), cases).map(
        lambda a: ("POST", f"/me/cases/{a[1]}/{a[0]}", {"text": "my reasons"})
    ),
    cases.map(lambda c: ("POST", f"/me/cases/{c}/withdrawal", None)),
    st.tuples(st.sampled_from(["take", "file-openings", "conflict"]), cases).map(
        lambda a: ("POST", f"/foundation/cases/{a[1]}/{a[0]}", None)
    ),
    st.tuples(cases, st.booleans()).map(
        lambda a: (
            "POST",
            f"/foundation/cases/{a[0]}/decision",
            {"approve": a[1], "reasons": "as the file shows"},
        )
    ),
    st.just(("POST", "/me/job-applications", None)),
    st.sampled_from(IDS).map(lambda p: ("POST", "/foundation/staff", {"person": p})),
)

steps = st.one_of(
    st.tuples(st.sampled_from(IDS), requests),
    st.just(("registrar", ("POST", "/registry/clock/advance", {"days": 1}))),
    st.sampled_from(["p-bram", "p-dara", "p-eda"]).map(
        lambda who: ("registrar", ("POST", f"/registry/people/{who}/death", None))
    ),
)


@contextmanager
def world() -> Iterator[tuple[TestClient, Any, dict[str, dict[str, str]]]]:
    live = in_memory()
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    build(live)
    store = live.accounts()
    clock = Clock()
    for name, role in [(p, ROLES.get(p, Role.PERSON)) for p in IDS] + [("registrar", Role.REGISTRAR)]:
        accounts.register(accounts.Register(name, PASSWORD), store, clock, CHEAP)
        accounts.link(accounts.Link(name, role, None if role is Role.REGISTRAR else name), store)
    with TestClient(create_app(Backend(live, CHEAP, clock)), raise_server_exceptions=False) as client:
        sessions = {}
        for name in [*IDS, "registrar"]:
            token = client.post("/sessions", json={"name": name, "password": PASSWORD}).json()["token"]
            sessions[name] = {"Authorization": f"Bearer {token}"}
        client.cookies.clear()
        yield client, live, sessions


def shown(answer: Any) -> str:
    """Everything the asker received: status, every header, and the body."""
    headers = "\n".join(f"{k}: {v}" for k, v in answer.headers.items())
    return f"{answer.status_code}\n{headers}\n{answer.text}"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(story=st.lists(steps, min_size=1, max_size=20))
def test_no_response_body_or_header_tells_anyone_what_they_have_not_learnt(
    story: list[tuple[str, Request]],
) -> None:
    with world() as (client, live, sessions):
        for who, (method, path, body) in story:
            answer = client.request(method, path, headers=sessions[who], json=body)
            assert answer.status_code < 500, answer.text
            if who == "registrar":
                client.post("/registry/deliveries/due", headers=sessions[who])
                continue
            words, deaths = secrets_for(live, who)
            found = leaks(shown(answer), words | (deaths if answer.status_code >= 400 else set()))
            assert not found, f"{who} was shown {found} by {method} {path}: {shown(answer)}"
