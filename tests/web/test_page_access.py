"""Every page, opened or sent by every role and by no one, as the page table says.

A page route without a row in ``soulbond.web.access.PAGES`` or without a sample
request here fails the first test. A caller the table leaves out is refused at
the door (anonymous: sent to the login page, or 401 for a form; another role:
403, and nothing changes); a caller it lets in is never refused at the door.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi import APIRouter

from soulbond.http.deps import Backend
from soulbond.service.account_ports import Role
from soulbond.web import app as web_app
from soulbond.web.access import PAGES
from soulbond.web.nav import MENU
from tests.http.conftest import CHEAP
from tests.web.conftest import Site, send

KAKASHI = "+81 80 3333 0915"

# One request per page: (the address, the form sent with a POST).
SAMPLES: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {
    ("GET", "/"): ("/", None),
    ("GET", "/login"): ("/login", None),
    ("POST", "/login"): ("/login", {"name": "iruka", "password": "iruka-demo"}),
    ("GET", "/logout"): ("/logout", None),
    ("POST", "/logout"): ("/logout", {}),
    ("GET", "/floor"): ("/floor", None),
    ("POST", "/floor/keep"): ("/floor/keep", {"item": "folder", "where": "a drawer"}),
    ("POST", "/floor/discard"): ("/floor/discard", {"item": "folder"}),
    ("POST", "/floor/recover"): ("/floor/recover", {"item": "folder"}),
    ("POST", "/floor/return"): ("/floor/return", {"item": "folder"}),
    ("GET", "/things"): ("/things", None),
    ("POST", "/things"): ("/things", {"new_item": "pen", "description": "a red pen"}),
    ("GET", "/things/photo"): ("/things/photo?item=folder", None),
    ("POST", "/things/loss"): ("/things/loss", {"item": "folder", "how": "on a bench"}),
    ("POST", "/things/gift"): ("/things/gift", {"item": "folder", "to": "lee"}),
    ("GET", "/collection"): ("/collection", None),
    ("POST", "/collection/proof"): ("/collection/proof", {"item": "folder", "proof_to:folder": KAKASHI}),
    ("GET", "/soulmate"): ("/soulmate", None),
    ("GET", "/risks"): ("/risks", None),
    ("GET", "/inbox"): ("/inbox", None),
    ("POST", "/inbox/message"): ("/inbox/message", {"to_handle": KAKASHI, "text": "hello"}),
    ("POST", "/inbox/block"): ("/inbox/block", {"block_handle": KAKASHI}),
    ("POST", "/inbox/unblock"): ("/inbox/unblock", {"unblock_handle": KAKASHI}),
    ("POST", "/inbox/ask"): ("/inbox/ask", {"ask_handle": KAKASHI}),
    ("GET", "/severance"): ("/severance", None),
    ("POST", "/severance/apply"): ("/severance/apply", {"reasons": "none of yours", "permanent": "yes"}),
    ("POST", "/severance/sign"): ("/severance/sign", {"case": "1", "sign:1": "I agree"}),
    ("POST", "/severance/statement"): ("/severance/statement", {"case": "1", "statement:1": "I agree"}),
    ("POST", "/severance/withdraw"): ("/severance/withdraw", {"case": "1"}),
    ("POST", "/severance/appeal"): ("/severance/appeal", {"case": "1", "appeal:1": "wrong"}),
    ("GET", "/jobs"): ("/jobs", None),
    ("POST", "/jobs"): ("/jobs", {}),
    ("GET", "/casework"): ("/casework", None),
    ("POST", "/casework/take"): ("/casework/take", {"case": "1"}),
    ("GET", "/casework/cases/{case}"): ("/casework/cases/1", None),
    ("GET", "/casework/cases/{case}/trail"): ("/casework/cases/1/trail", None),
    ("POST", "/casework/decide"): (
        "/casework/decide",
        {"case": "1", "verdict": "reject", "decision_reasons": "the file shows no cause"},
    ),
    ("POST", "/casework/conflict"): ("/casework/conflict", {"case": "1"}),
    ("GET", "/hiring"): ("/hiring", None),
    ("POST", "/hiring"): ("/hiring", {"person": "lee"}),
    ("GET", "/write"): ("/write", None),
    ("POST", "/write/check"): ("/write/check", {"story": "people: {}", "name": "story.yaml"}),
    ("GET", "/write/stories/{name}"): ("/write/stories/the-foundation", None),
    ("GET", "/write/stories/{name}/json"): ("/write/stories/the-foundation/json", None),
    ("GET", "/world"): ("/world", None),
    ("POST", "/world/import"): ("/world/import", {"story": "the-foundation"}),
    ("POST", "/world/clock"): ("/world/clock", {"hours": "1"}),
    ("POST", "/world/people"): (
        "/world/people",
        {
            "new_id": "sakura",
            "given_name": "Sakura",
            "family_name": "Haruno",
            "born": "2001-03-28",
            "place": "Konoha",
            "tz": "Asia/Tokyo",
        },
    ),
    ("POST", "/world/deaths"): ("/world/deaths", {"dead": "lee"}),
    ("POST", "/world/moves"): ("/world/moves", {"mover": "lee", "new_place": "Suna", "new_tz": "Asia/Tokyo"}),
    ("POST", "/world/bonds"): ("/world/bonds", {"first": "lee", "second": "sakura"}),
    ("POST", "/world/placements"): ("/world/placements", {"placed": "folder", "at": "a bench"}),
}

CALLERS: tuple[tuple[str | None, Role | None], ...] = (
    (None, None),
    ("iruka", Role.PERSON),
    ("gai", Role.CASEWORKER),
    ("kurenai", Role.DIRECTOR),
    ("registrar", Role.REGISTRAR),
)


def test_every_page_has_one_row_in_the_page_table_and_a_sample_here() -> None:
    assert web_app.pages() == set(PAGES)
    assert set(SAMPLES) == set(PAGES)


def test_the_app_refuses_to_start_with_a_page_the_table_leaves_out(monkeypatch: pytest.MonkeyPatch) -> None:
    stray = APIRouter()

    @stray.get("/unlisted")
    async def unlisted() -> str:
        return "nobody said who may see this"

    monkeypatch.setattr(web_app, "ROUTERS", (*web_app.ROUTERS, stray))
    with pytest.raises(RuntimeError, match="GET /unlisted has no row"):
        web_app.create_app(Backend(None, CHEAP))  # type: ignore[arg-type]


def test_every_menu_link_is_a_page_open_to_whoever_is_shown_it() -> None:
    for link in MENU:
        rule = PAGES.get(("GET", link.href))
        assert rule is not None, link
        assert link.who <= rule.who, link


@pytest.mark.parametrize("route", sorted(SAMPLES), ids=lambda r: f"{r[0]} {r[1]}")
def test_each_caller_is_let_in_or_refused_as_the_page_table_says(route: tuple[str, str], site: Site) -> None:
    rule = PAGES[route]
    path, form = SAMPLES[route]
    for account, role in CALLERS:
        browser = site.browser_of(account) if account else site.visitor()
        answer = (
            send(browser, path, form) if route[0] == "POST" else browser.get(path, follow_redirects=False)
        )
        seen = f"{account or 'anonymous'} on {route[0]} {path}: {answer.status_code} {answer.text[:300]}"
        assert answer.status_code < 500, seen
        if role not in rule.who:
            if role is None and route[0] == "GET":
                assert answer.status_code == 303, seen
                assert answer.headers["location"] == f"/login?next={quote(path, safe='/')}", seen
            else:
                assert answer.status_code == (401 if role is None else 403), seen
                assert answer.headers["content-type"].startswith("text/html"), seen
            continue
        assert answer.status_code not in (401, 403), seen
        if answer.status_code == 303:
            assert not answer.headers["location"].startswith("/login"), seen
