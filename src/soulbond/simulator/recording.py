"""Per-person outcomes to Parquet, one file per shard, so memory stays bounded.

Layout under the output folder, per seed::

    seed=1/people/part-00000.parquet   one row per person (see docs/simulate.md)
    seed=1/yearly.parquet              population-wide counts per year
    seed=1/candidates_by_age.parquet   candidate-count half-decades by age
    seed=1/identified_by_age.parquet   share identified by age, per carefulness group
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from soulbond.simulator.config import MAX_AGE, SimulationConfig
from soulbond.simulator.kinds import TRAITS
from soulbond.simulator.knowledge import UNKNOWN_AGE
from soulbond.simulator.population import carefulness_groups
from soulbond.simulator.step import COUNT_BINS, YEARLY, State
from soulbond.simulator.summary import Summary

GROUPS = ("careful", "middling", "careless")
ROWS = (*GROUPS, "everyone")
"""Rows of identified_by_age: per group, identified *by* the soulmate; everyone: identified *their* soulmate."""


def _nullable(values: npt.NDArray[np.generic], missing: npt.NDArray[np.bool_]) -> pa.Array:
    return pa.array(values, mask=missing)


def people_table(config: SimulationConfig, state: State) -> pa.Table:
    people = state.people
    end = config.start_year + config.years - 1
    pair_index = np.arange(people.size) >> 1
    severed = state.severed[pair_index]
    widowed = state.widowed[pair_index]
    bond = np.full(people.size, "active", dtype=object)
    bond[widowed >= 0] = "widowed"
    bond[severed >= 0] = "severed"
    never = (
        np.maximum(people.born[0::2], people.born[1::2]) > np.minimum(people.dies[0::2], people.dies[1::2])
    ) | (np.maximum(people.born[0::2], people.born[1::2]) > end)
    paired = people.paired_year()
    bond[np.repeat(paired > end, 2)] = "unpaired"
    bond[np.repeat(never, 2)] = "never"
    fated = np.zeros(people.pairs, dtype=np.bool_)
    fated[people.fated] = True
    by_fate = np.repeat(fated & (paired <= end), 2)
    identified = state.identified >= 0
    received = state.received
    columns: dict[str, pa.Array | npt.NDArray[np.generic]] = {
        "person": people.person_ids(),
        "pair": people.person_ids() >> 1,
        "born": people.born,
        "died": _nullable(people.dies, people.dies > end),
        "town": pa.array([t.name for t in config.towns]).take(pa.array(people.town.astype(np.int64))),
        "carefulness": people.carefulness,
        "carefulness_group": pa.array(GROUPS).take(
            pa.array(np.searchsorted(carefulness_groups(config), people.carefulness, side="right"))
        ),
        "notorious": people.notorious,
        "items_lost": state.lost.sum(axis=1),
        "items_received": received.sum(axis=1),
        "first_arrival": _nullable(state.first_arrival, state.first_arrival < 0),
        "last_arrival": _nullable(state.last_arrival, state.last_arrival < 0),
        "identified_year": _nullable(state.identified, ~identified),
        "identified_age": _nullable(state.identified - people.born, ~identified),
        "identified_knowing": state.identified_knowing,
        "knows": state.known,
        "knows_age_within": _nullable(state.age_within, state.age_within == UNKNOWN_AGE),
        "candidates": _nullable(state.candidates, state.candidates < 0),
        "bond": pa.array(bond, type=pa.string()),
        "widowed_year": _nullable(widowed, widowed < 0),
        "severed_year": _nullable(severed, severed < 0),
        "born_unpaired": np.repeat(fated, 2),
        "paired_year": _nullable(np.repeat(paired, 2), ~by_fate),
    }
    for index, kind in enumerate(config.items):
        columns[f"lost_{kind}"] = state.lost[:, index].astype(np.int32)
        columns[f"received_{kind}"] = received[:, index].astype(np.int32)
    table = pa.table(columns)
    bits = {name: str(1 << i) for i, name in enumerate(TRAITS)}
    return table.replace_schema_metadata({"knows_bits": repr(bits)})


def write_people(folder: Path, shard: int, table: pa.Table) -> Path:
    target = folder / "people" / f"part-{shard:05d}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, target)
    return target


def write_summary(folder: Path, config: SimulationConfig, summary: Summary) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    years = np.arange(config.start_year, config.start_year + config.years)
    yearly = {"year": years, **{name: summary.yearly[:, i] for i, name in enumerate(YEARLY)}}
    pq.write_table(pa.table(yearly), folder / "yearly.parquet")
    ages = np.arange(MAX_AGE + 1)
    by_age = {"age": ages, **{f"half_decade_{b}": summary.candidates_by_age[:, b] for b in range(COUNT_BINS)}}
    pq.write_table(pa.table(by_age), folder / "candidates_by_age.parquet")
    identified: dict[str, npt.NDArray[np.int64]] = {"age": ages}
    for g, name in enumerate(ROWS):
        identified[f"{name}_observed"] = summary.observed_at_age[g]
        identified[f"{name}_identified"] = summary.identified_by_age[g]
    pq.write_table(pa.table(identified), folder / "identified_by_age.parquet")
    pq.write_table(
        pa.table(
            {"items": np.arange(summary.received_per_lifetime.size), "people": summary.received_per_lifetime}
        ),
        folder / "received_per_lifetime.parquet",
    )


def read_summary(folder: Path, config: SimulationConfig) -> Summary:
    yearly = pq.read_table(folder / "yearly.parquet")
    by_age = pq.read_table(folder / "candidates_by_age.parquet")
    identified = pq.read_table(folder / "identified_by_age.parquet")
    received = pq.read_table(folder / "received_per_lifetime.parquet")
    return Summary(
        np.stack([yearly[name].to_numpy() for name in YEARLY], axis=1),
        np.stack([by_age[f"half_decade_{b}"].to_numpy() for b in range(COUNT_BINS)], axis=1),
        np.stack([identified[f"{g}_observed"].to_numpy() for g in ROWS]),
        np.stack([identified[f"{g}_identified"].to_numpy() for g in ROWS]),
        received["people"].to_numpy(),
    )
