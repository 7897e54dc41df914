"""Who may open each page: the web app's one table, checked before any page runs.

A page route whose method and path have no row here cannot be served (the
app refuses to start), so a page is never added without saying who may open
it. The roles are the API's (``soulbond.http.access``): a person always acts
as the person their account is linked to, so a page marked ``own`` shows or
changes only the caller's own things and cases, and the world refuses the rest.

Add a row here with every new page; ``tests/web/test_page_access.py`` then
asks for a sample request of it and checks it against every role.
"""

from __future__ import annotations

from typing import Final

from soulbond.http.access import ANYONE, DIRECTOR, PEOPLE, REGISTRAR, SIGNED_IN, STAFF, Rule

OPEN: Final = Rule(ANYONE)
MINE: Final = Rule(PEOPLE)
OWN: Final = Rule(PEOPLE, own=True)
GAME_MASTER: Final = Rule(REGISTRAR)

PAGES: Final[dict[tuple[str, str], Rule]] = {
    # Anyone: the landing page, logging in and out
    ("GET", "/"): OPEN,
    ("GET", "/login"): OPEN,
    ("POST", "/login"): OPEN,
    ("GET", "/logout"): Rule(SIGNED_IN),
    ("POST", "/logout"): Rule(SIGNED_IN),
    # A person's own world: every account that acts as a person (the Foundation's staff are people too)
    ("GET", "/floor"): MINE,
    ("POST", "/floor/keep"): OWN,
    ("POST", "/floor/discard"): OWN,
    ("POST", "/floor/recover"): OWN,
    ("POST", "/floor/return"): OWN,
    ("GET", "/things"): MINE,
    ("POST", "/things"): MINE,
    ("GET", "/things/photo"): OWN,
    ("POST", "/things/loss"): OWN,
    ("POST", "/things/gift"): OWN,
    ("GET", "/collection"): MINE,
    ("POST", "/collection/proof"): OWN,
    ("GET", "/soulmate"): MINE,
    ("GET", "/risks"): MINE,
    ("GET", "/inbox"): MINE,
    ("POST", "/inbox/message"): MINE,
    ("POST", "/inbox/block"): MINE,
    ("POST", "/inbox/unblock"): MINE,
    ("POST", "/inbox/ask"): MINE,
    # Writers, without an account: check a story, open a shipped one (soulbond.web.pages_writer)
    ("GET", "/write"): OPEN,
    ("POST", "/write/check"): OPEN,
    ("GET", "/write/stories/{name}"): OPEN,
    ("GET", "/write/stories/{name}/json"): OPEN,
    # The game master (registrar) runs the world (soulbond.web.pages_registry)
    ("GET", "/world"): GAME_MASTER,
    ("POST", "/world/import"): GAME_MASTER,
    ("POST", "/world/clock"): GAME_MASTER,
    ("POST", "/world/people"): GAME_MASTER,
    ("POST", "/world/deaths"): GAME_MASTER,
    ("POST", "/world/moves"): GAME_MASTER,
    ("POST", "/world/bonds"): GAME_MASTER,
    ("POST", "/world/placements"): GAME_MASTER,
    # The Foundation, as a person sees it
    ("GET", "/severance"): MINE,
    ("POST", "/severance/apply"): MINE,
    ("POST", "/severance/sign"): OWN,
    ("POST", "/severance/statement"): OWN,
    ("POST", "/severance/withdraw"): OWN,
    ("POST", "/severance/appeal"): OWN,
    ("GET", "/jobs"): MINE,
    ("POST", "/jobs"): MINE,
    # The Foundation's staff: a case is theirs to read or decide only once it is in their queue
    ("GET", "/casework"): Rule(STAFF),
    ("POST", "/casework/take"): Rule(STAFF),
    ("GET", "/casework/cases/{case}"): Rule(STAFF, own=True),
    ("GET", "/casework/cases/{case}/trail"): Rule(STAFF, own=True),
    ("POST", "/casework/decide"): Rule(STAFF, own=True),
    ("POST", "/casework/conflict"): Rule(STAFF, own=True),
    ("GET", "/hiring"): Rule(DIRECTOR),
    ("POST", "/hiring"): Rule(DIRECTOR),
}


def page_rule(method: str, path: str) -> Rule | None:
    return PAGES.get((method, path))
