"""End-to-end tests run the installed ``soulbond`` command as a person would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def soulbond_command() -> list[str]:
    beside_python = Path(sys.executable).with_name("soulbond")
    if beside_python.exists():
        return [str(beside_python)]
    found = shutil.which("soulbond")
    if found is None:  # pragma: no cover - the package is always installed by `make test`
        pytest.fail("the soulbond command is not installed; run `make test`")
    return [found]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1"}
    return subprocess.run(
        [*soulbond_command(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
