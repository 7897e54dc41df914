"""The live world's commands: ``db``, ``world`` and ``worker``. They parse, call one use case, render."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from soulbond.bootstrap import Live
from soulbond.cli.common import Json, Key, bad_input, console, errors, fail, live_world, run
from soulbond.core.errors import SoulbondError
from soulbond.service import archive, clock, lengths
from soulbond.service.results import Clock, Exported, Imported
from soulbond.service.worker import work_once

db_app = typer.Typer(help="The database behind a live world.", no_args_is_help=True)
world_app = typer.Typer(
    help="A live world as a whole: import a story into it, export it, run its clock.", no_args_is_help=True
)
clock_app = typer.Typer(
    help="The world's clock: real, or simulated and advanced by its registrar. It never goes back.",
    no_args_is_help=True,
)
world_app.add_typer(clock_app, name="clock")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or update the tables (Alembic migrations shipped with soulbond).

    Example: [bold]SOULBOND_DATABASE_URL=sqlite:///world.db soulbond db upgrade[/]
    """
    with live_world() as live:
        try:
            revision = live.upgrade()
        except SoulbondError as exc:
            fail(exc, as_json=False, public=False)
    console.print(f"database is at revision {revision}")


@world_app.command("import")
def world_import(
    scenario: Annotated[str, typer.Argument(help="A scenario file, or a shipped one such as 'lost-things'.")],
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Replay a story through the laws and store its end state as a live world.

    Example: [bold]soulbond world import lost-things[/]

    The database must be empty (it is upgraded first); the world's clock becomes
    a simulated one, set to the moment the story ends, and fate runs on from there.
    """

    def call(live: Live) -> Imported:
        live.upgrade()
        return archive.import_world(archive.ImportWorld(scenario, key), live.uow(), live.stories)

    def show(done: Imported) -> None:
        console.print(
            f"imported {done.name}: {done.people} people, {done.strangers} strangers, {done.items} items, "
            f"{done.ledger_entries} ledger entries; clock at {done.clock}",
            highlight=False,
            soft_wrap=True,
        )

    run(call, as_json=as_json, show=show, public=False)


@world_app.command("export")
def world_export(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the scenario to this file instead of printing it.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Write the live world back out as a scenario file that `world import` reads.

    Example: [bold]soulbond world export --out my-world.yaml[/]

    People are written as they started and the ledger as the timeline, so that
    importing the file replays the same history into the same state. Moments
    keep the format's precision (the minute); whatever is still in transit
    arrives when the file is imported.
    """

    def show(done: Exported) -> None:
        for what in done.left_out:
            errors.print(f"[yellow]left out:[/] {what}", highlight=False, soft_wrap=True)
        if out is None:
            typer.echo(done.text, nl=False)
            return
        try:
            out.write_text(done.text, encoding="utf-8")
        except OSError as exc:
            bad_input(f"cannot write {out}: {exc.strerror or exc}; choose another --out")
        console.print(f"wrote {out}", highlight=False)

    run(lambda live: archive.export_world(live.uow(), live.stories), as_json=as_json, show=show, public=False)


_SPAN = re.compile(r"^(\d+(?:\.\d+)?)([dhm])$")


def parse_span(text: str) -> timedelta:
    match = _SPAN.match(text.strip())
    if match is None:
        bad_input(f"'{text}' is not a span forward; write it like 3d, 12h or 30m")
    amount, unit = float(match.group(1)), match.group(2)
    days = amount / {"d": 1, "h": 24, "m": 24 * 60}[unit]
    if days > lengths.SPAN_DAYS:
        bad_input(
            f"the span '{text}' is longer than the {lengths.SPAN_DAYS:,} days the clock advances at most "
            "at once"
        )
    return {"d": timedelta(days=amount), "h": timedelta(hours=amount), "m": timedelta(minutes=amount)}[unit]


def _show_clock(reading: Clock) -> None:
    console.print(f"the world's clock reads {reading.now}", highlight=False)
    if reading.fated_losses:
        console.print(f"fate took {reading.fated_losses} things on the way; their losers were not told")


@clock_app.command("show")
def clock_show(as_json: Json = False) -> None:
    """Print the world's moment.

    Example: [bold]soulbond world clock show[/]
    """
    run(lambda live: clock.show_clock(live.uow()), as_json=as_json, show=_show_clock, public=False)


@clock_app.command("simulated")
def clock_simulated(
    at: Annotated[str, typer.Argument(help="An ISO moment with its offset, e.g. 2018-06-01T09:00+09:00.")],
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Run the world on a simulated clock set to AT, never before the world's clock.

    Example: [bold]soulbond world clock simulated 2018-06-01T09:00+09:00[/]

    Fate makes the losses that fall between the old moment and AT.
    """
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        bad_input(f"'{at}' is not an ISO moment such as 2018-06-01T09:00+09:00", as_json=as_json)
    if moment.tzinfo is None:
        bad_input(f"'{at}' has no offset; give one, such as 2018-06-01T09:00+00:00", as_json=as_json)
    run(
        lambda live: clock.set_clock(clock.SetClock(moment, key), live.uow()),
        as_json=as_json,
        show=_show_clock,
        public=False,
    )


@clock_app.command("real")
def clock_real(as_json: Json = False) -> None:
    """Run the world on the real clock (refused if a simulated clock has run ahead of it).

    Example: [bold]soulbond world clock real[/]
    """
    run(
        lambda live: clock.set_clock(clock.SetClock(None), live.uow()),
        as_json=as_json,
        show=_show_clock,
        public=False,
    )


@clock_app.command("advance")
def clock_advance(
    span: Annotated[str, typer.Argument(help="How far forward: 3d, 12h, 30m.")],
    deliver: Annotated[
        bool, typer.Option("--deliver", help="Then make every delivery and severance that fell due.")
    ] = False,
    key: Key = None,
    as_json: Json = False,
) -> None:
    """Move a simulated clock forward; fate makes the losses that fall on the way, telling no one.

    Example: [bold]soulbond world clock advance 3d --deliver[/]

    Deliveries are made by the worker, not by the clock: without --deliver,
    what fell due waits for `soulbond worker` (or `soulbond worker --once`).
    """
    by = parse_span(span)

    def call(live: Live) -> Clock:
        reading = clock.advance_clock(clock.AdvanceClock(by, key), live.uow())
        if not deliver:
            return reading
        made = work_once(live.uow, live.settings.worker_batch, retry_on=live.conflict).made
        return Clock(reading.now, reading.simulated, reading.fated_losses, max(reading.due - made, 0), made)

    def show(reading: Clock) -> None:
        _show_clock(reading)
        if deliver:
            console.print(f"{reading.made} deliveries and severances made")
        elif reading.due:
            console.print(
                f"{reading.due} deliveries or severances are now due, and wait for the worker: run "
                "`soulbond worker --once`, or advance with --deliver",
                soft_wrap=True,
            )
        else:
            console.print(
                "nothing is due yet; the worker (`soulbond worker`) makes deliveries as they fall due",
                soft_wrap=True,
            )

    run(call, as_json=as_json, show=show, public=False)


def worker(
    once: Annotated[bool, typer.Option("--once", help="Deliver everything due now, then exit.")] = False,
    batch: Annotated[int | None, typer.Option(help="Deliveries per transaction.", min=1)] = None,
) -> None:
    """Make fate, due deliveries and due severances happen, each exactly once.

    Example: [bold]soulbond worker --once[/]

    Several workers may run at once: on PostgreSQL they skip each other's
    locked rows, on SQLite they take turns. A worker killed at any point loses
    and duplicates nothing; start it again and it finishes the job. On the real
    clock, fate catches up with the time at every round.
    """
    done = 0
    with live_world() as live:
        size = batch or live.settings.worker_batch
        try:
            with Progress(
                SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=errors
            ) as progress:
                task = progress.add_task("delivered 0", total=None)
                while True:
                    made = work_once(live.uow, size, retry_on=live.conflict).made
                    done += made
                    progress.update(task, description=f"delivered {done}")
                    if once:
                        break
                    if made == 0:
                        time.sleep(live.settings.worker_poll_seconds)
        except SoulbondError as exc:
            fail(exc, as_json=False, public=False)
        except KeyboardInterrupt:
            pass
    console.print(f"{done} deliveries and severances made")


def register_live(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(world_app, name="world")
    app.command("worker")(worker)
