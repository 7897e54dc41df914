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


def live_world_walk() -> tuple[list[list[str]], list[list[str]]]:
    """The commands of README's "Run a live world": those run in order, and those only shown."""
    section = (ROOT / "README.md").read_text().split("## Run a live world", 1)[1].split("\n## ", 1)[0]
    run_them, shown = [], []
    walking = True
    for line in section.splitlines():
        if line.startswith("The Foundation's casework"):
            walking = False
        if line.startswith("    soulbond "):
            args = shlex.split(line.strip(), comments=True)[1:]
            (run_them if walking else shown).append(args)
    return run_them, shown


def test_the_readme_walk_through_a_live_world_runs_line_by_line(tmp_path: Path) -> None:
    import os
    import subprocess

    from tests.e2e.conftest import soulbond_command

    env = {**os.environ, "COLUMNS": "160", "SOULBOND_DATABASE_URL": f"sqlite:///{tmp_path / 'world.db'}"}
    walk, _ = live_world_walk()
    assert len(walk) >= 15
    for args in walk:
        done = subprocess.run(
            [*soulbond_command(), *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)


def test_every_command_the_readme_shows_for_a_live_world_exists() -> None:
    from typer.testing import CliRunner

    from soulbond.cli.app import app

    _, shown = live_world_walk()
    assert shown
    for args in shown:
        path = [a for a in args if not a.startswith("-")][:2]
        result = CliRunner().invoke(app, [*path, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, args


def checked_examples() -> list[tuple[str, str, list[str]]]:
    """Each complete story in the scenario guide followed by the `soulbond check` output it claims."""
    guide = (ROOT / "docs" / "scenarios.md").read_text()
    pattern = r"```yaml\n(title: (?:(?!```).)*?)```\s*```text\n\$ soulbond check (\S+)\n(.*?)```"
    return [(name, story, shown.splitlines()) for story, name, shown in re.findall(pattern, guide, re.S)]


@pytest.mark.parametrize("name, story, shown", checked_examples(), ids=[e[0] for e in checked_examples()])
def test_each_checked_example_in_the_scenario_guide_is_judged_as_the_guide_says(
    name: str, story: str, shown: list[str], tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(story)
    done = run("check", str(path))
    broken = any(line.startswith(f"{name}:") and ": note: " not in line for line in shown)
    assert done.returncode == (1 if broken else 0), done.stdout
    printed = done.stdout.replace(str(path), name)
    for line in shown:
        assert line in printed


def test_the_scenario_guide_shows_arrival_places_handles_in_messages_and_a_red_herring() -> None:
    examples = {name: "\n".join(shown) for name, _, shown in checked_examples()}
    assert any("had left" in shown for shown in examples.values())
    assert any("no way to know" in shown for shown in examples.values())
    assert any("red herring" in shown for shown in examples.values())
