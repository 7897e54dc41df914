"""Entry point of the ``soulbond`` command: parse, call, render; rules live in the core."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from soulbond.cli import exits
from soulbond.core.errors import SoulbondError
from soulbond.scenario import ScenarioError, load_scenario, replay, resolve
from soulbond.scenario.export_json import replay_as_json
from soulbond.scenario.library import shipped
from soulbond.scenario.render import check_report, print_replay

app = typer.Typer(
    name="soulbond",
    help="A world where whatever you lose turns up on your soulmate's bedroom floor.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

console = Console()
errors = Console(stderr=True)

ScenarioArg = Annotated[
    str, typer.Argument(help="A scenario file, or the name of a shipped one such as 'lost-things'.")
]


def _fail(exc: ScenarioError) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
    return typer.Exit(exits.BAD_INPUT)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables, for other tools.")]


@app.command("replay")
def replay_command(scenario: ScenarioArg, as_json: JsonOption = False) -> None:
    """Replay a story through the laws and print its timeline and end state.

    Example: [bold]soulbond replay lost-things[/]  or  [bold]soulbond replay my-story.yaml --json[/]

    Exits 0 when nothing contradicts the laws, 1 when something does, 2 when
    the file itself cannot be read.
    """
    try:
        path, name = resolve(scenario)
        result = replay(load_scenario(path, name=name))
    except ScenarioError as exc:
        raise _fail(exc) from None
    if as_json:
        console.print_json(json.dumps(replay_as_json(result), ensure_ascii=False))
    else:
        print_replay(console, result)
    raise typer.Exit(exits.DONE if result.ok else exits.REFUSED)


@app.command("check")
def check_command(scenario: ScenarioArg) -> None:
    """Report every event in a story that contradicts the laws, with its line.

    Example: [bold]soulbond check my-story.yaml[/]

    Exits 0 when none does, 1 when any does, 2 when the file is malformed.
    """
    try:
        path, name = resolve(scenario)
        result = replay(load_scenario(path, name=name))
    except ScenarioError as exc:
        raise _fail(exc) from None
    for line in check_report(result, name):
        console.print(line, highlight=False, soft_wrap=True, markup=False)
    raise typer.Exit(exits.DONE if result.ok else exits.REFUSED)


@app.command("scenarios")
def scenarios_command() -> None:
    """List the scenarios shipped with soulbond.

    Example: [bold]soulbond scenarios[/]
    """
    for name in shipped():
        console.print(name)


from soulbond.cli.simulate import simulate  # noqa: E402

app.command("simulate")(simulate)


from soulbond.cli.live import register_live  # noqa: E402

register_live(app)

from soulbond.cli.person import person_app  # noqa: E402
from soulbond.cli.serve import serve  # noqa: E402

app.command("serve")(serve)

app.add_typer(person_app, name="person")

from soulbond.cli.foundation import foundation_app  # noqa: E402

app.add_typer(foundation_app, name="foundation")

from soulbond.cli.registry import registry_app  # noqa: E402

app.add_typer(registry_app, name="registry")

from soulbond.cli.backup import backup_command, restore_command  # noqa: E402

app.command("backup")(backup_command)
app.command("restore")(restore_command)


def main() -> None:
    undecodable = _undecodable_argument(sys.argv[1:])
    if undecodable is not None:
        errors.print(f"[bold red]error:[/] {undecodable}", highlight=False, soft_wrap=True)
        raise SystemExit(exits.BAD_INPUT)
    try:
        app()
    except SoulbondError as exc:
        # A setting that cannot be used (the database URL, say) is found before any command runs.
        errors.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        raise SystemExit(exits.exit_code(exc)) from None
    except Exception as exc:
        # Only a bug reaches here: every mistake a person can make has its own message.
        errors.print(
            f"[bold red]soulbond hit a bug:[/] {type(exc).__name__}: {exc}\n"
            "Nothing was saved half-way. Please report it with the command you ran.",
            highlight=False,
            soft_wrap=True,
        )
        raise SystemExit(exits.BUG) from None


def _undecodable_argument(arguments: list[str]) -> str | None:
    """What is wrong with the first argument that is not UTF-8 text, if one is not.

    Python keeps the bytes of such an argument as lone surrogates, which no
    store, terminal or JSON document accepts; it is refused before anything runs.
    """
    for position, argument in enumerate(arguments, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError as exc:
            raw = argument.encode("utf-8", "surrogateescape")
            shown = raw.decode("utf-8", "backslashreplace")
            return (
                f"argument {position} ('{shown}') is not valid UTF-8 text (byte {exc.start + 1} of it); "
                "give it in UTF-8"
            )
    return None
