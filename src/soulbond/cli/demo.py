"""The demo world `soulbond serve --demo` loads: the shipped `lost-things` story and five accounts.

The story has no Foundation staff, so the demo imports it with Kurenai named
its director, then hires Gai as a caseworker through the use cases. The world
is left on the simulated clock at the moment the story ends: Iruka has the
green folder again.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from soulbond.bootstrap import Live
from soulbond.scenario import resolve
from soulbond.service import accounts, archive, casework
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


def with_director(story: str | Path, folder: Path) -> Path:
    """The story's file with the demo's director named in its ``world`` section."""
    source, _ = resolve(str(story))
    text = source.read_text(encoding="utf-8")
    if "\nworld:\n" not in text:
        raise ValueError(f"{source} has no 'world:' section to name the director in")
    path = folder / source.name
    path.write_text(text.replace("\nworld:\n", f"\nworld:\n  director: {DIRECTOR}\n", 1), encoding="utf-8")
    return path


def load_demo(live: Live, policy: AccountPolicy, clock: Clock, story: str | Path = STORY) -> bool:
    """Load the demo into an empty database; False (and nothing changes) when the demo is there already."""
    live.upgrade()
    store = live.accounts()
    if store.get(LOGINS[-1].name) is not None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        source = with_director(story, Path(folder))
        archive.import_world(archive.ImportWorld(str(source)), live.uow(), live.stories)
    casework.apply_for_job(casework.Staffing(CASEWORKER), live.uow())
    casework.hire(casework.Staffing(CASEWORKER, director=DIRECTOR), live.uow())
    for login in LOGINS:
        accounts.register(accounts.Register(login.name, login.password), store, clock, policy)
        accounts.link(accounts.Link(login.name, login.role, login.person), store)
    return True
