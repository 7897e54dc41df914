"""The demo world `soulbond serve --demo` loads: the shipped `lost-things` story and five accounts.

The story has no Foundation staff, so after importing it the registrar
appoints Kurenai its director, who hires Gai as a caseworker. The world
is left on the simulated clock at the moment the story ends: Iruka has the
green folder again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from soulbond.bootstrap import Live
from soulbond.service import accounts, archive, casework, registry
from soulbond.service.account_ports import Role
from soulbond.service.accounts import AccountPolicy, Clock

STORY = "lost-things"
DIRECTOR = "kurenai"
CASEWORKER = "gai"


@dataclass(frozen=True)
class DemoLogin:
    name: str
    password: str
    role: Role
    person: str | None
    who: str


LOGINS = (
    DemoLogin("iruka", "iruka-demo", Role.PERSON, "iruka", "Iruka Umino, who has the green folder"),
    DemoLogin("kakashi", "kakashi-demo", Role.PERSON, "kakashi", "Kakashi Hatake, his soulmate"),
    DemoLogin("gai", "gai-demo-1", Role.CASEWORKER, CASEWORKER, "Gai Maito, a Foundation caseworker"),
    DemoLogin("kurenai", "kurenai-demo", Role.DIRECTOR, DIRECTOR, "Kurenai Yuhi, the Foundation's director"),
    DemoLogin("registrar", "registrar-demo", Role.REGISTRAR, None, "the registrar, who runs the world"),
)


def load_demo(live: Live, policy: AccountPolicy, clock: Clock, story: str | Path = STORY) -> bool:
    """Load the demo into an empty database; False (and nothing changes) when the demo is there already."""
    live.upgrade()
    store = live.accounts()
    if store.get(LOGINS[-1].name) is not None:
        return False
    archive.import_world(archive.ImportWorld(str(story)), live.uow(), live.stories)
    registry.appoint_director(registry.AppointDirector(DIRECTOR), live.uow())
    casework.apply_for_job(casework.Staffing(CASEWORKER), live.uow())
    casework.hire(casework.Staffing(CASEWORKER, director=DIRECTOR), live.uow())
    for login in LOGINS:
        accounts.register(accounts.Register(login.name, login.password), store, clock, policy)
        accounts.link(accounts.Link(login.name, login.role, login.person), store)
    return True
