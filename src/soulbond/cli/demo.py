"""The demo world `soulbond serve --demo` loads: the shipped `lost-things` story and five accounts.

The story has no Foundation staff, so the demo names Kurenai its director and
hires Gai as a caseworker through the use cases, and leaves the world on the
simulated clock at the moment the story ends: Iruka has the green folder again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from soulbond.adapters.store import is_empty, store_world
from soulbond.bootstrap import Live
from soulbond.core.people import PersonId
from soulbond.scenario import ScenarioError, load_scenario, replay, resolve
from soulbond.scenario.writing import home_history, strangers_json
from soulbond.service import accounts, casework
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
    """Load the demo into an empty database; False (and nothing changes) when it already holds a world."""
    live.upgrade()
    with live.uow() as uow:
        if not is_empty(uow.connection):
            return False
    try:
        path, name = resolve(str(story))
        result = replay(load_scenario(path, name=name))
    except ScenarioError as exc:
        raise SystemExit(f"the demo story cannot be read: {exc}") from None
    world = result.world
    world.foundation.director = PersonId(DIRECTOR)
    with live.uow() as uow:
        scenario = result.scenario
        store_world(
            uow.connection,
            world,
            clock_at=world.now,
            homes=home_history(scenario),
            strangers=strangers_json(scenario.strangers) if scenario.strangers else None,
            title=scenario.title,
        )
        uow.commit()
    casework.apply_for_job(casework.Staffing(CASEWORKER), live.uow())
    casework.hire(casework.Staffing(CASEWORKER, director=DIRECTOR), live.uow())
    store = live.accounts()
    for login in LOGINS:
        accounts.register(accounts.Register(login.name, login.password), store, clock, policy)
        accounts.link(accounts.Link(login.name, login.role, login.person), store)
    return True
