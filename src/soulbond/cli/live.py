"""The live world's commands: ``db``, ``world`` and ``worker``. They parse, call, render."""

from __future__ import annotations

import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from soulbond.adapters.errors import ConcurrencyConflict
from soulbond.adapters.export import export_world
from soulbond.adapters.store import is_empty, store_world
from soulbond.bootstrap import Live, bootstrap
from soulbond.core.errors import SoulbondError
from soulbond.scenario import ScenarioError, load_scenario, replay, resolve
from soulbond.scenario.writing import dump, home_history, strangers_json
from soulbond.service.deliveries import deliver_due

console = Console()
errors = Console(stderr=True)

OK, FAILED, BAD_INPUT = 0, 1, 2

db_app = typer.Typer(help="The database behind a live world.", no_args_is_help=True)
world_app = typer.Typer(
    help="A live world: import a story into it, export it, run its clock.", no_args_is_help=True
)
clock_app = typer.Typer(help="The world's clock: real, or simulated and advanced by its registrar.")
world_app.add_typer(clock_app, name="clock")


def _fail(exc: Exception, code: int = BAD_INPUT) -> typer.Exit:
    message = exc.message if isinstance(exc, SoulbondError) else str(exc)
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _live() -> Live:
    return bootstrap()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or update the tables (Alembic migrations shipped with soulbond).

    Example: [bold]SOULBOND_DATABASE_URL=sqlite:///world.db soulbond db upgrade[/]
    """
    live = _live()
    try:
        revision = live.upgrade()
    except SoulbondError as exc:
        raise _fail(exc, FAILED) from None
    finally:
        live.close()
    console.print(f"database is at revision {revision}")


@world_app.command("import")
def world_import(
    scenario: Annotated[str, typer.Argument(help="A scenario file, or a shipped one such as 'lost-things'.")],
) -> None:
    """Replay a story through the laws and store its end state as a live world.

    Example: [bold]soulbond world import lost-things[/]

    The database must be upgraded and empty; the world's clock becomes a
    simulated one, set to the moment the story ends.
    """
    try:
        path, name = resolve(scenario)
        result = replay(load_scenario(path, name=name))
    except ScenarioError as exc:
        raise _fail(exc) from None
    if not result.ok:
        errors.print(f"[bold red]error:[/] {name} contradicts the laws; run `soulbond check {scenario}`")
        raise typer.Exit(BAD_INPUT)
    live = _live()
    try:
        live.upgrade()
        with live.uow() as uow:
            if not is_empty(uow.connection):
                errors.print("[bold red]error:[/] this database already holds a world; point at a fresh one")
                raise typer.Exit(BAD_INPUT)
            story = result.scenario
            store_world(
                uow.connection,
                result.world,
                clock_at=result.world.now,
                homes=home_history(story),
                strangers=strangers_json(story.strangers) if story.strangers else None,
                title=story.title,
            )
            uow.commit()
    except SoulbondError as exc:
        raise _fail(exc, FAILED) from None
    finally:
        live.close()
    world = result.world
    console.print(
        f"imported {name}: {len(world.people)} people, {len(world.census) - len(world.people)} strangers, "
        f"{len(world.items)} items, {len(world.events)} ledger entries; clock at {world.now}"
    )


@world_app.command("export")
def world_export(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the scenario to this file instead of printing it.")
    ] = None,
) -> None:
    """Write the live world back out as a scenario file that `world import` reads.

    Example: [bold]soulbond world export --out my-world.yaml[/]

    People are written as they started and the ledger as the timeline, so that
    importing the file replays the same history into the same state. Moments
    keep the format's precision (the minute); whatever is still in transit
    arrives when the file is imported.
    """
    live = _live()
    try:
        with live.uow() as uow:
            uow.now()  # a clear error if the database holds no world
            exported = export_world(uow.connection)
    except SoulbondError as exc:
        raise _fail(exc, FAILED) from None
    finally:
        live.close()
    header = "Exported by `soulbond world export`; import it with `soulbond world import FILE`."
    text = dump(exported.document, header=header)
    for what in exported.left_out:
        errors.print(f"[yellow]left out:[/] {what}", highlight=False, soft_wrap=True)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(ValueError(f"cannot write {out}: {exc.strerror or exc}; choose another --out")) from None
    console.print(f"wrote {out}")


_SPAN = re.compile(r"^(\d+(?:\.\d+)?)([dhm])$")


def parse_span(text: str) -> timedelta:
    match = _SPAN.match(text.strip())
    if match is None:
        raise typer.BadParameter(f"'{text}' is not a span; write it like 3d, 12h or 30m")
    amount, unit = float(match.group(1)), match.group(2)
    return {"d": timedelta(days=amount), "h": timedelta(hours=amount), "m": timedelta(minutes=amount)}[unit]


@clock_app.command("show")
def clock_show() -> None:
    """Print the world's moment. Example: [bold]soulbond world clock show[/]"""
    live = _live()
    try:
        with live.uow() as uow:
            console.print(uow.now().isoformat())
    except SoulbondError as exc:
        raise _fail(exc, FAILED) from None
    finally:
        live.close()


@clock_app.command("simulated")
def clock_simulated(
    at: Annotated[str, typer.Argument(help="An ISO moment with its offset, e.g. 2018-06-01T09:00+09:00.")],
) -> None:
    """Run the world on a simulated clock set to AT. Example: [bold]soulbond world clock simulated 2018-06-01T09:00+09:00[/]"""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise typer.BadParameter(f"'{at}' is not an ISO moment such as 2018-06-01T09:00+09:00") from None
    if moment.tzinfo is None:
        raise typer.BadParameter("give the moment's offset, such as +00:00")
    _clock(lambda uow: uow.use_clock(moment.astimezone(UTC)))


@clock_app.command("real")
def clock_real() -> None:
    """Run the world on the real clock. Example: [bold]soulbond world clock real[/]"""
    _clock(lambda uow: uow.use_clock(None))


@clock_app.command("advance")
def clock_advance(
    span: Annotated[str, typer.Argument(help="How far: 3d, 12h, 30m.")],
    deliver: Annotated[
        bool, typer.Option("--deliver", help="Then make every delivery and severance that fell due.")
    ] = False,
) -> None:
    """Move a simulated clock forward. Deliveries are made by the worker, not by the clock.

    Example: [bold]soulbond world clock advance 3d --deliver[/]

    Without --deliver, what fell due waits for `soulbond worker` (or
    `soulbond worker --once`) to deliver it.
    """
    by = parse_span(span)
    _clock(lambda uow: uow.advance_clock(by))
    if deliver:
        console.print(f"{_deliver_all(_live())} deliveries and severances made")
        return
    live = _live()
    try:
        with live.uow() as uow:
            due = len(uow.world.due_deliveries(uow.now(), 10_000)) + len(
                uow.world.due_severances(uow.now(), 10_000)
            )
    except SoulbondError as exc:
        raise _fail(exc, FAILED) from None
    finally:
        live.close()
    if due:
        console.print(
            f"{due} deliveries or severances are now due, and wait for the worker: run "
            "`soulbond worker --once`, or advance with --deliver",
            soft_wrap=True,
        )
    else:
        console.print(
            "nothing is due yet; the worker (`soulbond worker`) makes deliveries as they fall due",
            soft_wrap=True,
        )


def _deliver_all(live: Live) -> int:
    done = 0
    try:
        while True:
            try:
                made = deliver_due(live.uow(), live.settings.worker_batch)
            except ConcurrencyConflict:
                continue
            if not made:
                return done
            done += made
    except SoulbondError as exc:
        raise _fail(exc, FAILED) from None
    finally:
        live.close()


def _clock(act: object) -> None:
    live = _live()
    try:
        with live.uow() as uow:
            act(uow)  # type: ignore[operator]
            uow.commit()
            console.print(f"the world's clock reads {uow.now().isoformat()}")
    except SoulbondError as exc:
        raise _fail(exc) from None
    finally:
        live.close()


def worker(
    once: Annotated[bool, typer.Option("--once", help="Deliver everything due now, then exit.")] = False,
    batch: Annotated[int | None, typer.Option(help="Deliveries per transaction.")] = None,
) -> None:
    """Make due deliveries and severances happen, each exactly once.

    Example: [bold]soulbond worker --once[/]

    Several workers may run at once: on PostgreSQL they skip each other's
    locked rows, on SQLite they take turns. A worker killed at any point loses
    and duplicates nothing; start it again and it finishes the job.
    """
    live = _live()
    size = batch or live.settings.worker_batch
    done = 0
    try:
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=errors
        ) as progress:
            task = progress.add_task("delivered 0", total=None)
            while True:
                try:
                    made = deliver_due(live.uow(), size)
                except ConcurrencyConflict:
                    continue
                done += made
                progress.update(task, description=f"delivered {done}")
                if made == 0:
                    if once:
                        break
                    time.sleep(live.settings.worker_poll_seconds)
    except SoulbondError as exc:
        raise _fail(exc, FAILED) from None
    except KeyboardInterrupt:
        pass
    finally:
        live.close()
    console.print(f"{done} deliveries and severances made")


def register_live(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(world_app, name="world")
    app.command("worker")(worker)
