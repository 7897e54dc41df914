"""The rules core imports only the standard library and itself, reads no clock and draws no randomness."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).parents[2] / "src" / "soulbond" / "core"

# Calls that read the clock or the operating system's randomness: moments and generators are passed in.
FORBIDDEN_CALLS = {
    "datetime.now",
    "datetime.utcnow",
    "datetime.today",
    "date.today",
    "time.time",
    "time.time_ns",
    "time.monotonic",
    "time.perf_counter",
    "time.localtime",
    "time.sleep",
    "uuid.uuid1",
    "uuid.uuid4",
    "os.urandom",
}
# ``random.Random`` is the type of a generator passed in; the module-level functions share hidden state.
ALLOWED_FROM_RANDOM = {"Random"}


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _allowed(module: str) -> bool:
    top = module.split(".")[0]
    inside_core = module == "soulbond.core" or module.startswith("soulbond.core.")
    return inside_core or (top != "soulbond" and (top in sys.stdlib_module_names or top == "__future__"))


def _absolute(node: ast.ImportFrom, module: str) -> str:
    """The module ``from ... import`` reads from, with relative imports resolved against ``module``."""
    if not node.level:
        return node.module or ""
    package = module.rsplit(".", node.level)[0]
    return f"{package}.{node.module}" if node.module else package


def impurities(source: str, module: str = "soulbond.core.example") -> list[str]:
    """Every import from outside the standard library and the core, and every forbidden call."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [f"line {line}: imports {a.name}" for a in node.names if not _allowed(a.name)]
        elif isinstance(node, ast.ImportFrom):
            name = _absolute(node, module)
            if not _allowed(name):
                found.append(f"line {line}: imports {name}")
            elif name == "random":
                found += [
                    f"line {line}: from random import {a.name}"
                    for a in node.names
                    if a.name not in ALLOWED_FROM_RANDOM
                ]
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if dotted and dotted.startswith("random.") and dotted.split(".")[1] not in ALLOWED_FROM_RANDOM:
                found.append(f"line {line}: uses {dotted}")
        elif isinstance(node, ast.Call):
            dotted = _dotted(node.func)
            if dotted and any(dotted == call or dotted.endswith(f".{call}") for call in FORBIDDEN_CALLS):
                found.append(f"line {line}: calls {dotted}()")
    return found


def core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_there_is_a_core_to_check() -> None:
    assert len(core_modules()) > 10


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: p.name)
def test_a_core_module_imports_only_the_standard_library_and_the_core_and_reads_no_clock(path: Path) -> None:
    module = "soulbond.core." + path.stem if path.stem != "__init__" else "soulbond.core"
    assert impurities(path.read_text(encoding="utf-8"), module) == []


@pytest.mark.parametrize(
    "source",
    [
        "import sqlalchemy",
        "from fastapi import FastAPI",
        "import typer",
        "from rich.console import Console",
        "import numpy as np",
        "import yaml",
        "from soulbond.scenario import replay",
        "import soulbond.cli.app",
        "from ..scenario import replay",
        "from datetime import datetime\nstamp = datetime.now()",
        "import datetime\nstamp = datetime.datetime.utcnow()",
        "from datetime import date\nday = date.today()",
        "import time\nstamp = time.time()",
        "import random\nx = random.random()",
        "import random\nrandom.shuffle([])",
        "import random\npick = random.choice",
        "from random import choice",
    ],
)
def test_the_check_catches_an_impure_line(source: str) -> None:
    assert impurities(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "import random\ndef f(rng: random.Random) -> None: rng.choice([1])",
        "from random import Random",
        "from datetime import UTC, datetime\nmoment = datetime(2000, 1, 1, tzinfo=UTC)",
        "from soulbond.core.items import Item",
        "from .items import Item",
        "from zoneinfo import ZoneInfo",
    ],
)
def test_the_check_allows_the_standard_library_the_core_and_passed_in_generators(source: str) -> None:
    assert impurities(source) == []
