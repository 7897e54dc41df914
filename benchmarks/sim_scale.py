"""How the vectorised simulator scales: person-years per second, peak memory, Dask speedup.

Each population size runs twice, each time in its own process so its peak RSS
is its own, and the faster run is kept. The time is the whole run (drawing the
people, building the census, every year for every shard, the summaries),
without writing tables. The baseline for the Dask
speedup is a one-worker cluster in the same run, on a population large enough
(2,000,000 people over 80 years; 200,000 over 20 with --quick) that the fixed
costs of a cluster (starting tasks, building the shared census) are small
beside the work; each cluster size also runs twice and the better time is kept.
Another process busy on the same cores for longer still slows every figure.

    .venv/bin/python benchmarks/sim_scale.py            # 100k, 1M and 10M people, 80 years
    .venv/bin/python benchmarks/sim_scale.py --quick    # under a minute

The memory-bandwidth line runs one shard of the largest population through every
year (after a small run has loaded the compiled loops), timing each year's step,
then times a plain NumPy copy of the same arrays (the shard's people and state).
A step reads its state about once, so the share is
(state bytes / mean step time) over (bytes a copy moves / copy time): how much of
the bandwidth NumPy itself reaches on this machine, in this run, a year's step uses.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

# Run as a script, this folder is first on the path, and its http.py would stand in
# for the standard library's http that Dask imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

CHILD = """
import json, resource, sys, time
from soulbond.simulator import config, runner
size, years = int(sys.argv[1]), int(sys.argv[2])
setup = config.load("city").with_overrides(size=size, years=years)
started = time.perf_counter()
runner.run(setup, 1, None)
seconds = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


BANDWIDTH = """
import dataclasses, json, sys, time
import numpy as np
from soulbond.simulator import config, population, runner
from soulbond.simulator.step import Laws, new_state, step
size, years = int(sys.argv[1]), int(sys.argv[2])
setup = config.load("city").with_overrides(size=size, years=years)
shards = runner.shards(setup)
census = runner.census_of(setup, 1, shards)
people = population.build(setup, 1, shards[0].first_pair, shards[0].pairs)
state, laws = new_state(setup, people), Laws.of(setup)
# The compiled loops load on their first call: a small run first, so no step below pays for it.
runner.run(setup.with_overrides(size=2000, years=2), 1, None)
steps = []
for year in range(setup.start_year, setup.start_year + setup.years):
    started = time.perf_counter()
    step(state, laws, census, year)
    steps.append(time.perf_counter() - started)
arrays = [
    a for holder in (people, state) for f in dataclasses.fields(holder)
    if isinstance(a := getattr(holder, f.name), np.ndarray) and a.size
]
state_bytes = sum(a.nbytes for a in arrays)
copies = [np.empty_like(a) for a in arrays]
best = float("inf")
for _ in range(5):
    started = time.perf_counter()
    for a, c in zip(arrays, copies):
        np.copyto(c, a)
    best = min(best, time.perf_counter() - started)
step_rate = state_bytes / float(np.mean(steps))
copy_rate = 2 * state_bytes / best  # a copy reads and writes every byte
print(json.dumps({"state_mb": state_bytes / 2**20, "step_s": float(np.mean(steps)),
                  "copy_gb_s": copy_rate / 1e9, "share": step_rate / copy_rate}))
"""


def measure(size: int, years: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(size), str(years)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bandwidth(size: int, years: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", BANDWIDTH, str(size), str(years)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def dask_seconds(workers: int, size: int, years: int) -> float:
    from soulbond.simulator import config, distributed

    setup = config.load("city").with_overrides(size=size, years=years)
    with distributed.cluster(workers, processes=True) as client:
        client.run(lambda: None)  # workers are up before the clock starts
        started = time.perf_counter()
        # Eight shards: four a worker with two workers, so neither waits long for the other.
        distributed.replicate(client, setup, [1], None, shard_pairs=size // 16, on_this_machine=True)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and few years: under a minute")
    args = parser.parse_args()
    years = 20 if args.quick else 80
    sizes = [100_000, 1_000_000] if args.quick else [100_000, 1_000_000, 10_000_000]
    rows = []
    for size in sizes:
        # Twice, keeping the faster: a neighbour busy for a while slows one run, not both.
        got = min(measure(size, years), measure(size, years), key=lambda g: g["seconds"])
        rate = size * years / got["seconds"]
        rows.append((size, got["seconds"], rate, got["peak_mb"]))
        print(
            f"{size:>11,} people x {years} years: {got['seconds']:7.1f} s, "
            f"{rate / 1e6:5.2f} M person-years/s, peak RSS {got['peak_mb']:,.0f} MB",
            flush=True,
        )
    seconds = [r[1] for r in rows]
    print(f"cost growth per 10x people: {', '.join(f'{b / a:.1f}x' for a, b in itertools.pairwise(seconds))}")
    dask_size = 200_000 if args.quick else 2_000_000
    # One worker, two, then both again: a neighbour busy on the machine for a while
    # slows one run of each rather than one side, and the better of each pair is kept.
    one, two = dask_seconds(1, dask_size, years), dask_seconds(2, dask_size, years)
    one, two = min(one, dask_seconds(1, dask_size, years)), min(two, dask_seconds(2, dask_size, years))
    print(f"Dask at {dask_size:,} people x {years} years: 1 worker {one:.1f} s, 2 workers {two:.1f} s")
    largest = rows[-1]
    band = bandwidth(largest[0], years)
    print(
        f"a year's step over one shard's {band['state_mb']:,.0f} MB takes {band['step_s'] * 1e3:.0f} ms: "
        f"{100 * band['share']:.1f}% of the {band['copy_gb_s']:.1f} GB/s a plain NumPy copy of them reaches"
    )
    print(
        f"RESULT person_years_per_s={largest[2]:.0f} "
        f"peak_rss_mb_per_million={largest[3] / (largest[0] / 1e6):.0f} dask_speedup_2w={one / two:.2f} "
        f"step_bandwidth_share={band['share']:.3f}"
    )


if __name__ == "__main__":
    main()
