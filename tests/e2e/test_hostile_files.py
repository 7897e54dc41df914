"""Every command that reads a file answers a hostile one with exit 2 and one clear line, at once.

Before the limits, the 577-byte alias bomb made `soulbond check` grow past 3 GB
and never answer, and 500 levels of nesting ended in a RecursionError (exit 70).
The timeout and the memory bound are guards against a hang, not measurements:
each refusal takes milliseconds in-process (tests/unit/test_yaml_tree.py times it).
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, soulbond_command

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def hostile_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each hostile file, and the words its refusal must hold."""
    deep_block = folder / "deep-block.yaml"
    deep_block.write_text(
        "people:\n" + "".join("  " * (n + 1) + "a:\n" for n in range(500)) + "  " * 501 + "end\n",
        encoding="utf-8",
    )
    huge = folder / "huge.yaml"
    with huge.open("wb") as out:
        out.truncate(2 * 1024**3)  # sparse: two gigabytes that take no disk
    return {
        "alias-bomb": (HOSTILE / "alias-bomb.yaml", "line 8: aliases repeat more than 100,000 nodes"),
        "deep-flow": (HOSTILE / "deep-flow.yaml", "line 2: nested more than 64 levels deep"),
        "deep-block": (deep_block, "line 65: nested more than 64 levels deep"),
        "huge": (huge, "the file is larger than"),
    }


def run_guarded(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*soulbond_command(), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "400", "NO_COLOR": "1", **(env or {})},
        timeout=30,
        check=False,
    )
    # The largest any finished child has grown (kilobytes on Linux): the bomb once took 3 GB.
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 600 * 1024
    return done


CASES = [
    ("check", "alias-bomb"),
    ("check", "deep-flow"),
    ("check", "deep-block"),
    ("check", "huge"),
    ("replay", "alias-bomb"),
    ("replay", "deep-block"),
    ("simulate", "alias-bomb"),
    ("simulate", "deep-flow"),
    ("simulate", "huge"),
]


@pytest.mark.parametrize(("command", "name"), CASES, ids=[f"{c}-{n}" for c, n in CASES])
def test_a_hostile_file_is_refused_with_exit_2_and_one_line_naming_what_was_wrong(
    command: str, name: str, tmp_path: Path
) -> None:
    path, words = hostile_files(tmp_path)[name]
    args = [command, str(path)] + (["--out", str(tmp_path / "run")] if command == "simulate" else [])
    done = run_guarded(*args)
    assert done.returncode == 2, done.stderr
    message = " ".join(done.stderr.split())
    assert str(path) in message
    assert words in message
    assert "bug" not in message and "Traceback" not in message
    if command == "simulate":
        assert "1,048,576 bytes" in message or name != "huge"  # a config's limit is a megabyte
    elif name == "huge":
        assert "67,108,864 bytes" in message


def test_importing_the_alias_bomb_into_a_live_world_is_refused_with_exit_2_and_stores_nothing(
    tmp_path: Path,
) -> None:
    database = {"SOULBOND_DATABASE_URL": f"sqlite:///{tmp_path / 'world.db'}"}
    done = run_guarded("world", "import", str(HOSTILE / "alias-bomb.yaml"), env=database)
    assert done.returncode == 2, done.stderr
    assert "line 8: aliases repeat more than 100,000 nodes" in " ".join(done.stderr.split())
    exported = run_guarded("world", "export", env=database)
    assert "nobody in it yet" in exported.stderr
