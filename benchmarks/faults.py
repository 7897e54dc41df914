"""Crash safety: servers and workers SIGKILLed at random while losses flow through the HTTP API.

    python benchmarks/faults.py [--quick] [--kills N] [--store sqlite|postgresql]

For each store (a SQLite file always; a scratch PostgreSQL database, created
and dropped here, when SOULBOND_TEST_PG is set or --store postgresql is
given) it starts ``soulbond serve --no-worker`` and two ``soulbond worker``
processes against a real database holding pairs of people, each with their
things. One client thread per person logs in and, until told to stop, loses
what they hold and keeps, discards, recovers or returns what lands on their
floor; a registrar thread moves the simulated clock on so deliveries fall
due. A client counts a request accepted only on a 2xx answer; on a dropped
connection or a 5xx it sends the same request again with the same
Idempotency-Key until it gets an answer.

After a calm spell (the baseline), the harness SIGKILLs the server or a
worker at random moments, restarts it, and does so again, ``--kills`` times.
Then it lets everything in transit arrive and checks the whole world in the
database: every item in exactly one place (the core's conservation check),
every delivery made recorded as one arrival in the ledger, and the effect of
every accepted request in the ledger exactly once.

PostgreSQL itself is not restarted: the server is shared with others on
the machines this runs on, so doing it safely is left out.

Last line: RESULT kills=... items=... lost=0 duplicated=0 lost_requests=0 accepted=... calm_per_s=...
faulty_per_s=... ratio=...
"""

from __future__ import annotations

import sys
from pathlib import Path

# This folder holds a benchmark named http.py, which would hide the standard library's http package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, date, datetime  # noqa: E402

import httpx  # noqa: E402
from sqlalchemy import select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from soulbond.adapters import tables  # noqa: E402
from soulbond.adapters.store import store_world  # noqa: E402
from soulbond.bootstrap import Live, bootstrap  # noqa: E402
from soulbond.core import Home, Item, ItemId, Person, PersonId, World  # noqa: E402
from soulbond.core.conservation import conservation_problems  # noqa: E402
from soulbond.core.items import TellsAge  # noqa: E402
from soulbond.service import accounts  # noqa: E402
from soulbond.service.account_ports import Role  # noqa: E402
from soulbond.service.ports import Wanted  # noqa: E402
from soulbond.settings import Settings  # noqa: E402

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)
PASSWORD = "a faults password"
KIND = {
    "loss": "lost",
    "keep": "kept",
    "discard": "discarded",
    "recovery": "recovered from the bin",
    "return": "returned by hand",
}
"""Each request's ledger entry: what an accepted one must have left, exactly once."""
SOULBOND = str(Path(sys.executable).with_name("soulbond"))


@dataclass
class Tally:
    accepted: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(person, idempotency key, action, item) of every request answered with a 2xx."""
    refused: Counter[str] = field(default_factory=Counter)
    """Requests answered with a 4xx (nothing changed), by action and status."""
    retries: int = 0
    unresolved: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def seed(url: str, pairs: int, items_each: int) -> list[str]:
    """Pairs of people with their things, an account for each and one for the registrar."""
    world = World()
    people = [f"p{n}" for n in range(pairs * 2)]
    for n, person in enumerate(people):
        home = Home("home", ["Europe/London", "Asia/Tokyo", "America/New_York"][n % 3])
        # No one is careless: every loss in the run is one a client asked for.
        world.register(Person(PersonId(person), person.upper(), "Doe", date(1980, 1, 1), home, 0.0), T0)
    for n in range(pairs):
        world.declare_bond(PersonId(people[2 * n]), PersonId(people[2 * n + 1]), T0)
    # Neutral ids and words: the privacy gate would withhold a soulmate's id from a finder.
    for n in range(len(people) * items_each):
        world.add_item(
            Item(ItemId(f"t{n}"), f"thing {n}", (TellsAge(),)), PersonId(people[n % len(people)]), T0
        )
    live = bootstrap(Settings(database_url=url))
    live.upgrade()
    with live.uow() as uow:
        store_world(uow.connection, world, clock_at=T0)
        uow.commit()
    # Cheap hashes: the run measures crashes, not password hashing.
    policy = accounts.AccountPolicy(time_cost=1, memory_kib=8)
    store = live.accounts()
    for name, role, person in [*((p, Role.PERSON, p) for p in people), ("registrar", Role.REGISTRAR, None)]:
        accounts.register(accounts.Register(name, PASSWORD), store, lambda: T0, policy)
        accounts.link(accounts.Link(name, role, person), store)
    live.close()
    return people


class Fleet:
    """The server and the workers, each a process that may be killed and started again."""

    def __init__(self, url: str, port: int, workers: int, logs: Path) -> None:
        self.url, self.port, self.logs = url, port, logs
        self.env = {**os.environ, "SOULBOND_DATABASE_URL": url, "SOULBOND_WORKER_POLL_SECONDS": "0.2"}
        self.names = ["server", *(f"worker{n}" for n in range(workers))]
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def command(self, name: str) -> list[str]:
        if name == "server":
            return [SOULBOND, "serve", "--no-worker", "--port", str(self.port)]
        return [SOULBOND, "worker", "--batch", "5"]

    def start(self, name: str) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        self.running[name] = subprocess.Popen(self.command(name), env=self.env, stdout=log, stderr=log)
        if name == "server":
            self.wait_for_server()

    def wait_for_server(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.running["server"].poll() is not None:
                raise SystemExit(f"the server exited at start; see {self.logs / 'server.log'}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise SystemExit("the server did not answer within two minutes")

    def kill(self, name: str) -> None:
        process = self.running[name]
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.running.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def send(
    client: httpx.Client, method: str, path: str, tally: Tally, stop_by: float, **kwargs: object
) -> httpx.Response | None:
    """One request, sent again (same key, same body) until it is answered; None if it never was."""
    while time.monotonic() < stop_by:
        try:
            answer = client.request(method, path, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError:
            answer = None
        if answer is not None and answer.status_code < 500:
            return answer
        with tally.lock:
            tally.retries += 1
        time.sleep(random.uniform(0.05, 0.25))
    return None


def person_client(base: str, person: str, tally: Tally, stop: threading.Event, seed_: int) -> None:
    rng = random.Random(seed_)
    client = httpx.Client(base_url=base, timeout=10)
    patience = lambda: time.monotonic() + 180  # noqa: E731 - a deadline per request
    signed = send(client, "POST", "/sessions", tally, patience(), json={"name": person, "password": PASSWORD})
    assert signed is not None and signed.status_code == 201, signed
    client.headers["Authorization"] = f"Bearer {signed.json()['token']}"
    while not stop.is_set():
        floor = send(client, "GET", "/me/floor", tally, patience())
        held = send(client, "GET", "/me/possessions", tally, patience())
        binned = send(client, "GET", "/me/possessions", tally, patience(), params={"where": "bin"})
        if floor is None or held is None or binned is None:
            continue
        failed = [answer for answer in (floor, held, binned) if not answer.is_success]
        if failed:
            with tally.lock:
                for answer in failed:
                    tally.refused[f"read {answer.status_code} {answer.text[:300]}"] += 1
            continue
        on_floor = [entry["item"] for entry in floor.json()["items"]]
        in_hand = [entry["item"] for entry in held.json()["items"]]
        in_bin = [entry["item"] for entry in binned.json()["items"]]
        if on_floor and rng.random() < 0.8:
            action = rng.choices(["keep", "discard", "return"], [7, 2, 1])[0]
            item = rng.choice(on_floor)
        elif in_bin and rng.random() < 0.3:
            action, item = "recovery", rng.choice(in_bin)
        elif in_hand:
            action, item = "loss", rng.choice(in_hand)
        else:
            time.sleep(0.1)
            continue
        key = uuid.uuid4().hex
        answer = send(
            client, "POST", f"/me/items/{item}/{action}", tally, patience(), headers={"Idempotency-Key": key}
        )
        with tally.lock:
            if answer is None:
                tally.unresolved += 1
            elif answer.is_success:
                tally.accepted.append((person, key, action, item))
            else:
                tally.refused[
                    f"{action} {answer.status_code} {answer.json().get('type', '').rsplit('/', 1)[-1]}"
                ] += 1
    client.close()


def as_registrar(base: str, tally: Tally) -> httpx.Client:
    """A client signed in as the registrar (retrying while the server restarts)."""
    client = httpx.Client(base_url=base, timeout=10)
    signed = send(
        client,
        "POST",
        "/sessions",
        tally,
        time.monotonic() + 180,
        json={"name": "registrar", "password": PASSWORD},
    )
    assert signed is not None and signed.status_code == 201, signed
    client.headers["Authorization"] = f"Bearer {signed.json()['token']}"
    return client


def registrar_client(base: str, tally: Tally, stop: threading.Event) -> None:
    client = as_registrar(base, tally)
    while not stop.wait(0.4):
        send(client, "POST", "/registry/clock/advance", tally, time.monotonic() + 180, json={"hours": 6})
    client.close()


def let_everything_arrive(base: str, tally: Tally) -> None:
    """Once no client acts any more: whatever still travels falls due (the workers then make it arrive)."""
    client = as_registrar(base, tally)
    moved = send(client, "POST", "/registry/clock/advance", tally, time.monotonic() + 180, json={"days": 3})
    assert moved is not None and moved.is_success, moved
    client.close()


def check(url: str, people: list[str], items: int, tally: Tally) -> dict[str, int]:
    """The whole world, read from the database after the run."""
    live = bootstrap(Settings(database_url=url))
    problems: list[str] = []
    try:
        with live.uow() as uow:
            everyone = {PersonId(p) for p in people}
            world = uow.world.load(Wanted(people=everyone, holdings=everyone, catch_up=False))
            problems = conservation_problems(world)
            held = len(world.items)
            connection = uow.connection
            pending = connection.execute(
                select(tables.deliveries.c.id).where(tables.deliveries.c.state == "pending")
            ).all()
            delivered = set(
                connection.execute(
                    select(tables.deliveries.c.id).where(tables.deliveries.c.state == "delivered")
                ).scalars()
            )
            arrivals = Counter(
                connection.execute(
                    select(tables.ledger.c.delivery).where(tables.ledger.c.kind == "arrived")
                ).scalars()
            )
            effects = Counter(
                (row.actor, row.idempotency_key, row.kind, row.item)
                for row in connection.execute(
                    select(
                        tables.ledger.c.actor,
                        tables.ledger.c.idempotency_key,
                        tables.ledger.c.kind,
                        tables.ledger.c.item,
                    ).where(tables.ledger.c.idempotency_key.is_not(None))
                )
            )
    finally:
        live.close()
    vanished = sum("vanished" in p for p in problems) + max(items - held, 0)
    doubled = sum("places at once" in p for p in problems)
    lost_arrivals = len(delivered - set(arrivals))
    extra_arrivals = sum(n - 1 for n in arrivals.values() if n > 1) + len(set(arrivals) - delivered)
    found = [effects[(person, key, KIND[action], item)] for person, key, action, item in tally.accepted]
    return {
        "items": held,
        "lost": vanished + lost_arrivals + len(pending) + (len(problems) - vanished - doubled),
        "duplicated": doubled + extra_arrivals + sum(n - 1 for n in found if n > 1),
        "lost_requests": sum(n == 0 for n in found) + tally.unresolved,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def database(store: str, workdir: Path) -> Iterator[str]:
    if store == "sqlite":
        yield f"sqlite:///{workdir / 'faults.db'}"
        return
    admin_url = os.environ.get("SOULBOND_TEST_PG")
    if not admin_url:
        raise SystemExit("set SOULBOND_TEST_PG=postgresql://... to run on PostgreSQL")
    name = f"soulbond_faults_{uuid.uuid4().hex[:10]}"
    admin: Live = bootstrap(Settings(database_url=admin_url))
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.close()


def run_store(store: str, args: argparse.Namespace) -> dict[str, float]:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="soulbond-faults-") as tmp, database(store, Path(tmp)) as url:
        workdir = Path(tmp)
        people = seed(url, args.pairs, args.items_each)
        items = len(people) * args.items_each
        fleet = Fleet(url, free_port(), args.workers, workdir)
        for name in fleet.names:
            fleet.start(name)
        base = f"http://127.0.0.1:{fleet.port}"
        tally, stop = Tally(), threading.Event()
        threads = [
            threading.Thread(
                target=person_client, args=(base, p, tally, stop, rng.randrange(2**32)), daemon=True
            )
            for p in people
        ]
        threads.append(threading.Thread(target=registrar_client, args=(base, tally, stop), daemon=True))
        for thread in threads:
            thread.start()
        time.sleep(args.calm)
        calm_accepted, calm_at = len(tally.accepted), time.monotonic()
        kills: Counter[str] = Counter()
        while sum(kills.values()) < args.kills:
            time.sleep(rng.uniform(0.2, args.gap))
            victim = rng.choice(fleet.names)
            fleet.kill(victim)
            kills[victim] += 1
            fleet.start(victim)
        faulty = (len(tally.accepted) - calm_accepted) / (time.monotonic() - calm_at)
        stop.set()
        for thread in threads:
            thread.join(timeout=240)
        let_everything_arrive(base, tally)
        # The workers make whatever the last advance made due; then everyone stops.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and pending_count(url):
            time.sleep(0.5)
        alive = {name: process.poll() for name, process in fleet.running.items()}
        fleet.stop()
        if pending_count(url):
            # Something never arrived: say what each process last wrote, to find out why.
            for name in fleet.names:
                tail = (workdir / f"{name}.log").read_text(errors="replace")[-1500:]
                print(f"--- {name} (exit code {alive[name]}):\n{tail}", file=sys.stderr)
        found = check(url, people, items, tally)
        print(
            f"{store}: {sum(kills.values())} kills ({dict(kills)}), {len(tally.accepted)} accepted, "
            f"{sum(tally.refused.values())} refused {dict(tally.refused)}, {tally.retries} retries, {found}",
            flush=True,
        )
        return {
            "kills": sum(kills.values()),
            "accepted": len(tally.accepted),
            "calm_per_s": calm_accepted / args.calm,
            "faulty_per_s": faulty,
            **found,
        }


def pending_count(url: str) -> int:
    live = bootstrap(Settings(database_url=url))
    try:
        with live.uow() as uow:
            return len(
                uow.connection.execute(
                    select(tables.deliveries.c.id).where(tables.deliveries.c.state == "pending")
                ).all()
            )
    finally:
        live.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few kills per store, for CI (under a minute)")
    parser.add_argument("--kills", type=int, help="kills per store (default 50, 6 with --quick)")
    parser.add_argument("--store", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    args.kills = args.kills if args.kills is not None else (6 if args.quick else 50)
    args.pairs, args.items_each, args.workers = (3, 10, 2) if args.quick else (6, 25, 2)
    args.calm, args.gap = (3.0, 1.0) if args.quick else (10.0, 2.0)
    stores = args.store or ["sqlite", *(["postgresql"] if os.environ.get("SOULBOND_TEST_PG") else [])]
    totals: Counter[str] = Counter()
    rates = []
    for store in stores:
        figures = run_store(store, args)
        rates.append((figures.pop("calm_per_s"), figures.pop("faulty_per_s")))
        totals.update({k: int(v) for k, v in figures.items()})
    calm = sum(c for c, _ in rates) / len(rates)
    faulty = sum(f for _, f in rates) / len(rates)
    print(
        f"RESULT kills={totals['kills']} items={totals['items']} lost={totals['lost']} "
        f"duplicated={totals['duplicated']} lost_requests={totals['lost_requests']} "
        f"accepted={totals['accepted']} stores={'+'.join(stores)} calm_per_s={calm:.1f} "
        f"faulty_per_s={faulty:.1f} ratio={faulty / calm if calm else 0:.2f}"
    )


if __name__ == "__main__":
    main()
