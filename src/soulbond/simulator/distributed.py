"""The same shards, run on a Dask cluster: a local one (``--workers N``) or yours (``--scheduler``).

Work is split by bonded pairs exactly as ``runner`` splits it, and each shard's
random streams depend only on (seed, pair), so a seed's results are the same as
the single-process run's, bit for bit. On this machine (``--workers``), the
seed's census is built into files in shared memory, its pieces (each ranked
trait subset, the dense tables) shared out among the workers, and every worker
maps the files: one census in memory however many workers read it, built in a
fraction of the time one process takes. On a cluster of
your own (``--scheduler``), each worker builds the census itself (a few seconds
for millions of people, cheaper than copying it). The shards are dealt
round-robin to the workers; each shard task writes its own Parquet part, and
only the small summaries come back. Seeds run one after another, so a worker
holds one census at a time.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dask
from dask.distributed import Client, Future, LocalCluster, as_completed

from soulbond.simulator import recording
from soulbond.simulator.config import SimulationConfig
from soulbond.simulator.knowledge import Census, Layout, gather, in_files
from soulbond.simulator.runner import (
    DEFAULT_SHARD_PAIRS,
    Progress,
    Shard,
    census_of,
    census_parts,
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
            # The scheduler serves its health and metrics even without a dashboard, on 8787 when given
            # no address: two runs at once (tests side by side) then clashed, and the loser's socket was
            # left open. A port of the system's choosing clashes with nothing.
            dashboard_address=":0",
            scheduler_kwargs={"dashboard": False},
            silence_logs=50,
        ) as local,
        Client(local) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


SHARED_MEMORY = Path("/dev/shm")


def _fill(config: SimulationConfig, seed: int, parts: list[Shard], folder: Path, pieces: list[int]) -> Path:
    census = Census.open(config, folder, writable=True)
    whole = gather(config, census_parts(config, seed, parts))
    layout = Layout.of(config)
    for piece in pieces:
        layout.fill(piece, whole, census.dense, census.ranked)
    return folder


def _shard(config: SimulationConfig, seed: int, shard: Shard, census: Census, out: Path | None) -> Summary:
    table, summary = run_shard(config, seed, shard, census, table=out is not None)
    if out is not None and table is not None:
        recording.write_people(seed_folder(out, seed), shard.index, table)
    return summary


def _open_shared(config: SimulationConfig, folder: Path, built: list[Path]) -> Census:
    """``built``, the fills' results, is only there so Dask opens the files after every fill."""
    return Census.open(config, folder)


def _censuses(
    client: Client,
    config: SimulationConfig,
    seed: int,
    parts: list[Shard],
    workers: list[str],
    folder: Path | None,
) -> dict[str, Future[Census]]:
    """Each worker's census of the seed: mapped from ``folder`` if given, else its own."""
    if folder is None:
        # Every worker builds the census itself, at once: cheaper than building it once
        # and copying hundreds of megabytes to each worker before any shard can start.
        return {
            worker: client.submit(census_of, config, seed, parts, workers=[worker], pure=False)
            for worker in workers
        }
    layout = Layout.of(config)
    layout.allocate(in_files(folder))  # the files, zero-filled, for the workers to fill
    pieces = list(range(layout.pieces))
    built = [
        client.submit(
            _fill, config, seed, parts, folder, pieces[i :: len(workers)], workers=[worker], pure=False
        )
        for i, worker in enumerate(workers)
        if pieces[i :: len(workers)]
    ]
    return {
        worker: client.submit(_open_shared, config, folder, built, workers=[worker], pure=False)
        for worker in workers
    }


def replicate(
    client: Client,
    config: SimulationConfig,
    seeds: list[int],
    out: Path | None = None,
    *,
    shard_pairs: int = DEFAULT_SHARD_PAIRS,
    progress: Progress | None = None,
    on_this_machine: bool = False,
) -> dict[int, Summary]:
    """Every seed's shards on the cluster's workers; ``on_this_machine`` says the workers
    can map files this process writes, so they share one census instead of one each."""
    parts = shards(config, shard_pairs)
    workers = sorted(client.scheduler_info()["workers"])
    totals: dict[int, Summary] = {}
    for seed in seeds:
        folder = _shared_folder() if on_this_machine else None
        try:
            totals[seed] = _one_seed(client, config, seed, parts, workers, folder, out, progress)
        finally:
            if folder is not None:
                # Workers that still map the files keep reading them: unlinking is safe.
                shutil.rmtree(folder, ignore_errors=True)
        if out is not None:
            recording.write_summary(seed_folder(out, seed), config, totals[seed])
    return totals


def _one_seed(
    client: Client,
    config: SimulationConfig,
    seed: int,
    parts: list[Shard],
    workers: list[str],
    folder: Path | None,
    out: Path | None,
    progress: Progress | None,
) -> Summary:
    census = _censuses(client, config, seed, parts, workers, folder)
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
    return total


def _shared_folder() -> Path:
    """A fresh folder in shared memory where there is one (Linux), else in the temporary folder."""
    parent = SHARED_MEMORY if SHARED_MEMORY.is_dir() else None
    return Path(tempfile.mkdtemp(prefix="soulbond-census-", dir=parent))
