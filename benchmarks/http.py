"""Requests per second and latency of the HTTP API, against a trivial endpoint of the same server.

    python benchmarks/http.py [--quick]

A `soulbond serve` process on SQLite (loopback, its delivery worker running)
serves a world of people who each hold 120 things, every one with an
account signed in by a bearer token. The load comes from another process, an
asyncio client:

1. closed loop, as fast as the server answers: ``GET /health`` (no session,
   no store: the base), and a mix of half people reporting a loss (with an
   idempotency key) and half people reading their floor. The two take turns,
   base, mix, base, mix, base: a shared machine's speed drifts by a fifth from
   one minute to the next, so each mix phase is set against the base phases
   on either side of it, and the ratio is the mean of the two;
2. open loop at half the mix's maximum: requests sent on a fixed schedule
   whatever the answers, each latency measured from its scheduled moment (so
   a slow answer delays no measurement), p50 and p99 per operation.

Last line: RESULT rps=... rps_ratio_to_trivial=... loss_p99_ms=... floor_p99_ms=... errors=...
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

T0 = datetime(2000, 1, 10, 12, 0, tzinfo=UTC)
ITEMS_EACH = 400
"""Each person's things: each phase loses from where the one before stopped. At 1,700 requests a second
(half of them losses, a person of 200 drawn at random for each) the two 15-second mix phases and the open
loop take up to about 200 things from one person, so every loss names a thing still held up to some
3,000 requests a second."""
MIX_PHASES = 2


def seed(path: Path, pairs: int) -> list[dict[str, Any]]:
    """The world, its accounts and a session for each person: the people as the load generator needs them."""
    from soulbond.adapters.store import store_world
    from soulbond.bootstrap import bootstrap
    from soulbond.core import Home, Item, ItemId, Person, PersonId, World
    from soulbond.core.items import TellsAge
    from soulbond.service import accounts
    from soulbond.service.account_ports import Role
    from soulbond.settings import Settings

    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    world = World()
    people = [f"p{n}" for n in range(pairs * 2)]
    for person in people:
        world.register(
            Person(PersonId(person), person.upper(), "Doe", date(1980, 1, 1), Home("home", "UTC")), T0
        )
    for n in range(pairs):
        world.declare_bond(PersonId(people[2 * n]), PersonId(people[2 * n + 1]), T0)
    for person in people:
        for n in range(ITEMS_EACH):
            world.add_item(Item(ItemId(f"{person}-i{n}"), f"thing {n}", (TellsAge(),)), PersonId(person), T0)
    live.upgrade()
    with live.uow() as uow:
        store_world(uow.connection, world, clock_at=T0)
        uow.commit()
    # Cheap hashing for the seed only: the server checks these hashes with their own parameters.
    policy = accounts.AccountPolicy(time_cost=1, memory_kib=8)
    store = live.accounts()
    found = []
    for person in people:
        accounts.register(
            accounts.Register(person, "benchmark-password"), store, lambda: datetime.now(UTC), policy
        )
        accounts.link(accounts.Link(person, Role.PERSON, person), store)
        issued = accounts.log_in(
            accounts.LogIn(person, "benchmark-password", "127.0.0.1"),
            store,
            lambda: datetime.now(UTC),
            policy,
        )
        found.append({"person": person, "token": issued.token})
    live.close()
    return found


class Load:
    """The load generator's side: runs in its own process (``--generate``)."""

    def __init__(self, address: str, people: list[dict[str, Any]], start_item: int, seed: int) -> None:
        self.address = address
        self.people = people
        self.next_item = {p["person"]: start_item for p in people}
        self.rng = random.Random(seed)
        self.latencies: dict[str, list[float]] = {"loss": [], "floor": [], "trivial": []}
        self.errors = 0
        self.done = 0

    def pick(self, mix: bool) -> tuple[str, str, str, dict[str, str], Any]:
        if not mix:
            return "trivial", "GET", "/health", {}, None
        who = self.rng.choice(self.people)
        headers = {"Authorization": f"Bearer {who['token']}"}
        if self.rng.random() < 0.5:
            return "floor", "GET", "/me/floor", headers, None
        n = self.next_item[who["person"]]
        self.next_item[who["person"]] = n + 1
        item = f"{who['person']}-i{n % ITEMS_EACH}"
        key = {**headers, "Idempotency-Key": f"{who['person']}-{n}"}
        return "loss", "POST", f"/me/items/{item}/loss", key, {"how": "benchmark"}

    async def send(self, pool: Pool, mix: bool, scheduled: float | None) -> None:
        kind, method, path, headers, body = self.pick(mix)
        started = time.perf_counter() if scheduled is None else scheduled
        try:
            status = await pool.request(method, path, headers, body)
            # Each loss names a thing its person still holds, so any refusal at all is an error.
            if status >= 400:
                self.errors += 1
        except (OSError, ValueError, asyncio.IncompleteReadError):
            self.errors += 1
        self.latencies[kind].append((time.perf_counter() - started) * 1000)
        self.done += 1

    async def closed(self, mix: bool, seconds: float, concurrency: int) -> float:
        pool = Pool(self.address)
        deadline = time.perf_counter() + seconds

        async def user() -> None:
            while time.perf_counter() < deadline:
                await self.send(pool, mix, None)

        started = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(concurrency)))
        rps = self.done / (time.perf_counter() - started)
        pool.close()
        return rps

    async def open(self, rate: float, seconds: float) -> None:
        pool = Pool(self.address)
        tasks = []
        start = time.perf_counter()
        for n in range(int(rate * seconds)):
            scheduled = start + n / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(self.send(pool, True, scheduled)))
        await asyncio.gather(*tasks)
        pool.close()


KEPT_ALIVE = 4.0
"""Seconds a connection may sit idle and still be used: under the server's keep-alive (uvicorn's 5 s),
after which the server closes it and a request written to it would be lost on the way."""


class Pool:
    """Keep-alive HTTP/1.1 connections over asyncio streams: a client light enough not to be the bottleneck."""

    def __init__(self, address: str) -> None:
        host, port = address.removeprefix("http://").rsplit(":", 1)
        self.host, self.port = host, int(port)
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
        self.opened: list[asyncio.StreamWriter] = []

    async def request(self, method: str, path: str, headers: dict[str, str], body: Any) -> int:
        # The most recently used first; one idle for longer than the server keeps it is let go.
        while self.idle and time.perf_counter() - self.idle[-1][2] > KEPT_ALIVE:
            self.idle.pop()[1].close()
        if self.idle:
            reader, writer, _ = self.idle.pop()
        else:
            reader, writer = await asyncio.open_connection(self.host, self.port)
            self.opened.append(writer)
        payload = b"" if body is None else json.dumps(body).encode()
        lines = [f"{method} {path.replace(' ', '%20')} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body is not None:
            lines += ["Content-Type: application/json"]
        lines += [f"Content-Length: {len(payload)}", "", ""]
        writer.write("\r\n".join(lines).encode() + payload)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        self.idle.append((reader, writer, time.perf_counter()))
        return status

    def close(self) -> None:
        for writer in self.opened:
            writer.close()


def generate(args: argparse.Namespace) -> None:
    people = json.loads(Path(args.people).read_text())
    load = Load(args.generate, people, args.start_item, args.seed)
    if args.mode == "open":
        asyncio.run(load.open(args.rate, args.seconds))
        rps = load.done / args.seconds
    else:
        rps = asyncio.run(load.closed(args.mode == "mix", args.seconds, args.concurrency))
    # Where the next phase's losses start: after every thing this one lost.
    next_item = max(load.next_item.values())
    print(
        json.dumps({"rps": rps, "errors": load.errors, "latencies": load.latencies, "next_item": next_item})
    )


def run_load(address: str, people_file: Path, mode: str, seconds: float, **extra: Any) -> dict[str, Any]:
    command = [sys.executable, __file__, "--generate", address, "--people", str(people_file)]
    command += ["--mode", mode, "--seconds", str(seconds)]
    for name, value in extra.items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    # Run as a script, this file's folder comes first on the path, and its name would shadow the
    # standard library's `http` package for every library imported below.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="4-second phases instead of 15 (under a minute)")
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--people", help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, default=16, help=argparse.SUPPRESS)
    parser.add_argument("--start-item", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args)
        return
    seconds = 4.0 if args.quick else 15.0
    pairs = 100
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "world.db"
        people = seed(db, pairs)
        people_file = Path(folder) / "people.json"
        people_file.write_text(json.dumps(people))
        soulbond = Path(sys.executable).with_name("soulbond")
        server = subprocess.Popen(
            [str(soulbond), "serve", "--db", f"sqlite:///{db}", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
        )
        try:
            assert server.stdout is not None
            found = re.search(r"http://[\d.]+:\d+", server.stdout.readline())
            assert found, "the server did not say where it listens"
            address = found.group(0)

            def base() -> dict[str, Any]:
                found = run_load(address, people_file, "trivial", seconds)
                print(f"trivial endpoint (GET /health), closed loop: {found['rps']:.0f} requests/s")
                return found

            trivials = [base()]
            mixes: list[dict[str, Any]] = []
            start = 0
            for _ in range(MIX_PHASES):
                mixes.append(run_load(address, people_file, "mix", seconds, start_item=start))
                start = mixes[-1]["next_item"]
                print(
                    f"losses and floors, closed loop: {mixes[-1]['rps']:.0f} requests/s "
                    f"({mixes[-1]['errors']} errors)"
                )
                trivials.append(base())
            rps = statistics.mean(m["rps"] for m in mixes)
            # Each mix phase against the base phases on either side of it (see the docstring).
            ratio = statistics.mean(
                m["rps"] / statistics.mean((trivials[n]["rps"], trivials[n + 1]["rps"]))
                for n, m in enumerate(mixes)
            )
            rate = rps / 2
            opened = run_load(address, people_file, "open", seconds, rate=rate, start_item=start, seed=2)
            if opened["next_item"] > ITEMS_EACH:
                print(f"the people ran out of things to lose: raise ITEMS_EACH above {opened['next_item']}")
        finally:
            server.terminate()
            server.wait(timeout=30)
            if server.stdout is not None:
                server.stdout.close()
    loss, floor = opened["latencies"]["loss"], opened["latencies"]["floor"]
    for name, values in (("loss", loss), ("floor", floor)):
        print(
            f"open loop at {rate:.0f} requests/s, {name}: {len(values)} requests, "
            f"p50 {statistics.median(values):.1f} ms, p99 {percentile(values, 0.99):.1f} ms"
        )
    fields = [
        f"rps={rps:.0f}",
        f"rps_ratio_to_trivial={ratio:.2f}",
        f"loss_p99_ms={percentile(loss, 0.99):.1f}",
        f"floor_p99_ms={percentile(floor, 0.99):.1f}",
        f"errors={sum(m['errors'] for m in mixes) + opened['errors']}",
    ]
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    main()
