"""Every live-world command, run as a game master and players would: registry, Foundation, person, world.

Journeys run the installed ``soulbond`` command; the long table of bad input
runs the same application in-process (as `test_clock_cli` does) to keep the
suite quick, and checks each refusal changed nothing in any table.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from soulbond.bootstrap import bootstrap
from soulbond.cli.app import app
from soulbond.settings import Settings
from tests.e2e.conftest import ROOT, soulbond_command
from tests.integration.peek import dump

WORLD = ROOT / "tests" / "fixtures" / "live" / "foundation-town.yaml"
LONG = "x" * 5_000


def sb(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1", "SOULBOND_DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [*soulbond_command(), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def ok(db: Path, *args: str) -> Any:
    """Run with --json; it must succeed and print one JSON document."""
    done = sb(db, *args, "--json")
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("template") / "world.db"
    assert sb(db, "db", "upgrade").returncode == 0
    done = sb(db, "world", "import", str(WORLD))
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "world.db"
    shutil.copy(template, path)
    return path


def test_the_registrar_records_people_births_moves_traits_bonds_and_deaths(db: Path) -> None:
    place = ["--place", "Konoha", "--tz", "Asia/Tokyo"]
    assert ok(db, "registry", "register", "lee", "--name", "Rock Lee", "--born", "2010-11-27", *place) == {
        "text": "Rock Lee is registered"
    }
    ok(
        db,
        "registry",
        "register",
        "tenten",
        "--name",
        "Ten Ten",
        "--born",
        "2010-03-09",
        *place,
        "--phone",
        "+81 1",
    )
    ok(
        db,
        "registry",
        "birth",
        "mirai",
        "--soulmate",
        "kari",
        "--name",
        "Mirai Sarutobi",
        "--born",
        "2024-06-01",
        *place,
    )
    paired = ok(db, "registry", "pair", "lee")
    assert paired["newcomer"] == "lee" and paired["partner"] in {"tenten", "ola", "tsunade"}
    ok(db, "registry", "move", "lee", "--place", "Suna", "--tz", "Africa/Cairo", "--wakes", "06:30")
    ok(db, "registry", "traits", "lee", "--set", "occupation=ninja", "--set", "interest=training")
    ok(db, "registry", "notorious", "lee")
    ok(db, "registry", "death", "ola")
    dead = sb(db, "person", "lose", "ola", "watch")
    assert dead.returncode == 1 and "dead" in dead.stderr


def test_the_foundation_runs_a_case_from_application_through_appeal(db: Path) -> None:
    filed = ok(db, "foundation", "apply", "mika", "--reasons", "I want to choose for myself")
    case = str(filed["case"])
    ok(db, "foundation", "statement", "jonas", case, "--statement", "I never asked for this")
    ok(db, "foundation", "apply-for-job", "kari")
    ok(db, "foundation", "hire", "tsunade", "kari")
    queue = ok(db, "foundation", "queue", "kari")
    assert queue == {"mine": [], "waiting": {"filed": 1, "appealed": 0}}
    ok(db, "foundation", "take", "kari", case)
    queue = ok(db, "foundation", "queue", "kari")
    assert [c["case"] for c in queue["mine"]] == [int(case)] and queue["mine"][0]["statement"] is True
    assert "under review" in ok(db, "foundation", "open", "kari", case)["text"]
    ok(db, "foundation", "decide", "kari", case, "--approve", "--reasons", "she meant it")
    ok(db, "foundation", "appeal", "jonas", case, "--reasons", "my statement was not weighed")
    ok(db, "foundation", "hear-appeal", "tsunade", case)
    decided = ok(db, "foundation", "decide", "tsunade", case, "--reject", "--reasons", "the statement stands")
    assert decided == {"text": f"case {case} rejected"}
    again = sb(db, "foundation", "appeal", "mika", case, "--reasons", "once more")
    assert again.returncode == 1 and "only once" in again.stderr


def test_a_person_adds_gives_lists_and_proves_custody(db: Path) -> None:
    ok(
        db,
        "person",
        "add",
        "mika",
        "letter",
        "--what",
        "a letter to herself",
        "--tells",
        "full name",
        "--tells",
        "age:2",
        "--looks",
        "a letter in an envelope, her name on the front",
    )
    listed = ok(db, "person", "possessions", "mika")
    assert {"item": "letter", "description": "a letter to herself", "how": "owned"} in listed["held"]
    ok(db, "person", "give", "ola", "watch", "kari")
    assert "watch" in sb(db, "person", "possessions", "kari").stdout
    ok(db, "person", "lose", "mika", "letter")
    ok(db, "world", "clock", "advance", "1d", "--deliver")
    floor = ok(db, "person", "floor", "jonas")
    assert [i["item"] for i in floor["items"]] == ["letter"]
    ok(db, "person", "keep", "jonas", "letter")
    found = ok(db, "person", "possessions", "jonas")["held"]
    assert {
        "item": "letter",
        "description": "a letter in an envelope, her name on the front",
        "how": "kept",
    } in found
    inbox = ok(db, "person", "inbox", "mika")
    assert inbox["messages"] == []
    assert ok(db, "person", "prove", "jonas", "letter", "+81 90 1111 2222") == {
        "to_handle": "+81 90 1111 2222"
    }
    refused = sb(db, "person", "prove", "jonas", "scarf", "+81 90 1111 2222")
    assert refused.returncode == 1 and "cannot confirm" in refused.stderr
    proof = ok(db, "person", "inbox", "mika")["messages"]
    assert [m["from_handle"] for m in proof] == ["+47 400 00 000"] and "registry confirms" in proof[0]["text"]


def test_the_clock_reads_and_moves_only_forward(db: Path) -> None:
    shown = ok(db, "world", "clock", "show")
    assert shown["simulated"] is True
    moved = ok(db, "world", "clock", "advance", "2d")
    assert moved["now"] > shown["now"]
    back = sb(db, "world", "clock", "simulated", shown["now"], "--json")
    assert back.returncode == 2
    assert "only moves forward" in json.loads(back.stdout)["error"]["message"]
    later = ok(db, "world", "clock", "simulated", "2030-01-01T00:00+00:00")
    assert later["now"].startswith("2030-01-01")


def test_export_then_import_gives_a_world_that_checks(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    assert sb(db, "world", "export", "--out", str(out)).returncode == 0
    assert sb(db, "check", str(out)).returncode == 0
    fresh = tmp_path / "again.db"
    assert sb(fresh, "world", "import", str(out)).returncode == 0
    again = sb(db, "world", "import", str(out))
    assert again.returncode == 2 and "already holds a world" in again.stderr


# -- bad input changes nothing -------------------------------------------------------------------------

BAD: list[tuple[list[str], int, str]] = [
    (["person", "possessions", "nobody"], 2, "nobody"),
    (["person", "add", "nobody", "x", "--what", "a thing"], 2, "nobody"),
    (["person", "add", "mika", "umbrella", "--what", "a second umbrella"], 2, "already an item"),
    (["person", "add", "mika", "y", "--what", "a thing", "--tells", "age:lots"], 2, "give or take"),
    (["person", "add", "mika", "y", "--what", LONG], 2, "at most 4,000"),
    (["person", "give", "mika", "scarf", "ola"], 1, "not with you"),
    (["person", "give", "mika", "umbrella", "nobody"], 2, "nobody"),
    (["person", "give", "mika", "ghost", "ola"], 2, "ghost"),
    (["person", "prove", "mika", "ghost", "+47 400 00 000"], 2, "ghost"),
    (["person", "lose", "mika", "scarf"], 1, "not with you"),
    (["person", "keep", "mika", "scarf"], 1, "not with you"),
    (["person", "message", "mika", "+47 400 00 000", LONG], 2, "at most 4,000"),
    (["person", "message", "nobody", "+47 400 00 000", "hi"], 2, "nobody"),
    (["foundation", "apply", "nobody", "--reasons", "r"], 2, "nobody"),
    (["foundation", "apply", "ola", "--reasons", "r"], 1, "no active bond"),
    (["foundation", "apply", "mika", "--reasons", LONG], 2, "at most 4,000"),
    (["foundation", "statement", "jonas", "99", "--statement", "s"], 2, "no case 99"),
    (["foundation", "withdraw", "mika", "99"], 2, "no case 99"),
    (["foundation", "sign", "jonas", "99", "--reasons", "r"], 2, "no case 99"),
    (["foundation", "appeal", "mika", "99", "--reasons", "r"], 2, "no case 99"),
    (["foundation", "take", "kari", "1"], 1, "not one of the Foundation's caseworkers"),
    (["foundation", "open", "kari", "1"], 1, "not one of the Foundation's caseworkers"),
    (["foundation", "decide", "kari", "1", "--approve", "--reasons", "r"], 1, "caseworkers"),
    (["foundation", "hear-appeal", "tsunade", "99"], 2, "no case 99"),
    (["foundation", "declare-conflict", "kari", "1"], 1, "caseworkers"),
    (["foundation", "hire", "kari", "ola"], 1, "director"),
    (["foundation", "hire", "tsunade", "ola"], 1, "not yours to act on"),
    (["foundation", "apply-for-job", "nobody"], 2, "nobody"),
    (["foundation", "queue", "ola"], 1, "not one of the Foundation's caseworkers"),
    (["foundation", "queue", "nobody"], 2, "nobody"),
    (
        [
            "registry",
            "register",
            "mika",
            "--name",
            "Mika Sato",
            "--born",
            "1996-04-02",
            "--place",
            "Osaka",
            "--tz",
            "Asia/Tokyo",
        ],
        2,
        "mika",
    ),
    (
        [
            "registry",
            "register",
            "new",
            "--name",
            "Newt",
            "--born",
            "1996-04-02",
            "--place",
            "P",
            "--tz",
            "Asia/Tokyo",
        ],
        2,
        "given and a family name",
    ),
    (
        [
            "registry",
            "register",
            "new",
            "--name",
            "New Comer",
            "--born",
            "someday",
            "--place",
            "P",
            "--tz",
            "Asia/Tokyo",
        ],
        2,
        "not a date",
    ),
    (
        [
            "registry",
            "register",
            "new",
            "--name",
            "New Comer",
            "--born",
            "1990-01-01",
            "--place",
            "P",
            "--tz",
            "Mars/Olympus",
        ],
        2,
        "Mars/Olympus",
    ),
    (
        [
            "registry",
            "register",
            "x" * 300,
            "--name",
            "New Comer",
            "--born",
            "1990-01-01",
            "--place",
            "P",
            "--tz",
            "UTC",
        ],
        2,
        "at most 200",
    ),
    (
        [
            "registry",
            "birth",
            "new",
            "--soulmate",
            "nobody",
            "--name",
            "New Comer",
            "--born",
            "1990-01-01",
            "--place",
            "P",
            "--tz",
            "UTC",
        ],
        2,
        "nobody",
    ),
    (
        [
            "registry",
            "birth",
            "new",
            "--soulmate",
            "mika",
            "--name",
            "New Comer",
            "--born",
            "1990-01-01",
            "--place",
            "P",
            "--tz",
            "UTC",
        ],
        1,
        "soulmate",
    ),
    (["registry", "death", "nobody"], 2, "nobody"),
    (["registry", "move", "nobody", "--place", "P", "--tz", "UTC"], 2, "nobody"),
    (["registry", "move", "mika", "--place", "P", "--tz", "UTC", "--wakes", "25:99"], 2, "time of day"),
    (["registry", "traits", "mika", "--set", "occupation"], 2, "key=value"),
    (["registry", "traits", "nobody", "--set", "occupation=none"], 2, "nobody"),
    (["registry", "notorious", "nobody"], 2, "nobody"),
    (["registry", "bond", "mika", "ola"], 1, "soulmate"),
    (["registry", "bond", "ola", "nobody"], 2, "nobody"),
    (["registry", "pair", "mika"], 1, "soulmate"),
    (["registry", "pair", "nobody"], 2, "nobody"),
    (["world", "clock", "advance", "0d"], 2, "only moves forward"),
    (["world", "clock", "advance", "soon"], 2, "span forward"),
    (["world", "clock", "simulated", "2001-01-01T00:00+00:00"], 2, "only moves forward"),
    (["world", "clock", "simulated", "yesterday"], 2, "ISO moment"),
    (["world", "clock", "simulated", "2030-01-01T00:00"], 2, "offset"),
    (["world", "import", "no-such-story"], 2, "no-such-story"),
]


@pytest.fixture(scope="module")
def shared(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("bad") / "world.db"
    shutil.copy(template, path)
    yield path


@pytest.mark.parametrize(
    "args, code, says", BAD, ids=lambda v: " ".join(v)[:60] if isinstance(v, list) else None
)
def test_bad_input_is_refused_clearly_with_its_exit_code_and_changes_nothing(
    shared: Path, args: list[str], code: int, says: str
) -> None:
    url = f"sqlite:///{shared}"
    live = bootstrap(Settings(database_url=url))
    before = dump(live)
    result = CliRunner().invoke(app, [*args, "--json"], env={"SOULBOND_DATABASE_URL": url, "COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert says.lower() in (result.stdout + result.stderr).lower()
    assert "Traceback" not in result.stderr
    assert dump(live) == before
    live.close()


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    import typer.main

    click_group = typer.main.get_command(group) if not hasattr(group, "commands") else group
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


LIVE_GROUPS = {"person", "foundation", "registry", "world", "db", "worker"}


@pytest.mark.parametrize("path", [p for p in _commands(app) if p[0] in LIVE_GROUPS], ids=" ".join)
def test_every_live_command_has_help_with_an_example_and_a_json_option(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    if path[0] not in {"db", "worker"}:
        assert "--json" in result.stdout


def test_what_people_write_is_printed_as_written_never_read_as_markup(db: Path) -> None:
    """Square brackets are Rich's markup: a "[/]" in a message once stopped `person inbox` with an error."""
    said = "see you at [bold]noon[/] or [/] later [red]"
    sent = sb(db, "person", "message", "jonas", "+81 90 1111 2222", said)
    assert sent.returncode == 0, sent.stderr
    inbox = sb(db, "person", "inbox", "mika")
    assert inbox.returncode == 0, inbox.stderr
    assert said in inbox.stdout
    added = sb(db, "person", "add", "mika", "box", "--what", "a box marked [/] and [b]x[/b]")
    assert added.returncode == 0, added.stderr
    held = sb(db, "person", "possessions", "mika")
    assert held.returncode == 0 and "a box marked [/] and [b]x[/b]" in held.stdout, held.stderr
