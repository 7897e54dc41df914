"""The same shards, run on a Dask cluster: a local one (``--workers N``) or yours (``--scheduler``).

Work is split by bonded pairs exactly as ``runner`` splits it, and each shard's
random streams depend only on (seed, pair), so a seed's results are the same as
the single-process run's, bit for bit. Each worker builds the seed's census
itself (a few seconds for millions of people: cheaper than copying it), and the
shards are dealt round-robin to the workers that hold it; each shard task writes
its own Parquet part, and only the small summaries come back. Seeds run one
after another, so a worker holds one census at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dask
from dask.distributed import Client, LocalCluster, as_completed

from soulbond.simulator import recording
from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.knowledge import Census
from soulbond.simulator.runner import (
    DEFAULT_SHARD_PAIRS,
    Progress,
    Shard,
    census_of,
    run_shard,
    seed_folder,
    shards,
)
from soulbond.simulator.summary import Summary, empty


@contextmanager
def cluster(
    workers: int | None = None, scheduler: str | None = None, *, processes: bool = True
) -> Iterator[Client]:
    """A client for an existing scheduler, or for a local cluster of ``workers`` single-threaded workers."""
    if scheduler is not None:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    # Dask's default MALLOC_TRIM_THRESHOLD_ turns off glibc's adaptive mmap threshold, so
    # every large temporary array is mapped and unmapped afresh: page faults cost more than
    # the arithmetic (a shard ran twice as slowly). Our workers live for one run: let glibc keep it.
    no_trim = dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
    with (
        no_trim,
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers or 1,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            silence_logs=50,
        ) as local,
        Client(local) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def _census(config: SimulationConfig, seed: int, parts: list[Shard]) -> Census:
    return census_of(config, seed, parts)


def _shard(config: SimulationConfig, seed: int, shard: Shard, census: Census, out: Path | None) -> Summary:
    table, summary = run_shard(config, seed, shard, census, table=out is not None)
    if out is not None and table is not None:
        recording.write_people(seed_folder(out, seed), shard.index, table)
    return summary


def replicate(
    client: Client,
    config: SimulationConfig,
    seeds: list[int],
    out: Path | None = None,
    *,
    shard_pairs: int = DEFAULT_SHARD_PAIRS,
    progress: Progress | None = None,
) -> dict[int, Summary]:
    parts = shards(config, shard_pairs)
    workers = sorted(client.scheduler_info()["workers"])
    totals: dict[int, Summary] = {}
    for seed in seeds:
        # Every worker builds the census itself, at once: cheaper than building it once
        # and copying hundreds of megabytes to each worker before any shard can start.
        census = {
            worker: client.submit(_census, config, seed, parts, workers=[worker], pure=False)
            for worker in workers
        }
        pending = [
            client.submit(
                _shard,
                config,
                seed,
                shard,
                census[worker],
                out,
                workers=[worker],
                allow_other_workers=False,
                pure=False,
            )
            for shard, worker in zip(parts, itertools.cycle(workers), strict=False)
        ]
        total = empty(config)
        for future in as_completed(pending):  # type: ignore[no-untyped-call]
            # Summing in completion order is still exact: the counts are integers.
            total = total + future.result()
            if progress is not None:
                progress(config.years)
        del census, pending  # one seed's censuses at a time on the workers
        totals[seed] = total
        if out is not None:
            recording.write_summary(seed_folder(out, seed), config, total)
    return totals
