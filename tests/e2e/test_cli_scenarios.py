"""`soulbond replay` and `soulbond check`, run as commands, with their exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from soulbond.scenario import load_scenario, replay
from tests.e2e.conftest import ROOT, run

BROKEN = sorted((ROOT / "tests" / "fixtures" / "broken").glob("*.yaml"))
MALFORMED = sorted((ROOT / "tests" / "fixtures" / "malformed").glob("*.yaml"))


def test_replay_of_the_reference_story_prints_timeline_and_end_state_and_exits_0() -> None:
    done = run("replay", "lost-things")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Lost things: timeline" in out
    assert "to find a green folder prepared for a teaching interview on the floor" in out
    assert "candidates: identified" in out
    assert "where everything ended up" in out
    assert "returned by hand" in out
    assert "No event contradicts the laws." in out


def test_check_of_the_reference_story_finds_no_contradiction() -> None:
    done = run("check", "lost-things")
    assert done.returncode == 0
    assert "No event contradicts the laws." in done.stdout


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_check_of_a_broken_story_exits_1_naming_file_line_and_reason(path: Path) -> None:
    done = run("check", str(path))
    assert done.returncode == 1
    assert f"{path}:" in done.stdout
    assert "contradiction" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_check_prints_each_contradiction_once_with_its_line(path: Path) -> None:
    result = replay(load_scenario(path))
    done = run("check", str(path))
    reasons = [c.reason for c in result.contradictions]
    for c in result.contradictions:
        assert done.stdout.count(c.reason) == reasons.count(c.reason), c.reason
        assert done.stdout.count(f"{path}:{c.line}: {c.reason}") == 1


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.stem)
def test_a_malformed_story_exits_2_with_one_clear_message(path: Path) -> None:
    for command in ("check", "replay"):
        done = run(command, str(path))
        assert done.returncode == 2
        assert done.stderr.startswith(f"error: {path}, line ")
        assert done.stderr.count("\n") == 1
        assert "Traceback" not in done.stderr


def test_an_unknown_scenario_name_lists_the_shipped_ones() -> None:
    done = run("replay", "no-such-story")
    assert done.returncode == 2
    assert "lost-things" in done.stderr


def test_every_command_has_help_with_an_example() -> None:
    for command in ("replay", "check", "scenarios"):
        done = run(command, "--help")
        assert done.returncode == 0
        assert "Example:" in done.stdout


def test_replay_as_json_carries_the_same_story_for_other_tools() -> None:
    import json

    done = run("replay", "lost-things", "--json")
    assert done.returncode == 0
    story = json.loads(done.stdout)
    assert story["items"]["folder"]["how"] == "returned by hand"
    assert story["finders"]["kakashi"]["candidates"] == 1
    assert story["finders"]["iruka"]["candidates"] > 100
    arrivals = [line for line in story["timeline"] if line["kind"] == "arrival"]
    assert arrivals[0]["learnt"] == ["aged 3 to 7 (born 1991–1996)", "family: two parents"]
    assert story["contradictions"] == []


def test_a_bug_is_reported_in_one_message_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from soulbond.cli import app as cli
    from soulbond.cli import exits

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the floor gave way")

    monkeypatch.setattr(cli, "app", explode)
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == exits.BUG == 70
