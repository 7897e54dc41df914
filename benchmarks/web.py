"""What a page costs beside the API's answer for the same view, in one process, on SQLite.

    python benchmarks/web.py [--quick]

Two people, soulmates; one lost forty things, which lie on the other's floor
and told them something each. Each round asks, in turn, for the same view as a
page (Jinja2, the session cookie, the page's guard) and as the API's JSON (the
bearer token, the API's guard): the floor, the things, and what the finder
knows (the page also counts the candidates after each arrival, to draw them).
The figure of merit is how many times slower a page answers than the API does
for the same use case (the baseline, measured in the same run).

Last line: RESULT floor_ms=... floor_ratio=... things_ratio=... soulmate_ratio=... pages_per_s=...
"""

# ruff: noqa: E402 (the path is put right before the web stack is imported)
from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on the path, and its http.py would stand for the standard
# library's http, which the web stack imports.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time

from fastapi.testclient import TestClient

from soulbond.bootstrap import bootstrap
from soulbond.core.items import TellsAge, TellsTrait
from soulbond.http.deps import Backend
from soulbond.service import accounts, possessions, registry
from soulbond.service.account_ports import Role
from soulbond.settings import Settings
from soulbond.web.app import create_app

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)
THINGS = 40
POLICY = accounts.AccountPolicy(time_cost=1, memory_kib=8)
VIEWS = {
    "floor": ("/floor", "/me/floor"),
    "things": ("/things", "/me/possessions"),
    "soulmate": ("/soulmate", "/me/knowledge"),
}


def seed(path: Path) -> Backend:
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    live.upgrade()
    with live.uow() as uow:
        uow.use_clock(T0)
        uow.commit()
    for person, soulmate in (("finder", None), ("loser", "finder")):
        registry.register_person(
            registry.RegisterPerson(
                person,
                person.capitalize(),
                "Doe",
                date(1980, 1, 1),
                "home",
                "UTC",
                clock_time(7),
                1.0,
                {"interest": frozenset({"rocks"})},
                soulmate=soulmate,
            ),
            live.uow(),
        )
    for n in range(THINGS):
        item = f"thing-{n}"
        tells = (TellsAge(), TellsTrait("interest", carried=True))
        possessions.add_possession(possessions.AddPossession(item, "loser", f"thing {n}", tells), live.uow())
        possessions.report_loss(possessions.ReportLoss("loser", item), live.uow())
    with live.uow() as uow:
        uow.advance_clock(timedelta(days=1))
        uow.commit()
    for person in ("finder", "loser"):
        possessions.add_possession(possessions.AddPossession(f"{person}-pen", person, "a pen"), live.uow())
        accounts.register(accounts.Register(person, "benchmark-pw"), live.accounts(), lambda: T0, POLICY)
        accounts.link(accounts.Link(person, Role.PERSON, person), live.accounts())
    return Backend(live, POLICY, lambda: T0)


def timed(client: TestClient, path: str, headers: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    answer = client.get(path, headers=headers or {})
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.status_code == 200, (path, answer.status_code, answer.text[:200])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (well under a minute)")
    rounds = 15 if parser.parse_args().quick else 100
    with tempfile.TemporaryDirectory() as folder:
        backend = seed(Path(folder) / "world.db")
        app = create_app(backend)
        with TestClient(app) as browser, TestClient(app) as program:
            login = browser.get("/login")
            token = login.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            browser.post("/login", data={"csrf": token, "name": "finder", "password": "benchmark-pw"})
            bearer = program.post("/sessions", json={"name": "finder", "password": "benchmark-pw"}).json()[
                "token"
            ]
            program.cookies.clear()
            headers = {"Authorization": f"Bearer {bearer}"}
            pages: dict[str, list[float]] = {name: [] for name in VIEWS}
            answers: dict[str, list[float]] = {name: [] for name in VIEWS}
            for _ in range(2):  # warm up: templates compiled, connections open
                for page_path, api_path in VIEWS.values():
                    timed(browser, page_path)
                    timed(program, api_path, headers)
            started = time.perf_counter()
            for _ in range(rounds):
                for name, (page_path, api_path) in VIEWS.items():
                    pages[name].append(timed(browser, page_path))
                    answers[name].append(timed(program, api_path, headers))
            total = time.perf_counter() - started
        backend.store.close()  # type: ignore[attr-defined]
    median = {name: statistics.median(times) for name, times in pages.items()}
    ratio = {name: median[name] / statistics.median(answers[name]) for name in VIEWS}
    for name in VIEWS:
        print(
            f"{name:9} page {median[name]:7.2f} ms   API {statistics.median(answers[name]):7.2f} ms   x{ratio[name]:.2f}"
        )
    pages_per_s = rounds * len(VIEWS) / sum(sum(times) / 1000 for times in pages.values())
    print(f"{rounds} rounds in {total:.1f} s")
    print(
        f"RESULT floor_ms={median['floor']:.2f} floor_ratio={ratio['floor']:.2f} "
        f"things_ratio={ratio['things']:.2f} soulmate_ratio={ratio['soulmate']:.2f} pages_per_s={pages_per_s:.0f}"
    )


if __name__ == "__main__":
    main()
