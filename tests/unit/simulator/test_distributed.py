from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from soulbond.simulator import distributed, knowledge, runner
from tests.unit.simulator.factories import make_config


def _people(folder: Path) -> pa.Table:
    return pa.concat_tables(
        [pq.read_table(p) for p in sorted(folder.glob("people/*.parquet"))]
    ).combine_chunks()


@pytest.mark.parametrize("shared", [True, False], ids=["one-shared-census", "a-census-per-worker"])
def test_a_dask_run_on_two_workers_equals_the_single_process_run(tmp_path: Path, shared: bool) -> None:
    config = make_config(size=600, years=15)
    alone = runner.replicate(config, [1, 2], tmp_path / "alone", shard_pairs=70)
    with distributed.cluster(2, processes=False) as client:
        spread = distributed.replicate(
            client, config, [1, 2], tmp_path / "dask", shard_pairs=70, on_this_machine=shared
        )
    for seed in (1, 2):
        assert _people(tmp_path / f"alone/seed={seed}").equals(_people(tmp_path / f"dask/seed={seed}"))
        assert np.array_equal(alone[seed].yearly, spread[seed].yearly)
        assert np.array_equal(alone[seed].identified_by_age, spread[seed].identified_by_age)


def test_the_shared_census_counts_what_the_in_memory_one_counts(tmp_path: Path) -> None:
    config = make_config(size=2_000, years=12)
    parts = runner.shards(config, 300)
    in_memory = runner.census_of(config, 4, parts)
    runner.census_of(config, 4, parts, knowledge.in_files(tmp_path))
    shared = knowledge.Census.open(config, tmp_path)
    assert isinstance(shared.ranked.ranks, np.memmap)
    assert np.array_equal(shared.ranked.keys, in_memory.ranked.keys)
    assert np.array_equal(shared.ranked.ranks, in_memory.ranked.ranks)
    assert np.array_equal(shared.dense.flat, in_memory.dense.flat)


def test_a_shared_census_leaves_no_files_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "SHARED_MEMORY", tmp_path)
    config = make_config(size=400, years=5)
    with distributed.cluster(1, processes=False) as client:
        distributed.replicate(client, config, [1], None, on_this_machine=True)
    assert list(tmp_path.iterdir()) == []
