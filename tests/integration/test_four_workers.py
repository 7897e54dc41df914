"""Four worker processes on PostgreSQL over thousands of due deliveries: each is made exactly once.

The benchmark (``benchmarks/workers.py``) does the same over 50,000; here
2,000 are enough for four workers to meet on the same rows again and again.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType

import pytest

from tests.e2e.conftest import ROOT

NO_PG = "PostgreSQL backend skipped: set SOULBOND_TEST_PG=postgresql://postgres@127.0.0.1:5432/test to run it"
ITEMS = 2_000


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("workers_benchmark", ROOT / "benchmarks" / "workers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_four_workers_over_thousands_of_due_deliveries_make_each_exactly_once() -> None:
    if not os.environ.get("SOULBOND_TEST_PG"):
        pytest.skip(NO_PG)
    workers = benchmark()
    with workers.scratch_databases(1) as (url,):
        workers.build(url, ITEMS)
        _, made = workers.deliver_with(url, 4, 10)
        assert sum(made) == ITEMS, made
        assert workers.audit(url, ITEMS, made) == {"delivered": ITEMS, "doubled": 0, "missing": 0}
