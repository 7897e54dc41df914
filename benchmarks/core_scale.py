"""How the rules core scales: generated stories of 1k, 10k and 100k people and events.

    python benchmarks/core_scale.py [--quick]

Each story has N people (N/2 bonded pairs, each with one possession that tells
something: nothing, an age, an interest, a handwriting, a full name and phone)
and N timeline events: N/2 losses spread over a year and N/2 finders keeping
what arrived. Each is replayed twice in this process: straight through ``World``
(register, bond, lose, advance, keep) and through `soulbond check`'s code path
(the YAML read and checked, every event replayed with the candidate count each
arrival shows, the verdict rendered). The largest replayed world is then
imported into a fresh SQLite database as `soulbond world import` does.

Replays are timed in CPU seconds of this process, so that other work on a
shared machine does not skew them, with Python's cyclic garbage collector
paused as `soulbond check` and `replay` pause it (the World path also runs once
with it on: growth_10x_collector_on); the import in wall-clock seconds, as it
includes the database's own writing. The baseline is the 10k story in the same
run: growth_10x is the time for the 100k story over ten times the time for the
10k one (1.0 is perfectly linear), through whichever path grows worse.
events_per_s is the 100k story's timeline events over the seconds its timeline
took through ``World`` once its people, bonds and possessions were in place
(check_events_per_s: the whole check, reading the file included). --quick runs
500, 2k and 20k stories (growth against ten times the 2k one) and imports the
20k world. Last line:
RESULT growth_10x=... events_per_s=... import_people_per_s=...
(targets: growth_10x <= 1.3, events_per_s >= 20000 at 100k, import of 100k people under a minute)
"""

from __future__ import annotations

import argparse
import gc
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rich.console import Console

from soulbond.adapters.store import store_world
from soulbond.bootstrap import bootstrap
from soulbond.core import Home, Item, ItemId, Person, PersonId, TellsAge, TellsTrait, World
from soulbond.core.items import Disclosure
from soulbond.core.people import FAMILY_NAME, GIVEN_NAME, HANDLE, PHOTO
from soulbond.scenario.nodes import collector_paused
from soulbond.scenario.parse import load_scenario
from soulbond.scenario.render import verdict
from soulbond.scenario.replay import replay
from soulbond.settings import Settings

START = datetime(2020, 1, 1, tzinfo=UTC)
YEAR = timedelta(days=365)
ZONES = ["Asia/Tokyo", "Europe/London", "America/New_York", "Australia/Sydney"]
INTERESTS = ["rocks", "dogs", "reading", "training", "music", "chess"]
HANDS = ["cramped", "neat", "slanted", "loopy"]
KINDS: list[tuple[str, tuple[Disclosure, ...], str]] = [
    ("a sock", (), "[]"),
    ("a drawing", (TellsAge(1),), "[{age: 1}]"),
    ("a rock", (TellsTrait("interest"),), "[interest]"),
    ("class notes", (TellsTrait("handwriting"),), "[handwriting]"),
    (
        "an interview folder",
        (TellsTrait(GIVEN_NAME), TellsTrait(FAMILY_NAME), TellsTrait(HANDLE)),
        "[name, phone]",
    ),
]


@dataclass(frozen=True)
class Someone:
    id: PersonId
    given: str
    family: str
    born: date
    tz: str
    wakes: str
    phone: str
    interest: str
    hand: str


@dataclass(frozen=True)
class Story:
    people: list[Someone]
    events: list[tuple[datetime, str, int]]
    """(when, 'lose' or 'keep', whose item: person index)."""


def generate(size: int, seed: int = 1) -> Story:
    rng = random.Random(seed)
    people = [
        Someone(
            PersonId(f"p{i}"),
            f"Given{rng.randrange(400)}",
            f"Family{rng.randrange(2000)}",
            date.fromordinal(date(1950, 1, 1).toordinal() + rng.randrange(20_000)),
            rng.choice(ZONES),
            f"0{rng.randrange(5, 9)}:{rng.choice(['00', '15', '30', '45'])}",
            f"+81 90 {i:08d}",
            rng.choice(INTERESTS),
            rng.choice(HANDS),
        )
        for i in range(size)
    ]
    losses = size // 2
    step = YEAR / losses
    events: list[tuple[datetime, str, int]] = []
    for n in range(losses):
        # A loser from every pair in turn, so each finder learns about one item.
        loser = 2 * n + (n % 2)
        at = (START + YEAR / 10 + step * n).replace(second=0, microsecond=0)
        events.append((at, "lose", loser))
        events.append((at + timedelta(days=2), "keep", loser))
    events.sort(key=lambda e: e[0])
    return Story(people, events)


def partner(i: int) -> int:
    return i ^ 1


def through_world(story: Story) -> tuple[World, float]:
    """The story straight through ``World``; also how long its timeline took once everyone was set up."""
    world = World()
    for p in story.people:
        hour, minute = (int(x) for x in p.wakes.split(":"))
        traits = {
            HANDLE: frozenset({p.phone}),
            PHOTO: frozenset({f"photo of {p.id}"}),
            "interest": frozenset({p.interest}),
            "handwriting": frozenset({p.hand}),
        }
        home = Home(f"home of {p.id}", p.tz, datetime.min.time().replace(hour=hour, minute=minute))
        world.register(Person(p.id, p.given, p.family, p.born, home, traits=traits), START)
    for i in range(0, len(story.people), 2):
        world.declare_bond(story.people[i].id, story.people[i + 1].id, START)
    for i, p in enumerate(story.people):
        what, tells, _ = KINDS[i % len(KINDS)]
        world.add_item(Item(ItemId(f"i{i}"), what, tells), p.id, START)
    started = time.process_time()
    for at, action, whose in story.events:
        world.advance(at)
        if action == "lose":
            world.lose(ItemId(f"i{whose}"), at)
        else:
            world.keep(story.people[partner(whose)].id, ItemId(f"i{whose}"), at)
    return world, time.process_time() - started


def as_yaml(story: Story) -> str:
    lines = ["title: A generated town", "people:"]
    for p in story.people:
        lines.append(
            f"  {p.id}: {{name: {p.given} {p.family}, born: {p.born}, "
            f'home: {{place: home of {p.id}, tz: {p.tz}, wakes: "{p.wakes}"}}, '
            f'phone: "{p.phone}", photo: yes, traits: {{interest: {p.interest}, handwriting: {p.hand}}}}}'
        )
    lines.append("bonds:")
    lines.extend(f"  - [p{i}, p{i + 1}]" for i in range(0, len(story.people), 2))
    lines.append("items:")
    for i, p in enumerate(story.people):
        what, _, tells = KINDS[i % len(KINDS)]
        lines.append(f"  i{i}: {{owner: {p.id}, what: {what}, tells: {tells}}}")
    lines.append("timeline:")
    for at, action, whose in story.events:
        when = at.strftime("%Y-%m-%d %H:%M UTC")
        if action == "lose":
            lines.append(f"  - {{when: {when}, lose: i{whose}}}")
        else:
            lines.append(f"  - {{when: {when}, keep: i{whose}, by: p{partner(whose)}}}")
    return "\n".join(lines) + "\n"


def through_check(path: Path) -> int:
    """`soulbond check`'s code path, less the process start: read, replay, render the verdict."""
    result = replay(load_scenario(path, name=path.name))
    console = Console(file=open("/dev/null", "w"), width=100)  # noqa: SIM115 - closed below
    console.print(verdict(result))
    for c in sorted(result.contradictions, key=lambda c: c.line):
        console.print(f"{path.name}:{c.line}: {c.reason}")
    console.file.close()
    assert result.ok, [c.reason for c in result.contradictions[:3]]
    return sum(1 for line in result.lines if line.kind == "arrival")


def timed(run: object, *args: object, collector: bool = False) -> tuple[float, object]:
    """CPU seconds of this process (the machine may be busy with others), and what ``run`` returned.

    The cyclic garbage collector is paused, as soulbond's scenario reader and
    replayer pause it, unless ``collector`` asks for it to run.
    """
    gc.collect()
    started = time.process_time()
    if collector:
        out = run(*args)  # type: ignore[operator]
    else:
        with collector_paused():
            out = run(*args)  # type: ignore[operator]
    return time.process_time() - started, out


def import_into_sqlite(world: World, folder: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds to store ``world`` in a fresh SQLite database, as `soulbond world import` does."""
    live = bootstrap(Settings(database_url=f"sqlite:///{folder / 'import.db'}"))
    live.upgrade()
    started, cpu = time.perf_counter(), time.process_time()
    with live.uow() as uow:
        store_world(uow.connection, world, clock_at=world.now, title="A generated town")
        uow.commit()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    live.close()
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="500, 2k and 20k stories (under a minute)")
    args = parser.parse_args()
    sizes = [500, 2_000, 20_000] if args.quick else [1_000, 10_000, 100_000]
    world_s: dict[int, float] = {}
    collected_s: dict[int, float] = {}
    timeline_s: dict[int, float] = {}
    check_s: dict[int, float] = {}
    events: dict[int, int] = {}
    largest: World | None = None
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for size in sizes:
            story = generate(size)
            events[size] = len(story.events)
            largest = None
            world_s[size], out = timed(through_world, story)
            assert isinstance(out, tuple)
            world, timeline_s[size] = out
            assert isinstance(world, World)
            collected_s[size], _ = timed(through_world, story, collector=True)
            path = folder / f"town-{size}.yaml"
            path.write_text(as_yaml(story), encoding="utf-8")
            del story
            check_s[size], arrivals = timed(through_check, path)
            print(
                f"{size:>7} people, {events[size]} events ({arrivals} arrivals counted): "
                f"World {world_s[size]:.2f} s, of which the timeline {timeline_s[size]:.2f} s "
                f"({events[size] / timeline_s[size]:,.0f} events/s); check {check_s[size]:.2f} s "
                f"({events[size] / check_s[size]:,.0f} events/s); "
                f"World with the collector on {collected_s[size]:.2f} s",
                flush=True,
            )
            largest = world
        assert largest is not None
        big, base = sizes[-1], sizes[-2]
        scale = big / base
        growth_world = world_s[big] / (scale * world_s[base])
        growth_check = check_s[big] / (scale * check_s[base])
        growth_collected = collected_s[big] / (scale * collected_s[base])
        print(
            f"growth over {scale:.0f}x (baseline: the {base:,} story): World {growth_world:.2f}, "
            f"check {growth_check:.2f}, World with the collector on {growth_collected:.2f}"
        )
        import_s, import_cpu = import_into_sqlite(largest, folder)
    people = len(largest.people)
    print(
        f"import of {people:,} people into SQLite: {import_s:.1f} s ({import_cpu:.1f} s of CPU in this process)"
    )
    print(
        f"RESULT growth_10x={max(growth_world, growth_check):.2f} "
        f"events_per_s={events[big] / timeline_s[big]:.0f} "
        f"import_people_per_s={people / import_s:.0f} "
        f"check_events_per_s={events[big] / check_s[big]:.0f} "
        f"growth_10x_collector_on={growth_collected:.2f}"
    )


if __name__ == "__main__":
    main()
