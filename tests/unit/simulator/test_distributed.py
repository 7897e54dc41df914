from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from soulbond.simulator import distributed, runner
from tests.unit.simulator.factories import make_config


def _people(folder: Path) -> pa.Table:
    return pa.concat_tables(
        [pq.read_table(p) for p in sorted(folder.glob("people/*.parquet"))]
    ).combine_chunks()


def test_a_dask_run_on_two_workers_equals_the_single_process_run(tmp_path: Path) -> None:
    config = make_config(size=600, years=15)
    alone = runner.replicate(config, [1, 2], tmp_path / "alone", shard_pairs=70)
    with distributed.cluster(2, processes=False) as client:
        spread = distributed.replicate(client, config, [1, 2], tmp_path / "dask", shard_pairs=70)
    for seed in (1, 2):
        assert _people(tmp_path / f"alone/seed={seed}").equals(_people(tmp_path / f"dask/seed={seed}"))
        assert np.array_equal(alone[seed].yearly, spread[seed].yearly)
        assert np.array_equal(alone[seed].identified_by_age, spread[seed].identified_by_age)
