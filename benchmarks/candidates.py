"""Candidate-set sizes for random finders in a world of a million people, on SQLite.

    python benchmarks/candidates.py [--quick]

Prints the median and 99th-percentile milliseconds of one count, and how many
times faster the median count is than the same counts in the same run on a copy
of the world without soulbond's indexes (what they buy), last line:
RESULT median_ms=... p99_ms=... index_speedup=...   (target: p99 under 50 ms)
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from soulbond.adapters.census import count_candidates
from soulbond.bootstrap import bootstrap
from soulbond.core.items import AliveAround, Fact, HasTrait, born_between_for_age
from soulbond.settings import Settings

TRAITS = {
    "interest": ["rocks", "dogs", "reading", "training", "music", "cooking", "chess", "birds"],
    "handwriting": ["cramped", "neat", "slanted", "loopy"],
    "occupation": ["teacher", "pupil", "nurse", "farmer", "clerk", "smith", "cook", "guard", "none"],
}
FAMILIES = [f"Family{n}" for n in range(5_000)]
SCANNED_FINDERS = 20
"""Finders counted again on the copy without indexes: every scan reads the whole world."""
FIRST = date(1930, 1, 1).toordinal()
SPAN = date(2015, 12, 31).toordinal() - FIRST


def populate(path: Path, people: int, rng: random.Random) -> None:
    """A migrated database holding ``people`` people with their traits, written in bulk.

    The benchmark's own setup, not soulbond's: one transaction through the bare
    driver with the journal and fsyncs off, indexes built once at the end.
    """
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    live.upgrade()
    live.close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-400000")
    indexes = [
        sql
        for (sql,) in connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('people', 'traits') "
            "AND sql IS NOT NULL"
        )
    ]
    for (name,) in list(
        connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('people', 'traits') "
            "AND sql IS NOT NULL"
        )
    ):
        connection.execute(f'DROP INDEX "{name}"')
    connection.execute("BEGIN")
    days = [date.fromordinal(FIRST + n).isoformat() for n in range(SPAN + 1)]
    keyed = sorted(TRAITS.items())
    batch = 100_000
    for start in range(0, people, batch):
        rows, traits = [], []
        for n in range(start, min(start + batch, people)):
            pid = f"p{n}"
            family = rng.choice(FAMILIES)
            given = f"Given{n % 3000}"
            born = days[rng.randint(0, SPAN)]
            rows.append((pid, given, family, born))
            traits.append((pid, "family_name", family, born))
            traits.append((pid, "given_name", given, born))
            for key, values in keyed:
                for value in rng.sample(values, rng.randint(1, 2) if key == "interest" else 1):
                    traits.append((pid, key, value, born))
        connection.executemany(
            "INSERT INTO people (id, given_name, family_name, born, home_place, home_tz, home_wakes, "
            "carefulness, stranger) VALUES (?, ?, ?, ?, '', 'UTC', '07:00:00', 1.0, 0)",
            rows,
        )
        connection.executemany('INSERT INTO traits (person, "key", value, born) VALUES (?, ?, ?, ?)', traits)
    connection.execute("COMMIT")
    for sql in indexes:
        connection.execute(sql)
    connection.execute("ANALYZE")
    connection.close()


def finder_facts(rng: random.Random) -> tuple[list[Fact], datetime]:
    at = datetime(2018, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 365), hours=rng.randint(0, 23))
    age = rng.randint(3, 80)
    facts: list[Fact] = [born_between_for_age(at.date(), age - 1, age + 1), AliveAround(at)]
    for key in rng.sample(sorted(TRAITS), rng.randint(1, 3)):
        facts.append(HasTrait(key, rng.choice(TRAITS[key]), at))
    if rng.random() < 0.1:
        facts.append(HasTrait("family_name", rng.choice(FAMILIES), at))
    return facts, at


def without_indexes(path: Path, copy: Path) -> None:
    """The same world with no index on ``people`` or ``traits``: every count scans."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("VACUUM INTO ?", (str(copy),))
    connection.close()
    connection = sqlite3.connect(copy, isolation_level=None)
    for (name,) in list(
        connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('people', 'traits') "
            "AND sql IS NOT NULL"
        )
    ):
        connection.execute(f'DROP INDEX "{name}"')
    connection.execute("ANALYZE")
    connection.close()


def measure(path: Path, finders: int, rng: random.Random) -> list[float]:
    live = bootstrap(Settings(database_url=f"sqlite:///{path}"))
    timings = []
    with live.engine.connect() as connection:
        for _ in range(finders):
            facts, at = finder_facts(rng)
            begin = time.perf_counter()
            count_candidates(connection, facts, at)
            timings.append((time.perf_counter() - begin) * 1000)
    live.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="100,000 people and 200 finders (under a minute)"
    )
    parser.add_argument(
        "--db", type=Path, help="Keep the generated world in this file, and reuse it if it is there"
    )
    args = parser.parse_args()
    people, finders = (100_000, 200) if args.quick else (1_000_000, 1_000)
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "census.db"
        rng = random.Random(2018)
        if not path.exists():
            started = time.perf_counter()
            populate(path, people, rng)
            print(f"generated {people:,} people in {time.perf_counter() - started:.1f}s")
        timings = measure(path, finders, random.Random(1999))
        # The baseline: the first few of the same finders, counted by scanning.
        scanned = Path(folder) / "scanned.db"
        without_indexes(path, scanned)
        baseline = measure(scanned, SCANNED_FINDERS, random.Random(1999))
        indexed = statistics.median(timings[:SCANNED_FINDERS])
    timings.sort()
    median = statistics.median(timings)
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    speedup = statistics.median(baseline) / indexed
    print(f"{finders} finders: median {median:.2f} ms, p99 {p99:.2f} ms, max {timings[-1]:.2f} ms")
    print(f"the first {SCANNED_FINDERS} without indexes: median {statistics.median(baseline):.1f} ms")
    print(f"RESULT median_ms={median:.2f} p99_ms={p99:.2f} index_speedup={speedup:.0f}")


if __name__ == "__main__":
    main()
