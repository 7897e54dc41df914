"""The crash-safety harness, small: servers and workers SIGKILLed while clients act, and nothing lost.

The full run (``python benchmarks/faults.py``, 50 kills per store) is for
outside CI; this one kills a few times on SQLite, and on PostgreSQL when
SOULBOND_TEST_PG is set. A second test shows the harness's check does find
a lost item, a doubled delivery and a request whose effect is missing.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from sqlalchemy import insert, update

from soulbond.adapters import tables
from soulbond.bootstrap import bootstrap
from soulbond.settings import Settings
from tests.e2e.conftest import ROOT

HARNESS = ROOT / "benchmarks" / "faults.py"


def harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("faults_harness", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_killing_servers_and_workers_at_random_loses_and_duplicates_nothing() -> None:
    stores = ["--store", "sqlite", *(["--store", "postgresql"] if os.environ.get("SOULBOND_TEST_PG") else [])]
    done = subprocess.run(
        [sys.executable, str(HARNESS), "--quick", "--kills", "4", *stores],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = done.stdout.strip().splitlines()[-1]
    figures = dict(re.findall(r"(\w+)=(\S+)", result))
    assert result.startswith("RESULT"), done.stdout
    assert int(figures["kills"]) == 4 * (len(stores) // 2)
    assert int(figures["items"]) == 60 * (len(stores) // 2)
    assert int(figures["accepted"]) > 0
    assert (figures["lost"], figures["duplicated"], figures["lost_requests"]) == ("0", "0", "0"), result


def test_the_harness_check_finds_a_lost_item_a_doubled_arrival_and_a_missing_effect(tmp_path: Path) -> None:
    faults = harness()
    url = f"sqlite:///{tmp_path / 'world.db'}"
    people = faults.seed(url, 1, 3)
    tally = faults.Tally()
    assert faults.check(url, people, 6, tally) == {"items": 6, "lost": 0, "duplicated": 0, "lost_requests": 0}

    live = bootstrap(Settings(database_url=url))
    with live.engine.begin() as connection:
        # An item said to travel with no trip under way, a delivery made without its arrival, and an
        # arrival of a delivery never made.
        connection.execute(update(tables.items).where(tables.items.c.id == "t0").values(where="in transit"))
        connection.execute(
            insert(tables.deliveries).values(
                item="t1",
                loser="p0",
                recipient="p1",
                lost_at=faults.T0,
                due=faults.T0,
                facts="[]",
                state="delivered",
            )
        )
        connection.execute(
            insert(tables.ledger).values(at=faults.T0, kind="arrived", item="t2", delivery=9_999)
        )
    live.close()
    tally.accepted.append(("p0", "key-never-used", "loss", "t3"))
    found = faults.check(url, people, 6, tally)
    assert found["lost"] >= 2 and found["duplicated"] >= 1 and found["lost_requests"] == 1, found
