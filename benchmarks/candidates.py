"""Candidate-set sizes for random finders in a world of a million people, on SQLite.

    python benchmarks/candidates.py [--quick]

Prints the median and 99th-percentile milliseconds of one count, last line:
RESULT median_ms=... p99_ms=...   (target: p99 under 50 ms)
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from soulbond.adapters import tables
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
FIRST = date(1930, 1, 1).toordinal()
SPAN = date(2015, 12, 31).toordinal() - FIRST


def populate(url: str, people: int, rng: random.Random) -> None:
    live = bootstrap(Settings(database_url=url))
    live.upgrade()
    batch = 20_000
    with live.engine.begin() as connection:
        for start in range(0, people, batch):
            rows, traits = [], []
            for n in range(start, min(start + batch, people)):
                pid = f"p{n}"
                family = rng.choice(FAMILIES)
                rows.append(
                    {
                        "id": pid,
                        "given_name": f"Given{n % 3000}",
                        "family_name": family,
                        "born": date.fromordinal(FIRST + rng.randint(0, SPAN)),
                        "home_place": "",
                        "home_tz": "UTC",
                        "home_wakes": "07:00:00",
                        "carefulness": 1.0,
                        "died": None,
                        "notorious_since": None,
                        "stranger": False,
                    }
                )
                traits.append(
                    {
                        "person": pid,
                        "key": "family_name",
                        "value": family,
                        "since": None,
                        "until": None,
                        "born": rows[-1]["born"],
                    }
                )
                traits.append(
                    {
                        "person": pid,
                        "key": "given_name",
                        "value": f"Given{n % 3000}",
                        "since": None,
                        "until": None,
                        "born": rows[-1]["born"],
                    }
                )
                for key, values in TRAITS.items():
                    for value in rng.sample(values, rng.randint(1, 2) if key == "interest" else 1):
                        traits.append(
                            {
                                "person": pid,
                                "key": key,
                                "value": value,
                                "since": None,
                                "until": None,
                                "born": rows[-1]["born"],
                            }
                        )
            connection.execute(insert(tables.people), rows)
            connection.execute(insert(tables.traits), traits)
        connection.exec_driver_sql("ANALYZE")
    live.close()


def finder_facts(rng: random.Random) -> tuple[list[Fact], datetime]:
    at = datetime(2018, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 365), hours=rng.randint(0, 23))
    age = rng.randint(3, 80)
    facts: list[Fact] = [born_between_for_age(at.date(), age - 1, age + 1), AliveAround(at)]
    for key in rng.sample(sorted(TRAITS), rng.randint(1, 3)):
        facts.append(HasTrait(key, rng.choice(TRAITS[key]), at))
    if rng.random() < 0.1:
        facts.append(HasTrait("family_name", rng.choice(FAMILIES), at))
    return facts, at


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="100,000 people and 200 finders (under a minute)"
    )
    args = parser.parse_args()
    people, finders = (100_000, 200) if args.quick else (1_000_000, 1_000)
    rng = random.Random(2018)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'census.db'}"
        started = time.perf_counter()
        populate(url, people, rng)
        print(f"generated {people:,} people in {time.perf_counter() - started:.1f}s")
        live = bootstrap(Settings(database_url=url))
        timings = []
        with live.engine.connect() as connection:
            for _ in range(finders):
                facts, at = finder_facts(rng)
                begin = time.perf_counter()
                count_candidates(connection, facts, at)
                timings.append((time.perf_counter() - begin) * 1000)
        live.close()
    timings.sort()
    median = statistics.median(timings)
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"{finders} finders: median {median:.2f} ms, p99 {p99:.2f} ms, max {timings[-1]:.2f} ms")
    print(f"RESULT median_ms={median:.2f} p99_ms={p99:.2f}")


if __name__ == "__main__":
    main()
