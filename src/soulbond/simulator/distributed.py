"""The same shards, run on a Dask cluster: a local one (``--workers N``) or yours (``--scheduler``).

Work is split by bonded pairs exactly as ``runner`` splits it, and each shard's
random streams depend only on (seed, pair), so a seed's results are the same as
the single-process run's, bit for bit. The census is built once per seed on a
worker from every shard's partial counts and shared with the shard tasks; each
task writes its own Parquet part, and only the small summaries come back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dask.distributed import Client, LocalCluster, as_completed

from soulbond.simulator import population, recording
from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.knowledge import Census, CensusPart, census_part
from soulbond.simulator.runner import DEFAULT_SHARD_PAIRS, Progress, Shard, run_shard, seed_folder, shards
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
    with (
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


def _part(config: SimulationConfig, seed: int, shard: Shard) -> CensusPart:
    return census_part(config, population.build(config, seed, shard.first_pair, shard.pairs))


def _census(config: SimulationConfig, *parts: CensusPart) -> Census:
    return Census(config, list(parts))


def _shard(config: SimulationConfig, seed: int, shard: Shard, census: Census, out: Path | None) -> Summary:
    table, summary = run_shard(config, seed, shard, census)
    if out is not None:
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
    pending = {}
    for seed in seeds:
        counted = [client.submit(_part, config, seed, s, pure=False) for s in parts]
        census = client.submit(_census, config, *counted, pure=False)
        # Without a copy on every worker, the scheduler keeps all shard tasks beside
        # the one copy of this large input, and a second worker sits idle.
        client.replicate([census])  # type: ignore[no-untyped-call]
        for s in parts:
            pending[client.submit(_shard, config, seed, s, census, out, pure=False)] = seed
    totals = {seed: empty(config) for seed in seeds}
    for future in as_completed(list(pending)):  # type: ignore[no-untyped-call]
        # Summing in completion order is still exact: the counts are integers.
        totals[pending[future]] = totals[pending[future]] + future.result()
        if progress is not None:
            progress(config.years)
    if out is not None:
        for seed, total in totals.items():
            recording.write_summary(seed_folder(out, seed), config, total)
    return totals
