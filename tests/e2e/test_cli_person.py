"""Playing in a live world from the command line: lose, wait for morning, find, keep, message."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.e2e.conftest import ROOT, soulbond_command

WORLD = ROOT / "tests" / "fixtures" / "live" / "two-towns.yaml"


def run_in(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1", "SOULBOND_DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [*soulbond_command(), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_a_loss_reaches_the_soulmates_floor_at_their_morning_and_can_be_kept(tmp_path: Path) -> None:
    db = tmp_path / "world.db"
    for step in (("db", "upgrade"), ("world", "import", str(WORLD))):
        done = run_in(db, *step)
        assert done.returncode == 0, done.stderr

    assert run_in(db, "person", "lose", "mika", "umbrella", "--how", "left on a train").returncode == 0
    assert "Nothing on the floor." in run_in(db, "person", "floor", "jonas").stdout

    assert run_in(db, "world", "clock", "advance", "1d").returncode == 0
    assert run_in(db, "worker", "--once").returncode == 0
    floor = run_in(db, "person", "floor", "jonas")
    assert "umbrella: a red umbrella with her name on the handle" in floor.stdout

    kept = run_in(db, "person", "keep", "jonas", "umbrella", "--where", "by the front door")
    assert kept.returncode == 0
    assert "Nothing on the floor." in run_in(db, "person", "floor", "jonas").stdout
    knows = run_in(db, "person", "knows", "jonas").stdout
    assert "given name: Mika" in knows


def test_a_refusal_tells_the_person_nothing_about_anyone_else_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "world.db"
    run_in(db, "db", "upgrade")
    run_in(db, "world", "import", str(WORLD))
    refused = run_in(db, "person", "keep", "ola", "scarf")
    assert refused.returncode == 1
    assert refused.stderr.startswith("refused: you cannot keep it: 'scarf' is not with you")
    assert "Jonas" not in refused.stderr
    assert run_in(db, "person", "lose", "jonas", "scarf").returncode == 0

    # A number no one has is answered like any other, so no one can test numbers.
    unknown = run_in(db, "person", "message", "mika", "+00 000", "hello")
    assert unknown.returncode == 0
    assert unknown.stdout == "Sent to +00 000.\n"


def test_messages_and_the_registry_answer_only_when_both_ask(tmp_path: Path) -> None:
    db = tmp_path / "world.db"
    run_in(db, "db", "upgrade")
    run_in(db, "world", "import", str(WORLD))
    assert (
        run_in(db, "person", "message", "jonas", "+81 90 1111 2222", "Is this your umbrella?").returncode == 0
    )
    first = run_in(db, "person", "ask-registry", "jonas", "+81 90 1111 2222")
    assert "waiting for the other person to ask too" in first.stdout
    second = run_in(db, "person", "ask-registry", "mika", "+47 400 00 000")
    assert "you are soulmates" in second.stdout


def test_every_person_command_has_help_with_an_example(tmp_path: Path) -> None:
    names = ["floor", "knows", "audit", "lose", "discard", "recover", "pick-up", "keep", "return"]
    names += ["empty-bin", "message", "block", "unblock", "ask-registry"]
    for name in names:
        done = run_in(tmp_path / "unused.db", "person", name, "--help")
        assert done.returncode == 0, name
        assert "Example:" in done.stdout, name
