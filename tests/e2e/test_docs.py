"""The README and the scenario guide say what the commands really do."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from soulbond.scenario import load_scenario, replay
from tests.e2e.conftest import ROOT, run


def readme_commands() -> list[tuple[list[str], list[str]]]:
    """Each `$ .venv/bin/soulbond ...` line in the README, with the output lines shown under it."""
    lines = (ROOT / "README.md").read_text().splitlines()
    found = []
    for n, line in enumerate(lines):
        if line.strip().startswith("$ .venv/bin/soulbond"):
            args = shlex.split(line.strip())[2:]
            shown = []
            for following in lines[n + 1 :]:
                if not following.startswith("    ") or following.strip().startswith("$"):
                    break
                shown.append(following.strip())
            found.append((args, shown))
    return found


@pytest.mark.parametrize("args, shown", readme_commands(), ids=lambda v: " ".join(v) if v else "-")
def test_readme_commands_run_and_print_what_the_readme_shows(args: list[str], shown: list[str]) -> None:
    done = run(*args)
    if "--out" in args:
        shutil.rmtree(ROOT / args[args.index("--out") + 1], ignore_errors=True)
    assert done.returncode in (0, 1), done.stderr
    for line in shown:
        assert line in done.stdout


def test_the_example_in_the_scenario_guide_is_a_valid_story(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "scenarios.md").read_text()
    example = re.search(r"```yaml\n(title: The umbrella.*?)```", guide, re.S)
    assert example is not None
    path = tmp_path / "umbrella.yaml"
    path.write_text(example.group(1))
    result = replay(load_scenario(path))
    assert result.ok
    arrival = next(line for line in result.lines if line.kind == "arrival")
    assert result.local(arrival.at, arrival.finder) == "2024-06-02 07:15 CEST"
