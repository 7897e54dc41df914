"""The menu each role sees, and where each role lands after logging in.

Every link here is a GET page in ``access.PAGES`` open to the roles it is
shown to (a test checks it), so the menu never offers a page that refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from soulbond.http.access import ANYONE, DIRECTOR, PEOPLE, REGISTRAR, STAFF
from soulbond.service.account_ports import Role


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    who: frozenset[Role | None]


NOBODY_YET: Final = frozenset({None})

MENU: Final[list[Link]] = [
    Link("Welcome", "/", NOBODY_YET),
    Link("Log in", "/login", NOBODY_YET),
    Link("My floor", "/floor", PEOPLE),
    Link("My things", "/things", PEOPLE),
    Link("Collection", "/collection", PEOPLE),
    Link("My soulmate", "/soulmate", PEOPLE),
    Link("Risks", "/risks", PEOPLE),
    Link("Inbox", "/inbox", PEOPLE),
    Link("The Foundation", "/severance", PEOPLE),
    Link("Jobs", "/jobs", PEOPLE),
    Link("Casework", "/casework", STAFF),
    Link("Hiring", "/hiring", DIRECTOR),
    Link("The world", "/world", REGISTRAR),
    Link("Write a story", "/write", ANYONE),
]

HOME: Final[dict[Role, str]] = {
    Role.PERSON: "/floor",
    Role.CASEWORKER: "/floor",
    Role.DIRECTOR: "/floor",
    Role.REGISTRAR: "/world",
}
"""Where each role lands after logging in (the person's pages replace these as they are added)."""

# The role sets the pages use, re-exported so that page modules take them from one place.
__all__ = ["ANYONE", "DIRECTOR", "HOME", "MENU", "PEOPLE", "REGISTRAR", "STAFF", "Link", "menu_for"]


def menu_for(role: Role | None) -> list[Link]:
    return [link for link in MENU if role in link.who]
